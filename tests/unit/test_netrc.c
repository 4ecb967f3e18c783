/*
 * .netrc as the go command reads it (cmd/go/internal/auth): complete
 * machine/login/password entries only, nothing after "default", macdef
 * bodies skipped, tokens taken in pairs per line; and which machine names
 * match a request URL prefix.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzers/analyzers.h"

static char path[64];

static int load(const char *text, struct gt_netrc_entry *e, int max)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/gotrace-unit-netrc-%d", (int)getpid());
	f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
	return gt_netrc_read(path, e, max);
}

static void cleanup(void)
{
	unlink(path);
}

TestSuite(netrc, .fini = cleanup);

Test(netrc, one_line_and_multi_line_entries_with_their_lines)
{
	struct gt_netrc_entry e[8];
	int n = load("# c\nmachine a.example login al password x\nmachine b.example\n login bo\n password y\n", e, 8);

	cr_assert_eq(n, 2);
	cr_assert_str_eq(e[0].machine, "a.example");
	cr_assert_str_eq(e[0].login, "al");
	cr_assert_eq(e[0].line, 2);
	cr_assert_str_eq(e[1].machine, "b.example");
	cr_assert_str_eq(e[1].login, "bo");
	cr_assert_eq(e[1].line, 3);
}

Test(netrc, an_entry_without_password_does_not_count)
{
	struct gt_netrc_entry e[8];

	cr_assert_eq(load("machine a.example login al\nmachine b.example login bo password y\n", e, 8), 1);
	cr_assert_str_eq(e[0].machine, "b.example");
}

Test(netrc, default_ends_the_file_and_macdef_bodies_are_skipped)
{
	struct gt_netrc_entry e[8];
	int n = load("macdef init\nmachine hidden login h password h\n\nmachine a login al password x\n"
		     "default\nmachine late login l password l\n", e, 8);

	cr_assert_eq(n, 1);
	cr_assert_str_eq(e[0].machine, "a");
}

Test(netrc, default_followed_by_pairs_on_its_line_does_not_stop_go)
{
	struct gt_netrc_entry e[8];

	/* go checks for "default" only as the token left over after the pairs */
	cr_assert_eq(load("default login d password d\nmachine late login l password l\n", e, 8), 1);
	cr_assert_str_eq(e[0].machine, "late");
}

Test(netrc, no_password_value_is_kept)
{
	struct gt_netrc_entry e[2];

	load("machine a login al password TOPSECRETVALUE\n", e, 2);
	cr_assert_null(memmem(e, sizeof(e), "TOPSECRETVALUE", 14));
}

Test(netrc, an_unreadable_file)
{
	struct gt_netrc_entry e[2];

	cr_assert_eq(gt_netrc_read("/nonexistent/netrc", e, 2), -1);
}

Test(netrc, machine_matching_follows_the_url_prefix)
{
	cr_assert(gt_netrc_matches("127.0.0.1:8443", "127.0.0.1:8443"));
	/* the host without the port does not match a URL with one */
	cr_assert_not(gt_netrc_matches("127.0.0.1", "127.0.0.1:8443"));
	/* a parent of the proxy's path, and a path below it */
	cr_assert(gt_netrc_matches("proxy.corp", "proxy.corp/go"));
	cr_assert(gt_netrc_matches("proxy.corp/go/private", "proxy.corp/go"));
	cr_assert_not(gt_netrc_matches("proxy.corp/g", "proxy.corp/go"));
	cr_assert_not(gt_netrc_matches("other.corp", "proxy.corp"));
}
