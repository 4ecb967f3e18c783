# Editors: gopls (the fixture make fixtures builds) driven by a small LSP
# client (tests/e2e/lsp_client.py) as an editor would, untraced and under
# gotrace-gopls. The diagnostics are the same; a report made during the
# session says it is still running; the editor's GOFLAGS, which the
# terminal lacks, is what diff and report --against name first; gopls's
# cancelled go runs are not failures; --max-trace bounds a session.
# needs: ptrace syscall_info seccomp_trace

gopls="${FIXTURES:-}/gopls/bin/gopls"
wrapper="$TOP/tools/gotrace-gopls"
lsp="python3 $TOP/tests/e2e/lsp_client.py"
d=$(tmpdir)

# the module: extra.go is built only with -tags=editor and imports a package
# nothing provides; `go build ./...` from a shell works
mkdir -p "$d/w"
printf 'module example.com/w\n\ngo 1.22\n' >"$d/w/go.mod"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(hello()) }\n' >"$d/w/main.go"
printf 'package main\n\nfunc hello() string { return "hello" }\n' >"$d/w/hello.go"
printf '//go:build editor\n\npackage main\n\nimport "example.com/missing/pkg"\n\nvar _ = pkg.X\n' >"$d/w/extra.go"

# session NAME [VAR=VALUE...] -- SERVER...: one LSP session on extra.go with
# the editor's environment (GOFLAGS=-tags=editor); diagnostics in NAME.out
session() {
	_n=$1
	shift
	(
		go_hermetic
		export GOFLAGS=-tags=editor XDG_STATE_HOME="$d/state" GOTRACE="$GOTRACE" GOTRACE_GOPLS="$gopls"
		export GOTRACE_GOPLS_KEEP=2
		while [ "$1" != -- ]; do export "$1"; shift; done
		shift
		$lsp $LSP_ARGS "$d/w" extra.go -- "$@" >"$d/$_n.out" 2>"$d/$_n.err"
		echo $? >"$d/$_n.rc"
	)
}
sessions="$d/state/gotrace/gopls"

if [ ! -x "$gopls" ]; then
	skip "editor tests" "no gopls fixture at $gopls (make fixtures builds it from the Go module proxy)"
else
	LSP_ARGS= session plain -- "$gopls"
	check "untraced: gopls answers and finds the missing package" sh -c "
		grep -qx 0 '$d/plain.rc' && grep -q 'could not import example.com/missing/pkg' '$d/plain.out'"

	# traced, held open after its diagnostics: reported while it runs
	LSP_ARGS="--hold 8 --ready $d/ready" session traced -- "$wrapper" &
	_bg=$!
	# gopls loads the module first: on a busy machine that takes more than wait_until's 10 s
	_i=0
	while [ ! -e "$d/ready" ] && [ $_i -lt 900 ] && kill -0 $_bg 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ -e "$d/ready" ]; then
		sleep 1
		tr="$sessions/last.jsonl"
		NO_COLOR=1 "$GOTRACE" report "$tr" >"$d/live.txt" 2>&1
		echo $? >"$d/live.rc"
		"$GOTRACE" report --json "$tr" >"$d/live.json" 2>/dev/null
		# what go did before the diagnostics is on disk already (flushed within a second)
		grep -c '"ev":"exec".*"path":"[^"]*/go"' "$tr" >"$d/live.goexecs"
	fi
	wait $_bg
	check "a session still going: report says it is still running" sh -c "
		grep -qx 0 '$d/live.rc' && grep -q '^gotrace: \`gopls\` is still running (gotrace, pid [0-9]*, is writing' '$d/live.txt'"
	check "a session still going: JSON run.running, not finished" jq -e '.run.running == true and .run.finished == false' "$d/live.json"
	check "a session still going: go's runs are on disk before it ends" sh -c "test \"\$(cat '$d/live.goexecs')\" -ge 1"
	check "a session still going: gopls shown running in the tree" sh -c "
		grep -q '^  gopls  \[pid [0-9]*, [0-9,]* events, running\]' '$d/live.txt' && ! grep -q 'did not exit' '$d/live.txt'"
	check "traced: the same diagnostics and status as untraced" sh -c "
		grep -qx 0 '$d/traced.rc' && cmp -s '$d/plain.out' '$d/traced.out'"
	check "traced: gotrace-gopls says nothing on gopls's stderr" sh -c "! grep -q gotrace '$d/traced.err'"

	ed=$(ls "$sessions"/*.jsonl | grep -v last.jsonl | head -n 1)
	NO_COLOR=1 "$GOTRACE" report -v "$ed" >"$d/ed.txt" 2>&1
	"$GOTRACE" report --json "$ed" >"$d/ed.json"
	check "after the session: finished, not running" jq -e '.run.finished == true and (.run.running | not)' "$d/ed.json"
	check "after the session: which go gopls ran" jq -e --arg go "$(go env GOROOT)/bin/go" '
		any(.findings[]; .id == "editor-go" and (.verdict | startswith("gopls ran " + $go + " ")))' "$d/ed.json"
	check "after the session: the editor's GOFLAGS among go's settings" jq -e '
		any(.findings[]; .id == "editor-env" and (.verdict | test("GOFLAGS=-tags=editor")))' "$d/ed.json"
	check "after the session: only Go's own settings are listed (not GOTRACE_GOPLS, GO_SWITCH)" jq -e '
		any(.findings[]; .id == "editor-env" and (.verdict | test("GOTRACE|GO_SWITCH") | not))' "$d/ed.json"
	check "after the session: gopls's go runs are no failure" jq -e 'all(.findings[]; .id != "failure")' "$d/ed.json"
	check "after the session: the JSON validates against the schema" \
		python3 "$TOP/tests/e2e/validate_report.py" "$TOP/docs/report-schema.json" "$d/ed.json"

	# the terminal: the same module built from a shell without the editor's GOFLAGS
	(
		go_hermetic
		cd "$d/w" && "$GOTRACE" -q -o "$d/term.jsonl" go build -o /dev/null ./... >"$d/term.out" 2>&1
		echo $? >"$d/term.rc"
	)
	"$GOTRACE" diff --json "$ed" "$d/term.jsonl" >"$d/diff.json"
	check "the terminal build works" grep -qx 0 "$d/term.rc"
	check "diff editor terminal: GOFLAGS first" jq -e '.differences[0].key == "GOFLAGS"' "$d/diff.json"
	NO_COLOR=1 "$GOTRACE" report --against "$d/term.jsonl" "$ed" >"$d/against.txt" 2>&1
	"$GOTRACE" report --json --against "$d/term.jsonl" "$ed" >"$d/against.json"
	check "report --against: the difference follows the report, GOFLAGS first" sh -c "
		grep -q '^compared with $d/term.jsonl (gotrace diff):' '$d/against.txt' &&
		grep -A3 'the most likely cause first' '$d/against.txt' | grep -q '1\. config: GOFLAGS'"
	check "report --against --json: the diff inside the report" jq -e '
		.findings and .against.differences[0].key == "GOFLAGS"' "$d/against.json"
	check "report --against a missing trace: one line, status 1" sh -c "
		! '$GOTRACE' report --against '$d/none.jsonl' '$ed' >'$d/bad.out' 2>'$d/bad.err' &&
		test ! -s '$d/bad.out' && test \$(wc -l <'$d/bad.err') -eq 1"

	# twin: a terminal trace is no editor's
	"$GOTRACE" report --json "$d/term.jsonl" >"$d/term.json"
	check "a terminal trace: no editor finding" jq -e 'all(.findings[]; (.id | startswith("editor")) | not)' "$d/term.json"

	# a long session stays bounded
	LSP_ARGS= session capped GOTRACE_GOPLS_MAX=64K -- "$wrapper"
	capped=$(readlink -f "$sessions/last.jsonl")
	check "--max-trace: the same diagnostics" sh -c "grep -qx 0 '$d/capped.rc' && cmp -s '$d/plain.out' '$d/capped.out'"
	check "--max-trace: the trace stops at its size, with a limit line and a count" sh -c "
		test \$(stat -c %s '$capped') -lt 200000 && grep -q '\"ev\":\"limit\".*\"max_bytes\":65536' '$capped' &&
		tail -n 1 '$capped' | grep -q '\"dropped\":[1-9]'"
	NO_COLOR=1 "$GOTRACE" report "$capped" >"$d/capped.txt" 2>&1
	check "--max-trace: the report says what the trace lacks" grep -q 'the trace stopped recording at .* 64 KiB (--max-trace' "$d/capped.txt"
	check "--max-trace: a process whose exit came after the limit is not said to be running or not to exit" sh -c "
		grep -q 'no exit in the trace (--max-trace)' '$d/capped.txt' && ! grep -q 'did not exit\|, running\]' '$d/capped.txt'"
	check "gotrace-gopls keeps GOTRACE_GOPLS_KEEP sessions" sh -c "
		test \$(ls '$sessions' | grep -c '^[0-9].*\.jsonl\$') -eq 2 && test -e '$capped'"

	(
		go_hermetic
		GOTRACE="$GOTRACE" XDG_STATE_HOME="$d/state" GOTRACE_GOPLS="$d/no-such-gopls" "$wrapper" </dev/null >"$d/nogopls.out" 2>"$d/nogopls.err"
		echo $? >"$d/nogopls.rc"
	)
	check "gotrace-gopls with a gopls that is not there: one line, status 127" sh -c "
		grep -qx 127 '$d/nogopls.rc' && test \$(wc -l <'$d/nogopls.err') -eq 1"
fi

# a parent cancelling its go command, as gopls does (SIGINT, then a kill)
mkdir -p "$d/c"
cat >"$d/c/main.go" <<'EOF'
package main

import (
	"context"
	"os"
	"os/exec"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", os.Args[1:]...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	_ = cmd.Run()
}
EOF
(
	go_hermetic
	cd "$d/c" && printf 'module example.com/c\n\ngo 1.22\n' >go.mod && go build -o canceller . &&
		"$GOTRACE" -q -o "$d/cancel.jsonl" ./canceller build -a -o /dev/null fmt
	echo $? >"$d/cancel.rc"
)
NO_COLOR=1 "$GOTRACE" report "$d/cancel.jsonl" >"$d/cancel.txt" 2>&1
"$GOTRACE" report --json "$d/cancel.jsonl" >"$d/cancel.json"
check "a cancelled go: the trace has the parent's SIGINT to it" sh -c "
	grep -q '\"ev\":\"signal\".*\"sig\":\"SIGINT\",\"to\":' '$d/cancel.jsonl'"
check "a cancelled go: shown as cancelled by its parent, not a failure" sh -c "
	grep -qx 0 '$d/cancel.rc' && grep -q 'go build -a -o /dev/null fmt .*cancelled by its parent (SIGINT from pid' '$d/cancel.txt' &&
	jq -e 'all(.findings[]; .id != \"failure\")' '$d/cancel.json' >/dev/null"
