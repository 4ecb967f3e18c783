# Default trace location: a new 0600 file in a 0700 state directory, the
# newest reachable as last.jsonl, which `gotrace report` reads by default.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
HOME=$d/home XDG_STATE_HOME= "$GOTRACE" -q true
dir=$d/home/.local/state/gotrace
check "state directory created 0700" test "$(stat -c %a "$dir" 2>/dev/null)" = 700
f=$(ls "$dir"/*-true-*.jsonl 2>/dev/null | head -1)
check "trace file created 0600" test -n "$f" -a "$(stat -c %a "$f" 2>/dev/null)" = 600
check "last.jsonl points to it" test "$(readlink -f "$dir/last.jsonl")" = "$(readlink -f "$f")"
HOME=$d/home XDG_STATE_HOME= "$GOTRACE" -q sh -c 'exit 5'
HOME=$d/home XDG_STATE_HOME= "$GOTRACE" report >"$d/rep"
check "gotrace report reads the newest trace" grep -q "sh -c 'exit 5'\` exited 5" "$d/rep"
XDG_STATE_HOME=$d/xdg "$GOTRACE" -q true
check "XDG_STATE_HOME is honoured" test -L "$d/xdg/gotrace/last.jsonl"
"$GOTRACE" -q -o "$d/plain.jsonl" true
check "-o FILE is created 0600" test "$(stat -c %a "$d/plain.jsonl")" = 600
