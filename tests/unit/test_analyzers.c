/*
 * Analyzer rules on small synthetic traces: where a setting comes from
 * (docs/facts.md, "The order of Go's settings"), GOROOT derivation, toolchain
 * switches and the failing process.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzers/analyzers.h"
#include "../../analyzers/finding.h"
#include "../../analyzers/model.h"

static char dir[64], trace[96], userfile[96], goroot[96];
static int go_code; /* go's exit code in write_trace; 0 unless a test says */

static void setup(void)
{
	char path[320];
	FILE *f;

	go_code = 0;
	snprintf(dir, sizeof(dir), "/tmp/gotrace-unit-an-%d", (int)getpid());
	snprintf(trace, sizeof(trace), "%s/t.jsonl", dir);
	snprintf(userfile, sizeof(userfile), "%s/go-env", dir);
	snprintf(goroot, sizeof(goroot), "%s/goroot", dir);
	snprintf(path, sizeof(path), "mkdir -p %s/bin %s/pkg/tool", goroot, goroot);
	cr_assert_eq(system(path), 0);
	snprintf(path, sizeof(path), "%s/go.env", goroot);
	f = fopen(path, "w");
	fputs("# go.env\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/VERSION", goroot);
	f = fopen(path, "w");
	fputs("go1.26.8\ntime 2026-01-01\n", f);
	fclose(f);
}

static struct gt_model m;

static void teardown(void)
{
	char cmd[96];

	gt_model_free(&m); /* a no-op when the test freed it */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

static void write_user(const char *content)
{
	FILE *f = fopen(userfile, "w");

	cr_assert(f);
	fputs(content, f);
	fclose(f);
}

/* A trace: go exec'd with ENV (JSON object members), then opening the files. */
static void write_trace(const char *env, int user_exists, const char *more)
{
	FILE *f = fopen(trace, "w");

	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0.000000,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"%s\",\"mode\":\"ptrace\",\"blind\":[]}\n", dir);
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"%s/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"%s/bin/go\",\"env\":{\"HOME\":\"%s\",\"GOENV\":\"%s\"%s%s},\"ret\":0}\n",
		goroot, goroot, dir, userfile, env[0] ? "," : "", env);
	fprintf(f, "{\"ev\":\"open\",\"t\":0.002000,\"pid\":11,\"src\":\"sys\",\"path\":\"%s\",\"flags\":[\"O_RDONLY\"],\"ret\":%s}\n",
		userfile, user_exists ? "3" : "-1,\"err\":\"ENOENT\"");
	fprintf(f, "{\"ev\":\"open\",\"t\":0.003000,\"pid\":11,\"src\":\"sys\",\"path\":\"%s/go.env\",\"flags\":[\"O_RDONLY\"],\"ret\":3}\n", goroot);
	fputs(more, f);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.900000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":%d}\n", go_code);
	fprintf(f, "{\"ev\":\"end\",\"t\":0.900000,\"pid\":11,\"src\":\"sys\",\"status\":%d,\"procs\":1,\"events\":6}\n", go_code);
	fclose(f);
}

static const struct gt_goconf *load(void)
{
	char err[256];

	cr_assert_eq(gt_model_load(&m, trace, err, sizeof(err)), 0, "%s", err);
	return gt_goconf(&m);
}

TestSuite(analyzers, .init = setup, .fini = teardown);

Test(analyzers, environment_value_wins_and_shadows_the_file)
{
	struct gt_setting s;

	write_user("GOFLAGS=-mod=vendor\n");
	write_trace("\"GOFLAGS\":\"-mod=mod\"", 1, "");
	gt_goconf_setting(load(), "GOFLAGS", &s);
	cr_expect_eq(s.src, GT_SRC_ENV);
	cr_expect_str_eq(s.value, "-mod=mod");
	cr_expect_str_eq(s.shadowed, "-mod=vendor");
	cr_expect_eq(s.shadowed_src, GT_SRC_USER);
	cr_expect_eq(s.shadowed_line, 1);
	gt_model_free(&m);
}

Test(analyzers, empty_environment_value_falls_through_to_the_file)
{
	struct gt_setting s;

	write_user("# comment\n\nGOPROXY=https://corp.example\n");
	write_trace("\"GOPROXY\":\"\"", 1, "");
	gt_goconf_setting(load(), "GOPROXY", &s);
	cr_expect_eq(s.src, GT_SRC_USER);
	cr_expect_str_eq(s.value, "https://corp.example");
	cr_expect_eq(s.line, 3);
	gt_model_free(&m);
}

Test(analyzers, goroot_go_env_when_neither_env_nor_user_file)
{
	struct gt_setting s;

	write_trace("", 0, "");
	gt_goconf_setting(load(), "GOSUMDB", &s);
	cr_expect_eq(s.src, GT_SRC_GOROOT);
	cr_expect_str_eq(s.value, "sum.golang.org");
	cr_expect_eq(s.line, 3);
	gt_goconf_setting(gt_goconf(&m), "GOFLAGS", &s);
	cr_expect_eq(s.src, GT_SRC_DEFAULT);
	cr_expect_null(s.value);
	gt_model_free(&m);
}

Test(analyzers, last_definition_in_a_file_wins)
{
	struct gt_setting s;

	write_user("GOFLAGS=-mod=mod\nGOFLAGS=-v\n");
	write_trace("", 1, "");
	gt_goconf_setting(load(), "GOFLAGS", &s);
	cr_expect_str_eq(s.value, "-v");
	cr_expect_eq(s.line, 2);
	gt_model_free(&m);
}

Test(analyzers, goroot_from_the_binary_location_when_unset)
{
	const struct gt_goconf *c;

	write_trace("", 0, "");
	c = load();
	cr_expect_eq(c->goroot_src, GT_SRC_DEFAULT);
	cr_expect_str_eq(c->goroot, goroot);
	gt_model_free(&m);
}

Test(analyzers, goroot_from_the_user_file_before_the_binary)
{
	const struct gt_goconf *c;

	write_user("GOROOT=/opt/other-go\n");
	write_trace("", 1, "");
	c = load();
	cr_expect_eq(c->goroot_src, GT_SRC_USER);
	cr_expect_str_eq(c->goroot, "/opt/other-go");
	cr_expect_eq(c->goroot_line, 1);
	gt_model_free(&m);
}

Test(analyzers, user_file_not_opened_means_unknown_not_default)
{
	struct gt_setting s;
	FILE *f = fopen(trace, "w");

	/* the same run, but the trace holds no open of the user file */
	fprintf(f, "{\"ev\":\"run\",\"t\":0.000000,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\"],\"mode\":\"ptrace\",\"blind\":[]}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"%s/bin/go\",\"argv\":[\"go\"],\"env\":{\"HOME\":\"%s\"},\"ret\":0}\n", goroot, dir);
	fclose(f);
	gt_goconf_setting(load(), "GOFLAGS", &s);
	cr_expect_eq(s.src, GT_SRC_UNKNOWN);
	gt_model_free(&m);
}

Test(analyzers, telemetry_child_is_not_a_go_run)
{
	struct gt_mexec x = {0};
	const char *tele[] = {"go", "** telemetry **"}, *build[] = {"go1.27.3", "build"}, *fmt[] = {"gofmt"};
	struct gt_strv a = {2, tele}, b = {2, build}, c = {1, fmt};

	x.path = "/usr/local/go/bin/go";
	x.argv = &a;
	cr_expect(!gt_exec_is_go(&x));
	cr_expect(gt_exec_is_telemetry(&x));
	x.path = "/home/u/go/bin/go1.27.3";
	x.argv = &b;
	cr_expect(gt_exec_is_go(&x));
	x.path = "/usr/bin/gofmt";
	x.argv = &c;
	cr_expect(!gt_exec_is_go(&x));
}

Test(analyzers, tool_goroot_from_its_path)
{
	const char *name = NULL;
	char *r = gt_tool_goroot("/usr/lib/go-1.19/pkg/tool/linux_amd64/compile", &name);

	cr_assert(r);
	cr_expect_str_eq(r, "/usr/lib/go-1.19");
	cr_expect_str_eq(name, "compile");
	free(r);
	cr_expect_null(gt_tool_goroot("/usr/bin/gcc", &name));
	cr_expect_null(gt_tool_goroot("/x/pkg/tool/linux_amd64/sub/compile", &name));
}

Test(analyzers, switch_is_found_in_one_pid)
{
	struct gt_findings fs = {0};
	char more[1024];
	const struct gt_finding *f;

	snprintf(more, sizeof(more),
		 "{\"ev\":\"exec\",\"t\":0.100000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/p/go1.27.3\",\"argv\":[\"go\",\"build\"],\"exe\":\"/m/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go\",\"env_diff\":{\"set\":{\"GOTOOLCHAIN_INTERNAL_SWITCH_VERSION\":\"go1.27.3\"},\"unset\":[]},\"ret\":0}\n");
	write_trace("", 0, more);
	load();
	gt_analyze(&m, &fs);
	f = gt_findings_get(&fs, "toolchain-switch");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "go1.27.3") != NULL, "%s", f->verdict);
	f = gt_findings_get(&fs, "toolchain");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "/m/toolchain@v0.0.1-go1.27.3.linux-amd64") != NULL, "%s", f->verdict);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, causes_sort_before_warnings_and_information)
{
	struct gt_findings fs = {0};

	gt_finding_add(&fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "a", "info");
	gt_finding_add(&fs, GT_SUBJ_CONFIG, GT_SEV_WARNING, "b", "warning");
	gt_finding_add(&fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "c", "cause");
	gt_finding_add(&fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "d", "cause 2");
	gt_findings_sort(&fs);
	cr_expect_str_eq(fs.f[0].id, "c");
	cr_expect_str_eq(fs.f[1].id, "d");
	cr_expect_str_eq(fs.f[2].id, "b");
	cr_expect_str_eq(fs.f[3].id, "a");
	gt_findings_free(&fs);
}

/* An open event of go (pid 11) at time T: PATH with FLAGS (a JSON array body), result RET. */
static int open_ev(char *out, size_t size, double t, const char *path, const char *flags, int ret)
{
	return snprintf(out, size,
			"{\"ev\":\"open\",\"t\":%.6f,\"pid\":11,\"src\":\"sys\",\"path\":\"%s\",\"flags\":[%s],\"ret\":%d}\n",
			t, path, flags, ret);
}

/* Run every analyzer on the trace; the findings in FS. */
static void analyze(struct gt_findings *fs)
{
	load();
	gt_analyze(&m, fs);
}

Test(analyzers, vendor_read_by_go_is_in_use)
{
	struct gt_findings fs = {0};
	char more[1024], p[256];
	const struct gt_finding *f;

	snprintf(p, sizeof(p), "%s/vendor/modules.txt", dir);
	open_ev(more, sizeof(more), 0.1, p, "\"O_RDONLY\",\"O_CLOEXEC\"", 5);
	write_trace("", 0, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "vendor");
	cr_assert(f);
	cr_expect(strstr(f->verdict, p) != NULL, "%s", f->verdict);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, vendor_written_or_std_is_not_in_use)
{
	struct gt_findings fs = {0};
	char more[2048], p[256], q[256];
	int n;

	/* go mod vendor writing modules.txt, and std's own vendor in GOROOT */
	snprintf(p, sizeof(p), "%s/vendor/modules.txt", dir);
	snprintf(q, sizeof(q), "%s/src/vendor/modules.txt", goroot);
	n = open_ev(more, sizeof(more), 0.1, p, "\"O_WRONLY\",\"O_CREAT\",\"O_TRUNC\",\"O_CLOEXEC\"", 5);
	open_ev(more + n, sizeof(more) - (size_t)n, 0.2, q, "\"O_RDONLY\",\"O_CLOEXEC\"", 6);
	write_trace("", 0, more);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "vendor"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, main_module_is_a_go_mod_go_read)
{
	struct gt_findings fs = {0};
	char more[2048], p[256], q[256];
	const struct gt_finding *f;
	int n;

	/* go.mod created by go mod init, then the one read: only a read one is cited */
	snprintf(p, sizeof(p), "%s/go.mod", dir);
	snprintf(q, sizeof(q), "%s/sub/go.mod", dir);
	n = open_ev(more, sizeof(more), 0.1, p, "\"O_WRONLY\",\"O_CREAT\",\"O_EXCL\",\"O_CLOEXEC\"", 5);
	open_ev(more + n, sizeof(more) - (size_t)n, 0.2, q, "\"O_RDONLY\",\"O_CLOEXEC\"", 6);
	write_trace("", 0, more);
	analyze(&fs);
	/* sub/go.mod is below the working directory: not the main module either */
	cr_expect_null(gt_findings_get(&fs, "go-mod"));
	gt_findings_free(&fs);
	gt_model_free(&m);
	open_ev(more, sizeof(more), 0.1, p, "\"O_RDONLY\",\"O_CLOEXEC\"", 5);
	write_trace("", 0, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "go-mod");
	cr_assert(f);
	cr_expect(strstr(f->verdict, p) != NULL, "%s", f->verdict);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, switch_cites_the_go_mod_read_not_the_toolchain_unpacked)
{
	struct gt_findings fs = {0};
	char more[4096], p[256], path[320];
	const struct gt_finding *f;
	size_t i;
	int n, cited = 0, wrong = 0;
	FILE *fp;

	snprintf(p, sizeof(p), "%s/go.mod", dir);
	fp = fopen(p, "w");
	fputs("module m\n\ngo 1.21\n\ntoolchain go1.27.3\n", fp);
	fclose(fp);
	n = open_ev(more, sizeof(more), 0.05, p, "\"O_RDONLY\",\"O_CLOEXEC\"", 5);
	snprintf(path, sizeof(path), "%s/mc/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/src/go.mod", dir);
	n += open_ev(more + n, sizeof(more) - (size_t)n, 0.08, path,
		     "\"O_WRONLY\",\"O_CREAT\",\"O_EXCL\",\"O_CLOEXEC\"", 6);
	snprintf(more + n, sizeof(more) - (size_t)n,
		 "{\"ev\":\"exec\",\"t\":0.100000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"%s/mc/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"%s/mc/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go\",\"env_diff\":{\"set\":{\"GOTOOLCHAIN_INTERNAL_SWITCH_VERSION\":\"go1.27.3\"},\"unset\":[]},\"ret\":0}\n",
		 dir, dir);
	write_trace("", 0, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "toolchain-switch");
	cr_assert(f);
	for (i = 0; i < f->nev; i++) {
		if (f->ev[i].file && !strcmp(f->ev[i].file, p) && f->ev[i].file_line == 5)
			cited = 1;
		if (f->ev[i].file && strstr(f->ev[i].file, "/src/go.mod"))
			wrong = 1;
	}
	cr_expect(cited, "the user's go.mod line 5 is cited");
	cr_expect(!wrong, "the unpacked toolchain's go.mod is not");
	gt_findings_free(&fs);
	gt_model_free(&m);
}

/* go's stderr TEXT (JSON-escaped) as one event before its exit */
static void go_stderr(char *out, size_t size, const char *text)
{
	snprintf(out, size, "{\"ev\":\"stderr\",\"t\":0.800000,\"pid\":11,\"src\":\"sys\",\"text\":\"%s\"}\n", text);
}

#define GOPATH_ERR "a.go:2:8: cannot find package \\\"x.org/y\\\" in any of:\\n\\t/g/src/x.org/y (from $GOROOT)\\n\\t/p/src/x.org/y (from $GOPATH)\\n"

Test(analyzers, go111module_off_is_the_cause_when_go_looked_in_gopath)
{
	struct gt_findings fs = {0};
	char more[1024];
	const struct gt_finding *f;

	go_code = 1;
	go_stderr(more, sizeof(more), GOPATH_ERR);
	write_trace("\"GO111MODULE\":\"off\"", 0, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "go111module");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect(strstr(f->verdict, "GO111MODULE=off from the environment: go works in GOPATH mode") == f->verdict, "%s", f->verdict);
	cr_expect_str_eq(f->fix, "unset GO111MODULE (modules are the default)");
	cr_expect_str_eq(gt_findings_get(&fs, "failure")->see, "go111module");
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, go111module_off_without_gopath_error_is_only_a_warning)
{
	struct gt_findings fs = {0};
	char more[1024];
	const struct gt_finding *f;

	/* failed for another reason */
	go_code = 1;
	go_stderr(more, sizeof(more), "go: some other failure\\n");
	write_trace("\"GO111MODULE\":\"off\"", 0, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "go111module");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_WARNING);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* GO111MODULE=on and a success: nothing to explain */
	go_code = 0;
	write_trace("\"GO111MODULE\":\"on\"", 0, "");
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "go111module"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, goflags_named_in_gos_error_is_the_cause)
{
	struct gt_findings fs = {0};
	char more[1024];
	const struct gt_finding *f;

	go_code = 1;
	write_user("GOFLAGS=-mod=vendor\n");
	go_stderr(more, sizeof(more), "a.go:2:8: cannot find module providing package x.org/y: import lookup disabled by -mod=vendor\\n");
	write_trace("", 1, more);
	analyze(&fs);
	/* a message of the catalogue (docs/go-errors.md): its own finding, not goflags */
	f = gt_findings_get(&fs, "go-mod-flag");
	cr_assert(f);
	cr_expect_null(gt_findings_get(&fs, "goflags"));
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect(strstr(f->verdict, "GOFLAGS=-mod=vendor from the user go env file") == f->verdict, "%s", f->verdict);
	cr_expect(f->fix && strstr(f->fix, "go env -u GOFLAGS") == f->fix, "%s", f->fix);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* a message the catalogue does not know that names the flag: goflags */
	write_user("GOFLAGS=-mod=vendor\n");
	go_stderr(more, sizeof(more), "flag provided but not defined: -mod=vendor\\n");
	write_trace("", 1, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "goflags");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect_str_eq(f->fix, "go env -u GOFLAGS");
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, goflags_quoted_back_or_unnamed_is_not_the_cause)
{
	struct gt_findings fs = {0};
	char more[1024];

	/* go quotes the variable back in an unrelated error: not "named by the error" */
	go_code = 1;
	write_user("GOFLAGS=-mod=vendor\n");
	go_stderr(more, sizeof(more), "go: invalid GOTOOLCHAIN \\\"GOFLAGS=-mod=vendor\\\"\\n");
	write_trace("", 1, more);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "goflags"));
	cr_expect(gt_findings_get(&fs, "setting") != NULL, "the plain setting line stays");
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* a success: the plain setting, no goflags finding */
	go_code = 0;
	write_trace("", 1, "");
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "goflags"));
	cr_expect(gt_findings_get(&fs, "setting") != NULL);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, environment_over_goroot_go_env_is_said)
{
	struct gt_findings fs = {0};
	const struct gt_finding *f;

	/* GOTOOLCHAIN=auto in the environment over go.env's value: a word of information */
	write_trace("\"GOTOOLCHAIN\":\"local\"", 0, "");
	analyze(&fs);
	f = gt_findings_get(&fs, "setting-shadowed");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_INFO);
	cr_expect(strstr(f->verdict, "GOTOOLCHAIN=local from the environment won; GOTOOLCHAIN=auto in $GOROOT/go.env") == f->verdict, "%s", f->verdict);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* still information when go failed: CI sets these in the environment all the time */
	go_code = 1;
	write_trace("\"GOTOOLCHAIN\":\"local\"", 0, "");
	analyze(&fs);
	cr_expect_eq(gt_findings_get(&fs, "setting-shadowed")->severity, GT_SEV_INFO);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* the twin: the same value as go.env's is no news */
	go_code = 0;
	write_trace("\"GOTOOLCHAIN\":\"auto\"", 0, "");
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "setting-shadowed"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

/*
 * A trace of go at EXE (environment ENV members), then MORE, then go exits
 * CODE; the run's cwd is DIR.
 */
static void write_go_trace(const char *exe, const char *env, const char *more, int code)
{
	FILE *f = fopen(trace, "w");

	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0.000000,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"%s\",\"mode\":\"ptrace\",\"blind\":[]}\n", dir);
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"%s\",\"argv\":[\"go\",\"build\"],\"exe\":\"%s\",\"env\":{\"HOME\":\"%s\",\"GOENV\":\"off\"%s%s},\"ret\":0}\n",
		exe, exe, dir, env[0] ? "," : "", env);
	fputs(more, f);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.900000,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":%d}\n", code);
	fprintf(f, "{\"ev\":\"end\",\"t\":0.900000,\"pid\":11,\"src\":\"sys\",\"status\":%d,\"procs\":1,\"events\":6}\n", code);
	fclose(f);
}

/* A tool TOOL of GOROOT ROOT run by go as pid 20, exiting CODE. */
static void tool_run(char *out, size_t size, const char *root, const char *tool, int code)
{
	snprintf(out, size,
		 "{\"ev\":\"fork\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}\n"
		 "{\"ev\":\"exec\",\"t\":0.1,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"path\":\"%s/pkg/tool/linux_amd64/%s\",\"argv\":[\"%s\",\"-goversion\",\"go1.26.8\"],\"exe\":\"%s/pkg/tool/linux_amd64/%s\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}\n"
		 "{\"ev\":\"exit\",\"t\":0.2,\"pid\":20,\"src\":\"sys\",\"ppid\":11,\"code\":%d}\n",
		 root, tool, tool, root, tool, code);
}

Test(analyzers, goroot_naming_another_installation_whose_tool_failed)
{
	struct gt_findings fs = {0};
	char exe[160], other[128], env[256], more[2048], cmd[400];
	const struct gt_finding *f;

	snprintf(exe, sizeof(exe), "%s/bin/go", goroot);
	snprintf(other, sizeof(other), "%s/other-go", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/pkg/tool/linux_amd64 && echo go1.19.8 >%s/VERSION", other, other);
	cr_assert_eq(system(cmd), 0);
	snprintf(env, sizeof(env), "\"GOROOT\":\"%s\"", other);
	tool_run(more, sizeof(more), other, "compile", 2);
	write_go_trace(exe, env, more, 1);
	analyze(&fs);
	f = gt_findings_get(&fs, "goroot-mismatch");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	cr_expect(strstr(f->verdict, "(go1.19.8)") != NULL, "%s", f->verdict);
	cr_expect_null(gt_findings_get(&fs, "goroot-other"));
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* the twin: the same GOROOT, nothing failed: a warning, not a cause */
	tool_run(more, sizeof(more), other, "compile", 0);
	write_go_trace(exe, env, more, 0);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "goroot-mismatch"));
	cr_expect(gt_findings_get(&fs, "goroot-other") != NULL);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, goroot_that_does_not_exist)
{
	struct gt_findings fs = {0};
	char exe[160], env[256];
	const struct gt_finding *f;

	snprintf(exe, sizeof(exe), "%s/bin/go", goroot);
	snprintf(env, sizeof(env), "\"GOROOT\":\"%s/no-such-goroot\"", dir);
	write_go_trace(exe, env, "", 1);
	analyze(&fs);
	f = gt_findings_get(&fs, "goroot-missing");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* the twin: go succeeded (it did not need it): not the cause of anything */
	write_go_trace(exe, env, "", 0);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "goroot-missing"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, a_copied_go_binary)
{
	struct gt_findings fs = {0};
	char exe[160], cmd[300], more[2048];
	const struct gt_finding *f;

	/* go copied into a directory of its own: no pkg/tool beside it */
	snprintf(exe, sizeof(exe), "%s/copied/bin/go", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/copied/bin", dir);
	cr_assert_eq(system(cmd), 0);
	write_go_trace(exe, "", "", 1);
	analyze(&fs);
	f = gt_findings_get(&fs, "go-copied");
	cr_assert(f);
	cr_expect_eq(f->severity, GT_SEV_CAUSE);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* the twins: go inside its installation failing, and a copy that ran a tool */
	snprintf(exe, sizeof(exe), "%s/bin/go", goroot);
	write_go_trace(exe, "", "", 1);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "go-copied"));
	gt_findings_free(&fs);
	gt_model_free(&m);
	snprintf(exe, sizeof(exe), "%s/copied/bin/go", dir);
	tool_run(more, sizeof(more), goroot, "compile", 2);
	write_go_trace(exe, "", more, 1);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "go-copied"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, user_env_file_read_absent_or_off)
{
	struct gt_findings fs = {0};
	const struct gt_finding *f;

	write_user("GOFLAGS=-mod=mod\nGOPROXY=off\n");
	write_trace("", 1, "");
	analyze(&fs);
	f = gt_findings_get(&fs, "user-env-file");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "(2 settings)") != NULL, "%s", f->verdict);
	gt_findings_free(&fs);
	gt_model_free(&m);
	write_trace("", 0, "");
	analyze(&fs);
	f = gt_findings_get(&fs, "user-env-file");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "(absent)") != NULL, "%s", f->verdict);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, config_unseen_only_without_gos_environment)
{
	struct gt_findings fs = {0};
	FILE *f = fopen(trace, "w");

	/* go's exec without its environment (a trace of mode preload, say) */
	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"%s\",\"mode\":\"ptrace\",\"blind\":[]}\n", dir);
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"%s/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"%s/bin/go\",\"ret\":0}\n", goroot, goroot);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":0}\n");
	fclose(f);
	analyze(&fs);
	cr_expect(gt_findings_get(&fs, "config-unseen") != NULL);
	cr_expect_null(gt_findings_get(&fs, "setting"), "no setting claimed without the environment");
	gt_findings_free(&fs);
	gt_model_free(&m);
	write_trace("", 0, "");
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "config-unseen"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, go_work_found_in_a_parent_directory)
{
	struct gt_findings fs = {0};
	char more[1024], p[256];
	const struct gt_finding *f;

	/* the run's cwd is DIR; a go.work one level up */
	snprintf(p, sizeof(p), "%.*s/go.work", (int)(strrchr(dir, '/') - dir), dir);
	open_ev(more, sizeof(more), 0.1, p, "\"O_RDONLY\",\"O_CLOEXEC\"", 5);
	write_trace("", 0, more);
	analyze(&fs);
	f = gt_findings_get(&fs, "go-work");
	cr_assert(f);
	cr_expect(strstr(f->verdict, "found in a parent directory") != NULL, "%s", f->verdict);
	cr_expect(f->fix && strstr(f->fix, "GOWORK=off") != NULL);
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* the twin: a go.work go created (go work init) is not one in use */
	open_ev(more, sizeof(more), 0.1, p, "\"O_WRONLY\",\"O_CREAT\",\"O_TRUNC\"", 5);
	write_trace("", 0, more);
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "go-work"));
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, toolchain_unseen_in_mode_preload_only)
{
	struct gt_findings fs = {0};
	FILE *f = fopen(trace, "w");

	/* mode preload: the static go is not seen; a dynamically linked child is */
	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"%s\",\"mode\":\"preload\",\"blind\":[\"statically linked programs\"]}\n", dir);
	fputs("{\"ev\":\"exec\",\"t\":0.1,\"pid\":20,\"src\":\"preload\",\"ppid\":11,\"path\":\"/usr/bin/gcc\",\"argv\":[\"gcc\"],\"ret\":0}\n", f);
	fputs("{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":0}\n", f);
	fclose(f);
	analyze(&fs);
	cr_expect(gt_findings_get(&fs, "toolchain-unseen") != NULL);
	cr_expect_null(gt_findings_get(&fs, "toolchain"), "nothing claimed about a go not seen");
	gt_findings_free(&fs);
	gt_model_free(&m);
	/* the twin: mode ptrace sees go */
	write_trace("", 0, "");
	analyze(&fs);
	cr_expect_null(gt_findings_get(&fs, "toolchain-unseen"));
	cr_expect(gt_findings_get(&fs, "toolchain") != NULL);
	gt_findings_free(&fs);
	gt_model_free(&m);
}

Test(analyzers, one_go_binary_is_no_switch_and_the_environment_is_no_setting_line)
{
	struct gt_findings fs = {0};
	const struct gt_finding *f;

	/* GOFLAGS from the user file: a setting line; GOPROXY from the environment: none */
	write_user("GOFLAGS=-mod=mod\n");
	write_trace("\"GOPROXY\":\"off\"", 1, "");
	analyze(&fs);
	f = NULL;
	for (size_t i = 0; i < fs.n; i++) {
		if (!strcmp(fs.f[i].id, "setting") && strstr(fs.f[i].verdict, "GOFLAGS=-mod=mod from") == fs.f[i].verdict)
			f = &fs.f[i];
		cr_expect(strcmp(fs.f[i].id, "setting") || !strstr(fs.f[i].verdict, "GOPROXY=off"),
			  "the user's own environment is not a setting line: %s", fs.f[i].verdict);
	}
	cr_expect(f != NULL, "GOFLAGS from the user file has its setting line");
	cr_expect_null(gt_findings_get(&fs, "toolchain-switch"), "one exec of go: no switch");
	gt_findings_free(&fs);
	gt_model_free(&m);
}
