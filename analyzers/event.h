/*
 * Events as C structs, made from the one declaration in common/schema.def:
 * struct gt_ev_KIND for every event kind and nested record, a table of its
 * fields, and the decoder that fills a struct from a parsed line. The
 * reader decodes each line once (gt_event_rec); the model keeps the
 * structs it needs and hands them to the analyzers, which read fields, not
 * JSON.
 *
 * A decoded record borrows its strings from the JSON it was read from and
 * holds a reference to it: it stays valid until gt_rec_free, whoever else
 * lets the JSON go.
 */
#ifndef GT_EVENT_H
#define GT_EVENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/schema.h"

struct gt_text {
	const char *s; /* NULL when absent */
	size_t n;      /* bytes; the text may hold NULs (what a program wrote) */
};

struct gt_strv {
	size_t n;
	const char **v; /* entries that are not strings are NULL */
};

struct gt_intv {
	size_t n;
	long long *v;
};

/* C types of the field types */
#define GT_CT_STR const char *
#define GT_CT_TEXT struct gt_text
#define GT_CT_INT long long
#define GT_CT_NUM double
#define GT_CT_BOOL int
#define GT_CT_STRV struct gt_strv
#define GT_CT_INTV struct gt_intv
#define GT_CT_OBJ const json_t *
#define GT_CT_REC(r) struct gt_ev_##r *
#define GT_CT_RECV(r) struct { size_t n; struct gt_ev_##r *v; }

/*
 * struct gt_ev_KIND: HAS has bit GT_F_kind_name set for each field the line
 * had; JSON is the parsed object it borrows from. Events also have the
 * fields every event has.
 */
#define GT_MEMBER(k, type, name) GT_CT_##type name;
#define GT_COMMON                                                         \
	uint64_t has;                                                     \
	json_t *json;
#define GT_EVENT_COMMON                                                   \
	double t;                                                         \
	long pid;                                                         \
	size_t line;     /* the trace line, from 1 (set by the reader) */  \
	const char *src; /* "sys", "preload", "audit"; NULL when absent */ \
	long long tid;   /* 0 when absent */                             \
	long long ret;   /* 0 when absent: test has_ret */               \
	int has_ret;                                                      \
	const char *err; /* the errno name, NULL when none */            \
	int trunc;                                                        \
	const char *fault; /* the shim's: an argument it could not read */
#define GT_DECL_STRUCT(k, w) struct gt_ev_##k;
GT_EVENTS(GT_DECL_STRUCT)
GT_RECORDS(GT_DECL_STRUCT)
#undef GT_DECL_STRUCT
#define GT_EVENT_STRUCT(k, w) struct gt_ev_##k { GT_COMMON GT_EVENT_COMMON GT_FIELDS_##k(GT_MEMBER, k) };
#define GT_RECORD_STRUCT(k, w) struct gt_ev_##k { GT_COMMON GT_FIELDS_##k(GT_MEMBER, k) };
GT_RECORDS(GT_RECORD_STRUCT)
GT_EVENTS(GT_EVENT_STRUCT)
#undef GT_EVENT_STRUCT
#undef GT_RECORD_STRUCT
#undef GT_MEMBER

/* The parsed object record REC (any kind) was decoded from. */
static inline json_t *gt_rec_json(const void *rec)
{
	return ((const struct { uint64_t has; json_t *json; } *)rec)->json;
}

/* Whether record R (a struct gt_ev_KIND *) had field NAME. */
#define GT_HAS(r, kind, name) (((r)->has >> GT_F_##kind##_##name) & 1)

/* One field of the declaration. */
struct gt_field {
	const char *name;  /* its JSON name (a trailing '_' of the C name dropped: errno_) */
	enum gt_ftype type;
	size_t off;        /* offsetof in the struct */
	enum gt_ev_kind sub; /* REC, RECV: the record */
};
struct gt_kind {
	const char *name;
	unsigned writers;  /* GT_W_* */
	size_t size;       /* sizeof(struct gt_ev_KIND) */
	const struct gt_field *fields;
	size_t nfields;
};
extern const struct gt_kind gt_kinds[GT_EV_NALL];

/* The kind named NAME (GT_EV_NKINDS when none: a kind this gotrace does not know). */
enum gt_ev_kind gt_kind_of(const char *name);

/*
 * A new struct gt_ev_KIND (KIND an event kind or a record) filled from
 * object O, which it takes a reference to. Fields of another type than
 * declared are left out (a reader ignores what it does not know), so this
 * cannot fail. Released with gt_rec_free.
 */
void *gt_rec_decode(enum gt_ev_kind kind, json_t *o);
void gt_rec_free(enum gt_ev_kind kind, void *rec);
/* A copy of SV that owns its strings, in one allocation (one free). */
struct gt_strv *gt_strv_dup(const struct gt_strv *sv);

#endif
