/* Trace reading: refusals of bad files, and the model built from good ones. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzers/model.h"
#include "../../analyzers/reader.h"
#include "../../analyzers/report.h"

static char path[64];

static const char *write_file(const char *content)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/gotrace-unit-%d.jsonl", (int)getpid());
	f = fopen(path, "w");
	cr_assert(f);
	fputs(content, f);
	fclose(f);
	return path;
}

static int count(struct gt_event *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static int read_err(const char *content, char *err, size_t n)
{
	int c = 0, rc = gt_read_trace(write_file(content), count, &c, err, n);

	unlink(path);
	return rc;
}

#define HDR "{\"ev\":\"run\",\"t\":0,\"pid\":10,\"src\":\"sys\",\"version\":1,\"argv\":[\"go\",\"build\"],\"mode\":\"ptrace\"}\n"

Test(reader, refuses_bad_files)
{
	char err[512];
	int c = 0;

	cr_expect_eq(gt_read_trace("/nonexistent/x.jsonl", count, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "cannot open") != NULL, "%s", err);
	cr_expect_eq(read_err("", err, sizeof(err)), -1);
	cr_expect(strstr(err, "empty") != NULL, "%s", err);
	cr_expect_eq(read_err("hello world\n", err, sizeof(err)), -1);
	cr_expect(strstr(err, "not a gotrace trace") != NULL, "%s", err);
	cr_expect_eq(read_err("{\"ev\":\"exec\"}\n", err, sizeof(err)), -1);
	cr_expect(strstr(err, "not a gotrace trace") != NULL, "%s", err);
	cr_expect_eq(read_err("{\"ev\":\"run\",\"version\":2}\n", err, sizeof(err)), -1);
	cr_expect(strstr(err, "version 2") != NULL, "%s", err);
	cr_expect_eq(read_err(HDR "{\"ev\":\"open\",\"t\":1", err, sizeof(err)), -1);
	cr_expect(strstr(err, "truncated at line 2") != NULL, "%s", err);
	cr_expect_eq(read_err(HDR "{\"ev\":\"open\",\n", err, sizeof(err)), -1);
	cr_expect(strstr(err, "corrupt at line 2") != NULL, "%s", err);
	cr_expect_eq(read_err(HDR "{\"ev\":\"open\",\"t\":1.0,\"pid\":3,\"src\"\n", err, sizeof(err)), -1);
	cr_expect(strstr(err, "corrupt at line 2") != NULL, "%s", err);
	cr_expect(strchr(err, '\n') == NULL);
	/* a first byte that cannot start a trace is refused at once, whatever follows */
	cr_expect_eq(read_err("\x7f" "ELF\x02\x01", err, sizeof(err)), -1);
	cr_expect(strstr(err, "not a gotrace trace") != NULL, "%s", err);
}

/* a trace has one end record, its last line; a second one is corruption (it used to leak the first) */
Test(reader, second_end_record)
{
	struct gt_model m;
	char err[512];
	const char *end = "{\"ev\":\"end\",\"t\":1.0,\"pid\":3,\"src\":\"sys\",\"status\":0}\n";
	char trace[1024];

	snprintf(trace, sizeof(trace), HDR "%s%s", end, end);
	cr_expect_eq(gt_model_load(&m, write_file(trace), err, sizeof(err)), -1);
	cr_expect(strstr(err, "corrupt at line 3: a second end record") != NULL, "%s", err);
	gt_model_free(&m);
	snprintf(trace, sizeof(trace), HDR "%s", end);
	cr_expect_eq(gt_model_load(&m, write_file(trace), err, sizeof(err)), 0, "%s", err);
	gt_model_free(&m);
	unlink(path);
}

Test(reader, model_tree_and_failure)
{
	const char *trace = HDR
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/usr/local/go/bin/go\",\"argv\":[\"go\",\"build\"],\"ret\":0}\n"
		"{\"ev\":\"fork\",\"t\":0.2,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}\n"
		"{\"ev\":\"exec\",\"t\":0.3,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"path\":\"/usr/bin/gcc\",\"argv\":[\"gcc\",\"--version\"],\"ret\":0}\n"
		"{\"ev\":\"stderr\",\"t\":0.35,\"pid\":12,\"src\":\"sys\",\"text\":\"gcc: error: unrecognized option\\n\"}\n"
		"{\"ev\":\"exit\",\"t\":0.4,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"code\":1}\n"
		"{\"ev\":\"fork\",\"t\":0.5,\"pid\":13,\"src\":\"sys\",\"ppid\":11,\"kind\":\"vfork\"}\n"
		"{\"ev\":\"exec\",\"t\":0.6,\"pid\":13,\"src\":\"sys\",\"ppid\":11,\"path\":\"/x/compile\",\"argv\":[\"compile\",\"-p\",\"main\"],\"ret\":0}\n"
		"{\"ev\":\"stderr\",\"t\":0.85,\"pid\":11,\"src\":\"sys\",\"text\":\"./main.go:3:1: syntax error\\n\"}\n"
		"{\"ev\":\"exit\",\"t\":0.8,\"pid\":13,\"src\":\"sys\",\"ppid\":11,\"code\":1}\n"
		"{\"ev\":\"exit\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":1}\n"
		"{\"ev\":\"end\",\"t\":0.9,\"pid\":11,\"src\":\"sys\",\"status\":1}\n";
	struct gt_model m;
	char err[512];
	FILE *out;
	char *text = NULL;
	size_t tl = 0;

	cr_assert_eq(gt_model_load(&m, write_file(trace), err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(m.nproc, 3);
	cr_assert(m.root);
	cr_expect_eq(m.root->pid, 11);
	cr_expect_str_eq(m.root->name, "go");
	cr_expect_eq(m.root->nchild, 2);
	cr_expect(gt_mproc_failed(m.root));
	gt_model_free(&m);

	out = open_memstream(&text, &tl);
	cr_assert_eq(gt_report_file(path, out, err, sizeof(err)), 0, "%s", err);
	fclose(out);
	unlink(path);
	/* the compile that failed last is the failure, not the earlier gcc probe
	 * that complained; compile wrote nothing, so go's relayed text is shown */
	cr_expect(strstr(text, "compile exited 1 (pid 13, started by go, pid 11)") != NULL, "%s", text);
	cr_expect(strstr(text, "it wrote nothing to stderr; go (pid 11) wrote to stderr:") != NULL, "%s", text);
	cr_expect(strstr(text, "\n               ./main.go:3:1: syntax error\n") != NULL, "%s", text);
	cr_expect(strstr(text, "exited 1 after 0.9s (3 processes") != NULL, "%s", text);
	free(text);
}

Test(reader, another_writers_layout)
{
	/* keys in another order: parsed whole, same meaning */
	const char *trace = HDR
		"{\"pid\":11,\"ev\":\"exec\",\"ppid\":10,\"t\":0.1,\"src\":\"sys\",\"path\":\"/bin/sh\",\"argv\":[\"sh\"],\"ret\":0}\n"
		"{ \"ev\" : \"open\", \"t\" : 0.2, \"pid\" : 11, \"src\":\"sys\", \"path\":\"/x\", \"ret\":3 }\n";
	struct gt_model m;
	char err[512];

	cr_assert_eq(gt_model_load(&m, write_file(trace), err, sizeof(err)), 0, "%s", err);
	unlink(path);
	cr_expect_eq(m.nproc, 1);
	cr_expect_str_eq(m.root->name, "sh");
	cr_expect_eq(m.root->events, 2);
	gt_model_free(&m);
}

Test(reader, pid_reuse_makes_two_processes)
{
	const char *trace = HDR
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/bin/sh\",\"argv\":[\"sh\"],\"ret\":0}\n"
		"{\"ev\":\"fork\",\"t\":0.2,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"kind\":\"fork\"}\n"
		"{\"ev\":\"exit\",\"t\":0.3,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"code\":0}\n"
		"{\"ev\":\"fork\",\"t\":0.4,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"kind\":\"fork\"}\n"
		"{\"ev\":\"exit\",\"t\":0.5,\"pid\":12,\"src\":\"sys\",\"ppid\":11,\"code\":0}\n"
		"{\"ev\":\"exit\",\"t\":0.6,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"code\":0}\n";
	struct gt_model m;
	char err[512];

	cr_assert_eq(gt_model_load(&m, write_file(trace), err, sizeof(err)), 0, "%s", err);
	unlink(path);
	cr_expect_eq(m.nproc, 3);
	cr_expect_eq(m.root->nchild, 2);
	cr_expect_null(m.end);
	gt_model_free(&m);
}

Test(reader, nul_bytes_only_in_output)
{
	/* binary on stderr: read, the NUL shown as U+FFFD, the rest kept */
	const char *ok = HDR
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/bin/x\",\"argv\":[\"x\"],\"ret\":0}\n"
		"{\"ev\":\"stderr\",\"t\":0.2,\"pid\":11,\"src\":\"sys\",\"text\":\"ab\\u0000cd\\n\"}\n"
		"{\"ev\":\"open\",\"t\":0.3,\"pid\":11,\"src\":\"sys\",\"path\":\"a\\\\u0000b\",\"ret\":3}\n";
	/* a NUL in a path cannot come from the kernel: it would cut the name short */
	const char *bad = HDR
		"{\"ev\":\"exec\",\"t\":0.1,\"pid\":11,\"src\":\"sys\",\"ppid\":10,\"path\":\"/bin/x\",\"argv\":[\"x\"],\"ret\":0}\n"
		"{\"ev\":\"open\",\"t\":0.3,\"pid\":11,\"src\":\"sys\",\"path\":\"/etc/x\\u0000/y\",\"ret\":3}\n";
	struct gt_model m;
	char err[512];

	cr_assert_eq(gt_model_load(&m, write_file(ok), err, sizeof(err)), 0, "%s", err);
	unlink(path);
	cr_assert(m.root);
	cr_expect_eq(m.root->err.len, 8);
	cr_expect(!memcmp(m.root->err.p, "ab\xef\xbf\xbd" "cd\n", 8));
	gt_model_free(&m);
	cr_expect_eq(gt_model_load(&m, write_file(bad), err, sizeof(err)), -1);
	unlink(path);
	cr_expect(strstr(err, "corrupt at line 3: a NUL byte") != NULL, "%s", err);
}

/*
 * A live trace: the gotrace of the header (here this process) still has
 * it open for writing, so the line being written is left out and the
 * model says so; the same bytes with a writer that is gone are refused.
 */
Test(reader, live_trace_is_read_as_far_as_it_goes)
{
	char err[512], hdr[256];
	struct gt_model m;
	int fd, c = 0;

	snprintf(path, sizeof(path), "/tmp/gotrace-unit-live-%d.jsonl", (int)getpid());
	snprintf(hdr, sizeof(hdr),
		 "{\"ev\":\"run\",\"t\":0,\"pid\":%d,\"src\":\"sys\",\"version\":1,\"argv\":[\"gopls\"],\"mode\":\"ptrace\"}\n"
		 "{\"ev\":\"exec\",\"t\":0.1,\"pid\":11,\"src\":\"sys\",\"ppid\":%d,\"path\":\"/bin/gopls\",\"argv\":[\"gopls\"],\"ret\":0}\n"
		 "{\"ev\":\"open\",\"t\":0.2,\"pid\":11,\"src\":\"sys\",\"pa",
		 (int)getpid(), (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, hdr, strlen(hdr)), (ssize_t)strlen(hdr));
	cr_assert_eq(gt_read_trace(path, count, &c, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(c, 2);
	cr_assert_eq(gt_model_load(&m, path, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(m.live, 1);
	cr_expect(!m.end);
	gt_model_free(&m);
	close(fd);
	/* nobody writes it now: the cut line is an error again */
	cr_expect_eq(gt_read_trace(path, count, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "truncated"), "%s", err);
	unlink(path);
}

/* Open for reading only (a pager, `tail -f`) is not writing it. */
Test(reader, a_reader_of_the_trace_is_not_its_writer)
{
	struct stat st;
	int fd;

	write_file("{}\n");
	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(gt_trace_writer((long)getpid(), &st), 0);
	close(fd);
	fd = open(path, O_RDWR);
	cr_expect_eq(gt_trace_writer((long)getpid(), &st), 1);
	close(fd);
	cr_expect_eq(gt_trace_writer(999999999, &st), 0);
	unlink(path);
}
