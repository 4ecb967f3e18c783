/*
 * gotrace diff on small synthetic traces: noise (temporary directories,
 * home, working directory, GOCACHE) is not a difference; a setting is;
 * a fact one trace lacks is not; the exit status of diff follows diff(1).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../analyzers/diff.h"
#include "../../analyzers/goconf.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/gotrace-unit-diff-%d", (int)getpid());
	cr_assert_eq(mkdir(dir, 0700), 0);
}

static void teardown(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

TestSuite(diff, .init = setup, .fini = teardown);

/* A trace of go build in CWD with HOME and ENV (JSON members), exiting CODE; FP adds a fingerprint. */
static void trace(const char *name, const char *cwd, const char *home, const char *env, int code, int fp)
{
	char p[160];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0.0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"%s\",\"mode\":\"ptrace\",\"blind\":[]%s}\n",
		cwd, fp ? ",\"host\":{\"kernel\":\"6.1\",\"arch\":\"x86_64\",\"libc\":\"glibc 2.36\",\"distro\":\"Debian\"}" : "");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"HOME\":\"%s\",\"GOENV\":\"off\"%s%s},\"ret\":0}\n",
		home, env[0] ? "," : "", env);
	fprintf(f, "{\"ev\":\"open\",\"t\":0.002,\"pid\":11,\"src\":\"sys\",\"path\":\"%s/go.mod\",\"flags\":[\"O_RDONLY\"],\"ret\":3}\n", cwd);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.5,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":%d}\n", code);
	if (fp)
		fprintf(f, "{\"ev\":\"fingerprint\",\"t\":0.5,\"pid\":11,\"src\":\"sys\",\"path\":\"/usr/local/go/bin/go\",\"sha256\":\"%064d\",\"size\":1}\n", 7);
	fprintf(f, "{\"ev\":\"end\",\"t\":0.5,\"pid\":11,\"src\":\"sys\",\"status\":%d,\"procs\":1,\"events\":%d}\n", code, fp ? 6 : 5);
	fclose(f);
}

static json_t *diff(const char *a, const char *b, int *n)
{
	char pa[160], pb[160], out[160], err[256];
	FILE *f;
	json_t *j;

	snprintf(pa, sizeof(pa), "%s/%s", dir, a);
	snprintf(pb, sizeof(pb), "%s/%s", dir, b);
	snprintf(out, sizeof(out), "%s/out.json", dir);
	f = fopen(out, "w");
	cr_assert(f);
	*n = gt_diff_files(pa, pb, f, 1, err, sizeof(err));
	fclose(f);
	cr_assert_geq(*n, 0, "%s", err);
	j = json_load_file(out, 0, NULL);
	cr_assert(j);
	return j;
}

Test(diff, temporary_directories_home_and_gocache_are_noise)
{
	json_t *j;
	int n;

	trace("a.jsonl", "/tmp/gotrace-e2e.Ab3dEf/t.Qw9ErT/app", "/tmp/gotrace-e2e.Ab3dEf/t.Zx8CvB/home",
	      "\"GOPATH\":\"/tmp/gotrace-e2e.Ab3dEf/t.Zx8CvB/gopath\",\"GOCACHE\":\"/var/cache/warm\"", 0, 1);
	trace("b.jsonl", "/tmp/tmp.K9j8H7g6/app", "/tmp/tmp.M1n2B3v4/home",
	      "\"GOPATH\":\"/tmp/tmp.M1n2B3v4/gopath\",\"GOCACHE\":\"/tmp/tmp.P0o9I8u7/cold\"", 0, 1);
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 0, "%s", json_dumps(j, 0));
	cr_assert_eq(json_integer_value(json_object_get(j, "count")), 0);
	json_decref(j);
}

/* mktemp's suffix can be six capitals ("t.NTPPHH"): still a temporary name (t_diff was flaky on it) */
Test(diff, a_mktemp_suffix_of_one_case_is_noise)
{
	json_t *j;
	int n;

	trace("a.jsonl", "/tmp/gotrace-e2e.THQISN/t.Qw9ErT/app", "/tmp/gotrace-e2e.THQISN/t.Zx8CvB/home",
	      "\"GOPATH\":\"/tmp/gotrace-e2e.THQISN/t.V77WK1/gopath\",\"GOMODCACHE\":\"/tmp/x.ABCDEF/mod\"", 0, 1);
	trace("b.jsonl", "/tmp/gotrace-e2e.THQISN/t.Rt5YuI/app", "/tmp/gotrace-e2e.THQISN/t.Lk3JhG/home",
	      "\"GOPATH\":\"/tmp/gotrace-e2e.THQISN/t.NTPPHH/gopath\",\"GOMODCACHE\":\"/tmp/x.qwerty/mod\"", 0, 1);
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 0, "%s", json_dumps(j, 0));
	json_decref(j);
}

Test(diff, a_setting_is_a_difference_with_its_source_and_the_outcome)
{
	json_t *j, *d0;
	int n;

	trace("a.jsonl", "/src/app", "/root", "\"GOFLAGS\":\"-mod=vendor\"", 1, 1);
	trace("b.jsonl", "/src/app", "/root", "", 0, 1);
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 1);
	d0 = json_array_get(json_object_get(j, "differences"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(d0, "key")), "GOFLAGS");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d0, "a"), "source")), "the environment");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d0, "b"), "value")), "(unset)");
	cr_assert(strstr(json_string_value(json_object_get(d0, "outcome")), "A exit 1"));
	json_decref(j);
}

Test(diff, facts_a_trace_does_not_record_are_not_differences)
{
	json_t *j;
	int n;

	trace("a.jsonl", "/src/app", "/root", "", 0, 1);
	trace("b.jsonl", "/src/app", "/root", "", 0, 0); /* no fingerprints, no host facts */
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 0);
	json_decref(j);
}

Test(diff, a_real_path_outside_temporary_directories_is_kept)
{
	json_t *j;
	int n;

	trace("a.jsonl", "/src/app", "/root", "\"CC\":\"/opt/gcc-13abc1/bin/gcc\"", 0, 1);
	trace("b.jsonl", "/src/app", "/root", "\"CC\":\"/opt/gcc-14abc1/bin/gcc\"", 0, 1);
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 1);
	json_decref(j);
}

/* go and a child `cc -c x.c` exiting CODE after opening LIB. */
static void child_trace(const char *name, int code, const char *lib)
{
	char p[160];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0.0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"/src\",\"mode\":\"ptrace\",\"blind\":[]}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"HOME\":\"/root\"},\"ret\":0}\n");
	fprintf(f, "{\"ev\":\"fork\",\"t\":0.002,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.003,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\",\"-c\",\"x.c\"],\"exe\":\"/usr/bin/cc\",\"env_diff\":{\"set\":{},\"unset\":[]},\"ret\":0}\n");
	fprintf(f, "{\"ev\":\"open\",\"t\":0.004,\"pid\":12,\"src\":\"sys\",\"path\":\"%s\",\"flags\":[\"O_RDONLY\"],\"ret\":3}\n", lib);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.005,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"code\":%d}\n", code);
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.006,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":%d}\n", code);
	fprintf(f, "{\"ev\":\"end\",\"t\":0.006,\"pid\":11,\"src\":\"sys\",\"status\":%d,\"procs\":2,\"events\":9}\n", code);
	fclose(f);
}

Test(diff, divergence_same_command_other_exit)
{
	json_t *j, *dv;
	int n;

	child_trace("a.jsonl", 0, "/usr/lib/libgtx.so.1");
	child_trace("b.jsonl", 1, "/usr/lib/libgtx.so.1");
	j = diff("a.jsonl", "b.jsonl", &n);
	dv = json_object_get(j, "divergence");
	cr_assert_str_eq(json_string_value(json_object_get(dv, "kind")), "exit");
	cr_assert_str_eq(json_string_value(json_object_get(dv, "command")), "cc -c x.c");
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(dv, "b"), "code")), 1);
	json_decref(j);
}

Test(diff, divergence_same_command_other_library_file)
{
	json_t *j, *dv;
	int n;

	child_trace("a.jsonl", 0, "/usr/lib/libgtx.so.1");
	child_trace("b.jsonl", 0, "/opt/x/lib/libgtx.so.1");
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 1); /* the library fact */
	dv = json_object_get(j, "divergence");
	cr_assert_str_eq(json_string_value(json_object_get(dv, "kind")), "library");
	cr_assert_str_eq(json_string_value(json_object_get(dv, "library")), "libgtx.so.1");
	json_decref(j);
}

Test(diff, programs_on_one_side_each_by_its_own_name)
{
	char p[160];
	FILE *f;
	json_t *j;
	const char *progs;
	int n;

	/* A: go runs gcc, then cc (a name inside the first); B: go sets GOFLAGS and runs nothing */
	snprintf(p, sizeof(p), "%s/a.jsonl", dir);
	f = fopen(p, "w");
	cr_assert(f);
	fprintf(f, "{\"ev\":\"run\",\"t\":0.0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"cwd\":\"/src\",\"mode\":\"ptrace\",\"blind\":[]}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.001,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\"],\"exe\":\"/usr/local/go/bin/go\",\"env\":{\"HOME\":\"/root\",\"GOENV\":\"off\"},\"ret\":0}\n");
	fprintf(f, "{\"ev\":\"open\",\"t\":0.0015,\"pid\":11,\"src\":\"sys\",\"path\":\"/src/go.mod\",\"flags\":[\"O_RDONLY\"],\"ret\":3}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.002,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/gcc\",\"argv\":[\"gcc\"],\"ret\":0}\n");
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.003,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"code\":0}\n");
	fprintf(f, "{\"ev\":\"exec\",\"t\":0.004,\"pid\":13,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\"],\"ret\":0}\n");
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.005,\"pid\":13,\"src\":\"sys\",\"ppid\":11,\"code\":0}\n");
	fprintf(f, "{\"ev\":\"exit\",\"t\":0.006,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":0}\n");
	fprintf(f, "{\"ev\":\"end\",\"t\":0.006,\"pid\":11,\"src\":\"sys\",\"status\":0,\"procs\":3,\"events\":9}\n");
	fclose(f);
	trace("b.jsonl", "/src", "/root", "\"GOFLAGS\":\"-mod=mod\"", 0, 0);
	j = diff("a.jsonl", "b.jsonl", &n);
	cr_assert_eq(n, 1);
	progs = json_string_value(json_object_get(json_array_get(json_object_get(j, "differences"), 0), "programs"));
	cr_assert(progs && strstr(progs, "gcc ×1") && strstr(progs, ", cc ×1"), "%s", progs ? progs : "(none)");
	json_decref(j);
}
