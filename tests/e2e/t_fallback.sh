# Where ptrace is refused (here: another tracer holds the child), gotrace
# says so in one line, runs the command anyway, and records the mode.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
# LeakSanitizer stops the world with ptrace, which strace holds: under
# make check-asan it would fail for a reason that is not gotrace's
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
if ! command -v strace >/dev/null; then
	skip "fallback under strace" "strace is not installed"
	return 0
fi
strace -f -o /dev/null "$GOTRACE" -o "$d/t.jsonl" sh -c 'echo inner; exit 4' >"$d/out" 2>"$d/err"
rc=$?
sed -i '/^$/,$d' "$d/err" # the report follows the notice
check "fallback: the command ran, status kept" test "$rc.$(cat "$d/out")" = "4.inner"
check "fallback: one line saying why" test "$(wc -l <"$d/err")" -eq 1
check "fallback: the line names ptrace and the mode" grep -q "ptrace refused.*mode preload" "$d/err"
strace -f -o /dev/null "$GOTRACE" -q -o "$d/tq.jsonl" sh -c 'echo inner; exit 4' >"$d/outq" 2>"$d/errq"
check "fallback with -q: the same run, not a word on stderr" sh -c "test $?.\$(cat '$d/outq') = 4.inner && ! test -s '$d/errq'"
check "fallback: trace header says mode preload, why, and what is not seen" jqt "$d/t.jsonl" '
	.[0].mode=="preload" and (.[0].fallback|test("ptrace refused"))
	and (.[0].blind|any(test("statically linked")))'
check "fallback: exit recorded" jqt "$d/t.jsonl" 'any(.[]; .ev=="exit" and .code==4)'
"$GOTRACE" report "$d/t.jsonl" >"$d/rep"
check "fallback: the report says what this mode could not see" grep -q "not seen in this mode" "$d/rep"
strace -f -o /dev/null "$GOTRACE" --mode ptrace -q -o "$d/t2.jsonl" sh -c 'echo should-not-run' >"$d/out2" 2>"$d/err2"
rc=$?
check "--mode ptrace: refusal is an error (125), command not run" test "$rc.$(cat "$d/out2")" = "125."
check "--mode ptrace: one line, no trace left" test "$(wc -l <"$d/err2")" -eq 1 -a ! -e "$d/t2.jsonl"
"$GOTRACE" --mode preload -q -o "$d/t3.jsonl" true
check "--mode preload chosen explicitly: header says so, no fallback reason" jqt "$d/t3.jsonl" '
	.[0].mode=="preload" and (.[0]|has("fallback")|not)'
