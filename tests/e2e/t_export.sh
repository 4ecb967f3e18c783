# gotrace export --perfetto: a real go build as Chrome trace-event JSON that
# Perfetto draws as meant (the format's rules, checked by check_perfetto.py),
# with the processes, programs, exits, failures and fork arrows of the run.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
failing_build "$d/m" "$d/b.jsonl"
"$GOTRACE" export --perfetto "$d/b.jsonl" >"$d/b.json" 2>"$d/b.err"
check "export: exit 0, nothing on stderr" sh -c "test $? -eq 0 && ! test -s '$d/b.err'"
check "export: the format's rules hold (fields, names, nesting, flows)" python3 "$TOP/tests/e2e/check_perfetto.py" "$d/b.json"
check "export: a track per process, named with its program and pid" sh -c "
	test \$(jq '[.traceEvents[] | select(.ph == \"M\" and .name == \"process_name\")] | length' '$d/b.json') -eq \
	     \$(jq -s '[.[] | select(.ev == \"exec\" or .ev == \"fork\") | .pid] | unique | length' '$d/b.jsonl')"
check "export: the first process's track is named by its argv and pid" jqf "
	any(.traceEvents[]; .ph == \"M\" and .name == \"process_name\" and .args.name == \"go build ./... (pid $(jq -s '[.[] | select(.ev == "exec")][0].pid' "$d/b.jsonl"))\")" "$d/b.json"
check "export: go's slice with its argv and exit 1; compile's with exit 2" jqf '
	any(.traceEvents[]; .ph == "X" and .name == "go" and .args.argv == "go build ./..." and .args.exit == 1)
	and any(.traceEvents[]; .ph == "X" and .name == "compile" and .args.exit == 2)' "$d/b.json"
check "export: go's stderr is an instant holding the compiler's error" jqf '
	any(.traceEvents[]; .ph == "i" and .name == "stderr" and (.args.text | test("undefined: undefinedThing")))' "$d/b.json"
check "export: a fork arrow into every process but the first" sh -c "
	test \$(jq '[.traceEvents[] | select(.ph == \"f\")] | length' '$d/b.json') -eq \
	     \$(jq -s '[.[] | select(.ev == \"fork\")] | length' '$d/b.jsonl')"
check "export: failed opens are instants with path and error" jqf '
	any(.traceEvents[]; .ph == "i" and .name == "open failed" and .args.err == "ENOENT" and (.args.path | length) > 0)' "$d/b.json"

# a pid the kernel reused gets a second track
hdr=$(head -1 "$d/b.jsonl")
root=$(echo "$hdr" | jq .pid)
{
	echo "$hdr"
	for t in 1 2; do
		echo "{\"ev\":\"fork\",\"t\":0.$t,\"pid\":500,\"src\":\"sys\",\"ppid\":$root,\"kind\":\"fork\"}"
		echo "{\"ev\":\"exec\",\"t\":0.${t}1,\"pid\":500,\"src\":\"sys\",\"ppid\":$root,\"path\":\"/bin/prog$t\",\"argv\":[\"prog$t\"],\"ret\":0}"
		echo "{\"ev\":\"exit\",\"t\":0.${t}5,\"pid\":500,\"src\":\"sys\",\"ppid\":$root,\"code\":$t}"
	done
	echo "{\"ev\":\"end\",\"t\":0.3,\"pid\":$root,\"src\":\"sys\",\"status\":0}"
} >"$d/reuse.jsonl"
"$GOTRACE" export --perfetto "$d/reuse.jsonl" >"$d/reuse.json"
check "export: a reused pid gets its own track (pid + 2^22), each named" jqf '
	([.traceEvents[] | select(.ph == "X" and .name == "prog1") | .pid] == [500])
	and ([.traceEvents[] | select(.ph == "X" and .name == "prog2") | .pid] == [4194804])
	and any(.traceEvents[]; .ph == "M" and .pid == 4194804 and .args.name == "prog2 (pid 500)")' "$d/reuse.json"
check "export: the reuse trace keeps the rules" python3 "$TOP/tests/e2e/check_perfetto.py" "$d/reuse.json"

# bad input: one line, non-zero
"$GOTRACE" export "$d/b.jsonl" >/dev/null 2>"$d/nofmt.err"
check "export without a format: exit 2, one line naming --perfetto" sh -c "
	test $? -eq 2 && test \$(wc -l <'$d/nofmt.err') -eq 1 && grep -q -- '--perfetto' '$d/nofmt.err'"
"$GOTRACE" export --perfetto /dev/zero >"$d/zero.out" 2>"$d/zero.err"
check "export of /dev/zero: exit 1, one line, no output" sh -c "
	test $? -eq 1 && test \$(wc -l <'$d/zero.err') -eq 1 && ! test -s '$d/zero.out'"
"$GOTRACE" export --perfetto "$d/b.jsonl" >/dev/full 2>"$d/full.err"
check "export to a full device: exit 1, says it cannot write" sh -c "test $? -eq 1 && grep -q 'cannot write' '$d/full.err'"
# a control sequence in the trace stays an escape in the JSON
"$GOTRACE" export --perfetto "$TOP/tests/fuzz/corpus/trace/escapes.jsonl" >"$d/esc.json"
check "export: no raw control byte in the output (JSON escapes them)" sh -c "
	! LC_ALL=C grep -q \"\$(printf '\\033')\" '$d/esc.json' && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$d/esc.json'"
