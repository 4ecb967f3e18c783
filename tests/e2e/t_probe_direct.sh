# gotrace probe for modules go fetches from their origin: the go-get
# discovery (https://PATH?go-get=1, http only under GOINSECURE), the
# go-import tag, and the repository go would hand to git. In network and
# mount namespaces of their own, a test name server answers 127.0.0.1 for
# example.com, and a web server on port 80 serves the go-import tag and a
# git repository over git's dumb HTTP. A real `go mod download` in the same
# namespace is the oracle.
# needs:

d=$(tmpdir)
if ! unshare -n -m sh -c 'ip link set lo up && mount --bind /dev/null /etc/resolv.conf' 2>/dev/null; then
	skip "probe of direct modules" "no network and mount namespaces here (unshare -n -m failed)"
	return 0 2>/dev/null || exit 0
fi
if ! command -v git >/dev/null; then
	skip "probe of direct modules" "git is not installed"
	return 0 2>/dev/null || exit 0
fi

# the module's repository, tagged v1.0.0, served as dumb HTTP at http://example.com/m.git
mkdir -p "$d/src" "$d/www"
(
	cd "$d/src" && git init -q && printf 'module example.com/m\n\ngo 1.21\n' >go.mod &&
		printf 'package m\n\nconst V = 1\n' >m.go && git add . &&
		git -c user.name=t -c user.email=t@t commit -qm v1 && git tag v1.0.0 &&
		git clone -q --bare . "$d/www/m.git" && cd "$d/www/m.git" && git update-server-info
) || fail "probe direct: the test repository could not be made"
printf 'example.com/m git http://example.com/m.git\n' >"$d/www/m.go-import"
printf 'nameserver 127.0.0.1\noptions attempts:1 timeout:2\n' >"$d/resolv.conf"

# run.sh: inside the namespaces, each case's probe and go mod download with
# the same settings; NAME.probe, NAME.go and NAME.rc (probe's, go's status)
cat >"$d/run.sh" <<'EOF'
d=$1 kit=$2 gotrace=$3
ip link set lo up && mount --bind "$d/resolv.conf" /etc/resolv.conf || exit 99
$kit dns "$d/dns.port" & dp=$!
$kit serve static "$d/web.port" "$d/www" --port 80 & wp=$!
i=0; while [ $i -lt 100 ] && ! { [ -s "$d/dns.port" ] && [ -s "$d/web.port" ]; }; do sleep 0.05; i=$((i+1)); done
one() {
	n=$1 mq=$2; shift 2
	env HOME="$d" GOENV=off GOFLAGS= GOSUMDB=off "$@" "$gotrace" probe "$mq" >"$d/$n.probe" 2>&1
	p=$?
	rm -rf "$d/gopath"
	(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS=-modcacherw GOSUMDB=off GOTOOLCHAIN=local \
		"$@" timeout 60 go mod download "$mq" >/dev/null 2>"$d/$n.go")
	echo "$p $?" >"$d/$n.rc"
}
one meta example.com/m@v1.0.0 GOPROXY=off GOPRIVATE=example.com GOINSECURE=example.com
one nometa example.com/nometa@v1.0.0 GOPROXY=off GOPRIVATE=example.com GOINSECURE=example.com
one https-only example.com/m@v1.0.0 GOPROXY=off GOPRIVATE=example.com
one via-direct example.com/m@v1.0.0 "GOPROXY=http://127.0.0.1:1|direct" GOINSECURE=example.com
env HOME="$d" GOENV=off GOSUMDB=off GOPROXY=off GOPRIVATE=example.com GOINSECURE=example.com "$gotrace" probe --json \
	example.com/m@v1.0.0 >"$d/meta.json" 2>&1
kill $dp $wp
EOF
unshare -n -m sh "$d/run.sh" "$d" "$kit" "$GOTRACE"
echo $? >"$d/ns.rc"
check "probe direct: the namespace ran" grep -qx 0 "$d/ns.rc"

# same NAME WHAT: probe and go agree on NAME, and probe's output says WHAT
same() {
	read -r _p _g <"$d/$1.rc"
	check "probe direct $1: probe exit $_p, go mod download exit $_g: both say the same" \
		test "$([ "$_p" = 0 ] && echo yes)" = "$([ "$_g" = 0 ] && echo yes)"
	check "probe direct $1: the verdict says $2" grep -Eq -- "$2" "$d/$1.probe"
}
same meta "go would hand it to git: http://example.com/m.git \(GONOPROXY/GOPRIVATE pattern example.com; go-import tag at http://example.com/m\?go-get=1\)"
check "probe direct meta: https was tried first, then http under GOINSECURE" sh -c "
	grep -q '^  go-get discovery: https://example.com/m?go-get=1 -> no answer' '$d/meta.probe' &&
	grep -q '^    then, as GOINSECURE allows, http://example.com/m?go-get=1 -> 200' '$d/meta.probe'"
check "probe direct meta: the web server saw the discovery request" grep -q "GET /m?go-get=1" "$d/web.port.log"
same nometa 'go would fail: unrecognized import path "example.com/nometa"'
check "probe direct nometa: go said the same words" grep -q 'unrecognized import path "example.com/nometa"' "$d/nometa.go"
same https-only 'go would fail: unrecognized import path "example.com/m": https fetch: .*(refused|connect to server)'
check "probe direct https-only: no http request without GOINSECURE" sh -c "! grep -q 'http://example.com/m?go-get=1' '$d/https-only.probe'"
same via-direct "go would hand it to git: http://example.com/m.git \(GOPROXY entry 2 is direct"
check "probe direct --json: the pattern, both discovery requests and the go-import tag" jqf '
	.modules[0] as $m | $m.ok and $m.direct_pattern == "example.com" and $m.direct.discovery_https.status == 0
	and $m.direct.discovery.status == 200 and $m.direct.go_import.repo == "http://example.com/m.git"' "$d/meta.json"
probe_valid "probe direct" "$d/meta.json"
