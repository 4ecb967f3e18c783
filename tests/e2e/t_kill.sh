# kill -9 of gotrace mid-build leaves no process of the traced tree alive
# or stopped: every tracee carries PTRACE_O_EXITKILL.
# needs: ptrace syscall_info seccomp_trace

# marked_pids MARK: pids whose environment holds MARK
marked_pids() {
	grep -lsz "^GOTRACE_TEST_MARK=$1\$" /proc/[0-9]*/environ 2>/dev/null |
		sed 's|/proc/\([0-9]*\)/environ|\1|' | grep -vx "$$"
}

go_hermetic
export GOCACHE="$(tmpdir)/gocache" # cold, so the build is still running when killed
m=$(example_copy)
d=$(tmpdir)
mark=kill9-$$
(cd "$m" && GOTRACE_TEST_MARK=$mark exec "$GOTRACE" -q -o "$d/t.jsonl" go build -o "$d/hello" .) &
gt=$!
# at_least N MARK: N or more marked processes are running
at_least() { [ "$(marked_pids "$2" | wc -l)" -ge "$1" ]; }
# gotrace and go are up; give go time to start compiling (compiles are
# too short-lived to count reliably)
wait_until at_least 2 "$mark"
sleep 1.5
check "the build was running under gotrace" at_least 2 "$mark"
kill -9 $gt
wait $gt 2>/dev/null
sleep 0.5
left=$(marked_pids "$mark")
check "after kill -9 of gotrace no traced process is left" test -z "$left"
for p in $left; do
	echo "  left: $p $(tr '\0' ' ' </proc/$p/cmdline) state $(awk '{print $3}' /proc/$p/stat)"
	kill -9 "$p" 2>/dev/null
done

# processes that make no trapped syscall would outlive a tracer without
# EXITKILL: sleeping ones show whether gotrace's death takes them along
mark=sleep-$$
GOTRACE_TEST_MARK=$mark "$GOTRACE" -q -o "$d/s.jsonl" sh -c 'sleep 60 & sleep 60; wait' &
gt=$!
wait_until at_least 3 "$mark"
check "sleepers running under gotrace" test "$(marked_pids "$mark" | wc -l)" -ge 3
kill -9 $gt
wait $gt 2>/dev/null
sleep 0.3
left=$(marked_pids "$mark")
check "after kill -9 of gotrace no sleeper is left, running or stopped" test -z "$left"
for p in $left; do kill -9 "$p" 2>/dev/null; done
