# Credentials: a module proxy that wants Basic auth (over TLS: go sends
# .netrc credentials over https only), a git server reached through an
# insteadOf rule with a token in it, a credential helper, .git-credentials.
# Every secret planted here is then searched for in every trace and report.
# needs: ptrace syscall_info seccomp_trace

d=$(tmpdir)
netpw="S3cretNetrcPw-$$"
otherpw="S3cretOtherPw-$$"
token="S3cretGitToken-$$"
helperpw="S3cretHelperPw-$$"
urlpw="S3cretUrlPw-$$"

if ! mkcerts "$d"; then
	skip "credentials" "openssl could not make the test certificates"
	return 0
fi
$kit mkmod "$d/mods" example.com/m v1.0.0
kit_start tls static "$d/tls.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key" --auth "alice:$netpw"
tls=$port
kit_start plain static "$d/plain.port" "$d/mods"
plain=$port

# a git repository for module example.com/gtrepo.git, served over git's dumb HTTP
mkdir -p "$d/src" "$d/git"
(
	cd "$d/src" && git init -q && printf 'module example.com/gtrepo.git\n\ngo 1.21\n' >go.mod &&
		printf 'package gtrepo\n' >r.go && git add . &&
		git -c user.email=t@example.com -c user.name=t commit -qm init && git tag v1.0.0 &&
		git clone -q --bare . "$d/git/gtrepo.git" && cd "$d/git/gtrepo.git" && git update-server-info
) >/dev/null 2>&1
ln -s gtrepo.git "$d/git/gtrepo"
kit_start git static "$d/git.port" "$d/git"
gitport=$port
kit_start gitauth static "$d/gitauth.port" "$d/git" --auth "carol:$helperpw"
gitauth=$port

# run TRACE HOME_SETUP ENV...: go mod download in a hermetic go with ENV, traced
fetch() {
	_t=$1
	_m=$2
	shift 2
	(
		go_hermetic
		export GOFLAGS=-modcacherw SSL_CERT_FILE="$d/ca.pem" GIT_CONFIG_NOSYSTEM=1
		mkdir -p "$HOME"
		[ -n "$gitcfg" ] && printf '%b' "$gitcfg" >"$HOME/.gitconfig"
		env "$@" "$GOTRACE" -q --timeout 120 -o "$_t" go mod download "$_m" >/dev/null 2>"$_t.err"
		echo $? >"$_t.rc"
	)
	"$GOTRACE" report --json "$_t" >"${_t%.jsonl}.json"
	NO_COLOR=1 "$GOTRACE" report "$_t" >"${_t%.jsonl}.txt"
}

# 1. the matching .netrc entry: go sends it, the download works
printf '# test credentials\nmachine 127.0.0.1:%s login alice password %s\n' "$tls" "$netpw" >"$d/netrc"
chmod 600 "$d/netrc"
gitcfg=""
fetch "$d/ok.jsonl" example.com/m@v1.0.0 GOPROXY="https://127.0.0.1:$tls" NETRC="$d/netrc"
check "netrc: the download through the Basic-auth proxy works" grep -qx 0 "$d/ok.jsonl.rc"
check "netrc: the credential used is named by file, line and login" jqf "
	any(.findings[]; .id == \"credential-netrc\" and .severity == \"info\"
		and .verdict == \"credential for https://127.0.0.1:$tls: $d/netrc line 2, machine 127.0.0.1:$tls, login alice\"
		and any(.evidence[]; .file == \"$d/netrc\" and .file_line == 2 and .line > 1))" "$d/ok.json"
check "netrc: mode 600, no warning" jqf 'all(.findings[]; .id != "credential-file-mode")' "$d/ok.json"

# the report tells what go read from the trace, not from the machine now:
# the file changes after the run (another login, readable by others)
cp -p "$d/netrc" "$d/netrc.orig"
printf 'machine 127.0.0.1:%s login mallory password %s\n' "$tls" "$netpw" >"$d/netrc"
chmod 644 "$d/netrc"
"$GOTRACE" report --json "$d/ok.jsonl" >"$d/ok-later.json"
check "netrc changed after the run: the login and mode go saw, recorded in the trace, not the file now" jqf "
	any(.findings[]; .id == \"credential-netrc\" and (.verdict | endswith(\"line 2, machine 127.0.0.1:$tls, login alice\"))
		and any(.evidence[]; .text | test(\"as recorded when the run ended\")))
	and all(.findings[]; .id != \"credential-file-mode\")" "$d/ok-later.json"
check "netrc: the trace holds names, logins and lines" jqt "$d/ok.jsonl" "
	any(.[]; .ev == \"fingerprint\" and .mode == \"0600\" and .netrc == [{\"machine\": \"127.0.0.1:$tls\", \"login\": \"alice\", \"line\": 2}])"
check "netrc: the trace never holds the password" sh -c "! grep -q '$netpw' '$d/ok.jsonl'"
# the twin: a trace without that record (an older gotrace) is read against the file now, and says so
jq -c 'del(.netrc, .mode)' "$d/ok.jsonl" >"$d/ok-old.jsonl"
"$GOTRACE" report --json "$d/ok-old.jsonl" >"$d/ok-old.json"
check "netrc not in the trace: the file now, and the report says it read it now" jqf "
	any(.findings[]; .id == \"credential-netrc\" and (.verdict | endswith(\"login mallory\"))
		and any(.evidence[]; .text | test(\"read when the report was made\")))
	and any(.findings[]; .id == \"credential-file-mode\" and any(.evidence[]; .text | test(\"stat when the report was made\")))" "$d/ok-old.json"
mv "$d/netrc.orig" "$d/netrc"

# 2. an entry for another machine, and one for the host without the port: 401
printf 'machine other.example.com login bob password %s\nmachine 127.0.0.1 login alice password %s\n' "$otherpw" "$netpw" >"$d/netrc2"
chmod 644 "$d/netrc2"
fetch "$d/miss.jsonl" example.com/m@v1.0.0 GOPROXY="https://127.0.0.1:$tls" NETRC="$d/netrc2"
check "netrc mismatch: go fails with 401" sh -c "! grep -qx 0 '$d/miss.jsonl.rc' && grep -q '401 Unauthorized' '$d/miss.jsonl.err'"
check "netrc mismatch: the first finding says no entry matched, naming both sides" jqf "
	.findings[0].id == \"credential-netrc-nomatch\" and .findings[0].severity == \"cause\"
	and (.findings[0].verdict | test(\"no entry of the netrc file matches the request's host\"))
	and any(.findings[0].evidence[]; .text == \"machine other.example.com (login bob) does not match 127.0.0.1:$tls\" and .file_line == 1)
	and any(.findings[0].evidence[]; .text | test(\"machine 127.0.0.1 .*go compares host:port\"))
	and any(.findings[0].evidence[]; .text | test(\"401 Unauthorized\"))" "$d/miss.json"
check "netrc mismatch: the failure points at it" jqf 'any(.findings[]; .id == "failure" and .see == "credential-netrc-nomatch")' "$d/miss.json"
check "netrc readable by others: a warning with the mode" jqf "
	any(.findings[]; .id == \"credential-file-mode\" and (.verdict | test(\"$d/netrc2 .*mode 0644\")) and .fix == \"chmod 600 $d/netrc2\")" "$d/miss.json"

# 2b. the same file with go 1.19: before GOAUTH, go matched the host name alone
if [ -x /usr/lib/go-1.19/bin/go ]; then
	fetch "$d/old.jsonl" example.com/m@v1.0.0 PATH="/usr/lib/go-1.19/bin:$PATH" GOPROXY="https://127.0.0.1:$tls" NETRC="$d/netrc2"
	check "go1.19: the entry without the port is sent, and the report says why" sh -c "grep -qx 0 '$d/old.jsonl.rc' && jq -e '
		any(.findings[]; .id == \"credential-netrc\" and .verdict == \"credential for https://127.0.0.1:$tls: $d/netrc2 line 2, machine 127.0.0.1, login alice\"
			and any(.evidence[]; .text | test(\"go1.19: .netrc entries are matched by host name, without the port\")))' '$d/old.json' >/dev/null"
else
	skip "go1.19 .netrc rule" "Debian's golang-1.19-go is not installed"
fi

# 2c. a 403 that explains itself (a filtering proxy's "not available") is
# the proxy's refusal, not a credential problem; a bare 403 with no netrc
# entry is one; a run that needed no credential says nothing about netrc
kit_start tls403 403 "$d/tls403.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key"
tls403=$port
kit_start tls403e 403-empty "$d/tls403e.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key"
tls403e=$port
kit_start tlsopen static "$d/tlsopen.port" "$d/mods" --tls "$d/srv.pem" "$d/srv.key"
tlsopen=$port
fetch "$d/r403.jsonl" example.com/m@v1.0.0 GOPROXY="https://127.0.0.1:$tls403" NETRC="$d/no-netrc"
check "403 with a body: go fails with it" grep -q "server response: This module version is not available" "$d/r403.jsonl.err"
check "403 with a body: the first cause is the proxy's refusal, quoted; no credential claim" jqf "
	.findings[0].id == \"proxy-refused\" and .findings[0].severity == \"cause\"
	and (.findings[0].verdict | test(\"^https://127.0.0.1:$tls403 answered 403 and explained it: .This module version is not available.\"))
	and all(.findings[]; .subject != \"credential\")" "$d/r403.json"
fetch "$d/r403e.jsonl" example.com/m@v1.0.0 GOPROXY="https://127.0.0.1:$tls403e" NETRC="$d/no-netrc"
check "403 without a body and no netrc file: a credential cause, no proxy-refused" jqf "
	.findings[0].id == \"credential-netrc-nomatch\"
	and (.findings[0].verdict | test(\"the netrc file go looked for is not there\"))
	and all(.findings[]; .id != \"proxy-refused\")" "$d/r403e.json"
fetch "$d/open.jsonl" example.com/m@v1.0.0 GOPROXY="https://127.0.0.1:$tlsopen" NETRC="$d/no-netrc"
check "no credential needed: the download works, and nothing is said about netrc" sh -c "grep -qx 0 '$d/open.jsonl.rc' && jq -e '
	all(.findings[]; .id | startswith(\"credential\") | not)' '$d/open.json' >/dev/null"

# 3. a password inside GOPROXY, in the user go env file: sent over https...
mkdir -p "$d/env"
printf 'GOPROXY=https://alice:%s@127.0.0.1:%s\n' "$netpw" "$tls" >"$d/env/go-env"
fetch "$d/url.jsonl" example.com/m@v1.0.0 GOPROXY= GOENV="$d/env/go-env"
check "GOPROXY userinfo: works, and is flagged with file and line, redacted" sh -c "grep -qx 0 '$d/url.jsonl.rc' && jq -e '
	any(.findings[]; .id == \"credential-in-url\" and .severity == \"warning\"
		and .verdict == \"GOPROXY in $d/env/go-env line 1 holds a password inside a URL: https://alice:<redacted>@127.0.0.1:$tls\")' '$d/url.json' >/dev/null"
# ...and refused over http
fetch "$d/insec.jsonl" example.com/m@v1.0.0 GOPROXY="http://alice:$urlpw@127.0.0.1:$plain"
check "GOPROXY userinfo over http: go refuses, and that is the cause" jqf '
	.findings[0].id == "credential-in-url" and .findings[0].severity == "cause"
	and (.findings[0].verdict | test("^GOPROXY in the environment holds a password inside a URL: http://alice:<redacted>@"))
	and any(.findings[0].evidence[]; .text | test("refusing to pass credentials to insecure URL"))' "$d/insec.json"

# 3b. GOAUTH: a command of the user's prints the header (docs/facts.md, "Which credential go sends")
cat >"$d/goauth.sh" <<EOF2
#!/bin/sh
printf 'https://127.0.0.1:%s\n\nAuthorization: Basic %s\n\n' '$tls' '$(printf 'alice:%s' "$netpw" | base64)'
EOF2
chmod 755 "$d/goauth.sh"
fetch "$d/goauth.jsonl" example.com/m@v1.0.0 GOPROXY="https://127.0.0.1:$tls" GOAUTH="$d/goauth.sh"
check "GOAUTH command: the download works and the command is named, with no netrc claim" sh -c "grep -qx 0 '$d/goauth.jsonl.rc' && jq -e '
	any(.findings[]; .id == \"credential-goauth\" and (.verdict | test(\"^GOAUTH \\\\(the environment\\\\) ran $d/goauth.sh \\\\(pid [0-9]+\\\\): exit 0\")))
	and all(.findings[]; .id | startswith(\"credential-netrc\") | not)' '$d/goauth.json' >/dev/null"

# 4. GOPRIVATE through git, an insteadOf rule with a token in it
gitcfg="[user]\n\tname = t\n[url \"http://oauth2:$token@127.0.0.1:$gitport/\"]\n\tinsteadOf = https://example.com/\n"
fetch "$d/git.jsonl" example.com/gtrepo.git@v1.0.0 GOPRIVATE=example.com
check "insteadOf: the module is fetched with git" grep -qx 0 "$d/git.jsonl.rc"
check "insteadOf: the rewrite, from git-remote-http's arguments, with the rule's file and line" jqf "
	any(.findings[]; .id == \"credential-insteadof\"
		and .verdict == \"git rewrote https://example.com/gtrepo to http://oauth2:<redacted>@127.0.0.1:$gitport/gtrepo: url.\\\"http://oauth2:<redacted>@127.0.0.1:$gitport/\\\".insteadOf = https://example.com/ (\" + (.evidence[0].file) + \" line 4)\"
		and (.evidence[0].file | endswith(\"/home/.gitconfig\")) and .evidence[0].line > 1)" "$d/git.json"
check "insteadOf: the token is flagged as plain text in that file, redacted" jqf '
	any(.findings[]; .id == "credential-plaintext-token" and .severity == "warning"
		and (.verdict | test("stored in plain text in .*/home/.gitconfig line 3: \\[url \"http://oauth2:<redacted>@127"))
		and any(.evidence[]; .file_line == 3))' "$d/git.json"
check "git: the environment go set for it" jqf '
	any(.findings[]; .id == "credential-git-env" and (.verdict | test("GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never")))' "$d/git.json"

# 5. a credential helper answers for the git server that wants a password;
#    git's curl trace prints the Authorization header, unredacted by git
cat >"$d/helper.sh" <<EOF2
#!/bin/sh
[ "\$1" = get ] && printf 'username=carol\npassword=%s\n' '$helperpw'
exit 0
EOF2
chmod 755 "$d/helper.sh"
gitcfg="[credential]\n\thelper = $d/helper.sh\n[url \"http://127.0.0.1:$gitauth/\"]\n\tinsteadOf = https://example.com/\n"
fetch "$d/helper.jsonl" example.com/gtrepo.git@v1.0.0 GOPRIVATE=example.com GIT_CURL_VERBOSE=1 GIT_TRACE_REDACT=0
check "helper: the fetch works" grep -qx 0 "$d/helper.jsonl.rc"
check "helper: the server asked for a password" grep -q "^401 " "$d/gitauth.port.log"
check "helper: named as the source, with its gitconfig line, and git stored it back" jqf "
	any(.findings[]; .id == \"credential-helper\"
		and (.verdict | startswith(\"credential helper $d/helper.sh: the source of git's credential for http://127.0.0.1:$gitauth/gtrepo\"))
		and (.verdict | test(\"git stored it back\"))
		and any(.evidence[]; .text == \"credential.helper = $d/helper.sh\" and .file_line == 2))" "$d/helper.json"
check "helper: git's trace wrote the Authorization header to stderr, and the trace has it redacted" jqt "$d/helper.jsonl" '
	any(.[]; .ev == "stderr" and (.text | test("Authorization: Basic <redacted>")))'

# 6. git's own store: ~/.git-credentials
gitcfg="[credential]\n\thelper = store\n[url \"http://127.0.0.1:$gitauth/\"]\n\tinsteadOf = https://example.com/\n"
(
	go_hermetic
	mkdir -p "$HOME"
	printf 'http://carol:%s@127.0.0.1:%s\n' "$helperpw" "$gitauth" >"$HOME/.git-credentials"
	chmod 644 "$HOME/.git-credentials"
	export GOFLAGS=-modcacherw GIT_CONFIG_NOSYSTEM=1
	printf '%b' "$gitcfg" >"$HOME/.gitconfig"
	GOPRIVATE=example.com "$GOTRACE" -q --timeout 120 -o "$d/store.jsonl" go mod download example.com/gtrepo.git@v1.0.0 >/dev/null 2>&1
	echo $? >"$d/store.jsonl.rc"
)
"$GOTRACE" report --json "$d/store.jsonl" >"$d/store.json"
NO_COLOR=1 "$GOTRACE" report "$d/store.jsonl" >"$d/store.txt"
# (git credential-store rewrites the file mode 600 when it stores: no mode warning after the run)
check "store helper: git credential-store and the file it read" sh -c "grep -qx 0 '$d/store.jsonl.rc' && jq -e '
	any(.findings[]; .id == \"credential-helper\" and (.verdict | startswith(\"credential helper git credential-store:\"))
		and any(.evidence[]; .text | test(\"it read .*/home/.git-credentials\")))' '$d/store.json' >/dev/null"

# 7. no helper, prompts off: git cannot get a credential
gitcfg="[url \"http://127.0.0.1:$gitauth/\"]\n\tinsteadOf = https://example.com/\n"
fetch "$d/none.jsonl" example.com/gtrepo.git@v1.0.0 GOPRIVATE=example.com
check "no credential: the first finding says GOPRIVATE sent go to the origin, with the pattern" jqf '
	.findings[0].id == "direct-failed" and .findings[0].severity == "cause"
	and (.findings[0].verdict | test("^GOPRIVATE=example.com from the environment matches example.com/gtrepo.git \\(pattern example.com\\): go fetched it from its origin"))' "$d/none.json"
check "no credential: the next cause says git had none, and why" jqf '
	.findings[1].id == "credential-git-none"
	and (.findings[1].verdict | test("no credential helper ran, GIT_ASKPASS is unset, and prompting is off \\(GIT_TERMINAL_PROMPT=0"))
	and any(.findings[1].evidence[]; .text | test("could not read Username"))' "$d/none.json"
check "no credential: go then tried ssh, and its configuration files are named" jqf '
	any(.findings[]; .id == "credential-ssh" and (.verdict | test("^ssh \\(pid [0-9]+, /usr/bin/ssh\\): config .*/etc/ssh/ssh_config")))' "$d/none.json"

# 7b. git's credential cache with no daemon running: asked, no answer
gitcfg="[credential]\n\thelper = cache\n[url \"http://127.0.0.1:$gitauth/\"]\n\tinsteadOf = https://example.com/\n"
fetch "$d/cache.jsonl" example.com/gtrepo.git@v1.0.0 GOPRIVATE=example.com
check "cache helper: asked, its socket named, and git had nothing usable" jqf '
	.findings[0].id == "direct-failed" and .findings[1].id == "credential-git-none"
	and (.findings[1].verdict | test("the credential helper gave nothing usable"))
	and any(.findings[]; .id == "credential-helper" and (.verdict | startswith("credential helper git credential-cache was asked for http://127.0.0.1:"))
		and (.verdict | test("gave git no credential it used \\(git neither stored nor erased one\\)"))
		and any(.evidence[]; .text | test("it connected to .*/home/.cache/git/credential/socket \\(ENOENT\\)")))' "$d/cache.json"

for j in miss git helper; do
	check "$j: the JSON report validates against the schema" python3 "$TOP/tests/e2e/validate_report.py" "$TOP/docs/report-schema.json" "$d/$j.json"
done
kit_stop_all

# every planted secret, and the base64 of each Basic credential, in no trace and no report
leaks=""
for s in "$netpw" "$otherpw" "$token" "$helperpw" "$urlpw" \
	$(printf 'alice:%s' "$netpw" | base64) $(printf 'carol:%s' "$helperpw" | base64) \
	$(printf 'oauth2:%s' "$token" | base64) $(printf 'alice:%s' "$urlpw" | base64); do
	for f in "$d"/*.jsonl "$d"/*.json "$d"/*.txt; do
		grep -qF -- "$s" "$f" && leaks="$leaks $(basename "$f")"
	done
done
check "no planted secret (or its base64) in any trace or report" test -z "$leaks"
