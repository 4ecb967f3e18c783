#!/bin/sh
# make bench: tracing overhead, side by side in one run. For each workload,
# after a warm-up round, ROUNDS rounds run interleaved: untraced, gotrace -q
# (default mode), strace -f --seccomp-bpf on execve/openat/connect -- as
# root -- then untraced and gotrace -q again as a user without capabilities
# (most users: no CAP_BPF): once as installed, with gotrace-openrec given
# its file capabilities (the open recorder through the helper), once from
# the build tree, whose helper has none (the opens stop). As root the user
# is gotrace-bench (BENCH_USER), made here if missing, run through setpriv
# with no capabilities (a login's bounding set, so the helper's file
# capabilities work) and caches of its own; run by anyone else, the root
# columns stay empty. Writes bench/RESULTS.md. Takes about 60 minutes on 2
# cores; not part of make check.
set -eu
GOTRACE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
WORKLOADS=${WORKLOADS:-"a b c e d f g"}
W=$TOP/bench/work
rm -rf "$W" 2>/dev/null || { chmod -R u+w "$W"; rm -rf "$W"; }
mkdir -p "$W"
cc -O2 -o "$W/runstat" "$TOP/bench/runstat.c"

# the user without capabilities, and the directory of its own (caches, traces, stats)
UW=$W/user
mkdir -p "$UW/home"
if [ "$(id -u)" = 0 ]; then
	BUSER=${BENCH_USER:-gotrace-bench}
	id "$BUSER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$BUSER"
	chown -R "$BUSER:" "$UW"
	as_user() {
		setpriv --reuid="$(id -u "$BUSER")" --regid="$(id -g "$BUSER")" --clear-groups --inh-caps=-all -- "$@"
	}
	ROOT=1
else
	as_user() { "$@"; }
	ROOT=
fi
# gotrace as make install leaves it: beside it gotrace-openrec with CAP_BPF and CAP_PERFMON
INST=$W/inst
mkdir -p "$INST"
cp "$GOTRACE" "$(dirname "$GOTRACE")/gotrace-openrec" "$INST/"
ln -s "$(dirname "$GOTRACE")/lib" "$INST/lib"
HELPED=
if [ -n "$ROOT" ] && setcap cap_bpf,cap_perfmon=ep "$INST/gotrace-openrec" 2>/dev/null; then HELPED=1; fi
chmod -R a+rX "$INST"

# hermetic Go: no user configuration, no network
export HOME="$W/home" GOPATH="$W/gopath" GOENV=off GOTOOLCHAIN=local GOWORK=off
export GOFLAGS=-buildvcs=false GOPROXY=off GOSUMDB=off GOTELEMETRY=off
mkdir -p "$HOME"
unset GOROOT GO111MODULE GOPRIVATE GONOPROXY GONOSUMDB CGO_ENABLED CC

# (b) a module of 20 small packages with tests
mkdir -p "$W/testmod"
printf 'module example.com/benchtest\n\ngo 1.21\n' >"$W/testmod/go.mod"
for i in $(seq -w 1 20); do
	mkdir -p "$W/testmod/p$i"
	printf 'package p%s\n\nimport "strings"\n\n// Up upper-cases s.\nfunc Up(s string) string { return strings.ToUpper(s) }\n' "$i" >"$W/testmod/p$i/p.go"
	printf 'package p%s\n\nimport "testing"\n\nfunc TestUp(t *testing.T) {\n\tif Up("a") != "A" {\n\t\tt.Fatal("Up")\n\t}\n}\n' "$i" >"$W/testmod/p$i/p_test.go"
done
# (c) a file:// module proxy with 30 modules
(cd "$TOP/bench/mkproxy" && GOCACHE="$W/gocache-tools" GOFLAGS= go run main.go "$W/proxy" 30)
MODS=$(for i in $(seq -w 1 30); do printf 'example.com/benchmod%s@v1.0.0 ' "$i"; done)
# (d) a synthetic trace of 1M events
awk -v n=1000000 -f "$TOP/bench/mktrace.awk" >"$W/synthetic.jsonl"
# (e) a cgo program: net/http and os/user, built with gcc
mkdir -p "$W/cgomod"
printf 'module example.com/benchcgo\n\ngo 1.21\n' >"$W/cgomod/go.mod"
printf 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os/user"\n)\n\nfunc main() {\n\tu, err := user.Current()\n\tfmt.Println(u, err, http.StatusOK)\n}\n' >"$W/cgomod/main.go"
# (f) two wide traces of 40,000 processes for diff, (g) one of 80,000 programs for report
awk -v procs=40000 -f "$TOP/bench/mkprocs.awk" >"$W/wide-a.jsonl"
awk -v procs=40000 -v variant=1 -f "$TOP/bench/mkprocs.awk" >"$W/wide-b.jsonl"
awk -v procs=80000 -v names=distinct -f "$TOP/bench/mkprocs.awk" >"$W/names.jsonl"

# run_one WORKLOAD VARIANT: prints "wall maxrss status" and leaves the trace in $W/trace.jsonl
# ($UW/trace.jsonl for the user's). VARIANT: untraced, gotrace, strace (as root when root),
# user-untraced, user-gotrace (as the user without capabilities, with its own caches: gotrace as
# installed, its helper with file capabilities), user-nohelper (the build tree's gotrace: no helper)
run_one() {
	case $2 in user-*) c=$UW ;; *) c=$W ;; esac
	case $1 in
	a) rm -rf "$c/gocache-a"; export GOCACHE="$c/gocache-a"; set -- "$2" go build -a std; dir=$W ;;
	b) export GOCACHE="$c/gocache-b"; set -- "$2" go test -count=1 ./...; dir=$W/testmod ;;
	c) chmod -R u+w "$c/modcache" 2>/dev/null || true; rm -rf "$c/modcache"
	   export GOCACHE="$c/gocache-b" GOMODCACHE="$c/modcache" GOPROXY="file://$W/proxy"
	   # shellcheck disable=SC2086
	   set -- "$2" go mod download $MODS; dir=$W ;;
	e) rm -rf "$c/gocache-e"; export GOCACHE="$c/gocache-e" CGO_ENABLED=1
	   set -- "$2" go build -a -o /dev/null .; dir=$W/cgomod ;;
	esac
	v=$1
	shift
	case $v in
	untraced) (cd "$dir" && "$W/runstat" "$W/stat" "$@") ;;
	gotrace) (cd "$dir" && "$W/runstat" "$W/stat" "$GOTRACE" -q -o "$W/trace.jsonl" "$@") ;;
	strace) (cd "$dir" && "$W/runstat" "$W/stat" strace -f --seccomp-bpf -qq -e trace=execve,openat,connect -o /dev/null "$@") ;;
	user-untraced) (cd "$dir" && HOME=$UW/home GOPATH=$UW/gopath as_user "$W/runstat" "$UW/stat" "$@") ;;
	user-gotrace) (cd "$dir" && HOME=$UW/home GOPATH=$UW/gopath as_user "$W/runstat" "$UW/stat" "$INST/gotrace" -q -o "$UW/trace.jsonl" "$@") ;;
	user-nohelper) (cd "$dir" && HOME=$UW/home GOPATH=$UW/gopath as_user "$W/runstat" "$UW/stat" "$GOTRACE" -q -o "$UW/trace-nh.jsonl" "$@") ;;
	esac >/dev/null 2>&1
	case $v in user-*) cat "$UW/stat" ;; *) cat "$W/stat" ;; esac
	export GOPROXY=off
}

# stats FILE: median, min and max of the numbers in FILE
stats() { sort -n "$1" | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.3f %.3f %.3f", m, v[1], v[NR]}'; }

rows=$W/rows
: >"$rows"
# ratio A B: A/B to 4 places
ratio() { echo "$1 $2" | awk '{printf "%.4f\n", $1/$2}'; }
for wl in $WORKLOADS; do
	case $wl in d | f | g) continue ;; esac
	echo "== workload $wl: warm-up" >&2
	if [ -n "$ROOT" ]; then variants="untraced gotrace strace user-untraced user-gotrace user-nohelper"; else variants="user-untraced user-nohelper strace"; fi
	for v in $variants; do run_one "$wl" $v >/dev/null; done
	: >"$W/g.ratio"; : >"$W/s.ratio"; : >"$W/u.wall"; : >"$W/ug.ratio"; : >"$W/un.ratio"
	for r in $(seq 1 "$ROUNDS"); do
		u= g= line=
		for v in $variants; do
			t=$(run_one "$wl" $v | cut -d' ' -f1)
			line="$line $v ${t}s"
			case $v in
			untraced) u=$t; echo "$t" >>"$W/u.wall" ;;
			gotrace) g=$t ;;
			user-untraced) uu=$t; [ -n "$ROOT" ] || { u=$t; echo "$t" >>"$W/u.wall"; } ;;
			user-gotrace) ratio "$t" "$uu" >>"$W/ug.ratio" ;;
			user-nohelper) ratio "$t" "$uu" >>"$W/un.ratio" ;;
			strace) st=$t ;;
			esac
		done
		echo "   round $r:$line" >&2
		[ -z "$g" ] || ratio "$g" "$u" >>"$W/g.ratio"
		ratio "$st" "$u" >>"$W/s.ratio"
	done
	tr=$W/trace.jsonl
	[ -n "$ROOT" ] || tr=$UW/trace-nh.jsonl
	events=$(tail -1 "$tr" | jq .events)
	bytes=$(wc -c <"$tr")
	rss=$(tail -1 "$tr" | jq .tracer.rss_kb)
	"$W/runstat" "$W/stat" sh -c "'$GOTRACE' report '$tr' >/dev/null"
	rep=$(cut -d' ' -f1 "$W/stat")
	gr="- - -" ug="- - -"
	[ -z "$ROOT" ] || gr=$(stats "$W/g.ratio")
	[ -z "$ROOT" ] || ug=$(stats "$W/ug.ratio")
	echo "$wl $(stats "$W/u.wall") $gr $ug $(stats "$W/un.ratio") $(stats "$W/s.ratio") $events $bytes $rss $rep" >>"$rows"
done

# the fixed cost of a short command: true, 21 times each way, as root and as the user
fixed() {
	: >"$W/fx"
	for _i in $(seq 1 21); do
		"$@" >/dev/null 2>&1
		cut -d' ' -f1 "$_st" >>"$W/fx"
	done
	stats "$W/fx" | cut -d' ' -f1
}
echo "== the fixed cost: true" >&2
_st=$W/stat
if [ -n "$ROOT" ]; then
	fx_ru=$(fixed "$W/runstat" "$W/stat" true)
	fx_rg=$(fixed "$W/runstat" "$W/stat" "$GOTRACE" -q -o "$W/true.jsonl" true)
	fx_rs=$(fixed "$W/runstat" "$W/stat" strace -f -qq -o /dev/null true)
fi
_st=$UW/stat
# the user's own HOME: a state directory it cannot write means no digest cache, and every run
# of true would hash true and libc again (about 10 ms)
fx_uu=$(HOME=$UW/home fixed as_user "$W/runstat" "$UW/stat" true)
[ -z "$ROOT" ] || fx_ug=$(HOME=$UW/home fixed as_user "$W/runstat" "$UW/stat" "$INST/gotrace" -q -o "$UW/true.jsonl" true)
fx_un=$(HOME=$UW/home fixed as_user "$W/runstat" "$UW/stat" "$GOTRACE" -q -o "$UW/true.jsonl" true)
fx_us=$(HOME=$UW/home fixed as_user "$W/runstat" "$UW/stat" strace -f -qq -o /dev/null true)

if echo "$WORKLOADS" | grep -q d; then
	echo "== workload d: gotrace report of 1M events" >&2
	"$W/runstat" "$W/stat" sh -c "exec '$GOTRACE' report '$W/synthetic.jsonl' >/dev/null"
	# shellcheck disable=SC2046
	set -- $(cat "$W/stat")
	drep=$1 drss=$2
	dev=$(wc -l <"$W/synthetic.jsonl")
	dbytes=$(wc -c <"$W/synthetic.jsonl")
fi

# one_tool ROW LABEL COMMAND...: a gotrace subcommand's time and RSS as a table row
one_tool() {
	_row=$1 _label=$2
	shift 2
	echo "== workload $_label" >&2
	"$W/runstat" "$W/stat" "$@" >/dev/null 2>&1
	echo "$_row $(cat "$W/stat")" >>"$W/tools"
}
: >"$W/tools"
if echo "$WORKLOADS" | grep -q f; then
	one_tool f "f: gotrace diff of two 40,000-process traces" "$GOTRACE" diff "$W/wide-a.jsonl" "$W/wide-b.jsonl"
fi
if echo "$WORKLOADS" | grep -q g; then
	one_tool g "g: gotrace report, 80,000 programs" "$GOTRACE" report "$W/names.jsonl"
fi

name() {
	case $1 in
	a) echo "(a) go build -a std, cold GOCACHE" ;;
	b) echo "(b) go test -count=1 ./... (20 packages)" ;;
	c) echo "(c) go mod download, 30 modules, file:// proxy" ;;
	e) echo "(e) go build -a of a cgo program (net/http, os/user), cold GOCACHE" ;;
	esac
}
{
	echo "# Tracing overhead"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d)."
	echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores,"
	echo "kernel $(uname -r), $(go version | cut -d' ' -f3), gotrace $("$GOTRACE" --version | cut -d' ' -f2)."
	echo "Rounds: $ROUNDS after one warm-up, interleaved (as root: untraced, gotrace, strace; then as a user without"
	echo "capabilities (setpriv, no CAP_BPF/CAP_PERFMON): untraced, gotrace as installed (the open recorder through"
	echo "gotrace-openrec, the helper with file capabilities$([ -n "$HELPED" ] || echo '; not available in this run')),"
	echo "gotrace from the build tree (no helper: opens stop)). The user's ratios are against the user's own untraced run"
	echo "of the same round."
	echo "Ratios are per round (traced wall time / that round's untraced wall time): median (min–max)."
	echo
	echo "| workload | untraced median | gotrace ratio, root | no capabilities, installed (helper) | no capabilities, no helper | strace ratio | events | bytes/event | gotrace RSS | report time |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	cell() { if [ "$1" = - ]; then echo "—"; else printf '**%.3f×** (%.3f–%.3f)' "$1" "$2" "$3"; fi; }
	while read -r wl um umin umax gm gmin gmax hm hmin hmax nm nmin nmax sm smin smax ev by rss rep; do
		printf '| %s | %.1fs | %s | %s | %s | %.3f× (%.3f–%.3f) | %s | %d | %.1f MiB | %.2fs |\n' \
			"$(name "$wl")" "$um" "$(cell "$gm" "$gmin" "$gmax")" "$(cell "$hm" "$hmin" "$hmax")" \
			"$(cell "$nm" "$nmin" "$nmax")" "$sm" "$smin" "$smax" "$ev" \
			$((by / ev)) "$(echo "$rss" | awk '{print $1/1024}')" "$rep"
		: "$umin $umax"
	done <"$rows"
	if [ -n "${fx_ru:-}" ]; then
		printf '| `true`, root: untraced %.1f ms | — | gotrace -q %.1f ms | — | — | strace -f -qq %.1f ms | | | | |\n' \
			"$(echo "$fx_ru" | awk '{print $1*1000}')" "$(echo "$fx_rg" | awk '{print $1*1000}')" \
			"$(echo "$fx_rs" | awk '{print $1*1000}')"
	fi
	printf '| `true`, no capabilities: untraced %.1f ms | — | — | %s | gotrace -q %.1f ms | strace -f -qq %.1f ms | | | | |\n' \
		"$(echo "$fx_uu" | awk '{print $1*1000}')" \
		"$(if [ -n "${fx_ug:-}" ]; then echo "$fx_ug" | awk '{printf "gotrace -q %.1f ms", $1*1000}'; else echo —; fi)" \
		"$(echo "$fx_un" | awk '{print $1*1000}')" "$(echo "$fx_us" | awk '{print $1*1000}')"
	if [ -n "${drep:-}" ]; then
		printf '| (d) gotrace report, synthetic trace | — | — | — | — | %s | %d | %.1f MiB (report) | **%.2fs** |\n' \
			"$dev" $((dbytes / dev)) "$(echo "$drss" | awk '{print $1/1024}')" "$drep"
	fi
	while read -r row wall rss _; do
		case $row in
		f) printf '| (f) gotrace diff, two traces of 40,000 processes | — | — | — | — | %s | — | %.1f MiB (diff) | **%.2fs** |\n' \
			"$(wc -l <"$W/wide-a.jsonl") + $(wc -l <"$W/wide-b.jsonl")" "$(echo "$rss" | awk '{print $1/1024}')" "$wall" ;;
		g) printf '| (g) gotrace report, 80,000 programs | — | — | — | — | %s | — | %.1f MiB (report) | **%.2fs** |\n' \
			"$(wc -l <"$W/names.jsonl")" "$(echo "$rss" | awk '{print $1/1024}')" "$wall" ;;
		esac
	done <"$W/tools"
	echo
	echo "strace line: \`strace -f --seccomp-bpf -qq -e trace=execve,openat,connect -o /dev/null CMD\`."
	echo "Budget (issue 40): root ≤ 1.05× on (a), ≤ 1.06× on (e); without capabilities ≤ 1.08× on (a), ≤ 1.12× on (b),"
	echo "≤ 1.10× on (e); (c) ≤ 1.5× (issue 23); below strace everywhere, by at least 15% of strace's overhead on the builds;"
	echo "RSS ≤ 64 MiB at 1M events; report of 1M events < 2 s; (f) and (g) under 5 s."
	echo
	echo "Reproduce: \`make bench\` (ROUNDS=N and WORKLOADS=\"a b c e d f g\" to choose)."
	if [ -f "$TOP/bench/NOTES.md" ]; then echo; cat "$TOP/bench/NOTES.md"; fi
} >"$TOP/bench/RESULTS.md"
cat "$TOP/bench/RESULTS.md"
