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

# the state directory keeps the newest traces only: 50 by default,
# GOTRACE_KEEP to change (0 keeps all); last.jsonl stays, other files and
# links there are left alone
ks=$d/keep/gotrace
mkdir -p "$ks"
chmod 700 "$d/keep" "$ks"
for i in $(seq 10 69); do : >"$ks/20200101T0000${i}Z-old-$i.jsonl"; done
chmod 600 "$ks"/*.jsonl
: >"$ks/notes.txt"
ln -s /etc/hostname "$ks/20190101T000000Z-link-1.jsonl"
XDG_STATE_HOME=$d/keep "$GOTRACE" -q true
check "retention: 60 old traces and a new one leave the newest 50, the new one and last.jsonl among them" sh -c "
	test \$(ls '$ks' | grep -c '^20[0-9]*T[0-9]*Z-.*\\.jsonl\$') -eq 51 &&
	test \$(find '$ks' -type f -name '20*.jsonl' | wc -l) -eq 50 &&
	test -e '$ks/20200101T000069Z-old-69.jsonl' && ! test -e '$ks/20200101T000020Z-old-20.jsonl' &&
	test -e \"\$(readlink -f '$ks/last.jsonl')\""
check "retention: a file of another name and a link are left alone" sh -c "
	test -e '$ks/notes.txt' && test -L '$ks/20190101T000000Z-link-1.jsonl' && test -s /etc/hostname"
GOTRACE_KEEP=3 XDG_STATE_HOME=$d/keep "$GOTRACE" -q true
check "retention: GOTRACE_KEEP=3 keeps 3" test "$(find "$ks" -type f -name '20*.jsonl' | wc -l)" -eq 3
GOTRACE_KEEP=0 XDG_STATE_HOME=$d/keep "$GOTRACE" -q true
check "retention: GOTRACE_KEEP=0 deletes nothing" test "$(find "$ks" -type f -name '20*.jsonl' | wc -l)" -eq 4
GOTRACE_KEEP=many XDG_STATE_HOME=$d/keep "$GOTRACE" -q true 2>"$d/keep.err"
check "retention: GOTRACE_KEEP=many: one line, gotrace's status 125, nothing run or deleted" sh -c "
	test $? -eq 125 && test \$(wc -l <'$d/keep.err') -eq 1 && grep -q 'GOTRACE_KEEP=many: not a number' '$d/keep.err' &&
	test \$(find '$ks' -type f -name '20*.jsonl' | wc -l) -eq 4"
"$GOTRACE" -q -o "$d/o1.jsonl" true
check "retention: -o FILE is never counted or deleted" test -s "$d/o1.jsonl"
