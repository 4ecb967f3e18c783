#!/bin/sh
# build.sh OUT: build sumdbsrv into OUT offline, against the golang.org/x/mod
# that the Go distribution on PATH vendors for cmd/go (the same code go
# checks the database with). Nothing is fetched: GOPROXY=off.
set -e
out=$1
src=$(cd "$(dirname "$0")" && pwd)
goroot=$(go env GOROOT)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cp "$src/main.go" "$src/go.mod" "$w/"
cp -r "$goroot/src/cmd/vendor/golang.org/x/mod" "$w/x-mod"
# the language version x/mod asks for, as cmd/go's vendor list records it
v=$(sed -n '/^# golang.org\/x\/mod /{n;s/.*; go //p;q}' "$goroot/src/cmd/vendor/modules.txt")
printf 'module golang.org/x/mod\n\ngo %s\n' "${v:-1.22}" >"$w/x-mod/go.mod"
cd "$w" && GOPROXY=off GOFLAGS=-mod=mod GOWORK=off GOTOOLCHAIN=local go build -o "$out" .
