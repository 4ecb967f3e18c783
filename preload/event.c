/* See event.h. */
#include "event.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../common/json.h"
#include "../common/redact.h"
#include "../common/schema.h"
#include "safemem.h"
#include "session.h"

void ev_rollback(struct ev *e, size_t mark)
{
	e->b.len = mark;
	e->b.trunc = 0;
	e->cut = 1;
}

void ev_start(struct ev *e, const char *kind)
{
	gt_wire_hdr(&e->hdr, kind, 0);
	gt_buf_fixed(&e->b, e->body, sizeof(e->body) - CLOSERS);
	e->cut = 0;
}

/* Append `,"key":"s"`, cutting S to what fits. */
void put_str(struct ev *e, const char *key, const char *s, size_t n)
{
	size_t mark = e->b.len, room;

	gt_json_key(&e->b, key);
	gt_json_str(&e->b, s, n);
	if (!e->b.trunc)
		return;
	ev_rollback(e, mark);
	room = e->b.cap - mark;
	if (room < strlen(key) + 16)
		return;
	n = (room - strlen(key) - 16) / 6; /* worst case: every byte escaped as \u00XX */
	gt_json_key(&e->b, key);
	gt_json_str(&e->b, s, n);
	if (e->b.trunc)
		ev_rollback(e, mark);
}

void put_cstr(struct ev *e, const char *key, const char *s)
{
	put_str(e, key, s, strlen(s));
}

/*
 * `,"key":"s"` for a string from the program, read without faulting; when
 * it cannot be read to its end, `,"fault":"key"` instead.
 */
void put_safe_str(struct ev *e, const char *key, const char *s)
{
	char copy[4096];
	int cut;
	long n = gt_mem_str(s, copy, sizeof(copy), &cut);

	if (n < 0) {
		put_str(e, GT_KEY_COMMON(fault), key, strlen(key));
		return;
	}
	put_str(e, key, copy, (size_t)n);
	if (cut)
		e->cut = 1;
}

void put_raw(struct ev *e, const char *s)
{
	size_t mark = e->b.len;

	gt_buf_puts(&e->b, s);
	if (e->b.trunc) {
		ev_rollback(e, mark);
	}
}

void put_rawval(struct ev *e, const char *key, const char *v)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), ",\"%s\":%s", key, v);
	put_raw(e, tmp);
}

void put_int(struct ev *e, const char *key, long long v)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), ",\"%s\":%lld", key, v);
	put_raw(e, tmp);
}

void put_bool(struct ev *e, const char *key, int v)
{
	char tmp[48];

	snprintf(tmp, sizeof(tmp), ",\"%s\":%s", key, v ? "true" : "false");
	put_raw(e, tmp);
}

/* `,"key":[...]` of strings; elements that do not fit are left out. */
void put_strv(struct ev *e, const char *key, char *const *v)
{
	size_t i, mark;

	gt_json_key(&e->b, key);
	gt_buf_putc(&e->b, '[');
	for (i = 0; v && v[i]; i++) {
		mark = e->b.len;
		if (i)
			gt_buf_putc(&e->b, ',');
		{
			char red[1024];
			struct gt_buf rb;
			size_t n = strlen(v[i]);
			gt_buf_fixed(&rb, red, sizeof(red));
			gt_redact_arg(&rb, v[i], n, i ? v[i - 1] : NULL, i ? strlen(v[i - 1]) : 0);
			if (rb.trunc)
				e->cut = 1;
			gt_json_str(&e->b, rb.p, rb.len);
		}
		if (e->b.trunc) {
			ev_rollback(e, mark);
			break;
		}
	}
	e->b.cap += 1;
	gt_buf_putc(&e->b, ']');
	e->b.cap -= 1;
	if (e->b.trunc) { /* cannot happen: CLOSERS keeps room */
		e->b.trunc = 0;
		e->cut = 1;
	}
}

/*
 * One socket per message, closed at once: a descriptor kept open would
 * shift the numbers of the program's own descriptors, could be closed
 * (closefrom) or replaced (dup2) behind the shim's back, and would be
 * shared by threads and inherited by children. Two syscalls more per
 * event buy all of that.
 */
int ship(struct ev *e)
{
	int rc;

	e->b.cap += CLOSERS;
	if (e->cut)
		gt_json_true(&e->b, GT_KEY_COMMON(trunc));
	/* a lost message (descriptors used up) costs this event, not the next */
	rc = gt_wire_send(&sh_dest, sh_dest_len, e, sizeof(e->hdr) + e->b.len);
	if (rc == -2)
		sh_turn_off("cannot reach the launcher");
	return rc;
}

void put_addr(struct ev *e, int *first, int fam, const void *a)
{
	char s[INET6_ADDRSTRLEN + 4];
	size_t mark = e->b.len;

	if (!inet_ntop(fam, a, s + 1, INET6_ADDRSTRLEN))
		return;
	s[0] = '"';
	strcat(s, "\"");
	if (!*first)
		gt_buf_putc(&e->b, ',');
	gt_buf_puts(&e->b, s);
	if (e->b.trunc) {
		ev_rollback(e, mark);
		return;
	}
	*first = 0;
}
