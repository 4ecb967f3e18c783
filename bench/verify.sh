#!/bin/sh
# make bench-verify: gotrace verify over 300 cached modules of about 200 KB
# each (incompressible), against the time to read the same files (the zips
# and the unpacked directories) with cat and with sha256sum, and its peak memory (the zips are
# hashed entry by entry in 64 KiB pieces, never held whole). Median of 5
# interleaved rounds, page cache warm. Then a go.sum of LINES lines (100,000)
# and nothing cached: reading and indexing go.sum alone. Appends to
# bench/RESULTS.md.
set -eu
GOTRACE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
W=$TOP/bench/work-verify
N=${N:-300}
rm -rf "$W" 2>/dev/null || { chmod -R u+w "$W"; rm -rf "$W"; }
mkdir -p "$W/app" "$W/home"
export HOME="$W/home" GOPATH="$W/gopath" GOENV=off GOTOOLCHAIN=local GOWORK=off GOFLAGS=-modcacherw
export GOPROXY="file://$W/mods" GOSUMDB=off GOTELEMETRY=off
python3 - "$W/mods" "$N" <<'PY'
import os, sys, zipfile
root, n = sys.argv[1], int(sys.argv[2])
for i in range(1, n + 1):
    m = "example.com/big%03d" % i
    d = os.path.join(root, m, "@v")
    os.makedirs(d, exist_ok=True)
    gomod = "module %s\n\ngo 1.21\n" % m
    open(os.path.join(d, "list"), "w").write("v1.0.0\n")
    open(os.path.join(d, "v1.0.0.info"), "w").write('{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}')
    open(os.path.join(d, "v1.0.0.mod"), "w").write(gomod)
    with zipfile.ZipFile(os.path.join(d, "v1.0.0.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        p = "%s@v1.0.0/" % m
        z.writestr(p + "go.mod", gomod)
        z.writestr(p + "big.go", "package big\n")
        z.writestr(p + "data.bin", os.urandom(200 * 1024))
PY
{
	printf 'module example.com/app\n\ngo 1.21\n\nrequire (\n'
	i=1
	while [ $i -le "$N" ]; do printf '\texample.com/big%03d v1.0.0\n' $i; i=$((i + 1)); done
	printf ')\n'
} >"$W/app/go.mod"
cd "$W/app"
go mod download $(i=1; while [ $i -le "$N" ]; do printf 'example.com/big%03d@v1.0.0 ' $i; i=$((i + 1)); done)
bytes=$(find "$W/gopath/pkg/mod" -type f \( -name '*.zip' -o -path '*@v1.0.0/*' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
t() { _s=$(date +%s%N); "$@" >/dev/null 2>&1; _e=$(date +%s%N); echo $(((_e - _s) / 1000000)); }
v="" c="" h=""
for r in 0 1 2 3 4 5; do # round 0 warms the page cache
	tv=$(t "$GOTRACE" verify)
	tc=$(t sh -c "find '$W/gopath/pkg/mod' -type f \( -name '*.zip' -o -path '*@v1.0.0/*' \) -print0 | xargs -0 cat")
	ts=$(t sh -c "find '$W/gopath/pkg/mod' -type f \( -name '*.zip' -o -path '*@v1.0.0/*' \) -print0 | xargs -0 sha256sum")
	[ $r -gt 0 ] && v="$v $tv" && c="$c $tc" && h="$h $ts"
done
med() { echo "$@" | tr ' ' '\n' | sort -n | sed -n 3p; }
rss=$( (/usr/bin/time -f '%M' "$GOTRACE" verify >/dev/null) 2>&1 | tail -n 1)
"$GOTRACE" verify >/dev/null 2>&1 && ok=yes || ok=no
line="| $(date +%Y-%m-%d) | $N modules, $((bytes / 1048576)) MiB of zips and unpacked files | $(med $v) ms | $(med $c) ms | $(med $h) ms | $(awk -v a="$(med $v)" -v b="$(med $h)" 'BEGIN {printf "%.2f", a / b}')× | ${rss} KB | $ok |"
echo "$line"
# record TITLE HEADER ROW: ROW goes under the table TITLE (made with HEADER when missing) in bench/NOTES.md,
# which make bench copies into RESULTS.md, and in RESULTS.md
record() {
	for f in "$TOP/bench/NOTES.md" "$TOP/bench/RESULTS.md"; do
		grep -qxF "## $1" "$f" || printf '\n## %s\n\n%s\n' "$1" "$2" >>"$f"
		echo "$3" >>"$f"
	done
}
record "gotrace verify (make bench-verify)" \
	"$(printf '| date | cache | verify | cat of the same files | sha256sum of them | verify / sha256sum | verify peak RSS | all agree |\n|---|---|---|---|---|---|---|---|')" \
	"$line"

# a large go.sum: LINES lines (LINES/2 modules, none in the module cache, no network): the cost of reading and
# indexing go.sum alone, which must stay linear (it was 34 s and 694 MB for 100,000 lines before the index)
L=${LINES:-100000}
mkdir -p "$W/big"
python3 - "$W/big" "$L" <<'PY'
import base64, hashlib, sys
d, n = sys.argv[1], int(sys.argv[2]) // 2
with open(d + "/go.sum", "w") as f:
    for i in range(n):
        h = [base64.b64encode(hashlib.sha256(b"%s%d" % (k, i)).digest()).decode() for k in (b"z", b"m")]
        f.write("example.com/mod%06d v1.0.0 h1:%s\nexample.com/mod%06d v1.0.0/go.mod h1:%s\n" % (i, h[0], i, h[1]))
open(d + "/go.mod", "w").write("module example.com/big\n\ngo 1.21\n\nrequire example.com/mod000000 v1.0.0\n")
PY
cd "$W/big"
b=""
for r in 0 1 2 3 4 5; do
	tb=$(t "$GOTRACE" verify)
	[ $r -gt 0 ] && b="$b $tb"
done
brss=$( (/usr/bin/time -f '%M' "$GOTRACE" verify >/dev/null) 2>&1 | tail -n 1)
"$GOTRACE" verify >/dev/null 2>&1 && ok=yes || ok=no
line="| $(date +%Y-%m-%d) | $L go.sum lines, $((L / 2)) modules, none cached | $(med $b) ms | ${brss} KB | $ok |"
echo "$line"
record "gotrace verify, a large go.sum (make bench-verify)" \
	"$(printf '| date | go.sum | verify | peak RSS | exit 0 |\n|---|---|---|---|---|')" "$line"
cd "$TOP" && rm -rf "$W" 2>/dev/null || { chmod -R u+w "$W"; rm -rf "$W"; }
