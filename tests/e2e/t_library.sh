# Libraries: a cgo program linked with -L against a library that is on no
# run-time path. The test builds its own small C library.

d=$(tmpdir)
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
check "missing library: go run fails" sh -c "! grep -qx 0 '$d/miss.rc'"
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
check "the fix applied: no library finding" jqf 'all(.findings[]; .subject != "library")' "$d/fixed.json"

# link time: -lgtbar where only the run-time file libgtbar.so.1 exists
mkdir -p "$d/lib2" "$d/app2"
printf 'int gt_bar(void){return 8;}\n' >"$d/bar.c"
cc -shared -fPIC -Wl,-soname,libgtbar.so.1 -o "$d/lib2/libgtbar.so.1" "$d/bar.c"
printf 'module example.com/app2\n\ngo 1.21\n' >"$d/app2/go.mod"
sed "s|-L$d/lib -lgtfoo|-L$d/lib2 -lgtbar|; s/gt_foo/gt_bar/g" "$d/app/main.go" >"$d/app2/main.go"
(
	go_hermetic
	cd "$d/app2" && "$GOTRACE" -q --timeout 120 -o "$d/link.jsonl" go build -o "$d/app2/x" . >/dev/null 2>&1
	echo $? >"$d/link.rc"
)
"$GOTRACE" report --json "$d/link.jsonl" >"$d/link.json"
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
	"$GOTRACE" -q --timeout 120 -o "$d/pc-miss.jsonl" go build -o "$d/app3/x" . >/dev/null 2>&1
	echo $? >"$d/pc-miss.rc"
)
"$GOTRACE" report --json "$d/pc-ok.jsonl" >"$d/pc-ok.json"
"$GOTRACE" report --json "$d/pc-miss.jsonl" >"$d/pc-miss.json"
check "pkg-config: with PKG_CONFIG_PATH the build works and the .pc file is named" sh -c "
	grep -qx 0 '$d/pc-ok.rc' && jq -e 'any(.findings[]; .id == \"pkg-config\"
		and .verdict == \"pkg-config gtfoo: $d/pc/gtfoo.pc (PKG_CONFIG_PATH=$d/pc)\")' '$d/pc-ok.json' >/dev/null"
check "pkg-config: without it the build fails and the cause lists where it looked" jqf '
	.findings[0].id == "pkg-config-missing" and (.findings[0].verdict | test("found no gtfoo.pc: it looked in .*/usr/share/pkgconfig"))
	and (.findings[0].fix | test("PKG_CONFIG_PATH"))' "$d/pc-miss.json"
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
