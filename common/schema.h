/*
 * The numbers the declaration of the trace's events (schema.def) gives:
 * every kind, and every field of every kind, for the writers (wrap/,
 * preload/) and the reader (analyzers/event.h). GT_KEY names a field
 * where a writer writes it, and does not compile for a field its kind
 * does not declare.
 */
#ifndef GT_SCHEMA_H
#define GT_SCHEMA_H

#include "schema.def"

/* the kinds and records, numbered */
#define GT_KIND_ENUM(k, w) GT_EV_##k,
enum gt_ev_kind {
	GT_EVENTS(GT_KIND_ENUM)
	GT_EV_NKINDS,
	GT_RECORDS(GT_KIND_ENUM)
	GT_EV_NALL
};
#undef GT_KIND_ENUM

/* the fields of each, numbered within it: GT_F_kind_name */
#define GT_FIELD_ENUM(k, type, name) GT_F_##k##_##name,
#define GT_KIND_FIELDS(k, w) enum { GT_FIELDS_##k(GT_FIELD_ENUM, k) GT_NF_##k };
GT_EVENTS(GT_KIND_FIELDS)
GT_RECORDS(GT_KIND_FIELDS)
#undef GT_KIND_FIELDS
#undef GT_FIELD_ENUM

enum gt_ftype { GT_T_STR, GT_T_TEXT, GT_T_INT, GT_T_NUM, GT_T_BOOL, GT_T_STRV, GT_T_INTV, GT_T_OBJ, GT_T_REC, GT_T_RECV };

/*
 * The JSON name of field F of kind K, as a string constant: "F". Fails to
 * compile when K does not declare F, so a writer writes only declared
 * fields. (resolve's errno_, whose JSON name is a macro in C, is the
 * one field the shim writes by its literal name.)
 */
#define GT_KEY(k, f) ((void)sizeof(char[GT_F_##k##_##f + 1]), #f)

/*
 * The members every event has (ev, t, pid, src, tid, ret, err, trunc,
 * fault), which schema.def does not repeat in each kind: GT_KEY_COMMON
 * names one of them, and does not compile for any other name.
 */
enum { GT_C_ev, GT_C_t, GT_C_pid, GT_C_src, GT_C_tid, GT_C_ret, GT_C_err, GT_C_trunc, GT_C_fault, GT_NCOMMON };
#define GT_KEY_COMMON(f) ((void)sizeof(char[GT_C_##f + 1]), #f)

#endif
