/*
 * The netrc file as go reads it (cmd/go/internal/auth): machine, login and
 * password entries, parsing stopped at "default", macdef bodies skipped.
 * Used after a run by the tracer (to record what the file held: names,
 * logins and lines, never a password), by the report and by probe.
 */
#ifndef GT_NETRC_H
#define GT_NETRC_H

#include <stddef.h>

struct gt_netrc_entry {
	char machine[256], login[128];
	long line;
};

/* The complete entries of the netrc file at PATH in file order (at most MAX into E); -1 when it cannot be read. */
int gt_netrc_read(const char *path, struct gt_netrc_entry *e, int max);
/* The password of entry WANT (an index gt_netrc_read gave) into PW, for a request made now; 0 or -1. */
int gt_netrc_password(const char *path, int want, char *pw, size_t size);

#endif
