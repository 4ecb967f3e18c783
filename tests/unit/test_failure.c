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
	cr_expect(strstr(fail->verdict, "x.test never ran: execve refused it") != NULL &&
		  strstr(fail->verdict, "gave up with exit 253") != NULL, "%s", fail->verdict);
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
	/* the fix is for that machine, not the one for 32-bit programs */
	cr_expect(strstr(f->fix, "IA32") == NULL, "%s", f->fix);
	cr_expect(strstr(f->fix, "unset GOARCH (GOARCH=386 was in go's environment)") == f->fix, "%s", f->fix);
	cr_expect(strstr(f->fix, "qemu-user-static") != NULL, "%s", f->fix);
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

/* Write the lines of a trace (header added) and analyze it. */
static void raw(const char *const *lines)
{
	FILE *f = fopen(trace, "w");
	char why[256];

	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],"
		   "\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[],\"host\":{\"arch\":\"x86_64\"}}\n");
	for (; *lines; lines++)
		fprintf(f, "%s\n", *lines);
	fclose(f);
	cr_assert_eq(gt_model_load(&m, trace, why, sizeof(why)), 0, "%s", why);
	gt_analyze(&m, &fs);
}

#define GO_EXEC "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{},\"ret\":0}"
#define GO_EXIT1 "{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":1}"

Test(failure, culprit_is_not_a_git_config_probe)
{
	static const char *const t[] = {
		GO_EXEC,
		"{\"ev\":\"fork\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/git\",\"argv\":[\"git\",\"ls-remote\",\"-q\",\"origin\"],\"exe\":\"/usr/bin/git\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		"{\"ev\":\"stderr\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"text\":\"fatal: repository 'https://example.com/x/' not found\\n\"}",
		"{\"ev\":\"exit\",\"t\":0.3,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":128}",
		/* the probe runs later and fails as it normally does */
		"{\"ev\":\"fork\",\"t\":0.4,\"pid\":21,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
		"{\"ev\":\"exec\",\"t\":0.4,\"pid\":21,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/git\",\"argv\":[\"git\",\"config\",\"extensions.objectformat\"],\"exe\":\"/usr/bin/git\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		"{\"ev\":\"exit\",\"t\":0.5,\"pid\":21,\"src\":\"sys\",\"ppid\":11,\"code\":1}",
		"{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"go: example.com/x@v1: git ls-remote -q origin in /m: exit status 128:\\n\\tfatal: repository 'https://example.com/x/' not found\\n\"}",
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "git exited 128 (pid 20") == f->verdict, "%s", f->verdict);
}

Test(failure, culprit_is_the_relayed_error_not_the_last_exit)
{
	/* two failed children; go quoted the first one's stderr */
	static const char *const t[] = {
		GO_EXEC,
		"{\"ev\":\"fork\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/pkg-config\",\"argv\":[\"pkg-config\",\"--cflags\",\"zstd\"],\"exe\":\"/usr/bin/pkg-config\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		"{\"ev\":\"stderr\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"text\":\"Package zstd was not found in the pkg-config search path.\\n\"}",
		"{\"ev\":\"exit\",\"t\":0.3,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":1}",
		"{\"ev\":\"fork\",\"t\":0.4,\"pid\":21,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
		"{\"ev\":\"exec\",\"t\":0.4,\"pid\":21,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/true2\",\"argv\":[\"other\"],\"exe\":\"/usr/bin/other\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		"{\"ev\":\"exit\",\"t\":0.5,\"pid\":21,\"src\":\"sys\",\"ppid\":11,\"code\":2}",
		"{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"# pkg-config --cflags  -- zstd\\nPackage zstd was not found in the pkg-config search path.\\n\"}",
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "pkg-config exited 1 (pid 20") == f->verdict, "%s", f->verdict);
}

#define CC1(pid, ppid, t) "{\"ev\":\"exec\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":" ppid ",\"path\":\"/usr/libexec/gcc/x86_64-linux-gnu/12/cc1\",\"argv\":[\"cc1\",\"x.c\"],\"exe\":\"/usr/libexec/gcc/x86_64-linux-gnu/12/cc1\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}"
#define GCC(pid, t, argv) "{\"ev\":\"exec\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/gcc\",\"argv\":" argv ",\"exe\":\"/usr/bin/x86_64-linux-gnu-gcc-12\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}"
#define FORK(pid, ppid, t) "{\"ev\":\"fork\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":" ppid ",\"kind\":\"vfork\"}"
#define EXIT(pid, ppid, t, what) "{\"ev\":\"exit\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":" ppid "," what "}"

Test(failure, culprit_is_not_a_sigpipe_death)
{
	/* gcc A's cc1 fails; later gcc B's cc1 dies of SIGPIPE */
	static const char *const t[] = {
		GO_EXEC,
		FORK("20", "11", "0.1"), GCC("20", "0.1", "[\"gcc\",\"-c\",\"a.c\"]"),
		FORK("21", "20", "0.11"), CC1("21", "20", "0.11"),
		"{\"ev\":\"stderr\",\"t\":0.2,\"pid\":21,\"src\":\"sys\",\"text\":\"a.c:1:10: fatal error: zstd.h: No such file or directory\\n\"}",
		EXIT("21", "20", "0.3", "\"code\":1"), EXIT("20", "11", "0.31", "\"code\":1"),
		FORK("30", "11", "0.1"), GCC("30", "0.1", "[\"gcc\",\"-c\",\"b.c\"]"),
		FORK("31", "30", "0.12"), CC1("31", "30", "0.12"),
		EXIT("31", "30", "0.5", "\"signal\":\"SIGPIPE\""), EXIT("30", "11", "0.51", "\"code\":1"),
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "cc1 exited 1 (pid 21") == f->verdict, "%s", f->verdict);
}

Test(failure, a_lone_sigpipe_death_is_still_the_culprit)
{
	static const char *const t[] = {
		GO_EXEC,
		FORK("30", "11", "0.1"), GCC("30", "0.1", "[\"gcc\",\"-c\",\"b.c\"]"),
		FORK("31", "30", "0.12"), CC1("31", "30", "0.12"),
		EXIT("31", "30", "0.5", "\"signal\":\"SIGPIPE\""), EXIT("30", "11", "0.51", "\"code\":1"),
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "cc1 was killed by SIGPIPE (pid 31") == f->verdict, "%s", f->verdict);
}

Test(failure, a_failed_flag_probe_is_never_the_culprit)
{
	/* cgo asks gcc whether it knows a flag: stdin to /dev/null, exit 1 is an answer */
	static const char *const t[] = {
		GO_EXEC,
		FORK("20", "11", "0.1"),
		GCC("20", "0.1", "[\"gcc\",\"-Wl,--no-gc-sections\",\"-c\",\"-x\",\"c\",\"-\",\"-o\",\"/dev/null\"]"),
		EXIT("20", "11", "0.2", "\"code\":1"),
		"{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"go: go.mod file not found in current directory\\n\"}",
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "go exited 1 (pid 11") == f->verdict, "%s", f->verdict);
}

Test(failure, cgo_kind_probe_and_link_flag_probe_are_not_culprits)
{
	/* cgo's compile of its generated input fails by design; so may link's trivial.c */
	static const char *const t[] = {
		GO_EXEC,
		FORK("20", "11", "0.1"),
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/local/go/pkg/tool/linux_amd64/cgo\",\"argv\":[\"cgo\"],\"exe\":\"/usr/local/go/pkg/tool/linux_amd64/cgo\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		FORK("21", "20", "0.11"),
		"{\"ev\":\"exec\",\"t\":0.11,\"pid\":21,\"src\":\"sys\",\"ppid\":20,\"path\":\"/usr/bin/gcc\",\"argv\":[\"gcc\",\"-w\",\"-o/tmp/b/_cgo_1.o\",\"-c\",\"/tmp/cgo-gcc-input-123.c\"],\"exe\":\"/usr/bin/gcc\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		EXIT("21", "20", "0.2", "\"code\":1"),
		"{\"ev\":\"stderr\",\"t\":0.3,\"pid\":20,\"src\":\"sys\",\"text\":\"./m.go:5:2: could not determine kind of name for C.nothere\\n\"}",
		EXIT("20", "11", "0.4", "\"code\":1"),
		FORK("30", "11", "0.5"),
		"{\"ev\":\"exec\",\"t\":0.5,\"pid\":30,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/local/go/pkg/tool/linux_amd64/link\",\"argv\":[\"link\"],\"exe\":\"/usr/local/go/pkg/tool/linux_amd64/link\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		FORK("31", "30", "0.51"),
		"{\"ev\":\"exec\",\"t\":0.51,\"pid\":31,\"src\":\"sys\",\"ppid\":30,\"path\":\"/usr/bin/gcc\",\"argv\":[\"gcc\",\"-m64\",\"-o\",\"/tmp/go-link-1/a.out\",\"-Qunused-arguments\",\"/tmp/go-link-1/trivial.c\"],\"exe\":\"/usr/bin/gcc\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		EXIT("31", "30", "0.55", "\"code\":1"),
		EXIT("30", "11", "0.6", "\"code\":0"),
		"{\"ev\":\"stderr\",\"t\":0.8,\"pid\":11,\"src\":\"sys\",\"text\":\"# example.com/m\\n./m.go:5:2: could not determine kind of name for C.nothere\\n\"}",
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	/* cgo, which said what was wrong, not the gcc it ran to find out */
	cr_expect(strstr(f->verdict, "cgo exited 1 (pid 20") == f->verdict, "%s", f->verdict);
}

#define STALL(reason, procs) "{\"ev\":\"stall\",\"t\":2.0,\"pid\":11,\"src\":\"sys\",\"reason\":\"" reason "\",\"quiet\":1.9,\"procs\":" procs "}"
#define GO_KILLED "{\"ev\":\"exit\",\"t\":2.1,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"signal\":\"SIGTERM\"}"

Test(failure, timeout_names_what_the_run_waited_on)
{
	static const char *const t[] = {
		GO_EXEC,
		STALL("timeout", "[{\"pid\":11,\"ppid\":10,\"name\":\"go\",\"sockets\":[],\"children\":[20]},"
				 "{\"pid\":20,\"ppid\":11,\"name\":\"git\",\"sockets\":[{\"proto\":\"tcp\",\"fd\":3,\"addr\":\"10.1.1.1\",\"port\":443,\"state\":\"ESTABLISHED\",\"what\":\"connection established, request sent (517 bytes), no response\"}]}]"),
		GO_KILLED, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "stalled");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "when --timeout stopped the run, git (pid 20) was waiting on 10.1.1.1:443: "
				     "connection established, request sent (517 bytes), no response");
	cr_expect_str_eq(gt_findings_get(&fs, "failure")->see, "stalled");
	gt_findings_sort(&fs);
	cr_expect_str_eq(fs.f[0].id, "stalled");
}

Test(failure, interrupt_with_a_lock)
{
	static const char *const t[] = {
		GO_EXEC,
		STALL("interrupt", "[{\"pid\":11,\"ppid\":10,\"name\":\"go\",\"sockets\":[],\"lock\":\"/m/cache/download/x/@v/v1.lock held by pid 99\"}]"),
		GO_KILLED, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "stalled");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "when the run was interrupted, go (pid 11) was waiting on a lock on "
				     "/m/cache/download/x/@v/v1.lock held by pid 99");
}

Test(failure, no_stalled_claim_without_a_stop_snapshot)
{
	/* a quiet period while running (reason stall) and a normal failure: nothing was stopped */
	static const char *const t[] = {
		GO_EXEC,
		STALL("stall", "[{\"pid\":11,\"ppid\":10,\"name\":\"go\",\"sockets\":[],\"lock\":\"/x held by pid 99\"}]"),
		GO_EXIT1, NULL};

	raw(t);
	cr_expect_null(gt_findings_get(&fs, "stalled"));
}

#define HDR_OPEN(dir, t) "{\"ev\":\"open\",\"t\":" t ",\"pid\":21,\"src\":\"sys\",\"path\":\"" dir "/gtq.h\",\"flags\":[\"O_RDONLY\",\"O_NOCTTY\"],\"ret\":-1,\"err\":\"ENOENT\"}"
#define HDR_CC1 FORK("20", "11", "0.1"), GCC("20", "0.1", "[\"gcc\",\"-c\",\"x.c\"]"), FORK("21", "20", "0.11"), CC1("21", "20", "0.11")
#define HDR_ERR "{\"ev\":\"stderr\",\"t\":0.3,\"pid\":21,\"src\":\"sys\",\"text\":\"x.c:1:10: fatal error: gtq.h: No such file or directory\\n\"}"

Test(failure, missing_header_with_the_directories_searched)
{
	static const char *const t[] = {
		GO_EXEC, HDR_CC1,
		HDR_OPEN("/usr/local/include", "0.2"), HDR_OPEN("/usr/include/x86_64-linux-gnu", "0.21"),
		HDR_OPEN("/usr/include", "0.22"), HDR_ERR,
		EXIT("21", "20", "0.4", "\"code\":1"), EXIT("20", "11", "0.41", "\"code\":1"), GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	f = gt_findings_get(&fs, "c-header-missing");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "gtq.h not found: cc1 looked in 3 directories and it is in none");
	cr_expect_str_eq(f->ev[1].text, "searched, in order: /usr/local/include, /usr/include/x86_64-linux-gnu, /usr/include");
	cr_expect_str_eq(gt_findings_get(&fs, "failure")->see, "c-header-missing");
}

Test(failure, no_header_claim_without_the_search_in_the_trace)
{
	/* the message alone (mode preload saw no opens, say) proves no search */
	static const char *const t[] = {
		GO_EXEC, HDR_CC1, HDR_ERR,
		EXIT("21", "20", "0.4", "\"code\":1"), EXIT("20", "11", "0.41", "\"code\":1"), GO_EXIT1, NULL};

	raw(t);
	cr_expect_null(gt_findings_get(&fs, "c-header-missing"));
}

#define SIG(from, t, sig, to) "{\"ev\":\"signal\",\"t\":" t ",\"pid\":" from ",\"src\":\"sys\",\"call\":\"kill\",\"sig\":\"" sig "\",\"to\":" to ",\"ret\":0}"

/* go cancels a child (exec.CommandContext): SIGINT from its parent, then dead; the real failure is the other one */
Test(failure, culprit_is_not_a_child_its_parent_cancelled)
{
	static const char *const t[] = {
		GO_EXEC,
		FORK("20", "11", "0.1"), GCC("20", "0.1", "[\"gcc\",\"-c\",\"a.c\"]"),
		"{\"ev\":\"stderr\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"text\":\"a.c:1: error: boom\\n\"}",
		EXIT("20", "11", "0.3", "\"code\":1"),
		FORK("30", "11", "0.1"), GCC("30", "0.1", "[\"gcc\",\"-c\",\"b.c\"]"),
		SIG("11", "0.4", "SIGINT", "30"),
		SIG("30", "0.41", "SIGINT", "30"), /* the runtime re-raising it to die of it: not another sender */
		EXIT("30", "11", "0.5", "\"signal\":\"SIGINT\""),
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	cr_assert(gt_model_proc(&m, 30)->cancelled);
	cr_expect_eq(gt_model_proc(&m, 30)->sig_by, 11);
	cr_expect_str_eq(gt_model_proc(&m, 30)->sig_first, "SIGINT");
	cr_expect(!gt_mproc_failed(gt_model_proc(&m, 30)));
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "gcc exited 1 (pid 20") == f->verdict, "%s", f->verdict);
}

/* go test's "ran too long" is SIGQUIT from go: the test binary stays the failure */
Test(failure, sigquit_from_the_parent_is_not_a_cancellation)
{
	static const char *const t[] = {
		GO_EXEC,
		FORK("30", "11", "0.1"),
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":30,\"src\":\"sys\",\"ppid\":11,\"path\":\"/tmp/b/x.test\",\"argv\":[\"/tmp/b/x.test\"],\"exe\":\"/tmp/b/x.test\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}",
		SIG("11", "0.4", "SIGQUIT", "30"), SIG("11", "0.45", "SIGKILL", "30"),
		EXIT("30", "11", "0.5", "\"signal\":\"SIGKILL\""),
		GO_EXIT1, NULL};
	const struct gt_finding *f;

	raw(t);
	cr_expect(!gt_model_proc(&m, 30)->cancelled);
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "x.test was killed by SIGKILL (pid 30") == f->verdict, "%s", f->verdict);
}

/* a signal from someone else (a sibling, the terminal's kill) is an interruption, not a cancellation */
Test(failure, a_signal_from_another_process_is_not_a_cancellation)
{
	static const char *const t[] = {
		GO_EXEC,
		FORK("30", "11", "0.1"), GCC("30", "0.1", "[\"gcc\",\"-c\",\"b.c\"]"),
		FORK("40", "11", "0.1"), GCC("40", "0.1", "[\"gcc\",\"-c\",\"c.c\"]"),
		SIG("40", "0.4", "SIGTERM", "30"),
		EXIT("30", "11", "0.5", "\"signal\":\"SIGTERM\""), EXIT("40", "11", "0.6", "\"code\":0"),
		GO_EXIT1, NULL};

	raw(t);
	cr_expect(!gt_model_proc(&m, 30)->cancelled);
	cr_expect(gt_mproc_failed(gt_model_proc(&m, 30)));
}

/* The command gotrace started is never one of go's probes, even when its argv looks like one. */
Test(failure, the_root_command_is_never_a_probe)
{
	FILE *f = fopen(trace, "w");
	const struct gt_finding *fail;
	char why[256];

	cr_assert(f);
	fputs("{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"strace\",\"-o\",\"/dev/null\",\"true\"],"
	      "\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[]}\n", f);
	fputs("{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/bin/strace\","
	      "\"argv\":[\"strace\",\"-o\",\"/dev/null\",\"true\"],\"ret\":0}\n", f);
	fputs("{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":1}\n", f);
	fputs("{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":1,\"procs\":1,\"events\":3}\n", f);
	fclose(f);
	cr_assert_eq(gt_model_load(&m, trace, why, sizeof(why)), 0, "%s", why);
	gt_analyze(&m, &fs);
	cr_assert(m.root);
	cr_expect_not(gt_mproc_in_probe(m.root), "the root is labelled a probe");
	fail = gt_findings_get(&fs, "failure");
	cr_assert(fail);
	cr_expect(strstr(fail->verdict, "strace exited 1 (pid 11)") == fail->verdict, "%s", fail->verdict);
}
