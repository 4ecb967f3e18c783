# gotrace probe against proxies that lie: a zip that stops half way, one of
# 600 MB, text served as a zip, a zip with a file outside MODULE@VERSION/,
# a zip that is not the one go.sum names, redirect loops, https sent to
# http, a .mod over 4 MiB, terminal escapes in what a server says, and
# servers that echo the credential they were sent. A real `go mod download`
# with the same servers is the oracle wherever go can be asked.
# needs:

d=$(tmpdir)
$kit mkmod "$d/mods" example.com/m v1.0.0
$kit mkmod "$d/other" example.com/m v1.0.0 retag # the same version, other content
# a zip with a file outside example.com/m@v1.0.0/
cp -r "$d/mods" "$d/evil"
python3 - "$d/evil/example.com/m/@v/v1.0.0.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.writestr("evil/x.go", "package evil\n")
EOF
# a .mod of 5 MiB (go reads a proxy's .mod whole; probe used to cut it at 4 MiB)
cp -r "$d/mods" "$d/bigmod"
python3 - "$d/bigmod/example.com/m/@v/v1.0.0.mod" <<'EOF'
import sys
with open(sys.argv[1], "a") as f:
    for i in range(5 * 1024 * 1024 // 64):
        f.write("// %061d\n" % i)
EOF

kit_start ok static "$d/ok.port" "$d/mods"
ok=$port
kit_start other static "$d/other.port" "$d/other"
other=$port
kit_start evil static "$d/evil.port" "$d/evil"
evil=$port
kit_start bigmod static "$d/bigmod.port" "$d/bigmod"
bigmod=$port
for m in zip-stall zip-huge notzip redirect-loop escape; do
	kit_start "$m" "h-$m" "$d/$m.port" "$d/mods"
	eval "p_$(echo "$m" | tr - _)=\$port"
done

# the main module: go.mod needing example.com/m, and go.sum as go writes it from the genuine proxy
mkdir -p "$d/main"
printf 'module example.com/main\n\ngo 1.21\n\nrequire example.com/m v1.0.0\n' >"$d/main/go.mod"
(cd "$d/main" && env HOME="$d" GOPATH="$d/gp-sum" GOENV=off GOFLAGS=-mod=mod GOSUMDB=off GOTOOLCHAIN=local \
	GOPROXY="http://127.0.0.1:$ok" go mod download example.com/m >/dev/null 2>&1)
check "setup: go wrote go.sum for example.com/m" grep -q '^example.com/m v1.0.0 h1:' "$d/main/go.sum"

# ph NAME DIR GOPROXY WHAT [VAR=VALUE...]: probe in DIR (with --timeout 2) and go mod download there
# agree on success, and probe's output says WHAT (a grep -E pattern); go's stderr is in $d/NAME.go
ph() {
	_n=$1 _dir=$2 _gp=$3 _what=$4
	shift 4
	(cd "$_dir" && env HOME="$d" GOENV=off GOFLAGS= GOSUMDB=off GOPROXY="$_gp" "$@" "$GOTRACE" probe --timeout 2 \
		example.com/m@v1.0.0 >"$d/$_n.probe" 2>&1)
	_p=$?
	rm -rf "$d/gopath"
	(cd "$_dir" && env HOME="$d" GOPATH="$d/gopath" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
		GOPROXY="$_gp" "$@" timeout 20 go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/$_n.go")
	_g=$?
	chmod -R u+w "$d/gopath" 2>/dev/null
	check "probe $_n: exit $_p, go mod download exit $_g: both say the same" \
		test "$([ $_p = 0 ] && echo yes)" = "$([ $_g = 0 ] && echo yes)"
	check "probe $_n: the verdict says $_what" grep -Eq -- "$_what" "$d/$_n.probe"
}

# the genuine zip, checked against go.sum: the twin of every failure below
ph "genuine zip" "$d/main" "http://127.0.0.1:$ok" \
	"go would get v1.0.0 from GOPROXY entry 1 .*; its zip hashes to h1:.*, as go.sum says"
check "probe genuine zip: the zip was fetched whole (GET)" grep -q '^GET /example.com/m/@v/v1.0.0.zip' "$d/ok.port.log"

# a re-tagged zip: go.sum names another
ph "zip not the one go.sum names" "$d/main" "http://127.0.0.1:$other" \
	"go would fail: verifying example.com/m@v1.0.0: checksum mismatch \(downloaded h1:[^;]*; go.sum line [0-9]+: h1:"
check "probe zip not the one go.sum names: go says SECURITY ERROR" grep -q "SECURITY ERROR" "$d/zip not the one go.sum names.go"
# outside a module, go has no go.sum to hold it to: it takes the zip
ph "re-tagged zip, no go.sum" "$d" "http://127.0.0.1:$other" "go would get v1.0.0 from GOPROXY entry 1"

# a zip that stops half way: go waits for ever
t0=$(date +%s)
(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$p_zip_stall" "$GOTRACE" probe --timeout 2 \
	example.com/m@v1.0.0 >"$d/zip stall.probe" 2>&1)
rc=$?
t1=$(date +%s)
check "probe zip stall: exit 1 within the timeout" sh -c "test $rc -eq 1 && test $((t1 - t0)) -le 8"
check "probe zip stall: the verdict says where and after how many bytes" grep -Eq \
	"go would hang: GOPROXY entry 1 sent [0-9]+ of [0-9]+ bytes of the zip, then nothing for [0-9]+ s" "$d/zip stall.probe"
(cd "$d" && env HOME="$d" GOPATH="$d/gopath-stall" GOENV=off GOFLAGS= GOSUMDB=off GOTOOLCHAIN=local \
	GOPROXY="http://127.0.0.1:$p_zip_stall" timeout 6 go mod download example.com/m@v1.0.0 >/dev/null 2>&1)
check "probe zip stall: go itself is still waiting after 6 s" test $? -eq 124
# --quick asks the zip with HEAD: it cannot see the stall, and says it did not look
(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$p_zip_stall" "$GOTRACE" probe --quick \
	--timeout 2 example.com/m@v1.0.0 >"$d/quick.probe" 2>&1)
check "probe --quick: the zip only asked with HEAD, and the verdict says so" sh -c \
	"grep -q 'only asked with HEAD (--quick)' '$d/quick.probe' && grep -q '^HEAD /example.com/m/@v/v1.0.0.zip' '$d/zip-stall.port.log'"

# 600 MB announced: go reads 500 MB and gives up; probe stops at the Content-Length
ph "zip of 600 MB" "$d" "http://127.0.0.1:$p_zip_huge" \
	"go would fail: downloaded zip file too large: GOPROXY entry 1's zip is over go's limit of 524288000 bytes \(the body is over 524288000 bytes \(it announced 629145600\)\)"
check "probe zip of 600 MB: go said so too" grep -q "downloaded zip file too large" "$d/zip of 600 MB.go"
(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$p_zip_huge" "$GOTRACE" probe --json \
	example.com/m@v1.0.0 >"$d/huge.json" 2>&1)
check "probe zip of 600 MB: probe stopped at the Content-Length" \
	jqf '.modules[0].zip.over_limit.by == "content-length" and .modules[0].zip.body_bytes == 0' "$d/huge.json"
probe_valid "probe zip of 600 MB" "$d/huge.json"
check "probe zip of 600 MB: no file of it is left in TMPDIR" sh -c "! ls /tmp/gotrace-zip-* 2>/dev/null | grep -q ."

# a zip without end (no length): go stops reading after 500 MB, and so does probe
kit_start endless h-zip-endless "$d/endless.port" "$d/mods"
ph "endless zip" "$d" "http://127.0.0.1:$port" \
	"go would fail: downloaded zip file too large: .*\(the body is over 524288000 bytes \(read so far at least [0-9]+\)\)"
check "probe endless zip: go said so too" grep -q "downloaded zip file too large" "$d/endless zip.go"
check "probe endless zip: nothing of it is left in TMPDIR" sh -c "! ls /tmp/gotrace-zip-* 2>/dev/null | grep -q ."

# text served as the zip; a zip with a file outside the module
ph "not a zip" "$d" "http://127.0.0.1:$p_notzip" "go would fail: zip: not a valid zip file"
check "probe not a zip: go says the same words" grep -q "zip: not a valid zip file" "$d/not a zip.go"
ph "file outside the module" "$d" "http://127.0.0.1:$evil" \
	"go would fail: zip for example.com/m@v1.0.0 has unexpected file evil/x.go"
check "probe file outside the module: go says the same words" grep -q "has unexpected file evil/x.go" \
	"$d/file outside the module.go"

# redirects: go follows 9 and refuses the 10th
(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$p_redirect_loop" "$GOTRACE" probe \
	example.com/m@v1.0.0 >/dev/null 2>&1)
check "probe redirect loop: probe made 10 requests for the .info, as go does" \
	test "$(grep -c '^GET /example.com/m/@v/v1.0.0.info' "$d/redirect-loop.port.log")" -eq 10
ph "redirect loop" "$d" "http://127.0.0.1:$p_redirect_loop" "go refuses the redirect: stopped after 10 redirects \(after following 9\)"
check "probe redirect loop: go says the same words" grep -q "stopped after 10 redirects" "$d/redirect loop.go"

# a .mod of 5 MiB, hashed whole: go.sum (written by go) agrees
rm -f "$d/main/go.sum"
(cd "$d/main" && env HOME="$d" GOPATH="$d/gp-big" GOENV=off GOFLAGS=-mod=mod GOSUMDB=off GOTOOLCHAIN=local \
	GOPROXY="http://127.0.0.1:$bigmod" go mod download example.com/m >/dev/null 2>&1)
chmod -R u+w "$d/gp-big" 2>/dev/null
ph ".mod of 5 MiB" "$d/main" "http://127.0.0.1:$bigmod" "go would get v1.0.0 from GOPROXY entry 1"
check "probe .mod of 5 MiB: its hash is go.sum's" grep -Eq '^  .mod: 200 .*; go.sum line [0-9]+: h1:.* \(same\)' \
	"$d/.mod of 5 MiB.probe"

# escapes in the reason phrase and the body: nothing reaches a terminal raw; JSON keeps them escaped
(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$p_escape" "$GOTRACE" probe \
	example.com/m@v1.0.0 >"$d/escape.probe" 2>&1)
check "probe escapes: the 404 is reported" grep -q "go would fail with GOPROXY entry 1's answer: 404" "$d/escape.probe"
check "probe escapes: no ESC, BEL, DEL, C1 or stray byte in the text" python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
bad = [c for c in (b"\x1b", b"\x07", b"\x7f", b"\x9b", b"\xff") if c in b]
sys.exit(1 if bad or b"\xc2\x9b" in b else 0)' "$d/escape.probe"
(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off GOPROXY="http://127.0.0.1:$p_escape" "$GOTRACE" probe --json \
	example.com/m@v1.0.0 >"$d/escape.json" 2>&1)
check "probe escapes --json: the reason keeps ESC, escaped" sh -c "grep -qi 'Not \\\\u001b]0;pwned' '$d/escape.json' &&
	! grep -q \"\$(printf '\\033')\" '$d/escape.json'"
probe_valid "probe escapes" "$d/escape.json"
kit_stop_all

# over TLS: a redirect to plain http, a server that echoes the credential, and a GOAUTH command whose output is a header
if mkcerts "$d"; then
	kit_start tlsredir h-redirect-http "$d/tlsredir.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key"
	ph "https to http" "$d" "https://127.0.0.1:$port" \
		"go refuses the redirect: redirected from secure URL https://127.0.0.1:$port/example.com/m/@v/v1.0.0.info to insecure URL http://127.0.0.1:9/" \
		SSL_CERT_FILE="$d/ca.pem"
	check "probe https to http: go says the same words" grep -q "redirected from secure URL .* to insecure URL" \
		"$d/https to http.go"

	kit_start echo h-401-echo "$d/echo.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key"
	printf 'machine 127.0.0.1:%s login alice password S3cretPw9\n' "$port" >"$d/.netrc"
	for fmt in text json; do
		(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off SSL_CERT_FILE="$d/ca.pem" GOPROXY="https://127.0.0.1:$port" \
			"$GOTRACE" probe $([ $fmt = json ] && echo --json) example.com/m@v1.0.0 >"$d/echo.$fmt" 2>&1)
		check "probe 401 echoing the password ($fmt): the 401 is reported" grep -q "401" "$d/echo.$fmt"
		check "probe 401 echoing the password ($fmt): the password is not printed, plain or in base64" sh -c \
			"! grep -Eq 'S3cretPw9|YWxpY2U6UzNjcmV0UHc5' '$d/echo.$fmt'"
	done
	check "probe 401 echoing the password: the server's echo is shown, the secret taken out" \
		grep -q 'wrong credential alice:\*\*\* (header Basic \*\*\*)' "$d/echo.text"
	rm -f "$d/.netrc"

	kit_start authd static "$d/authd.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key" --auth "alice:Pr0bePw"
	printf '#!/bin/sh\nprintf "Authorization: Bearer T0kenXYZ42\\n\\n"\n' >"$d/badauth.sh"
	chmod +x "$d/badauth.sh"
	(cd "$d" && env HOME="$d" GOENV=off GOSUMDB=off SSL_CERT_FILE="$d/ca.pem" GOPROXY="https://127.0.0.1:$port" \
		GOAUTH="$d/badauth.sh" "$GOTRACE" probe example.com/m@v1.0.0 >"$d/goauth.probe" 2>&1)
	check "probe GOAUTH output that is a header: go's complaint is named" grep -q "invalid format" "$d/goauth.probe"
	check "probe GOAUTH output that is a header: the token is not printed" sh -c "! grep -q T0kenXYZ42 '$d/goauth.probe'"
	kit_stop_all
else
	skip "probe over TLS (https to http, echoed credentials, GOAUTH output)" "openssl cannot make test certificates"
fi
