# gotrace diff and gotrace env. Each pair of runs differs in one thing, plus
# noise: every run has its own temporary directories (module copy, HOME,
# GOPATH, GOMODCACHE), and the last pair has a warm and a cold GOCACHE.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
$kit mkmod "$d/mods" example.com/m v1.0.0

# the module: example.com/app needs example.com/m; a cgo file and a pure Go one
mkdir -p "$d/app"
printf 'module example.com/app\n\ngo 1.19\n\nrequire example.com/m v1.0.0\n' >"$d/app/go.mod"
printf 'package main\n\nimport "example.com/m"\n\nfunc main() { println(m.V, lang()) }\n' >"$d/app/main.go"
printf '//go:build cgo\n\npackage main\n\n// int gt_lang(void) { return 1; }\nimport "C"\n\nfunc lang() int { return int(C.gt_lang()) }\n' >"$d/app/c.go"
printf '//go:build !cgo\n\npackage main\n\nfunc lang() int { return 0 }\n' >"$d/app/nc.go"
(
	go_hermetic
	cd "$d/app" && GOPROXY="file://$d/mods" GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1
)

# side NAME [VAR=VALUE...]: build a fresh copy of the module, traced, in its
# own directories; the trace is $d/NAME.jsonl, the module copy $d/NAME.dir
side() {
	_n=$1
	shift
	_w=$(tmpdir)
	cp -r "$d/app" "$_w/app"
	echo "$_w/app" >"$d/$_n.dir"
	(
		go_hermetic
		unset GOFLAGS
		export GOPROXY="file://$d/mods" CGO_CFLAGS="-O2 -DGT_DIFF_RUN=$$"
		mkdir -p "$HOME"
		for _kv in "$@"; do
			case $_kv in
			GOENVFILE=*) printf '%s\n' "${_kv#GOENVFILE=}" >"$GOENV" ;;
			WORKFILE=1) printf 'go 1.21\n\nuse ./app\n' >"$_w/go.work" ;;
			NOGOWORK=1) unset GOWORK ;;
			*) export "$_kv" ;;
			esac
		done
		cd "$_w/app" && "$GOTRACE" -q --timeout 300 -o "$d/$_n.jsonl" go build -o "$_w/x" . >/dev/null 2>&1
		echo $? >"$d/$_n.rc"
		env >"$d/$_n.env"
	)
}

# diff A B NAME: text and JSON; the JSON in $d/NAME.json, status in $d/NAME.drc
pair() {
	"$GOTRACE" diff "$d/$1.jsonl" "$d/$2.jsonl" >"$d/$3.txt"
	echo $? >"$d/$3.drc"
	"$GOTRACE" diff --json "$d/$1.jsonl" "$d/$2.jsonl" >"$d/$3.json"
}

# 1. GOFLAGS=-mod=vendor in a go env file on one side
side vend GOENVFILE=GOFLAGS=-mod=vendor
side plain
pair vend plain flags
check "GOFLAGS: the vendor side fails, the other builds" sh -c "! grep -qx 0 '$d/vend.rc' && grep -qx 0 '$d/plain.rc'"
check "GOFLAGS: the first difference names it, with the file and line, and the outcome" jqf '
	.differences[0].category == "config" and .differences[0].key == "GOFLAGS"
	and .differences[0].a.value == "-mod=vendor"
	and (.differences[0].a.source | test("^the user go env file /.*/home/go-env:1$"))
	and .differences[0].b.value == "(unset)"
	and (.differences[0].outcome | test("^A exit 1: go .* exited 1: .*vendor"))' "$d/flags.json"
check "GOFLAGS: diff exits 1 and the text says it" sh -c "grep -qx 1 '$d/flags.drc' && grep -q '^ 1. config: GOFLAGS' '$d/flags.txt'"

# 2. CGO_ENABLED=0 against 1
side cgo1 CGO_ENABLED=1
side cgo0 CGO_ENABLED=0
pair cgo1 cgo0 cgo
check "CGO_ENABLED: both build" sh -c "grep -qx 0 '$d/cgo1.rc' && grep -qx 0 '$d/cgo0.rc'"
check "CGO_ENABLED: named first, with gcc run on one side only" jqf '
	.differences[0].key == "CGO_ENABLED" and .differences[0].a.value == "1" and .differences[0].b.value == "0"
	and (.differences[0].programs | test("only in A: .*gcc"))' "$d/cgo.json"

# 3. a go.work in a parent directory on one side
side wplain NOGOWORK=1
side work NOGOWORK=1 WORKFILE=1
pair work wplain work
check "go.work: named first" jqf '
	.differences[0].category == "module files" and .differences[0].key == "go.work"
	and (.differences[0].a.value | test("/go.work$")) and .differences[0].b.value == "none"' "$d/work.json"

# 4. the official go against Debian's go 1.19 first on PATH
if [ -x /usr/lib/go-1.19/bin/go ]; then
	side official
	side debian PATH="/usr/lib/go-1.19/bin:$PATH"
	pair official debian tc
	check "toolchain: go binary, version and fingerprint, first" jqf '
		[.differences[0:3][] | .key] == ["go binary", "go version", "go binary sha256"]
		and .differences[0].b.value == "/usr/lib/go-1.19/bin/go"
		and (.differences[1].b.value | test("^go1\\.19"))
		and (.differences[2].a.value | test("^[0-9a-f]{64}$"))' "$d/tc.json"
else
	skip "toolchain diff" "Debian's golang-1.19-go is not installed"
fi

# 5. nothing meaningful: the same build, other directories, a cold GOCACHE
side same1
side same2 GOCACHE="$(tmpdir)/cold-gocache"
pair same1 same2 same
check "no change: both build, the cold side ran the compiler" sh -c "
	grep -qx 0 '$d/same1.rc' && grep -qx 0 '$d/same2.rc' &&
	jq -e -s '[.[] | select(.ev == \"exec\" and (.path | test(\"/compile$\")))] | length > 0' '$d/same2.jsonl' >/dev/null"
check "no change: no meaningful difference, count zero, exit 0" sh -c "
	grep -q '^no meaningful difference' '$d/same.txt' && grep -qx 0 '$d/same.drc' &&
	jq -e '.count == 0 and .differences == []' '$d/same.json' >/dev/null"
# what diff did say, when it said something: the test's evidence in the log
grep -q '^no meaningful difference' "$d/same.txt" || sed -n '1,12s/^/  | /p' "$d/same.txt"

# 6. gotrace env A, sourced in a clean shell, gives run A's values
"$GOTRACE" env "$d/vend.jsonl" >"$d/vend.sh"
want=$(cd "$(cat "$d/vend.dir")" && env -i $(grep -E '^(PATH|HOME|GOENV|GOPROXY|GOWORK|GOTOOLCHAIN|GOPATH|GOMODCACHE|GOCACHE|GOSUMDB|GOTELEMETRY)=' "$d/vend.env") \
	go env GOFLAGS GOPROXY GOWORK CGO_ENABLED)
got=$(cd "$(cat "$d/vend.dir")" && env -i PATH=/usr/bin:/bin HOME="$(tmpdir)" sh -c ". '$d/vend.sh' && go env GOFLAGS GOPROXY GOWORK CGO_ENABLED")
check "env: sourced in a clean shell, go env shows run A's values" sh -c "[ -n '$want' ] && [ '$want' = '$got' ] && echo '$got' | grep -qx -- -mod=vendor"
check "env: each value says where it came from" sh -c "
	grep -q \"^export GOFLAGS='-mod=vendor'  # from the user go env file .*/home/go-env:1\$\" '$d/vend.sh' &&
	grep -q '^export PATH=.*# the go binary that ran: ' '$d/vend.sh'"
"$GOTRACE" env --json "$d/vend.jsonl" >"$d/vend.env.json"
check "env --json: the same, as data" jqf 'any(.vars[]; .name == "GOFLAGS" and .value == "-mod=vendor" and .action == "export")' "$d/vend.env.json"

# a secret in the environment becomes a named placeholder
side sec GOPROXY="https://alice:S3cretEnvPw-$$@127.0.0.1:1"
"$GOTRACE" env "$d/sec.jsonl" >"$d/sec.sh"
check "env: a secret becomes \${GOTRACE_SECRET_1}, and is nowhere" sh -c "
	grep -q '^export GOPROXY=\"https://alice:\${GOTRACE_SECRET_1}@127.0.0.1:1\"' '$d/sec.sh' && ! grep -q 'S3cretEnvPw' '$d/sec.sh' '$d/sec.jsonl'"

# traces from elsewhere: optional fields missing; an unknown version refused
grep -v '"ev":"fingerprint"' "$d/same1.jsonl" | jq -c 'del(.host) | del(.interp)' >"$d/old.jsonl"
"$GOTRACE" diff "$d/old.jsonl" "$d/same1.jsonl" >"$d/old.txt" 2>&1
echo $? >"$d/old.rc"
check "diff: a trace without fingerprints, host facts or interp still compares, with nothing to report" sh -c "
	grep -qx 0 '$d/old.rc' && grep -q '^no meaningful difference' '$d/old.txt'"
sed '1s/"version":1/"version":99/' "$d/same1.jsonl" >"$d/v99.jsonl"
"$GOTRACE" diff "$d/v99.jsonl" "$d/same1.jsonl" >"$d/v99.out" 2>"$d/v99.err"
echo $? >"$d/v99.rc"
check "diff: a trace of an unknown version is refused with one line and status 2" sh -c "
	grep -qx 2 '$d/v99.rc' && [ \$(wc -l <'$d/v99.err') -eq 1 ] && grep -q 'version' '$d/v99.err' && [ ! -s '$d/v99.out' ]"
"$GOTRACE" env "$d/v99.jsonl" >/dev/null 2>"$d/v99e.err"
check "env: the same refusal" sh -c "[ \$(wc -l <'$d/v99e.err') -eq 1 ] && grep -q version '$d/v99e.err'"
"$GOTRACE" diff "$d/same1.jsonl" >/dev/null 2>"$d/one.err"
check "diff: one trace only is a usage error" sh -c "[ \$(wc -l <'$d/one.err') -eq 1 ] && grep -q 'two traces needed' '$d/one.err'"

# fingerprints: the digest is the file's, and a cached one is not reused once the file changed
mkdir -p "$d/fp"
printf 'module a\n' >"$d/fp/go.mod"
XDG_STATE_HOME="$d/fpstate" "$GOTRACE" -q -o "$d/fp1.jsonl" cat "$d/fp/go.mod" >/dev/null
printf 'module b\n' >"$d/fp/go.mod"
XDG_STATE_HOME="$d/fpstate" "$GOTRACE" -q -o "$d/fp2.jsonl" cat "$d/fp/go.mod" >/dev/null
XDG_STATE_HOME="$d/fpstate" "$GOTRACE" -q -o "$d/fp3.jsonl" cat "$d/fp/go.mod" >/dev/null
fpsum() { jq -r -s --arg p "$2" '.[] | select(.ev == "fingerprint" and .path == $p) | .sha256' "$1"; }
catbin=$(readlink -f "$(command -v cat)")
s1=$(fpsum "$d/fp1.jsonl" "$d/fp/go.mod")
s2=$(fpsum "$d/fp2.jsonl" "$d/fp/go.mod")
s3=$(fpsum "$d/fp3.jsonl" "$d/fp/go.mod")
check "fingerprint: the SHA-256 of the file read after the run" test "$s2" = "$(sha256sum <"$d/fp/go.mod" | cut -d' ' -f1)"
check "fingerprint: a changed file gets its new digest; an unchanged one the cached one" sh -c "[ -n '$s1' ] && [ '$s1' != '$s2' ] && [ '$s3' = '$s2' ]"
check "fingerprint: the program that ran is hashed too" test "$(fpsum "$d/fp1.jsonl" "$catbin")" = "$(sha256sum <"$catbin" | cut -d' ' -f1)"

# a C header found in one run (its -I in CGO_CFLAGS) and not in the other:
# the header is the first difference, the environment after it
mkdir -p "$d/hdr"
printf 'module example.com/hdr\n\ngo 1.21\n' >"$d/hdr/go.mod"
printf 'package main\n\n/*\n#include <criterion.h>\n*/\nimport "C"\n\nfunc main() {}\n' >"$d/hdr/main.go"
for s in nohdr withhdr; do
	(
		go_hermetic
		[ $s = withhdr ] && export CGO_CFLAGS="-O2 -g -I/usr/include/criterion"
		cd "$d/hdr" && "$GOTRACE" -q --timeout 300 -o "$d/$s.jsonl" go build -o "$d/hdr/x" . >/dev/null 2>&1
		echo $? >"$d/$s.rc"
	)
done
pair nohdr withhdr hdr
check "missing header: one side fails, the other builds" sh -c "! grep -qx 0 '$d/nohdr.rc' && grep -qx 0 '$d/withhdr.rc'"
check "missing header: the first difference is the header, with where A searched" jqf '
	.differences[0].category == "files looked for" and .differences[0].key == "C header criterion.h"
	and (.differences[0].a.value | test("^not found by cc1, which searched .*/usr/include$"))
	and .differences[0].b.value == null' "$d/hdr.json"
check "missing header: the text says what B's missing fact means" grep -q "B: found, or not looked for (no failed search)" "$d/hdr.txt"

# a shared library found in one run (LD_LIBRARY_PATH) and not in the other
mkdir -p "$d/dl/lib"
printf 'int gt_d(void){return 0;}\n' >"$d/dl/d.c"
cc -shared -fPIC -Wl,-soname,libgtd.so.1 -o "$d/dl/lib/libgtd.so.1" "$d/dl/d.c"
ln -s libgtd.so.1 "$d/dl/lib/libgtd.so"
printf 'int gt_d(void);\nint main(void){return gt_d();}\n' >"$d/dl/m.c"
cc -o "$d/dl/prog" "$d/dl/m.c" -L"$d/dl/lib" -lgtd
"$GOTRACE" -q -o "$d/dlno.jsonl" "$d/dl/prog" 2>/dev/null
LD_LIBRARY_PATH="$d/dl/lib" "$GOTRACE" -q -o "$d/dlyes.jsonl" "$d/dl/prog" 2>/dev/null
pair dlno dlyes dl
check "missing shared library: the first difference is the library, then LD_LIBRARY_PATH" jqf '
	.differences[0].category == "files looked for" and .differences[0].key == "shared library libgtd.so.1"
	and (.differences[0].a.value | test("^not found by ld.so when prog started"))
	and any(.differences[]; .key == "LD_LIBRARY_PATH")' "$d/dl.json"
