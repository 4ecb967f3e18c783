# Signals sent to gotrace reach the command; its fate becomes gotrace's.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# perl -e "$with_sig" SIG DISP CMD...: exec CMD with SIG at DISP (DEFAULT
# or IGNORE). What this shell got cannot tell: a signal ignored when a shell
# starts stays ignored in it and its children (nohup ignores SIGHUP; a
# background job starts with SIGINT ignored), and gotrace keeps it so, as a
# shell would. (perl itself, not a function: $! must be gotrace's pid.)
with_sig='$SIG{$ARGV[0]} = $ARGV[1]; shift; shift; exec { $ARGV[0] } @ARGV or die "$ARGV[0]: $!\n"'

# signal_run SIG DISP NAME SCRIPT: run `sh -c SCRIPT` (which prints "ready")
# under gotrace in the background, SIG at DISP, send SIG to gotrace, and
# leave the exit status in $rc, stdout in $d/NAME.out, the trace in
# $d/NAME.jsonl
signal_run() {
	perl -e "$with_sig" "$1" "$2" "$GOTRACE" -q -o "$d/$3.jsonl" sh -c "$4" >"$d/$3.out" &
	_gt=$!
	wait_until grep -q ready "$d/$3.out"
	sleep 0.1
	kill "-$1" $_gt
	wait $_gt
	rc=$?
}

signal_run TERM DEFAULT term 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.05; done'
check "SIGTERM to gotrace is forwarded; the command's handler ran" grep -q "got TERM" "$d/term.out"
check "gotrace exits with the command's status (7)" test $rc -eq 7

signal_run HUP DEFAULT hup 'echo ready; exec sleep 30'
check "SIGHUP forwarded; killed command gives 128+1" test $rc -eq 129
check "the trace records the signal" jqt "$d/hup.jsonl" 'any(.[]; .ev=="exit" and .signal=="SIGHUP")'

# ignored on entry (a background job's SIGINT, SIGHUP under nohup): gotrace
# leaves it ignored, for itself and the command, as a shell would
signal_run INT IGNORE int 'echo ready; sleep 1; echo survived'
check "an ignored SIGINT stays ignored" test "$rc.$(tail -1 "$d/int.out")" = "0.survived"
signal_run HUP IGNORE nohup 'echo ready; sleep 1; echo survived'
check "an ignored SIGHUP (nohup) stays ignored" test "$rc.$(tail -1 "$d/nohup.out")" = "0.survived"

# a signal that comes while gotrace starts the command (forks, seizes it,
# hands it over) is held and delivered when the command can take it: never
# lost, never a stopped child and a gotrace waiting on it (20 runs, under 2 s)
check "SIGHUP sent while gotrace starts: the command dies of it, every time" \
	python3 "$TOP/tests/e2e/sigearly.py" 20 HUP "$GOTRACE" "$d/early.jsonl" sh -c 'exec sleep 5'

# a tracee sending SIGINT to another (os/exec's own tests do) is the
# command's business: gotrace says nothing and records no interruption
# (a background job starts with SIGINT ignored: perl puts the default back,
# then says it is ready)
sib='perl -e '"'"'$SIG{INT} = "DEFAULT"; open(F, ">", $ARGV[0]); close F; sleep 10'"'"' "$0" & p=$!
while ! test -e "$0"; do sleep 0.05; done; kill -INT $p; wait $p; echo "child: $?"'
sh -c "$sib" "$d/ready1" >"$d/sib.plain" 2>&1
"$GOTRACE" -o "$d/sib.jsonl" sh -c "$sib" "$d/ready2" >"$d/sib.out" 2>"$d/sib.err"
check "SIGINT between tracees: the command's output as without gotrace" sh -c "
	grep -qx 'child: 130' '$d/sib.plain' && cmp -s '$d/sib.plain' '$d/sib.out'"
check "SIGINT between tracees: no 'interrupted' on stderr" sh -c "! grep -q interrupted '$d/sib.err'"
check "SIGINT between tracees: the trace is whole, with the kill, and has no snapshot" jqt "$d/sib.jsonl" '
	.[-1].ev == "end" and any(.[]; .ev == "exit" and .signal == "SIGINT") and all(.[]; .ev != "stall")'

# Ctrl-C typed at a terminal (the tty sends SIGINT to the foreground group):
# that is an interruption, said on stderr and recorded
python3 "$TOP/tests/e2e/onpty.py" --interrupt-after ready "$GOTRACE" --stall 0 -o "$d/tty.jsonl" \
	sh -c 'echo ready; sleep 10' >"$d/tty.out"
check "Ctrl-C at a terminal: 'interrupted' said" grep -q 'gotrace: interrupted; what each process waits on' "$d/tty.out"
check "Ctrl-C at a terminal: the snapshot recorded" jqt "$d/tty.jsonl" 'any(.[]; .ev == "stall" and .reason == "interrupt")'

# -q: nothing of gotrace's own on stderr, ever (the snapshot is still in the trace)
"$GOTRACE" -q --stall 0.5 -o "$d/qst.jsonl" sleep 1.5 2>"$d/qst.err"
"$GOTRACE" -q --timeout 1 -o "$d/qto.jsonl" sleep 5 2>"$d/qto.err"
echo $? >"$d/qto.rc"
check "-q with a stall and a timeout: stderr empty, status 124" sh -c "
	! test -s '$d/qst.err' && ! test -s '$d/qto.err' && grep -qx 124 '$d/qto.rc'"
check "-q: the stall snapshot is still in the trace" jqt "$d/qst.jsonl" 'any(.[]; .ev == "stall" and .reason == "stall")'
check "-q: the timeout snapshot is still in the trace" jqt "$d/qto.jsonl" 'any(.[]; .ev == "stall" and .reason == "timeout")'
"$GOTRACE" --stall 0.5 -o "$d/st.jsonl" sleep 1.5 2>"$d/st.err"
check "without -q the stall is said on stderr (the twin)" grep -q 'gotrace: no progress for' "$d/st.err"
