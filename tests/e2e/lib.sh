# Helpers for the end-to-end tests. Each t_*.sh file is run by run.sh in its
# own shell with GOTRACE, PROGS, BUILD, RESULTS and WORK set.
# shellcheck shell=sh

pass() { echo "ok - $1"; echo pass >>"$RESULTS"; }
fail() { echo "FAIL - $1${2:+: $2}"; echo fail >>"$RESULTS"; }
skip() { echo "skip - $1: $2"; printf 'skip\t%s: %s\n' "$1" "$2" >>"$RESULTS"; }

# need CAP NAME: true when this machine has CAP (probed by run.sh);
# otherwise NAME is skipped with the reason the machine lacks it, and false.
need() {
	case $1 in *[!a-z0-9_]* | "") fail "$2" "need: bad capability name '$1'"; return 1 ;; esac
	eval "_why=\${CAP_$1-unknown capability $1}"
	[ -z "$_why" ] && return 0
	skip "$2" "$_why"
	return 1
}

# check NAME COMMAND...: pass when COMMAND succeeds.
check() {
	_name=$1
	shift
	if "$@"; then pass "$_name"; else fail "$_name" "$*"; fi
}

# jqt FILE FILTER: true when the slurped trace makes FILTER true. A filter
# jq cannot run is reported, so a typo is not mistaken for a result.
jqt() {
	jq -e -s "$2" "$1" >/dev/null 2>"$WORK/jq.err"
	_rc=$?
	[ $_rc -le 1 ] || echo "  jq error ($_rc): $(head -c 300 "$WORK/jq.err")"
	return $_rc
}

# jqf FILTER FILE: true when FILTER is true on the JSON document in FILE.
jqf() { jq -e "$1" "$2" >/dev/null; }

# A fresh directory for one test.
tmpdir() { mktemp -d "$WORK/t.XXXXXX"; }

# Hermetic Go settings: nothing from the user's configuration, no network.
# The build cache is shared by the whole run unless the caller replaces it.
go_hermetic() {
	_d=$(tmpdir)
	mkdir -p "$_d/home"
	export HOME="$_d/home" GOPATH="$_d/gopath" GOMODCACHE="$_d/modcache"
	export GOENV="$_d/home/go-env" GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
	export GOWORK=off GOSUMDB=off GOCACHE="$BUILD/e2e-gocache" GOTELEMETRY=off
	unset GOROOT GO111MODULE GOPRIVATE GONOPROXY GONOSUMDB GOINSECURE CGO_ENABLED CC XDG_CONFIG_HOME
}

# failing_build DIR TRACE: a module in DIR whose main calls an undefined
# function, built by a real hermetic go under gotrace into TRACE (go exits 1,
# compile 2)
failing_build() {
	mkdir -p "$1"
	printf 'module example.com/m\n\ngo 1.21\n' >"$1/go.mod"
	printf 'package main\n\nfunc main() { undefinedThing() }\n' >"$1/main.go"
	(go_hermetic && cd "$1" && "$GOTRACE" -q -o "$2" go build ./... 2>/dev/null)
}

# A copy of the bundled example module in a new directory; prints its path.
example_copy() {
	_d=$(tmpdir)
	cp -r "$TOP/examples/hello" "$_d/hello"
	echo "$_d/hello"
}

# The real path of the official go toolchain's GOROOT.
goroot() { go env GOROOT; }

# wait_until COMMAND...: poll COMMAND every 50 ms for up to 10 s; its status.
wait_until() {
	_i=0
	while [ $_i -lt 200 ]; do
		"$@" && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

# The test servers (tests/kit/netkit.py). kit_start NAME ARGS...: `netkit
# serve ARGS` in the background, once listening; its port in $port. The
# caller stops them all with kit_stop_all. Uses $d for the output.
kit="python3 $TOP/tests/kit/netkit.py"
pids=""
kit_start() {
	_n=$1
	shift
	$kit serve "$@" >"$d/$_n.out" 2>&1 &
	pids="$pids $!"
	wait_until test -s "$2"
	port=$(cat "$2")
}
kit_stop_all() { for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; pids=""; }

# probe_valid NAME FILE: FILE (a `gotrace probe --json` output) validates against docs/probe-schema.json.
probe_valid() { check "$1: the probe JSON validates against docs/probe-schema.json" \
	python3 "$TOP/tests/e2e/validate_report.py" "$TOP/docs/probe-schema.json" "$2"; }

# verify_valid NAME FILE: FILE (a `gotrace verify --json` output) validates against docs/verify-schema.json.
verify_valid() { check "$1: the verify JSON validates against docs/verify-schema.json" \
	python3 "$TOP/tests/e2e/validate_report.py" "$TOP/docs/verify-schema.json" "$2"; }

# mkexpired DIR: after mkcerts, DIR/old.pem: the server key's certificate,
# signed by the test CA, valid for one day in 2020; false if openssl fails.
mkexpired() {
	mkdir -p "$1/ca-db" && : >"$1/ca-db/index.txt" && echo 01 >"$1/ca-db/serial" &&
		printf '[ca]\ndefault_ca = c\n[c]\ndatabase = %s/ca-db/index.txt\nnew_certs_dir = %s/ca-db\nserial = %s/ca-db/serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n' \
			"$1" "$1" "$1" >"$1/ca.cnf" &&
		openssl ca -batch -config "$1/ca.cnf" -cert "$1/ca.pem" -keyfile "$1/ca.key" -in "$1/srv.csr" \
			-out "$1/old.pem" -startdate 20200101000000Z -enddate 20200102000000Z -extfile "$1/san.ext" \
			-notext >/dev/null 2>&1
}

# mkcerts DIR: a test CA (DIR/ca.pem) and a server certificate signed by it
# (DIR/srv.pem, DIR/srv.key) for proxy.test and 127.0.0.1; false if openssl fails.
mkcerts() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=gotrace-test-ca \
		-keyout "$1/ca.key" -out "$1/ca.pem" >/dev/null 2>&1 &&
		openssl req -newkey rsa:2048 -nodes -subj /CN=proxy.test -keyout "$1/srv.key" \
			-out "$1/srv.csr" >/dev/null 2>&1 &&
		printf 'subjectAltName=DNS:proxy.test,IP:127.0.0.1\n' >"$1/san.ext" &&
		openssl x509 -req -in "$1/srv.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" -CAcreateserial \
			-days 2 -extfile "$1/san.ext" -out "$1/srv.pem" >/dev/null 2>&1
}
