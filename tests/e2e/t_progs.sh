# Small C programs, each doing one thing the tracer must follow.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# exec from a thread that is not the leader: the exec is reported under the
# process id, and the process's exit is still seen
"$GOTRACE" -q -o "$d/thr.jsonl" "$PROGS/thread_exec" /bin/echo from-thread >"$d/out"
check "thread exec: output and status" grep -qx from-thread "$d/out"
check "thread exec: exec event under the leader's pid" jqt "$d/thr.jsonl" '
	(map(select(.ev=="exec"))[0].pid) as $p
	| any(.[]; .ev=="exec" and .path=="/bin/echo" and .pid==$p and .ret==0
		and .argv==["/bin/echo","from-thread"])
	and any(.[]; .ev=="exit" and .pid==$p and .code==0)'

# vfork + exec
"$GOTRACE" -q -o "$d/vf.jsonl" "$PROGS/vfork_exec" /bin/true >/dev/null
check "vfork: fork event of kind vfork, then the child's exec and exit" jqt "$d/vf.jsonl" '
	(map(select(.ev=="fork"))[0]) as $f
	| $f.kind=="vfork"
	and any(.[]; .ev=="exec" and .pid==$f.pid and .path=="/bin/true" and .ret==0)
	and any(.[]; .ev=="exit" and .pid==$f.pid and .ppid==$f.ppid)'

# posix_spawnp searches PATH: every attempt is an exec event
PATH="$d/nothing-here:/usr/bin:/bin" "$GOTRACE" -q -o "$d/sp.jsonl" "$PROGS/spawn" true
check "posix_spawn: failed PATH attempts then the successful exec" jqt "$d/sp.jsonl" "
	any(.[]; .ev==\"exec\" and .path==\"$d/nothing-here/true\" and .err==\"ENOENT\")
	and any(.[]; .ev==\"exec\" and .path==\"/usr/bin/true\" and .ret==0)"

# clone3
"$GOTRACE" -q -o "$d/c3.jsonl" "$PROGS/clone3_exec" /bin/true >"$d/c3.out"
rc=$?
if [ $rc -eq 77 ]; then
	skip "clone3" "the kernel has no clone3"
else
	check "clone3: child followed through its exec" jqt "$d/c3.jsonl" '
		(map(select(.ev=="fork"))[0]) as $f
		| any(.[]; .ev=="exec" and .pid==$f.pid and .path=="/bin/true" and .ret==0)'
fi

# connect to a closed loopback port
"$GOTRACE" -q -o "$d/cr.jsonl" "$PROGS/connect_refused" >"$d/cr.out" 2>/dev/null
port=$(sed -n 's/^port //p' "$d/cr.out")
check "connect: ECONNREFUSED with address and port" jqt "$d/cr.jsonl" "
	any(.[]; .ev==\"connect\" and .family==\"inet\" and .addr==\"127.0.0.1\"
		and .port==$port and .ret==-1 and .err==\"ECONNREFUSED\")"

# non-blocking connects completed through getsockopt(SO_ERROR)
"$GOTRACE" -q -o "$d/nb.jsonl" "$PROGS/connect_nonblock" >/dev/null
check "non-blocking connect: EINPROGRESS then connect_done" jqt "$d/nb.jsonl" '
	(map(select(.ev=="connect" and .err=="EINPROGRESS")) | length == 2)
	and any(.[]; .ev=="connect_done" and .ret==0 and .so_error==0 and .addr=="127.0.0.1")
	and any(.[]; .ev=="connect_done" and .err=="ECONNREFUSED" and .so_error==111)'

# openat with a dirfd, and a relative open after chdir
mkdir -p "$d/od"
(cd / && "$GOTRACE" -q -o "$d/od.jsonl" "$PROGS/openat_dirfd" "$d/od")
check "openat: abs resolved against the dirfd" jqt "$d/od.jsonl" "
	any(.[]; .ev==\"open\" and .path==\"sub/../gotrace-nonexistent\" and .dirfd==3
		and .abs==\"$d/od/gotrace-nonexistent\" and .err==\"ENOENT\")"
check "open: abs resolved against the cwd after chdir" jqt "$d/od.jsonl" "
	any(.[]; .ev==\"open\" and .path==\"./gotrace-after-chdir\"
		and .abs==\"$d/od/gotrace-after-chdir\" and (.flags|index(\"O_CREAT\")) and .ret>=0)"

# signals: a handled signal and a group-stop ended by SIGCONT
"$GOTRACE" -q -o "$d/sig.jsonl" "$PROGS/signals" >"$d/sig.out"
check "signals: delivered unchanged, group-stop resumed" \
	test "$(cat "$d/sig.out")" = "usr1 handled
resumed after stop"

# a 32-bit program, where the kernel runs them
if need run32 "32-bit program"; then
	cc -m32 -o "$d/hello32" "$TOP/tests/progs32/hello32.c"
	"$GOTRACE" -q -o "$d/m32.jsonl" "$d/hello32" 2>"$d/m32.err"
	rc=$?
	check "32-bit program: runs, exit 0, stderr unchanged" test "$rc.$(cat "$d/m32.err")" = "0.hello from 32-bit"
	check "32-bit program: its open and stderr are traced" jqt "$d/m32.jsonl" '
		any(.[]; .ev=="open" and .path=="/gotrace-nonexistent-32" and .err=="ENOENT")
		and any(.[]; .ev=="stderr" and .text=="hello from 32-bit\n")'
	# its child is 32-bit too: not recorded in the kernel, whose programs read x86_64's numbers
	check "32-bit program: its child's open is traced, its i386 call 257 is not taken for an openat" jqt "$d/m32.jsonl" '
		any(.[]; .ev=="open" and .path=="/gotrace-nonexistent-32-child" and .err=="ENOENT")
		and all(.[]; .path != "/gotrace-32-as-openat")'
	"$GOTRACE" report --json "$d/m32.jsonl" >"$d/m32.json"
	check "32-bit program that runs: no exec-refused claim" jqf '[.findings[] | select(.id == "exec-refused")] | length == 0' "$d/m32.json"
fi

# a 32-bit program where the kernel refuses them (ENOEXEC): gotrace exits
# 126 with one line, as the shell would, and the report says why
case "${CAP_run32:-}" in
*"cannot run 32-bit programs"*)
	cc -m32 -o "$d/hello32" "$TOP/tests/progs32/hello32.c"
	"$GOTRACE" -q -o "$d/r32.jsonl" "$d/hello32" >"$d/r32.out" 2>"$d/r32.err"
	rc=$?
	check "32-bit program refused by the kernel: exit 126, one line" \
		test "$rc.$(wc -l <"$d/r32.err").$(cat "$d/r32.out")" = "126.1."
	check "32-bit program refused: the line says why" grep -q "cannot run $d/hello32: Exec format error" "$d/r32.err"
	check "32-bit program refused: the trace has ENOEXEC and the file's ELF class" jqt "$d/r32.jsonl" '
		any(.[]; .ev=="exec" and .err=="ENOEXEC" and .elf.class==32 and .elf.machine=="i386")'
	"$GOTRACE" report --json "$d/r32.jsonl" >"$d/r32.json"
	check "32-bit program refused: the report's first cause says this kernel runs no 32-bit programs" jqf "
		.findings[0].id == \"exec-refused\"
		and (.findings[0].verdict | startswith(\"this kernel cannot run 32-bit programs: $d/hello32\"))
		and any(.findings[0].evidence[]; .text == \"hello32: ELF class 32, machine i386 (read by gotrace when execve failed); the trace was recorded on x86_64\")" "$d/r32.json"
	;;
"")
	skip "32-bit program refused by the kernel" "this kernel runs 32-bit programs" ;;
*)
	skip "32-bit program refused by the kernel" "$CAP_run32" ;;
esac

# the twin: a file that is not ELF, which a shell then runs itself, is not
# called unrunnable; run directly, it is
printf 'echo from-script\nexit 3\n' >"$d/noshebang"
chmod +x "$d/noshebang"
"$GOTRACE" -q -o "$d/ns.jsonl" sh -c "$d/noshebang" >"$d/ns.out" 2>&1
rc=$?
"$GOTRACE" report --json "$d/ns.jsonl" >"$d/ns.json"
check "script without #! run by sh: ENOEXEC recorded as not ELF" jqt "$d/ns.jsonl" '
	any(.[]; .ev=="exec" and .err=="ENOEXEC" and .elf==false)'
check "script without #! run by sh: it ran (exit 3), no exec-refused claim" test "$rc.$(cat "$d/ns.out").$(jq '[.findings[]|select(.id=="exec-refused")]|length' "$d/ns.json")" = "3.from-script.0"
"$GOTRACE" -q -o "$d/ns2.jsonl" "$d/noshebang" 2>/dev/null
"$GOTRACE" report --json "$d/ns2.jsonl" >"$d/ns2.json"
check "script without #! run directly: exec-refused, not an ELF file" jqf '
	.findings[0].id == "exec-refused" and (.findings[0].verdict | test("not an ELF file"))' "$d/ns2.json"

# failed lookups, some answered by gotrace at the syscall's entry: the
# program sees exactly what it sees untraced, and the trace says the same
lk=$d/lookups
mkdir -p "$lk/d"
: >"$lk/f"
: >"$lk/d/f"
ln -s "$lk/nowhere" "$lk/dangling"
ln -s /proc/self/fd/77 "$lk/procfd"
(cd "$lk" && "$PROGS/lookups" >"$d/lk.untraced")
rm -f "$lk/created"
# every open trapped: the tracer answers the failed lookups at their entry
(cd "$lk" && "$GOTRACE" -q --no-shim-opens --opens ptrace -o "$d/lk.jsonl" "$PROGS/lookups" >"$d/lk.traced")
rm -f "$lk/created"
# every open trapped: gotrace answers the reading ones by notification, hands the rest back
(cd "$lk" && "$GOTRACE" -q --no-shim-opens --open-notify -o "$d/lk-nf.jsonl" "$PROGS/lookups" >"$d/lk-nf.traced")
rm -f "$lk/created"
# by default the shim makes this single-threaded program's opens itself
(cd "$lk" && "$GOTRACE" -q -o "$d/lk-shim.jsonl" "$PROGS/lookups" >"$d/lk-shim.traced")
check "failed lookups: the program sees the same results traced" cmp -s "$d/lk.untraced" "$d/lk.traced"
check "failed lookups: the same with the shim making the opens" cmp -s "$d/lk.untraced" "$d/lk-shim.traced"
check "failed lookups: the same with opens answered by notification" cmp -s "$d/lk.untraced" "$d/lk-nf.traced"
check "failed lookups: the notification trace records the same results as the tracer's" \
	python3 "$TOP/tests/e2e/cmp_opens.py" "$d/lk-nf.jsonl" "$d/lk.jsonl"
check "failed lookups: some answered by notification, the /proc ones handed back" jqt "$d/lk-nf.jsonl" '
	.[-1].tracer.answered_by_notify >= 4 and .[-1].tracer.handed_back >= 4 and .[0].open_notify == true'
check "failed lookups: without --open-notify none is answered by notification" jqt "$d/lk.jsonl" '
	.[-1].tracer.answered_by_notify == 0 and .[-1].tracer.handed_back == 0 and (.[0] | has("open_notify") | not)'
check "failed lookups: the shim's trace records the same results as the tracer's" \
	python3 "$TOP/tests/e2e/cmp_opens.py" "$d/lk-shim.jsonl" "$d/lk.jsonl"
check "failed lookups: the expected results" test "$(sed 's/.*: //' "$d/lk.traced" | tr '\n' ' ')" = \
	"ENOENT ENOENT ENOTDIR ENOENT ok ENOENT ELOOP ENOENT ok ENOENT EISDIR ok ok ok ENOENT ok ENOENT ENOENT "
check "failed lookups: trace results match what the program got" jqt "$d/lk.jsonl" '
	([.[]|select(.ev=="open" and ((.path|startswith("/gotrace-no-such")) or (.path|test("^(missing|f/x|dangling|nodir/new|missing2|\\.\\./f)$"))))
	  |.err // "ok"]) == ["ENOENT","ENOENT","ENOTDIR","ENOENT","ok","ENOENT","ELOOP","ENOENT","ENOENT"]'
check "failed lookups: some were answered at entry" jqt "$d/lk.jsonl" '.[-1].tracer.answered_at_entry >= 4'

# openat made with the syscall instruction, answered by notification or
# handed back to ptrace: the program gets the same descriptors and errors,
# and its mode register back unchanged, also while signals interrupt the
# calls (wrap/notify.c)
nd=$d/notify
mkdir -p "$nd/d"
echo hi >"$nd/f"
mkfifo "$nd/fifo"
"$PROGS/notify" "$nd" >"$d/nd.untraced"
"$GOTRACE" -q --open-notify -o "$d/nd.jsonl" "$PROGS/notify" "$nd" >"$d/nd.traced"
"$GOTRACE" -q --opens ptrace -o "$d/nd-p.jsonl" "$PROGS/notify" "$nd" >"$d/nd-p.traced"
check "notification: the program's opens give the same results traced, both ways" sh -c "
	cmp -s '$d/nd.untraced' '$d/nd.traced' && cmp -s '$d/nd.untraced' '$d/nd-p.traced'"
check "notification: every call kept r10, the lowest free number was given" sh -c "
	! grep -q CHANGED '$d/nd.traced' && grep -qx 'into a hole: fd 3, r10 kept' '$d/nd.traced'"
check "notification: the two traces record the same opens" python3 "$TOP/tests/e2e/cmp_opens.py" "$d/nd.jsonl" "$d/nd-p.jsonl"
check "notification: files answered, the fifo, O_PATH and /dev/fd handed back" jqt "$d/nd.jsonl" '
	.[-1].tracer.answered_by_notify >= 8 and .[-1].tracer.handed_back == 3'
"$GOTRACE" -q --open-notify -o "$d/ns.jsonl" timeout 120 "$PROGS/notify" "$nd" storm >"$d/ns.out" 2>&1
check "notification: two threads opening under a storm of signals get what they would untraced" \
	grep -qx 'storm no SA_RESTART: ok' "$d/ns.out"
check "notification: ... with SA_RESTART too, and calls were both answered and handed back" sh -c "
	grep -qx 'storm SA_RESTART: ok' '$d/ns.out' && jq -se '.[-1].tracer | .answered_by_notify > 100 and .handed_back > 100' '$d/ns.jsonl' >/dev/null"

# opens recorded in the kernel (wrap/openrec.c): the program gets what it
# gets untraced, and the trace has the events the tracer's stops record,
# relative paths made absolute against the cwd they were opened in
if need bpf "opens recorded in the kernel"; then
	rm -f "$lk/created"
	(cd "$lk" && "$GOTRACE" -q --no-shim-opens --opens kernel -o "$d/lk-k.jsonl" "$PROGS/lookups" >"$d/lk-k.traced")
	check "kernel recorder: lookups give the program the same results" cmp -s "$d/lk.untraced" "$d/lk-k.traced"
	check "kernel recorder: lookups recorded as the tracer records them, absolute paths too" \
		python3 "$TOP/tests/e2e/cmp_opens.py" "$d/lk-k.jsonl" "$d/lk.jsonl" 0 abs
	check "kernel recorder: the header says so, the opens were recorded in the kernel, none lost" jqt "$d/lk-k.jsonl" '
		.[0].opens == "kernel" and .[-1].tracer.opens_in_kernel >= 10 and .[-1].tracer.opens_lost == 0'
	# failed path calls: recorded at their exit with their errno, successes and other directories' not
	pf=$(tmpdir)
	(cd "$pf" && "$PROGS/pathfails" >"$d/pf.untraced" && rmdir exists 2>/dev/null;
	 "$GOTRACE" -q --opens kernel -o "$d/pf-k.jsonl" "$PROGS/pathfails" >"$d/pf.traced")
	check "kernel recorder: failed path calls give the program the same results" cmp -s "$d/pf.untraced" "$d/pf.traced"
	check "kernel recorder: exactly the failed path calls, with call, path and errno" jqt "$d/pf-k.jsonl" "
		.[0].fsfail == true and
		([.[] | select(.ev == \"fsfail\" and ((.path | startswith(\"/nonexistent-gt\")) or .path == \"/etc/passwd/x\" or (.abs // \"\" | startswith(\"$pf/\"))))
		  | \"\\(.call) \\(.abs // .path) \\(.err)\"] | sort) == ([
		  \"newfstatat /nonexistent-gt/stat ENOENT\", \"statx $pf/rel-missing ENOENT\", \"faccessat /etc/passwd/x ENOTDIR\",
		  \"readlinkat /nonexistent-gt/link ENOENT\", \"mkdirat /nonexistent-gt/dir ENOENT\", \"mkdirat $pf/exists EEXIST\",
		  \"unlinkat /nonexistent-gt/file ENOENT\", \"renameat /nonexistent-gt/from ENOENT\",
		  \"stat /nonexistent-gt/legacy ENOENT\", \"access /nonexistent-gt/access ENOENT\"] | sort)"
	check "kernel recorder: no success, no readlink EINVAL, nothing relative to another descriptor" jqt "$d/pf-k.jsonl" '
		all(.[]; .ev != "fsfail" or (.path != "/" and .path != "/etc/passwd" and .path != "gt-missing-rel" and .path != ""))'
	(cd "$pf" && rmdir exists 2>/dev/null; "$GOTRACE" -q --opens ptrace -o "$d/pf-p.jsonl" "$PROGS/pathfails" >/dev/null)
	check "ptrace opens (the twin): no fsfail events, and the header does not claim them" jqt "$d/pf-p.jsonl" '
		(.[0].fsfail | not) and all(.[]; .ev != "fsfail")'
	"$GOTRACE" -q --opens kernel -o "$d/nd-k.jsonl" "$PROGS/notify" "$nd" >"$d/nd-k.traced"
	check "kernel recorder: raw openat calls (r10, fifo, O_PATH, /dev/fd) give the same results" \
		cmp -s "$d/nd.untraced" "$d/nd-k.traced"
	check "kernel recorder: ... and are recorded as the tracer records them" \
		python3 "$TOP/tests/e2e/cmp_opens.py" "$d/nd-k.jsonl" "$d/nd-p.jsonl" 0 abs
	"$GOTRACE" -q --opens kernel -o "$d/ns-k.jsonl" timeout 120 "$PROGS/notify" "$nd" storm >"$d/ns-k.out" 2>&1
	check "kernel recorder: two threads opening under a storm of signals get what they would untraced" sh -c "
		grep -qx 'storm no SA_RESTART: ok' '$d/ns-k.out' && grep -qx 'storm SA_RESTART: ok' '$d/ns-k.out'"
	check "kernel recorder: a restarted open is one event (the opens of the storm, each once)" jqt "$d/ns-k.jsonl" '
		.[-1].tracer.opens_lost == 0 and
		([.[] | select(.ev == "open" and (.err == "ERESTARTSYS" or .err == "ERESTARTNOINTR"))] | length) == 0'
	# the cwd changes (chdir's exit is a stop), the processes exit at once (the
	# shell itself opens its last file and exits: no stop between the two)
	cdsh='cd /etc && cat ./hostname gotrace-nonexist >/dev/null 2>&1; cd /usr && exec 3< lib/os-release'
	(cd "$d" && "$GOTRACE" -q --no-shim-opens --opens kernel -o "$d/cd-k.jsonl" sh -c "$cdsh")
	(cd "$d" && "$GOTRACE" -q --no-shim-opens --opens ptrace -o "$d/cd-p.jsonl" sh -c "$cdsh")
	check "kernel recorder: relative opens after chdir, in processes that exit at once, made absolute" jqt "$d/cd-k.jsonl" '
		any(.[]; .ev == "open" and .path == "lib/os-release" and .abs == "/usr/lib/os-release" and .ret >= 0) and
		any(.[]; .ev == "open" and .path == "./hostname" and (.abs == "/etc/hostname" or .abs == "/etc/./hostname")) and
		any(.[]; .ev == "open" and .path == "gotrace-nonexist" and .abs == "/etc/gotrace-nonexist" and .err == "ENOENT")'
	check "kernel recorder: ... as the tracer makes them absolute" \
		python3 "$TOP/tests/e2e/cmp_opens.py" "$d/cd-k.jsonl" "$d/cd-p.jsonl" 0 abs
	# the end event counts the stops: the two cd's stop twice with the recorder (the cwd is read at the
	# exit), once without; the opens stop only without it; two execs either way
	check "stops counted: with the recorder, chdir entry and exit, no open stops" jqt "$d/cd-k.jsonl" '
		.[-1].tracer.stops | .exec == 2 and .seccomp_by_call.execve == 2 and .seccomp_by_call.chdir == 2 and
		.exit_by_call.chdir == 2 and (.seccomp_by_call.openat // 0) == 0 and .fork == 1'
	check "stops counted by process: each exit event says its own, and they add up to the run's at most" jqt "$d/cd-k.jsonl" '
		. as $all | [$all[] | select(.ev == "exit") | .stops] as $s |
		($s | length) == 2 and ($s | all(. > 0)) and ($s | add) <= ($all[-1].tracer.stops | [.[] | numbers] | add)'
	check "stops counted (the twin): without it, chdir's entry only, and the opens stop" jqt "$d/cd-p.jsonl" '
		.[-1].tracer.stops | .exec == 2 and .seccomp_by_call.chdir == 2 and (.exit_by_call.chdir // 0) == 0 and
		.seccomp_by_call.openat > 0 and .exit_by_call.openat > 0 and .seccomp >= .seccomp_by_call.openat'
	# new processes that open before any exec (subshells): the kernel records them from their
	# first instruction (where it forgets ended ones; elsewhere gotrace asks at each fork)
	forksh='( : </etc/hostname ); ( cd /usr && : <lib/os-release ) & wait'
	(cd "$d" && "$GOTRACE" -q --no-shim-opens --opens kernel -o "$d/fk-k.jsonl" sh -c "$forksh")
	(cd "$d" && "$GOTRACE" -q --no-shim-opens --opens ptrace -o "$d/fk-p.jsonl" sh -c "$forksh")
	check "kernel recorder: a subshell's opens, before any exec, recorded in the kernel" jqt "$d/fk-k.jsonl" '
		.[-1].tracer.procs_unrecorded == 0 and ([.[] | select(.ev == "fork")] | length) == 2 and
		any(.[]; .ev == "open" and .path == "/etc/hostname" and .ret >= 0) and
		any(.[]; .ev == "open" and .path == "lib/os-release" and .abs == "/usr/lib/os-release" and .ret >= 0)'
	check "kernel recorder: ... as the tracer records them" python3 "$TOP/tests/e2e/cmp_opens.py" "$d/fk-k.jsonl" "$d/fk-p.jsonl" 0 abs
	# a fork through the i386 entry (int 0x80) of a 64-bit process: the child is known by that number
	: >"$d/f80-target"
	if "$PROGS/fork80" "$d/f80-target" 2>/dev/null | grep -qx 'child ok'; then
		"$GOTRACE" -q --no-shim-opens --opens kernel -o "$d/f80-k.jsonl" "$PROGS/fork80" "$d/f80-target" >/dev/null
		check "kernel recorder: the child of a fork made through int 0x80 is recorded (its open is there)" jqt "$d/f80-k.jsonl" '
			[.[] | select(.ev == "fork") | .pid] as $kids | .[0].opens == "kernel" and
			.[-1].tracer.procs_unrecorded == 0 and ($kids | length) == 1 and
			any(.[]; .ev == "open" and .path == "'"$d/f80-target"'" and .ret >= 0 and .pid == $kids[0])'
	else
		skip "kernel recorder, fork through int 0x80" "this kernel refuses the i386 entry to 64-bit programs"
	fi
	if "$GOTRACE" --version | grep -q 'new processes followed there'; then
		check "kernel recorder: the kernel followed the forks (gotrace asked at no fork stop)" \
			jqt "$d/fk-k.jsonl" '.[-1].tracer.forks_in_kernel == true'
	else
		skip "kernel recorder following forks" "this kernel's sched_process_exit lacks group_dead: gotrace asks at each fork"
	fi
	# a burst of 200,000 opens with no stop between them: the ring keeps them all
	"$GOTRACE" -q --opens kernel -o "$d/burst.jsonl" "$PROGS/burst" 200000 >"$d/burst.out"
	check "kernel recorder: a burst of 200,000 opens without a stop, every one in the trace" sh -c "
		grep -qx 100000 '$d/burst.out' && jq -e -s '.[-1].tracer.opens_lost == 0 and
			([.[] | select(.ev == \"open\" and (.path == \"/dev/null\" or .path == \"/gotrace-burst-missing\"))] | length) == 200000' \
			'$d/burst.jsonl' >/dev/null"
	# the report says when the ring was full (a twin without the loss says nothing)
	jq -c 'if .ev == "end" then .tracer.opens_lost = 3 | .tracer.procs_unrecorded = 2 | .tracer.tasks_unfollowed = 5 else . end' \
		"$d/lk-k.jsonl" >"$d/lost.jsonl"
	"$GOTRACE" report "$d/lost.jsonl" >"$d/lost.txt" 2>&1
	"$GOTRACE" report "$d/lk-k.jsonl" >"$d/nolost.txt" 2>&1
	check "kernel recorder: lost opens, processes and tasks are said in the report, and only then" sh -c "
		grep -q '3 opens are missing from the trace' '$d/lost.txt' &&
		grep -q 'the opens of at least 2 processes are missing' '$d/lost.txt' &&
		grep -q '5 new processes or threads were not followed' '$d/lost.txt' &&
		! grep -q 'missing from the trace\\|not followed' '$d/nolost.txt'"
	# gotrace in a pid namespace of its own sees other ids than the kernel's: it does not record there
	if command -v unshare >/dev/null && unshare --pid --fork --mount-proc true 2>/dev/null; then
		(cd "$d" && unshare --pid --fork --mount-proc "$GOTRACE" -q -o "$d/pidns.jsonl" cat /etc/hostname >/dev/null)
		check "kernel recorder, in a pid namespace of its own: not used, the header says why, opens still traced" \
			jqt "$d/pidns.jsonl" '.[0].opens == "ptrace" and (.[0].opens_why | test("pid namespace")) and
			any(.[]; .ev == "open" and .path == "/etc/hostname" and .ret >= 0)'
	else
		skip "kernel recorder, in a pid namespace of its own" "unshare --pid is refused here"
	fi
	# without the privilege (nobody): the opens stop, the header says why; --opens kernel is refused
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 &&
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$PROGS/caps" | grep -q '^bpf no'; then
		nb=$(mktemp -d "${TMPDIR:-/tmp}/gotrace-nb.XXXXXX")
		chmod 777 "$nb"
		(cd "$nb" && setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
			"$GOTRACE" -q -o "$nb/t.jsonl" cat /etc/hostname >/dev/null)
		(cd "$nb" && setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
			"$GOTRACE" -q --opens kernel -o "$nb/k.jsonl" true 2>"$nb/k.err")
		echo $? >"$nb/k.rc"
		check "kernel recorder, as nobody: opens go through ptrace and the header says why" jqt "$nb/t.jsonl" '
			.[0].opens == "ptrace" and (.[0].opens_why | test("CAP_BPF.*gotrace-openrec has no file capabilities")) and
			any(.[]; .ev == "open" and .path == "/etc/hostname")'
		check "kernel recorder, as nobody: --opens kernel fails with one line" sh -c "
			grep -qx 125 '$nb/k.rc' && [ \$(wc -l <'$nb/k.err') = 1 ] && grep -q '^gotrace: --opens kernel: ' '$nb/k.err' &&
			[ ! -e '$nb/k.jsonl' ]"
		# gotrace-openrec with its file capabilities (as make install leaves it), beside a copy of gotrace
		gdir=$(dirname "$GOTRACE")
		if cp "$GOTRACE" "$nb/gotrace" && cp "$gdir/gotrace-openrec" "$nb/gotrace-openrec" && ln -s "$gdir/lib" "$gdir/lib32" "$nb/" &&
			setcap cap_bpf,cap_perfmon=ep "$nb/gotrace-openrec" 2>/dev/null; then
			chmod 755 "$nb/gotrace" "$nb/gotrace-openrec"
			nbrun() { (cd "$nb" && setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"); }
			nbrun "$nb/gotrace" -q --no-shim-opens -o "$nb/h.jsonl" sh -c "$cdsh" 2>"$nb/h.err"
			nbrun "$nb/gotrace" -q --no-shim-opens --opens ptrace -o "$nb/hp.jsonl" sh -c "$cdsh"
			check "gotrace-openrec, as nobody: opens recorded in the kernel, nothing said on stderr" sh -c "
				jq -e -s '.[0].opens == \"kernel\" and .[0].opens_why == null and .[-1].tracer.opens_lost == 0' '$nb/h.jsonl' >/dev/null &&
				test ! -s '$nb/h.err'"
			check "gotrace-openrec, as nobody: ... as the tracer records them (paths, flags, results)" \
				python3 "$TOP/tests/e2e/cmp_opens.py" "$nb/h.jsonl" "$nb/hp.jsonl" 0 abs
			nbrun "$nb/gotrace" -q --no-shim-opens -o "$nb/hf.jsonl" sh -c "$forksh"
			nbrun "$nb/gotrace" -q --no-shim-opens --opens ptrace -o "$nb/hfp.jsonl" sh -c "$forksh"
			check "gotrace-openrec, as nobody: subshells' opens followed in the kernel, as the tracer records them" sh -c "
				jq -e -s '.[0].opens == \"kernel\" and .[-1].tracer.procs_unrecorded == 0 and .[-1].tracer.forks_in_kernel == true' \
					'$nb/hf.jsonl' >/dev/null && python3 '$TOP/tests/e2e/cmp_opens.py' '$nb/hf.jsonl' '$nb/hfp.jsonl' 0 abs"
			check "gotrace-openrec: ends with gotrace (none left running)" sh -c "! pgrep -f '^$nb/gotrace-openrec' >/dev/null"
			nbrun "$PROGS/orqclient" "$nb/gotrace-openrec" >"$nb/orq.out" 2>&1
			check "gotrace-openrec: records only processes the asker traces (not itself, init, an untraced child, a thread, one not dumpable)" sh -c "
				grep -qx 'hello 0' '$nb/orq.out' && grep -qx 'self EPERM' '$nb/orq.out' && grep -qx 'init EPERM' '$nb/orq.out' &&
				grep -qx 'untraced-child EPERM' '$nb/orq.out' && grep -q '^thread ' '$nb/orq.out' && ! grep -qx 'thread 0' '$nb/orq.out' &&
				grep -qx 'nondumpable-child EPERM' '$nb/orq.out'"
			check "gotrace-openrec: a traced child is recorded (the twin), an ended one no longer, and EOF ends the helper" sh -c "
				grep -qx 'traced-child 0' '$nb/orq.out' && grep -qx 'gone ESRCH' '$nb/orq.out' &&
				grep -qx 'bad-op EINVAL' '$nb/orq.out' && grep -qx 'helper exited 0' '$nb/orq.out'"
			nbrun "$PROGS/orqclient" "$nb/gotrace-openrec" many 17 >"$nb/many.out" 2>/dev/null
			# they end with their sockets (detaching their programs takes a while)
			for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
				pgrep -u nobody -x gotrace-openrec >/dev/null || break
				sleep 0.5
			done
			nbrun "$PROGS/orqclient" "$nb/gotrace-openrec" many 3 >>"$nb/many.out" 2>/dev/null
			"$PROGS/orqclient" "$nb/gotrace-openrec" foreign-peer "$(id -u nobody)" >"$nb/foreign.out" 2>&1
			check "gotrace-openrec: at most 16 of one user's at once, and a socket made by another user refused" sh -c "
				grep -qx 'many EUSERS' '$nb/many.out' && grep -qx 'many 0' '$nb/many.out' &&
				grep -qx 'foreign-peer EPERM' '$nb/foreign.out' && grep -q \"other end is another user's\" '$nb/foreign.out'"
			# the helper killed during the run: its programs went with it, and the report says opens may be missing
			nbrun "$nb/gotrace" -q -o "$nb/killed.jsonl" sh -c 'pkill -KILL -U "$(id -u)" -x gotrace-openrec; sleep 0.2; cat /etc/hostname' >/dev/null
			"$GOTRACE" report "$nb/killed.jsonl" >"$nb/killed.txt" 2>&1
			"$GOTRACE" report "$nb/h.jsonl" >"$nb/h.txt" 2>&1
			check "gotrace-openrec killed during the run: the trace and the report say opens may be missing" sh -c "
				jq -e -s '.[-1].tracer.opens_recorder_failed == true and .[-1].tracer.procs_unrecorded >= 1' '$nb/killed.jsonl' >/dev/null &&
				grep -q 'gotrace-openrec) ended or stopped answering' '$nb/killed.txt'"
			check "gotrace-openrec alive to the end (the twin): nothing said missing" sh -c "
				jq -e -s '(.[-1].tracer.opens_recorder_failed | not) and .[-1].tracer.procs_unrecorded == 0' '$nb/h.jsonl' >/dev/null &&
				! grep -q 'missing from the trace\\|stopped answering' '$nb/h.txt'"
			nbrun setpriv --no-new-privs "$nb/gotrace" -q -o "$nb/nnp.jsonl" cat /etc/hostname >/dev/null
			check "gotrace-openrec under no_new_privs: not used, the header says why, opens still traced" jqt "$nb/nnp.jsonl" '
				.[0].opens == "ptrace" and (.[0].opens_why | test("no_new_privs")) and
				any(.[]; .ev == "open" and .path == "/etc/hostname" and .ret >= 0)'
			"$nb/gotrace-openrec" >"$nb/hand.out" 2>"$nb/hand.err"
			echo $? >"$nb/hand.rc"
			check "gotrace-openrec run by hand: exit 2, one line on stderr" sh -c "
				grep -qx 2 '$nb/hand.rc' && [ \$(wc -l <'$nb/hand.err') = 1 ] && test ! -s '$nb/hand.out'"
		else
			skip "gotrace-openrec with file capabilities" "setcap failed here (no setcap, or a file system without xattrs)"
		fi
		rm -rf "$nb"
	else
		skip "kernel recorder, as nobody" "needs root, setpriv, the user nobody and a kernel that refuses it BPF"
	fi
fi

# --timeout while a process waits for a file lock another holds: the report
# leads with the lock and its holder, from the timeout snapshot
if command -v flock >/dev/null; then
	: >"$d/lockfile"
	flock "$d/lockfile" sleep 20 &
	holder=$!
	wait_until sh -c "grep -q '$(stat -c %i "$d/lockfile")' /proc/locks"
	"$GOTRACE" -q --timeout 2 -o "$d/lk2.jsonl" flock "$d/lockfile" true 2>/dev/null
	echo $? >"$d/lk2.rc"
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
	"$GOTRACE" report --json "$d/lk2.jsonl" >"$d/lk2.json"
	check "timeout on a lock: 124, and the first cause names the lock" sh -c "
		grep -qx 124 '$d/lk2.rc' && jq -e '.findings[0].id == \"stalled\"
			and (.findings[0].verdict | test(\"^when --timeout stopped the run, flock \\\\(pid [0-9]+\\\\) was waiting on a lock on $d/lockfile held by pid [0-9]+$\"))' '$d/lk2.json' >/dev/null"
else
	skip "timeout on a lock" "flock is not installed"
fi
