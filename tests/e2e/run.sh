#!/bin/sh
# Runs every tests/e2e/t_*.sh and prints, at the end, the skipped tests with
# their reasons and one closing line: "N passed, N failed, N skipped".
# Exits non-zero if any test failed.
#
# What the machine can do is probed once, first (tests/progs/caps.c): a
# test that needs what the kernel or its settings refuse is skipped with
# the reason; one whose capability is there runs, and fails if it fails.
# A file declares what it needs in a "# needs: CAP..." line; a single test
# asks with `need CAP NAME` (lib.sh). E2E_PRETEND_NO="CAP..." makes the run
# behave as if those were missing, to test this runner itself.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${GOTRACE:?}" "${PROGS:?}" "${BUILD:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gotrace-e2e.XXXXXX")
RESULTS=$WORK/results
: >"$RESULTS"
export TOP GOTRACE PROGS BUILD WORK RESULTS
# the report is printed unless asked otherwise; tests that want it say so
unset NO_COLOR

# The capabilities: CAP_<name> is empty when the machine has it, else the
# reason tests needing it are skipped.
CAPS="ptrace syscall_info seccomp_trace seccomp_unotify run32 bpf"
probe_caps() {
	_p32=
	if echo 'int main(void){return 0;}' | cc -m32 -x c -o "$WORK/probe32" - 2>/dev/null; then
		_p32=$WORK/probe32
	fi
	if ! "$PROGS/caps" $_p32 >"$WORK/caps.out" 2>&1; then
		echo "FAIL - capability probe: $PROGS/caps did not run: $(head -c 200 "$WORK/caps.out")"
		echo fail >>"$RESULTS"
	fi
	for _c in $CAPS; do
		_line=$(grep "^$_c " "$WORK/caps.out" | head -n 1)
		case "$_line" in
		"$_c yes"*) _why= ;;
		"$_c no "*) _why=${_line#"$_c no "} ;;
		*) _why="not probed" ;;
		esac
		if [ "$_c" = run32 ] && [ -z "$_p32" ]; then
			_why="cc -m32 cannot link here (install gcc-multilib)"
		fi
		case " ${E2E_PRETEND_NO:-} " in
		*" $_c "*) _why="pretended missing (E2E_PRETEND_NO)" ;;
		esac
		eval "CAP_$_c=\$_why"
	done
	_can= _cannot=
	for _c in $CAPS; do
		eval "_why=\$CAP_$_c"
		if [ -z "$_why" ]; then _can="$_can $_c"; else _cannot="$_cannot${_cannot:+; }$_c ($_why)"; fi
	done
	echo "this machine can:${_can:- nothing probed}${_cannot:+; cannot: }$_cannot"
}
probe_caps

for t in "$TOP"/tests/e2e/t_*.sh; do
	if [ -n "${E2E_ONLY:-}" ] && ! echo "$t" | grep -q "$E2E_ONLY"; then
		continue
	fi
	echo "== $(basename "$t")"
	# what the whole file needs
	_missing=
	for _c in $(sed -n 's/^# needs: *//p' "$t" | head -n 1); do
		case $_c in *[!a-z0-9_]*) _missing="$_c: not a capability name"; break ;; esac
		eval "_why=\${CAP_$_c-unknown capability $_c}"
		if [ -n "$_why" ]; then _missing="$_c: $_why"; break; fi
	done
	if [ -n "$_missing" ]; then
		echo "skip - $(basename "$t") (all of it): needs $_missing"
		printf 'skip\t%s (all of it): needs %s\n' "$(basename "$t")" "$_missing" >>"$RESULTS"
		continue
	fi
	_t0=$(date +%s)
	(cd "$WORK" && . "$TOP/tests/e2e/lib.sh" && . "$t") || echo fail >>"$RESULTS"
	printf '%s\t%s\n' "$(($(date +%s) - _t0))" "$(basename "$t")" >>"$WORK/times"
done
# where the time went: the suite has a budget (make check under 12 minutes)
echo "slowest: $(sort -rn "$WORK/times" 2>/dev/null | head -n 6 | awk -F'\t' '{printf "%s%s %ss", (NR > 1 ? ", " : ""), $2, $1}')"
p=$(grep -c '^pass$' "$RESULTS")
f=$(grep -c '^fail$' "$RESULTS")
s=$(grep -c '^skip' "$RESULTS")
if [ "$s" -gt 0 ]; then
	echo "skipped:"
	sed -n 's/^skip\t/  /p' "$RESULTS"
fi
# keep the work directory when something failed, for a look at the traces
# (or when E2E_KEEP is set)
if [ "$f" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"; else echo "work directory kept: $WORK"; fi
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
