/*
 * One event as the shim builds it: on the stack, never more than one
 * datagram (GT_WIRE_MAX bytes). A value that does not fit is cut, or left
 * out, and the event then says `"trunc":true`; room for the closing
 * brackets is always kept.
 */
#ifndef GT_SHIM_EVENT_H
#define GT_SHIM_EVENT_H

#include <stddef.h>

#include "../common/buf.h"
#include "../common/wire.h"

struct ev {
	struct gt_wire_hdr hdr;
	char body[GT_WIRE_MAX - sizeof(struct gt_wire_hdr)];
	struct gt_buf b;
	int cut;
};

#define CLOSERS 48 /* room kept for `]`, `}` and `,"trunc":true` */

/* Start E as an event of KIND happening now. */
void ev_start(struct ev *e, const char *kind);
/* Take back what was appended to E since MARK when it did not fit: the event is then cut. */
void ev_rollback(struct ev *e, size_t mark);
/* `,"key":"s"` (N bytes), cut to what fits. */
void put_str(struct ev *e, const char *key, const char *s, size_t n);
void put_cstr(struct ev *e, const char *key, const char *s);
/*
 * `,"key":"s"` for a string from the program, read without faulting; when
 * it cannot be read to its end, `,"fault":"key"` instead.
 */
void put_safe_str(struct ev *e, const char *key, const char *s);
/* S as it is (a member written by hand), or nothing when it does not fit. */
void put_raw(struct ev *e, const char *s);
/* `,"key":V` with V as it is (null, or an array's opening bracket), whole or not at all. */
void put_rawval(struct ev *e, const char *key, const char *v);
void put_int(struct ev *e, const char *key, long long v);
void put_bool(struct ev *e, const char *key, int v);
/* `,"key":[...]` of strings, argv-redacted; elements that do not fit are left out. */
void put_strv(struct ev *e, const char *key, char *const *v);
/* One address of family FAM in a JSON array being written; *FIRST says whether a comma is due. */
void put_addr(struct ev *e, int *first, int fam, const void *a);
/* Close E and send it to the launcher: 0, or -1 when it was lost (no descriptor), -2 when the shim turned off. */
int ship(struct ev *e);

#endif
