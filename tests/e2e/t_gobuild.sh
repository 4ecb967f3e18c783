# A cold cgo build with the official go: the static go binary and its tools
# are seen through the syscall layer, with every process accounted for.
# needs: ptrace syscall_info seccomp_trace

go_hermetic
export GOCACHE="$(tmpdir)/gocache" # this test is about a cold build
GOROOT_REAL=$(goroot)
m=$(example_copy)
d=$(tmpdir)
cd "$m" || return
"$GOTRACE" -o "$d/t.jsonl" go build -o "$d/hello" . 2>"$d/report"
rc=$?
cd "$WORK" || return
T=$d/t.jsonl
check "cold cgo build succeeds under gotrace" test $rc -eq 0
tool=$GOROOT_REAL/pkg/tool/linux_amd64
check "exec of the go binary itself" jqt "$T" "
	any(.[]; .ev==\"exec\" and .ret==0 and (.path|endswith(\"/go\")) and .exe==\"$GOROOT_REAL/bin/go\")"
for t in compile link cgo asm; do
	check "exec of \$GOROOT/pkg/tool/linux_amd64/$t" jqt "$T" "
		any(.[]; .ev==\"exec\" and .ret==0 and .path==\"$tool/$t\")"
done
check "compile's argv carries -goversion" jqt "$T" "
	any(.[]; .ev==\"exec\" and .path==\"$tool/compile\" and (.argv|index(\"-goversion\")))"
for t in gcc cc1 ld; do
	check "exec of $t (cgo's C toolchain)" jqt "$T" "
		any(.[]; .ev==\"exec\" and .ret==0 and (.path|endswith(\"/$t\")))"
done
check "opens under \$GOROOT/src, successful and ENOENT" jqt "$T" "
	any(.[]; .ev==\"open\" and (.path|startswith(\"$GOROOT_REAL/src/\")) and .ret>=0)
	and any(.[]; .ev==\"open\" and (.path|startswith(\"$GOROOT_REAL/src/\")) and .err==\"ENOENT\")"
check "go's effective settings in its children's environment" jqt "$T" "
	any(.[]; .ev==\"exec\" and .path==\"$tool/compile\" and .env_diff.set.GOROOT==\"$GOROOT_REAL\")"
check "the first exec carries the full environment, later ones a diff" jqt "$T" '
	(map(select(.ev=="exec" and .ret==0))) as $e
	| ($e[0].env.GOPROXY=="off") and ($e[1:]|all(has("env_diff") and (has("env")|not)))'
check "every process has an exit event, every fork a known parent" jqt "$T" '
	(.[0].pid) as $self
	| ([.[]|select(.ev=="fork" or .ev=="exec")|.pid]|unique) as $seen
	| ([.[]|select(.ev=="exit")|.pid]|unique) as $exited
	| ([.[]|select(.ev=="fork" or .ev=="exec")|.ppid]|unique) as $parents
	| ($seen - $exited == []) and (($parents - $seen) - [$self] == [])'
check "every event has ev, t, pid and src; times never go back" jqt "$T" '
	all(.[]; has("ev") and has("t") and has("pid") and has("src"))
	and ([.[].t] as $t | [range(1; $t|length)] | all($t[.] >= $t[.-1]))'
check "the end record agrees with the trace" jqt "$T" '
	(.[-1]) as $e | $e.ev=="end" and $e.status==0 and $e.events==length
	and $e.procs == ([.[]|select(.ev=="exit")]|length)'
check "the report follows the run on stderr" grep -q "exited 0 after .* mode ptrace" "$d/report"
check "the report shows compile under go" grep -q "compile ×" "$d/report"
check "a successful cgo build's report: at most 15 finding lines, none a cause or warning" sh -c "
	[ \$(grep -c '^[✗!•] ' '$d/report') -le 15 ] && ! grep -q '^[✗!] ' '$d/report'"
check "go's probe compiles are not counted as failures in the tree" sh -c "
	! grep -q '[0-9] failed\\]' '$d/report' || grep -q 'failed as go.s probes do' '$d/report'"

# a failing build: the report names the failing compile and what it said
go_hermetic
m=$(example_copy)
printf 'package main\n\nfunc broken() { undefinedName() }\n' >"$m/broken.go"
(cd "$m" && "$GOTRACE" -o "$d/fail.jsonl" go build -o "$d/hello" . 2>"$d/fail.report")
rc=$?
check "failing build: status 1 passed through" test $rc -eq 1
"$GOTRACE" report "$d/fail.jsonl" >"$d/fail.txt"
check "report: the failing process is compile, with its message" \
	grep -q "✗ failure    compile exited [0-9]* (pid [0-9]*, started by go" "$d/fail.txt"
check "report: compile's stderr line is shown" grep -q "undefined: undefinedName" "$d/fail.txt"
check "report after the run equals gotrace report" \
	sh -c "tail -n +2 '$d/fail.report' | sed -n '/^gotrace: \`go build/,\$p' | diff - '$d/fail.txt'"
