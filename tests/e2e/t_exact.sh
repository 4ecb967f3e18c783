# Exactness: a traced program cannot tell. tests/progs/exact makes every
# call gotrace traps or hooks over a matrix of good and bad arguments (bad
# dirfds, unreadable and unterminated paths, argv without its NULL,
# descriptors used up, bad socket addresses...) and prints each result.
# Untraced and traced, in both modes, as root and as another user, the
# output, stderr and exit status must be the same.

# The directory the program fills must be the same name in every run
# (results are printed without paths, but a too-long path stays too long),
# and readable by the unprivileged user: outside $WORK, which is 0700.
top=$(mktemp -d "${TMPDIR:-/tmp}/gotrace-exact.XXXXXX")
chmod 755 "$top"

# exact_run LABEL AS_USER OUT [GOTRACE ARGS...]: run the program in a fresh
# directory (traced when arguments follow), stdout to OUT.out, stderr to
# OUT.err, status to OUT.rc
exact_run() {
	_label=$1 _user=$2 _out=$3
	shift 3
	rm -rf "$top/run"
	mkdir "$top/run"
	_as=
	if [ "$_user" != root ]; then
		chown "$_user" "$top/run"
		_as="setpriv --reuid=$_user --regid=$(id -g "$_user") --clear-groups"
	fi
	(cd "$top/run" && HOME=$top/run $_as "$@" "$PROGS/exact" "$top/run" >"$_out.out" 2>"$_out.err")
	echo $? >"$_out.rc"
}

# exact_compare NAME BASE RUN: the same output, stderr and status
exact_compare() {
	if cmp -s "$2.rc" "$3.rc" && cmp -s "$2.out" "$3.out" && cmp -s "$2.err" "$3.err"; then
		pass "$1: $(wc -l <"$3.out") results, the same as untraced"
	else
		fail "$1: the program could tell" "status $(cat "$2.rc") untraced, $(cat "$3.rc") traced; \
first difference: $(diff "$2.out" "$3.out" | grep '^[<>]' | head -n 2 | tr '\n' ' ')"
	fi
}

users=root
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	users="root nobody"
	# the trace must be writable by that user too
	mkdir "$top/traces"
	chown nobody "$top/traces"
else
	skip "exactness as an unprivileged user" "needs root, setpriv and the user nobody to switch to"
	mkdir "$top/traces"
fi

for u in $users; do
	exact_run untraced "$u" "$top/$u.untraced"
	check "exact as $u: the matrix runs untraced" grep -qx 0 "$top/$u.untraced.rc"
	# two untraced runs agree: any difference below is gotrace's
	exact_run untraced "$u" "$top/$u.untraced2"
	check "exact as $u: two untraced runs agree" cmp -s "$top/$u.untraced.out" "$top/$u.untraced2.out"
	if need ptrace "exact as $u, ptrace mode" && need seccomp_trace "exact as $u, ptrace mode"; then
		exact_run ptrace "$u" "$top/$u.ptrace" "$GOTRACE" -q --mode ptrace -o "$top/traces/$u.ptrace.jsonl"
		exact_compare "exact as $u, ptrace mode" "$top/$u.untraced" "$top/$u.ptrace"
		# every open trapped again: the same program output, and the same open events
		exact_run trapped "$u" "$top/$u.trapped" "$GOTRACE" -q --mode ptrace --no-shim-opens --opens ptrace \
			-o "$top/traces/$u.trapped.jsonl"
		exact_compare "exact as $u, ptrace mode, --no-shim-opens" "$top/$u.untraced" "$top/$u.trapped"
		# the one open allowed to be missing took the process's last descriptor (docs/trace-format.md)
		check "exact as $u: the opens the shim records itself are the events the tracer records" \
			python3 "$TOP/tests/e2e/cmp_opens.py" "$top/traces/$u.ptrace.jsonl" "$top/traces/$u.trapped.jsonl" 1
		# the opens at AT_FDCWD recorded in the kernel (root only): the same results, the same events
		if [ "$u" = root ] && need bpf "exact as root, opens recorded in the kernel"; then
			exact_run kernel "$u" "$top/$u.kernel" "$GOTRACE" -q --mode ptrace --no-shim-opens --opens kernel \
				-o "$top/traces/$u.kernel.jsonl"
			exact_compare "exact as $u, opens recorded in the kernel" "$top/$u.untraced" "$top/$u.kernel"
			check "exact as $u: the kernel's records are the events the tracer records" \
				python3 "$TOP/tests/e2e/cmp_opens.py" "$top/traces/$u.kernel.jsonl" "$top/traces/$u.trapped.jsonl" 0 abs
			check "exact as $u: most opens were recorded in the kernel, none lost" jqt "$top/traces/$u.kernel.jsonl" '
				.[0].opens == "kernel" and .[-1].tracer.opens_in_kernel >= 1000 and .[-1].tracer.opens_lost == 0'
		fi
	fi
	exact_run preload "$u" "$top/$u.preload" "$GOTRACE" -q --mode preload -o "$top/traces/$u.preload.jsonl"
	exact_compare "exact as $u, preload mode" "$top/$u.untraced" "$top/$u.preload"
done

# what the results themselves must be on this kernel (the kernel's order
# of checks, which the entry answers must follow)
check "exact: a relative open at dirfd -1 or a closed dirfd is EBADF" sh -c "
	grep -qx 'openat(-1, missing, RDONLY): -1 EBADF' '$top/root.untraced.out' &&
	grep -qx 'openat(closed, missing/x, RDONLY): -1 EBADF' '$top/root.untraced.out'"
check "exact: with every descriptor in use a missing file is EMFILE" \
	grep -qx 'full: openat(cwd, missing): -1 EMFILE' "$top/root.untraced.out"
check "exact: execve with an argv without its NULL is EFAULT" \
	grep -qx 'execve argv without NULL: -1 EFAULT' "$top/root.untraced.out"

if [ -f "$top/traces/root.ptrace.jsonl" ]; then
	t=$top/traces/root.ptrace.jsonl
	# the entry answers still happen where they are exact
	check "exact: failed lookups are still answered at entry" jqt "$t" '.[-1].tracer.answered_at_entry >= 100'
	# libc's open and openat went around the trap, recorded by the shim; the raw syscalls did not
	check "exact trace: the shim recorded libc's opens itself, the tracer the raw syscalls" jqt "$t" '
		.[0].shim_opens == true and
		([.[] | select(.ev=="open" and .src=="preload")] | length) >= 1000 and
		([.[] | select(.ev=="open" and .src=="sys")] | length) >= 1000'
	check "exact trace, --no-shim-opens: every open from the tracer" jqt "$top/traces/root.trapped.jsonl" '
		(.[0] | has("shim_opens") | not) and
		([.[] | select(.ev=="open" and .src!="sys")] | length) == 0'
	# and the trace records what the kernel answered
	check "exact trace: openat at dirfd -1 recorded as EBADF" jqt "$t" '
		any(.[]; .ev=="open" and .dirfd==-1 and .path=="missing" and .err=="EBADF")'
	check "exact trace: with descriptors used up, EMFILE recorded" jqt "$t" '
		any(.[]; .ev=="open" and .path=="missing" and .err=="EMFILE")'
	check "exact trace: the shim says which exec argument it could not read" jqt "$t" '
		any(.[]; .ev=="exec_intent" and .fault=="argv") and
		any(.[]; .ev=="exec_intent" and .fault=="file")'
	# an argv entry the kernel cannot read is recorded empty, not as whatever was in the buffer
	check "exact trace: an unreadable argv entry is empty in the failed exec" jqt "$t" '
		any(.[]; .ev=="exec" and .err=="EFAULT" and .argv==["true",""])'
	check "exact trace: getaddrinfo with a service glibc never read whole" jqt "$t" '
		any(.[]; .ev=="resolve" and .host=="localhost" and .fault=="service")'
	# binary on stderr (NUL bytes) is a valid trace the report reads
	"$GOTRACE" report "$t" >"$top/report.out" 2>&1
	check "exact: the report reads a trace with NUL bytes in stderr" sh -c "
		grep -q '^gotrace: .exact .* exited 0' '$top/report.out'"
fi
if [ -f "$top/traces/root.preload.jsonl" ]; then
	check "exact trace, preload: an unreadable open path is recorded as a fault, with EFAULT" \
		jqt "$top/traces/root.preload.jsonl" '
		any(.[]; .ev=="open" and .fault=="path" and .path=="" and .err=="EFAULT")'
	check "exact trace, preload: a connect address running into an unreadable page is a fault" \
		jqt "$top/traces/root.preload.jsonl" '
		any(.[]; .ev=="connect" and .fault=="addr" and .err=="EFAULT")'
fi
rm -rf "$top"
