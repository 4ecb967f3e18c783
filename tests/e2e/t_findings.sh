# Findings of the toolchain, configuration and failure analyzers, from
# real go runs.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
schema="$TOP/docs/report-schema.json"

# report TRACE NAME: text report to NAME.txt, JSON to NAME.json
report() {
	NO_COLOR=1 "$GOTRACE" report -v "$1" >"$d/$2.txt" 2>&1
	"$GOTRACE" report --json "$1" >"$d/$2.json"
}
# fjq NAME FILTER: FILTER true on NAME.json
fjq() { jq -e "$2" "$d/$1.json" >/dev/null; }
# same_findings NAME: every JSON verdict is in the text report, and the counts agree
same_findings() {
	_ok=0
	_n=$(jq '.findings|length' "$d/$1.json")
	_t=$(grep -c '^[✗!•] ' "$d/$1.txt")
	[ "$_n" = "$_t" ] || _ok=1
	jq -r '.findings[].verdict' "$d/$1.json" >"$d/$1.verdicts"
	while IFS= read -r v; do grep -qF -- "$v" "$d/$1.txt" || _ok=1; done <"$d/$1.verdicts"
	return $_ok
}

# GOROOT naming another installation (Debian's Go 1.19) with the official go
if [ -x /usr/lib/go-1.19/bin/go ]; then
	(
		go_hermetic
		h=$(example_copy)
		cd "$h" && GOROOT=/usr/lib/go-1.19 "$GOTRACE" -q -o "$d/gr.jsonl" go build ./... 2>"$d/gr.err"
		echo $? >"$d/gr.rc"
	)
	report "$d/gr.jsonl" gr
	check "GOROOT=go1.19 tree: the build fails" sh -c "! grep -qx 0 '$d/gr.rc'"
	check "GOROOT mismatch is the first finding, a cause" fjq gr '
		.findings[0].id == "goroot-mismatch" and .findings[0].severity == "cause"'
	check "it names both installations and the versions" fjq gr '
		.findings[0].verdict | test("/usr/lib/go-1.19") and test("/usr/local/go|go1\\.2") and test("go1\\.19")'
	check "it says the GOROOT variable of the environment caused it" fjq gr '
		.findings[0].evidence | any(.text | test("GOROOT=/usr/lib/go-1.19 in the environment"))'
	check "its evidence includes the failing compile exec line" fjq gr '
		.findings[0].evidence | any((.text|test("compile exec.d from that GOROOT")) and .line > 1 and .pid > 0)'
	check "fix: unset GOROOT" fjq gr '.findings[0].fix | test("^unset GOROOT")'
	check "the failure finding points at the explanation" fjq gr '
		any(.findings[]; .id == "failure" and .see == "goroot-mismatch")'
	check "GOROOT mismatch: text and JSON carry the same findings" same_findings gr
	check "GOROOT mismatch: the JSON validates against the schema" python3 "$TOP/tests/e2e/validate_report.py" "$schema" "$d/gr.json"
else
	skip "GOROOT mismatch" "Debian's golang-1.19-go is not installed"
fi

# GOFLAGS from a go env file, then the same variable in the environment too
(
	go_hermetic
	printf '# gotrace test\nGOFLAGS=-mod=vendor\n' >"$GOENV"
	h=$(example_copy)
	cd "$h" || exit 1
	# an empty GOFLAGS does not clear the file's value: it falls through to it
	GOFLAGS= "$GOTRACE" -q -o "$d/ef.jsonl" go env GOFLAGS >"$d/ef.out"
	GOFLAGS=-mod=mod "$GOTRACE" -q -o "$d/sh.jsonl" go env GOFLAGS >"$d/sh.out"
	echo "$GOENV" >"$d/goenv.path"
)
goenv=$(cat "$d/goenv.path")
report "$d/ef.jsonl" ef
report "$d/sh.jsonl" sh
check "go env file: go itself used its value" grep -qx -- "-mod=vendor" "$d/ef.out"
check "go env file: GOFLAGS named with the file and its line 2" fjq ef "
	any(.findings[]; .id == \"setting\" and (.verdict|test(\"^GOFLAGS=-mod=vendor from the user go env file\"))
		and any(.evidence[]; .file == \"$goenv\" and .file_line == 2 and .line > 1))"
check "environment too: go used the environment's value" grep -qx -- "-mod=mod" "$d/sh.out"
check "environment too: the report says the environment won and the file was shadowed" fjq sh "
	any(.findings[]; .id == \"setting-shadowed\" and .severity == \"warning\"
		and (.verdict|test(\"GOFLAGS=-mod=mod from the environment won; GOFLAGS=-mod=vendor in the user go env file .*:2 was shadowed\"))
		and any(.evidence[]; .file == \"$goenv\" and .file_line == 2))"
check "environment too: no claim that the file's value was used" fjq sh '
	all(.findings[]; .id != "setting" or (.verdict|test("^GOFLAGS")|not))'
check "go env file: the JSON validates against the schema" python3 "$TOP/tests/e2e/validate_report.py" "$schema" "$d/sh.json"
check "go env file: text and JSON carry the same findings" same_findings sh

# a go.work in a parent directory
(
	go_hermetic
	unset GOWORK
	mkdir -p "$d/ws"
	cp -r "$TOP/examples/hello" "$d/ws/hello"
	printf 'go 1.21\n\nuse ./hello\n' >"$d/ws/go.work"
	cd "$d/ws/hello" && "$GOTRACE" -q -o "$d/ws.jsonl" go list ./... >/dev/null
)
report "$d/ws.jsonl" ws
check "go.work in a parent directory: named as in use, with its path" fjq ws "
	any(.findings[]; .id == \"go-work\" and (.verdict|test(\"$d/ws/go.work\"))
		and (.verdict|test(\"parent directory\")) and any(.evidence[]; .line > 1))"

# a trace without go events (mode preload): says what cannot be determined
(
	go_hermetic
	h=$(example_copy)
	cd "$h" && "$GOTRACE" --mode preload -q -o "$d/pre.jsonl" go list ./... >/dev/null 2>&1
)
report "$d/pre.jsonl" pre
check "mode preload: the toolchain finding says it cannot be determined" fjq pre '
	any(.findings[]; .id == "toolchain-unseen" and (.verdict|test("cannot be determined")))'
check "mode preload: no toolchain or config claims" fjq pre '
	all(.findings[]; .id | IN("toolchain-unseen", "failure"))'
check "mode preload: the JSON validates against the schema" python3 "$TOP/tests/e2e/validate_report.py" "$schema" "$d/pre.json"

# a toolchain switch: go.mod asks for a newer go, found as go<V> in PATH
tc="${FIXTURES:-}/modcache/golang.org/toolchain@v0.0.1-go${GO_SWITCH:-}.linux-amd64"
if [ -n "${GO_SWITCH:-}" ] && [ -x "$tc/bin/go" ]; then
	(
		go_hermetic
		mkdir -p "$d/pathbin" "$d/sw"
		ln -s "$tc/bin/go" "$d/pathbin/go$GO_SWITCH"
		printf 'module example.com/sw\n\ngo 1.21\n\ntoolchain go%s\n' "$GO_SWITCH" >"$d/sw/go.mod"
		printf 'package main\n\nfunc main() {}\n' >"$d/sw/main.go"
		cd "$d/sw" && CGO_ENABLED=0 GOTOOLCHAIN=auto PATH="$d/pathbin:$PATH" \
			"$GOTRACE" -q -o "$d/sw.jsonl" go build -o "$d/sw/sw" . 2>"$d/sw.err"
		echo $? >"$d/sw.rc"
	)
	report "$d/sw.jsonl" sw
	check "toolchain switch: the build succeeds" grep -qx 0 "$d/sw.rc"
	check "toolchain switch: one pid exec'd two go binaries, shown as a switch" fjq sw "
		any(.findings[]; .id == \"toolchain-switch\" and (.verdict|test(\"go$GO_SWITCH\"))
			and ([.evidence[] | select(.line) | .pid] | unique | length) == 1)"
	check "toolchain switch: the go.mod line that asked for it" fjq sw "
		any(.findings[]; .id == \"toolchain-switch\" and any(.evidence[];
			.file == \"$d/sw/go.mod\" and .file_line == 5 and (.text|test(\"toolchain go$GO_SWITCH\"))))"
	check "toolchain switch: the GOROOT that really compiled is the new toolchain's" fjq sw "
		any(.findings[]; .id == \"toolchain\" and (.verdict|test(\"go$GO_SWITCH\"))
			and (.verdict|test(\"toolchain@v0.0.1-go$GO_SWITCH\")))"
	check "toolchain switch: compile really came from the new toolchain" jqt "$d/sw.jsonl" "
		any(.[]; .ev==\"exec\" and (.path|startswith(\"$tc/pkg/tool/\")) and (.argv|index(\"go$GO_SWITCH\")))"
else
	skip "toolchain switch" "go${GO_SWITCH:-?} was not fetched (make fixtures)"
fi

# go test of a 32-bit build (GOARCH=386): where the kernel runs no 32-bit
# programs, go's fork/exec of the test binary gets ENOEXEC and the report's
# first cause says why; where it runs them, the test passes and nothing
# of the kind is claimed
(
	go_hermetic
	mkdir -p "$d/g386"
	printf 'module example.com/g386\n\ngo 1.21\n' >"$d/g386/go.mod"
	printf 'package g386\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n' >"$d/g386/a_test.go"
	cd "$d/g386" && GOARCH=386 CGO_ENABLED=0 "$GOTRACE" -q -o "$d/g386.jsonl" go test . >"$d/g386.out" 2>&1
	echo $? >"$d/g386.rc"
)
report "$d/g386.jsonl" g386
case "${CAP_run32:-}" in
*"cannot run 32-bit programs"*)
	check "GOARCH=386 go test, no 32-bit kernel support: go failed as it does untraced" \
		test "$(cat "$d/g386.rc").$(grep -c 'exec format error' "$d/g386.out")" = "1.1"
	check "GOARCH=386 go test: the first cause names the test binary and the kernel" fjq g386 '
		.findings[0].id == "exec-refused"
		and (.findings[0].verdict | test("^this kernel cannot run 32-bit programs: .*/g386\\.test is one \\(i386, 32-bit ELF\\)"))
		and any(.findings[0].evidence[]; .text == "go ran with GOARCH=386 in its environment")'
	check "GOARCH=386 go test: the failure of the test binary points at it" fjq g386 '
		any(.findings[]; .id == "failure" and .see == "exec-refused" and (.verdict | test("^g386\\.test never ran: execve refused it.*gave up with exit 253")))'
	;;
"")
	check "GOARCH=386 go test on a kernel that runs 32-bit programs: passes" grep -qx 0 "$d/g386.rc"
	check "GOARCH=386 go test that ran: no exec-refused claim" fjq g386 '[.findings[] | select(.id == "exec-refused")] | length == 0'
	;;
*)
	skip "GOARCH=386 go test" "$CAP_run32" ;;
esac

# GO111MODULE=off: go works in GOPATH mode; its error shows it, and that is the cause
(
	go_hermetic
	h=$(example_copy)
	printf 'package main\n\nimport _ "example.com/nowhere/pkg"\n' >"$h/imp.go"
	cd "$h" && GO111MODULE=off "$GOTRACE" -q -o "$d/g111.jsonl" go build -o "$d/g111.bin" . >/dev/null 2>&1
	echo $? >"$d/g111.rc"
)
report "$d/g111.jsonl" g111
check "GO111MODULE=off: the build fails, and the first cause says GOPATH mode, from the environment" sh -c "
	! grep -qx 0 '$d/g111.rc' && jq -e '.findings[0].id == \"go111module\" and .findings[0].severity == \"cause\"
		and (.findings[0].verdict | test(\"^GO111MODULE=off from the environment: go works in GOPATH mode\"))
		and any(.findings[0].evidence[]; .text | test(\"from [$]GOPATH\"))' '$d/g111.json' >/dev/null"

# GOFLAGS=-mod=vendor from the user go env file, under go's "import lookup disabled by -mod=vendor": the catalogue's cause, with the file
(
	go_hermetic
	h=$(example_copy)
	printf 'package main\n\nimport _ "example.com/nowhere/pkg"\n' >"$h/imp.go"
	printf 'GOFLAGS=-mod=vendor\n' >"$GOENV"
	unset GOFLAGS # the file's value is the one in force
	cd "$h" && "$GOTRACE" -q -o "$d/gfl.jsonl" go build -buildvcs=false -o "$d/gfl.bin" . >/dev/null 2>&1
	echo $? >"$d/gfl.rc"
)
report "$d/gfl.jsonl" gfl
check "GOFLAGS=-mod=vendor in the go env file: the first cause, with the file's line" sh -c "
	! grep -qx 0 '$d/gfl.rc' && jq -e '.findings[0].id == \"go-mod-flag\" and .findings[0].severity == \"cause\"
		and any(.findings[0].evidence[]; .file_line == 1)
		and any(.findings[0].evidence[]; .text | test(\"-mod=vendor\"))' '$d/gfl.json' >/dev/null"
