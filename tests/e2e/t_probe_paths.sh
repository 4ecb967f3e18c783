# gotrace probe on the paths a module takes through a proxy: the latest
# query, versions a proxy lies about, 410, a body that stops, many modules
# over kept connections, and GOAUTH credentials. A real `go mod download`
# with the same servers and settings is the oracle for every verdict.
# needs:

d=$(tmpdir)
for v in v1.0.0 v1.1.0 v1.2.0-pre; do $kit mkmod "$d/mods" example.com/l "$v"; done
$kit mkmod "$d/mods" example.com/m v1.0.0
$kit mkmod "$d/mods" example.com/i v1.0.0
printf '{"Version":"v1.0.1","Time":"2026-01-01T00:00:00Z"}\n' >"$d/mods/example.com/i/@v/v1.0.0.info"
mkdir -p "$d/mods/example.com/e/@v" && : >"$d/mods/example.com/e/@v/list"
kit_start ok static "$d/ok.port" "$d/mods"
ok=$port
kit_start gone 410 "$d/gone.port"
gone=$port
kit_start stall stall-body "$d/stall.port"
stall=$port

# pvg NAME MODULE@QUERY GOPROXY WHAT [VAR=VALUE...]: probe's exit status and
# go's agree, and probe's output says WHAT (a grep -E pattern)
pvg() {
	_n=$1 _mq=$2 _gp=$3 _what=$4
	shift 4
	env HOME="$d" GOENV=off GOFLAGS= GOSUMDB=off GOPROXY="$_gp" "$@" "$GOTRACE" probe "$_mq" >"$d/$_n.probe" 2>&1
	_p=$?
	rm -rf "$d/gopath"
	(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
		GOPROXY="$_gp" "$@" go mod download -json "$_mq" >"$d/$_n.gojson" 2>"$d/$_n.go")
	_g=$?
	check "probe $_n: exit $_p, go mod download exit $_g: both say the same" \
		test "$([ $_p = 0 ] && echo yes)" = "$([ $_g = 0 ] && echo yes)"
	check "probe $_n: the verdict says $_what" grep -Eq -- "$_what" "$d/$_n.probe"
}

# latest: the highest release in the list, not the prerelease above it
pvg latest example.com/l@latest "http://127.0.0.1:$ok" "example.com/l@latest: go would get v1.1.0 from GOPROXY entry 1"
env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$ok" "$GOTRACE" probe example.com/l >"$d/bare.probe" 2>&1
check "probe without a version asks for latest" grep -q "example.com/l@latest: go would get v1.1.0" "$d/bare.probe"
check "probe latest: go itself got v1.1.0" jqf '.Version == "v1.1.0"' "$d/latest.gojson"
check "probe latest: the list was asked, then v1.1.0.info" sh -c "
	grep -q '@v/list -> 200' '$d/latest.probe' && grep -q '@v/v1.1.0.info -> 200' '$d/latest.probe'"
# an empty list and no @latest: not 'does not exist', so ',' does not fall through
pvg "empty list" "example.com/e@latest" "http://127.0.0.1:$ok,http://127.0.0.1:$gone" \
	'no matching versions for query "latest"'
check "probe empty list: the entry after it is never tried" grep -q "entry 2 http://127.0.0.1:$gone: never tried" \
	"$d/empty list.probe"
# an .info that names another version: go refuses it
pvg "info names another version" example.com/i@v1.0.0 "http://127.0.0.1:$ok" \
	'go would fail with GOPROXY entry 1.s answer: proxy returned info for version v1.0.1 instead of requested version'
check "probe info names another version: go said the same words" \
	jqf '.Error | endswith("proxy returned info for version v1.0.1 instead of requested version")' \
	"$d/info names another version.gojson"
# upper case in a module path: go asks for !x, and so does probe
$kit mkmod "$d/mods" example.com/Upper v1.0.0
pvg "upper case" example.com/Upper@v1.0.0 "http://127.0.0.1:$ok" "go would get v1.0.0 from GOPROXY entry 1"
check "probe upper case: the request was for example.com/!upper" grep -q "/example.com/!upper/@v/v1.0.0.info -> 200" \
	"$d/upper case.probe"
# 410 falls through ',' like 404
pvg "410 then ','" example.com/m@v1.0.0 "http://127.0.0.1:$gone,http://127.0.0.1:$ok" \
	"go would get v1.0.0 from GOPROXY entry 2 .*\(entry 1 answered 410 .*: it does not have it\)"

# a body that stops after 100 bytes: go waits forever, probe stops at --timeout
t0=$(date +%s)
env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$stall" "$GOTRACE" probe --timeout 2 \
	example.com/m@v1.0.0 >"$d/stall.probe" 2>&1
rc=$?
t1=$(date +%s)
check "probe stalled body: exit 1 within the timeout, with the phase and the bytes" sh -c "
	test $rc -eq 1 && test $((t1 - t0)) -le 6 &&
	grep -q 'go would hang' '$d/stall.probe' && grep -Eq 'sent 100 of [0-9]+ bytes, then nothing for [0-9]+ s' '$d/stall.probe' &&
	grep -Eq 'the body stopped after 100 of [0-9]+ bytes: nothing came for' '$d/stall.probe' &&
	! grep -q 'go says' '$d/stall.probe'"
(cd "$d" && env HOME="$d" GOPATH="$d/gopath2" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
	GOPROXY="http://127.0.0.1:$stall" timeout 6 go mod download example.com/m@v1.0.0 >/dev/null 2>&1)
check "probe stalled body: go itself is still waiting after 6 s" test $? -eq 124
env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$stall" "$GOTRACE" probe --json --timeout 1 \
	example.com/m@v1.0.0 >"$d/stall.json" 2>&1
check "probe stalled body --json: hangs, stalled in the body after 100 bytes" \
	jqf '.modules[0].hangs and .modules[0].entries[0].result.stalled_in == "body" and .modules[0].entries[0].result.body_bytes == 100' \
	"$d/stall.json"
probe_valid "probe stalled body" "$d/stall.json"

# 20 modules through one proxy: in parallel, over connections kept open
set --
for i in $(seq -w 1 20); do
	$kit mkmod "$d/many" "example.com/many$i" v1.0.0
	set -- "$@" "example.com/many$i@v1.0.0"
done
kit_start many static "$d/many.port" "$d/many"
t0=$(date +%s%N)
env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$port" "$GOTRACE" probe --json "$@" >"$d/many.json" 2>&1
rc=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
echo "  20 modules probed in $ms ms"
check "probe 20 modules: all got, exit 0" sh -c "test $rc -eq 0" && check "probe 20 modules: 20 verdicts" \
	jqf '(.modules | length) == 20 and all(.modules[]; .gets_it)' "$d/many.json"
check "probe 20 modules: under 2 s ($ms ms)" test "$ms" -lt 2000
probe_valid "probe 20 modules" "$d/many.json"
reqs=$(grep -c '^\(GET\|HEAD\) ' "$d/many.port.log")
opens=$(grep -c '^OPEN' "$d/many.port.log")
check "probe 20 modules: a few connections, each reused ($opens connections for $reqs requests; at most 4 per host)" sh -c "
	test $reqs -ge 60 && test $opens -le 4"
check "probe 20 modules: the JSON says which requests reused a connection" \
	jqf '[.modules[].entries[].requests[] | select(.reused_connection)] | length > 0' "$d/many.json"
kit_stop_all

# GOAUTH: a command that prints the header, and git's credential helper
if mkcerts "$d"; then
	kit_start tls static "$d/tls.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key" --auth "alice:Pr0bePw"
	tls=$port
	mkauth() {
		printf '#!/bin/sh\nprintf "https://127.0.0.1:%s\\n\\nAuthorization: Basic %s\\n\\n"\n' \
			"$tls" "$(printf 'alice:%s' "$2" | base64)" >"$d/$1"
		chmod +x "$d/$1"
	}
	mkauth auth-ok Pr0bePw
	mkauth auth-bad wrong
	: >"$d/.netrc"
	tlsenv="SSL_CERT_FILE=$d/ca.pem"
	pvg "GOAUTH command" example.com/m@v1.0.0 "https://127.0.0.1:$tls" \
		"\[header Authorization from GOAUTH command '$d/auth-ok' for 127.0.0.1:$tls\]" "$tlsenv" GOAUTH="$d/auth-ok"
	pvg "GOAUTH command, wrong credential" example.com/m@v1.0.0 "https://127.0.0.1:$tls" \
		"401 Unauthorized .*refused .*GOAUTH command '$d/auth-bad'" "$tlsenv" GOAUTH="$d/auth-bad"
	for c in ok bad; do
		pw=Pr0bePw
		[ $c = bad ] && pw=wrong
		mkdir -p "$d/git-$c" && git -C "$d/git-$c" init -q &&
			git -C "$d/git-$c" config credential.helper "!f() { echo username=alice; echo password=$pw; }; f"
	done
	pvg "GOAUTH git" example.com/m@v1.0.0 "https://127.0.0.1:$tls" \
		"credential from 'git credential fill' \(GOAUTH=git $d/git-ok\), login alice" "$tlsenv" GOAUTH="git $d/git-ok"
	pvg "GOAUTH git, wrong credential" example.com/m@v1.0.0 "https://127.0.0.1:$tls" \
		"401 Unauthorized .*refused .*git credential fill" "$tlsenv" GOAUTH="git $d/git-bad"
	env HOME="$d" GOENV=off GOSUMDB=off SSL_CERT_FILE="$d/ca.pem" GOPROXY="https://127.0.0.1:$tls" GOAUTH="$d/auth-bad" \
		"$GOTRACE" probe --json example.com/m@v1.0.0 >"$d/goauth.json" 2>&1
	check "probe GOAUTH --json: 401, the header named, asked again" jqf '
		.modules[0].entries[0].result.status == 401 and .modules[0].entries[0].goauth_asked_again
		and (.modules[0].entries[0].credential | test("header Authorization from GOAUTH command"))' "$d/goauth.json"
	probe_valid "probe GOAUTH" "$d/goauth.json"
	check "probe GOAUTH: no secret in any output" sh -c "! grep -l 'Pr0bePw\|YWxpY2U6UHIwYmVQdw\|YWxpY2U6d3Jvbmc' '$d'/*.probe '$d'/*.json"
	kit_stop_all
else
	skip "probe with GOAUTH over TLS" "openssl could not make the test certificates"
fi
