/*
 * The failing process and why it could not start: exec-refused from the
 * ELF identity the tracer records on ENOEXEC, and the traces that must not
 * produce it.
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
	snprintf(trace, sizeof(trace), "/tmp/gotrace-unit-fail-%d.jsonl", (int)getpid());
}

static void teardown(void)
{
	gt_findings_free(&fs);
	gt_model_free(&m);
	unlink(trace);
	gt_goconf_free();
}

/*
 * go (pid 11) forks pid 12, whose exec of PROG gets ERR with ELF (a JSON
 * member or ""), then which exits with CODE; go exits 1.
 */
static void run(const char *host, const char *err, const char *elf, int code, const char *more12)
{
	FILE *f = fopen(trace, "w");
	char e[256];

	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"test\"],"
		   "\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[],\"host\":{\"arch\":\"%s\"}}\n", host);
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\","
		   "\"argv\":[\"go\",\"test\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"GOARCH\":\"386\"},\"ret\":0}\n");
	fprintf(f, "{\"ev\":\"fork\",\"t\":0.5,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}\n");
	snprintf(e, sizeof(e), "\"ret\":-1,\"err\":\"%s\"", err);
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.6,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"path\":\"/tmp/b/x.test\","
		   "\"argv\":[\"/tmp/b/x.test\"]%s%s,%s}\n", elf[0] ? "," : "", elf, e);
	fputs(more12, f);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.7,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"code\":%d}\n", code);
	fprintf(f, "{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"fork/exec /tmp/b/x.test: exec format error\\n\"}\n");
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":1}\n");
	fprintf(f, "{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":1,\"procs\":2,\"events\":8}\n");
	fclose(f);
	{
		char why[256];
		cr_assert_eq(gt_model_load(&m, trace, why, sizeof(why)), 0, "%s", why);
	}
	gt_analyze(&m, &fs);
}

TestSuite(failure, .init = setup, .fini = teardown);

Test(failure, refused_32bit_program_is_the_cause)
{
	const struct gt_finding *f, *fail;

	run("x86_64", "ENOEXEC", "\"elf\":{\"class\":32,\"machine\":\"i386\"}", 253, "");
	f = gt_findings_get(&fs, "exec-refused");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect(strstr(f->verdict, "this kernel cannot run 32-bit programs: /tmp/b/x.test") != NULL, "%s",
		  f->verdict);
	cr_expect(f->nev >= 3 && strstr(f->ev[2].text, "GOARCH=386"), "GOARCH evidence");
	cr_expect(strstr(f->fix, "GOARCH=amd64") != NULL, "%s", f->fix);
	fail = gt_findings_get(&fs, "failure");
	cr_assert(fail);
	cr_expect(strstr(fail->verdict, "x.test exited 253") != NULL, "%s", fail->verdict);
	cr_expect_str_eq(fail->see, "exec-refused");
	gt_findings_sort(&fs);
	cr_expect_str_eq(fs.f[0].id, "exec-refused");
}

Test(failure, foreign_machine_and_x32)
{
	const struct gt_finding *f;

	run("x86_64", "ENOEXEC", "\"elf\":{\"class\":64,\"machine\":\"aarch64\"}", 253, "");
	f = gt_findings_get(&fs, "exec-refused");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "/tmp/b/x.test is a program for aarch64; this machine is x86_64 (execve: ENOEXEC)");
	teardown();
	run("x86_64", "ENOEXEC", "\"elf\":{\"class\":32,\"machine\":\"x86_64\"}", 253, "");
	f = gt_findings_get(&fs, "exec-refused");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "cannot run x32 programs") != NULL, "%s", f->verdict);
}

Test(failure, not_elf_when_nothing_ran_it)
{
	const struct gt_finding *f;

	run("x86_64", "ENOEXEC", "\"elf\":false", 126, "");
	f = gt_findings_get(&fs, "exec-refused");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "not an ELF file") != NULL, "%s", f->verdict);
}

/* The twins: the same failure without proof, or with a different cause. */

Test(failure, no_claim_for_a_native_elf)
{
	/* ENOEXEC for an x86_64 file on x86_64: damaged, or something else; not said */
	run("x86_64", "ENOEXEC", "\"elf\":{\"class\":64,\"machine\":\"x86_64\"}", 253, "");
	cr_expect_null(gt_findings_get(&fs, "exec-refused"));
	cr_expect(gt_findings_get(&fs, "failure") != NULL);
}

Test(failure, no_claim_without_the_file_read)
{
	/* the tracer could not read the file (another mount namespace, removed): no identity */
	run("x86_64", "ENOEXEC", "", 253, "");
	cr_expect_null(gt_findings_get(&fs, "exec-refused"));
}

Test(failure, no_claim_for_another_errno)
{
	run("x86_64", "ENOENT", "", 253, "");
	cr_expect_null(gt_findings_get(&fs, "exec-refused"));
}

Test(failure, no_claim_when_a_shell_ran_the_script_itself)
{
	/* sh ran the #!-less file itself after ENOEXEC, and the script exited 3 */
	run("x86_64", "ENOEXEC", "\"elf\":false", 3, "");
	cr_expect_null(gt_findings_get(&fs, "exec-refused"));
}

Test(failure, no_claim_when_a_later_exec_ran)
{
	/* execvp's fallback: the same process then ran /bin/sh on the file */
	run("x86_64", "ENOEXEC", "\"elf\":{\"class\":32,\"machine\":\"i386\"}", 253,
	    "{\"ev\":\"exec\",\"t\":0.65,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"path\":\"/bin/sh\","
	    "\"argv\":[\"sh\",\"/tmp/b/x.test\"],\"exe\":\"/usr/bin/dash\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}\n");
	cr_expect_null(gt_findings_get(&fs, "exec-refused"));
}
