/* See walk.h. */
#include "walk.h"

#include <string.h>

void gt_walk_start(struct gt_walk *w, const struct gt_proxy_list *l)
{
	memset(w, 0, sizeof(*w));
	w->l = l;
	w->next = l->n > 0 ? 0 : -1;
	w->served = w->reported = -1;
}

int gt_walk_next(const struct gt_walk *w)
{
	return w->next;
}

int gt_status_notexist(long status)
{
	return status == 404 || status == 410;
}

void gt_walk_record(struct gt_walk *w, enum gt_outcome o)
{
	int i = w->next;
	const struct gt_proxy_entry *e;

	if (i < 0)
		return;
	e = &w->l->e[i];
	w->out[i] = o;
	w->asked = i + 1;
	if (o == GT_OUT_OK) {
		w->served = i;
		w->next = -1;
		return;
	}
	/* the error go will report: direct's, else the latest proxy error, else the latest "does not exist" */
	if (e->kind == 'd') {
		w->reported = i;
		w->rank = 2;
	} else if (o == GT_OUT_ERROR && w->rank <= 1) {
		w->reported = i;
		w->rank = 1;
	} else if (w->rank == 0) {
		w->reported = i;
	}
	/* ',' moves on only past "does not exist"; '|' past any error; the end stops */
	if ((e->sep == ',' && o != GT_OUT_NOTEXIST) || !e->sep || i + 1 >= w->l->n)
		w->next = -1;
	else
		w->next = i + 1;
}
