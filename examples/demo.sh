#!/bin/sh
# `make demo`: build and run the bundled example module (a cgo package and
# a main package) under gotrace, then show the report gotrace prints.
set -eu
gotrace=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/gotrace-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$top/examples/hello"
# no network and no surprise toolchain download: the example needs neither
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOWORK=off
echo "\$ gotrace -o $work/demo.jsonl go run ."
"$gotrace" -o "$work/demo.jsonl" go run .
echo
echo "The trace is JSONL, one event a line (docs/trace-format.md). A few of its"
echo "exec events — every program the go command ran, static or not:"
grep '"ev":"exec"' "$work/demo.jsonl" | grep '"ret":0' |
	sed -n 's/.*"path":"\([^"]*\)".*/  \1/p' | sort | uniq -c | sort -rn | head -8
