/*
 * tracecheck TRACE...: every line of a trace gotrace wrote holds only what
 * common/schema.def declares, with the declared types — whichever layer
 * wrote it (the tracer, the shim, the audit library, the in-kernel
 * recorder's drain). tests/e2e/t_schema.sh runs it on the traces of real
 * runs in every mode. One line per problem ("FILE:LINE: what"); exit 1 if
 * any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/event.h"

static unsigned long problems;

static void bad(const char *file, size_t line, const char *what, const char *kind, const char *key)
{
	if (++problems <= 50)
		printf("%s:%zu: %s: %s.%s\n", file, line, what, kind, key);
}

/* The fields every event has, and their JSON types. */
static int common_ok(const char *key, json_t *v, int *known)
{
	static const struct {
		const char *key;
		json_type type;
	} c[] = {{"ev", JSON_STRING}, {"t", JSON_REAL}, {"pid", JSON_INTEGER}, {"src", JSON_STRING},
		 {"tid", JSON_INTEGER}, {"ret", JSON_INTEGER}, {"err", JSON_STRING}, {"trunc", JSON_TRUE},
		 {"fault", JSON_STRING}};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (!strcmp(c[i].key, key)) {
			*known = 1;
			/* t is written with a decimal point; 0 may come as an integer */
			return json_typeof(v) == c[i].type || (c[i].type == JSON_REAL && json_is_integer(v));
		}
	*known = 0;
	return 0;
}

static const struct gt_field *field_of(enum gt_ev_kind kind, const char *key)
{
	const struct gt_kind *k = &gt_kinds[kind];
	size_t i, n;

	for (i = 0; i < k->nfields; i++) {
		n = strlen(k->fields[i].name);
		n -= k->fields[i].name[n - 1] == '_';
		if (strlen(key) == n && !strncmp(k->fields[i].name, key, n))
			return &k->fields[i];
	}
	return NULL;
}

static void check_object(const char *file, size_t line, enum gt_ev_kind kind, json_t *o);

static int all_of(json_t *a, json_type type)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_typeof(v) != type)
			return 0;
	return 1;
}

/* Whether V has F's declared type (a record is checked inside too). */
static int type_ok(const char *file, size_t line, const struct gt_field *f, json_t *v)
{
	size_t i;
	json_t *x;

	switch (f->type) {
	case GT_T_STR:
		return json_is_string(v) || json_is_null(v);
	case GT_T_TEXT:
		return json_is_string(v);
	case GT_T_INT:
		return json_is_integer(v);
	case GT_T_NUM:
		return json_is_number(v);
	case GT_T_BOOL:
		return json_is_boolean(v);
	case GT_T_STRV:
		return json_is_array(v) && all_of(v, JSON_STRING);
	case GT_T_INTV:
		return json_is_array(v) && all_of(v, JSON_INTEGER);
	case GT_T_OBJ:
		return json_is_object(v);
	case GT_T_REC:
		if (json_is_object(v))
			check_object(file, line, f->sub, v);
		return json_is_object(v) || json_is_false(v);
	case GT_T_RECV:
		if (!json_is_array(v) || !all_of(v, JSON_OBJECT))
			return 0;
		json_array_foreach(v, i, x)
			check_object(file, line, f->sub, x);
		return 1;
	}
	return 0;
}

static void check_object(const char *file, size_t line, enum gt_ev_kind kind, json_t *o)
{
	const struct gt_field *f;
	const char *key;
	json_t *v;
	int known;

	json_object_foreach(o, key, v) {
		if (kind < GT_EV_NKINDS && (common_ok(key, v, &known) || known)) {
			if (!common_ok(key, v, &known))
				bad(file, line, "a common field of another type", gt_kinds[kind].name, key);
			continue;
		}
		if (!(f = field_of(kind, key)))
			bad(file, line, "not declared in common/schema.def", gt_kinds[kind].name, key);
		else if (!type_ok(file, line, f, v))
			bad(file, line, "not of the declared type", gt_kinds[kind].name, key);
	}
}

static void check_file(const char *file)
{
	FILE *in = fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0, line = 0;
	ssize_t n;

	if (!in) {
		printf("%s: cannot open\n", file);
		problems++;
		return;
	}
	while ((n = getline(&buf, &cap, in)) > 0) {
		json_error_t e;
		json_t *o = json_loadb(buf, (size_t)n, JSON_ALLOW_NUL, &e);
		enum gt_ev_kind kind;

		line++;
		kind = gt_kind_of(json_string_value(json_object_get(o, "ev")));
		if (!json_is_object(o))
			bad(file, line, "not a JSON object", "?", e.text);
		else if (kind == GT_EV_NKINDS)
			bad(file, line, "an event kind common/schema.def does not declare",
			    json_string_value(json_object_get(o, "ev")) ?: "(none)", "ev");
		else
			check_object(file, line, kind, o);
		json_decref(o);
	}
	free(buf);
	fclose(in);
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: tracecheck TRACE...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		check_file(argv[i]);
	if (problems > 50)
		printf("... %lu problems in all\n", problems);
	return problems ? 1 : 0;
}
