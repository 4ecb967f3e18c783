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

/* Cases from semver.org's precedence rules and go's semver package behaviour. */
Test(modpath, semver)
{
	static const char *valid[] = {"v1", "v1.2", "v1.2.3", "v0.0.0-20200101000000-abcdefabcdef", "v1.2.3-rc.1+meta",
				      "v1.2.3+build.01", "v2.0.0+incompatible"};
	static const char *invalid[] = {"1.2.3", "v01.2.3", "v1.2-pre", "v1.2.3-", "v1.2.3-01", "v1.2.3+", "v1..3",
					"v1.2.3.4", "v", "v1.2.3-a..b"};
	/* each sorts before the next */
	static const char *order[] = {"v0.9.0", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta",
				      "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.0.1", "v1.10.0",
				      "v2"};
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(*valid); i++)
		cr_expect(gt_semver_valid(valid[i]), "%s", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(*invalid); i++)
		cr_expect(!gt_semver_valid(invalid[i]), "%s", invalid[i]);
	for (i = 0; i + 1 < sizeof(order) / sizeof(*order); i++) {
		cr_expect_lt(gt_semver_cmp(order[i], order[i + 1]), 0, "%s < %s", order[i], order[i + 1]);
		cr_expect_gt(gt_semver_cmp(order[i + 1], order[i]), 0, "%s > %s", order[i + 1], order[i]);
	}
	cr_expect_eq(gt_semver_cmp("v1", "v1.0.0"), 0);
	cr_expect_eq(gt_semver_cmp("v1.0.0+a", "v1.0.0+b"), 0);
	cr_expect_lt(gt_semver_cmp("bad", "v0.0.1"), 0);
	cr_expect(gt_semver_prerelease("v1.0.0-rc.1"));
	cr_expect(!gt_semver_prerelease("v1.0.0+rc"));
}

Test(modpath, pseudo_versions)
{
	cr_expect(gt_mod_is_pseudo("v0.0.0-20191109021931-daa7c04131f5"));
	cr_expect(gt_mod_is_pseudo("v1.2.4-0.20191109021931-daa7c04131f5"));
	cr_expect(gt_mod_is_pseudo("v1.2.3-pre.0.20191109021931-daa7c04131f5"));
	cr_expect(gt_mod_is_pseudo("v2.0.0-20191109021931-daa7c04131f5+incompatible"));
	cr_expect(!gt_mod_is_pseudo("v1.2.3"));
	cr_expect(!gt_mod_is_pseudo("v1.2.3-20191109021931-daa7c04131f5"), "minor.patch must be 0.0 without a 0. base");
	cr_expect(!gt_mod_is_pseudo("v1.2.3-pre.1.20191109021931-daa7c04131f5"));
	cr_expect(!gt_mod_is_pseudo("v0.0.0-2019110902193-daa7c04131f5"), "13 digits");
}

Test(modpath, check_path)
{
	char why[128];

	cr_expect_eq(gt_mod_check_path("example.com/m", why, sizeof(why)), 0);
	cr_expect_eq(gt_mod_check_path("github.com/Azure/go-autorest/v14", why, sizeof(why)), 0);
	cr_expect_eq(gt_mod_check_path("gopkg.in/yaml.v3", why, sizeof(why)), 0);
	cr_expect_eq(gt_mod_check_path("bad path", why, sizeof(why)), -1);
	cr_expect_str_eq(why, "invalid char ' '");
	cr_expect_eq(gt_mod_check_path("nodot/m", why, sizeof(why)), -1);
	cr_expect_str_eq(why, "missing dot in first path element");
	cr_expect_eq(gt_mod_check_path("Example.com/m", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("-x.com/m", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("example.com//m", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("example.com/m/", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("example.com/.m", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("example.com/m/v1", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("example.com/m/v02", why, sizeof(why)), -1);
	cr_expect_eq(gt_mod_check_path("example.com/m/v2", why, sizeof(why)), 0);
	cr_expect_eq(gt_mod_check_path("", why, sizeof(why)), -1);
}

Test(modpath, canonical_versions)
{
	cr_expect(gt_semver_canonical("v1.2.3"));
	cr_expect(gt_semver_canonical("v1.2.3-pre.1"));
	cr_expect(gt_semver_canonical("v2.0.0+incompatible"));
	cr_expect(!gt_semver_canonical("v1.2"));
	cr_expect(!gt_semver_canonical("v1"));
	cr_expect(!gt_semver_canonical("v1.2.3+build"));
	cr_expect(!gt_semver_canonical("1.2.3"));
	cr_expect(!gt_semver_canonical("master"));
}
