# Libraries: a cgo program linked with -L against a library that is on no
# run-time path. The test builds its own small C library.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# traced NAME DIR [VAR=VALUE...] GO-ARGS...: go GO-ARGS in DIR, hermetic (then
# VAR=VALUE) and traced; the trace, status, output and JSON report in
# $d/NAME.jsonl, .rc, .out and .json
traced() {
	_n=$1
	_dir=$2
	shift 2
	(
		go_hermetic
		while [ $# -gt 0 ] && [ "${1#*=}" != "$1" ]; do
			export "$1"
			shift
		done
		cd "$_dir" && "$GOTRACE" -q --timeout 120 -o "$d/$_n.jsonl" go "$@" >"$d/$_n.out" 2>&1
		echo $? >"$d/$_n.rc"
	)
	"$GOTRACE" report --json "$d/$_n.jsonl" >"$d/$_n.json"
}
mkdir -p "$d/lib" "$d/app"
printf 'int gt_foo(void){return 7;}\n' >"$d/foo.c"
cc -shared -fPIC -Wl,-soname,libgtfoo.so.1 -o "$d/lib/libgtfoo.so.1" "$d/foo.c"
ln -s libgtfoo.so.1 "$d/lib/libgtfoo.so"
printf 'module example.com/app\n\ngo 1.21\n' >"$d/app/go.mod"
cat >"$d/app/main.go" <<EOF2
package main

/*
#cgo LDFLAGS: -L$d/lib -lgtfoo
int gt_foo(void);
*/
import "C"

import "fmt"

func main() { fmt.Println(C.gt_foo()) }
EOF2
(
	go_hermetic
	cd "$d/app" && "$GOTRACE" -q --timeout 120 -o "$d/miss.jsonl" go run . >/dev/null 2>&1
	echo $? >"$d/miss.rc"
	# the fix the report gives
	CGO_LDFLAGS="-Wl,-rpath,$d/lib" "$GOTRACE" -q --timeout 120 -o "$d/fixed.jsonl" go run . >"$d/fixed.out" 2>&1
	echo $? >"$d/fixed.rc"
)
"$GOTRACE" report --json "$d/miss.jsonl" >"$d/miss.json"
check "missing library: go run's status passed through, the program's 127 in the trace and the finding" sh -c "
	grep -qx 1 '$d/miss.rc' && jq -e -s 'any(.[]; .ev == \"exit\" and .code == 127)' '$d/miss.jsonl' >/dev/null &&
	jq -e 'any(.findings[0].evidence[]; .text == \"exit 127\")' '$d/miss.json' >/dev/null"
check "missing library: the first finding names it and the program that needed it" jqf '
	.findings[0].id == "library-missing" and .findings[0].severity == "cause"
	and (.findings[0].verdict | test("^libgtfoo.so.1 not found when .*/exe/app started"))' "$d/miss.json"
check "missing library: ld.so's tries, folded per directory" jqf '
	.findings[0].evidence | any(.text | test("ld.so tried [0-9]+ paths in: .*/usr/lib/x86_64-linux-gnu"))
	and (any(.text | test("glibc-hwcaps, ")) | not)' "$d/miss.json"
check "missing library: where ld found it at link time" jqf "
	.findings[0].evidence | any(.text == \"at link time \" + (.text|capture(\"time (?<w>[^ ]+) found\").w) + \" found $d/lib/libgtfoo.so\" and .line > 1)" "$d/miss.json"
check "missing library: the fix names the directory" jqf "
	.findings[0].fix | test(\"-Wl,-rpath,$d/lib\") and test(\"LD_LIBRARY_PATH=$d/lib\")" "$d/miss.json"
check "missing library: the failure points at it" jqf '
	any(.findings[]; .id == "failure" and .see == "library-missing")' "$d/miss.json"
check "the fix applied: the program runs" sh -c "grep -qx 0 '$d/fixed.rc' && grep -qx 7 '$d/fixed.out'"
"$GOTRACE" report --json "$d/fixed.jsonl" >"$d/fixed.json"
check "the fix applied: no library cause or warning" jqf 'all(.findings[]; .subject != "library" or .severity == "info")' "$d/fixed.json"
check "the fix applied: the program is dynamically linked and loaded libgtfoo.so.1 from the rpath" jqf "
	any(.findings[]; .id == \"library-dynamic\" and (.verdict | test(\"^app is dynamically linked .*ld-linux-x86-64.so.2.*$d/lib/libgtfoo.so.1\")))" "$d/fixed.json"

# link time: -lgtbar where only the run-time file libgtbar.so.1 exists
mkdir -p "$d/lib2" "$d/app2"
printf 'int gt_bar(void){return 8;}\n' >"$d/bar.c"
cc -shared -fPIC -Wl,-soname,libgtbar.so.1 -o "$d/lib2/libgtbar.so.1" "$d/bar.c"
printf 'module example.com/app2\n\ngo 1.21\n' >"$d/app2/go.mod"
sed "s|-L$d/lib -lgtfoo|-L$d/lib2 -lgtbar|; s/gt_foo/gt_bar/g" "$d/app/main.go" >"$d/app2/main.go"
traced link "$d/app2" build -o "$d/app2/x" .
check "-lgtbar: the build fails" sh -c "! grep -qx 0 '$d/link.rc'"
check "-lgtbar: one finding, first, names the flag and what ld looked for" jqf '
	.findings[0].id == "library-link-missing" and (.findings[0].verdict | test("^-lgtbar: .* found neither libgtbar.so nor libgtbar.a"))
	and ([.findings[] | select(.id == "library-link-missing")] | length) == 1' "$d/link.json"
check "-lgtbar: the -L directory is among those searched, with ld's first try" jqf "
	.findings[0].evidence | any(.text | test(\"searched [0-9]+ paths in: $d/lib2\"))
	and any(.text == \"first try: $d/lib2/libgtbar.so (ENOENT)\" and .line > 1)" "$d/link.json"
check "-lgtbar: only the run-time file is there, and the fix makes the link" jqf "
	(.findings[0].evidence | any(.text | test(\"$d/lib2/libgtbar.so.1 exists\")))
	and (.findings[0].fix | test(\"ln -s libgtbar.so.1 $d/lib2/libgtbar.so\"))" "$d/link.json"

# pkg-config: found through PKG_CONFIG_PATH, and not found without it
opt=/opt/gotrace-test-$$
trap 'rm -rf "$opt"' EXIT
mkdir -p "$d/pc" "$d/app3"
printf 'Name: gtfoo\nDescription: test\nVersion: 1\nLibs: -L%s/lib -lgtfoo -Wl,-rpath,%s/lib\nCflags:\n' "$d" "$d" >"$d/pc/gtfoo.pc"
printf 'module example.com/app3\n\ngo 1.21\n' >"$d/app3/go.mod"
sed "s|#cgo LDFLAGS: -L$d/lib -lgtfoo|#cgo pkg-config: gtfoo|" "$d/app/main.go" >"$d/app3/main.go"
(
	go_hermetic
	cd "$d/app3" || exit 1
	# a flag of its own, so the build cache cannot skip pkg-config
	export CGO_CFLAGS="-O2 -DGT_PKG_TEST=$$"
	PKG_CONFIG_PATH="$d/pc" "$GOTRACE" -q --timeout 120 -o "$d/pc-ok.jsonl" go build -o "$d/app3/x" . >/dev/null 2>&1
	echo $? >"$d/pc-ok.rc"
	export CGO_CFLAGS="-O2 -DGT_PKG_TEST2=$$"
	# installed under a prefix of its own, outside PKG_CONFIG_PATH
	mkdir -p "$opt/lib/pkgconfig" "$d/nopc"
	cp "$d/pc/gtfoo.pc" "$opt/lib/pkgconfig/"
	PKG_CONFIG_PATH="$d/nopc" "$GOTRACE" -q --timeout 120 -o "$d/pc-miss.jsonl" go build -o "$d/app3/x" . >/dev/null 2>&1
	echo $? >"$d/pc-miss.rc"
)
"$GOTRACE" report --json "$d/pc-ok.jsonl" >"$d/pc-ok.json"
"$GOTRACE" report --json "$d/pc-miss.jsonl" >"$d/pc-miss.json"
check "pkg-config: with PKG_CONFIG_PATH the build works and the .pc file is named" sh -c "
	grep -qx 0 '$d/pc-ok.rc' && jq -e 'any(.findings[]; .id == \"pkg-config\"
		and .verdict == \"pkg-config gtfoo: $d/pc/gtfoo.pc (PKG_CONFIG_PATH=$d/pc, from the environment go passed)\")' '$d/pc-ok.json' >/dev/null"
check "pkg-config: the flags it returned, from its standard output" jqf "
	any(.findings[] | select(.id == \"pkg-config\") | .evidence[];
		.text == \"pkg-config --libs returned: -L$d/lib -lgtfoo -Wl,-rpath,$d/lib\" and .line > 1)" "$d/pc-ok.json"
check "pkg-config: without it the build fails and the cause lists where it looked" jqf "
	.findings[0].id == \"pkg-config-missing\" and (.findings[0].verdict | test(\"^pkg-config gtfoo: no gtfoo.pc in $d/nopc, .*/usr/share/pkgconfig \\\\(PKG_CONFIG_PATH=$d/nopc\\\\)\"))" "$d/pc-miss.json"
check "pkg-config: the .pc file on disk is named, and the variable to set" jqf "
	any(.findings[0].evidence[]; .text == \"$opt/lib/pkgconfig/gtfoo.pc exists (seen when the report was made)\")
	and .findings[0].fix == \"export PKG_CONFIG_PATH=$opt/lib/pkgconfig:$d/nopc\"" "$d/pc-miss.json"
rm -rf "$opt"
check "pkg-config: the failure finding points at it" jqf 'any(.findings[]; .id == "failure" and .see == "pkg-config-missing")' "$d/pc-miss.json"

# ld.so refuses what it found: a symbol version the library lacks
mkdir -p "$d/v/new" "$d/v/old"
printf 'VERS_1 { global: gt_a; local: *; };\nVERS_2 { global: gt_b; } VERS_1;\n' >"$d/v/new.map"
printf 'VERS_1 { global: gt_a; local: *; };\n' >"$d/v/old.map"
printf 'int gt_a(void){return 1;}\nint gt_b(void){return 2;}\n' >"$d/v/new.c"
printf 'int gt_a(void){return 1;}\n' >"$d/v/old.c"
cc -shared -fPIC -Wl,--version-script="$d/v/new.map" -Wl,-soname,libgtver.so.1 -o "$d/v/new/libgtver.so.1" "$d/v/new.c"
ln -s libgtver.so.1 "$d/v/new/libgtver.so"
cc -shared -fPIC -Wl,--version-script="$d/v/old.map" -Wl,-soname,libgtver.so.1 -o "$d/v/old/libgtver.so.1" "$d/v/old.c"
printf 'int gt_b(void);\nint main(void){return gt_b() - 2;}\n' >"$d/v/m.c"
cc -o "$d/v/prog" "$d/v/m.c" -L"$d/v/new" -lgtver
LD_LIBRARY_PATH="$d/v/old" "$GOTRACE" -q -o "$d/ver.jsonl" "$d/v/prog" 2>"$d/ver.err"
check "symbol version: ld.so's message is captured (it writes with writev)" jqt "$d/ver.jsonl" '
	any(.[]; .ev=="stderr" and (.text|test("version .VERS_2. not found")))'
"$GOTRACE" report --json "$d/ver.jsonl" >"$d/ver.json"
check "symbol version: a finding of its own, naming the version and the library loaded" jqf "
	.findings[0].id == \"library-version\"
	and (.findings[0].verdict | test(\"needs symbol version VERS_2, which $d/v/old/libgtver.so.1 does not have\"))
	and any(.findings[0].evidence[]; .text == \"ld.so loaded $d/v/old/libgtver.so.1\" and .line > 1)" "$d/ver.json"

# ld.so refuses what it found: a 32-bit library for a 64-bit program
if cc -m32 -shared -fPIC -Wl,-soname,libgtfoo.so.1 -o "$d/c32.so" "$d/foo.c" 2>/dev/null; then
	mkdir -p "$d/c32"
	mv "$d/c32.so" "$d/c32/libgtfoo.so.1"
	printf 'int gt_foo(void);\nint main(void){return gt_foo() - 7;}\n' >"$d/m2.c"
	cc -o "$d/prog2" "$d/m2.c" -L"$d/lib" -lgtfoo
	LD_LIBRARY_PATH="$d/c32" "$GOTRACE" -q -o "$d/cls.jsonl" "$d/prog2" 2>/dev/null
	"$GOTRACE" report --json "$d/cls.jsonl" >"$d/cls.json"
	check "wrong ELF class: the 32-bit file ld.so found is named, not reported as missing" jqf "
		.findings[0].id == \"library-wrong-class\"
		and (.findings[0].verdict | test(\"$d/c32/libgtfoo.so.1, is 32-bit\"))
		and all(.findings[]; .id != \"library-missing\")" "$d/cls.json"
else
	skip "wrong ELF class" "no gcc -m32"
fi

# the LD_AUDIT library says where each candidate came from
mkdir -p "$d/empty"
printf 'int gt_foo(void);\nint main(void){return gt_foo() - 7;}\n' >"$d/m3.c"
cc -o "$d/prog3" "$d/m3.c" -L"$d/lib" -lgtfoo
LD_LIBRARY_PATH="$d/empty" "$GOTRACE" -q -o "$d/aud.jsonl" "$d/prog3" 2>/dev/null
check "LD_AUDIT: ld_search events with their origin, from src audit" jqt "$d/aud.jsonl" "
	any(.[]; .ev==\"ld_search\" and .src==\"audit\" and .name==\"$d/empty/libgtfoo.so.1\" and .how==\"LD_LIBRARY_PATH\")
	and any(.[]; .ev==\"ld_search\" and .how==\"default\")"
check "LD_AUDIT: LD_AUDIT and GOTRACE_AUDIT are not in the recorded environment" jqt "$d/aud.jsonl" '
	all(.[] | select(.ev=="exec") | (.env // {}); has("LD_AUDIT") == false and has("GOTRACE_AUDIT") == false)'
"$GOTRACE" report --json "$d/aud.jsonl" >"$d/aud.json"
check "LD_AUDIT: the missing-library finding groups the candidates by origin" jqf "
	.findings[0].id == \"library-missing\" and any(.findings[0].evidence[];
		.text | test(\"candidates by origin \\\\(LD_AUDIT\\\\): LD_LIBRARY_PATH: $d/empty; RPATH/RUNPATH: none; ld.so.cache: none; default: .*/usr/lib/x86_64-linux-gnu\"))" "$d/aud.json"

# link time: -lgtnotthere, a library that exists nowhere
mkdir -p "$d/app4"
printf 'module example.com/app4\n\ngo 1.21\n' >"$d/app4/go.mod"
sed "s|-L$d/lib -lgtfoo|-L$d/lib -lgtnotthere|" "$d/app/main.go" >"$d/app4/main.go"
traced none "$d/app4" build -o "$d/app4/x" .
check "-lgtnotthere: the build fails" sh -c "! grep -qx 0 '$d/none.rc'"
check "-lgtnotthere: the first finding lists the directories ld searched, -L first" jqf "
	.findings[0].id == \"library-link-missing\" and (.findings[0].verdict | test(\"^-lgtnotthere: \"))
	and any(.findings[0].evidence[]; .text | test(\"searched [0-9]+ paths in: $d/lib, .*/usr/lib\"))" "$d/none.json"
check "-lgtnotthere: it says no such library exists on disk" jqf '
	any(.findings[0].evidence[]; .text | test("^no libgtnotthere.so, libgtnotthere.so.\\* or libgtnotthere.a found in any place searched"))' "$d/none.json"

# a development link missing for a library a Debian package installed
dev=""
for l in acl attr gmp selinux; do
	set -- /usr/lib/x86_64-linux-gnu/lib$l.so.[0-9]*
	if [ -e "$1" ] && [ ! -e "/usr/lib/x86_64-linux-gnu/lib$l.so" ] && [ ! -e "/lib/x86_64-linux-gnu/lib$l.so" ]; then
		dev=$l
		break
	fi
done
if [ -n "$dev" ]; then
	printf 'int main(void){return 0;}\n' >"$d/dev.c"
	"$GOTRACE" -q -o "$d/dev.jsonl" cc -o "$d/dev" "$d/dev.c" -l$dev >/dev/null 2>&1
	"$GOTRACE" report --json "$d/dev.jsonl" >"$d/dev.json"
	check "-l$dev: the run-time file is named with the package dpkg says owns it" jqf "
		.findings[0].id == \"library-link-missing\"
		and any(.findings[0].evidence[]; .text | test(\"/lib$dev.so.[0-9.]+ exists .*without the lib$dev.so development link\"))
		and any(.findings[0].evidence[]; .text | test(\"^dpkg -S: .* belongs to package lib\"))
		and (.findings[0].fix | test(\"^apt-get install lib[a-z0-9.+-]*-dev |^install the development package of lib\"))" "$d/dev.json"
	# the -dev package by name, when apt knows the source's packages (its lists are there)
	if [ -n "$(apt-cache search --names-only "^lib$dev.*-dev\$" 2>/dev/null)" ]; then
		check "-l$dev: the fix names the -dev package built from the same source" jqf "
			(.findings[0].fix | test(\"^apt-get install lib$dev[a-z0-9.+-]*-dev \"))
			and any(.findings[0].evidence[]; .text | test(\"is built from source [a-z0-9.+-]+, whose development package is lib$dev\"))" "$d/dev.json"
	else
		skip "-l$dev: the -dev package by name" "apt-cache knows no lib$dev*-dev package (no package lists)"
	fi
else
	skip "development link missing (dpkg)" "no acl, attr, gmp or selinux run-time library without its .so link here"
fi

# dlopen of a library that is not there
cat >"$d/dl.c" <<'EOF2'
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	if (!dlopen(argc > 1 ? argv[1] : "libgtplugin.so.1", RTLD_NOW)) {
		fprintf(stderr, "plugin: %s\n", dlerror());
		if (argc > 2) /* then become another program, which fails on its own */
			execvp(argv[2], argv + 2);
		return 1;
	}
	return 0;
}
EOF2
cc -o "$d/dl" "$d/dl.c" -ldl
LD_LIBRARY_PATH="$d/empty" "$GOTRACE" -q -o "$d/dl.jsonl" "$d/dl" 2>"$d/dl.err"
echo $? >"$d/dl.rc"
"$GOTRACE" report --json "$d/dl.jsonl" >"$d/dl.json"
check "dlopen: exit status and stderr passed through" sh -c "grep -qx 1 '$d/dl.rc' && grep -q 'plugin: libgtplugin.so.1: cannot open' '$d/dl.err'"
check "dlopen: the first finding, with dlerror's text" jqf '
	.findings[0].id == "library-dlopen" and .findings[0].severity == "cause"
	and (.findings[0].verdict | test("^dlopen\\(\"libgtplugin.so.1\"\\) failed in .*/dl \\(pid"))
	and any(.findings[0].evidence[]; .text == "dlerror: libgtplugin.so.1: cannot open shared object file: No such file or directory" and .line > 1)' "$d/dl.json"
check "dlopen: the search, with where each candidate came from" jqf "
	any(.findings[0].evidence[]; .text | test(\"ld.so tried [0-9]+ paths in: $d/empty, \"))
	and any(.findings[0].evidence[]; .text | test(\"candidates by origin \\\\(LD_AUDIT\\\\): LD_LIBRARY_PATH: $d/empty;\"))
	and any(.findings[0].evidence[]; .text | test(\"^no libgtplugin.so, \"))" "$d/dl.json"
LD_LIBRARY_PATH="$d/lib" "$GOTRACE" -q -o "$d/dlok.jsonl" "$d/dl" libgtfoo.so.1
"$GOTRACE" report --json "$d/dlok.jsonl" >"$d/dlok.json"
check "dlopen that worked: the name and the file it gave" jqf "
	any(.findings[]; .id == \"library-dlopen-ok\" and (.verdict | endswith(\"loaded 1 library with dlopen: libgtfoo.so.1 → $d/lib/libgtfoo.so.1\")))
	and all(.findings[]; .severity == \"info\")" "$d/dlok.json"

# the twin: the process that failed the dlopen said so, then exec'd another
# program that failed for its own reasons (pyenv's shims do `enable -f
# x.dylib 2>/dev/null` in bash, then exec python): that failure is not the
# dlopen's doing
LD_LIBRARY_PATH="$d/empty" "$GOTRACE" -q -o "$d/dlx.jsonl" "$d/dl" libgtplugin.so.1 false 2>/dev/null
"$GOTRACE" report --json "$d/dlx.jsonl" >"$d/dlx.json"
check "dlopen, then exec of a program that fails: a warning naming the program that called it, not the cause" jqf '
	any(.findings[]; .id == "library-dlopen" and .severity == "warning" and (.verdict | test("failed in .*/dl \\(pid")))
	and all(.findings[]; .id != "library-dlopen" or .severity != "cause")
	and any(.findings[]; .id == "failure" and .severity == "cause" and (.verdict | test("^false exited 1")))' "$d/dlx.json"

# a C header cgo's compiler cannot find: the directories it searched (its
# opens), and where the header is when it is on this machine
mkdir -p "$d/hdr1" "$d/hdr2"
for h in 1 2; do printf 'module example.com/hdr%s\n\ngo 1.21\n' $h >"$d/hdr$h/go.mod"; done
printf 'package main\n\n/*\n#include <gtnothere.h>\n*/\nimport "C"\n\nfunc main() {}\n' >"$d/hdr1/main.go"
printf 'package main\n\n/*\n#include <criterion.h>\n*/\nimport "C"\n\nfunc main() {}\n' >"$d/hdr2/main.go"
traced hdr1 "$d/hdr1" build -o "$d/hdr1/x" .
check "missing header: the build fails, and the first cause names the header and the search" jqf '
	.findings[0].id == "c-header-missing" and .findings[0].severity == "cause"
	and (.findings[0].verdict | test("^gtnothere.h not found: cc1 looked in [0-9]+ directories and it is in none$"))
	and any(.findings[0].evidence[]; .text | test("^searched, in order: .*/usr/include"))
	and any(.findings[0].evidence[]; .text | test("^no gtnothere.h on this machine"))' "$d/hdr1.json"
check "missing header, no Contents index: the fix says how to find the package" jqf '
	.findings[0].fix | test("apt-file search .*apt has no Contents index here")' "$d/hdr1.json"
# apt's Contents index (apt-file's), given as a lists directory of its own: the package by name
mkdir -p "$d/lists"
printf 'usr/include/other.h\t\tlibdevel/libother-dev\nusr/include/gtnothere.h\t\tlibdevel/libgtnothere-dev,libdevel/libgtnothere2-dev\n' \
	>"$d/lists/deb.example_dists_x_main_Contents-amd64"
GOTRACE_APT_LISTS="$d/lists" "$GOTRACE" report --json "$d/hdr1.jsonl" >"$d/hdr1c.json"
if [ -x /usr/lib/apt/apt-helper ]; then
	check "missing header, with a Contents index: the package that holds it, and apt-get install" jqf '
		any(.findings[0].evidence[]; .text == "apt'"'"'s Contents index (read when the report was made): /usr/include/gtnothere.h is in package libgtnothere-dev")
		and (.findings[0].fix | test("^apt-get install libgtnothere-dev,"))' "$d/hdr1c.json"
else
	skip "missing header, with a Contents index" "no /usr/lib/apt/apt-helper"
fi
check "missing header: the failure of cc1 points at it" jqf '
	any(.findings[]; .id == "failure" and .see == "c-header-missing" and (.verdict | test("^cc1 exited")))' "$d/hdr1.json"
traced hdr2 "$d/hdr2" build -o "$d/hdr2/x" .
check "header in a directory not searched: named with its package and the -I fix" jqf '
	.findings[0].id == "c-header-missing"
	and any(.findings[0].evidence[]; .text == "/usr/include/criterion/criterion.h exists (package libcriterion-dev:amd64; seen when the report was made)")
	and (.findings[0].fix | test("#cgo CFLAGS: -I/usr/include/criterion"))' "$d/hdr2.json"
check "the twin: a cgo build whose headers are all found has no such finding" jqf '
	all(.findings[]; .id != "c-header-missing")' "$d/fixed.json"

# the program's own DT_RUNPATH ($ORIGIN/lib), read from its ELF file: a
# directory there holding another version of the library is named, not
# "exists nowhere"; a RUNPATH directory that does not exist is named too
# (ld.so drops it before LD_AUDIT hears of it)
mkdir -p "$d/rp/v2" "$d/rp/bin/lib"
cc -shared -fPIC -Wl,-soname,libgtrp.so.2 -o "$d/rp/v2/libgtrp.so.2" "$d/foo.c"
ln -s libgtrp.so.2 "$d/rp/v2/libgtrp.so"
cc -shared -fPIC -Wl,-soname,libgtrp.so.1 -o "$d/rp/bin/lib/libgtrp.so.1" "$d/foo.c"
printf 'int gt_foo(void);\nint main(void){return gt_foo() == 7 ? 0 : 1;}\n' >"$d/rp/main.c"
cc -o "$d/rp/bin/prog" "$d/rp/main.c" -L"$d/rp/v2" -lgtrp -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/lib'
cc -o "$d/rp/bin/prog2" "$d/rp/main.c" -L"$d/rp/v2" -lgtrp -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/nolib'
"$GOTRACE" -q -o "$d/rp1.jsonl" "$d/rp/bin/prog" 2>/dev/null
echo $? >"$d/rp1.rc"
"$GOTRACE" report --json "$d/rp1.jsonl" >"$d/rp1.json"
check "RUNPATH: the exec records it as written" jqt "$d/rp1.jsonl" '
	any(.[]; .ev=="exec" and .runpath=="$ORIGIN/lib" and (has("rpath")|not))'
check "RUNPATH with another version: exit 127, and that version is named where ld.so looked" sh -c "
	grep -qx 127 '$d/rp1.rc' && jq -e '.findings[0].id == \"library-missing\"
		and any(.findings[0].evidence[]; .text | contains(\"$d/rp/bin/lib/libgtrp.so.1\"))
		and all(.findings[0].evidence[]; .text | test(\"found in any place searched\") | not)' '$d/rp1.json' >/dev/null"
"$GOTRACE" -q -o "$d/rp2.jsonl" "$d/rp/bin/prog2" 2>/dev/null
"$GOTRACE" report --json "$d/rp2.jsonl" >"$d/rp2.json"
check "RUNPATH that does not exist: named from the ELF, not shown as none" jqf "
	any(.findings[0].evidence[]; .text | contains(\"RPATH/RUNPATH: none tried, though the program's DT_RUNPATH names $d/rp/bin/nolib (does not exist now)\"))" "$d/rp2.json"
# the twin: the right version in the RUNPATH directory, and the program runs
cp "$d/rp/v2/libgtrp.so.2" "$d/rp/bin/lib/"
"$GOTRACE" -q -o "$d/rp3.jsonl" "$d/rp/bin/prog" 2>/dev/null
echo $? >"$d/rp3.rc"
"$GOTRACE" report --json "$d/rp3.jsonl" >"$d/rp3.json"
check "RUNPATH holding the library: the program runs, no library finding above info" sh -c "
	grep -qx 0 '$d/rp3.rc' && jq -e 'all(.findings[]; .subject != \"library\" or .severity == \"info\")' '$d/rp3.json' >/dev/null"

# a 32-bit library earlier in LD_LIBRARY_PATH than the right one: skipped
if [ -e "$d/c32/libgtfoo.so.1" ]; then
	LD_LIBRARY_PATH="$d/c32:$d/lib" "$GOTRACE" -q -o "$d/skip.jsonl" "$d/prog2"
	echo $? >"$d/skip.rc"
	"$GOTRACE" report --json "$d/skip.jsonl" >"$d/skip.json"
	check "wrong ELF class, skipped: the program runs" grep -qx 0 "$d/skip.rc"
	check "wrong ELF class, skipped: shown, with both files" jqf "
		any(.findings[]; .id == \"library-wrong-class-skipped\" and .severity == \"warning\"
			and .verdict == \"wrong ELF class, skipped: ld.so found the 32-bit $d/c32/libgtfoo.so.1 first (LD_LIBRARY_PATH) and went on to $d/lib/libgtfoo.so.1\")" "$d/skip.json"
else
	skip "wrong ELF class, skipped" "no gcc -m32"
fi

# CGO_ENABLED=0: a static program, no run-time search to explain
mkdir -p "$d/app5"
printf 'module example.com/app5\n\ngo 1.21\n' >"$d/app5/go.mod"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("static") }\n' >"$d/app5/main.go"
traced static "$d/app5" CGO_ENABLED=0 run .
check "static program: exec event has interp null" jqt "$d/static.jsonl" '
	any(.[]; .ev == "exec" and (.path | test("/exe/app5$")) and has("interp") and .interp == null)'
check "static program: said so, and no library guess" jqf '
	any(.findings[]; .id == "library-static" and (.verdict | test("^app5 is statically linked: no shared library")))
	and all(.findings[]; .subject != "library" or .severity == "info")' "$d/static.json"

# NSS: a source nsswitch.conf names whose module is not installed
if unshare -m true 2>/dev/null; then
	cat >"$d/gai.c" <<'EOF2'
#include <netdb.h>
#include <stdio.h>
int main(void)
{
	struct addrinfo *ai;
	int r = getaddrinfo("localhost", "80", NULL, &ai);
	printf("%d\n", r);
	return r != 0;
}
EOF2
	cc -o "$d/gai" "$d/gai.c"
	sed 's/^hosts:.*/hosts:          gtnone files/' /etc/nsswitch.conf >"$d/nsswitch.conf"
	# the report too is made where that nsswitch.conf is, to name its line
	unshare -m sh -c "mount --bind '$d/nsswitch.conf' /etc/nsswitch.conf &&
		'$GOTRACE' -q -o '$d/nss.jsonl' '$d/gai'; echo \$? >'$d/nss.rc';
		'$GOTRACE' report --json '$d/nss.jsonl' >'$d/nss.json'" >"$d/nss.out"
	check "NSS: the lookup still works through files" sh -c "grep -qx 0 '$d/nss.rc' && grep -qx 0 '$d/nss.out'"
	check "NSS: the missing module is named, with the nsswitch.conf line" jqf "
		any(.findings[]; .id == \"library-nss-missing\"
			and (.verdict | test(\"^NSS module libnss_gtnone.so.2 is not installed\"))
			and .severity == \"info\"
			and any(.evidence[]; .file == \"/etc/nsswitch.conf\" and .file_line > 0)
			and any(.evidence[]; .text | test(\"ld.so tried: .*/lib/x86_64-linux-gnu\")))" "$d/nss.json"
	# the twin where it matters: the module is on the hosts line and a host lookup failed: a warning
	cat >"$d/gai2.c" <<'EOF2'
#include <netdb.h>
#include <stdio.h>
int main(void)
{
	struct addrinfo *ai;
	int r = getaddrinfo("gt-no-such-host.invalid", "80", NULL, &ai);
	printf("%d\n", r);
	return r != 0;
}
EOF2
	cc -o "$d/gai2" "$d/gai2.c"
	unshare -m sh -c "mount --bind '$d/nsswitch.conf' /etc/nsswitch.conf &&
		'$GOTRACE' -q -o '$d/nss2.jsonl' '$d/gai2'; echo \$? >'$d/nss2.rc';
		'$GOTRACE' report --json '$d/nss2.jsonl' >'$d/nss2.json'" >"$d/nss2.out"
	check "NSS: a failed host lookup with the module on the hosts line: a warning" sh -c "
		grep -qx 1 '$d/nss2.rc' && jq -e 'any(.findings[]; .id == \"library-nss-missing\" and .severity == \"warning\"
			and (.verdict | test(\"skipped that source for its hosts lookups, and one failed\")))' '$d/nss2.json' >/dev/null"
else
	skip "NSS module missing" "unshare -m refused"
fi

for j in miss none dl nss; do
	[ -s "$d/$j.json" ] && check "$j: the JSON report validates against the schema" python3 "$TOP/tests/e2e/validate_report.py" "$TOP/docs/report-schema.json" "$d/$j.json"
done
