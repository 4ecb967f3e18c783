# Shipping: make install into a DESTDIR staging tree runs from there with the
# installed shim (no build path in the binary), make uninstall removes every
# file install wrote; the man page is clean for groff; the bash completion
# answers as bash would ask it.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$d/stage" PREFIX=/usr install >"$d/install.out" 2>&1
check "make install DESTDIR=... PREFIX=/usr: the binary, both libraries, the man page, the completions" sh -c "
	test -x '$d/stage/usr/bin/gotrace' && test -x '$d/stage/usr/bin/gotrace-gopls' && test -f '$d/stage/usr/lib/gotrace/lib/x86_64-linux-gnu/libgotrace.so' &&
	test -f '$d/stage/usr/lib/gotrace/lib/x86_64-linux-gnu/libgtaudit.so' && test -L '$d/stage/usr/lib/gotrace/lib64' &&
	test -f '$d/stage/usr/share/man/man1/gotrace.1' && test -f '$d/stage/usr/share/bash-completion/completions/gotrace' &&
	test -f '$d/stage/usr/share/zsh/vendor-completions/_gotrace'"
check "the installed binary holds no build path" sh -c "! grep -q '$BUILD' '$d/stage/usr/bin/gotrace'"
if [ "$(id -u)" = 0 ] && command -v getcap >/dev/null; then
	check "make install as root: gotrace-openrec with CAP_BPF and CAP_PERFMON, and nothing more" sh -c "
		getcap '$d/stage/usr/lib/gotrace/gotrace-openrec' | grep -Eq '(cap_bpf,cap_perfmon|cap_perfmon,cap_bpf)=ep\$'"
else
	check "make install: gotrace-openrec installed (without root: no capabilities, said once)" sh -c "
		test -x '$d/stage/usr/lib/gotrace/gotrace-openrec' && grep -q 'could not give' '$d/install.out'"
fi
"$d/stage/usr/bin/gotrace" --version >"$d/ver.txt"
check "the staged binary uses the staged shim" grep -q "^  preload shim: $d/stage/usr/bin/../lib/gotrace/\$LIB/libgotrace.so\$" "$d/ver.txt"
"$d/stage/usr/bin/gotrace" -q -o "$d/t.jsonl" sh -c '/bin/true; :'
check "a run of the staged binary: the shim's events are there (it loaded)" jqt "$d/t.jsonl" '
	.[0].shim == true and any(.[]; .src == "preload")'
check "the man page carries this version" grep -q "\"gotrace $(sed -n 's/^VERSION := //p' "$TOP/Makefile")\"" "$d/stage/usr/share/man/man1/gotrace.1"
if command -v groff >/dev/null; then
	groff -man -ww -Tutf8 -P-cbou "$d/stage/usr/share/man/man1/gotrace.1" >"$d/man.txt" 2>"$d/groff.err"
	check "groff -man -ww: not a word of warning, and the page names every subcommand and option --help does" sh -c "
		! test -s '$d/groff.err' && for w in report diff env export probe verify --stall --timeout --mode --color \\
			--no-latency-hint --no-shim-opens --opens --open-notify --json --version GOTRACE_KEEP NO_COLOR XDG_STATE_HOME; do
			grep -q -- \"\$w\" '$d/man.txt' || { echo \"man page lacks \$w\"; exit 1; }
			\"\$GOTRACE\" --help | grep -q -- \"\$w\" || { echo \"--help lacks \$w\"; exit 1; }; done"
else
	skip "man page under groff" "groff is not installed"
fi
make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$d/stage" PREFIX=/usr uninstall >/dev/null 2>&1
check "make uninstall: every file install wrote is gone, and gotrace's library directory" sh -c "
	test -z \"\$(find '$d/stage' -type f -o -type l)\" && ! test -e '$d/stage/usr/lib/gotrace'"

# another LIBDIR (Debian's multiarch directory): the binary finds the shim
# there, from its own location; the path is compiled in, so this relinks
# gotrace, which only the plain build can do (the sanitizer builds need
# their flags at link time, which a plain make call does not pass)
case $(basename "$BUILD") in
build-asan*)
	skip "install with LIBDIR=/usr/lib/x86_64-linux-gnu" "a plain make cannot relink the sanitizer build"
	;;
*)
	make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$d/stage2" PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu install >/dev/null 2>&1
	"$d/stage2/usr/bin/gotrace" --version >"$d/ver2.txt"
	check "LIBDIR=/usr/lib/x86_64-linux-gnu: the shim installed there and used from there" sh -c "
		test -f '$d/stage2/usr/lib/x86_64-linux-gnu/gotrace/lib/x86_64-linux-gnu/libgotrace.so' &&
		grep -q '^  preload shim: $d/stage2/usr/bin/../lib/x86_64-linux-gnu/gotrace/\$LIB/libgotrace.so\$' '$d/ver2.txt'"
	make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$d/stage2" PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu uninstall >/dev/null 2>&1
	check "LIBDIR=...: uninstall leaves nothing" test -z "$(find "$d/stage2" -type f -o -type l)"
	# put the build's own binary back as it was
	make -s -C "$TOP" BUILD="$BUILD" all >/dev/null 2>&1
	;;
esac

# the bash completion, called as bash calls it
if [ -f /usr/share/bash-completion/bash_completion ]; then
	# comp WORD...: what the completion offers for the last word, one a line
	cat >"$d/comp.sh" <<'SH'
. /usr/share/bash-completion/bash_completion
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_gotrace gotrace "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
SH
	comp="bash $d/comp.sh $TOP/completions/gotrace.bash"
	check "bash completion: subcommands after gotrace" sh -c "$comp gotrace ex | grep -qx export"
	check "bash completion: --mode values" sh -c "test \"\$($comp gotrace --mode p | sort | tr '\n' ' ')\" = 'preload ptrace '"
	check "bash completion: --opens values" sh -c "test \"\$($comp gotrace --opens k | tr '\n' ' ')\" = 'kernel '"
	check "bash completion: --color= values" sh -c "$comp gotrace --color=a | grep -qx auto"
	mkdir -p "$d/traces" && : >"$d/traces/ci.jsonl" && : >"$d/traces/notes.txt"
	check "bash completion: report offers trace files" sh -c "cd '$d/traces' && $comp gotrace report c | grep -qx ci.jsonl"
	check "bash completion: report's options" sh -c "$comp gotrace report --h | grep -qx -- --html"
else
	skip "bash completion" "bash-completion is not installed"
fi

# make deb: a package apt would install, Depends from the linked libraries
deb=$(make -s -C "$TOP" BUILD="$BUILD" deb 2>"$d/deb.err" | tail -1)
case $deb in /*) ;; *) deb=$TOP/$deb ;; esac
check "make deb: gotrace_VERSION_ARCH.deb with its control fields" sh -c "
	test -f '$deb' && dpkg-deb -f '$deb' Package | grep -qx gotrace &&
	dpkg-deb -f '$deb' Version | grep -qx \"\$(sed -n 's/^VERSION := //p' '$TOP/Makefile')\" &&
	dpkg-deb -f '$deb' Architecture | grep -qx \"\$(dpkg --print-architecture)\""
check "make deb: Depends names the package of each library gotrace links or loads" sh -c "
	dep=\$(dpkg-deb -f '$deb' Depends)
	for p in libseccomp2 libcurl4 libssl3 libjansson4 libzip4 libc6; do
		echo \"\$dep\" | grep -q \"\$p (>= \" || { echo \"Depends lacks \$p: \$dep\"; exit 1; }; done"
check "make deb: the files install writes" sh -c "
	dpkg-deb -c '$deb' | awk '{print \$6}' >'$d/deb.list' &&
	for f in ./usr/bin/gotrace ./usr/bin/gotrace-gopls ./usr/lib/gotrace/lib/x86_64-linux-gnu/libgotrace.so ./usr/lib/gotrace/gotrace-openrec ./usr/share/man/man1/gotrace.1 \\
		./usr/share/bash-completion/completions/gotrace ./usr/share/zsh/vendor-completions/_gotrace; do
		grep -qx \"\$f\" '$d/deb.list' || { echo \"missing \$f\"; exit 1; }; done"
dpkg-deb -e "$deb" "$d/debctl"
check "make deb: postinst gives gotrace-openrec its capabilities at configure, and says so when it cannot" sh -c "
	sh -n '$d/debctl/postinst' && grep -q 'setcap cap_bpf,cap_perfmon=ep \"\$helper\"' '$d/debctl/postinst' &&
	grep -q '^helper=/usr/lib/gotrace/gotrace-openrec\$' '$d/debctl/postinst' && grep -q 'could not give' '$d/debctl/postinst' &&
	dpkg-deb -f '$deb' Recommends | grep -q libcap2-bin"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	check "apt would install it (apt-get install --simulate ./gotrace_….deb)" sh -c "
		apt-get install -s '$deb' 2>&1 | grep -q '^Inst gotrace '"
fi
dpkg-deb -x "$deb" "$d/debroot"
"$d/debroot/usr/bin/gotrace" -q -o "$d/deb.jsonl" sh -c '/bin/true; :'
check "the packaged binary, unpacked anywhere, runs with its own shim" jqt "$d/deb.jsonl" '.[0].shim == true and any(.[]; .src == "preload")'
