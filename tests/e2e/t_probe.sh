# gotrace probe: asks the GOPROXY entries what go would ask, and says what
# go would do. Every verdict is checked against what a real `go mod
# download` does with the same servers and settings: go is the oracle.
# needs:

d=$(tmpdir)
kit="python3 $TOP/tests/kit/netkit.py"
$kit mkmod "$d/mods" example.com/m v1.0.0
kit_start ok static "$d/ok.port" "$d/mods"
ok=$port
kit_start nf 404 "$d/nf.port"
nf=$port
kit_start err 500 "$d/err.port"
err=$port
kit_start silent silent "$d/silent.port"
silent=$port
kit_start forbid 403 "$d/forbid.port"
forbid=$port

# probe_vs_go NAME GOPROXY: probe's exit status and go's agree, and probe's verdict says WHAT
probe_vs_go() {
	_n=$1 _gp=$2 _what=$3
	env HOME="$d" GOENV=off GOFLAGS= GOSUMDB=off GOPROXY="$_gp" "$GOTRACE" probe example.com/m@v1.0.0 \
		>"$d/$_n.probe" 2>&1
	_p=$?
	rm -rf "$d/gopath"
	(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
		GOPROXY="$_gp" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/$_n.go")
	_g=$?
	check "probe $_n: exit $_p, go mod download exit $_g: both say the same" \
		test "$([ $_p = 0 ] && echo yes)" = "$([ $_g = 0 ] && echo yes)"
	check "probe $_n: the verdict says $_what" grep -q -- "$_what" "$d/$_n.probe"
}

probe_vs_go "404 then ','" "http://127.0.0.1:$nf,http://127.0.0.1:$ok" \
	"go would get v1.0.0 from GOPROXY entry 2 .* (entry 1 answered 404 .*: it does not have it)"
probe_vs_go "500 then ','" "http://127.0.0.1:$err,http://127.0.0.1:$ok" \
	"go would fail: GOPROXY entry 1 .* 500 .*and ',' after it stops go there"
check "probe 500 then ',': the entry after it is named as never tried" \
	grep -q "entry 2 http://127.0.0.1:$ok: never tried" "$d/500 then ','.probe"
probe_vs_go "500 then '|'" "http://127.0.0.1:$err|http://127.0.0.1:$ok" \
	"go would get v1.0.0 from GOPROXY entry 2 .*'|' after it falls through on any error"
probe_vs_go "404 then off" "http://127.0.0.1:$nf,off" "module lookup disabled by GOPROXY=off"
probe_vs_go "403 then ','" "http://127.0.0.1:$forbid,http://127.0.0.1:$ok" \
	"go would fail: GOPROXY entry 1 .* 403 Forbidden \"This module version is not available\".*',' after it stops go there"
probe_vs_go "404 twice" "http://127.0.0.1:$nf|http://127.0.0.1:$nf" "go would fail with GOPROXY entry 2's answer: 404"
probe_vs_go "file" "file://$d/mods" "go would get v1.0.0 from GOPROXY entry 1 file://"
# a direct entry go reaches is named as such, not as never tried; the
# origin (example.com, unreachable from the tests) fails for both
probe_vs_go direct "http://127.0.0.1:$nf,direct" \
	"go would fail: unrecognized import path \"example.com/m\".* (go goes to the origin: GOPROXY entry 2 is direct)"
check "probe 404 then direct: entry 2 is named as the origin, not as never tried" sh -c "
	grep -q 'entry 2 direct: go goes to the module' '$d/direct.probe' && ! grep -q 'never tried' '$d/direct.probe' &&
	grep -q '^  go-get discovery: https://example.com/m?go-get=1 -> ' '$d/direct.probe'"
check "probe: the served entry's .mod and .zip are asked too" \
	grep -q "^  .zip: 200 OK .*bytes" "$d/404 then ','.probe"

# a proxy that accepts and never answers: go would hang; probe says where it stalled
env HOME="$d" GOENV=off GOPROXY="http://127.0.0.1:$silent" "$GOTRACE" probe --timeout 1 example.com/m@v1.0.0 \
	>"$d/silent.probe" 2>&1
check "probe silent proxy: exit 1, timed out waiting for the headers" sh -c "
	test $? -eq 1 && grep -q 'timed out in headers' '$d/silent.probe'"

# GOPRIVATE: the module goes direct, and probe says which pattern
env HOME="$d" GOENV=off GOPRIVATE="*.corp.test,example.com" GOPROXY="http://127.0.0.1:$ok" \
	"$GOTRACE" probe example.com/m@v1.0.0 >"$d/priv.probe" 2>&1
check "probe GOPRIVATE: direct, with the pattern that matched, and the proxy is not asked" sh -c "
	grep -q '(go goes to the origin: GONOPROXY/GOPRIVATE pattern example.com)' '$d/priv.probe' &&
	! grep -q 'entry 1' '$d/priv.probe'"

# the configuration and where it came from: a user go env file
printf 'GOPROXY=http://127.0.0.1:%s\n' "$ok" >"$d/goenv"
env -u GOPROXY HOME="$d" GOENV="$d/goenv" GOSUMDB=off "$GOTRACE" probe example.com/m@v1.0.0 >"$d/file.probe" 2>&1
check "probe: GOPROXY from the user go env file, with its line" sh -c "
	grep -q '^GOPROXY=http://127.0.0.1:$ok (the user go env file $d/goenv:1)' '$d/file.probe' &&
	grep -q 'go would get v1.0.0 from GOPROXY entry 1' '$d/file.probe'"

# --json, go.mod's requirements by default
mkdir -p "$d/w"
printf 'module example.com/w\n\ngo 1.21\n\nrequire (\n\texample.com/m v1.0.0\n\texample.com/x v0.1.0 // indirect\n)\n' >"$d/w/go.mod"
(cd "$d/w" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$nf,http://127.0.0.1:$ok" "$GOTRACE" probe --json) \
	>"$d/json.out" 2>&1
check "probe --json, go.mod's direct requirements: one module, got from entry 2" jqf '
	(.modules | length) == 1 and .modules[0].module == "example.com/m" and .modules[0].gets_it
	and .modules[0].entries[0].result.status == 404 and .modules[0].entries[1].result.status == 200
	and .settings.GOPROXY.from == "the environment" and .settings.GOSUMDB.value == "off"' "$d/json.out"
probe_valid "probe --json" "$d/json.out"

# go.mod's requirements as go would fetch them: replaced ones by their
# replacement, none replaced by a directory, quoted paths, at most 20
mkdir -p "$d/w2"
{
	printf 'module example.com/w2\n\ngo 1.21\n\nrequire (\n\texample.com/m v1.0.0 // why\n\t"example.com/q" v1.0.0\n'
	printf '\texample.com/local v1.0.0\n\texample.com/old v1.0.0\n\texample.com/x v0.1.0 // indirect\n'
	for i in $(seq -w 1 20); do printf '\texample.com/r%s v1.0.0\n' "$i"; done
	printf ')\n\nrequire example.com/single v1.0.0\n\nreplace example.com/local => ../local\n'
	printf 'replace example.com/old v1.0.0 => example.com/m v1.0.1\n'
} >"$d/w2/go.mod"
(cd "$d/w2" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY=off "$GOTRACE" probe --json) >"$d/w2.json" 2>"$d/w2.err"
check "probe go.mod: 24 direct requirements, the first 20 probed, and it says so" sh -c "
	grep -qx 'gotrace probe: go.mod has 24 direct requirements; probing the first 20' '$d/w2.err'"
check "probe go.mod: a replacement is probed instead, a directory replacement not at all" jqf '
	[.modules[] | "\(.module)@\(.version)"] as $m | ($m | length) == 20
	and $m[0:4] == ["example.com/m@v1.0.0", "example.com/q@v1.0.0", "example.com/m@v1.0.1", "example.com/r01@v1.0.0"]
	and (any($m[]; startswith("example.com/local")) | not)' "$d/w2.json"

# no secret from a GOPROXY URL in the output
env HOME="$d" GOENV=off GOPROXY="http://alice:Pr0beS3cret@127.0.0.1:$ok" "$GOTRACE" probe example.com/m@v1.0.0 \
	>"$d/secret.probe" 2>&1
env HOME="$d" GOENV=off GOPROXY="http://alice:Pr0beS3cret@127.0.0.1:$ok" "$GOTRACE" probe --json example.com/m@v1.0.0 \
	>"$d/secret.json" 2>&1
check "probe: a password in GOPROXY is never printed, as text or JSON" sh -c "
	! grep -q Pr0beS3cret '$d/secret.probe' && ! grep -q Pr0beS3cret '$d/secret.json' && grep -q alice '$d/secret.json'"
probe_valid "probe --json with a password in GOPROXY" "$d/secret.json"

# bad usage: one line, exit 2
"$GOTRACE" probe --bogus >"$d/bad.out" 2>"$d/bad.err"
check "probe with an unknown option: exit 2, one line" sh -c "test $? -eq 2 && test \$(wc -l <'$d/bad.err') -eq 1"
(cd "$d" && "$GOTRACE" probe >"$d/none.out" 2>"$d/none.err")
check "probe with no module and no go.mod: exit 2, one line" sh -c "test $? -eq 2 && test \$(wc -l <'$d/none.err') -eq 1"
env HOME="$d" GOENV=off GOPROXY="http://127.0.0.1:$ok" "$GOTRACE" probe example.com/m@v1.0.0 'bad path@v1' \
	>"$d/badmod.out" 2>"$d/badmod.err"
check "probe with a module go would refuse: exit 2, one line, nothing probed" sh -c "
	test $? -eq 2 && test \$(wc -l <'$d/badmod.err') -eq 1 && test ! -s '$d/badmod.out'"
kit_stop_all

# credentials over TLS, as go sends them: the netrc entry for host:port,
# one without the port (go 1.24+ does not match it), a wrong password,
# and a CA go does not trust; go mod download is the oracle again
if mkcerts "$d"; then
	kit_start tls static "$d/tls.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key" --auth "alice:Pr0bePw"
	tls=$port
	cred_case() {
		_n=$1 _netrc=$2 _what=$3 _ca=${4-$d/ca.pem}
		printf '%s\n' "$_netrc" >"$d/.netrc"
		env HOME="$d" GOENV=off GOFLAGS= GOSUMDB=off SSL_CERT_FILE="$_ca" GOPROXY="https://127.0.0.1:$tls" \
			"$GOTRACE" probe example.com/m@v1.0.0 >"$d/$_n.probe" 2>&1
		_p=$?
		rm -rf "$d/gopath"
		(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
			SSL_CERT_FILE="$_ca" GOPROXY="https://127.0.0.1:$tls" go mod download example.com/m@v1.0.0 \
			>/dev/null 2>"$d/$_n.go")
		_g=$?
		check "probe $_n: exit $_p, go mod download exit $_g: both say the same" \
			test "$([ $_p = 0 ] && echo yes)" = "$([ $_g = 0 ] && echo yes)"
		check "probe $_n: the verdict says $_what" grep -q -- "$_what" "$d/$_n.probe"
		check "probe $_n: the password is never printed" sh -c "! grep -q Pr0bePw '$d/$_n.probe'"
	}
	cred_case "netrc host:port" "machine 127.0.0.1:$tls login alice password Pr0bePw" \
		"credential from $d/.netrc line 1, machine 127.0.0.1:$tls, login alice"
	cred_case "netrc without the port" "machine 127.0.0.1 login alice password Pr0bePw" \
		"401 Unauthorized .*the server wants a credential and go had none: no entry of $d/.netrc matches 127.0.0.1:$tls (go compares host:port"
	cred_case "netrc wrong password" "machine 127.0.0.1:$tls login alice password wrong" \
		"401 Unauthorized .*the server refused the credential from $d/.netrc line 1"
	cred_case "untrusted CA" "machine 127.0.0.1:$tls login alice password Pr0bePw" \
		"no answer: SSL certificate problem: unable to get local issuer certificate" /nonexistent-ca.pem

	# tls_case NAME GOPROXY WHAT [VAR=VALUE...]: with the test CA trusted and .netrc as it is
	tls_case() {
		_n=$1 _gp=$2 _what=$3
		shift 3
		env HOME="$d" GOENV=off GOFLAGS= GOSUMDB=off SSL_CERT_FILE="$d/ca.pem" GOPROXY="$_gp" "$@" \
			"$GOTRACE" probe example.com/m@v1.0.0 >"$d/$_n.probe" 2>&1
		_p=$?
		rm -rf "$d/gopath"
		(cd "$d" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
			SSL_CERT_FILE="$d/ca.pem" GOPROXY="$_gp" "$@" go mod download example.com/m@v1.0.0 \
			>/dev/null 2>"$d/$_n.go")
		_g=$?
		check "probe $_n: exit $_p, go mod download exit $_g: both say the same" \
			test "$([ $_p = 0 ] && echo yes)" = "$([ $_g = 0 ] && echo yes)"
		check "probe $_n: the verdict says $_what" grep -Eq -- "$_what" "$d/$_n.probe"
	}
	# the certificate names proxy.test and 127.0.0.1, not localhost
	printf 'machine localhost:%s login alice password Pr0bePw\n' "$tls" >"$d/.netrc"
	tls_case "name mismatch" "https://localhost:$tls" "no answer: SSL: no alternative certificate subject name matches"
	grep -q "x509: certificate is valid for proxy.test" "$d/name mismatch.go"
	check "probe name mismatch: go's own error is about the name too" test $? -eq 0
	# an HTTPS_PROXY: go tunnels through it (CONNECT) for any host but loopback
	printf 'machine proxy.test login alice password Pr0bePw\n' >"$d/.netrc"
	kit_cp() { $kit connect-proxy "$d/cp.port" "$tls" >"$d/cp.out" 2>&1 & pids="$pids $!"; wait_until test -s "$d/cp.port"; }
	kit_cp
	cp=$(cat "$d/cp.port")
	tls_case "CONNECT proxy" "https://proxy.test" "go would get v1.0.0 from GOPROXY entry 1 https://proxy.test" \
		HTTPS_PROXY="http://127.0.0.1:$cp"
	check "probe CONNECT proxy: its requests went through the proxy from the environment" \
		grep -q "200 OK .*through the proxy from the environment" "$d/CONNECT proxy.probe"
	check "probe CONNECT proxy: the proxy was asked to CONNECT to proxy.test:443" grep -q "CONNECT proxy.test:443" "$d/cp.port.log"
	tls_case "CONNECT proxy, NO_PROXY" "https://proxy.test" "no answer: Could not resolve host: proxy.test" \
		HTTPS_PROXY="http://127.0.0.1:$cp" NO_PROXY=proxy.test
	# loopback is never proxied, whatever HTTPS_PROXY says
	printf 'machine 127.0.0.1:%s login alice password Pr0bePw\n' "$tls" >"$d/.netrc"
	tls_case "loopback not proxied" "https://127.0.0.1:$tls" "go would get v1.0.0 from GOPROXY entry 1" \
		HTTPS_PROXY="http://127.0.0.1:1"
	check "probe loopback not proxied: no request says it went through a proxy" \
		sh -c "! grep -q 'through the proxy' '$d/loopback not proxied.probe'"
	kit_stop_all
	# an expired certificate from the trusted CA
	if mkexpired "$d"; then
		kit_start old static "$d/old.port" "$d/mods" --tls "$d/old.pem" "$d/srv.key"
		tls_case "expired certificate" "https://127.0.0.1:$port" "no answer: SSL certificate problem: certificate has expired"
		grep -q "x509: certificate has expired" "$d/expired certificate.go"
		check "probe expired certificate: go's own error says expired too" test $? -eq 0
		kit_stop_all
	else
		skip "probe with an expired certificate" "openssl ca could not sign one"
	fi
else
	skip "probe with credentials over TLS" "openssl could not make the test certificates"
fi
