/* The Go settings a trace records of a configuration file (common/goset.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../common/goset.h"
#include "../../common/redact.h"

static struct gt_gosets parse(enum gt_gsfile k, const char *text)
{
	struct gt_gosets s;

	memset(&s, 0, sizeof(s));
	gt_goset_parse(k, text, strlen(text), &s);
	return s;
}

Test(goset, kind_by_name)
{
	cr_expect_eq(gt_goset_kind("/w/go.mod"), GT_GS_MOD);
	cr_expect_eq(gt_goset_kind("/w/go.work"), GT_GS_WORK);
	cr_expect_eq(gt_goset_kind("/usr/local/go/go.env"), GT_GS_ENV);
	cr_expect_eq(gt_goset_kind("/home/u/.config/go/env"), GT_GS_ENV);
	cr_expect_eq(gt_goset_kind("/w/go.sum"), GT_GS_NONE);
	cr_expect_eq(gt_goset_kind("/etc/env"), GT_GS_NONE);
}

/* go's rules: a name starts with A-Z, the value is all after the first '=', spaces kept */
Test(goset, env_file_as_go_reads_it)
{
	struct gt_gosets s = parse(GT_GS_ENV, "# comment\nGOPROXY=https://p.example,direct\n\n  GOFLAGS=-x\n"
					      "lower=1\nNOEQUALS\nGONOSUMDB= a b \nGOPROXY=off");

	cr_assert_eq(s.n, 3);
	cr_expect_str_eq(s.v[0].name, "GOPROXY");
	cr_expect_str_eq(s.v[0].value, "https://p.example,direct");
	cr_expect_eq(s.v[0].line, 2);
	cr_expect_str_eq(s.v[1].name, "GONOSUMDB");
	cr_expect_str_eq(s.v[1].value, " a b ");
	cr_expect_eq(s.v[1].line, 7);
	/* the last definition is the one go keeps */
	cr_expect_str_eq(gt_goset_get(&s, "GOPROXY")->value, "off");
	cr_expect_eq(gt_goset_get(&s, "GOPROXY")->line, 8);
	cr_expect_null(gt_goset_get(&s, "GOFLAGS"));
	gt_goset_free(&s);
}

Test(goset, env_file_secrets_redacted)
{
	struct gt_gosets s = parse(GT_GS_ENV, "GOPROXY=https://u:hunter2@p.example\nGOAUTH=header Authorization: Bearer abc.def\n"
					      "MY_TOKEN=tok123\n");
	size_t i;

	cr_assert_eq(s.n, 3);
	for (i = 0; i < s.n; i++) {
		cr_expect_null(strstr(s.v[i].value, "hunter2"), "%s", s.v[i].value);
		cr_expect_null(strstr(s.v[i].value, "tok123"), "%s", s.v[i].value);
		cr_expect_gt(s.v[i].secret, 0, "%s", s.v[i].name);
	}
	cr_expect_not_null(strstr(s.v[0].value, "u:" GT_REDACTED "@p.example"));
	gt_goset_free(&s);
}

Test(goset, gomod_only_the_settings)
{
	struct gt_gosets s = parse(GT_GS_MOD, "// header comment\nmodule example.com/app // the app\n\ngo   1.22.1\n"
					      "toolchain go1.23.4\ngodebug default=go1.21\ngodebug (\n\tpanicnil=1\n"
					      "\thttp2client=0 // why\n)\nrequire (\n\tgo.uber.org/zap v1.0.0\n"
					      "\ttoolchain v1.0.0\n)\nrequire example.com/x v1.0.0\n"
					      "replace example.com/a v1.0.0 => ../a\nreplace (\n\t\"example.com/b\" => example.com/c v1.2.0\n)\n"
					      "exclude example.com/d v0.9.0\nretract v1.0.0\n");
	static const struct { const char *n, *v; long l; } want[] = {
		{"module", "example.com/app", 2},     {"go", "1.22.1", 4},
		{"toolchain", "go1.23.4", 5},         {"godebug", "default=go1.21", 6},
		{"godebug", "panicnil=1", 8},         {"godebug", "http2client=0", 9},
		{"replace", "example.com/a v1.0.0 => ../a", 16},
		{"replace", "\"example.com/b\" => example.com/c v1.2.0", 18},
		{"exclude", "example.com/d v0.9.0", 20},
	};
	size_t i;

	cr_assert_eq(s.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < s.n; i++) {
		cr_expect_str_eq(s.v[i].name, want[i].n);
		cr_expect_str_eq(s.v[i].value, want[i].v);
		cr_expect_eq(s.v[i].line, want[i].l, "%s: %ld", s.v[i].value, s.v[i].line);
	}
	gt_goset_free(&s);
}

Test(goset, gowork_use_and_replace)
{
	struct gt_gosets s = parse(GT_GS_WORK, "go 1.23\r\n\r\nuse (\r\n\t./a\r\n\t./b // b\r\n)\r\nuse ./c\r\n"
					       "replace example.com/x => https://u:pw@example.com/y v1.0.0\r\n");

	cr_assert_eq(s.n, 5);
	cr_expect_str_eq(s.v[0].value, "1.23");
	cr_expect_str_eq(s.v[1].name, "use");
	cr_expect_str_eq(s.v[1].value, "./a");
	cr_expect_str_eq(s.v[2].value, "./b");
	cr_expect_str_eq(s.v[3].value, "./c");
	cr_expect_eq(s.v[3].line, 7);
	cr_expect_null(strstr(s.v[4].value, ":pw@"));
	gt_goset_free(&s);
}

Test(goset, bounded)
{
	static char big[(GT_GOSET_MAX + 10) * 20];
	struct gt_gosets s;
	size_t i, n = 0;

	for (i = 0; i < GT_GOSET_MAX + 10; i++)
		n += (size_t)sprintf(big + n, "exclude m v1.%zu\n", i);
	s = parse(GT_GS_MOD, big);
	cr_expect_eq(s.n, GT_GOSET_MAX);
	cr_expect_eq(s.more, 10);
	gt_goset_free(&s);
	/* an unterminated block swallows nothing it should not keep, and an unterminated quote ends with the line */
	s = parse(GT_GS_MOD, "require (\ngo 1.99\nmodule \"x\n");
	cr_expect_eq(s.n, 0);
	gt_goset_free(&s);
}
