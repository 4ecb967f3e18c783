/*
 * Library findings on small traces: a library ld.so did not find at run
 * time, a -lX ld did not find at link time, and the traces that must not
 * produce those claims (a shell's "command not found" is exit 127 too).
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
	snprintf(trace, sizeof(trace), "/tmp/gotrace-unit-lib-%d.jsonl", (int)getpid());
}

static void teardown(void)
{
	gt_findings_free(&fs);
	gt_model_free(&m);
	unlink(trace);
}

TestSuite(library, .init = setup, .fini = teardown);

static void run(const char *const *lines)
{
	FILE *f = fopen(trace, "w");
	char why[256];

	cr_assert(f);
	fputs("{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"sh\"],\"cwd\":\"/w\",\"mode\":\"ptrace\",\"blind\":[],\"host\":{\"arch\":\"x86_64\"}}\n", f);
	for (; *lines; lines++)
		fprintf(f, "%s\n", *lines);
	fclose(f);
	cr_assert_eq(gt_model_load(&m, trace, why, sizeof(why)), 0, "%s", why);
	gt_analyze(&m, &fs);
}

#define EXEC(pid, ppid, path, argv, extra) "{\"ev\":\"exec\",\"t\":0.01,\"pid\":" pid ",\"src\":\"sys\",\"ppid\":" ppid ",\"path\":\"" path "\",\"argv\":" argv ",\"exe\":\"" path "\"," extra "\"env\":{\"HOME\":\"/h\"},\"ret\":0}"
#define OPEN(pid, t, path, res) "{\"ev\":\"open\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"path\":\"" path "\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"]," res "}"
#define ENOENT_ "\"ret\":-1,\"err\":\"ENOENT\""
#define EXIT(pid, ppid, t, code) "{\"ev\":\"exit\",\"t\":" t ",\"pid\":" pid ",\"src\":\"sys\",\"ppid\":" ppid ",\"code\":" code "}"
#define DYN "\"interp\":\"/lib64/ld-linux-x86-64.so.2\","

Test(library, a_library_ld_so_tried_everywhere)
{
	static const char *const t[] = {
		EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN),
		OPEN("11", "0.02", "/etc/ld.so.cache", "\"ret\":3"),
		OPEN("11", "0.03", "/lib/x86_64-linux-gnu/libgtq.so.1", ENOENT_),
		OPEN("11", "0.04", "/usr/lib/x86_64-linux-gnu/libgtq.so.1", ENOENT_),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"/w/app: error while loading shared libraries: libgtq.so.1: cannot open shared object file: No such file or directory\\n\"}",
		EXIT("11", "10", "0.06", "127"), NULL};
	const struct gt_finding *f;

	run(t);
	f = gt_findings_get(&fs, "library-missing");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "libgtq.so.1 not found when /w/app started (pid 11)");
	cr_expect_str_eq(gt_findings_get(&fs, "failure")->see, "library-missing");
}

Test(library, exit_127_is_not_always_a_library)
{
	/* a shell that could not find a command: exit 127, no library tried */
	static const char *const t[] = {
		EXEC("11", "10", "/bin/sh", "[\"sh\",\"-c\",\"nothere\"]", DYN),
		OPEN("11", "0.02", "/lib/x86_64-linux-gnu/libc.so.6", "\"ret\":3"),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"sh: 1: nothere: not found\\n\"}",
		EXIT("11", "10", "0.06", "127"), NULL};
	/* a library tried in one directory and found in the next */
	static const char *const found[] = {
		EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN),
		OPEN("11", "0.03", "/lib/x86_64-linux-gnu/libgtq.so.1", ENOENT_),
		OPEN("11", "0.04", "/w/lib/libgtq.so.1", "\"ret\":3"),
		EXIT("11", "10", "0.06", "0"), NULL};

	run(t);
	cr_expect_null(gt_findings_get(&fs, "library-missing"));
	teardown();
	run(found);
	cr_expect_null(gt_findings_get(&fs, "library-missing"));
}

Test(library, a_dash_l_ld_never_found)
{
	static const char *const t[] = {
		EXEC("11", "10", "/usr/bin/ld", "[\"/usr/bin/ld\",\"-o\",\"x\",\"-L/w/lib\",\"-lgtq\"]", ""),
		OPEN("11", "0.03", "/w/lib/libgtq.so", ENOENT_),
		OPEN("11", "0.031", "/w/lib/libgtq.a", ENOENT_),
		OPEN("11", "0.04", "/usr/lib/x86_64-linux-gnu/libgtq.so", ENOENT_),
		OPEN("11", "0.041", "/usr/lib/x86_64-linux-gnu/libgtq.a", ENOENT_),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"/usr/bin/ld: cannot find -lgtq: No such file or directory\\n\"}",
		EXIT("11", "10", "0.06", "1"), NULL};
	static const char *const found[] = {
		EXEC("11", "10", "/usr/bin/ld", "[\"/usr/bin/ld\",\"-o\",\"x\",\"-L/w/lib\",\"-lgtq\"]", ""),
		OPEN("11", "0.03", "/w/lib/libgtq.so", ENOENT_),
		OPEN("11", "0.031", "/w/lib/libgtq.a", ENOENT_),
		OPEN("11", "0.04", "/usr/lib/x86_64-linux-gnu/libgtq.so", "\"ret\":5"),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"/usr/bin/ld: undefined reference to `gt_q'\\n\"}",
		EXIT("11", "10", "0.06", "1"), NULL};
	const struct gt_finding *f;

	run(t);
	f = gt_findings_get(&fs, "library-link-missing");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "-lgtq") == f->verdict, "%s", f->verdict);
	teardown();
	/* the twin: ld failed for another reason after it found the library */
	run(found);
	cr_expect_null(gt_findings_get(&fs, "library-link-missing"));
}

Test(library, a_symbol_version_the_loaded_library_lacks)
{
	static const char *const t[] = {
		EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN),
		OPEN("11", "0.03", "/lib/x86_64-linux-gnu/libgtq.so.1", "\"ret\":3"),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"/w/app: /lib/x86_64-linux-gnu/libgtq.so.1: version `GTQ_2.0' not found (required by /w/app)\\n\"}",
		EXIT("11", "10", "0.06", "1"), NULL};
	/* the twin: the message names a library the trace does not show loaded (not this run's) */
	static const char *const other[] = {
		EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN),
		OPEN("11", "0.03", "/w/lib/libgtq.so.1", "\"ret\":3"),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"/w/app: /lib/x86_64-linux-gnu/libgtq.so.1: version `GTQ_2.0' not found (required by /w/app)\\n\"}",
		EXIT("11", "10", "0.06", "1"), NULL};
	const struct gt_finding *f;

	run(t);
	f = gt_findings_get(&fs, "library-version");
	cr_assert(f);
	cr_expect_str_eq(f->verdict, "/w/app needs symbol version GTQ_2.0, which /lib/x86_64-linux-gnu/libgtq.so.1 does not have");
	teardown();
	run(other);
	cr_expect_null(gt_findings_get(&fs, "library-version"));
}

#define PKGCONFIG(code_ev) \
	EXEC("11", "10", "/usr/bin/pkg-config", "[\"pkg-config\",\"--cflags\",\"--\",\"gtq\"]", DYN), \
	OPEN("11", "0.03", "/usr/local/lib/x86_64-linux-gnu/pkgconfig/gtq.pc", ENOENT_), \
	OPEN("11", "0.031", "/usr/lib/x86_64-linux-gnu/pkgconfig/gtq.pc", ENOENT_), \
	OPEN("11", "0.032", "/usr/share/pkgconfig/gtq.pc", ENOENT_)

Test(library, a_pc_file_pkg_config_did_not_find)
{
	static const char *const t[] = {PKGCONFIG(), EXIT("11", "10", "0.06", "1"), NULL};
	static const char *const found[] = {PKGCONFIG(), OPEN("11", "0.04", "/opt/gtq/lib/pkgconfig/gtq.pc", "\"ret\":4"),
					    EXIT("11", "10", "0.06", "0"), NULL};
	const struct gt_finding *f;

	run(t);
	f = gt_findings_get(&fs, "pkg-config-missing");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "pkg-config gtq: no gtq.pc in /usr/local/lib/x86_64-linux-gnu/pkgconfig, "
				     "/usr/lib/x86_64-linux-gnu/pkgconfig, /usr/share/pkgconfig") == f->verdict, "%s", f->verdict);
	teardown();
	/* the twin: found in the last place tried */
	run(found);
	cr_expect_null(gt_findings_get(&fs, "pkg-config-missing"));
	f = gt_findings_get(&fs, "pkg-config");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "/opt/gtq/lib/pkgconfig/gtq.pc") != NULL, "%s", f->verdict);
}

#define GO11 EXEC("11", "10", "/usr/local/go/bin/go", "[\"go\",\"run\",\".\"]", "")
#define GORUN_APP(interp) "{\"ev\":\"fork\",\"t\":0.5,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}", \
	"{\"ev\":\"exec\",\"t\":0.5,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"/tmp/go-build123/b001/exe/app\",\"argv\":[\"app\"],\"exe\":\"/tmp/go-build123/b001/exe/app\"," interp "\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}"

Test(library, what_a_program_go_built_and_ran_loaded)
{
	static const char *const stat[] = {GO11, GORUN_APP("\"interp\":null,"), EXIT("20", "11", "0.6", "0"), EXIT("11", "10", "0.7", "0"), NULL};
	static const char *const dyn[] = {GO11, GORUN_APP(DYN),
					  OPEN("20", "0.55", "/lib/x86_64-linux-gnu/libc.so.6", "\"ret\":3"),
					  EXIT("20", "11", "0.6", "0"), EXIT("11", "10", "0.7", "0"), NULL};
	/* the twin: a program that is not go's own build (any tool go runs) */
	static const char *const tool[] = {GO11, "{\"ev\":\"fork\",\"t\":0.5,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}",
					   EXEC("20", "11", "/usr/bin/gcc", "[\"gcc\"]", DYN), EXIT("20", "11", "0.6", "0"),
					   EXIT("11", "10", "0.7", "0"), NULL};
	const struct gt_finding *f;

	run(stat);
	cr_expect(gt_findings_get(&fs, "library-static") != NULL);
	cr_expect_null(gt_findings_get(&fs, "library-dynamic"));
	teardown();
	run(dyn);
	f = gt_findings_get(&fs, "library-dynamic");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "/lib/x86_64-linux-gnu/libc.so.6") != NULL, "%s", f->verdict);
	teardown();
	run(tool);
	cr_expect_null(gt_findings_get(&fs, "library-static"));
	cr_expect_null(gt_findings_get(&fs, "library-dynamic"));
}

#define DLOPEN(ok, err) "{\"ev\":\"dlopen\",\"t\":0.2,\"pid\":11,\"src\":\"preload\",\"name\":\"libgtplug.so\",\"flags\":[\"RTLD_NOW\"],\"ok\":" ok err "}"

Test(library, a_failed_dlopen_and_whether_it_was_the_cause)
{
	static const char *const failed[] = {
		EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN),
		DLOPEN("false", ",\"error\":\"libgtplug.so: cannot open shared object file: No such file or directory\""),
		"{\"ev\":\"stderr\",\"t\":0.3,\"pid\":11,\"src\":\"sys\",\"text\":\"app: cannot load plugin libgtplug.so\\n\"}",
		EXIT("11", "10", "0.4", "1"), NULL};
	static const char *const shrugged[] = {
		EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN),
		DLOPEN("false", ",\"error\":\"libgtplug.so: cannot open shared object file: No such file or directory\""),
		EXIT("11", "10", "0.4", "0"), NULL};
	const struct gt_finding *f;

	run(failed);
	f = gt_findings_get(&fs, "library-dlopen");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	teardown();
	/* the twin: the program went on without it: a warning, not the cause */
	run(shrugged);
	f = gt_findings_get(&fs, "library-dlopen");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_WARNING);
}

Test(library, nss_modules_loaded_and_missing)
{
	static const char *const t[] = {
		EXEC("11", "10", "/usr/bin/ssh", "[\"ssh\",\"host\"]", DYN),
		OPEN("11", "0.02", "/lib/x86_64-linux-gnu/libnss_db.so.2", ENOENT_),
		OPEN("11", "0.021", "/usr/lib/x86_64-linux-gnu/libnss_db.so.2", ENOENT_),
		OPEN("11", "0.03", "/lib/x86_64-linux-gnu/libnss_files.so.2", "\"ret\":4"),
		EXIT("11", "10", "0.06", "0"), NULL};
	static const char *const failed[] = {
		EXEC("11", "10", "/usr/bin/ssh", "[\"ssh\",\"host\"]", DYN),
		OPEN("11", "0.02", "/lib/x86_64-linux-gnu/libnss_db.so.2", ENOENT_),
		OPEN("11", "0.021", "/usr/lib/x86_64-linux-gnu/libnss_db.so.2", ENOENT_),
		"{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"ssh: Could not resolve hostname host: Name or service not known\\r\\n\"}",
		EXIT("11", "10", "0.06", "255"), NULL};
	/* the twin: tried in one directory, found in the next */
	static const char *const later[] = {
		EXEC("11", "10", "/usr/bin/ssh", "[\"ssh\",\"host\"]", DYN),
		OPEN("11", "0.02", "/lib/x86_64-linux-gnu/libnss_db.so.2", ENOENT_),
		OPEN("11", "0.021", "/usr/lib/x86_64-linux-gnu/libnss_db.so.2", "\"ret\":4"),
		EXIT("11", "10", "0.06", "0"), NULL};
	const struct gt_finding *f;

	run(t);
	f = gt_findings_get(&fs, "library-nss-missing");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "NSS module libnss_db.so.2 is not installed: ssh (pid 11)") == f->verdict, "%s", f->verdict);
	/* Debian's nsswitch.conf names db on every system: no lookup failed, so no warning */
	cr_expect_eq(f->severity, GT_SEV_INFO);
	f = gt_findings_get(&fs, "library-nss");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "libnss_files.so.2") != NULL, "%s", f->verdict);
	teardown();
	run(later);
	cr_expect_null(gt_findings_get(&fs, "library-nss-missing"));
	teardown();
	/*
	 * the same skipped module in an ssh whose host lookup failed, with no
	 * nsswitch.conf read in the trace: nothing says the module serves hosts
	 * (Debian names db for protocols and services): still information
	 */
	run(failed);
	f = gt_findings_get(&fs, "library-nss-missing");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_INFO);
	/* ssh's CRLF: the line shown ends with its last character, not a CR or a '?' */
	f = gt_findings_get(&fs, "failure");
	cr_assert(f);
	cr_expect(f->nev >= 1 && !strcmp(f->ev[f->nev - 1].text, "  ssh: Could not resolve hostname host: Name or service not known"),
		  "%s", f->nev ? f->ev[f->nev - 1].text : "");
}

Test(library, a_dash_l_ld_found)
{
	static const char *const t[] = {
		EXEC("11", "10", "/usr/bin/ld", "[\"/usr/bin/ld\",\"-o\",\"x\",\"-L/w/lib\",\"-lgtq\"]", ""),
		OPEN("11", "0.03", "/usr/lib/gcc/x86_64-linux-gnu/12/libgtq.so", ENOENT_),
		OPEN("11", "0.031", "/usr/lib/gcc/x86_64-linux-gnu/12/libgtq.a", ENOENT_),
		OPEN("11", "0.04", "/w/lib/libgtq.so", "\"ret\":5"),
		EXIT("11", "10", "0.06", "0"), NULL};
	/* the twin: ld never opened a libgtq */
	static const char *const none[] = {
		EXEC("11", "10", "/usr/bin/ld", "[\"/usr/bin/ld\",\"-o\",\"x\"]", ""),
		EXIT("11", "10", "0.06", "0"), NULL};
	const struct gt_finding *f;

	run(t);
	f = gt_findings_get(&fs, "library-link");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "-lgtq: /w/lib/libgtq.so") == f->verdict, "%s", f->verdict);
	teardown();
	run(none);
	cr_expect_null(gt_findings_get(&fs, "library-link"));
}

/* An ELF header of class CLS (1: 32-bit, 2: 64-bit) at DIR/NAME; its path in OUT. */
static void elf_file(char *out, size_t size, const char *sub, int cls)
{
	static const unsigned char h32[20] = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0};
	static const unsigned char h64[20] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 62, 0};
	char d[96];
	FILE *f;

	snprintf(d, sizeof(d), "/tmp/gotrace-unit-lib-%d-%s", (int)getpid(), sub);
	mkdir(d, 0700);
	snprintf(out, size, "%s/libgtq.so.1", d);
	f = fopen(out, "wb");
	cr_assert(f);
	fwrite(cls == 1 ? h32 : h64, 1, 20, f);
	fclose(f);
}

static void rm_elf(const char *path)
{
	char d[96];

	unlink(path);
	snprintf(d, sizeof(d), "%.*s", (int)(strrchr(path, '/') - path), path);
	rmdir(d);
}

Test(library, wrong_class_refused_or_skipped)
{
	char p32[128], p64[128], l1[400], l2[400], l3[400];
	const char *t[8];
	const struct gt_finding *f;

	elf_file(p32, sizeof(p32), "c32", 1);
	elf_file(p64, sizeof(p64), "c64", 2);
	/* the only libgtq.so.1 ld.so found is 32-bit, and it said so */
	t[0] = EXEC("11", "10", "/w/app", "[\"/w/app\"]", DYN);
	snprintf(l1, sizeof(l1), "{\"ev\":\"open\",\"t\":0.02,\"pid\":11,\"src\":\"sys\",\"path\":\"%s\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"],\"ret\":3}", p32);
	t[1] = l1;
	t[2] = "{\"ev\":\"stderr\",\"t\":0.05,\"pid\":11,\"src\":\"sys\",\"text\":\"/w/app: error while loading shared libraries: libgtq.so.1: wrong ELF class: ELFCLASS32\\n\"}";
	t[3] = EXIT("11", "10", "0.06", "127");
	t[4] = NULL;
	run(t);
	f = gt_findings_get(&fs, "library-wrong-class");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "is 32-bit") != NULL, "%s", f->verdict);
	teardown();
	/* skipped: the audit library confirms the 32-bit one was a candidate, then the 64-bit one loaded */
	snprintf(l2, sizeof(l2), "{\"ev\":\"ld_search\",\"t\":0.015,\"pid\":11,\"src\":\"audit\",\"name\":\"%s\",\"how\":\"LD_LIBRARY_PATH\"}", p32);
	t[1] = l2;
	t[2] = l1;
	snprintf(l3, sizeof(l3), "{\"ev\":\"open\",\"t\":0.03,\"pid\":11,\"src\":\"sys\",\"path\":\"%s\",\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"],\"ret\":3}", p64);
	t[3] = l3;
	t[4] = EXIT("11", "10", "0.06", "0");
	t[5] = NULL;
	run(t);
	cr_expect_null(gt_findings_get(&fs, "library-wrong-class"));
	f = gt_findings_get(&fs, "library-wrong-class-skipped");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "wrong ELF class, skipped: ld.so found the 32-bit") == f->verdict, "%s", f->verdict);
	teardown();
	/* the twin: the same opens without the audit library's word: no claim ld.so tried it */
	t[1] = l1;
	t[2] = l3;
	t[3] = EXIT("11", "10", "0.06", "0");
	t[4] = NULL;
	run(t);
	cr_expect_null(gt_findings_get(&fs, "library-wrong-class-skipped"));
	rm_elf(p32);
	rm_elf(p64);
}
