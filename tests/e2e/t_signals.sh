# Signals sent to gotrace reach the command; its fate becomes gotrace's.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# signal_run SIG NAME SCRIPT: run `sh -c SCRIPT` (which prints "ready")
# under gotrace in the background, send SIG to gotrace, and leave the exit
# status in $rc, stdout in $d/NAME.out, the trace in $d/NAME.jsonl
signal_run() {
	"$GOTRACE" -q -o "$d/$2.jsonl" sh -c "$3" >"$d/$2.out" &
	_gt=$!
	wait_until grep -q ready "$d/$2.out"
	sleep 0.1
	kill "-$1" $_gt
	wait $_gt
	rc=$?
}

signal_run TERM term 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.05; done'
check "SIGTERM to gotrace is forwarded; the command's handler ran" grep -q "got TERM" "$d/term.out"
check "gotrace exits with the command's status (7)" test $rc -eq 7

signal_run HUP hup 'echo ready; exec sleep 30'
check "SIGHUP forwarded; killed command gives 128+1" test $rc -eq 129
check "the trace records the signal" jqt "$d/hup.jsonl" 'any(.[]; .ev=="exit" and .signal=="SIGHUP")'

# a background job of a non-interactive shell starts with SIGINT ignored:
# gotrace leaves it ignored, for itself and the command, as a shell would
signal_run INT int 'echo ready; sleep 1; echo survived'
check "an ignored SIGINT stays ignored" test "$rc.$(tail -1 "$d/int.out")" = "0.survived"
