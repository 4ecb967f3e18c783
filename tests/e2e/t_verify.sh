# gotrace verify: go.sum, the module cache, the proxy and the checksum
# database compared, each kind of disagreement made on purpose, and go
# itself as the oracle where it has something to say (go build, go mod
# verify). The h1 values are the ones go wrote into go.sum and .ziphash.
# needs:

d=$(tmpdir)
if ! GOCACHE="$BUILD/e2e-gocache" sh "$TOP/tests/kit/sumdbsrv/build.sh" "$d/sumdbsrv" >"$d/build.err" 2>&1; then
	fail "verify: the test checksum database did not build" "$(head -c 300 "$d/build.err")"
	return 0 2>/dev/null || exit 0
fi
$kit mkmod "$d/mods" example.com/m v1.0.0
$kit mkmod "$d/mods" example.com/n v1.1.0
$kit mkmod "$d/retag" example.com/m v1.0.0 "re-tagged"
$kit mkmod "$d/retag" example.com/n v1.1.0
"$d/sumdbsrv" genkey sum.test >"$d/keys"
skey=$(sed -n 1p "$d/keys")
vkey=$(sed -n 2p "$d/keys")
spids=""
sstart() {
	"$d/sumdbsrv" serve "$skey" "$2" "$d/$1.port" >"$d/$1.out" 2>&1 &
	spids="$spids $!"
	wait_until test -s "$d/$1.port"
	port=$(cat "$d/$1.port")
}
sstart db "$d/mods"
db=$port
sstart dbre "$d/retag"
dbre=$port
kit_start ok static "$d/ok.port" "$d/mods"
ok=$port
kit_start re static "$d/re.port" "$d/retag"
re=$port

# the module, its go.sum and module cache as go made them
mkdir -p "$d/base/app" "$d/home"
printf 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/m v1.0.0\n\texample.com/n v1.1.0\n)\n' >"$d/base/app/go.mod"
printf 'package main\n\nimport (\n\tm "example.com/m"\n\tn "example.com/n"\n)\n\nfunc main() { println(m.V, n.V) }\n' \
	>"$d/base/app/main.go"
genv() { # genv DIR COMMAND...: COMMAND with the hermetic settings of case directory DIR
	_g=$1
	shift
	env HOME="$d/home" XDG_STATE_HOME="$_g/state" GOPATH="$_g/gopath" GOENV=off GOFLAGS=-modcacherw GOTOOLCHAIN=local GOWORK=off \
		GOCACHE="$BUILD/e2e-gocache" GOPROXY="http://127.0.0.1:$ok" GOSUMDB="$vkey http://127.0.0.1:$db" "$@"
}
(cd "$d/base/app" && genv "$d/base" go mod tidy >/dev/null 2>"$d/tidy.err")
check "verify: go mod tidy made go.sum and the cache" test -s "$d/base/app/go.sum"
zipline=$(grep -n '^example.com/m v1.0.0 ' "$d/base/app/go.sum" | cut -d: -f1)
gosum_h1=$(grep '^example.com/m v1.0.0 ' "$d/base/app/go.sum" | cut -d' ' -f3)
ziphash=$(cat "$d/base/gopath/pkg/mod/cache/download/example.com/m/@v/v1.0.0.ziphash")

# case NAME: a copy of the module and its cache in $d/NAME; vf NAME [OPTS]: verify there
case_() { rm -rf "${d:?}/$1" && cp -a "$d/base" "$d/$1" && c="$d/$1"; }
vf() {
	_n=$1
	shift
	(cd "$d/$_n/app" && genv "$d/$_n" "$GOTRACE" verify "$@" >"$d/$_n.out" 2>"$d/$_n.err")
	echo $? >"$d/$_n.rc"
	(cd "$d/$_n/app" && genv "$d/$_n" "$GOTRACE" verify --json "$@" >"$d/$_n.json" 2>/dev/null)
	verify_valid "verify $_n" "$d/$_n.json"
}
rcis() { grep -qx "$2" "$d/$1.rc"; }
gobuild() { (cd "$d/$1/app" && genv "$d/$1" go build -o /dev/null . >/dev/null 2>"$d/$1.go"); }

# everything as go left it: all agree, with the proxy and the database too
case_ clean
vf clean --proxy --sumdb
check "verify clean: exit 0, every source agrees" sh -c "
	grep -qx 0 '$d/clean.rc' && grep -q '^verify: 4 go.sum lines agree: go.sum, the module cache, GOPROXY, the checksum database' '$d/clean.out'"
check "verify clean --json: ok, no finding" jqf '.ok and (.findings | length) == 0' "$d/clean.json"

# go.sum's zip line changed: the cache, the proxy and the database agree against it
case_ badsum
sed -i "${zipline}s|h1:.*|h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=|" "$c/app/go.sum"
vf badsum --proxy --sumdb
check "verify go.sum edited: exit 1, go.sum named wrong against three sources" sh -c "
	grep -qx 1 '$d/badsum.rc' &&
	grep -q 'go.sum line $zipline differs from the module cache.s zip, GOPROXY entry 1 http://127.0.0.1:$ok and checksum database sum.test, which agree: go.sum is wrong' '$d/badsum.out'"
check "verify go.sum edited: the cache's h1 verify computed is the one go wrote into go.sum and .ziphash" jqf "
	.findings[0].sources.cache.h1 == \"$gosum_h1\" and .findings[0].sources.ziphash.h1 == \"$ziphash\"
	and .findings[0].sources.proxy.h1 == \"$gosum_h1\" and .findings[0].sources.sumdb.h1 == \"$gosum_h1\"" "$d/badsum.json"
gobuild badsum
check "verify go.sum edited: go build refuses it too (SECURITY ERROR)" grep -q "SECURITY ERROR" "$d/badsum.go"
# the fix it gives works
sed -i "${zipline}d" "$c/app/go.sum"
(cd "$c/app" && genv "$c" go mod download example.com/m@v1.0.0 >/dev/null 2>&1)
gobuild badsum && vf badsum
check "verify go.sum edited: after the fix, go builds and verify agrees" grep -qx 0 "$d/badsum.rc"

# the same without --proxy --sumdb: two sources disagree, and that is all it can say
case_ badsum2
sed -i "${zipline}s|h1:.*|h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=|" "$c/app/go.sum"
vf badsum2
check "verify go.sum edited, nothing else asked: undecided, and says how to decide" sh -c "
	grep -qx 1 '$d/badsum2.rc' && grep -q 'nothing else was compared to tell which is right' '$d/badsum2.out' &&
	grep -q 'gotrace verify --proxy --sumdb' '$d/badsum2.out' && ! grep -q 'go.sum is wrong' '$d/badsum2.out'"

# the unpacked directory edited, a file added, one removed: named; go mod verify agrees
case_ unpacked
u="$c/gopath/pkg/mod/example.com/m@v1.0.0"
echo '// edited' >>"$u/m.go"
echo 'package m' >"$u/extra.go"
rm "$u/go.mod"
vf unpacked
check "verify unpacked edited: each file named, go clean -modcache" sh -c "
	grep -qx 1 '$d/unpacked.rc' &&
	grep -q 'the unpacked directory differs from its zip (3 files): edited m.go; added extra.go; removed go.mod' '$d/unpacked.out' &&
	grep -q 'go clean -modcache' '$d/unpacked.out'"
(cd "$c/app" && genv "$c" go mod verify >"$d/unpacked.gov" 2>&1)
check "verify unpacked edited: go mod verify says the directory was modified" grep -q "dir has been modified" "$d/unpacked.gov"
check "verify clean: no unpacked finding (the twin)" sh -c "! grep -q unpacked '$d/clean.out'"

# the cache's zip replaced under its .ziphash
case_ cachezip
cp "$d/retag/example.com/m/@v/v1.0.0.zip" "$c/gopath/pkg/mod/cache/download/example.com/m/@v/v1.0.0.zip"
vf cachezip --proxy --sumdb
check "verify cache zip replaced: the .ziphash does not describe the zip, go clean -modcache" sh -c "
	grep -qx 1 '$d/cachezip.rc' && grep -q \"the cache's .ziphash says $ziphash but its zip hashes to\" '$d/cachezip.out' &&
	grep -q 'the module cache.s zip differs from go.sum line $zipline, GOPROXY entry 1 .* and checksum database sum.test, which agree' '$d/cachezip.out'"
(cd "$c/app" && genv "$c" go mod verify >"$d/cachezip.gov" 2>&1)
check "verify cache zip replaced: go mod verify says the zip was modified" grep -q "zip has been modified" "$d/cachezip.gov"

# a proxy that serves another zip for the same version
case_ proxy
genv "$c" GOPROXY="http://127.0.0.1:$re" sh -c "cd '$c/app' && '$GOTRACE' verify --proxy --sumdb" >"$d/proxy.out" 2>&1
echo $? >"$d/proxy.rc"
check "verify re-tagged at the proxy: the proxy is the odd one out" sh -c "
	grep -qx 1 '$d/proxy.rc' &&
	grep -q 'GOPROXY entry 1 http://127.0.0.1:$re differs from go.sum line $zipline, the module cache.s zip and checksum database sum.test, which agree: the proxy serves something else' '$d/proxy.out'"
rm -rf "$d/fresh"
(cd "$c/app" && genv "$d/fresh" GOPROXY="http://127.0.0.1:$re" go mod download example.com/m >/dev/null 2>"$d/proxy.go")
check "verify re-tagged at the proxy: go refuses that zip on a clean cache" grep -q "SECURITY ERROR" "$d/proxy.go"

# a password in GOPROXY never reaches verify's output
genv "$d/clean" GOPROXY="http://alice:V3rifyS3cret@127.0.0.1:$ok" sh -c "cd '$d/clean/app' && '$GOTRACE' verify --proxy --json" \
	>"$d/secret.json" 2>&1
check "verify --proxy: a password in GOPROXY is never printed" sh -c "
	! grep -q V3rifyS3cret '$d/secret.json' && ! grep -q V3rifyS3cret '$d/proxy.out'"
case_ secret2
sed -i "${zipline}s|h1:.*|h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=|" "$c/app/go.sum"
genv "$c" GOPROXY="http://alice:V3rifyS3cret@127.0.0.1:$ok" sh -c "cd '$c/app' && '$GOTRACE' verify --proxy" >"$d/secret2.out" 2>&1
check "verify --proxy: the entry is named without its password" sh -c "
	! grep -q V3rifyS3cret '$d/secret2.out' && grep -q 'GOPROXY entry 1 http://alice:' '$d/secret2.out'"

# the checksum database recorded another zip than everything you have
case_ db
genv "$c" GOSUMDB="$vkey http://127.0.0.1:$dbre" sh -c "cd '$c/app' && '$GOTRACE' verify --sumdb" >"$d/db.out" 2>&1
echo $? >"$d/db.rc"
check "verify the database disagrees: named, your copy is suspect" sh -c "
	grep -qx 1 '$d/db.rc' && grep -q 'checksum database sum.test differs from go.sum line $zipline and the module cache.s zip, which agree: the checksum database recorded another hash' '$d/db.out'"

# a database whose records its signed tree does not prove (the genuine note, forged lines): could not be checked, never agreement
"$d/sumdbsrv" serve "$skey" "$d/retag" "$d/forged.port" 200 forge >"$d/forged.out" 2>&1 &
spids="$spids $!"
wait_until test -s "$d/forged.port"
case_ forged
genv "$c" GOSUMDB="$vkey http://127.0.0.1:$(cat "$d/forged.port")" sh -c "cd '$c/app' && '$GOTRACE' verify --sumdb" \
	>"$d/forged.out2" 2>&1
echo $? >"$d/forged.rc"
genv "$c" GOSUMDB="$vkey http://127.0.0.1:$(cat "$d/forged.port")" sh -c "cd '$c/app' && '$GOTRACE' verify --sumdb --json" \
	>"$d/forged.json" 2>/dev/null
check "verify forged database records: exit 3, the database could not be checked (not proven), nothing called agreement" sh -c "
	grep -qx 3 '$d/forged.rc' && grep -q 'not proven' '$d/forged.out2' &&
	! grep -Eq 'agree: [^;]*checksum database' '$d/forged.out2'"
check "verify forged database records --json: the database's state is unchecked" \
	jqf '.status == "unchecked" and .sources.sumdb.unchecked == 4 and ([.findings[].sources.sumdb.state] | length == 4 and all(. == "unchecked"))' \
	"$d/forged.json"
verify_valid "verify forged database records" "$d/forged.json"

# a requirement without its go.sum line; a line nothing requires
case_ lines
sed -i '/^example.com\/n v1.1.0\/go.mod /d' "$c/app/go.sum"
echo "example.com/old v0.1.0/go.mod h1:FZ0uUknRF0jhaq7CSxa5L6aZqQOoGF5HMCW4WWKnpuE=" >>"$c/app/go.sum"
vf lines
check "verify missing line: named with go.mod's line and go's words" sh -c "
	grep -qx 1 '$d/lines.rc' && grep -q 'go.mod line 7 requires example.com/n v1.1.0, and .* has no .example.com/n v1.1.0/go.mod. line: go says \"missing go.sum entry\"' '$d/lines.out'"
check "verify unused line: information only" grep -q '^• example.com/old v0.1.0 (unused): nothing requires example.com/old v0.1.0' "$d/lines.out"
gobuild lines
check "verify missing line: go build says missing go.sum entry" grep -q "missing go.sum entry" "$d/lines.go"
check "verify clean: no missing or unused line (the twin)" sh -c "! grep -q 'missing\|unused' '$d/clean.out'"

# a workspace: each module's go.sum is verified, go.work.sum too
case_ ws
mkdir -p "$c/lib"
printf 'module example.com/lib\n\ngo 1.21\n\nrequire example.com/n v1.1.0\n' >"$c/lib/go.mod"
grep '^example.com/n ' "$c/app/go.sum" >"$c/lib/go.sum"
sed -i '1s|h1:.*|h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=|' "$c/lib/go.sum"
printf 'go 1.21\n\nuse (\n\t./app\n\t./lib\n)\n' >"$c/go.work"
(cd "$c/app" && genv "$c" GOWORK= "$GOTRACE" verify --json >"$d/ws.json" 2>&1)
check "verify workspace: both go.sum files read, lib's bad line named" jqf "
	(.go_sum_files | index(\"$c/lib/go.sum\") != null) and (.go_sum_files | index(\"$c/app/go.sum\") != null)
	and (.findings | length) == 1 and .findings[0].go_sum == \"$c/lib/go.sum\" and .findings[0].module == \"example.com/n\"" "$d/ws.json"
verify_valid "verify workspace" "$d/ws.json"

# --- a source that could not be checked is never agreement (issue 38) ---
kit_start nz zip-notzip "$d/nz.port" "$d/mods"
nz=$port
kit_start ov zip-overlimit "$d/ov.port" "$d/mods"
ov=$port
kit_start en zip-endless "$d/en.port" "$d/mods"
en=$port
# vp NAME PORT [OPTS]: verify --proxy --sumdb of the clean case, GOPROXY at PORT; gdl NAME PORT: go mod download
# example.com/m@v1.0.0 from PORT into an empty cache, its exit status in NAME.gorc
vp() {
	_n=$1 _p=$2
	shift 2
	(cd "$d/clean/app" && genv "$d/clean" GOPROXY="http://127.0.0.1:$_p" "$GOTRACE" verify --proxy --sumdb "$@" \
		>"$d/$_n.out" 2>"$d/$_n.err")
	echo $? >"$d/$_n.rc"
	(cd "$d/clean/app" && genv "$d/clean" GOPROXY="http://127.0.0.1:$_p" "$GOTRACE" verify --proxy --sumdb --json "$@" \
		>"$d/$_n.json" 2>/dev/null)
	verify_valid "verify $_n" "$d/$_n.json"
}
gdl() {
	rm -rf "$d/fresh"
	(cd "$d/clean/app" && genv "$d/fresh" GOPROXY="http://127.0.0.1:$2" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/$1.go")
	echo $? >"$d/$1.gorc"
}
# unchecked NAME PORT WHY: exit 3, the proxy named with WHY for both zips, the summary says so, JSON agrees
unchecked() {
	check "verify $1: the proxy's zip could not be checked, exit 3, never called agreement" sh -c "
		grep -qx 3 '$d/$1.rc' && test \$(grep -c '^? example.com/[mn] v1.[01].0 (zip): GOPROXY entry 1 http://127.0.0.1:$2 could not be checked: $3' '$d/$1.out') -eq 2 &&
		grep -q '^verify: nothing differs in 4 go.sum lines, but not everything could be checked; agree: .*; could not be checked: GOPROXY (2 lines)\$' '$d/$1.out' &&
		! grep -q 'lines agree' '$d/$1.out'"
	check "verify $1 --json: status unchecked, the proxy's zip state unchecked with why, the database agrees" jqf "
		.status == \"unchecked\" and .ok == false and .sources.proxy.unchecked == 2 and .sources.proxy.agree == 2
		and ([.findings[] | select(.kind == \"unchecked\" and .hash == \"zip\" and .sources.proxy.state == \"unchecked\"
			and (.sources.proxy.why | test(\"^$3\")) and .sources.sumdb.state == \"agrees\")] | length) == 2
		and ([.findings[] | select(.severity != \"unchecked\")] | length) == 0" "$d/$1.json"
}
vp notzip "$nz"
unchecked notzip "$nz" "the .zip served is not a zip"
gdl notzip "$nz"
check "verify proxy zip not a zip: go mod download refuses it too" sh -c "! grep -qx 0 '$d/notzip.gorc' && grep -q 'not a valid zip' '$d/notzip.go'"
vp overlimit "$ov" --timeout 5
unchecked overlimit "$ov" "the .zip: "
gdl overlimit "$ov"
check "verify proxy zip announced over 500 MB: go mod download fails too" sh -c "! grep -qx 0 '$d/overlimit.gorc'"
# (go reads an endless zip to 500 MB before it refuses it: not asked here)
vp endless "$en" --timeout 1.5
unchecked endless "$en" "the .zip: "

# a zip entry whose name holds escapes, and whose data is damaged: the name is tamed in libzip's error
mkdir -p "$d/evil"
cp -a "$d/mods/." "$d/evil/"
python3 - "$d/evil/example.com/m/@v/v1.0.0.zip" <<'PY'
import sys, zipfile
p = sys.argv[1]
with zipfile.ZipFile(p, "w") as z:
    z.writestr("example.com/m@v1.0.0/go.mod", "module example.com/m\n\ngo 1.21\n")
    z.writestr("example.com/m@v1.0.0/\x1b]0;pwned\x07.go", "package m\n" * 8)
b = bytearray(open(p, "rb").read())
b[b.find(b"package m")] ^= 0x20  # the CRC no longer matches
open(p, "wb").write(b)
PY
kit_start evil static "$d/evil.port" "$d/evil"
evil=$port
vp evilzip "$evil"
no_ctl() { ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; }
check "verify a damaged proxy zip with escapes in an entry name: could not be checked, the name tamed" sh -c "
	grep -qx 3 '$d/evilzip.rc' && grep -qF 'the .zip served cannot be read: example.com/m@v1.0.0/?]0;pwned?.go' '$d/evilzip.out'"
check "verify a damaged proxy zip: no control character reaches the terminal" no_ctl "$d/evilzip.out"
check "verify a damaged proxy zip --json: the entry name escaped, not lost" jqf '
	any(.findings[]; .sources.proxy.why | contains("example.com/m@v1.0.0/\u001b]0;pwned\u0007.go"))' "$d/evilzip.json"

# the cached zip cut short, the unpacked directory edited: go mod verify fails; the corrupt zip is a finding,
# and the directory is compared with go.sum and the .ziphash on its own
case_ trunc
z="$c/gopath/pkg/mod/cache/download/example.com/m/@v/v1.0.0.zip"
truncate -s $(($(wc -c <"$z") / 2)) "$z"
echo '// edited' >>"$c/gopath/pkg/mod/example.com/m@v1.0.0/m.go"
vf trunc
check "verify cached zip cut short, directory edited: the corrupt zip and the directory named, exit 1" sh -c "
	grep -qx 1 '$d/trunc.rc' && grep -q '^✗ example.com/m v1.0.0 (corrupt-zip): the module cache.s zip cannot be read' '$d/trunc.out' &&
	grep -q '^✗ example.com/m v1.0.0 (zip): the unpacked directory differs from go.sum line $zipline and the cache.s .ziphash, which agree' '$d/trunc.out' &&
	grep -q '^verify: 2 problems in 4 go.sum lines; .*disagree: the unpacked directories (1 line); could not be checked: the module cache (1 line)' '$d/trunc.out'"
check "verify cached zip cut short --json: the cache unchecked, the directory disagrees, go.sum and .ziphash agree" jqf "
	.status == \"differ\" and .findings[0].kind == \"corrupt-zip\" and .findings[0].severity == \"problem\"
	and any(.findings[]; .kind == \"zip\" and .sources.cache.state == \"unchecked\" and .sources.dir.state == \"disagrees\"
		and .sources[\"go.sum\"].state == \"agrees\" and .sources.ziphash.state == \"agrees\" and .sources.ziphash.h1 == \"$ziphash\")" \
	"$d/trunc.json"
(cd "$c/app" && genv "$c" go mod verify >"$d/trunc.gov" 2>&1)
check "verify cached zip cut short: go mod verify fails too" sh -c "test $? -ne 0 && grep -q 'not a valid zip' '$d/trunc.gov'"
# the directory intact: the corrupt zip alone; the directory agrees
case_ trunc2
z="$c/gopath/pkg/mod/cache/download/example.com/m/@v/v1.0.0.zip"
truncate -s $(($(wc -c <"$z") / 2)) "$z"
vf trunc2
check "verify cached zip cut short, directory intact: the corrupt zip alone, the directory agrees" jqf '
	.status == "differ" and ([.findings[] | select(.severity == "problem") | .kind] == ["corrupt-zip"])
	and .findings[0].sources.dir.state == "agrees"' "$d/trunc2.json"
# the twin: an intact cache, go mod verify and verify agree
(cd "$d/clean/app" && genv "$d/clean" go mod verify >"$d/clean.gov" 2>&1)
check "verify intact cache (the twin): go mod verify agrees, verify exits 0" sh -c "
	test $? -eq 0 && grep -q 'all modules verified' '$d/clean.gov' && grep -qx 0 '$d/clean.rc'"

# a go.sum line over 2 KB is one line, its module whole
case_ long
long="example.com/$(awk 'BEGIN { while (i++ < 2100) printf "a" }')"
echo "$long v1.0.0/go.mod h1:FZ0uUknRF0jhaq7CSxa5L6aZqQOoGF5HMCW4WWKnpuE=" >>"$c/app/go.sum"
vf long
check "verify a go.sum line over 2 KB: read as one line, its module path whole" jqf "
	.go_sum_lines == 5 and ([.findings[] | select(.kind == \"unused\") | .module] == [\"$long\"])" "$d/long.json"

# escapes planted in go.sum (a hash, a module path) and in the .ziphash: tamed in text, escaped in JSON
case_ esc
ESC=$(printf '\033')
BEL=$(printf '\007')
sed -i "${zipline}s|h1:.*|h1:${ESC}]0;pwned${BEL}AAAA=|" "$c/app/go.sum"
printf 'example.com/%s[31mred v1.0.0/go.mod h1:FZ0uUknRF0jhaq7CSxa5L6aZqQOoGF5HMCW4WWKnpuE=\n' "$ESC" >>"$c/app/go.sum"
printf 'h1:%s[2Jgone\n' "$ESC" >"$c/gopath/pkg/mod/cache/download/example.com/m/@v/v1.0.0.ziphash"
vf esc
check "verify escapes in go.sum and .ziphash: no control character reaches the terminal" no_ctl "$d/esc.out"
check "verify escapes in go.sum and .ziphash: each shown tamed" sh -c "
	grep -qx 1 '$d/esc.rc' && grep -qF 'h1:?]0;pwned?AAAA=' '$d/esc.out' && grep -qF 'example.com/?[31mred' '$d/esc.out' &&
	grep -qF 'h1:?[2Jgone' '$d/esc.out'"
check "verify escapes --json: the bytes kept, escaped" jqf '
	any(.findings[]; .sources["go.sum"].h1 == "h1:\u001b]0;pwned\u0007AAAA=") and any(.findings[]; .module == "example.com/\u001b[31mred")
	and any(.findings[]; .sources.ziphash.h1 == "h1:\u001b[2Jgone")' "$d/esc.json"

# 100,000 go.sum lines (50,000 modules, none in the module cache, no network): linear, in bounds
mkdir -p "$d/big/app"
python3 - "$d/big/app" <<'PY'
import base64, hashlib, sys
d = sys.argv[1]
with open(d + "/go.sum", "w") as f:
    for i in range(50000):
        h = [base64.b64encode(hashlib.sha256(b"%s%d" % (k, i)).digest()).decode() for k in (b"z", b"m")]
        f.write("example.com/mod%05d v1.%d.0 h1:%s\nexample.com/mod%05d v1.%d.0/go.mod h1:%s\n" % (i, i % 7, h[0], i, i % 7, h[1]))
with open(d + "/go.mod", "w") as f:
    f.write("module example.com/app\n\ngo 1.21\n\nrequire example.com/mod00000 v1.0.0\n")
PY
(cd "$d/big/app" && genv "$d/big" GOPROXY=off GOSUMDB=off python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[2:], stdout=open(sys.argv[1], "w"))
print(rc, "%.2f" % (time.monotonic() - t), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
	"$d/big.out" "$GOTRACE" verify >"$d/big.cost")
read -r big_rc big_s big_kb <"$d/big.cost"
check "verify 100,000 go.sum lines: exit 0, all read" sh -c "
	test '$big_rc' = 0 && grep -q '^verify: 100000 go.sum lines agree: go.sum, the module cache\$' '$d/big.out' &&
	grep -q '^• 50000 modules with a go.sum line are not in the module cache' '$d/big.out'"
case $(basename "$BUILD") in
build-asan*) skip "verify 100,000 go.sum lines: under 2 s and 100 MB" "the sanitizer build is slower and larger by design" ;;
*) check "verify 100,000 go.sum lines: under 2 s and 100 MB (took $big_s s, $big_kb KB)" awk -v s="$big_s" -v k="$big_kb" \
	'BEGIN { exit !(s < 2 && k < 102400) }' ;;
esac

# a traced go build that go refused: the report's cause, and a clean build's twin
case_ traced
sed -i "${zipline}s|h1:.*|h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=|" "$c/app/go.sum"
(cd "$c/app" && genv "$c" "$GOTRACE" -q -o "$d/traced.jsonl" go build -o /dev/null . >/dev/null 2>&1)
"$GOTRACE" report --json "$d/traced.jsonl" >"$d/traced.rep" 2>/dev/null
check "report: the checksum mismatch is the cause, with both hashes, the go.sum line and gotrace verify" jqf "
	.findings[0].id == \"checksum-mismatch\" and .findings[0].severity == \"cause\"
	and (.findings[0].verdict | contains(\"go refused example.com/m@v1.0.0: what it downloaded hashes to $gosum_h1, but go.sum says h1:AAAA\"))
	and any(.findings[0].evidence[]; .file == \"$c/app/go.sum\" and .file_line == $zipline and (.text | endswith(\"(read now)\")))
	and (.findings[0].fix | contains(\"gotrace verify --proxy --sumdb $c/app\"))" "$d/traced.rep"
(cd "$d/clean/app" && genv "$d/clean" "$GOTRACE" -q -o "$d/clean.jsonl" go build -o /dev/null . >/dev/null 2>&1)
"$GOTRACE" report --json "$d/clean.jsonl" >"$d/clean.rep" 2>/dev/null
check "report: a build that verified gives no checksum finding (the twin)" jqf \
	'all(.findings[]; .id != "checksum-mismatch")' "$d/clean.rep"

# bad usage: one line, exit 2
"$GOTRACE" verify --bogus >/dev/null 2>"$d/bad.err"
check "verify with an unknown option: exit 2, one line" sh -c "test $? -eq 2 && test \$(wc -l <'$d/bad.err') -eq 1"
mkdir -p "$d/empty"
(cd "$d/empty" && "$GOTRACE" verify >/dev/null 2>"$d/nomod.err")
check "verify without a go.mod: exit 2, one line" sh -c "test $? -eq 2 && test \$(wc -l <'$d/nomod.err') -eq 1"

for p in $spids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
kit_stop_all
