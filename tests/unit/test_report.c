/*
 * The text report: short by default (findings that differ only in a pid
 * folded with a count, information without its evidence), whole with -v;
 * and activity that is normal by design (the linker's LTO plugin) is no
 * finding at all.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzers/report.h"

static char trace[96], out[96];

static void setup(void)
{
	snprintf(trace, sizeof(trace), "/tmp/gotrace-unit-rep-%d.jsonl", (int)getpid());
	snprintf(out, sizeof(out), "/tmp/gotrace-unit-rep-%d.txt", (int)getpid());
	setenv("NO_COLOR", "1", 1);
}

static void teardown(void)
{
	unlink(trace);
	unlink(out);
}

TestSuite(report, .init = setup, .fini = teardown);

/* go, then one process per NAME that dlopens LIB and exits 0. */
static void write_trace(const char *lib, int nprocs)
{
	FILE *f = fopen(trace, "w");
	int i;

	cr_assert(f);
	fputs("{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[]}\n", f);
	fputs("{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{},\"ret\":0}\n", f);
	for (i = 0; i < nprocs; i++) {
		int pid = 20 + i;
		fprintf(f, "{\"ev\":\"fork\",\"t\":0.1,\"pid\":%d,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}\n", pid);
		fprintf(f, "{\"ev\":\"exec\",\"t\":0.1,\"pid\":%d,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/ld\",\"argv\":[\"/usr/bin/ld\"],\"exe\":\"/usr/bin/x86_64-linux-gnu-ld.bfd\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}\n", pid);
		fprintf(f, "{\"ev\":\"dlopen\",\"t\":0.2,\"pid\":%d,\"src\":\"preload\",\"name\":\"%s\",\"flags\":[\"RTLD_NOW\"],\"ok\":true,\"file\":\"%s\"}\n", pid, lib, lib);
		fprintf(f, "{\"ev\":\"exit\",\"t\":0.3,\"pid\":%d,\"src\":\"sys\",\"ppid\":11,\"code\":0}\n", pid);
	}
	fputs("{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":0}\n", f);
	fputs("{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":0,\"procs\":2,\"events\":9}\n", f);
	fclose(f);
}

/* The text report with FLAGS, whole, in a static buffer. */
static const char *report(int flags)
{
	static char buf[16384];
	char err[256];
	FILE *f = fopen(out, "w+");
	size_t n;

	cr_assert(f);
	cr_assert_eq(gt_report_file_opts(trace, f, flags, err, sizeof(err)), 0, "%s", err);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static int count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

Test(report, same_finding_in_three_processes_is_one_line)
{
	const char *r;

	write_trace("/opt/p/libplug.so", 3);
	r = report(0);
	cr_expect_eq(count(r, "loaded 1 library with dlopen: /opt/p/libplug.so"), 1, "%s", r);
	cr_expect(strstr(r, "(×3)") != NULL, "%s", r);
	cr_expect(strstr(r, "first: dlopen(") == NULL, "info evidence hidden by default: %s", r);
	cr_expect(strstr(r, "gotrace report -v") != NULL, "%s", r);
	r = report(GT_REPORT_VERBOSE);
	cr_expect_eq(count(r, "loaded 1 library with dlopen: /opt/p/libplug.so"), 3, "%s", r);
	cr_expect_eq(count(r, "first: dlopen(\"/opt/p/libplug.so\")"), 3, "%s", r);
	cr_expect(strstr(r, "(×") == NULL, "%s", r);
}

Test(report, the_linkers_lto_plugin_is_no_finding)
{
	const char *r;

	write_trace("/usr/lib/gcc/x86_64-linux-gnu/12/liblto_plugin.so", 2);
	r = report(GT_REPORT_VERBOSE);
	cr_expect(strstr(r, "liblto_plugin") == NULL, "%s", r);
	r = report(GT_REPORT_JSON);
	cr_expect(strstr(r, "library-dlopen-ok") == NULL, "%s", r);
}

Test(report, the_failure_a_cause_explains_is_shown_under_it)
{
	FILE *f = fopen(trace, "w");
	const char *r;

	cr_assert(f);
	fputs("{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"./p32\"],\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[],\"host\":{\"arch\":\"x86_64\"}}\n", f);
	fputs("{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/w/p32\",\"argv\":[\"./p32\"],\"elf\":{\"class\":32,\"machine\":\"i386\"},\"ret\":-1,\"err\":\"ENOEXEC\"}\n", f);
	fputs("{\"ev\":\"exit\",\"t\":0.002,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":126}\n", f);
	fputs("{\"ev\":\"end\",\"t\":0.002,\"pid\":11,\"src\":\"sys\",\"status\":126,\"procs\":1,\"events\":3}\n", f);
	fclose(f);
	r = report(0);
	cr_expect_eq(count(r, "✗ "), 1, "one headline: %s", r);
	cr_expect(strstr(r, "✗ failure    this kernel cannot run 32-bit programs") != NULL, "%s", r);
	cr_expect(strstr(r, "and so: p32 never ran: execve refused it, and the process made to start it (pid 11) gave up with exit 126") != NULL, "%s", r);
	r = report(GT_REPORT_VERBOSE);
	cr_expect_eq(count(r, "✗ "), 2, "-v: each finding on its own: %s", r);
	cr_expect(strstr(r, "explained by: exec-refused (above)") != NULL, "%s", r);
}
