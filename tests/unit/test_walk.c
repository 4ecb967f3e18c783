/*
 * The GOPROXY walk (probe/walk.c): which entries go asks, which answers,
 * and whose error it reports, for each kind of outcome and separator.
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "../../probe/walk.h"

/* Walk VALUE with the outcomes in OUT (one per entry asked); the entries asked, as "0,1". */
static const char *walk(const char *value, const enum gt_outcome *out, struct gt_walk *w)
{
	static struct gt_proxy_list l;
	static char asked[64];
	size_t n = 0;
	int i;

	gt_proxy_parse(value, &l);
	gt_walk_start(w, &l);
	asked[0] = 0;
	while ((i = gt_walk_next(w)) >= 0) {
		n += (size_t)snprintf(asked + n, sizeof(asked) - n, "%s%d", n ? "," : "", i);
		gt_walk_record(w, *out++);
	}
	return asked;
}

Test(walk, comma_moves_on_only_past_not_found)
{
	struct gt_walk w;
	const enum gt_outcome nf_ok[] = {GT_OUT_NOTEXIST, GT_OUT_OK};
	const enum gt_outcome err[] = {GT_OUT_ERROR};

	cr_expect_str_eq(walk("https://a.test,https://b.test", nf_ok, &w), "0,1");
	cr_expect_eq(w.served, 1);
	/* the twin: a 500 (or no answer) after ',' stops go there */
	cr_expect_str_eq(walk("https://a.test,https://b.test", err, &w), "0");
	cr_expect_eq(w.served, -1);
	cr_expect_eq(w.reported, 0);
}

Test(walk, pipe_moves_on_past_any_error)
{
	struct gt_walk w;
	const enum gt_outcome err_ok[] = {GT_OUT_ERROR, GT_OUT_OK};

	cr_expect_str_eq(walk("https://a.test|https://b.test", err_ok, &w), "0,1");
	cr_expect_eq(w.served, 1);
}

Test(walk, the_error_go_reports)
{
	struct gt_walk w;
	const enum gt_outcome two_errors[] = {GT_OUT_ERROR, GT_OUT_ERROR};
	const enum gt_outcome err_nf[] = {GT_OUT_ERROR, GT_OUT_NOTEXIST};
	const enum gt_outcome nf_nf[] = {GT_OUT_NOTEXIST, GT_OUT_NOTEXIST};
	const enum gt_outcome nf_direct[] = {GT_OUT_NOTEXIST, GT_OUT_NOTEXIST};

	/* the latest proxy error */
	walk("https://a.test|https://b.test", two_errors, &w);
	cr_expect_eq(w.reported, 1);
	/* a proxy error outranks a later "not found" */
	walk("https://a.test|https://b.test", err_nf, &w);
	cr_expect_eq(w.reported, 0);
	/* among "not found", the latest */
	walk("https://a.test,https://b.test", nf_nf, &w);
	cr_expect_eq(w.reported, 1);
	/* direct's error is always the one reported */
	cr_expect_str_eq(walk("https://a.test,direct", nf_direct, &w), "0,1");
	cr_expect_eq(w.reported, 1);
	cr_expect_eq(w.rank, 2);
}

Test(walk, off_and_the_end_of_the_list)
{
	struct gt_walk w;
	const enum gt_outcome nf_nf[] = {GT_OUT_NOTEXIST, GT_OUT_NOTEXIST};
	const enum gt_outcome ok[] = {GT_OUT_OK};

	/* "off" is asked like an entry that has nothing, and ends the list */
	cr_expect_str_eq(walk("https://a.test,off,https://never.test", nf_nf, &w), "0,1");
	cr_expect_eq(w.served, -1);
	cr_expect_str_eq(walk("https://a.test", ok, &w), "0");
	cr_expect_eq(w.served, 0);
	cr_expect_str_eq(walk("", ok, &w), "");
	cr_expect(gt_status_notexist(404) && gt_status_notexist(410));
	cr_expect(!gt_status_notexist(403) && !gt_status_notexist(500) && !gt_status_notexist(200));
}
