# gotrace probe and the checksum database: the proxy's /sumdb/NAME/supported,
# else the database itself; the lookup; the signed note checked with the
# database's key; the record proven in the signed tree by its hash tiles;
# the tree head kept per database, and a database that forks or goes back
# in time; the served .mod against the database's go.sum line; GONOSUMDB. The database is golang.org/x/mod/sumdb's own test server
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
sstart() { # NAME DIR [SUPPORTED [MODE]]: the database serving DIR; its port in $port
	"$d/sumdbsrv" serve "$skey" "$2" "$d/$1.port" ${3:+"$3"} ${4:+"$4"} >"$d/$1.out" 2>&1 &
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
	env HOME="$d" XDG_STATE_HOME="$d/state" GOENV=off GOFLAGS= GOPROXY="$_gp" GOSUMDB="$_sd" "$@" "$GOTRACE" probe \
		example.com/m@v1.0.0 >"$d/$_n.probe" 2>&1
	_p=$?
	rm -rf "$d/gopath"
	(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOMODCACHE="$d/gopath/pkg/mod" GOENV=off GOFLAGS= GOTOOLCHAIN=local \
		GOPROXY="$_gp" GOSUMDB="$_sd" "$@" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/$_n.go")
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
check "probe sumdb direct: the record is proven in the signed tree by the tile the server was asked for" sh -c "
	grep -q 'proven: record 0 is in the signed tree of 1 records' '$d/direct.probe' &&
	grep -q 'tile/8/0/000.p/1 -> 200, 32 bytes' '$d/direct.probe' && grep -qx 'GET /tile/8/0/000.p/1' '$d/db.port.log'"
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

env HOME="$d" XDG_STATE_HOME="$d/state" GOENV=off GOPROXY="http://127.0.0.1:$badmod" GOSUMDB="$vkey http://127.0.0.1:$db" \
	"$GOTRACE" probe --json example.com/m@v1.0.0 >"$d/sumdb.json" 2>&1
check "probe sumdb --json: the database's lines, the verified note, the proof and the mismatch" jqf '
	.modules[0].sumdb as $s | $s.asked and $s.gosumdb_url and $s.signature_verified and ($s.gosum | length) == 2
	and $s.mod_hash_matches == false and ($s.supported | length) == 0 and $s.proof.state == "proven"
	and $s.proof.record_id == 0 and $s.proof.tree.size == 1 and $s.proof.tree_head.state == "same"' "$d/sumdb.json"
probe_valid "probe sumdb" "$d/sumdb.json"
env HOME="$d" XDG_STATE_HOME="$d/state" GOENV=off GOPROXY="http://127.0.0.1:$plain|http://127.0.0.1:$db" GOSUMDB="$vkey" \
	"$GOTRACE" probe --json example.com/m@v1.0.0 >"$d/sumdb2.json" 2>&1
check "probe sumdb --json: supported asked of entries 1 and 2, carried by entry 2" jqf '
	.modules[0].sumdb as $s | ([$s.supported[].entry] == [1, 2]) and ($s.via_proxy | endswith(":'"$db"'"))' "$d/sumdb2.json"
probe_valid "probe sumdb through a proxy" "$d/sumdb2.json"
check "probe sumdb through a proxy: the tiles are asked of the proxy's /sumdb/NAME/ too" sh -c "
	jq -e '.modules[0].sumdb.proof.state == \"proven\"' '$d/sumdb2.json' >/dev/null &&
	grep -qx 'GET /sumdb/sum.test/tile/8/0/000.p/1' '$d/db.port.log'"

# --- the signed tree proves the record: a forged record under the genuine signed note ---
sstart forged "$d/mods" 200 forge
forged=$port
sdb "forged record" "http://127.0.0.1:$plain" "$vkey http://127.0.0.1:$forged" \
	"is not proven: cannot authenticate record data" XDG_STATE_HOME="$d/state-forged"
check "probe sumdb forged record: go itself cannot authenticate the record" \
	grep -q "cannot authenticate record data in server response" "$d/forged record.go"
check "probe sumdb forged record: the lines are shown not proven, the .mod is not compared with them, the tile was asked" sh -c "
	grep -q 'example.com/m v1.0.0/go.mod h1:.*(not proven)' '$d/forged record.probe' &&
	! grep -q 'the .mod served' '$d/forged record.probe' && grep -qx 'GET /tile/8/0/000.p/1' '$d/forged.port.log'"
env HOME="$d" XDG_STATE_HOME="$d/state-forged" GOENV=off GOPROXY="http://127.0.0.1:$plain" \
	GOSUMDB="$vkey http://127.0.0.1:$forged" "$GOTRACE" probe --json example.com/m@v1.0.0 >"$d/forged.json" 2>&1
echo $? >"$d/forged.rc"
check "probe sumdb forged record --json: not proven, not ok, exit 1" sh -c "grep -qx 1 '$d/forged.rc' && jq -e '
	.modules[0] as \$m | \$m.ok == false and \$m.sumdb.signature_verified and \$m.sumdb.proof.state == \"not proven\"
	and (\$m.sumdb.proof.why | test(\"cannot authenticate record data\")) and \$m.sumdb.mod_hash_matches == null' \
	'$d/forged.json' >/dev/null"
probe_valid "probe sumdb forged record" "$d/forged.json"
# a tile of the wrong length: refused, not read past
sstart longtile "$d/mods" 200 longtile
longtile=$port
sdb "long tile" "http://127.0.0.1:$plain" "$vkey http://127.0.0.1:$longtile" \
	"not proven: tile/8/0/000.p/1: 33 bytes came, where a tile of 1 hashes has 32" XDG_STATE_HOME="$d/state-longtile"
check "probe sumdb long tile: go refuses the tile too" grep -q "len=33, want 32" "$d/long tile.go"

# --- the tree head kept per database: it grows, it goes back in time, it forks ---
for m in a b c d; do $kit mkmod "$d/four" "example.com/$m" v1.0.0; done
kit_start four static "$d/four.port" "$d/four"
four=$port
sstart tree "$d/four"
tree=$port
tp() { # NAME DB MODULE [STATE]: gotrace probe with the tree head kept in STATE ($d/tstate)
	env HOME="$d" XDG_STATE_HOME="${4:-$d/tstate}" GOENV=off GOFLAGS= GOPROXY="http://127.0.0.1:$four" \
		GOSUMDB="$vkey http://127.0.0.1:$2" "$GOTRACE" probe "example.com/$3@v1.0.0" >"$d/$1.probe" 2>&1
	echo $? >"$d/$1.rc"
}
tgo() { # NAME DB MODULE GOPATH: go mod download, GOPATH (and go's tree head in it) kept, GOMODCACHE fresh
	rm -rf "$d/tmc"
	(cd "$d" && env HOME="$d" GOPATH="$4" GOMODCACHE="$d/tmc" GOENV=off GOFLAGS= GOTOOLCHAIN=local \
		GOPROXY="http://127.0.0.1:$four" GOSUMDB="$vkey http://127.0.0.1:$2" go mod download "example.com/$3@v1.0.0" \
		>/dev/null 2>"$d/$1.go")
	echo $? >"$d/$1.gorc"
}
tp t1 "$tree" a
tgo t1 "$tree" a "$d/tgopath"
tp t2 "$tree" b
tgo t2 "$tree" b "$d/tgopath"
check "probe sumdb tree head: the first tree is kept, then one that grew, its consistency proven" sh -c "
	grep -qx 0 '$d/t1.rc' && grep -q 'tree head: the first one seen of this database' '$d/t1.probe' &&
	grep -qx 0 '$d/t2.rc' && grep -q 'tree head: grew from 1 records (hash .*): consistency proven' '$d/t2.probe' &&
	grep -qx 0 '$d/t1.gorc' && grep -qx 0 '$d/t2.gorc'"
head="$d/tstate/gotrace/sumdb/sum.test"
h2=$(sed -n 's/^hash //p' "$head")
check "probe sumdb tree head: kept in the state directory, mode 0600, tree 2" sh -c "
	test \"\$(stat -c %a '$head')\" = 600 && grep -qx 'size 2' '$head' && test -n '$h2'"
check "probe sumdb tree head: go keeps its own in GOPATH/pkg/sumdb/NAME/latest, the same tree (lookups and tiles in GOMODCACHE)" \
	sh -c "sed -n 2,3p '$d/tgopath/pkg/sumdb/sum.test/latest' | tr '\n' ' ' | grep -qx '2 $h2 ' &&
	test -d '$d/tmc/cache/download/sumdb/sum.test/lookup' && ! test -e '$d/tmc/cache/download/sumdb/sum.test/latest'"

# a fresh database with the same key, asked one module: it serves tree 1 and cannot show tree 2
sstart back "$d/four"
back=$port
tp t3 "$back" a
tgo t3 "$back" a "$d/tgopath"
check "probe sumdb rollback: named, with both sizes, both hashes and when the kept tree was proven" sh -c "
	grep -qx 1 '$d/t3.rc' && grep -q 'example.com/a@v1.0.0: the checksum database sum.test misbehaves: rollback: the database now serves tree 1 (hash [^ ]*), smaller than tree 2 (hash $h2) that it signed on 20[0-9-]* [0-9:]* UTC' '$d/t3.probe' &&
	grep -q 'cannot show that tree: tile/8/0/000.p/2 -> 404' '$d/t3.probe'"
# go checks the tree it kept against the server's tiles when its client starts (a merge of the kept note)
check "probe sumdb rollback: go, its tree head kept in the same GOPATH, fails too: it cannot have tree 2's tiles" sh -c "
	! grep -qx 0 '$d/t3.gorc' && grep -q 'checking tree#2: reading http://127.0.0.1:$back/tile/8/0/000.p/2: 404' '$d/t3.go'"
check "probe sumdb rollback: the newer tree head stays" grep -qx 'size 2' "$head"
env HOME="$d" XDG_STATE_HOME="$d/tstate" GOENV=off GOPROXY="http://127.0.0.1:$four" GOSUMDB="$vkey http://127.0.0.1:$back" \
	"$GOTRACE" probe --json example.com/a@v1.0.0 >"$d/back.json" 2>&1
check "probe sumdb rollback --json: the state, both trees" jqf '.modules[0].sumdb.proof as $p | $p.state == "rollback"
	and $p.tree.size == 1 and $p.tree_head.state == "conflict" and $p.tree_head.kept.size == 2
	and $p.tree_head.kept.hash == "'"$h2"'" and $p.tree_head.kept.seen > 0 and .modules[0].ok == false' "$d/back.json"
probe_valid "probe sumdb rollback" "$d/back.json"
# its twin: without the earlier tree head neither go nor gotrace can tell
tp t3fresh "$back" a "$d/tstate-fresh"
tgo t3fresh "$back" a "$d/tgopath-fresh"
check "probe sumdb rollback twin: with nothing kept from before, proven, and go agrees" sh -c "
	grep -qx 0 '$d/t3fresh.rc' && grep -q 'proven: record 0 is in the signed tree of 1 records' '$d/t3fresh.probe' &&
	grep -qx 0 '$d/t3fresh.gorc'"

# the first database grew normally: tree 3 contains tree 2
tp t4 "$tree" c
tgo t4 "$tree" c "$d/tgopath"
check "probe sumdb grew: tree 3 contains the kept tree 2 (consistency proven), kept; go agrees" sh -c "
	grep -qx 0 '$d/t4.rc' && grep -q 'tree head: grew from 2 records (hash $h2, proven .*): consistency proven' '$d/t4.probe' &&
	grep -qx 'size 3' '$head' && grep -qx 0 '$d/t4.gorc'"
h3=$(sed -n 's/^hash //p' "$head")

# a fresh database with the same key whose records came in another order: tree 4 does not contain tree 3
sstart fork "$d/four"
fork=$port
python3 -c 'import sys, urllib.request
for u in sys.argv[1:]: urllib.request.urlopen(u).read()' "http://127.0.0.1:$fork/lookup/example.com/b@v1.0.0" \
	"http://127.0.0.1:$fork/lookup/example.com/a@v1.0.0" "http://127.0.0.1:$fork/lookup/example.com/c@v1.0.0"
tp t5 "$fork" d
tgo t5 "$fork" d "$d/tgopath"
check "probe sumdb fork: tree 4 does not contain the tree 3 signed before: named, with both hashes" sh -c "
	grep -qx 1 '$d/t5.rc' && grep -q 'misbehaves: fork: tree 4 (hash [^ ]*) does not contain tree 3 (hash $h3) that the database signed on 20' '$d/t5.probe'"
check "probe sumdb fork: go fails too: the server's tiles do not give the tree 3 it kept" sh -c "
	! grep -qx 0 '$d/t5.gorc' && grep -q 'checking tree#3: downloaded inconsistent tile' '$d/t5.go'"

for p in $spids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
kit_stop_all
