# gotrace probe and the checksum database: the proxy's /sumdb/NAME/supported,
# else the database itself; the lookup; the signed note checked with the
# database's key; the served .mod against the database's go.sum line;
# GONOSUMDB. The database is golang.org/x/mod/sumdb's own test server
# (tests/kit/sumdbsrv), built offline from the copy the Go distribution
# vendors. A real `go mod download` with the same settings is the oracle.
# needs:

d=$(tmpdir)
if ! GOCACHE="$BUILD/e2e-gocache" sh "$TOP/tests/kit/sumdbsrv/build.sh" "$d/sumdbsrv" >"$d/build.err" 2>&1; then
	fail "probe sumdb: the test checksum database did not build" "$(head -c 300 "$d/build.err")"
	return 0 2>/dev/null || exit 0
fi
$kit mkmod "$d/mods" example.com/m v1.0.0
# a proxy whose .mod differs from the one the database hashed
cp -r "$d/mods" "$d/bad"
printf 'module example.com/m\n\ngo 1.21\n\n// changed after it was published\n' >"$d/bad/example.com/m/@v/v1.0.0.mod"

"$d/sumdbsrv" genkey sum.test >"$d/keys"
skey=$(sed -n 1p "$d/keys")
vkey=$(sed -n 2p "$d/keys")
other=$("$d/sumdbsrv" genkey sum.test | sed -n 2p)
spids=""
sstart() { # NAME DIR [SUPPORTED]: the database serving DIR; its port in $port
	"$d/sumdbsrv" serve "$skey" "$2" "$d/$1.port" ${3:+"$3"} >"$d/$1.out" 2>&1 &
	spids="$spids $!"
	wait_until test -s "$d/$1.port"
	port=$(cat "$d/$1.port")
}
sstart db "$d/mods"
db=$port
sstart db500 "$d/mods" 500
db500=$port
kit_start plain static "$d/plain.port" "$d/mods"
plain=$port
kit_start badmod static "$d/badmod.port" "$d/bad"
badmod=$port

# sdb NAME GOPROXY GOSUMDB WHAT [VAR=VALUE...]: probe and go agree; probe says WHAT
sdb() {
	_n=$1 _gp=$2 _sd=$3 _what=$4
	shift 4
	env HOME="$d" GOENV=off GOFLAGS= GOPROXY="$_gp" GOSUMDB="$_sd" "$@" "$GOTRACE" probe example.com/m@v1.0.0 \
		>"$d/$_n.probe" 2>&1
	_p=$?
	rm -rf "$d/gopath"
	(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS= GOTOOLCHAIN=local GOPROXY="$_gp" \
		GOSUMDB="$_sd" "$@" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/$_n.go")
	_g=$?
	check "probe sumdb $_n: probe exit $_p, go mod download exit $_g: both say the same" \
		test "$([ $_p = 0 ] && echo yes)" = "$([ $_g = 0 ] && echo yes)"
	check "probe sumdb $_n: the output says $_what" grep -Eq -- "$_what" "$d/$_n.probe"
}

# GOSUMDB with a URL: go asks that URL and no proxy
sdb direct "http://127.0.0.1:$plain" "$vkey http://127.0.0.1:$db" \
	"checksum database sum.test directly: http://127.0.0.1:$db/lookup/example.com/m@v1.0.0 -> 200"
check "probe sumdb direct: the proxy is named as not asked, and neither go nor probe asked it" sh -c "
	grep -q 'GOSUMDB names its URL, so go asks it there and asks no proxy' '$d/direct.probe' &&
	! grep -q sumdb '$d/plain.port.log'"
check "probe sumdb direct: the note's signature and the go.mod line are checked" sh -c "
	grep -q 'signed note: its Ed25519 signature verifies with the key GOSUMDB gives' '$d/direct.probe' &&
	grep -q 'example.com/m v1.0.0/go.mod h1:' '$d/direct.probe' &&
	grep -q 'the .mod served matches the database' '$d/direct.probe'"
# without a URL: the proxy that says it supports the database carries it
sdb "through the proxy" "http://127.0.0.1:$db" "$vkey" \
	"checksum database sum.test through GOPROXY entry 1: http://127.0.0.1:$db/sumdb/sum.test/lookup/example.com/m@v1.0.0 -> 200"
sdb "through the second proxy" "http://127.0.0.1:$plain|http://127.0.0.1:$db" "$vkey" \
	"checksum database sum.test through GOPROXY entry 2: "
check "probe sumdb through the second proxy: the module itself came from entry 1" \
	grep -q "go would get v1.0.0 from GOPROXY entry 1" "$d/through the second proxy.probe"
sdb "wrong key" "http://127.0.0.1:$plain" "$other http://127.0.0.1:$db" \
	"go would fail checking it: reading tree note: note has no verifiable signatures"
check "probe sumdb wrong key: go said the same words" grep -q "note has no verifiable signatures" "$d/wrong key.go"
# the proxy serves a .mod other than the one the database recorded
sdb "changed .mod" "http://127.0.0.1:$badmod" "$vkey http://127.0.0.1:$db" \
	"checksum mismatch .*SECURITY ERROR"
check "probe sumdb changed .mod: go itself says SECURITY ERROR" grep -q "SECURITY ERROR" "$d/changed .mod.go"
sdb "changed .mod, GONOSUMDB" "http://127.0.0.1:$badmod" "$vkey http://127.0.0.1:$db" \
	"checksum database: not asked: .*GONOSUMDB" GONOSUMDB=example.com
# supported answered 500: ',' stops there; '|' goes on, but the 500 is the error go keeps
sdb "supported 500 then ','" "http://127.0.0.1:$db500,http://127.0.0.1:$plain" "$vkey" \
	"go would fail checking it: GOPROXY entry 1 answered 500 .*sumdb/sum.test/supported, so go cannot reach the database"
sdb "supported 500 then '|'" "http://127.0.0.1:$db500|http://127.0.0.1:$plain" "$vkey" \
	"go would fail checking it: GOPROXY entry 1 answered 500 "

env HOME="$d" GOENV=off GOPROXY="http://127.0.0.1:$badmod" GOSUMDB="$vkey http://127.0.0.1:$db" "$GOTRACE" probe --json \
	example.com/m@v1.0.0 >"$d/sumdb.json" 2>&1
check "probe sumdb --json: the database's lines, the verified note and the mismatch" jqf '
	.modules[0].sumdb as $s | $s.asked and $s.gosumdb_url and $s.signature_verified and ($s.gosum | length) == 2
	and $s.mod_hash_matches == false and ($s.supported | length) == 0' "$d/sumdb.json"
probe_valid "probe sumdb" "$d/sumdb.json"
env HOME="$d" GOENV=off GOPROXY="http://127.0.0.1:$plain|http://127.0.0.1:$db" GOSUMDB="$vkey" "$GOTRACE" probe --json \
	example.com/m@v1.0.0 >"$d/sumdb2.json" 2>&1
check "probe sumdb --json: supported asked of entries 1 and 2, carried by entry 2" jqf '
	.modules[0].sumdb as $s | ([$s.supported[].entry] == [1, 2]) and ($s.via_proxy | endswith(":'"$db"'"))' "$d/sumdb2.json"
probe_valid "probe sumdb through a proxy" "$d/sumdb2.json"

for p in $spids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
kit_stop_all
