# Planted secrets never reach the trace file; names and logins do.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
tok=ghp_PlantedToken0123456789abcdefABCDEF
pw=p4ssw0rdPlanted
arg=Sup3rS3cretArgValue
env -i PATH="$PATH" HOME="$d" GITHUB_TOKEN="$tok" GOPROXY="https://u:$pw@proxy.example.com/" \
	"$GOTRACE" -q -o "$d/t.jsonl" sh -c 'ls "$GOPROXY"; true "$@"' sh --password="$arg" \
	--token "$arg" "Authorization: Bearer $arg" 2>"$d/err"
for s in "$tok" "$pw" "$arg"; do
	check "secret absent from the trace: ${s%%[0-9]*}..." sh -c "! grep -qF '$s' '$d/t.jsonl'"
done
check "the command itself still saw the real value" grep -qF "$pw" "$d/err"
check "names and login kept: GITHUB_TOKEN set, GOPROXY user u" jqt "$d/t.jsonl" '
	(map(select(.ev=="exec"))[0].env) as $e
	| $e.GITHUB_TOKEN=="<redacted>" and $e.GOPROXY=="https://u:<redacted>@proxy.example.com/"'
check "argv flags redacted, flag names kept" jqt "$d/t.jsonl" '
	any(.[]; .ev=="exec" and (.argv|index("--password=<redacted>")) and (.argv|index("--token"))
		and (.argv|index("Authorization: Bearer <redacted>")))'
check "the run header's argv is redacted too" jqt "$d/t.jsonl" '.[0].argv|index("--password=<redacted>")'
check "stderr text redacted in the stderr event" jqt "$d/t.jsonl" '
	any(.[]; .ev=="stderr" and (.text|contains("https://u:<redacted>@proxy.example.com/")))'
