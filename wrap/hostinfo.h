/* Facts about the machine for the trace's run header. */
#ifndef GT_HOSTINFO_H
#define GT_HOSTINFO_H

#include "../common/buf.h"

/* Append `,"host":{...}` (kernel, arch, libc, distro, cpus). */
void gt_hostinfo_put(struct gt_buf *b);
/* Append the current wall-clock time as an RFC 3339 JSON string. */
void gt_hostinfo_now(struct gt_buf *b);

#endif
