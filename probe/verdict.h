/* What gotrace probe says of one module (verdict.c). */
#ifndef GT_PROBE_VERDICT_H
#define GT_PROBE_VERDICT_H

#include <jansson.h>
#include <stdio.h>

#include "probe_int.h"

/* The verdict for M into B, first line of its text; 0 when go would get it. */
int gt_probe_verdict(const struct gt_mod *m, const struct gt_proxy_list *pl, struct gt_buf *b);
/* M as text to OUT; *RC set to 1 when go would not get it. */
void gt_probe_text(const struct gt_mod *m, const struct gt_proxy_list *pl, FILE *out, int *rc);
/* M as JSON (docs/probe-format.md); *RC set to 1 when go would not get it. */
json_t *gt_probe_json(const struct gt_mod *m, const struct gt_proxy_list *pl, int *rc);

#endif
