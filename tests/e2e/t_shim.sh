# The preload shim: what it records, and that programs cannot tell it is there.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# same output and status with and without gotrace; TRACE gets the trace
# same_run NAME TRACE CMD...
same_run() {
	_n=$1 _t=$2
	shift 2
	"$@" >"$d/u.out" 2>"$d/u.err"
	_u=$?
	"$GOTRACE" -q -o "$_t" "$@" >"$d/g.out" 2>"$d/g.err"
	_g=$?
	if [ $_u -eq $_g ] && cmp -s "$d/u.out" "$d/g.out" && cmp -s "$d/u.err" "$d/g.err"; then
		pass "$_n: same output and status ($_u)"
	else
		fail "$_n: output or status changed" "untraced $_u, traced $_g; $(head -c 200 "$d/g.err")"
	fi
}

# descriptor numbers are the program's own: the shim keeps none open
printf '#include <stdlib.h>\n#include <fcntl.h>\n#include <stdio.h>\nint main(void){getenv("HOME");printf("%%d\\n",open("/dev/null",O_RDONLY));return 0;}\n' >"$d/fdn.c"
cc -o "$d/fdn" "$d/fdn.c"
same_run "descriptor numbers" "$d/fdn.jsonl" "$d/fdn"
check "descriptor numbers: the program's first open after getenv is fd 3 traced too" grep -qx 3 "$d/g.out"

# getenv: name, whether set, value; errno untouched (the program checks)
same_run "errno kept" "$d/errno.jsonl" "$PROGS/shim_stress" errno
check "getenv events: HOME set with its value, an unset name as unset" jqt "$d/errno.jsonl" "
	any(.[]; .ev==\"getenv\" and .src==\"preload\" and .name==\"HOME\" and .set==true
		and .value==\"$HOME\")
	and any(.[]; .ev==\"getenv\" and .name==\"GT_SURELY_UNSET\" and .set==false
		and (has(\"value\")|not))"
check "getenv events carry the process's pid" jqt "$d/errno.jsonl" '
	(map(select(.ev=="exec"))[0].pid) as $p
	| all(.[] | select(.src=="preload"); .pid==$p)'

# a secret's value never reaches the trace
GT_API_TOKEN=shim-planted-s3cret "$GOTRACE" -q -o "$d/sec.jsonl" sh -c 'exec "$0" errno' "$PROGS/shim_stress" >/dev/null
printf '#include <stdlib.h>\nint main(void){return getenv("GT_API_TOKEN")?0:1;}\n' >"$d/tok.c"
cc -o "$d/tok" "$d/tok.c"
GT_API_TOKEN=shim-planted-s3cret "$GOTRACE" -q -o "$d/tok.jsonl" "$d/tok"
check "a secret variable read with getenv: name kept, value redacted" jqt "$d/tok.jsonl" '
	any(.[]; .ev=="getenv" and .name=="GT_API_TOKEN" and .set==true and .value=="<redacted>")'
check "the secret's value is nowhere in the trace" sh -c "! grep -q shim-planted-s3cret '$d/tok.jsonl' '$d/sec.jsonl'"

# gotrace's own variables are not shown as the user's environment
check "GOTRACE_* and the shim's LD_PRELOAD entry are not in recorded environments" jqt "$d/errno.jsonl" '
	all(.[] | select(.ev=="exec") | (.env // {}) + (.env_diff.set // {});
		(keys | any(startswith("GOTRACE_")) | not) and has("LD_PRELOAD") == false)'
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" LD_PRELOAD=libm.so.6 "$GOTRACE" -q -o "$d/ldp.jsonl" "$PROGS/shim_stress" errno >/dev/null
check "a user's own LD_PRELOAD is kept and recorded as the user set it" jqt "$d/ldp.jsonl" '
	(map(select(.ev=="exec"))[0].env.LD_PRELOAD) == "libm.so.6"
	and any(.[]; .ev=="getenv" and .name=="HOME")'

# dlopen: a missing library (the program still gets dlerror's text), and a
# library found through the program's own RUNPATH ($ORIGIN)
mkdir -p "$d/plug"
printf 'int gt_plug(void){return 42;}\n' >"$d/plug.c"
cc -shared -fPIC -o "$d/plug/libgtplug.so" "$d/plug.c"
cc -o "$d/dl" "$TOP/tests/progs/shim_dl.c" -ldl -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/plug'
same_run "dlopen" "$d/dl.jsonl" "$d/dl" libgtplug.so
check "dlopen through RUNPATH works traced" grep -qx "plug says 42" "$d/g.out"
check "dlopen of a missing library: ok false, dlerror text" jqt "$d/dl.jsonl" '
	any(.[]; .ev=="dlopen" and .name=="libgt-surely-missing.so.9" and .ok==false
		and (.error|test("libgt-surely-missing.so.9")) and .flags==["RTLD_NOW"])'
check "dlopen of an existing library: the file loaded" jqt "$d/dl.jsonl" "
	any(.[]; .ev==\"dlopen\" and .name==\"libgtplug.so\" and .ok==true
		and .file==\"$d/plug/libgtplug.so\" and .flags==[\"RTLD_LAZY\",\"RTLD_GLOBAL\"])"

# getaddrinfo, then a connect named by it
same_run "resolve" "$d/res.jsonl" "$PROGS/shim_resolve"
check "getaddrinfo(localhost): resolve event with 127.0.0.1" jqt "$d/res.jsonl" '
	any(.[]; .ev=="resolve" and .host=="localhost" and (.addrs|index("127.0.0.1")) and .ret==0)'
check "the connect that followed carries host localhost" jqt "$d/res.jsonl" '
	any(.[]; .ev=="connect" and .src=="sys" and .addr=="127.0.0.1" and .host=="localhost" and .ret==0)'

check "gethostbyname(localhost): resolve event" jqt "$d/res.jsonl" '
	any(.[]; .ev=="resolve" and .fn=="gethostbyname" and .host=="localhost" and (.addrs|index("127.0.0.1")))'
check "with the syscall layer, opens, connects and execs come from it alone" jqt "$d/res.jsonl" '
	all(.[] | select(.src=="preload"); .ev|IN("getenv","dlopen","resolve","exec_intent"))
	and any(.[]; .ev=="open" and .src=="sys")'

# an event larger than a message is cut, still valid, and says so
big=$(head -c 9000 /dev/zero | tr '\0' x)
export GT_BIG="$big"
same_run "a 9000-byte variable" "$d/big.jsonl" env GT_STRESS=1 "$PROGS/shim_stress" closeall
unset GT_BIG
printf '#include <stdlib.h>\nint main(void){return getenv("GT_BIG")?0:1;}\n' >"$d/big.c"
cc -o "$d/bigprog" "$d/big.c"
GT_BIG="$big" "$GOTRACE" -q -o "$d/big.jsonl" "$d/bigprog"
check "a 9000-byte value: the getenv event is cut and marked trunc" jqt "$d/big.jsonl" '
	any(.[]; .ev=="getenv" and .name=="GT_BIG" and .trunc==true
		and (.value|length) > 1000 and (.value|length) < 4096)'

# exec intent: the name before PATH search
same_run "exec intent" "$d/ex.jsonl" sh -c 'env true'
check "exec intent: env's execvp of \"true\" before the PATH search" jqt "$d/ex.jsonl" '
	any(.[]; .ev=="exec_intent" and .fn=="execvp" and .file=="true" and .argv==["true"])
	and any(.[]; .ev=="exec" and .src=="sys" and (.path|endswith("/true")) and .ret==0)'

# stress: threads, closed descriptors, a file dup2'd over the shim's socket, fork
same_run "16 threads" "$d/thr.jsonl" env GT_STRESS=1 "$PROGS/shim_stress" threads
check "16 threads x 500 getenv: 8000 events, none lost" jqt "$d/thr.jsonl" '
	[.[] | select(.ev=="getenv" and .name=="GT_STRESS")] | length == 8000'
same_run "closeall" "$d/ca.jsonl" "$PROGS/shim_stress" closeall
check "after closing every descriptor, getenv is still recorded" jqt "$d/ca.jsonl" '
	any(.[]; .ev=="getenv" and .name=="GT_BEFORE") and any(.[]; .ev=="getenv" and .name=="GT_AFTER")'
export GT_DUP2_OUT="$d/dup2.count"
same_run "dup2 over the socket" "$d/dup.jsonl" "$PROGS/shim_stress" dup2
unset GT_DUP2_OUT
check "the dup2'd file stayed empty (program checks); the shim holds no socket between events" grep -qx "replaced 0" "$d/dup2.count"
check "getenv after the dup2 is recorded" jqt "$d/dup.jsonl" '
	[.[] | select(.ev=="getenv" and .name=="GT_AFTER")] | length == 10'
export GT_DUP2_OUT="$d/dup2tcp.count"
same_run "TCP socket dup2'd over the shim's" "$d/duptcp.jsonl" "$PROGS/shim_stress" dup2tcp
unset GT_DUP2_OUT
check "nothing reached the TCP peer (program checks); no shim socket to replace" grep -qx "replaced 0" "$d/dup2tcp.count"
check "getenv after the TCP dup2 is recorded" jqt "$d/duptcp.jsonl" '
	[.[] | select(.ev=="getenv" and .name=="GT_AFTER")] | length == 10'
same_run "200 forks" "$d/fork.jsonl" "$PROGS/shim_stress" fork
check "200 children: 200 getenv events, each under its own pid" jqt "$d/fork.jsonl" '
	[.[] | select(.ev=="getenv" and .name=="GT_FORK") | .pid] | (length == 200 and (unique|length) == 200)'
check "nothing dropped" jqt "$d/fork.jsonl" '.[-1].tracer.shim_dropped == 0 and .[-1].tracer.shim_received >= 200'

# env -i: the shim keeps itself in the child's environment
same_run "env -i" "$d/envi.jsonl" env -i "$PROGS/shim_stress" errno
check "env -i: the child is still recorded" jqt "$d/envi.jsonl" '
	any(.[]; .ev=="getenv" and .name=="GT_SURELY_UNSET")'
check "env -i: the child's recorded environment is empty, as the user asked" jqt "$d/envi.jsonl" '
	(map(select(.ev=="exec" and (.path|endswith("shim_stress"))))[0]) as $e
	| ($e.env_diff.set // {}) == {}'

# a static program has no preload events and runs unchanged
if printf '#include <stdlib.h>\n#include <stdio.h>\nint main(void){puts(getenv("HOME")?"h":"-");return 3;}\n' >"$d/st.c" &&
	cc -static -o "$d/st" "$d/st.c" 2>/dev/null; then
	same_run "static program" "$d/st.jsonl" "$d/st"
	check "static program: no preload events" jqt "$d/st.jsonl" 'all(.[]; .src != "preload")'
else
	skip "static program" "no static libc to link with"
fi

# 32-bit programs get the 32-bit shim (and no ld.so complaint on stderr)
if ! [ -e "$BUILD/lib32/libgotrace.so" ]; then
	skip "32-bit shim" "not built (no cc -m32)"
elif need run32 "32-bit program under the shim"; then
	cc -m32 -o "$d/ge32" "$d/tok.c"
	export GT_API_TOKEN=x
	same_run "32-bit program" "$d/ge32.jsonl" "$d/ge32"
	unset GT_API_TOKEN
	check "32-bit program: its getenv is recorded" jqt "$d/ge32.jsonl" '
		any(.[]; .ev=="getenv" and .name=="GT_API_TOKEN")'
fi

# --mode preload on a real go build: the shim alone; the trace and the
# report say what this mode cannot see
(
	go_hermetic
	h=$(example_copy)
	cd "$h" || exit 1
	export CGO_CFLAGS="-O2 -DGT_PRELOAD_TEST=$$"
	"$GOTRACE" --mode preload -o "$d/pre.jsonl" go build -o "$d/pre.bin" . 2>"$d/pre.report"
	echo $? >"$d/pre.rc"
)
check "mode preload: go build succeeds" grep -qx 0 "$d/pre.rc"
check "mode preload: header says preload and names static programs as blind" jqt "$d/pre.jsonl" '
	.[0].mode=="preload" and .[0].shim==true
	and (.[0].blind | any(test("statically linked")))'
check "mode preload: gcc and cc1 seen by the shim, with their opens" jqt "$d/pre.jsonl" '
	any(.[]; .ev=="exec" and .src=="preload" and (.path|test("cc1$")))
	and any(.[]; .ev=="open" and .src=="preload" and (.path|endswith(".c")))
	and any(.[]; .ev=="getenv" and .src=="preload")
	and all(.[]; .src != "sys" or (.ev|IN("run","exit","end")))'
check "mode preload: the report states the blind spots" grep -q "not seen in this mode:.*statically linked" "$d/pre.report"
check "mode preload: the report lists the compilers the shim saw" grep -q "cc1" "$d/pre.report"

# Opens the shim makes itself in mode ptrace (docs/trace-format.md): only
# while the process has had one thread, never for a file gotrace
# fingerprints; every result the same as untraced, every open recorded once
to=$d/thread-open
mkdir -p "$to"
echo a >"$to/one"
echo b >"$to/two"
echo c >"$to/three"
printf 'module example.com/x\n' >"$to/go.mod"
same_run "opens before and after a second thread" "$d/to.jsonl" "$PROGS/thread_open" "$to"
check "the shim made the opens of the single-threaded process, the tracer the rest" jqt "$d/to.jsonl" '
	def src(n): [.[] | select(.ev=="open" and (.path|endswith("/" + n))) | .src];
	src("one") == ["preload"] and src("none") == ["preload"] and src("two") == ["preload"] and
	src("go.mod") == ["sys"] and src("three") == ["sys"]'
check "the shim's events say what the program got (fopen named, the failure with its errno)" jqt "$d/to.jsonl" '
	any(.[]; .ev=="open" and (.path|endswith("/none")) and .err=="ENOENT" and .ret==-1) and
	any(.[]; .ev=="open" and (.path|endswith("/two")) and .fn=="fopen" and .ret>=0 and
		.flags==["O_RDONLY","O_CLOEXEC"])'
"$GOTRACE" -q --no-shim-opens -o "$d/to-trap.jsonl" "$PROGS/thread_open" "$to" >/dev/null
check "--no-shim-opens: the same opens, all from the tracer" sh -c "
	python3 '$TOP/tests/e2e/cmp_opens.py' '$d/to.jsonl' '$d/to-trap.jsonl' &&
	jq -e -s '[.[] | select(.ev==\"open\" and .src!=\"sys\")] | length == 0' '$d/to-trap.jsonl' >/dev/null"

# One process's events stay in its order though two layers record them:
# the tracer holds the trace from the stop on, so the shim's next event
# cannot be written before the tracer's (a failed open answered at entry,
# a successful one at its exit)
oo=$d/open-order
mkdir -p "$oo"
for i in $(seq 0 2 299); do : >"$oo/libgtorder$i.so"; : >"$oo/plain$i"; done
"$GOTRACE" -q -o "$d/oo.jsonl" "$PROGS/open_order" "$oo" 300 >"$d/oo.out"
check "open order: 600 opens, both layers, recorded in the order the program made them" sh -c "
	jq -r 'select(.ev==\"open\" and (.path|startswith(\"$oo/\"))) | .path' '$d/oo.jsonl' >'$d/oo.trace' &&
	cmp -s '$d/oo.out' '$d/oo.trace' && test \$(wc -l <'$d/oo.trace') -eq 600 &&
	jq -e -s '[.[] | select(.ev==\"open\" and .src==\"preload\")] | length >= 300' '$d/oo.jsonl' >/dev/null"
