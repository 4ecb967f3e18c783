# Bad input: one clear line on stderr, a non-zero status, nothing written.

d=$(tmpdir)

# one_line NAME WANT-STATUS COMMAND...: exactly one stderr line, empty stdout
one_line() {
	_n=$1 _want=$2
	shift 2
	"$@" >"$d/out" 2>"$d/err"
	_rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		fail "$_n" "status $_rc, want $_want ($(cat "$d/err"))"
	elif [ "$(wc -l <"$d/err")" -ne 1 ] || [ -s "$d/out" ]; then
		fail "$_n" "want one stderr line and no stdout, got: $(cat "$d/err" "$d/out")"
	else
		pass "$_n: $(cat "$d/err")"
	fi
}

cd "$d" || return
one_line "unknown option" 125 "$GOTRACE" --bogus true
one_line "unknown short option" 125 "$GOTRACE" -Z true
one_line "no command" 125 "$GOTRACE"
one_line "no command after options" 125 "$GOTRACE" -q -o x.jsonl
one_line "-o without a file" 125 "$GOTRACE" -o
one_line "bad --mode" 125 "$GOTRACE" --mode sideways true
one_line "bad --opens" 125 "$GOTRACE" --opens sideways true
one_line "--opens without its value" 125 "$GOTRACE" --opens
one_line "unwritable -o" 125 "$GOTRACE" -o /nonexistent-dir/t.jsonl true
check "unwritable -o: the command did not run" test ! -e /nonexistent-dir
check "nothing left in the working directory" test -z "$(ls -A "$d" | grep -v '^out$\|^err$')"

one_line "report of a missing file" 1 "$GOTRACE" report "$d/missing.jsonl"
: >"$d/empty.jsonl"
one_line "report of an empty file" 1 "$GOTRACE" report "$d/empty.jsonl"
printf 'PK\003\004 not json\n' >"$d/foreign.jsonl"
one_line "report of a foreign file" 1 "$GOTRACE" report "$d/foreign.jsonl"
printf '{"name":"x","version":1}\n' >"$d/json.jsonl"
one_line "report of JSON that is not a trace" 1 "$GOTRACE" report "$d/json.jsonl"
"$GOTRACE" -q -o "$d/good.jsonl" sh -c 'ls / >/dev/null'
# cut in the middle of a line (a cut that lands on a line end is a trace
# that did not finish, which is reported, not refused)
half=$(( $(wc -c <"$d/good.jsonl") / 2 ))
[ "$(head -c "$half" "$d/good.jsonl" | tail -c 1 | od -An -c | tr -d ' ')" = '\n' ] && half=$((half - 1))
head -c "$half" "$d/good.jsonl" >"$d/cut.jsonl"
one_line "report of a truncated trace" 1 "$GOTRACE" report "$d/cut.jsonl"
sed 's/"version":1/"version":9/' "$d/good.jsonl" >"$d/v9.jsonl"
one_line "report of a newer format version" 1 "$GOTRACE" report "$d/v9.jsonl"
one_line "report with an unknown option" 2 "$GOTRACE" report --bogus "$d/good.jsonl"
one_line "report of a directory" 1 "$GOTRACE" report "$d"
"$GOTRACE" report "$d/good.jsonl" >"$d/out" 2>"$d/err"
check "report of a good trace works (status 0, no stderr)" test $? -eq 0 -a ! -s "$d/err" -a -s "$d/out"
cd "$WORK" || return
