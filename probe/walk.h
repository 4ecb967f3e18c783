/*
 * How go walks its GOPROXY list for one request, as a step-by-step
 * iterator, so that `gotrace probe` asks only the entries go would ask and
 * names the entry whose error go would report (docs/facts.md, "How go
 * walks GOPROXY"). Go's rules (cmd/go/internal/modfetch, TryProxies):
 *  - an answer ends the walk;
 *  - "does not exist" (404 or 410, or "off") moves on after ',' and '|';
 *  - any other error moves on only after '|'; after ',' go stops there;
 *  - of the errors seen, go reports direct's, else the latest proxy error
 *    that is not "does not exist", else the latest "does not exist".
 */
#ifndef GT_PROBE_WALK_H
#define GT_PROBE_WALK_H

#include "../common/goproxy.h"

enum gt_outcome {
	GT_OUT_OK,       /* the entry answered what was asked */
	GT_OUT_NOTEXIST, /* 404 or 410 (and "off": go's lookup is disabled) */
	GT_OUT_ERROR,    /* any other status, or no answer (connect, TLS, timeout) */
};

struct gt_walk {
	const struct gt_proxy_list *l;
	int next;      /* the entry to ask next, -1 when go has stopped */
	int served;    /* the entry that answered, -1 if none */
	int reported;  /* the entry whose error go reports, -1 if none */
	int rank;      /* of that error: 0 does-not-exist, 1 proxy error, 2 direct */
	enum gt_outcome out[GT_PROXY_MAX]; /* what each asked entry did */
	int asked;     /* how many entries were asked (0 .. asked-1) */
};

void gt_walk_start(struct gt_walk *w, const struct gt_proxy_list *l);
/* The entry go asks next, or -1 when it has stopped (answered, stopped by ',', or at the end). */
int gt_walk_next(const struct gt_walk *w);
/* What the entry gt_walk_next gave did. */
void gt_walk_record(struct gt_walk *w, enum gt_outcome o);
/* Whether the HTTP status means "does not exist" to go (404, 410). */
int gt_status_notexist(long status);

#endif
