# gotrace repro, and the Go settings a trace carries. Each "CI" run is a
# real go under gotrace in a sandbox of its own (HOME, GOPATH, GOENV, a
# module directory); each "laptop" is another sandbox with a copy of the
# module, where `gotrace repro` runs the command again.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
planted=gtPLANTEDsecret0042

# module NAME DIR: a module example.com/NAME in DIR whose main needs cgo
module() {
	mkdir -p "$2"
	printf 'module example.com/%s\n\ngo 1.21\n' "$1" >"$2/go.mod"
	printf 'package main\n\n// #include <stdio.h>\n// #include "gtrepro.h"\nimport "C"\n\nfunc main() { C.puts(C.CString("hi")) }\n' >"$2/main.go"
}

# ci NAME [VAR=VALUE...]: the CI run of $d/NAME.ci/app, traced into $d/NAME.jsonl
ci() {
	_n=$1
	shift
	(
		go_hermetic
		export CGO_CFLAGS="-I$d/inc"
		for _kv in "$@"; do export "$_kv"; done
		cd "$d/$_n.ci/app" && "$GOTRACE" -q -o "$d/$_n.jsonl" go build -o "$d/$_n.out" . >/dev/null 2>&1
	)
}

# laptop NAME [ARGS...]: gotrace repro of $d/NAME.jsonl from a copy in $d/NAME.lap/app; stderr in
# $d/NAME.err, status in $d/NAME.rc, the new trace $d/NAME.new.jsonl
laptop() {
	_n=$1
	shift
	(
		go_hermetic
		cd "$d/$_n.lap/app" && "$GOTRACE" repro -o "$d/$_n.new.jsonl" "$@" "$d/$_n.jsonl" >"$d/$_n.out" 2>"$d/$_n.err"
		echo $? >"$d/$_n.rc"
	)
}

# The suite itself may run in CI (CI=true, GITHUB_*...): neither run may inherit those, or a
# check that repro left CI's variables out could not tell its own from the machine's.
for _v in $(env | sed -n 's/^\(CI\|CI_[A-Za-z0-9_]*\|GITHUB_[A-Za-z0-9_]*\|RUNNER_[A-Za-z0-9_]*\|GITLAB_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$_v"
done

mkdir -p "$d/inc"
printf '#define GT_REPRO 1\n' >"$d/inc/gtrepro.h"

# 1. a failure that comes from a CI setting (CGO_ENABLED=0) reproduces; CI's own variables and a
#    secret are not copied
module app "$d/set.ci/app"
cp -r "$d/set.ci" "$d/set.lap"
ci set CGO_ENABLED=0 CI=true GITHUB_RUN_ID=77 RUNNER_OS=Linux "MY_API_TOKEN=$planted" \
	"GOPROXY=http://ci:$planted@127.0.0.1:9/proxy"
laptop set
check "CI setting: the CI trace failed with cgo-off" sh -c "'$GOTRACE' report --json '$d/set.jsonl' | jq -e '.findings[0].id == \"cgo-off\"' >/dev/null"
check "CI setting: reproduced, exit 0, the same first cause named" sh -c \
	"grep -qx 0 '$d/set.rc' && grep -q '^gotrace repro: reproduced: cgo-off: CGO_ENABLED=0' '$d/set.err'"
check "CI setting: the run here had CGO_ENABLED=0, ran in the laptop's copy, without CI's variables" jqt "$d/set.new.jsonl" '
	(.[0].cwd == "'"$d/set.lap/app"'")
	and ([.[] | select(.ev == "exec" and (.argv[0] == "go"))][0].env
	     | .CGO_ENABLED == "0" and (has("CI") | not) and (has("GITHUB_RUN_ID") | not) and (has("RUNNER_OS") | not))'
check "CI setting: the plan lists CI's variables as left out and the secrets as not copied" sh -c \
	"grep -q 'left out, set by the CI service.*CI GITHUB_RUN_ID RUNNER_OS' '$d/set.err' &&
	 grep -q 'not copied, secrets.*MY_API_TOKEN (not set here)' '$d/set.err' && grep -q 'GOPROXY (set here)' '$d/set.err'"
"$GOTRACE" repro --dry-run -C "$d/set.lap/app" "$d/set.jsonl" >"$d/set.sh" 2>"$d/set.dry.err"
check "secret: never in the CI trace, the script, the new trace or what repro said" sh -c \
	"! grep -rq '$planted' '$d/set.jsonl' '$d/set.sh' '$d/set.new.jsonl' '$d/set.err' '$d/set.out'"
check "secret twin: the CI run had the variable, redacted in its trace" jqt "$d/set.jsonl" '
	[.[] | select(.ev == "exec" and .argv[0] == "go")][0].env.MY_API_TOKEN | contains("<redacted>")'
check "--dry-run: the script only, on stdout, nothing on stderr, and sh can parse it" sh -c \
	"head -n 1 '$d/set.sh' | grep -qx '#!/bin/sh' && test ! -s '$d/set.dry.err' && sh -n '$d/set.sh'"

# 2. a header missing on CI only: not reproduced here, and the header is the first difference
module hdr "$d/hdr.ci/app"
cp -r "$d/hdr.ci" "$d/hdr.lap"
rm "$d/inc/gtrepro.h"
ci hdr
printf '#define GT_REPRO 1\n' >"$d/inc/gtrepro.h"
laptop hdr
check "header: the CI run failed on it" sh -c "'$GOTRACE' report '$d/hdr.jsonl' 2>&1 | grep -q 'gtrepro.h'"
check "header: not reproduced, exit 1" sh -c "grep -qx 1 '$d/hdr.rc' && grep -q '^gotrace repro: not reproduced: it succeeded here' '$d/hdr.err'"
check "header: the first difference names the header" sh -c \
	"grep -A1 'what differs' '$d/hdr.err' | grep -q '1\\. files looked for: C header gtrepro.h'"
# its twin: the header is missing here too, so the failure comes back
rm "$d/inc/gtrepro.h"
cp -r "$d/hdr.ci" "$d/hdr2.lap"
cp "$d/hdr.jsonl" "$d/hdr2.jsonl"
laptop hdr2
check "header twin: missing here too: reproduced, exit 0" sh -c \
	"grep -qx 0 '$d/hdr2.rc' && grep -q '^gotrace repro: reproduced:.*gtrepro.h' '$d/hdr2.err'"

# 3. both fail, not alike: a different failure, exit 1
cp -r "$d/set.ci" "$d/dif.lap"
cp "$d/set.jsonl" "$d/dif.jsonl"
printf 'package main\n\nfunc main() { undefinedThing() }\n' >"$d/dif.lap/app/main.go"
laptop dif
check "different failure: exit 1, both causes named" sh -c \
	"grep -qx 1 '$d/dif.rc' && grep -q '^gotrace repro: different failure: the run: cgo-off: .*; here: ' '$d/dif.err'"

# 4. what a trace carries cannot run as code: quotes, $( ), backquotes in values and arguments,
#    a newline, a name that is no shell name, a go env file line with a command in it
mkdir -p "$d/inj.ci/app"
printf 'module example.com/inj\n\ngo 1.21\n' >"$d/inj.ci/app/go.mod"
printf 'package main\n\nfunc main() {}\n' >"$d/inj.ci/app/main.go"
cp -r "$d/inj.ci" "$d/inj.lap"
(
	go_hermetic
	printf 'GONOSUMDB=x'"'"'$(touch %s/pwned4)'"'"'y\n' "$d" >"$GOENV"
	cd "$d/inj.ci/app" && env "INJ1=a'b; touch $d/pwned1; '" "INJ2=\$(touch $d/pwned2)" "INJ3=\`touch $d/pwned3\`" \
		"INJNL=a
touch $d/pwned5" "BAD-NAME=1" "$GOTRACE" -q -o "$d/inj.jsonl" go build -o "$d/inj out'x" . >/dev/null 2>&1
)
"$GOTRACE" repro --dry-run -o "$d/inj.new.jsonl" -C "$d/inj.lap/app" "$d/inj.jsonl" >"$d/inj.sh"
(go_hermetic && cd "$d" && sh "$d/inj.sh" >/dev/null 2>"$d/inj.err"; echo $? >"$d/inj.rc")
check "injection: running the script runs none of what the trace carried" sh -c "! ls '$d'/pwned* 2>/dev/null | grep -q ."
check "injection: the values arrived as they were" jqt "$d/inj.new.jsonl" '
	[.[] | select(.ev == "exec" and .argv[0] == "go")][0] as $x
	| $x.env.INJ1 == "a'"'"'b; touch '"$d"'/pwned1; '"'"'" and $x.env.INJ2 == "$(touch '"$d"'/pwned2)"
	  and ($x.env | has("INJNL") | not) and $x.argv[3] == "'"$d"'/inj out'"'"'x"'
check "injection: the run here succeeded as CI's did, exit 0" sh -c "grep -qx 0 '$d/inj.rc'"
check "injection: what could not be copied is named" sh -c \
	"grep -q '^# INJNL is not copied' '$d/inj.sh' && grep -q '^# a variable whose name is no shell name is not copied: BAD-NAME' '$d/inj.sh'"
check "injection: sourcing the script changes nothing of the caller's shell" sh -c \
	"cd '$d' && (go_hermetic() { :; }; . '$d/inj.sh' >/dev/null 2>&1; test \"\$PWD\" = '$d' && test -z \"\${INJ1+x}\")"

# 5. a trace of an older gotrace, without settings or go versions: still works, and says what it
#    could not rebuild
jq -c 'del(.settings, .settings_more, .goversion)' "$d/set.jsonl" >"$d/old.jsonl"
"$GOTRACE" repro --dry-run -C "$d/set.lap/app" "$d/old.jsonl" >"$d/old.sh" 2>"$d/old.err"
check "old trace: the script says the go env files and the go version could not be rebuilt" sh -c \
	"grep -q 'older gotrace and holds no settings' '$d/old.sh' && grep -q 'does not say which go version ran' '$d/old.sh'"
check "old trace: its twin (the new trace) says neither" sh -c \
	"! grep -q 'older gotrace\\|does not say which go version' '$d/set.sh'"

# 6. a report says the same after every file the trace names is changed or gone: the user go env
#    file, go.mod, and a GOROOT's go.env
fr=$d/goroot
cp -as "$(goroot)" "$fr" 2>/dev/null
rm -f "$fr/go.env"
printf 'GOPROXY=http://127.0.0.1:9/from-goroot\nGOSUMDB=off\n' >"$fr/go.env"
mkdir -p "$d/cfg/app"
printf 'module example.com/cfg\n\ngo 1.99\n\ntoolchain go1.99.1\n\ngodebug panicnil=1\n\nreplace example.com/x => ./x\n' >"$d/cfg/app/go.mod"
printf 'package main\n\nfunc main() {}\n' >"$d/cfg/app/main.go"
(
	go_hermetic
	unset GOTOOLCHAIN GOPROXY GOSUMDB
	printf 'GOTOOLCHAIN=local\nGOPRIVATE=corp.example.com\n' >"$GOENV"
	echo "$GOENV" >"$d/cfg.goenv"
	cd "$d/cfg/app" && GOROOT=$fr "$GOTRACE" -q -o "$d/cfg.jsonl" "$fr/bin/go" build . >/dev/null 2>&1
)
jq -c 'del(.settings, .settings_more, .goversion)' "$d/cfg.jsonl" >"$d/cfgold.jsonl"
"$GOTRACE" report --json -v "$d/cfg.jsonl" >"$d/cfg.before"
"$GOTRACE" report --json -v "$d/cfgold.jsonl" >"$d/cfgold.before"
check "settings: the trace holds each file's settings, and nothing else of go.mod" jqt "$d/cfg.jsonl" '
	([.[] | select(.ev == "fingerprint" and (.path | endswith("/go.mod")))][0].settings | map(.name))
	  == ["module", "go", "toolchain", "godebug", "replace"]
	and ([.[] | select(.ev == "fingerprint" and .path == "'"$fr"'/go.env")][0].settings[0].value
	  == "http://127.0.0.1:9/from-goroot")'
check "settings: the report names the go env file line and the go.mod line" sh -c \
	"grep -q 'GOTOOLCHAIN=local' '$d/cfg.before' && grep -q 'go.mod' '$d/cfg.before' && jq -e '.findings[0].id == \"go-too-old\"' '$d/cfg.before' >/dev/null"
rm -f "$(cat "$d/cfg.goenv")"
printf 'module example.com/other\n\ngo 1.21\n' >"$d/cfg/app/go.mod"
rm -rf "$fr"
"$GOTRACE" report --json -v "$d/cfg.jsonl" >"$d/cfg.after"
"$GOTRACE" report --json -v "$d/cfgold.jsonl" >"$d/cfgold.after"
check "settings: the report is the same after the files changed or went" cmp -s "$d/cfg.before" "$d/cfg.after"
check "settings twin: without recorded settings the report changes with the files" sh -c \
	"! cmp -s '$d/cfgold.before' '$d/cfgold.after' && grep -q 'read after the run' '$d/cfgold.before'"

# 7. another go version: GOTOOLCHAIN pins the run's, and go finds it on PATH (Debian's go 1.19)
if [ -x /usr/lib/go-1.19/bin/go ]; then
	v19=$(/usr/lib/go-1.19/bin/go env GOVERSION)
	mkdir -p "$d/old.ci/app" "$d/bin19"
	printf 'module example.com/v\n\ngo 1.19\n' >"$d/old.ci/app/go.mod"
	printf 'package main\n\nfunc main() {}\n' >"$d/old.ci/app/main.go"
	cp -r "$d/old.ci" "$d/old.lap"
	ln -s /usr/lib/go-1.19/bin/go "$d/bin19/$v19"
	(
		go_hermetic
		unset GOTOOLCHAIN
		cd "$d/old.ci/app" && PATH=/usr/lib/go-1.19/bin:$PATH "$GOTRACE" -q -o "$d/ver.jsonl" go build . >/dev/null 2>&1
	)
	mkdir -p "$d/ver.lap"
	cp -r "$d/old.lap/app" "$d/ver.lap/app"
	(
		go_hermetic
		unset GOTOOLCHAIN
		cd "$d/ver.lap/app" && PATH=$d/bin19:$PATH "$GOTRACE" repro -o "$d/ver.new.jsonl" "$d/ver.jsonl" >/dev/null 2>"$d/ver.err"
		echo $? >"$d/ver.rc"
	)
	check "go version: the plan pins $v19 with GOTOOLCHAIN and says go looks on PATH, then downloads" sh -c \
		"grep -q \"GOTOOLCHAIN=$v19; go runs $v19 from PATH if it is there, else downloads it\" '$d/ver.err'"
	check "go version: the run here switched to $v19 and succeeded, exit 0" sh -c \
		"grep -qx 0 '$d/ver.rc' && jq -e -s '[.[] | select(.ev == \"exec\" and (.path | endswith(\"$v19\")))] | length > 0' '$d/ver.new.jsonl' >/dev/null"
else
	skip "go version: GOTOOLCHAIN pins the run's go" "no /usr/lib/go-1.19 (golang-1.19-go) on this machine"
fi

# 8. bad input: one line on stderr, exit 2
"$GOTRACE" repro >/dev/null 2>"$d/u1.err"
echo $? >"$d/u1.rc"
check "usage: no trace, exit 2, one line" sh -c "grep -qx 2 '$d/u1.rc' && test \$(wc -l <'$d/u1.err') -eq 1"
"$GOTRACE" repro "$d/nonexistent.jsonl" >/dev/null 2>"$d/u2.err"
echo $? >"$d/u2.rc"
check "usage: an unreadable trace, exit 2, one line" sh -c "grep -qx 2 '$d/u2.rc' && test \$(wc -l <'$d/u2.err') -eq 1"
"$GOTRACE" repro --frobnicate "$d/set.jsonl" >/dev/null 2>"$d/u3.err"
echo $? >"$d/u3.rc"
check "usage: an unknown option, exit 2" sh -c "grep -qx 2 '$d/u3.rc' && grep -q \"unknown option '--frobnicate'\" '$d/u3.err'"

# 9. --keep keeps the private directory (and says where), without it nothing is left; --clean
#    gives empty caches in it
(
	go_hermetic
	export TMPDIR="$d/tmpk"
	mkdir -p "$TMPDIR"
	cd "$d/set.lap/app" && "$GOTRACE" repro -o "$d/k1.jsonl" "$d/set.jsonl" >/dev/null 2>"$d/k1.err"
	ls "$TMPDIR" >"$d/k1.left"
	"$GOTRACE" repro --keep -o "$d/k2.jsonl" "$d/set.jsonl" >/dev/null 2>"$d/k2.err"
	"$GOTRACE" repro --dry-run --clean "$d/set.jsonl" >"$d/k3.sh"
)
kept=$(sed -n 's/^gotrace repro: the private directory: //p' "$d/k2.err")
check "--keep: the private directory is named and kept, with the run's go env file" sh -c \
	"test -n '$kept' && test -f '$kept/env'"
check "--keep twin: without it nothing is left in TMPDIR" sh -c "test ! -s '$d/k1.left'"
check "--clean: empty GOCACHE and GOMODCACHE in the private directory" \
	grep -q '^export GOCACHE="$d/gocache" GOMODCACHE="$d/gomodcache"' "$d/k3.sh"

# 10. gotrace diff names another C compiler (a different file, by its digest); the twin, the same one, does not
mkdir -p "$d/cc/bin"
printf '#define GT_REPRO 1\n' >"$d/inc/gtrepro.h"
cp "$(readlink -f "$(command -v gcc)")" "$d/cc/bin/gcc" && printf '\n' >>"$d/cc/bin/gcc"
cp -r "$d/hdr.ci" "$d/cc1.ci"
cp -r "$d/hdr.ci" "$d/cc2.ci"
cp -r "$d/hdr.ci" "$d/cc3.ci"
ci cc1
ci cc2 "CC=$d/cc/bin/gcc"
ci cc3
"$GOTRACE" diff --json "$d/cc1.jsonl" "$d/cc2.jsonl" >"$d/cc12.json"
"$GOTRACE" diff --json "$d/cc1.jsonl" "$d/cc3.jsonl" >"$d/cc13.json"
check "C compiler: another gcc binary is a difference" jqf \
	'[.differences[] | select(.key == "C compiler" and (.b.value | startswith("'"$d"'/cc/bin/gcc sha256:")))] | length == 1' "$d/cc12.json"
check "C compiler twin: the same gcc is none" jqf '[.differences[] | select(.key == "C compiler")] | length == 0' "$d/cc13.json"

# 11. a value that names a path in the run's checkout names the same path in the checkout here
mkdir -p "$d/map.ci/app/include"
printf 'module example.com/mp\n\ngo 1.21\n' >"$d/map.ci/app/go.mod"
printf 'package main\n\n// #include "gtmap.h"\nimport "C"\n\nfunc main() { println(C.GT_MAP) }\n' >"$d/map.ci/app/main.go"
printf '#define GT_MAP 7\n' >"$d/map.ci/app/include/gtmap.h"
cp -r "$d/map.ci" "$d/map.lap"
(
	go_hermetic
	cd "$d/map.ci/app" && CGO_CFLAGS="-O2 -I$d/map.ci/app/include" "$GOTRACE" -q -o "$d/map.jsonl" go build -o "$d/map.out" . >/dev/null 2>&1
)
rm -rf "$d/map.ci"
laptop map
check "checkout paths: the run's CGO_CFLAGS points into the checkout here, and it builds as on CI" sh -c \
	"grep -qx 0 '$d/map.rc' && grep -q \"the run's checkout $d/map.ci/app is $d/map.lap/app here, in the values of: CGO_CFLAGS\" '$d/map.err'"
check "checkout paths: the new run's compiler looked in the checkout here" jqt "$d/map.new.jsonl" '
	[.[] | select(.ev == "exec" and .argv[0] == "go")][0].env.CGO_CFLAGS == "-O2 -I'"$d"'/map.lap/app/include"'
check "checkout paths twin: a path outside the checkout is copied as it was" \
	grep -q "^export CGO_CFLAGS='-I$d/inc'$" "$d/set.sh"
