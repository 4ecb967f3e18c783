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
check "command not found: no trace file left" test ! -e "$d/nf.jsonl"
printf '#!/bin/sh\necho hi\n' >"$d/noexec.sh"
chmod 644 "$d/noexec.sh"
"$GOTRACE" -q -o "$d/ne.jsonl" "$d/noexec.sh" 2>"$d/ne.err"
rc=$?
check "not executable: 126, one line" test "$rc.$(wc -l <"$d/ne.err")" = "126.1"
