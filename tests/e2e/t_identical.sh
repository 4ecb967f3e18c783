# Tracing does not change what the command prints or how it exits.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# same_run NAME STDIN-TEXT COMMAND...: run with and without gotrace, compare
same_run() {
	_n=$1 _in=$2
	shift 2
	printf '%s' "$_in" | "$@" >"$d/a.out" 2>"$d/a.err"
	_ra=$?
	printf '%s' "$_in" | "$GOTRACE" -q -o "$d/t.jsonl" "$@" >"$d/b.out" 2>"$d/b.err"
	_rb=$?
	if [ $_ra -ne $_rb ]; then
		fail "$_n" "exit status $_ra untraced, $_rb traced"
	elif ! cmp -s "$d/a.out" "$d/b.out"; then
		fail "$_n" "stdout differs"
	elif ! cmp -s "$d/a.err" "$d/b.err"; then
		fail "$_n" "stderr differs: $(diff "$d/a.err" "$d/b.err" | head -5)"
	else
		pass "$_n (status $_ra)"
	fi
}

same_run "sh -c 'exit 3'" "" sh -c 'echo out; echo err >&2; exit 3'
same_run "killed by SIGKILL is 137" "" sh -c 'kill -9 $$'
same_run "killed by SIGTERM is 143" "" sh -c 'kill -TERM $$'
same_run "stdin passes through" "x" cat
same_run "stdin: a larger stream" "$(seq 1 20000)" wc -l

go_hermetic
m=$(example_copy)
cd "$m" || return
same_run "go run of the example (passing build)" "" go run .
cat >"$m/broken.go" <<'GO'
package main

func broken() { undefinedName() }
GO
same_run "failing go build (exit 1)" "" go build -o "$d/hello" .
rm -f "$m/broken.go"
same_run "go vet" "" go vet ./...
cd "$WORK" || return

# not found / not executable: the env(1) statuses, one line from gotrace
"$GOTRACE" -q -o "$d/nf.jsonl" gotrace-no-such-command-xyz >"$d/nf.out" 2>"$d/nf.err"
rc=$?
check "command not found: 127, one line on stderr" \
	test "$rc.$(wc -l <"$d/nf.err").$(wc -c <"$d/nf.out")" = "127.1.0"
check "command not found: the trace is written, and its report names the cause with PATH" sh -c "
	'$GOTRACE' report --json '$d/nf.jsonl' | jq -e '.findings[0].id == \"command-not-found\" and .findings[0].severity == \"cause\"
		and (.findings[0].verdict | test(\"^gotrace-no-such-command-xyz: command not found: in none of PATH.s [0-9]+ directories\"))
		and any(.findings[0].evidence[]; .text | startswith(\"PATH=\"))' >/dev/null"
# a program go install put in a GOPATH's bin that PATH does not list: where it is, and the PATH line that finds it
mkdir -p "$d/gp/bin"
printf '#!/bin/sh\necho hi\n' >"$d/gp/bin/gt-installed-tool"
chmod +x "$d/gp/bin/gt-installed-tool"
GOPATH="$d/gp" GOBIN= "$GOTRACE" -o "$d/nf2.jsonl" gt-installed-tool >"$d/nf2.out" 2>"$d/nf2.err"
rc=$?
check "not on PATH but in GOPATH/bin: 127, the report says where and how to reach it" sh -c "
	test $rc = 127 && grep -q 'gt-installed-tool is not on PATH: it is $d/gp/bin/gt-installed-tool (GOPATH/bin)' '$d/nf2.err' &&
	grep -qF 'fix: export PATH=\"\$PATH\":$d/gp/bin' '$d/nf2.err'"
check "not found: the JSON validates against the schema" sh -c "
	'$GOTRACE' report --json '$d/nf2.jsonl' >'$d/nf2.json' && python3 '$TOP/tests/e2e/validate_report.py' '$TOP/docs/report-schema.json' '$d/nf2.json'"
# the twin: a command found on PATH is no command-not-found, whatever it returns
"$GOTRACE" -q -o "$d/f127.jsonl" sh -c 'exit 127'
check "a command that exits 127 by itself: no command-not-found" sh -c "
	'$GOTRACE' report --json '$d/f127.jsonl' | jq -e 'all(.findings[]; .id != \"command-not-found\")' >/dev/null"
printf '#!/bin/sh\necho hi\n' >"$d/noexec.sh"
chmod 644 "$d/noexec.sh"
"$GOTRACE" -q -o "$d/ne.jsonl" "$d/noexec.sh" 2>"$d/ne.err"
rc=$?
check "not executable: 126, one line" test "$rc.$(wc -l <"$d/ne.err")" = "126.1"
