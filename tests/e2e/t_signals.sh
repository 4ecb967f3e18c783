# Signals sent to gotrace reach the command; its fate becomes gotrace's.

d=$(tmpdir)
"$GOTRACE" -q -o "$d/t.jsonl" sh -c 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.05; done' >"$d/out" &
gt=$!
wait_until grep -q ready "$d/out"
kill -TERM $gt
wait $gt
rc=$?
check "SIGTERM to gotrace is forwarded; the command's handler ran" grep -q "got TERM" "$d/out"
check "gotrace exits with the command's status (7)" test $rc -eq 7

"$GOTRACE" -q -o "$d/t2.jsonl" sh -c 'echo ready; exec sleep 30' >"$d/out2" &
gt=$!
wait_until grep -q ready "$d/out2"
sleep 0.1
kill -HUP $gt
wait $gt
rc=$?
check "SIGHUP forwarded; killed command gives 128+1" test $rc -eq 129
check "the trace records the signal" jqt "$d/t2.jsonl" 'any(.[]; .ev=="exit" and .signal=="SIGHUP")'

# a background job of a non-interactive shell starts with SIGINT ignored:
# gotrace leaves it ignored, for itself and the command, as a shell would
"$GOTRACE" -q -o "$d/t3.jsonl" sh -c 'echo ready; sleep 1; echo survived' >"$d/out3" &
gt=$!
wait_until grep -q ready "$d/out3"
kill -INT $gt
wait $gt
rc=$?
check "an ignored SIGINT stays ignored" test "$rc.$(tail -1 "$d/out3")" = "0.survived"
