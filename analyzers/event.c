/*
 * The decoder of events: one table of fields per kind, made from
 * common/schema.def, walked once per line.
 */
#include "event.h"

#include <stdlib.h>
#include <string.h>

#include "../common/util.h"

#define GT_TYPE_STR .type = GT_T_STR
#define GT_TYPE_TEXT .type = GT_T_TEXT
#define GT_TYPE_INT .type = GT_T_INT
#define GT_TYPE_NUM .type = GT_T_NUM
#define GT_TYPE_BOOL .type = GT_T_BOOL
#define GT_TYPE_STRV .type = GT_T_STRV
#define GT_TYPE_INTV .type = GT_T_INTV
#define GT_TYPE_OBJ .type = GT_T_OBJ
#define GT_TYPE_REC(r) .type = GT_T_REC, .sub = GT_EV_##r
#define GT_TYPE_RECV(r) .type = GT_T_RECV, .sub = GT_EV_##r
#define FIELD_ROW(k, type, f) {.name = #f, GT_TYPE_##type, .off = offsetof(struct gt_ev_##k, f)},
/* a last row, so that a kind without fields of its own has a table too */
#define FIELD_TABLE(k, w) static const struct gt_field fields_##k[] = {GT_FIELDS_##k(FIELD_ROW, k){NULL, 0, 0, 0}};
GT_EVENTS(FIELD_TABLE)
GT_RECORDS(FIELD_TABLE)
#undef FIELD_TABLE
#undef FIELD_ROW

#define KIND_ROW(k, w) [GT_EV_##k] = {#k, w, sizeof(struct gt_ev_##k), fields_##k, GT_NF_##k},
const struct gt_kind gt_kinds[GT_EV_NALL] = {GT_EVENTS(KIND_ROW) GT_RECORDS(KIND_ROW)};
#undef KIND_ROW

enum gt_ev_kind gt_kind_of(const char *name)
{
	size_t i;

	for (i = 0; name && i < GT_EV_NKINDS; i++)
		if (!strcmp(gt_kinds[i].name, name))
			return (enum gt_ev_kind)i;
	return GT_EV_NKINDS;
}

/* The JSON name of F: the C name without a trailing '_' (errno_, which is a macro in C). */
static json_t *field_get(json_t *o, const struct gt_field *f)
{
	size_t n = strlen(f->name);

	return json_object_getn(o, f->name, n - (f->name[n - 1] == '_'));
}

static void decode_strv(struct gt_strv *sv, json_t *a)
{
	size_t i;

	sv->n = json_array_size(a);
	sv->v = sv->n ? gt_xcalloc(sv->n, sizeof(*sv->v)) : NULL;
	for (i = 0; i < sv->n; i++)
		sv->v[i] = json_string_value(json_array_get(a, i));
}

static void decode_intv(struct gt_intv *iv, json_t *a)
{
	size_t i;

	iv->n = json_array_size(a);
	iv->v = iv->n ? gt_xcalloc(iv->n, sizeof(*iv->v)) : NULL;
	for (i = 0; i < iv->n; i++)
		iv->v[i] = json_integer_value(json_array_get(a, i));
}

static void decode_into(enum gt_ev_kind kind, json_t *o, void *rec);

/* An array of records: its elements that are objects, in order. */
static void decode_recv(enum gt_ev_kind sub, json_t *a, void *at)
{
	struct { size_t n; char *v; } *rv = at;
	size_t i, size = gt_kinds[sub].size;
	json_t *x;

	rv->n = 0;
	rv->v = json_array_size(a) ? gt_xcalloc(json_array_size(a), size) : NULL;
	json_array_foreach(a, i, x)
		if (json_is_object(x))
			decode_into(sub, x, rv->v + size * rv->n++);
}

/* One field: 1 when V has the declared type (or is null), else 0 and nothing is set. */
static int decode_field(const struct gt_field *f, json_t *v, char *at)
{
	if (json_is_null(v))
		return 1; /* present, and every member is already zero */
	switch (f->type) {
	case GT_T_STR:
		if (!json_is_string(v))
			return 0;
		*(const char **)at = json_string_value(v);
		return 1;
	case GT_T_TEXT:
		if (!json_is_string(v))
			return 0;
		((struct gt_text *)at)->s = json_string_value(v);
		((struct gt_text *)at)->n = json_string_length(v);
		return 1;
	case GT_T_INT:
		if (!json_is_integer(v))
			return 0;
		*(long long *)at = json_integer_value(v);
		return 1;
	case GT_T_NUM:
		if (!json_is_number(v))
			return 0;
		*(double *)at = json_number_value(v);
		return 1;
	case GT_T_BOOL:
		if (!json_is_boolean(v))
			return 0;
		*(int *)at = json_is_true(v);
		return 1;
	case GT_T_STRV:
	case GT_T_INTV:
	case GT_T_RECV:
		if (!json_is_array(v))
			return 0;
		if (f->type == GT_T_STRV)
			decode_strv((struct gt_strv *)at, v);
		else if (f->type == GT_T_INTV)
			decode_intv((struct gt_intv *)at, v);
		else
			decode_recv(f->sub, v, at);
		return 1;
	case GT_T_OBJ:
		if (!json_is_object(v))
			return 0;
		*(const json_t **)at = v;
		return 1;
	case GT_T_REC:
		/* "elf":false is present (not an ELF file) without a record */
		if (json_is_object(v))
			*(void **)at = gt_rec_decode(f->sub, v);
		return json_is_object(v) || json_is_false(v);
	}
	return 0;
}

/* The fields every event has, which the declaration leaves out. */
struct ev_common {
	uint64_t has;
	json_t *json;
	GT_EVENT_COMMON
};

static void decode_common(json_t *o, struct ev_common *c)
{
	json_t *ret = json_object_get(o, "ret");

	c->t = json_number_value(json_object_get(o, "t"));
	c->pid = (long)json_integer_value(json_object_get(o, "pid"));
	c->src = json_string_value(json_object_get(o, "src"));
	c->tid = json_integer_value(json_object_get(o, "tid"));
	c->has_ret = json_is_integer(ret);
	c->ret = json_integer_value(ret);
	c->err = json_string_value(json_object_get(o, "err"));
	c->trunc = json_is_true(json_object_get(o, "trunc"));
	c->fault = json_string_value(json_object_get(o, "fault"));
}

static void decode_into(enum gt_ev_kind kind, json_t *o, void *rec)
{
	const struct gt_kind *k = &gt_kinds[kind];
	uint64_t *has = rec;
	size_t i;
	json_t *v;

	*(json_t **)((char *)rec + offsetof(struct ev_common, json)) = json_incref(o);
	if (kind < GT_EV_NKINDS)
		decode_common(o, rec);
	for (i = 0; i < k->nfields; i++)
		if ((v = field_get(o, &k->fields[i])) && decode_field(&k->fields[i], v, (char *)rec + k->fields[i].off))
			*has |= (uint64_t)1 << i;
}

void *gt_rec_decode(enum gt_ev_kind kind, json_t *o)
{
	void *rec = gt_xcalloc(1, gt_kinds[kind].size);

	decode_into(kind, o, rec);
	return rec;
}

/* Everything REC holds, not REC itself. */
static void rec_release(enum gt_ev_kind kind, void *rec)
{
	const struct gt_kind *k = &gt_kinds[kind];
	size_t i, j;

	for (i = 0; i < k->nfields; i++) {
		char *at = (char *)rec + k->fields[i].off;
		switch (k->fields[i].type) {
		case GT_T_STRV:
			free(((struct gt_strv *)at)->v);
			break;
		case GT_T_INTV:
			free(((struct gt_intv *)at)->v);
			break;
		case GT_T_REC:
			gt_rec_free(k->fields[i].sub, *(void **)at);
			break;
		case GT_T_RECV: {
			struct { size_t n; char *v; } *rv = (void *)at;
			for (j = 0; j < rv->n; j++)
				rec_release(k->fields[i].sub, rv->v + j * gt_kinds[k->fields[i].sub].size);
			free(rv->v);
			break;
		}
		default:
			break;
		}
	}
	json_decref(*(json_t **)((char *)rec + offsetof(struct ev_common, json)));
}

struct gt_strv *gt_strv_dup(const struct gt_strv *sv)
{
	size_t i, bytes = 0;
	struct gt_strv *c;
	char *at;

	for (i = 0; i < sv->n; i++)
		bytes += sv->v[i] ? strlen(sv->v[i]) + 1 : 0;
	c = gt_xmalloc(sizeof(*c) + sv->n * sizeof(*c->v) + bytes);
	c->n = sv->n;
	c->v = (const char **)(c + 1);
	at = (char *)(c->v + sv->n);
	for (i = 0; i < sv->n; i++) {
		c->v[i] = NULL;
		if (sv->v[i]) {
			size_t n = strlen(sv->v[i]) + 1;
			c->v[i] = memcpy(at, sv->v[i], n);
			at += n;
		}
	}
	return c;
}

void gt_rec_free(enum gt_ev_kind kind, void *rec)
{
	if (!rec)
		return;
	rec_release(kind, rec);
	free(rec);
}
