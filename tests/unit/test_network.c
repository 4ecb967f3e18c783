/*
 * Network findings on small traces: a name that could not be resolved,
 * and the traces that must not produce that claim.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	gt_goconf_free();
	unlink(trace);
}

TestSuite(network, .init = setup, .fini = teardown);

/* go (pid 11) with GOPROXY=http://proxy.test:8080, the lines LINES, then go exits CODE. */
static void run(const char *const *lines, int code)
{
	FILE *f = fopen(trace, "w");
	char why[256];

	cr_assert(f);
	fputs("{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"mod\",\"download\"],\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[]}\n", f);
	fputs("{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"mod\",\"download\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"GOPROXY\":\"http://proxy.test:8080\",\"HOME\":\"/h\"},\"ret\":0}\n", f);
	for (; *lines; lines++)
		fprintf(f, "%s\n", *lines);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":%d}\n", code);
	fprintf(f, "{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":%d,\"procs\":1,\"events\":9}\n", code);
	fclose(f);
	cr_assert_eq(gt_model_load(&m, trace, why, sizeof(why)), 0, "%s", why);
	gt_analyze(&m, &fs);
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
