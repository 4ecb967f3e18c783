/* go.mod, go.work and go.sum as go reads them (common/gomod.c), and go's h1 hashes (common/h1.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/gomod.h"
#include "../../common/h1.h"

static char *tmpfile_with(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/gt-gomod-XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

Test(gomod, requires_and_replaces)
{
	struct gt_gomod m;
	const char *p = tmpfile_with("// a comment\nmodule \"example.com/app\"\n\ngo 1.21\n\nrequire (\n"
				     "\texample.com/a v1.0.0 // why\n\t\"example.com/b\" v1.2.0 // indirect\n"
				     "\t// example.com/c v9.9.9\n)\n\nrequire example.com/d v0.1.0\n"
				     "replace example.com/a => ../a\n"
				     "replace (\n\texample.com/d v0.1.0 => example.com/e v0.2.0\n"
				     "\texample.com/d => example.com/f v1.0.0\n)\n");

	cr_assert_eq(gt_gomod_read(p, &m), 0);
	unlink(p);
	cr_expect_str_eq(m.module, "example.com/app");
	cr_assert_eq(m.nreq, 3);
	cr_expect_str_eq(m.req[0].path, "example.com/a");
	cr_expect_eq(m.req[0].indirect, 0);
	cr_expect_eq(m.req[0].line, 7);
	cr_expect_str_eq(m.req[1].path, "example.com/b");
	cr_expect_eq(m.req[1].indirect, 1);
	cr_expect_str_eq(m.req[2].version, "v0.1.0");
	cr_assert_eq(m.nrep, 3);
	cr_expect_str_eq(m.rep[0].to, "../a");
	cr_expect_str_eq(m.rep[0].to_version, "");
	/* a replacement of the exact version wins over one of every version */
	cr_expect_eq(gt_gomod_replaced(&m, "example.com/d", "v0.1.0"), 1);
	cr_expect_eq(gt_gomod_replaced(&m, "example.com/d", "v0.3.0"), 2);
	cr_expect_eq(gt_gomod_replaced(&m, "example.com/b", "v1.2.0"), -1);
	gt_gomod_free(&m);
	cr_expect_eq(gt_gomod_read("/nonexistent/go.mod", &m), -1);
}

Test(gomod, gowork_and_gosum)
{
	char **dirs;
	struct gt_sumline *l;
	const char *p = tmpfile_with("go 1.22\n\nuse ./a\nuse (\n\t./b // the second\n\t\"./c d\"\n)\n");
	int n = gt_gowork_uses(p, &dirs), i;

	unlink(p);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(dirs[0], "./a");
	cr_expect_str_eq(dirs[1], "./b");
	cr_expect_str_eq(dirs[2], "./c d");
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	p = tmpfile_with("example.com/m v1.0.0 h1:AAA=\nexample.com/m v1.0.0/go.mod h1:BBB=\n\nnot a line\n");
	n = gt_gosum_read(p, &l);
	unlink(p);
	cr_assert_eq(n, 2);
	cr_expect_eq(l[0].gomod, 0);
	cr_expect_str_eq(l[1].version, "v1.0.0");
	cr_expect_eq(l[1].gomod, 1);
	cr_expect_eq(l[1].line, 2);
	cr_expect_str_eq(l[1].hash, "h1:BBB=");
	free(l);
}

/* The value golang.org/x/mod/sumdb/dirhash gives (seen in tests/e2e/t_probe_sumdb.sh's database). */
Test(h1, gomod)
{
	static const char gomod[] = "module example.com/m\n\ngo 1.21\n";
	char h[GT_H1_LEN];

	cr_assert_eq(gt_h1_gomod(gomod, strlen(gomod), h), 0);
	cr_expect_str_eq(h, "h1:ONeDgCa5UF/jJRjGzpOKmUiezgFEk4IPFZ96frvroW0=");
}

Test(h1, refuses_newlines)
{
	struct gt_h1 h;
	unsigned char sha[32] = {0};
	char out[GT_H1_LEN];

	cr_assert_eq(gt_h1_init(&h), 0);
	gt_h1_file(&h, "a\nb", sha);
	cr_expect_eq(gt_h1_done(&h, out), -1);
	cr_expect_str_eq(out, "");
}
