# gotrace report --html: one self-contained page, checked in a real browser
# (Debian's chromium, headless): it renders, the DOM has the findings and the
# lanes, no script error; and it stays light on a 100,000-event trace.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
failing_build "$d/m" "$d/b.jsonl"
"$GOTRACE" report --html "$d/b.jsonl" >"$d/b.html" 2>"$d/b.err"
check "html: exit 0, nothing on stderr, a page" sh -c "test $? -eq 0 && ! test -s '$d/b.err' && head -1 '$d/b.html' | grep -q '<!DOCTYPE html>'"
# (the embedded data holds URLs as text, GOPROXY's: only the markup is looked at)
grep -v 'id="gt-data"' "$d/b.html" >"$d/markup"
check "html: self-contained: no external script, stylesheet, image, frame or link, and a policy forbidding any" sh -c "
	! grep -Eiq '<script[^>]+src=|<link|<img|<iframe|@import|url\\(|https?://[a-z]' '$d/markup' &&
	grep -q \"Content-Security-Policy\\\" content=\\\"default-src 'none'\" '$d/markup'"
check "html: the embedded data is the JSON report with the same findings" sh -c "
	\"\$GOTRACE\" report --json '$d/b.jsonl' | jq -c '[.findings[].verdict]' >'$d/want' &&
	sed -n 's|.*<script type=\"application/json\" id=\"gt-data\">\\(.*\\)</script>.*|\\1|p' '$d/b.html' |
		jq -c '[.report.findings[].verdict]' >'$d/got' && test -s '$d/want' && cmp -s '$d/want' '$d/got'"
"$GOTRACE" report --html --json "$d/b.jsonl" >/dev/null 2>"$d/both.err"
check "html and json together: exit 2, one line" sh -c "test $? -eq 2 && test \$(wc -l <'$d/both.err') -eq 1"
"$GOTRACE" report --html /dev/zero >"$d/zero.out" 2>"$d/zero.err"
check "html of /dev/zero: exit 1, one line, no page" sh -c "test $? -eq 1 && test \$(wc -l <'$d/zero.err') -eq 1 && ! test -s '$d/zero.out'"

# a proxy that answers 404: the connection is in the table with its role
kit_start nf 404 "$d/nf.port"
(go_hermetic && cd "$d/m" && GOPROXY="http://127.0.0.1:$port" GOFLAGS=-modcacherw \
	"$GOTRACE" -q -o "$d/net.jsonl" go mod download example.com/nothere@v1.0.0 >/dev/null 2>&1)
kit_stop_all
"$GOTRACE" report --html "$d/net.jsonl" >"$d/net.html"
sed -n 's|.*<script type="application/json" id="gt-data">\(.*\)</script>.*|\1|p' "$d/net.html" >"$d/net.data"
check "html: a connection to the proxy, with its role, outcome and wait" jqf "
	any(.conns[]; .[2] == \"127.0.0.1:$port\" and .[4] == \"GOPROXY entry 1 (http://127.0.0.1:$port)\"
		and .[5] == \"established\" and (.[6] | type) == \"number\")" "$d/net.data"

if ! command -v chromium >/dev/null; then
	skip "html in a browser" "chromium is not installed (make check installs Debian's chromium)"
	return 0
fi
# a fresh profile, and no background connection (this machine's network is closed)
browser() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$d/profile" --enable-logging=stderr --v=0 "$@"
}
browser --dump-dom "file://$d/b.html" >"$d/dom.html" 2>"$d/browser.err"
check "browser: the page's script ran to its end, no script error" sh -c "
	grep -q 'data-ready=\"1\"' '$d/dom.html' && ! grep -q 'data-failed' '$d/dom.html' &&
	! grep -q 'Uncaught' '$d/browser.err' && grep -q '<div id=\"errors\"></div>' '$d/dom.html'"
check "browser: the DOM has the findings, cause first" sh -c "
	grep -q 'class=\"finding cause\"' '$d/dom.html' && grep -q 'compile exited 2' '$d/dom.html'"
check "browser: the lanes: one per process of the trace" sh -c "
	test \"\$(sed -n 's/.*data-lanes=\"\\([0-9]*\\)\".*/\\1/p' '$d/dom.html')\" = \
	     \"\$(jq -s '[.[] | select(.ev == \"exec\" or .ev == \"fork\") | .pid] | unique | length' '$d/b.jsonl')\""
check "browser: the tables: the failed opens and the go environment" sh -c "
	grep -q '<td class=\"mono\">ENOENT</td>' '$d/dom.html' && grep -q '<td class=\"mono\">GOPROXY</td>' '$d/dom.html'"
browser --dump-dom "file://$d/net.html" >"$d/netdom.html" 2>/dev/null
check "browser: the connections table names the proxy's role" grep -q "<td class=\"mono\">GOPROXY entry 1 (http://127.0.0.1:$port)</td>" "$d/netdom.html"
# an evidence link: the cause's first evidence line, opened as page.html#L<line>
ln=$("$GOTRACE" report --json "$d/b.jsonl" | jq '[.findings[] | select(.severity == "cause") | .evidence[] | select(.line)][0].line')
browser --dump-dom "file://$d/b.html#L$ln" >"$d/dom-link.html" 2>/dev/null
check "browser: an evidence link shows its event (line $ln) and the lane of its process" sh -c "
	test -n '$ln' && grep -q 'id=\"detail\"[^>]*data-line=\"$ln\"' '$d/dom-link.html' &&
	grep -q 'trace line $ln · ' '$d/dom-link.html'"
browser --dump-dom "file://$d/b.html#zoom=0,0.05" >"$d/dom-zoom.html" 2>/dev/null
check "browser: a time window (#zoom=0,0.05, as ctrl+wheel sets it) is the one drawn" grep -q 'data-view="0,0.05"' "$d/dom-zoom.html"
browser --screenshot="$d/shot.png" --window-size=1280,1400 "file://$d/b.html" >/dev/null 2>&1
check "browser: the screenshot is not blank" python3 "$TOP/tests/e2e/check_png.py" "$d/shot.png"

# a big run stays light: 100,000 events from 2,000 processes (each a lane)
python3 - "$d/b.jsonl" "$d/big.jsonl" <<'PY'
import json, sys
hdr = open(sys.argv[1]).readline()
root = json.loads(hdr)["pid"]
out = [hdr.rstrip("\n")]
t, line = 0.0, 0
for i in range(2000):
    pid = 10000 + i
    t += 0.001
    out.append(json.dumps({"ev": "fork", "t": round(t, 6), "pid": pid, "src": "sys", "ppid": root, "kind": "fork"}))
    out.append(json.dumps({"ev": "exec", "t": round(t + 0.0001, 6), "pid": pid, "src": "sys", "ppid": root,
                           "path": "/usr/bin/cc1", "argv": ["cc1", "-quiet", "x%d.c" % i], "ret": 0}))
    for k in range(46):
        out.append(json.dumps({"ev": "open", "t": round(t + 0.0002, 6), "pid": pid, "src": "sys",
                               "path": "/usr/include/h%d/f%d.h" % (k, i % 50), "flags": "O_RDONLY", "ret": -1, "err": "ENOENT"}))
    out.append(json.dumps({"ev": "stderr", "t": round(t + 0.0003, 6), "pid": pid, "src": "sys", "text": "warning %d\n" % i}))
    out.append(json.dumps({"ev": "exit", "t": round(t + 0.0004, 6), "pid": pid, "src": "sys", "ppid": root, "code": 1 if i == 1999 else 0}))
out.append(json.dumps({"ev": "end", "t": round(t + 0.001, 6), "pid": root, "src": "sys", "status": 1}))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
"$GOTRACE" report --html "$d/big.jsonl" >"$d/big.html"
check "big run: 100,000 events give a page under 5 MB" sh -c "
	test \$(wc -l <'$d/big.jsonl') -ge 100000 && test \$(stat -c %s '$d/big.html') -lt 5000000"
s0=$(date +%s%N)
browser --dump-dom "file://$d/big.html" >"$d/bigdom.html" 2>/dev/null
s1=$(date +%s%N)
echo "  (big page: $(stat -c %s "$d/big.html") bytes, loaded and drawn by headless chromium in $(((s1 - s0) / 1000000)) ms)"
check "big run: the browser loads and draws it within 15 s, without error" sh -c "
	test $(((s1 - s0) / 1000000)) -lt 15000 && grep -q 'data-ready=\"1\"' '$d/bigdom.html' && grep -q 'data-lanes=\"2000\"' '$d/bigdom.html'"
