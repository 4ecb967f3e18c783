# Network: proxies that never answer, refuse, or say 404; an HTTPS_PROXY
# hop; GOPRIVATE. Every server is started here on 127.0.0.1 and stopped here.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

$kit mkmod "$d/mods" example.com/m v1.0.0
kit_start good static "$d/good.port" "$d/mods"
good=$port
kit_start silent silent "$d/silent.port"
silent=$port
kit_start nf 404 "$d/nf.port"
nf=$port
closed=$($kit closed-port)

# go mod download in a hermetic go; TRACE, then the command's arguments
download() {
	_t=$1
	shift
	(
		go_hermetic
		export GOFLAGS=-modcacherw
		"$@"
	)
}

# a proxy that accepts and never answers: a live snapshot, then --timeout
t0=$(date +%s)
download "$d/sil.jsonl" env GOPROXY="http://127.0.0.1:$silent" \
	"$GOTRACE" --stall 2 --timeout 8 -o "$d/sil.jsonl" go mod download example.com/m@v1.0.0 \
	>"$d/sil.out" 2>"$d/sil.err"
rc=$?
t1=$(date +%s)
check "silent proxy: exit status 124 after the timeout" test $rc -eq 124
check "silent proxy: gotrace ended within the timeout and its grace" test $((t1 - t0)) -le 14
check "silent proxy: a stall snapshot came within about 3 s" jqt "$d/sil.jsonl" '
	any(.[]; .ev=="stall" and .reason=="stall" and .t < 3.6)'
check "silent proxy: the snapshot names the proxy URL, pid and what happened" sh -c "
	grep -q 'no progress for' '$d/sil.err' &&
	grep -q 'GOPROXY entry 1: http://127.0.0.1:$silent): connection established, request sent ([0-9]* bytes), no response' '$d/sil.err' &&
	grep -q '^  pid [0-9]* go mod download' '$d/sil.err'"
check "silent proxy: the stall event in the trace says the same" jqt "$d/sil.jsonl" "
	any(.[] | select(.ev==\"stall\") | .procs[] | .sockets[];
		.port == $silent and .state == \"ESTABLISHED\" and .sent > 0 and .received == 0
		and (.role|test(\"GOPROXY entry 1\")))"
check "silent proxy: the report's cause says the proxy never answered" grep -q "✗ network    GOPROXY entry 1 http://127.0.0.1:$silent accepted the connection and never answered" "$d/sil.err"
"$GOTRACE" report --json "$d/sil.jsonl" >"$d/sil.json"
check "silent proxy: the proxy is the first cause, no generic stall claim beside it" jqf '
	.findings[0].id == "proxy-silent" and all(.findings[]; .id != "stalled")' "$d/sil.json"
check "silent proxy: the end record says the run timed out" jqt "$d/sil.jsonl" '.[-1].timed_out == true and .[-1].status == 124'
check "silent proxy: nothing left running" sh -c "! pgrep -f '[g]o mod download example.com/m@v1.0.0' >/dev/null"

# Ctrl-C (SIGINT to the whole process group): the snapshot comes first
(
	go_hermetic
	export GOPROXY="http://127.0.0.1:$silent" GOFLAGS=-modcacherw
	n0=$(grep -c ACCEPT "$d/silent.port.log")
	# --timeout only so that a broken gotrace cannot hang the tests
	setsid "$GOTRACE" --stall 0 --timeout 30 -o "$d/int.jsonl" go mod download example.com/m@v1.0.0 \
		>/dev/null 2>"$d/int.err" &
	g=$!
	wait_until sh -c "[ \$(grep -c ACCEPT '$d/silent.port.log') -gt $n0 ]"
	sleep 0.3
	/bin/kill -INT -- "-$g"
	# go mod download keeps waiting after SIGINT, traced or not; end it
	wait_until grep -q interrupted "$d/int.err"
	/bin/kill -TERM -- "-$g"
	wait $g
	echo $? >"$d/int.rc"
)
check "Ctrl-C, then SIGTERM: the command's status passed through (143)" grep -qx 143 "$d/int.rc"
check "Ctrl-C: the snapshot was taken and names the silent proxy" sh -c "
	grep -q 'gotrace: interrupted; what each process waits on' '$d/int.err' &&
	grep -q 'GOPROXY entry 1: http://127.0.0.1:$silent): connection established, request sent' '$d/int.err'"
check "Ctrl-C: the snapshot is in the trace" jqt "$d/int.jsonl" '
	any(.[]; .ev=="stall" and .reason=="interrupt" and (.procs|length) > 0)'

# the snapshot names a module-cache lock another process holds
lk="$d/lockcache/cache/download/example.com/m/@v"
mkdir -p "$lk"
python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "w")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$lk/v1.0.0.lock" "$d/locked" &
holder=$!
pids="$pids $holder"
wait_until test -e "$d/locked"
(
	go_hermetic
	export GOMODCACHE="$d/lockcache" GOPROXY="http://127.0.0.1:$good" GOFLAGS=-modcacherw
	"$GOTRACE" --stall 1 --timeout 5 -o "$d/lock.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/lock.err"
)
check "lock: the snapshot says go waits for the cache lock and who holds it" grep -q "waits for a lock on $lk/v1.0.0.lock held by pid $holder" "$d/lock.err"
check "lock: the stall event records it" jqt "$d/lock.jsonl" "
	any(.[] | select(.ev==\"stall\") | .procs[]; .lock == \"$lk/v1.0.0.lock held by pid $holder\")"
kill $holder 2>/dev/null

# the snapshot names the children a process waits for
"$GOTRACE" --stall 1 --timeout 4 -o "$d/kids.jsonl" sh -c 'sleep 30; true' >/dev/null 2>"$d/kids.err"
check "children: the shell waits for sleep, which waits on nothing" sh -c "
	grep -q 'waits for its children: [0-9]* (sleep)' '$d/kids.err' &&
	grep -q 'no socket, lock or child to wait on' '$d/kids.err'"

# a refused first entry with ',' stops go; with '|' go falls back
download "$d/comma.jsonl" env GOPROXY="http://127.0.0.1:$closed,http://127.0.0.1:$good" \
	"$GOTRACE" --timeout 60 -o "$d/comma.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/comma.err"
rc=$?
"$GOTRACE" report --json "$d/comma.jsonl" >"$d/comma.json"
check "',' after a refused entry: go fails" test $rc -ne 0
check "',' after a refused entry: the cause says refused and that ',' falls back only on 404/410" jqf "
	.findings[0].id == \"proxy-comma-stop\" and .findings[0].severity == \"cause\"
	and (.findings[0].verdict | test(\"entry 1 http://127.0.0.1:$closed: connection refused\"))
	and (.findings[0].verdict | test(\"only when a proxy answers 404 or 410\"))
	and (.findings[0].fix | test(\"\\\\|\"))" "$d/comma.json"
download "$d/pipe.jsonl" env GOPROXY="http://127.0.0.1:$closed|http://127.0.0.1:$good" \
	"$GOTRACE" --timeout 60 -o "$d/pipe.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/pipe.err"
rc=$?
"$GOTRACE" report --json "$d/pipe.jsonl" >"$d/pipe.json"
check "'|' after a refused entry: go succeeds" test $rc -eq 0
check "'|' after a refused entry: the report shows the fallback" jqf "
	any(.findings[]; .id == \"proxy-fallback\" and (.verdict | test(\"entry 1 http://127.0.0.1:$closed: connection refused\"))
		and (.verdict|test(\"try entry 2\")))" "$d/pipe.json"

# an entry that answers 404, then a good one: expected behaviour
download "$d/nf.jsonl" env GOPROXY="http://127.0.0.1:$nf,http://127.0.0.1:$good" \
	"$GOTRACE" --timeout 60 -o "$d/nf.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/nf.err"
rc=$?
"$GOTRACE" report --json "$d/nf.jsonl" >"$d/nf.json"
check "404 then a good entry: go succeeds" test $rc -eq 0
check "404 then a good entry: shown as the expected fallback" jqf "
	any(.findings[]; .id == \"proxy-fallback-404\" and (.verdict|test(\"entry 1 http://127.0.0.1:$nf answered\"))
		and (.verdict|test(\"expected\")))
	and all(.findings[]; .severity != \"cause\")" "$d/nf.json"
check "404 then a good entry: the 404 proxy really was asked" grep -q "GET /example.com/m/@v/" "$d/nf.port.log"

# HTTPS_PROXY: a CONNECT proxy relaying to the test's TLS module proxy
if mkcerts "$d"; then
	kit_start tls static "$d/tls.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key"
	tls=$port
	$kit connect-proxy "$d/cp.port" "$tls" >"$d/cp.out" 2>&1 &
	pids="$pids $!"
	wait_until test -s "$d/cp.port"
	cp=$(cat "$d/cp.port")
	download "$d/hop.jsonl" env GOPROXY=https://proxy.test HTTPS_PROXY="http://127.0.0.1:$cp" \
		SSL_CERT_FILE="$d/ca.pem" \
		"$GOTRACE" --timeout 60 -o "$d/hop.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/hop.err"
	rc=$?
	"$GOTRACE" report --json "$d/hop.jsonl" >"$d/hop.json"
	check "HTTPS_PROXY: the download through the CONNECT proxy succeeds" test $rc -eq 0
	check "HTTPS_PROXY: the proxy really was asked to CONNECT to proxy.test" grep -q "CONNECT proxy.test:443" "$d/cp.port.log"
	check "HTTPS_PROXY: the report names the proxy hop and the target host" jqf "
		any(.findings[]; .id == \"proxy-hop\" and (.verdict|test(\"HTTPS_PROXY proxy http://127.0.0.1:$cp\"))
			and (.verdict|test(\"https://proxy.test\")))" "$d/hop.json"
else
	skip "HTTPS_PROXY hop" "openssl could not make the test certificates"
fi

# GOINSECURE does not take a fetch off the proxy
download "$d/ins.jsonl" env GOPROXY="http://127.0.0.1:$good" GOINSECURE=example.com \
	"$GOTRACE" --timeout 60 -o "$d/ins.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/ins.err"
"$GOTRACE" report --json "$d/ins.jsonl" >"$d/ins.json"
check "GOINSECURE: the report says it did not bypass the proxy" jqf '
	any(.findings[]; .id == "goinsecure-not-bypass" and (.verdict|test("GOINSECURE=example.com")))' "$d/ins.json"

# GOPRIVATE: the module goes direct, not through the proxy
download "$d/priv.jsonl" env GOPROXY="http://127.0.0.1:$good" GOPRIVATE=127.0.0.1/private \
	"$GOTRACE" --timeout 60 -o "$d/priv.jsonl" go mod download 127.0.0.1/private@v1.0.0 >/dev/null 2>"$d/priv.err"
"$GOTRACE" report --json "$d/priv.jsonl" >"$d/priv.json"
check "GOPRIVATE: the report says the module was fetched directly, and why" jqf '
	any(.findings[]; .id == "direct-fetch" and (.verdict|test("GOPRIVATE=127.0.0.1/private"))
		and (.verdict|test("not through GOPROXY")) and (.verdict|test("from the environment")))' "$d/priv.json"
check "GOPRIVATE: the proxy was not asked for it" sh -c "! grep -q private '$d/good.port.log'"

# Go's own DNS: in network and mount namespaces of their own, a test name
# server answers for proxy.test, and the connection is named by it
if unshare -n -m sh -c 'ip link set lo up && mount --bind /dev/null /etc/resolv.conf' 2>/dev/null; then
	mkdir -p "$d/dnsns"
	printf 'nameserver 127.0.0.1\noptions attempts:1 timeout:2\n' >"$d/dnsns/resolv.conf"
	(
		go_hermetic
		export GOFLAGS=-modcacherw
		unshare -n -m sh -c '
			ip link set lo up && mount --bind "$1/resolv.conf" /etc/resolv.conf || exit 99
			$2 dns "$1/dns.port" & dp=$!
			$2 serve static "$1/web.port" "$3" & wp=$!
			i=0; while [ $i -lt 100 ] && ! { [ -s "$1/dns.port" ] && [ -s "$1/web.port" ]; }; do sleep 0.05; i=$((i+1)); done
			GOPROXY="http://proxy.test:$(cat "$1/web.port")" "$4" --timeout 60 -o "$1/dns.jsonl" \
				go mod download example.com/m@v1.0.0 >/dev/null 2>"$1/dns.err"
			rc=$?
			GOMODCACHE="$1/mc2" GOSUMDB=sum.golang.org GOPROXY="http://proxy.test:$(cat "$1/web.port")" \
				"$4" --timeout 60 -o "$1/sumdb.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>&1
			GOMODCACHE="$1/mc3" GOPROXY="http://nx-proxy.test:$(cat "$1/web.port")" \
				"$4" --timeout 60 -o "$1/nx.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$1/nx.err"
			echo $? >"$1/nx.rc"
			# the A and AAAA lookups race on the threads of go: every run must see both
			# answers (telemetry on, in the temporary HOME: go then starts threads
			# while the lookups are in flight, which is when the race shows)
			# (port 1: nobody listens, go fails at once after the lookups)
			for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
				GOTELEMETRY=local GOMODCACHE="$1/mcr$n" GOPROXY="http://proxy.test:1" \
					"$4" -q --timeout 60 -o "$1/race$n.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>&1
			done
			kill $dp $wp
			exit $rc' sh "$d/dnsns" "$kit" "$d/mods" "$GOTRACE"
		echo $? >"$d/dnsns/rc"
	)
	check "DNS: the download through proxy.test succeeds" grep -qx 0 "$d/dnsns/rc"
	check "DNS: go's query and the answer are in the trace" jqt "$d/dnsns/dns.jsonl" '
		any(.[]; .ev=="dns" and .dir=="query" and .name=="proxy.test" and .qtype=="A" and .server=="127.0.0.1")
		and any(.[]; .ev=="dns" and .dir=="answer" and .name=="proxy.test" and .rcode=="NOERROR" and .addrs==["127.0.0.1"])'
	check "DNS: the connection to the proxy carries host proxy.test" jqt "$d/dnsns/dns.jsonl" '
		any(.[]; .ev=="connect" and .port != 53 and .host=="proxy.test")'
	"$GOTRACE" report --json "$d/dnsns/dns.jsonl" >"$d/dnsns/dns.json"
	check "DNS: the report attributes it to GOPROXY entry 1 by name" jqf '
		any(.findings[]; .id=="proxy" and (.verdict|test("entry 1 http://proxy.test:"))
			and any(.evidence[]; .text|test("proxy.test, GOPROXY entry 1")))' "$d/dnsns/dns.json"
	"$GOTRACE" report --json "$d/dnsns/sumdb.jsonl" >"$d/dnsns/sumdb.json"
	check "sumdb: the proxy said no (404), so go looked up sum.golang.org itself" jqf '
		any(.findings[]; .id=="sumdb-direct" and (.verdict|test("checksum database sum.golang.org directly"))
			and any(.evidence[]; .text|test("DNS query for sum.golang.org")))' "$d/dnsns/sumdb.json"
	check "sumdb: the test proxy really was asked whether it serves sumdb" grep -q "GET /sumdb/sum.golang.org/supported" "$d/dnsns/web.port.log"
	_both=0
	for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
		jq -e -s '([.[] | select(.ev=="dns" and .dir=="answer" and .name=="proxy.test") | .qtype] | unique) == ["A","AAAA"]
			and any(.[]; .ev=="connect" and .port != 53 and .host=="proxy.test")' "$d/dnsns/race$n.jsonl" >/dev/null && _both=$((_both + 1))
	done
	check "DNS: in 12 runs of parallel A/AAAA lookups, both answers and the named connect every time" test "$_both" -eq 12
	"$GOTRACE" report --json "$d/dnsns/nx.jsonl" >"$d/dnsns/nx.json"
	check "NXDOMAIN: go fails with 'no such host'" sh -c "! grep -qx 0 '$d/dnsns/nx.rc' && grep -q 'nx-proxy.test.*no such host' '$d/dnsns/nx.err'"
	check "NXDOMAIN: the first cause names the host, the answer and the GOPROXY entry" jqf '
		.findings[0].id == "dns-failure" and .findings[0].severity == "cause"
		and (.findings[0].verdict | test("^nx-proxy.test could not be resolved: the name server 127.0.0.1 answered NXDOMAIN"))
		and any(.findings[0].evidence[]; .text | test("^nx-proxy.test is the host of GOPROXY entry 1"))
		and any(.findings[0].evidence[]; .text | test("no such host"))' "$d/dnsns/nx.json"
	check "NXDOMAIN twin: a name that resolved gives no dns-failure" jqf '
		all(.findings[]; .id != "dns-failure")' "$d/dnsns/dns.json"
else
	skip "DNS names" "cannot make network and mount namespaces here (needs root)"
fi

# git's connections are named as VCS remotes
if command -v git >/dev/null; then
	HOME="$d" GIT_TERMINAL_PROMPT=0 "$GOTRACE" --timeout 60 -o "$d/git.jsonl" \
		git ls-remote "http://127.0.0.1:$good/repo.git" >/dev/null 2>&1
	"$GOTRACE" report --json "$d/git.jsonl" >"$d/git.json"
	check "git: its connection is reported as a VCS remote" jqf "
		any(.findings[]; .id==\"vcs-remote\" and (.verdict|test(\"^git-remote-http connected to 127.0.0.1:$good: established\")))" "$d/git.json"
else
	skip "git remote" "git is not installed"
fi

# an unanswered SYN: in a network namespace of its own, 10.9.9.0/24 is
# routed to lo, where packets for addresses nobody has are dropped
if unshare -n sh -c 'ip link set lo up && ip route add 10.9.9.0/24 dev lo' 2>/dev/null; then
	(
		go_hermetic
		export GOPROXY=http://10.9.9.2:8080 GOFLAGS=-modcacherw
		unshare -n sh -c 'ip link set lo up && ip route add 10.9.9.0/24 dev lo &&
			exec "$0" --stall 2 --timeout 6 -o "$1" go mod download example.com/m@v1.0.0' \
			"$GOTRACE" "$d/syn.jsonl" >/dev/null 2>"$d/syn.err"
		echo $? >"$d/syn.rc"
	)
	check "unanswered SYN: stopped by the timeout (124)" grep -qx 124 "$d/syn.rc"
	check "unanswered SYN: the snapshot shows SYN_SENT to the proxy" jqt "$d/syn.jsonl" '
		any(.[] | select(.ev=="stall") | .procs[] | .sockets[];
			.addr == "10.9.9.2" and .port == 8080 and .state == "SYN_SENT" and (.what|test("SYN sent, no answer")))'
	check "unanswered SYN: the live message says so" grep -q "10.9.9.2:8080 (GOPROXY entry 1: http://10.9.9.2:8080): SYN sent, no answer" "$d/syn.err"
	check "unanswered SYN: the report's cause names the entry" grep -q "✗ network    GOPROXY entry 1 http://10.9.9.2:8080 never answered the connection attempt (SYN)" "$d/syn.err"
else
	skip "unanswered SYN" "cannot make a network namespace here (needs root and unshare -n)"
fi

# a ',' list whose first entry answers 500: go never tries the second
kit_start e500 500 "$d/e500.port"
e500=$port
download "$d/c500.jsonl" env GOPROXY="http://127.0.0.1:$e500,http://127.0.0.1:$good" \
	"$GOTRACE" -q --timeout 60 -o "$d/c500.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/c500.err"
"$GOTRACE" report --json "$d/c500.jsonl" >"$d/c500.json"
check "comma list, 500 first: go fails with the 500" grep -q "500 Internal Server Error" "$d/c500.err"
check "comma list, 500 first: the first cause says entry 2 was never tried, and the fix" jqf "
	.findings[0].id == \"proxy-comma-stop\"
	and .findings[0].verdict == \"GOPROXY entry 1 http://127.0.0.1:$e500 answered 500; after ',' go tries the next entry only on 404 or 410, so entry 2 http://127.0.0.1:$good was never tried\"
	and (.findings[0].fix | test(\"GOPROXY=http://127.0.0.1:$e500[|]http://127.0.0.1:$good\"))" "$d/c500.json"
download "$d/p500.jsonl" env GOPROXY="http://127.0.0.1:$e500|http://127.0.0.1:$good" \
	"$GOTRACE" -q --timeout 60 -o "$d/p500.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>&1
echo $? >"$d/p500.rc"
"$GOTRACE" report --json "$d/p500.jsonl" >"$d/p500.json"
check "pipe list, 500 first: go falls back and succeeds, no comma-stop claim" sh -c "
	grep -qx 0 '$d/p500.rc' && jq -e 'all(.findings[]; .id != \"proxy-comma-stop\")' '$d/p500.json' >/dev/null"
check "comma list, 500 first: the fix points at gotrace probe for the module go named" jqf "
	.findings[0].fix | test(\"`gotrace probe example.com/m@v1.0.0` asks the GOPROXY entries again\")" "$d/c500.json"
check "pipe list, 500 first (go got it): no finding points at probe" jqf "
	all(.findings[]; (.fix // \"\") | test(\"gotrace probe\") | not)" "$d/p500.json"

# an HTTPS_PROXY nobody listens on: every https request went to it and failed
download "$d/hopx.jsonl" env GOPROXY=https://proxy.example HTTPS_PROXY="http://127.0.0.1:$closed" \
	"$GOTRACE" -q --timeout 60 -o "$d/hopx.jsonl" go mod download example.com/m@v1.0.0 >/dev/null 2>"$d/hopx.err"
"$GOTRACE" report --json "$d/hopx.jsonl" >"$d/hopx.json"
check "HTTPS_PROXY refused: go fails on the proxy connect" grep -q "proxyconnect" "$d/hopx.err"
check "HTTPS_PROXY refused: the first cause names the proxy and the target" jqf "
	.findings[0].id == \"proxy-hop-failed\" and .findings[0].severity == \"cause\"
	and (.findings[0].verdict | test(\"^the HTTPS_PROXY proxy http://127.0.0.1:$closed could not be reached \\\\(1 connection, all refused\\\\)\"))
	and (.findings[0].verdict | test(\"https://proxy.example \\\\(GOPROXY entry 1\\\\)\"))" "$d/hopx.json"

kit_stop_all
