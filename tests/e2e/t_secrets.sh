# Planted secrets never reach the trace file; names and logins do.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
tok=ghp_PlantedToken0123456789abcdefABCDEF
pw=p4ssw0rdPlanted
arg=Sup3rS3cretArgValue
env -i PATH="$PATH" HOME="$d" GITHUB_TOKEN="$tok" GOPROXY="https://u:$pw@proxy.example.com/" \
	"$GOTRACE" -q -o "$d/t.jsonl" sh -c 'ls "$GOPROXY"; cat "$GOPROXY"; true "$@"' sh --password="$arg" \
	--token "$arg" "Authorization: Bearer $arg" 2>"$d/err"
for s in "$tok" "$pw" "$arg"; do
	check "secret absent from the trace: ${s%%[0-9]*}..." sh -c "! grep -qF '$s' '$d/t.jsonl'"
done
check "the command itself still saw the real value" grep -qF "$pw" "$d/err"
check "a path that holds a password (opened, stat'ed) is in the trace redacted" jqt "$d/t.jsonl" '
	any(.[]; .ev == "open" and .path == "https://u:<redacted>@proxy.example.com/")
	and (if .[0].fsfail then any(.[]; .ev == "fsfail" and .path == "https://u:<redacted>@proxy.example.com/") else true end)'
# the same through the tracer's own open events (no shim records)
env -i PATH="$PATH" HOME="$d" GOPROXY="https://u:$pw@proxy.example.com/" \
	"$GOTRACE" -q --no-shim-opens -o "$d/t2.jsonl" sh -c 'cat "$GOPROXY"; true' 2>/dev/null
check "secret absent from the trace, tracer's opens: p..." sh -c "! grep -qF '$pw' '$d/t2.jsonl'"
check "... and the open is there, redacted" jqt "$d/t2.jsonl" '
	any(.[]; .ev == "open" and .src == "sys" and .path == "https://u:<redacted>@proxy.example.com/")'
check "names and login kept: GITHUB_TOKEN set, GOPROXY user u" jqt "$d/t.jsonl" '
	(map(select(.ev=="exec"))[0].env) as $e
	| $e.GITHUB_TOKEN=="<redacted>" and $e.GOPROXY=="https://u:<redacted>@proxy.example.com/"'
check "argv flags redacted, flag names kept" jqt "$d/t.jsonl" '
	any(.[]; .ev=="exec" and (.argv|index("--password=<redacted>")) and (.argv|index("--token"))
		and (.argv|index("Authorization: Bearer <redacted>")))'
check "the run header's argv is redacted too" jqt "$d/t.jsonl" '.[0].argv|index("--password=<redacted>")'
check "stderr text redacted in the stderr event" jqt "$d/t.jsonl" '
	any(.[]; .ev=="stderr" and (.text|contains("https://u:<redacted>@proxy.example.com/")))'

# secrets that used to slip through: split across two writes, bare tokens of
# well-known formats on stderr, curl -u, the linker's -X, env names *_PAT,
# *_JWT, *_ACCESS; and what must not be hidden (a credential helper's path)
bare1=ghp_BareToken0123456789abcdefABCDEFxyz
bare2=glpat-BarePlanted0123456789
bare3=AKIAPLANTED01234567X
bare4=xoxb-1234567890-BarePlantedSlack
jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.PlantedJwtSignature0123
split=SplitWr1teS3cret
cu=CurlUs3rS3cret
xk=LinkXS3cretValue
pat=PatEnvS3cretValue
# (the values come from a file: on a command line they would be arguments)
printf '%s\n' "$split" "$bare1" "$bare2" "$bare3" "$bare4" "$jwt" >"$d/secrets.txt"
cat >"$d/spew.py" <<'PY'
import os, sys
vals = open(sys.argv[1]).read().split()
os.write(2, b"Authorization: Bearer ")
os.write(2, vals[0].encode() + b"\n")
for t in vals[1:]:
    os.write(2, b"token in a message: " + t.encode() + b"\n")
PY
env -i PATH="$PATH" HOME="$d" GH_PAT="$pat" CI_JWT="$pat" GITLAB_ACCESS="$pat" \
	"$GOTRACE" -q -o "$d/slip.jsonl" sh -c 'python3 "$@"; true' sh "$d/spew.py" "$d/secrets.txt" 2>"$d/slip.err"
"$GOTRACE" -q -o "$d/slip2.jsonl" sh -c 'true "$@"' sh -u "alice:$cu" --user="bob:$cu" -ldflags="-X main.k=$xk" \
	-X "main.other=$xk" -c credential.helper=/usr/lib/git-core/git-credential-store -u 1000:1000
"$GOTRACE" report "$d/slip.jsonl" >"$d/slip.txt" 2>&1
"$GOTRACE" report --json "$d/slip2.jsonl" >"$d/slip2.json" 2>&1
for s in "$split" "$bare1" "$bare2" "$bare3" "$bare4" "$jwt" "$cu" "$xk" "$pat"; do
	check "slipped secret absent from traces and reports: ${s%%[0-9]*}..." sh -c "
		! grep -qF '$s' '$d/slip.jsonl' '$d/slip2.jsonl' '$d/slip.txt' '$d/slip2.json'"
done
check "the command itself wrote the real values" sh -c "grep -qF '$split' '$d/slip.err' && grep -qF '$bare1' '$d/slip.err'"
check "split write: the second write, the token alone, is redacted" jqt "$d/slip.jsonl" '
	any(.[]; .ev == "stderr" and (.text | startswith("Authorization: "))) and any(.[]; .ev == "stderr" and .text == "<redacted>\n")'
check "bare tokens: the prefix is kept" jqt "$d/slip.jsonl" '
	any(.[]; .ev == "stderr" and .text == "token in a message: ghp_<redacted>\n")
	and any(.[]; .ev == "stderr" and .text == "token in a message: AKIA<redacted>\n")'
check "curl -u, --user=, -X: the user and the variable's name kept" jqt "$d/slip2.jsonl" '
	any(.[]; .ev == "exec" and (.argv | index("alice:<redacted>")) and (.argv | index("--user=bob:<redacted>"))
		and (.argv | index("-ldflags=-X main.k=<redacted>")) and (.argv | index("main.other=<redacted>")))'
check "kept whole: a credential helper's path, and -u UID:GID" jqt "$d/slip2.jsonl" '
	any(.[]; .ev == "exec" and (.argv | index("credential.helper=/usr/lib/git-core/git-credential-store"))
		and (.argv | index("1000:1000")))'
check "env names GH_PAT, CI_JWT, GITLAB_ACCESS: values redacted, names kept" jqt "$d/slip.jsonl" '
	(map(select(.ev=="exec"))[0].env) as $e | $e.GH_PAT == "<redacted>" and $e.CI_JWT == "<redacted>" and $e.GITLAB_ACCESS == "<redacted>"'
