/* See verify.h (gt_verify_zip_check): probe's zip checker, with verify's libzip reader. */
#include "verify.h"

#include <stdio.h>
#include <string.h>

#include "verify_int.h"
#include "zipload.h"

int gt_verify_zip_check(const char *zip, const char *prefix, char h1[48], char *bad, size_t bsize, char *err,
			size_t esize)
{
	struct gt_zlist l = {NULL, 0};
	int i;

	bad[0] = 0;
	if (zip_unavailable()) { /* no libzip: nothing can be said of the zip */
		snprintf(err, esize, "%s", zip_unavailable());
		return -2;
	}
	if (gt_zip_h1(zip, h1, &l, err, esize) < 0)
		return -1;
	for (i = 0; i < l.n && !bad[0]; i++)
		if (strncmp(l.f[i].name, prefix, strlen(prefix)))
			snprintf(bad, bsize, "%s", l.f[i].name);
	gt_zlist_free(&l);
	return 0;
}
