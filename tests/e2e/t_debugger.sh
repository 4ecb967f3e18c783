# A process has one tracer. Under the syscall tracer that is gotrace, so a
# debugger's ptrace (strace's PTRACE_SEIZE, gdb's and delve's
# PTRACE_TRACEME) is refused: the report's first finding says so, with the
# way out; --mode auto leaves the tracer out for a command that is a known
# debugger, and says so.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# what delve does: a Go program starting a child with SysProcAttr.Ptrace
# (its fork child calls PTRACE_TRACEME before exec)
mkdir -p "$d/dbg"
cat >"$d/dbg/main.go" <<'EOF'
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	cmd := exec.Command("/bin/true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "dbg:", err)
		os.Exit(1)
	}
	fmt.Println("started")
	cmd.Process.Kill()
	cmd.Wait()
}
EOF
printf 'module example.com/dbg\n\ngo 1.21\n' >"$d/dbg/go.mod"
(go_hermetic && cd "$d/dbg" && go build -o "$d/dbgbin" .)
"$d/dbgbin" >"$d/dbg.plain" 2>&1
"$GOTRACE" -q -o "$d/dbg.jsonl" "$d/dbgbin" >"$d/dbg.out" 2>"$d/dbg.err"
echo $? >"$d/dbg.rc"
"$GOTRACE" report --json "$d/dbg.jsonl" >"$d/dbg.json"
check "Go program with SysProcAttr.Ptrace: runs untraced, refused traced (exit 1, fork/exec: operation not permitted)" sh -c "
	grep -qx started '$d/dbg.plain' && grep -qx 1 '$d/dbg.rc' && grep -q 'operation not permitted' '$d/dbg.err'"
check "the trace records the refused PTRACE_TRACEME" jqt "$d/dbg.jsonl" '
	any(.[]; .ev == "ptrace" and .request == "PTRACE_TRACEME" and .err == "EPERM")'
check "Go program with SysProcAttr.Ptrace: the first finding is the refusal, a cause, with the way out" jqf '
	.findings[0].id == "ptrace-refused" and .findings[0].subject == "tracer" and .findings[0].severity == "cause"
	and (.findings[0].verdict | test("^dbgbin \\(pid [0-9]+\\) could not trace: PTRACE_TRACEME refused with EPERM — a process has one tracer"))
	and any(.findings[0].evidence[]; .text | test("^ptrace\\(PTRACE_TRACEME\\) → EPERM in "))
	and (.findings[0].fix | test("^gotrace --mode preload .*/dbgbin \\(no syscall tracer"))' "$d/dbg.json"
"$GOTRACE" report "$d/dbg.jsonl" >"$d/dbg.txt"
check "the text report: the refusal first, the program's failure under it" sh -c "
	sed -n 4p '$d/dbg.txt' | grep -q '^✗ tracer .*could not trace' && grep -q 'and so: dbgbin exited' '$d/dbg.txt'"

# strace under --mode ptrace: refused the same way
"$GOTRACE" --mode ptrace -q -o "$d/st.jsonl" strace -o /dev/null true 2>/dev/null
echo $? >"$d/st.rc"
"$GOTRACE" report --json "$d/st.jsonl" >"$d/st.json"
check "strace under --mode ptrace: fails, and the report says why first" sh -c "
	grep -qx 1 '$d/st.rc' && jq -e '.findings[0].id == \"ptrace-refused\" and (.findings[0].verdict | startswith(\"strace (pid\"))' '$d/st.json' >/dev/null"

# --mode auto with a known debugger as the command: the tracer is left out,
# the debugger works, and the notice and the header say why
strace -o /dev/null sh -c 'echo hi; exit 3' >"$d/sta.plain" 2>&1
echo $? >>"$d/sta.plain"
"$GOTRACE" -o "$d/sta.jsonl" strace -o /dev/null sh -c 'echo hi; exit 3' >"$d/sta.out" 2>"$d/sta.err"
echo $? >>"$d/sta.out"
check "strace with --mode auto: output and status as without gotrace" cmp -s "$d/sta.plain" "$d/sta.out"
check "strace with --mode auto: one notice naming strace and the mode" sh -c "
	head -1 '$d/sta.err' | grep -q '^gotrace: strace needs ptrace and a process has one tracer.*(mode preload)\$'"
check "strace with --mode auto: the header says preload and why; no refusal" jqt "$d/sta.jsonl" '
	.[0].mode == "preload" and (.[0].fallback | test("^strace needs ptrace")) and all(.[]; .ev != "ptrace")'
"$GOTRACE" -q -o "$d/staq.jsonl" strace -o /dev/null true 2>"$d/staq.err"
check "strace with --mode auto and -q: not a word" sh -c "! test -s '$d/staq.err'"

if command -v gdb >/dev/null; then
	gdb -q -batch -ex run --args /bin/echo gdb-ran >"$d/gdb.plain" 2>&1
	"$GOTRACE" -q -o "$d/gdb.jsonl" gdb -q -batch -ex run --args /bin/echo gdb-ran >"$d/gdb.out" 2>&1
	check "gdb with --mode auto: it runs the program as without gotrace" sh -c "
		grep -q gdb-ran '$d/gdb.plain' && grep -q gdb-ran '$d/gdb.out'"
	"$GOTRACE" --mode ptrace -q -o "$d/gdbp.jsonl" gdb -q -batch -ex run --args /bin/echo gdb-ran >"$d/gdbp.out" 2>&1
	"$GOTRACE" report --json "$d/gdbp.jsonl" >"$d/gdbp.json"
	check "gdb under --mode ptrace: the program does not run, and the refusal names gdb" sh -c "
		! grep -q '^gdb-ran' '$d/gdbp.out' &&
		jq -e 'any(.findings[]; .id == \"ptrace-refused\" and (.verdict | startswith(\"gdb (pid\")))' '$d/gdbp.json' >/dev/null"
else
	skip "gdb under gotrace" "gdb is not installed"
fi

# a program that wants its own seccomp notification listener: refused
# while gotrace's filter has one (--open-notify), and the report says so;
# not by default (the twin)
"$PROGS/listener" >"$d/ls.plain"
"$GOTRACE" -q --open-notify -o "$d/ls.jsonl" "$PROGS/listener" >"$d/ls.out"
"$GOTRACE" report --json "$d/ls.jsonl" >"$d/ls.json"
if jq -se '.[0].open_notify == true' "$d/ls.jsonl" >/dev/null; then
	check "listener: refused with EBUSY under gotrace, granted untraced" sh -c "
		grep -qx 'listener: ok' '$d/ls.plain' && grep -qx 'listener: EBUSY' '$d/ls.out'"
	check "listener: the first cause says gotrace's listener took the place, fix without --open-notify" jqf '
		.findings[0].id == "listener-refused" and .findings[0].severity == "cause"
		and (.findings[0].verdict | startswith("listener (pid"))
		and (.findings[0].fix | test("^gotrace .*listener, without --open-notify"))' "$d/ls.json"
else
	skip "listener refused under gotrace" "this kernel gave gotrace no notification listener"
fi
"$GOTRACE" -q -o "$d/ls2.jsonl" "$PROGS/listener" >"$d/ls2.out"
"$GOTRACE" report --json "$d/ls2.jsonl" >"$d/ls2.json"
check "listener twin: by default the program has its listener, and no finding" sh -c "
	grep -qx 'listener: ok' '$d/ls2.out' && jq -e 'all(.findings[]; .id != \"listener-refused\")' '$d/ls2.json' >/dev/null"

# the twin: a run without a debugger has no such finding
"$GOTRACE" -q -o "$d/plain.jsonl" sh -c 'exit 1'
"$GOTRACE" report --json "$d/plain.jsonl" >"$d/plain.json"
check "a failing run without ptrace: no tracer finding" jqf 'all(.findings[]; .subject != "tracer")' "$d/plain.json"
