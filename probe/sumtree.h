/*
 * What sumdb.c needs to tie a record to the database's signed tree
 * (sumtree.c): the tiles, fetched as go fetches them and kept in memory
 * for the run, and the tree head kept per database in the state directory
 * (sumdb/NAME), against which every new signed tree is checked.
 */
#ifndef GT_PROBE_SUMTREE_H
#define GT_PROBE_SUMTREE_H

#include "probe_int.h"
#include "tlog.h"

/* URL's body into BODY and the outcome into F: a file:// URL is read as a file (404 when it cannot be). */
void gt_sumtree_get(const struct gt_probe_ctx *x, const char *url, struct gt_fetch *f, struct gt_buf *body);

/*
 * The database S names (its verifier KEY, reached at BASE) served record ID,
 * whose hash is REC, under a note signing tree T: check T against the tree
 * head kept from before (and keep T when it is newer and contains it), then
 * prove the record is leaf ID of T. Fills S's proof, tree, tiles and head
 * fields. Thread-safe.
 */
void gt_sumtree_prove(struct gt_sum *s, const struct gt_probe_ctx *x, const char *base, const char *key,
		      const struct gt_tree *t, int64_t id, const unsigned char rec[GT_TLOG_HASH]);

#endif
