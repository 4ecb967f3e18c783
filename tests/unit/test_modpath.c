/* Module path case-encoding and GOPRIVATE-style prefix patterns (common/modpath.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/modpath.h"

Test(modpath, case_encoding)
{
	char out[64];

	cr_assert_eq(gt_mod_escape("github.com/Azure/azure-sdk-for-go", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "github.com/!azure/azure-sdk-for-go");
	cr_assert_eq(gt_mod_escape("v1.0.0-RC1", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "v1.0.0-!r!c1");
	cr_assert_eq(gt_mod_escape("golang.org/x/mod", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "golang.org/x/mod");
	/* go refuses these paths: no encoding */
	cr_expect_eq(gt_mod_escape("a/b!c", out, sizeof(out)), -1);
	cr_expect_eq(gt_mod_escape("caf\xc3\xa9.example", out, sizeof(out)), -1);
	/* and nothing is cut short */
	cr_expect_eq(gt_mod_escape("ABCD", out, 8), -1);
	cr_expect_eq(gt_mod_escape("ABC", out, 7), 0);
}

Test(modpath, prefix_patterns)
{
	char which[64];

	/* a glob of N elements against the first N elements of the path */
	cr_expect_eq(gt_match_prefix_patterns("*.corp.example.com,rsc.io/private", "git.corp.example.com/xyzzy",
					      which, sizeof(which)), 1);
	cr_expect_str_eq(which, "*.corp.example.com");
	cr_expect_eq(gt_match_prefix_patterns("*.corp.example.com,rsc.io/private", "rsc.io/private/quux", which,
					      sizeof(which)), 1);
	cr_expect_str_eq(which, "rsc.io/private");
	cr_expect_eq(gt_match_prefix_patterns("example.com", "example.com", NULL, 0), 1);
	cr_expect_eq(gt_match_prefix_patterns("example.com/", "example.com/a/b", NULL, 0), 1);
	cr_expect_eq(gt_match_prefix_patterns(",,example.com", "example.com/a", NULL, 0), 1);
	/* the twins: no partial element, no element that is not there, no malformed glob */
	cr_expect_eq(gt_match_prefix_patterns("example.co", "example.com/a", NULL, 0), 0);
	cr_expect_eq(gt_match_prefix_patterns("rsc.io/private", "rsc.io/privateer", NULL, 0), 0);
	cr_expect_eq(gt_match_prefix_patterns("rsc.io/private/x", "rsc.io/private", NULL, 0), 0);
	cr_expect_eq(gt_match_prefix_patterns("*", "a/b", NULL, 0), 1);
	cr_expect_eq(gt_match_prefix_patterns("[", "[", NULL, 0), 0);
	cr_expect_eq(gt_match_prefix_patterns("", "example.com", NULL, 0), 0);
}
