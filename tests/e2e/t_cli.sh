# What a user expects of a Linux tool's command line: colour that follows
# --color and NO_COLOR, and --version saying what gotrace runs with and
# whether this machine lets it trace.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
esc=$(printf '\033')
"$GOTRACE" -q -o "$d/f.jsonl" sh -c 'echo boom >&2; exit 3' 2>/dev/null
"$GOTRACE" report --color=always "$d/f.jsonl" >"$d/always.txt"
check "--color=always: ✗ in bold red, even into a file" grep -q "${esc}\\[1;31m✗${esc}\\[0m failure" "$d/always.txt"
"$GOTRACE" report --color "$d/f.jsonl" >"$d/bare.txt"
check "--color alone is always" grep -q "${esc}\\[1;31m✗" "$d/bare.txt"
"$GOTRACE" report --color=never "$d/f.jsonl" >"$d/never.txt"
"$GOTRACE" report "$d/f.jsonl" >"$d/auto.txt"
check "--color=never, and auto into a pipe: no escape at all" sh -c "! grep -q '$esc' '$d/never.txt' '$d/auto.txt' && grep -q '^✗ failure' '$d/never.txt'"
# auto on a terminal: colour, unless NO_COLOR is set
python3 "$TOP/tests/e2e/onpty.py" "$GOTRACE" report "$d/f.jsonl" >"$d/tty.txt"
env NO_COLOR=1 python3 "$TOP/tests/e2e/onpty.py" "$GOTRACE" report "$d/f.jsonl" >"$d/tty-nc.txt"
check "auto on a terminal: colour" grep -q "${esc}\\[1;31m✗" "$d/tty.txt"
check "auto on a terminal with NO_COLOR set: none" sh -c "grep -q 'failure' '$d/tty-nc.txt' && ! grep -q '$esc' '$d/tty-nc.txt'"
"$GOTRACE" --color=always -o "$d/r.jsonl" sh -c 'exit 4' 2>"$d/run.err"
check "--color=always for the report after a run (on stderr)" sh -c "test $? -eq 4 && grep -q '${esc}\\[1;31m✗' '$d/run.err'"
"$GOTRACE" report --color=sometimes "$d/f.jsonl" >/dev/null 2>"$d/bad.err"
check "report --color=sometimes: exit 2, one line" sh -c "test $? -eq 2 && test \$(wc -l <'$d/bad.err') -eq 1"
"$GOTRACE" --color=sometimes true 2>"$d/bad2.err"
check "gotrace --color=sometimes: exit 125, one line, nothing run" sh -c "test $? -eq 125 && test \$(wc -l <'$d/bad2.err') -eq 1"

# --version: the libraries, and what this machine allows (as strace -V)
"$GOTRACE" --version >"$d/ver.txt"
check "--version: gotrace's version, then libseccomp, libcurl, OpenSSL, jansson, libzip" sh -c "
	head -1 '$d/ver.txt' | grep -Eq '^gotrace [0-9]+\\.[0-9]+\\.[0-9]+\$' &&
	sed -n 2p '$d/ver.txt' | grep -Eq '^  libseccomp [0-9]+\\.[0-9]+\\.[0-9]+, libcurl [0-9.]+, OpenSSL [0-9.]+.*, jansson [0-9.]+, libzip [0-9.]+\$'"
check "--version: ptrace and seccomp as this machine allows them, and the shim gotrace will use" sh -c "
	grep -q '^  ptrace: allowed' '$d/ver.txt' && grep -q '^  seccomp: filters with the trace action available' '$d/ver.txt' &&
	grep -q '^  preload shim: /.*/\\\$LIB/libgotrace.so\$' '$d/ver.txt' && ! grep -q 'itself traced' '$d/ver.txt'"
"$GOTRACE" -V >"$d/ver2.txt"
check "-V is --version" cmp -s "$d/ver.txt" "$d/ver2.txt"
if command -v strace >/dev/null; then
	# (LeakSanitizer stops the world with ptrace, which strace holds: off for this run under make check-asan)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o /dev/null "$GOTRACE" --version >"$d/ver-traced.txt"
	check "--version under strace: says this gotrace is itself traced, so auto falls back" grep -q 'itself traced (pid [0-9]*)' "$d/ver-traced.txt"
fi

# libcurl and libzip are loaded only by probe and verify: tracing never maps them
# (thirty libraries, half of gotrace's start), and without them probe and verify say so
mkdir -p "$d/nolibs"
echo 'not a library' >"$d/nolibs/libcurl.so.4"
echo 'not a library' >"$d/nolibs/libzip.so.4"
check "gotrace links neither libcurl nor libzip" sh -c "
	! readelf -d '$GOTRACE' | grep -Eq 'NEEDED.*(libcurl|libzip)'"
LD_LIBRARY_PATH=$d/nolibs "$GOTRACE" -q -o "$d/nolibs.jsonl" sh -c 'echo traced' >"$d/nolibs.out" 2>&1
check "a traced command runs while the libcurl and libzip found are broken" sh -c "
	test $? -eq 0 && grep -qx traced '$d/nolibs.out' && jq -e 'select(.ev==\"end\") | .status == 0' '$d/nolibs.jsonl' >/dev/null"
(cd "$d" && LD_LIBRARY_PATH=$d/nolibs "$GOTRACE" probe example.com/m@v1.0.0 >"$d/nocurl.out" 2>"$d/nocurl.err")
check "probe without a usable libcurl: exit 2, one line saying why, no verdict" sh -c "
	test $? -eq 2 && test \$(wc -l <'$d/nocurl.err') -eq 1 && grep -q '^gotrace probe: cannot load libcurl: ' '$d/nocurl.err' &&
	! test -s '$d/nocurl.out'"
(cd "$d" && LD_LIBRARY_PATH=$d/nolibs "$GOTRACE" verify "$d" >"$d/nozip.out" 2>"$d/nozip.err")
check "verify without a usable libzip: exit 2, one line saying why" sh -c "
	test $? -eq 2 && test \$(wc -l <'$d/nozip.err') -eq 1 && grep -q '^gotrace verify: cannot load libzip: ' '$d/nozip.err'"
