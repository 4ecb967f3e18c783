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
