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
