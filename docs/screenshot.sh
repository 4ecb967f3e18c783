#!/bin/sh
# Remakes docs/report-page.png, the picture of `gotrace report --html` in the
# README: a real traced build of a copy of examples/hello with a cgo file that
# includes a header this machine lacks, opened in headless Chromium.
# Usage: sh docs/screenshot.sh [GOTRACE]   (needs chromium; make check installs it)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
gotrace=$(cd "$(dirname "${1:-$top/build/gotrace}")" && pwd)/$(basename "${1:-$top/build/gotrace}")
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cp -r "$top/examples/hello" "$w/hello"
printf 'package main\n\n/*\n#include <gtnothere.h>\n*/\nimport "C"\n' >"$w/hello/cgo.go"
mkdir -p "$w/home"
(
	cd "$w/hello"
	env -i PATH="$PATH" HOME="$w/home" GOPATH="$w/gopath" GOCACHE="$w/cache" GOPROXY=off GOTOOLCHAIN=local \
		GOFLAGS=-buildvcs=false GOTELEMETRY=off CGO_ENABLED=1 "$gotrace" -q -o "$w/run.jsonl" go build ./... || true
)
"$gotrace" report --html "$w/run.jsonl" >"$w/run.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --user-data-dir="$w/profile" --hide-scrollbars \
	--window-size=1200,1500 --screenshot="$top/docs/report-page.png" "file://$w/run.html" >/dev/null 2>&1
echo "docs/report-page.png from a traced go build of $(grep -c '' "$w/run.jsonl") events"
