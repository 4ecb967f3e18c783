#!/bin/sh
# Runs every tests/e2e/t_*.sh and prints one closing line:
# "N passed, N failed, N skipped". Exits non-zero if any test failed.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${GOTRACE:?}" "${PROGS:?}" "${BUILD:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gotrace-e2e.XXXXXX")
RESULTS=$WORK/results
: >"$RESULTS"
export TOP GOTRACE PROGS BUILD WORK RESULTS
# the report is printed unless asked otherwise; tests that want it say so
unset NO_COLOR
for t in "$TOP"/tests/e2e/t_*.sh; do
	if [ -n "${E2E_ONLY:-}" ] && ! echo "$t" | grep -q "$E2E_ONLY"; then
		continue
	fi
	echo "== $(basename "$t")"
	(cd "$WORK" && . "$TOP/tests/e2e/lib.sh" && . "$t") || echo fail >>"$RESULTS"
done
p=$(grep -c '^pass$' "$RESULTS")
f=$(grep -c '^fail$' "$RESULTS")
s=$(grep -c '^skip$' "$RESULTS")
# keep the work directory when something failed, for a look at the traces
# (or when E2E_KEEP is set)
if [ "$f" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"; else echo "work directory kept: $WORK"; fi
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
