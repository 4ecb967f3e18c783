/*
 * Network findings on small traces: a name that could not be resolved,
 * and the traces that must not produce that claim.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../analyzers/analyzers.h"
#include "../../analyzers/finding.h"
#include "../../analyzers/model.h"

static char trace[96];
static struct gt_model m;
static struct gt_findings fs;

static void setup(void)
{
	snprintf(trace, sizeof(trace), "/tmp/gotrace-unit-net-%d.jsonl", (int)getpid());
}

static void teardown(void)
{
	gt_findings_free(&fs);
	gt_model_free(&m);
	unlink(trace);
}

TestSuite(network, .init = setup, .fini = teardown);

/* go (pid 11) started with ENV (JSON object members), the lines LINES, then go exits CODE. */
static void run_env(const char *env, const char *const *lines, int code)
{
	FILE *f = fopen(trace, "w");
	char why[256];

	cr_assert(f);
	fputs("{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"mod\",\"download\"],\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[]}\n", f);
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"mod\",\"download\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"HOME\":\"/h\",%s},\"ret\":0}\n", env);
	for (; *lines; lines++)
		fprintf(f, "%s\n", *lines);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":%d}\n", code);
	fprintf(f, "{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":%d,\"procs\":1,\"events\":9}\n", code);
	fclose(f);
	cr_assert_eq(gt_model_load(&m, trace, why, sizeof(why)), 0, "%s", why);
	gt_analyze(&m, &fs);
}

/* The same with GOPROXY=http://proxy.test:8080. */
static void run(const char *const *lines, int code)
{
	run_env("\"GOPROXY\":\"http://proxy.test:8080\"", lines, code);
}

#define ANSWER(t, q, rcode, addrs) "{\"ev\":\"dns\",\"t\":" t ",\"pid\":11,\"src\":\"sys\",\"fd\":7,\"server\":\"10.0.0.53\",\"dir\":\"answer\",\"name\":\"proxy.test\",\"qtype\":\"" q "\",\"rcode\":\"" rcode "\",\"addrs\":" addrs "}"
#define NOSUCHHOST "{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"go: example.com/m@v1.0.0: Get \\\"http://proxy.test:8080/example.com/m/@v/v1.0.0.info\\\": dial tcp: lookup proxy.test on 10.0.0.53:53: no such host\\n\"}"

Test(network, nxdomain_for_the_proxy_is_the_cause)
{
	static const char *const t[] = {ANSWER("0.1", "A", "NXDOMAIN", "[]"), ANSWER("0.1", "AAAA", "NXDOMAIN", "[]"),
					NOSUCHHOST, NULL};
	const struct gt_finding *f;

	run(t, 1);
	f = gt_findings_get(&fs, "dns-failure");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect_str_eq(f->verdict, "proxy.test could not be resolved: the name server 10.0.0.53 answered NXDOMAIN for A and AAAA");
	cr_expect(strstr(f->ev[1].text, "GOPROXY entry 1") != NULL, "%s", f->ev[1].text);
	cr_expect(strncmp(f->ev[2].text, "go: example.com", 15) == 0, "no doubled prefix: %s", f->ev[2].text);
	cr_expect_str_eq(gt_findings_get(&fs, "failure")->see, "dns-failure");
}

Test(network, nxdomain_aaaa_first_still_names_both_types)
{
	/* go asks A and AAAA in parallel; the AAAA answer may come first ("A" is inside "AAAA") */
	static const char *const t[] = {ANSWER("0.1", "AAAA", "NXDOMAIN", "[]"), ANSWER("0.1", "A", "NXDOMAIN", "[]"),
					NOSUCHHOST, NULL};
	const struct gt_finding *f;

	run(t, 1);
	f = gt_findings_get(&fs, "dns-failure");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "proxy.test could not be resolved: the name server 10.0.0.53 answered NXDOMAIN for AAAA and A");
}

Test(network, servfail_without_go_saying_so_is_a_warning)
{
	static const char *const t[] = {ANSWER("0.1", "A", "SERVFAIL", "[]"), NULL};
	const struct gt_finding *f;

	run(t, 0);
	f = gt_findings_get(&fs, "dns-failure");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_WARNING);
}

Test(network, one_answer_with_an_address_means_it_resolved)
{
	/* AAAA NXDOMAIN next to an A answer with an address: the name works */
	static const char *const t[] = {ANSWER("0.1", "A", "NOERROR", "[\"127.0.0.1\"]"),
					ANSWER("0.1", "AAAA", "NXDOMAIN", "[]"), NULL};

	run(t, 0);
	cr_expect_null(gt_findings_get(&fs, "dns-failure"));
}

/* A connect of go to HOST (ADDR:PORT) on fd FD with result RES ("\"ret\":0" or an error). */
#define CONN(t, fd, addr, port, host, res) "{\"ev\":\"connect\",\"t\":" t ",\"pid\":11,\"src\":\"sys\",\"fd\":" fd ",\"family\":\"inet\",\"addr\":\"" addr "\",\"port\":" port ",\"host\":\"" host "\"," res "}"
#define REFUSED "\"ret\":-1,\"err\":\"ECONNREFUSED\""
#define OK "\"ret\":0"
#define GOERR(text) "{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"" text "\\n\"}"
#define COMMA "\"GOPROXY\":\"http://a.test:81,http://proxy.test:8080\""
#define PIPE "\"GOPROXY\":\"http://a.test:81|http://proxy.test:8080\""

Test(network, proxy_connections_are_counted_for_their_entry)
{
	static const char *const t[] = {CONN("0.1", "5", "127.0.0.1", "8080", "proxy.test", OK), NULL};
	static const char *const none[] = {NULL};
	const struct gt_finding *f;

	run(t, 0);
	f = gt_findings_get(&fs, "proxy");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "GOPROXY entry 1 http://proxy.test:8080 (GOPROXY from the environment): 1 connection, 1 established, 0 failed") == f->verdict, "%s", f->verdict);
	teardown();
	run(none, 0);
	cr_expect_null(gt_findings_get(&fs, "proxy"), "no connection, no proxy claim");
}

Test(network, comma_stops_at_a_refused_entry)
{
	static const char *const t[] = {CONN("0.1", "5", "10.0.0.1", "81", "a.test", REFUSED),
					GOERR("go: example.com/m@v1.0.0: Get \\\"http://a.test:81/...\\\": dial tcp 10.0.0.1:81: connect: connection refused"), NULL};
	const struct gt_finding *f;

	run_env(COMMA, t, 1);
	f = gt_findings_get(&fs, "proxy-comma-stop");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect(strstr(f->fix, "GOPROXY=http://a.test:81|http://proxy.test:8080") != NULL, "%s", f->fix);
}

Test(network, a_pipe_falls_back_and_is_no_stop)
{
	/* the twin: '|' after the refused entry, and go went on to entry 2 */
	static const char *const t[] = {CONN("0.1", "5", "10.0.0.1", "81", "a.test", REFUSED),
					CONN("0.2", "6", "127.0.0.1", "8080", "proxy.test", OK), NULL};

	run_env(PIPE, t, 0);
	cr_expect_null(gt_findings_get(&fs, "proxy-comma-stop"));
	cr_expect(gt_findings_get(&fs, "proxy-fallback") != NULL);
}

Test(network, comma_past_an_answering_entry_means_404)
{
	static const char *const t[] = {CONN("0.1", "5", "10.0.0.1", "81", "a.test", OK),
					CONN("0.2", "6", "127.0.0.1", "8080", "proxy.test", OK), NULL};
	const struct gt_finding *f;

	run_env(COMMA, t, 0);
	f = gt_findings_get(&fs, "proxy-fallback-404");
	cr_assert(f);
	cr_expect_null(gt_findings_get(&fs, "proxy-comma-stop"));
}

Test(network, comma_stops_at_a_500)
{
	static const char *const t[] = {CONN("0.1", "5", "10.0.0.1", "81", "a.test", OK),
					GOERR("go: example.com/m@v1.0.0: reading http://a.test:81/example.com/m/@v/v1.0.0.info: 500 Internal Server Error"), NULL};
	static const char *const t404[] = {CONN("0.1", "5", "10.0.0.1", "81", "a.test", OK),
					   GOERR("go: example.com/m@v1.0.0: reading http://a.test:81/example.com/m/@v/v1.0.0.info: 404 Not Found"), NULL};
	const struct gt_finding *f;

	run_env(COMMA, t, 1);
	f = gt_findings_get(&fs, "proxy-comma-stop");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "GOPROXY entry 1 http://a.test:81 answered 500; after ',' go tries the next entry only on 404 or 410, so entry 2 http://proxy.test:8080 was never tried");
	teardown();
	/* the twin: a 404 is what ',' falls back on; that go did not is another story */
	run_env(COMMA, t404, 1);
	cr_expect_null(gt_findings_get(&fs, "proxy-comma-stop"));
}

#define HOP "\"GOPROXY\":\"https://proxy.example\",\"HTTPS_PROXY\":\"http://127.0.0.1:3128\""

Test(network, an_https_proxy_refusing_everything_is_the_cause)
{
	static const char *const t[] = {CONN("0.1", "5", "127.0.0.1", "3128", "", REFUSED),
					GOERR("go: example.com/m@v1.0.0: Get \\\"https://proxy.example/...\\\": proxyconnect tcp: dial tcp 127.0.0.1:3128: connect: connection refused"), NULL};
	static const char *const ok[] = {CONN("0.1", "5", "127.0.0.1", "3128", "", OK), NULL};
	const struct gt_finding *f;

	run_env(HOP, t, 1);
	f = gt_findings_get(&fs, "proxy-hop-failed");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect_null(gt_findings_get(&fs, "proxy-hop"));
	teardown();
	/* the twin: the proxy took the connection */
	run_env(HOP, ok, 0);
	cr_expect_null(gt_findings_get(&fs, "proxy-hop-failed"));
	cr_expect(gt_findings_get(&fs, "proxy-hop") != NULL);
}

/* Credentials for an https proxy: what was sent from which file, and refusals. */

static char netrc[96];

/* go with GOPROXY=https://proxy.test and NETRC=netrc (written with CONTENT when not NULL). */
static void run_creds(const char *content, const char *const *lines, int code)
{
	char env[256];
	FILE *f;

	snprintf(netrc, sizeof(netrc), "/tmp/gotrace-unit-netrc-%d", (int)getpid());
	unlink(netrc);
	if (content) {
		f = fopen(netrc, "w");
		cr_assert(f);
		fputs(content, f);
		fclose(f);
		chmod(netrc, 0600);
	}
	snprintf(env, sizeof(env), "\"GOPROXY\":\"https://proxy.test\",\"NETRC\":\"%s\"", netrc);
	run_env(env, lines, code);
	unlink(netrc);
}

#define NETRC_OPEN(res) "{\"ev\":\"open\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"path\":\"NETRC_PATH\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"]," res "}"

/* LINES with NETRC_PATH replaced by the file's name (static storage). */
static const char *const *with_netrc(const char *const *lines)
{
	static char buf[8][1024];
	static const char *out[9];
	int i;

	snprintf(netrc, sizeof(netrc), "/tmp/gotrace-unit-netrc-%d", (int)getpid());
	for (i = 0; lines[i] && i < 8; i++) {
		const char *p = strstr(lines[i], "NETRC_PATH");
		if (p)
			snprintf(buf[i], sizeof(buf[i]), "%.*s%s%s", (int)(p - lines[i]), lines[i], netrc, p + 10);
		else
			snprintf(buf[i], sizeof(buf[i]), "%s", lines[i]);
		out[i] = buf[i];
	}
	out[i] = NULL;
	return out;
}

Test(network, the_netrc_credential_sent_is_named)
{
	static const char *const t[] = {NETRC_OPEN("\"ret\":3"), CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK), NULL};
	const struct gt_finding *f;

	run_creds("# creds\nmachine proxy.test login alice password s3cret\n", with_netrc(t), 0);
	f = gt_findings_get(&fs, "credential-netrc");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "line 2, machine proxy.test, login alice") != NULL, "%s", f->verdict);
	cr_expect(strstr(f->verdict, "s3cret") == NULL, "never the password");
}

Test(network, a_403_that_explains_itself_is_the_proxys_refusal)
{
	static const char *const t[] = {NETRC_OPEN("\"ret\":-1,\"err\":\"ENOENT\""),
					CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK),
					GOERR("go: example.com/m@v1.0.0: reading https://proxy.test/example.com/m/@v/v1.0.0.info: 403 Forbidden\\n\\tserver response: This module version is not available"), NULL};
	static const char *const bare[] = {NETRC_OPEN("\"ret\":-1,\"err\":\"ENOENT\""),
					   CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK),
					   GOERR("go: example.com/m@v1.0.0: reading https://proxy.test/example.com/m/@v/v1.0.0.info: 403 Forbidden"), NULL};
	static const char *const fine[] = {NETRC_OPEN("\"ret\":-1,\"err\":\"ENOENT\""),
					   CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK), NULL};
	const struct gt_finding *f;
	size_t i;

	run_creds(NULL, with_netrc(t), 1);
	f = gt_findings_get(&fs, "proxy-refused");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "\"This module version is not available\"") != NULL, "%s", f->verdict);
	for (i = 0; i < fs.n; i++)
		cr_expect(fs.f[i].subject != GT_SUBJ_CREDENTIAL, "no credential claim: %s", fs.f[i].id);
	teardown();
	/* the twin: a bare 403 and no netrc file is a credential story */
	run_creds(NULL, with_netrc(bare), 1);
	f = gt_findings_get(&fs, "credential-netrc-nomatch");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect_null(gt_findings_get(&fs, "proxy-refused"));
	teardown();
	/* and nothing refused: nothing said about netrc */
	run_creds(NULL, with_netrc(fine), 0);
	cr_expect_null(gt_findings_get(&fs, "credential-netrc-nomatch"));
}

/* A process PID (child of go) that exec'd NAME. */
#define CHILD(pid, name) "{\"ev\":\"fork\",\"t\":0.2,\"pid\":" pid ",\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":0.2,\"pid\":" pid ",\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/" name "\",\"argv\":[\"" name "\",\"ls-remote\",\"https://example.com/x\"],\"exe\":\"/usr/bin/" name "\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}"
#define CONN_OF(pid, t, addr, port, res) "{\"ev\":\"connect\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"fd\":5,\"family\":\"inet\",\"addr\":\"" addr "\",\"port\":" port "," res "}"

Test(network, gits_connections_are_vcs_remotes)
{
	static const char *const t[] = {CHILD("20", "git"), CONN_OF("20", "0.3", "10.1.2.3", "443", OK), NULL};
	static const char *const dns_only[] = {CHILD("20", "git"), CONN_OF("20", "0.3", "10.0.0.53", "53", OK), NULL};
	const struct gt_finding *f;

	run(t, 0);
	f = gt_findings_get(&fs, "vcs-remote");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "git connected to 10.1.2.3:443: established");
	teardown();
	/* the twin: git's DNS lookups are not a remote */
	run(dns_only, 0);
	cr_expect_null(gt_findings_get(&fs, "vcs-remote"));
}

Test(network, goprivate_fetched_directly)
{
	static const char *const t[] = {CHILD("20", "git"), CONN_OF("20", "0.3", "10.1.2.3", "443", OK), NULL};
	static const char *const via_proxy[] = {CONN("0.1", "5", "127.0.0.1", "8080", "proxy.test", OK), NULL};
	const struct gt_finding *f;

	run_env("\"GOPROXY\":\"http://proxy.test:8080\",\"GOPRIVATE\":\"example.com\"", t, 0);
	f = gt_findings_get(&fs, "direct-fetch");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "GOPRIVATE=example.com") != NULL, "%s", f->verdict);
	teardown();
	/* the twin: GOPRIVATE set, but every connection went to the proxy and no git ran */
	run_env("\"GOPROXY\":\"http://proxy.test:8080\",\"GOPRIVATE\":\"example.com\"", via_proxy, 0);
	cr_expect_null(gt_findings_get(&fs, "direct-fetch"));
}

Test(network, goinsecure_is_not_a_way_around_the_proxy)
{
	static const char *const t[] = {CONN("0.1", "5", "127.0.0.1", "8080", "proxy.test", OK), NULL};
	const struct gt_finding *f;

	run_env("\"GOPROXY\":\"http://proxy.test:8080\",\"GOINSECURE\":\"example.com\"", t, 0);
	f = gt_findings_get(&fs, "goinsecure-not-bypass");
	cr_assert(f);
	teardown();
	/* the twin: GOPRIVATE too: the fetch is direct, GOINSECURE does apply */
	run_env("\"GOPROXY\":\"http://proxy.test:8080\",\"GOINSECURE\":\"example.com\",\"GOPRIVATE\":\"example.com\"", t, 0);
	cr_expect_null(gt_findings_get(&fs, "goinsecure-not-bypass"));
}

#define SUMDB_Q "{\"ev\":\"dns\",\"t\":0.3,\"pid\":11,\"src\":\"sys\",\"fd\":7,\"server\":\"10.0.0.53\",\"dir\":\"query\",\"name\":\"sum.golang.org\",\"qtype\":\"A\"}"

Test(network, go_asked_the_checksum_database_itself)
{
	static const char *const t[] = {SUMDB_Q, NULL};
	const struct gt_finding *f;

	run_env("\"GOPROXY\":\"http://proxy.test:8080\",\"GOSUMDB\":\"sum.golang.org\"", t, 0);
	f = gt_findings_get(&fs, "sumdb-direct");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "checksum database sum.golang.org directly") != NULL, "%s", f->verdict);
	teardown();
	/* the twin: GOSUMDB=off: whatever the lookup was, no such claim */
	run_env("\"GOPROXY\":\"http://proxy.test:8080\",\"GOSUMDB\":\"off\"", t, 0);
	cr_expect_null(gt_findings_get(&fs, "sumdb-direct"));
}

#define SNAP(reason, state, what) "{\"ev\":\"stall\",\"t\":2.0,\"pid\":11,\"src\":\"sys\",\"reason\":\"" reason "\",\"quiet\":1.9,\"procs\":[{\"pid\":11,\"ppid\":10,\"name\":\"go\",\"sockets\":[{\"proto\":\"tcp\",\"fd\":5,\"addr\":\"127.0.0.1\",\"port\":8080,\"state\":\"" state "\",\"what\":\"" what "\"}]}]}"
#define LOCAL8080 "\"GOPROXY\":\"http://127.0.0.1:8080\""

Test(network, a_proxy_that_never_answers)
{
	static const char *const t[] = {CONN("0.1", "5", "127.0.0.1", "8080", "", OK),
					SNAP("timeout", "ESTABLISHED", "connection established, request sent (124 bytes), no response"), NULL};
	static const char *const syn[] = {CONN("0.1", "5", "127.0.0.1", "8080", "", "\"ret\":-1,\"err\":\"EINPROGRESS\""),
					  SNAP("timeout", "SYN_SENT", "SYN sent, no answer"), NULL};
	static const char *const answered[] = {CONN("0.1", "5", "127.0.0.1", "8080", "", OK),
					       SNAP("stall", "ESTABLISHED", "connection established, response received (2048 bytes)"), NULL};
	const struct gt_finding *f;

	run_env(LOCAL8080, t, 143);
	f = gt_findings_get(&fs, "proxy-silent");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect_null(gt_findings_get(&fs, "stalled"), "the proxy says more than a generic stall");
	teardown();
	run_env(LOCAL8080, syn, 143);
	f = gt_findings_get(&fs, "proxy-no-syn-answer");
	cr_assert(f);
	teardown();
	/* the twin: the snapshot shows an answer coming in: no hang claimed */
	run_env(LOCAL8080, answered, 0);
	cr_expect_null(gt_findings_get(&fs, "proxy-silent"));
	cr_expect_null(gt_findings_get(&fs, "proxy-no-syn-answer"));
}

Test(network, a_password_inside_goproxy)
{
	static const char *const t[] = {CONN("0.1", "5", "127.0.0.1", "8080", "", OK), NULL};
	static const char *const refused[] = {
		GOERR("go: example.com/m@v1.0.0: refusing to pass credentials to insecure URL: http://alice:xxxxx@127.0.0.1:8080/example.com/m/@v/v1.0.0.info"), NULL};
	const struct gt_finding *f;
	size_t i;

	/* the trace holds the value redacted, as the tracer writes it */
	run_env("\"GOPROXY\":\"https://alice:<redacted>@127.0.0.1:8080\"", t, 0);
	f = gt_findings_get(&fs, "credential-in-url");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_WARNING);
	teardown();
	run_env("\"GOPROXY\":\"http://alice:<redacted>@127.0.0.1:8080\"", refused, 1);
	f = gt_findings_get(&fs, "credential-in-url");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	teardown();
	/* the twin: a URL without userinfo */
	run_env("\"GOPROXY\":\"https://127.0.0.1:8080\"", t, 0);
	for (i = 0; i < fs.n; i++)
		cr_expect(strcmp(fs.f[i].id, "credential-in-url"), "no password, no claim");
}

/* go runs git ls-remote (pid 20, GIT_TERMINAL_PROMPT=0), whose helper (pid 21) says TEXT and exits 128. */
#define GIT_RUN(text) \
	"{\"ev\":\"fork\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/git\",\"argv\":[\"git\",\"ls-remote\",\"https://example.com/r\"],\"exe\":\"/usr/bin/git\",\"env\":{\"HOME\":\"/h\",\"GIT_TERMINAL_PROMPT\":\"0\",\"GCM_INTERACTIVE\":\"never\"},\"ret\":0}", \
	"{\"ev\":\"fork\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"path\":\"/usr/lib/git-core/git-remote-https\",\"argv\":[\"git-remote-https\",\"origin\",\"https://example.com/r\"],\"exe\":\"/usr/lib/git-core/git-remote-https\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}", \
	"{\"ev\":\"stderr\",\"t\":0.4,\"pid\":21,\"src\":\"sys\",\"text\":\"" text "\\n\"}", \
	"{\"ev\":\"exit\",\"t\":0.5,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"code\":128}", \
	"{\"ev\":\"exit\",\"t\":0.6,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":128}"

Test(network, git_with_no_way_to_get_a_credential)
{
	static const char *const t[] = {GIT_RUN("fatal: could not read Username for 'https://example.com': terminal prompts disabled"), NULL};
	static const char *const other[] = {GIT_RUN("fatal: repository 'https://example.com/r/' not found"), NULL};
	const struct gt_finding *f;

	run_env("\"GOPROXY\":\"direct\",\"GOPRIVATE\":\"example.com\"", t, 1);
	f = gt_findings_get(&fs, "credential-git-none");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "no credential helper ran, GIT_ASKPASS is unset, and prompting is off (GIT_TERMINAL_PROMPT=0") != NULL, "%s", f->verdict);
	f = gt_findings_get(&fs, "credential-git-env");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never") != NULL, "%s", f->verdict);
	teardown();
	/* the twin: git failed for another reason */
	run_env("\"GOPROXY\":\"direct\",\"GOPRIVATE\":\"example.com\"", other, 1);
	cr_expect_null(gt_findings_get(&fs, "credential-git-none"));
}

Test(network, a_netrc_others_can_read)
{
	static const char *const t[] = {NETRC_OPEN("\"ret\":3"), CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK), NULL};
	const char *const *lines = with_netrc(t);
	char env[256];
	FILE *f;

	snprintf(env, sizeof(env), "\"GOPROXY\":\"https://proxy.test\",\"NETRC\":\"%s\"", netrc);
	f = fopen(netrc, "w");
	cr_assert(f);
	fputs("machine proxy.test login alice password s3cret\n", f);
	fclose(f);
	chmod(netrc, 0644);
	run_env(env, lines, 0);
	cr_expect(gt_findings_get(&fs, "credential-file-mode") != NULL);
	teardown();
	/* the twin: mode 600 */
	chmod(netrc, 0600);
	run_env(env, lines, 0);
	cr_expect_null(gt_findings_get(&fs, "credential-file-mode"));
	unlink(netrc);
}

Test(network, goauth_off_and_a_refusal)
{
	static const char *const t[] = {CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK),
					GOERR("go: example.com/m@v1.0.0: reading https://proxy.test/example.com/m/@v/v1.0.0.info: 401 Unauthorized"), NULL};
	static const char *const fine[] = {CONN("0.1", "5", "127.0.0.1", "443", "proxy.test", OK), NULL};
	const struct gt_finding *f;

	run_env("\"GOPROXY\":\"https://proxy.test\",\"GOAUTH\":\"off\"", t, 1);
	f = gt_findings_get(&fs, "credential-goauth-off");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	teardown();
	/* the twin: nothing refused */
	run_env("\"GOPROXY\":\"https://proxy.test\",\"GOAUTH\":\"off\"", fine, 0);
	cr_expect_null(gt_findings_get(&fs, "credential-goauth-off"));
}

/* git (pid 20) reads the gitconfig CFG holds, and its remote helper (pid 21) gets FROM and uses TO. */
static void run_git(const char *cfg, const char *from, const char *to)
{
	char path[96], l0[400], l1[400], l2[700];
	const char *t[8];
	FILE *f;

	/* named as git's own: $HOME/.gitconfig */
	snprintf(path, sizeof(path), "/tmp/gotrace-unit-gitcfg-%d.gitconfig", (int)getpid());
	path[strlen(path) - 10] = '/';
	*strrchr(path, '/') = 0;
	mkdir(path, 0700);
	strcat(path, "/.gitconfig");
	f = fopen(path, "w");
	cr_assert(f);
	fputs(cfg, f);
	fclose(f);
	t[0] = "{\"ev\":\"fork\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}";
	t[1] = "{\"ev\":\"exec\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/git\",\"argv\":[\"git\",\"ls-remote\",\"https://example.com/r\"],\"exe\":\"/usr/bin/git\",\"env\":{\"HOME\":\"/h\"},\"ret\":0}";
	snprintf(l0, sizeof(l0), "{\"ev\":\"open\",\"t\":0.21,\"pid\":20,\"src\":\"sys\",\"path\":\"%s\",\"flags\":[\"O_RDONLY\"],\"ret\":3}", path);
	t[2] = l0;
	t[3] = "{\"ev\":\"fork\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"kind\":\"vfork\"}";
	snprintf(l2, sizeof(l2), "{\"ev\":\"exec\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"path\":\"/usr/lib/git-core/git-remote-https\",\"argv\":[\"git-remote-https\",\"%s\",\"%s\"],\"exe\":\"/usr/lib/git-core/git-remote-https\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}", from, to);
	t[4] = l2;
	snprintf(l1, sizeof(l1), "{\"ev\":\"exit\",\"t\":0.5,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"code\":0}");
	t[5] = l1;
	t[6] = "{\"ev\":\"exit\",\"t\":0.6,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":0}";
	t[7] = NULL;
	run_env("\"GOPROXY\":\"direct\",\"GOPRIVATE\":\"example.com\"", t, 0);
	unlink(path);
	*strrchr(path, '/') = 0;
	rmdir(path);
}

/* gitconfig_name() wants a git configuration file's name */
Test(network, a_token_in_a_git_url_and_the_rewrite)
{
	const struct gt_finding *f;
	size_t i;

	/* named like git's own files, so the analyzer takes it for one */
	run_git("[url \"https://oauth2:TOK3Nsecret@git.test/\"]\n\tinsteadOf = https://example.com/\n",
		"https://example.com/r", "https://oauth2:<redacted>@git.test/r");
	cr_expect(gt_findings_get(&fs, "credential-git-config") != NULL);
	cr_expect(gt_findings_get(&fs, "credential-plaintext-token") != NULL);
	f = gt_findings_get(&fs, "credential-insteadof");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "git rewrote https://example.com/r to https://oauth2:<redacted>@git.test/r: "
				     "url.\"https://oauth2:<redacted>@git.test/\".insteadOf = https://example.com/") == f->verdict,
		  "%s", f->verdict);
	for (i = 0; i < fs.n; i++)
		cr_expect(strstr(fs.f[i].verdict, "TOK3N") == NULL, "the token never shows: %s", fs.f[i].verdict);
	teardown();
	/* the twin: no rewrite */
	run_git("[user]\n\tname = t\n", "https://example.com/r", "https://example.com/r");
	cr_expect_null(gt_findings_get(&fs, "credential-insteadof"));
	cr_expect_null(gt_findings_get(&fs, "credential-plaintext-token"));
}

#define QUERY(q) "{\"ev\":\"dns\",\"t\":0.1,\"pid\":11,\"src\":\"sys\",\"fd\":7,\"server\":\"10.0.0.53\",\"dir\":\"query\",\"name\":\"proxy.test\",\"qtype\":\"" q "\"}"

Test(network, a_name_server_that_never_answered)
{
	static const char *const t[] = {QUERY("A"), QUERY("AAAA"),
					GOERR("go: example.com/m@v1.0.0: Get \\\"http://proxy.test:8080/...\\\": dial tcp: lookup proxy.test on 10.0.0.53:53: read udp 10.0.0.2:40000->10.0.0.53:53: i/o timeout"), NULL};
	/* the twin: the same silence, but go said nothing of a timeout (the answers came after the trace, say) */
	static const char *const quiet[] = {QUERY("A"), QUERY("AAAA"), NULL};
	const struct gt_finding *f;

	run(t, 1);
	f = gt_findings_get(&fs, "dns-failure");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "proxy.test could not be resolved: the name server 10.0.0.53 never answered");
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	teardown();
	run(quiet, 0);
	cr_expect_null(gt_findings_get(&fs, "dns-failure"));
}

#define RESOLVE(pid, host, res) "{\"ev\":\"resolve\",\"t\":0.3,\"pid\":" pid ",\"src\":\"preload\",\"host\":\"" host "\",\"service\":\"443\",\"addrs\":[]," res ",\"fn\":\"getaddrinfo\"}"

Test(network, getaddrinfo_failing_in_git)
{
	static const char *const t[] = {CHILD("20", "git"), RESOLVE("20", "git.example.test", "\"ret\":-2,\"err\":\"EAI_NONAME\""), NULL};
	static const char *const ok[] = {CHILD("20", "git"), "{\"ev\":\"resolve\",\"t\":0.3,\"pid\":20,\"src\":\"preload\",\"host\":\"git.example.test\",\"addrs\":[\"10.1.1.1\"],\"ret\":0,\"fn\":\"getaddrinfo\"}", NULL};
	const struct gt_finding *f;

	run(t, 1);
	f = gt_findings_get(&fs, "dns-failure");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "git.example.test could not be resolved: getaddrinfo in git (pid 20) returned EAI_NONAME");
	cr_expect_eq(f->severity, GT_SEV_WARNING);
	teardown();
	run(ok, 0);
	cr_expect_null(gt_findings_get(&fs, "dns-failure"));
}

Test(network, the_goauth_command_go_ran)
{
	static const char *const t[] = {
		"{\"ev\":\"fork\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/w/auth.sh\",\"argv\":[\"/w/auth.sh\"],\"exe\":\"/bin/dash\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		"{\"ev\":\"exit\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":0}", NULL};
	static const char *const other[] = {CHILD("20", "git"), NULL};
	const struct gt_finding *f;

	run_env("\"GOPROXY\":\"https://proxy.test\",\"GOAUTH\":\"/w/auth.sh\"", t, 0);
	f = gt_findings_get(&fs, "credential-goauth");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "GOAUTH (the environment) ran /w/auth.sh (pid 20): exit 0") == f->verdict, "%s", f->verdict);
	teardown();
	/* the twin: go ran something else */
	run_env("\"GOPROXY\":\"https://proxy.test\",\"GOAUTH\":\"/w/auth.sh\"", other, 0);
	cr_expect_null(gt_findings_get(&fs, "credential-goauth"));
}

#define SSH_OPEN(path, res) "{\"ev\":\"open\",\"t\":0.25,\"pid\":20,\"src\":\"sys\",\"path\":\"" path "\",\"flags\":[\"O_RDONLY\"]," res "}"

Test(network, what_ssh_read_and_whom_it_asked)
{
	static const char *const t[] = {
		"{\"ev\":\"fork\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
		"{\"ev\":\"exec\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/ssh\",\"argv\":[\"ssh\",\"git@example.com\"],\"exe\":\"/usr/bin/ssh\",\"env\":{\"HOME\":\"/h\"},\"ret\":0}",
		SSH_OPEN("/h/.ssh/config", "\"ret\":-1,\"err\":\"ENOENT\""), SSH_OPEN("/etc/ssh/ssh_config", "\"ret\":3"),
		SSH_OPEN("/h/.ssh/id_ed25519", "\"ret\":4"), SSH_OPEN("/h/.ssh/known_hosts", "\"ret\":5"),
		"{\"ev\":\"exit\",\"t\":0.3,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":255}", NULL};
	static const char *const none[] = {CHILD("20", "git"), NULL};
	const struct gt_finding *f;

	run(t, 1);
	f = gt_findings_get(&fs, "credential-ssh");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "ssh (pid 20, /usr/bin/ssh): config /h/.ssh/config (absent), /etc/ssh/ssh_config; "
				     "keys /h/.ssh/id_ed25519; known_hosts /h/.ssh/known_hosts; no agent (SSH_AUTH_SOCK unset)");
	teardown();
	/* the twin: no ssh ran */
	run(none, 0);
	cr_expect_null(gt_findings_get(&fs, "credential-ssh"));
}

/* git-remote-https (pid 21, under git pid 20) runs the store helper with ACT1, then ACT2 (pids 30, 31). */
#define HELPER(pid, t, act) \
	"{\"ev\":\"fork\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":21,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":21,\"path\":\"/usr/lib/git-core/git\",\"argv\":[\"git\",\"credential-store\",\"" act "\"],\"exe\":\"/usr/lib/git-core/git\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}", \
	"{\"ev\":\"exit\",\"t\":" t "1,\"pid\":" pid ",\"src\":\"sys\",\"ppid\":21,\"code\":0}"
#define REMOTE \
	"{\"ev\":\"fork\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/git\",\"argv\":[\"git\",\"ls-remote\",\"https://example.com/r\"],\"exe\":\"/usr/bin/git\",\"env\":{\"HOME\":\"/h\"},\"ret\":0}", \
	"{\"ev\":\"fork\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"path\":\"/usr/lib/git-core/git-remote-https\",\"argv\":[\"git-remote-https\",\"origin\",\"https://example.com/r\"],\"exe\":\"/usr/lib/git-core/git-remote-https\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}"

Test(network, a_credential_helper_and_what_git_did_with_its_answer)
{
	static const char *const stored[] = {REMOTE, HELPER("30", "0.4", "get"), HELPER("31", "0.5", "store"), NULL};
	static const char *const erased[] = {REMOTE, HELPER("30", "0.4", "get"), HELPER("31", "0.5", "erase"), NULL};
	static const char *const none[] = {REMOTE, NULL};
	const struct gt_finding *f;

	run(stored, 0);
	f = gt_findings_get(&fs, "credential-helper");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "credential helper git credential-store: the source of git's credential for https://example.com/r; asked 1 time, and git stored it back") == f->verdict, "%s", f->verdict);
	teardown();
	run(erased, 1);
	f = gt_findings_get(&fs, "credential-helper");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_WARNING);
	cr_expect(strstr(f->verdict, "that the server refused (git erased it)") != NULL, "%s", f->verdict);
	teardown();
	/* the twin: no helper ran */
	run(none, 0);
	cr_expect_null(gt_findings_get(&fs, "credential-helper"));
}

Test(network, a_name_from_the_trace_is_one_shell_word_in_the_fix)
{
	static const char *const t[] = {CHILD("20", "git"), RESOLVE("20", "x;touch /tmp/p'wn", "\"ret\":-2,\"err\":\"EAI_NONAME\""), NULL};
	const struct gt_finding *f;

	run(t, 1);
	f = gt_findings_get(&fs, "dns-failure");
	cr_assert(f);
	cr_expect(strstr(f->fix, "`getent hosts 'x;touch /tmp/p'\\''wn'`") != NULL, "%s", f->fix);
}
