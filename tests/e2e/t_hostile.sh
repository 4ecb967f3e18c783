# Traces come from other machines: what gotrace prints from one must never
# run as a command when it is sourced or pasted, nor reach the terminal as a
# control sequence. Each case plants a command in a field of a real trace.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)

# gotrace env: its output is meant to be sourced (`. ci-env.sh`); a newline
# or ';' in argv, the working directory, HOME, a variable's name or the go
# binary's path must stay inside a comment or a quoted value
nl='
'
evil="$d/run${nl}touch $d/PWNED-cwd #"
mkdir -p "$evil" "$d/home${nl}touch $d/PWNED-home #"
(
	go_hermetic
	cd "$evil" &&
		env HOME="$d/home${nl}touch $d/PWNED-home #" "CGO_X;touch $d/PWNED-name;=1" \
			"$GOTRACE" -q -o "$d/env.jsonl" go env GOPATH "x${nl}touch $d/PWNED-argv #" >/dev/null 2>&1
)
"$GOTRACE" env "$d/env.jsonl" >"$d/env.sh" 2>"$d/env.err"
check "env of a hostile trace: it is made" test -s "$d/env.sh"
mkdir -p "$d/src"
(cd "$d/src" && sh -c '. "$1"' sh "$d/env.sh" >/dev/null 2>&1)
(cd "$d/src" && bash -c '. "$1"' bash "$d/env.sh" >/dev/null 2>&1)
check "env of a hostile trace: sourcing it in sh and bash runs nothing planted" sh -c "! ls '$d' | grep -q PWNED"
check "env of a hostile trace: the odd name is skipped and said so" \
	grep -q "^# skipped a variable whose name is not a shell name: CGO_X;touch" "$d/env.sh"
check "env of a hostile trace: every line is a comment, an export or an unset" \
	sh -c "! grep -v '^#\|^export \|^unset ' '$d/env.sh'"

# a fix command built from a path in the trace: pasted into a shell, it does
# what it says and nothing else
nd="$d/n \$(touch $d/PWNED-fix)"
mkdir -p "$nd"
printf 'machine 127.0.0.1:1 login alice password Fix3dS3cret\n' >"$nd/.netrc"
chmod 644 "$nd/.netrc"
(
	go_hermetic
	env NETRC="$nd/.netrc" GOPROXY="https://127.0.0.1:1" "$GOTRACE" -q -o "$d/fix.jsonl" \
		go mod download example.com/m@v1.0.0 >/dev/null 2>&1
)
"$GOTRACE" report --json "$d/fix.jsonl" >"$d/fix.json" 2>/dev/null
jq -r '.findings[] | select(.fix != null and (.fix | startswith("chmod 600 "))) | .fix' "$d/fix.json" >"$d/fix.sh"
check "fix command of a hostile path: the report says chmod 600 for the netrc go read" test -s "$d/fix.sh"
(cd "$d" && sh "$d/fix.sh" >/dev/null 2>&1)
check "fix command of a hostile path: pasted, it runs nothing planted and fixes the mode" sh -c "
	! ls '$d' | grep -q PWNED && test \$(stat -c %a '$nd/.netrc') = 600"
check "fix command of a hostile path: the password is in no output" sh -c "! grep -q Fix3dS3cret '$d/fix.json' '$d/fix.sh'"

# control sequences in a trace (a window title, clear screen, an 8-bit CSI)
# never reach the terminal through report, diff or env
esc=$(printf '\033')
csi=$(printf '\302\233')
printf 'printf "\\033]0;PWNED\\007\\033[2J\\302\\233H" >&2\nexit 3\n' >"$d/evil.sh"
"$GOTRACE" -q -o "$d/esc.jsonl" sh -c 'sh "$1" "$2"; exit 3' sh "$d/evil.sh" "arg${esc}[2J" >/dev/null 2>"$d/evil.err"
(
	go_hermetic
	env CGO_CFLAGS="-O2${esc}]0;PWNED$(printf '\007')" "$GOTRACE" -q -o "$d/esc-go.jsonl" go env GOPATH >/dev/null 2>&1
	"$GOTRACE" -q -o "$d/plain-go.jsonl" go env GOPATH >/dev/null 2>&1
)
"$GOTRACE" report "$d/esc.jsonl" >"$d/esc.report" 2>&1
"$GOTRACE" report -v "$d/esc.jsonl" >"$d/esc.report-v" 2>&1
"$GOTRACE" diff "$d/esc-go.jsonl" "$d/plain-go.jsonl" >"$d/esc.diff" 2>&1
"$GOTRACE" env "$d/esc-go.jsonl" >"$d/esc.env" 2>&1
check "control sequences: the traces hold them (argv, CGO_CFLAGS), and the report shows the argument tamed" sh -c "
	grep -q 'arg\\\\u001b\\[2J' '$d/esc.jsonl' && grep -q 'O2\\\\u001b' '$d/esc-go.jsonl' && grep -q \"'arg?\\[2J'\" '$d/esc.report'"
check "control sequences: diff names CGO_CFLAGS" grep -q "CGO_CFLAGS" "$d/esc.diff"
check "control sequences: none in report, report -v, diff or env" sh -c "
	! grep -l '$esc\|$csi' '$d/esc.report' '$d/esc.report-v' '$d/esc.diff' '$d/esc.env'"
check "control sequences: env leaves the variable out and says why" \
	grep -q "^# CGO_CFLAGS is not written: its value holds control characters" "$d/esc.env"

# the state directory (traces without -o): a planted link is never followed,
# and a directory others can write to, or another user's, is not used
sd() { mkdir -p "$d/$1/.local/state" && printf '%s\n' "$d/$1/.local/state/gotrace"; }
s1=$(sd st-open)
mkdir -p "$s1" && chmod 777 "$s1"
HOME="$d/st-open" "$GOTRACE" -q true >"$d/st-open.out" 2>"$d/st-open.err"
check "state directory writable by others: not used, one line, gotrace's status 125" sh -c "
	test $? -eq 125 && test \$(wc -l <'$d/st-open.err') -eq 1 && grep -q 'writable by others (mode 0777)' '$d/st-open.err' &&
	test -z \"\$(ls '$s1')\""
s2=$(sd st-other)
mkdir -p "$s2" && chmod 700 "$s2" && chown nobody "$s2"
HOME="$d/st-other" "$GOTRACE" -q true >/dev/null 2>"$d/st-other.err"
check "state directory of another user: not used" sh -c "test $? -eq 125 && grep -q 'belongs to uid' '$d/st-other.err'"
s3=$(sd st-link)
mkdir -p "$d/elsewhere" && chmod 700 "$d/elsewhere" && ln -s "$d/elsewhere" "$s3"
HOME="$d/st-link" "$GOTRACE" -q true >/dev/null 2>"$d/st-link.err"
check "state directory that is a link: not used" sh -c "test $? -eq 125 && grep -q 'is a symbolic link' '$d/st-link.err' &&
	test -z \"\$(ls '$d/elsewhere')\""
s4=$(sd st-ok)
mkdir -p "$s4" && chmod 700 "$s4"
printf 'keep me\n' >"$d/victim" && chmod 644 "$d/victim"
ln -s "$d/victim" "$s4/fingerprints"
(go_hermetic && HOME="$d/st-ok" "$GOTRACE" -q go version >/dev/null 2>"$d/st-ok.err")
check "state directory of ours: the run is traced there, last.jsonl points at it" sh -c "
	test -s '$s4/last.jsonl' && ls '$s4' | grep -q '^.*-go-[0-9]*\.jsonl$'"
check "a planted fingerprints link: the file it names is neither written nor chmod'ed" sh -c "
	test \"\$(cat '$d/victim')\" = 'keep me' && test \$(stat -c %a '$d/victim') = 644"

# unbounded input: a file without a newline, or that never ends, is refused
# early and gotrace ends (it used to grow by 200 MB/s forever)
timeout 10 "$GOTRACE" report /dev/zero >"$d/zero.out" 2>"$d/zero.err"
check "report /dev/zero: one line, exit 1, at once" sh -c "test $? -eq 1 && test \$(wc -l <'$d/zero.err') -eq 1 &&
	grep -q 'not a gotrace trace' '$d/zero.err' && ! test -s '$d/zero.out'"
yes '{' | tr -d '\n' | timeout 20 "$GOTRACE" report /dev/stdin >/dev/null 2>"$d/brace.err"
check "report of a stream without a newline: refused at the line bound, one line" sh -c "
	test \$(wc -l <'$d/brace.err') -eq 1 && grep -q 'line 1 is longer than 64 MiB' '$d/brace.err'"

# a trace has a bound: what one process writes to stderr is kept up to
# 256 KiB, then only its last bytes, written when it exits with how many
# bytes were left out; the command's own output is untouched
cat >"$d/spew.py" <<'PY'
import os, sys
line = b"x" * 99 + b"\n"
for i in range(int(sys.argv[1])):
    os.write(2, line)
os.write(2, b"the real error at the end\n")
sys.exit(3)
PY
python3 "$d/spew.py" 30000 2>"$d/spew.plain"
"$GOTRACE" -q -o "$d/spew.jsonl" python3 "$d/spew.py" 30000 2>"$d/spew.traced"
check "stderr flood: exit status and stderr bytes as without gotrace" sh -c "test $? -eq 3 && cmp -s '$d/spew.plain' '$d/spew.traced'"
check "stderr flood: 3 MB of stderr, under 300 kB of it in the trace" sh -c "
	test \$(grep '^{\"ev\":\"stderr\"' '$d/spew.jsonl' | wc -c) -lt 300000"
check "stderr flood: the last stderr event holds the end and the bytes left out" sh -c "
	jq -c 'select(.ev == \"stderr\" and .skipped)' '$d/spew.jsonl' | tail -1 |
	jq -e '(.text | endswith(\"the real error at the end\n\")) and .skipped > 2500000 and .skipped < 3000000'"
"$GOTRACE" report "$d/spew.jsonl" >"$d/spew.report" 2>&1
check "stderr flood: the report shows the real last line and says what the trace lacks" sh -c "
	grep -q '^ *the real error at the end\$' '$d/spew.report' && grep -q 'the trace does not hold [0-9]* bytes' '$d/spew.report'"
"$GOTRACE" -q -o "$d/spew-small.jsonl" python3 "$d/spew.py" 100 2>/dev/null
check "stderr within the bound: every write is an event, none says skipped" sh -c "
	test \$(jq -c 'select(.ev == \"stderr\" and (.text | startswith(\"x\")))' '$d/spew-small.jsonl' | wc -l) -eq 100 &&
	! grep -q '\"skipped\"' '$d/spew-small.jsonl'"
"$GOTRACE" report "$d/spew-small.jsonl" >"$d/spew-small.report" 2>&1
check "stderr within the bound: the report claims nothing is missing" sh -c "
	grep -q 'the real error at the end' '$d/spew-small.report' && ! grep -q 'does not hold' '$d/spew-small.report'"

# a write to stderr that failed wrote nothing: it is not recorded as text
"$GOTRACE" -q -o "$d/badwrite.jsonl" "$PROGS/badwrite"
check "a failed write(2) (EBADF) is not text written; the next, real one is" jqt "$d/badwrite.jsonl" '
	.[-1].status == 0 and all(.[]; .ev != "stderr" or (.text | test("lost-text") | not))
	and any(.[]; .ev == "stderr" and .text == "kept-text: this write works\n")'
