#!/bin/sh
# bench/proto/run.sh GOTRACE: the prototype of a tracer without ptrace
# (bench/NOTES.md, "A tracer without ptrace") against gotrace, as root:
# make bench's cold cgo build (e) and, with WORKLOADS="e a", go build -a std.
# ROUNDS interleaved rounds after a warm-up of: untraced; noptrace (the
# prototype: BPF programs alone follow the tree and record forks, execs with
# argv, exits, and the results of execve, openat, connect, chdir, written to
# a file); gotrace --mode preload (the shim alone, which a tracer without
# ptrace keeps); gotrace (default). Prints ratios to the untraced run of
# the same round: median (min-max). Not part of make bench.
set -eu
GOTRACE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${ROUNDS:-3}
WORKLOADS=${WORKLOADS:-e}
W=$TOP/bench/work-proto
rm -rf "$W"
mkdir -p "$W/home"
cc -O2 -o "$W/runstat" "$TOP/bench/runstat.c"
clang -O2 -g -Wall -target bpf -I/usr/include/"$(cc -dumpmachine)" -c -o "$W/follow.bpf.o" "$TOP/bench/proto/follow.bpf.c"
cc -O2 -Wall -Wextra -DPF_OBJ="\"$W/follow.bpf.o\"" -o "$W/noptrace" "$TOP/bench/proto/noptrace.c" -lbpf
export HOME="$W/home" GOPATH="$W/gopath" GOENV=off GOTOOLCHAIN=local GOWORK=off
export GOFLAGS=-buildvcs=false GOPROXY=off GOSUMDB=off GOTELEMETRY=off CGO_ENABLED=1
unset GOROOT GO111MODULE GOPRIVATE GONOPROXY GONOSUMDB CC
mkdir -p "$W/cgomod"
printf 'module example.com/benchcgo\n\ngo 1.21\n' >"$W/cgomod/go.mod"
printf 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os/user"\n)\n\nfunc main() {\n\tu, err := user.Current()\n\tfmt.Println(u, err, http.StatusOK)\n}\n' >"$W/cgomod/main.go"

run() { # run WORKLOAD VARIANT: wall seconds
	rm -rf "$W/gocache"
	export GOCACHE="$W/gocache"
	case $1 in
	e) set -- "$2" go build -a -o /dev/null . ;;
	a) set -- "$2" go build -a std ;;
	esac
	v=$1
	shift
	case $v in
	untraced) (cd "$W/cgomod" && "$W/runstat" "$W/stat" "$@") ;;
	noptrace) (cd "$W/cgomod" && "$W/runstat" "$W/stat" "$W/noptrace" "$W/np.out" -- "$@" 2>"$W/np.err") ;;
	preload) (cd "$W/cgomod" && "$W/runstat" "$W/stat" "$GOTRACE" -q --mode preload -o "$W/pre.jsonl" "$@") ;;
	gotrace) (cd "$W/cgomod" && "$W/runstat" "$W/stat" "$GOTRACE" -q -o "$W/trace.jsonl" "$@") ;;
	esac >/dev/null 2>&1
	cut -d' ' -f1 "$W/stat"
}
med() { sort -n | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.3f× (%.3f–%.3f)", m, v[1], v[NR]}'; }
for wl in $WORKLOADS; do
	for v in untraced noptrace preload gotrace; do run "$wl" $v >/dev/null; : >"$W/$v.r"; done
	for r in $(seq 1 "$ROUNDS"); do
		u=$(run "$wl" untraced)
		line="untraced ${u}s"
		for v in noptrace preload gotrace; do
			t=$(run "$wl" $v)
			line="$line $v ${t}s"
			echo "$t $u" | awk '{printf "%.4f\n", $1/$2}' >>"$W/$v.r"
		done
		echo "$wl round $r: $line" >&2
	done
	echo "$wl: noptrace $(med <"$W/noptrace.r"), preload $(med <"$W/preload.r"), gotrace $(med <"$W/gotrace.r")"
	echo "$wl: the prototype recorded: $(cat "$W/np.err"); gotrace's stops: $(tail -1 "$W/trace.jsonl" | jq -c .tracer.stops)"
done
