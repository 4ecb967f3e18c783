/*
 * The event declaration (common/schema.def): the decoder fills each type
 * as declared and leaves out what is not, and docs/trace-format.md
 * documents exactly the fields declared — a field added to one and not the
 * other fails here.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzers/event.h"

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *o = json_loads(s, JSON_ALLOW_NUL, &e);

	cr_assert_not_null(o, "%s: %s", s, e.text);
	return o;
}

Test(schema, decodes_each_type)
{
	json_t *o = parse("{\"ev\":\"exec\",\"t\":1.5,\"pid\":7,\"src\":\"sys\",\"ppid\":3,\"path\":\"/bin/go\","
			  "\"argv\":[\"go\",1,\"build\"],\"interp\":null,\"env\":{\"A\":\"b\"},"
			  "\"env_diff\":{\"set\":{\"X\":\"1\"},\"unset\":[\"Y\"]},\"ret\":0}");
	struct gt_ev_exec *x = gt_rec_decode(GT_EV_exec, o);

	json_decref(o); /* the record holds its own reference */
	cr_expect_eq(x->ppid, 3);
	cr_expect_str_eq(x->path, "/bin/go");
	cr_expect_str_eq(x->src, "sys");
	cr_expect_eq(x->argv.n, 3);
	cr_expect_str_eq(x->argv.v[0], "go");
	cr_expect_null(x->argv.v[1], "a number in a string array is no string");
	cr_expect_str_eq(x->argv.v[2], "build");
	cr_expect(GT_HAS(x, exec, interp), "null is present");
	cr_expect_null(x->interp);
	cr_expect(!GT_HAS(x, exec, exe));
	cr_expect_str_eq(json_string_value(json_object_get(x->env, "A")), "b");
	cr_assert_not_null(x->env_diff);
	cr_expect_eq(x->env_diff->unset.n, 1);
	cr_expect(x->has_ret && x->ret == 0 && !x->err);
	gt_rec_free(GT_EV_exec, x);
}

Test(schema, wrong_types_are_left_out)
{
	json_t *o = parse("{\"ev\":\"exit\",\"ppid\":\"3\",\"code\":1.5,\"signal\":9,\"core\":1,\"stops\":[]}");
	struct gt_ev_exit *x = gt_rec_decode(GT_EV_exit, o);

	json_decref(o);
	cr_expect(!GT_HAS(x, exit, ppid) && !GT_HAS(x, exit, code) && !GT_HAS(x, exit, signal));
	cr_expect(!GT_HAS(x, exit, core) && !GT_HAS(x, exit, stops));
	cr_expect_eq(x->ppid, 0);
	cr_expect_null(x->signal);
	gt_rec_free(GT_EV_exit, x);
}

Test(schema, records_nested_and_renamed)
{
	json_t *o = parse("{\"ev\":\"stall\",\"reason\":\"stall\",\"quiet\":3,\"procs\":[{\"pid\":4,\"children\":[5,6],"
			  "\"sockets\":[{\"proto\":\"tcp\",\"port\":443,\"what\":\"SYN sent, no answer\"}]},7,"
			  "{\"pid\":8}]}");
	json_t *r = parse("{\"ev\":\"resolve\",\"host\":\"h\",\"errno\":11,\"ret\":-11,\"err\":\"EAI_SYSTEM\"}");
	json_t *f = parse("{\"ev\":\"exec\",\"path\":\"a.out\",\"err\":\"ENOEXEC\",\"elf\":false}");
	struct gt_ev_stall *s = gt_rec_decode(GT_EV_stall, o);
	struct gt_ev_resolve *x = gt_rec_decode(GT_EV_resolve, r);
	struct gt_ev_exec *e = gt_rec_decode(GT_EV_exec, f);

	cr_expect_eq(s->quiet, 3.0, "an integer is a number");
	cr_assert_eq(s->procs.n, 2, "what is not an object is left out of a record array");
	cr_expect_eq(s->procs.v[0].children.n, 2);
	cr_expect_eq(s->procs.v[0].children.v[1], 6);
	cr_assert_eq(s->procs.v[0].sockets.n, 1);
	cr_expect_eq(s->procs.v[0].sockets.v[0].port, 443);
	cr_expect_str_eq(s->procs.v[0].sockets.v[0].what, "SYN sent, no answer");
	cr_expect_eq(s->procs.v[1].pid, 8);
	cr_expect_eq(x->errno_, 11, "errno_ is the field errno");
	cr_expect_eq(x->ret, -11);
	cr_expect_str_eq(x->err, "EAI_SYSTEM");
	cr_expect(GT_HAS(e, exec, elf) && !e->elf, "elf:false is present, without a record");
	gt_rec_free(GT_EV_stall, s);
	gt_rec_free(GT_EV_resolve, x);
	gt_rec_free(GT_EV_exec, e);
	json_decref(o);
	json_decref(r);
	json_decref(f);
}

Test(schema, kinds_by_name)
{
	cr_expect_eq(gt_kind_of("open"), GT_EV_open);
	cr_expect_eq(gt_kind_of("end"), GT_EV_end);
	cr_expect_eq(gt_kind_of("host"), GT_EV_NKINDS, "a record is not an event kind");
	cr_expect_eq(gt_kind_of("nonesuch"), GT_EV_NKINDS);
	cr_expect(gt_kinds[GT_EV_open].writers & GT_W_KERNEL);
}

/* ---- docs/trace-format.md against the declaration ---- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	cr_assert_not_null(f, "%s cannot be read (the tests run from the top of the tree)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

static const char *const common_fields[] = {"ev", "t", "pid", "src", "tid", "ret", "err", "trunc", "fault", NULL};

static int is_common(const char *name, size_t n)
{
	size_t i;

	for (i = 0; common_fields[i]; i++)
		if (strlen(common_fields[i]) == n && !memcmp(common_fields[i], name, n))
			return 1;
	return 0;
}

/* The JSON name of field F (its C name without a trailing '_'), into OUT. */
static const char *json_name(const struct gt_field *f, char *out, size_t size)
{
	size_t n = strlen(f->name);

	snprintf(out, size, "%.*s", (int)(n - (f->name[n - 1] == '_')), f->name);
	return out;
}

/* The section whose "### " heading names `KIND` in DOC (with its subsections), as [*start, *end); 0 if none. */
static int section(const char *doc, const char *kind, const char **start, const char **end)
{
	char name[64];
	const char *p, *q, *nl;

	snprintf(name, sizeof(name), "`%s`", kind);
	for (p = strstr(doc, "\n### "); p; p = strstr(p + 1, "\n### ")) {
		nl = strchr(p + 1, '\n');
		q = strstr(p, name);
		if (q && (!nl || q < nl))
			break;
	}
	if (!p)
		return 0;
	p++;
	for (q = strchr(p, '\n'); q && strncmp(q, "\n### ", 5) && strncmp(q, "\n## ", 4); q = strchr(q + 1, '\n'))
		;
	*start = p;
	*end = q ? q : p + strlen(p);
	return 1;
}

/* Whether `NAME` (or "NAME", or NAME in a {a, b} list) is in [P, END). */
static int mentions(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	const char *q;

	for (q = p; (q = memmem(q, (size_t)(end - q), name, n)); q++) {
		char b = q > p ? q[-1] : ' ', a = q + n < end ? q[n] : ' ';
		if (strchr("`\"{ ,[", b) && strchr("`\"}, ]:", a) && !(b == ' ' && a == ' '))
			return 1;
	}
	return 0;
}

/* Whether NAME is declared in a kind documented in the section starting at SEC (KIND's or a kind sharing it). */
static int declared_here(const char *doc, const char *sec, const char *name)
{
	const char *p, *end;
	char fn[64];
	size_t kind, i;

	if (is_common(name, strlen(name)))
		return 1;
	for (kind = 0; kind < GT_EV_NKINDS; kind++)
		if (section(doc, gt_kinds[kind].name, &p, &end) && p == sec)
			for (i = 0; i < gt_kinds[kind].nfields; i++)
				if (!strcmp(json_name(&gt_kinds[kind].fields[i], fn, sizeof(fn)), name))
					return 1;
	return 0;
}

/* The names in backticks in the first cell of each table row of [P, END), checked against the declaration. */
static void first_cells(const char *doc, const char *p, const char *end, const char *kind, char *seen, size_t seensize)
{
	const char *l, *cell_end, *a, *b;
	char name[64];

	for (l = p; l && l < end; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, "| `", 3) || !(cell_end = strstr(l + 1, " |")) || cell_end > end)
			continue;
		for (a = strchr(l, '`'); a && a < cell_end && (b = strchr(a + 1, '`')) && b < cell_end;
		     a = strchr(b + 1, '`')) {
			snprintf(name, sizeof(name), "%.*s", (int)(b - a - 1), a + 1);
			cr_expect(declared_here(doc, p, name),
				  "docs/trace-format.md documents `%s` in `%s`, which common/schema.def does not declare", name,
				  kind);
			snprintf(seen + strlen(seen), seensize - strlen(seen), "`%s`", name);
		}
	}
}

/* Every field of record SUB (nested in an event documented in [P, END)) is named there. */
static void record_named(const char *p, const char *end, enum gt_ev_kind sub, const char *parent)
{
	const struct gt_kind *k = &gt_kinds[sub];
	char fn[64];
	size_t i;

	for (i = 0; i < k->nfields; i++) {
		json_name(&k->fields[i], fn, sizeof(fn));
		cr_expect(mentions(p, end, fn), "docs/trace-format.md's `%s` does not name `%s` of its %s records", parent,
			  fn, k->name);
		if (k->fields[i].type == GT_T_REC || k->fields[i].type == GT_T_RECV)
			record_named(p, end, k->fields[i].sub, parent);
	}
}

/* An event documented by a row "| `KIND` | fields |" (the shim's and the audit library's): its fields are in the row. */
static int row_documented(const char *doc, enum gt_ev_kind kind)
{
	const struct gt_kind *k = &gt_kinds[kind];
	char head[64], fn[64];
	const char *p, *end;
	size_t i;

	snprintf(head, sizeof(head), "\n| `%s` |", k->name);
	if (!(p = strstr(doc, head)))
		return 0;
	end = strchr(p + 1, '\n');
	end = end ? end : p + strlen(p);
	for (i = 0; i < k->nfields; i++)
		cr_expect(mentions(p, end, json_name(&k->fields[i], fn, sizeof(fn))),
			  "docs/trace-format.md's row of `%s` does not name its field `%s`", k->name, fn);
	return 1;
}

Test(schema, trace_format_documents_the_declaration)
{
	char *doc = slurp("docs/trace-format.md"), seen[4096], name[64], fn[72];
	const char *p, *end;
	size_t kind, i;

	for (kind = 0; kind < GT_EV_NKINDS; kind++) {
		const struct gt_kind *k = &gt_kinds[kind];
		if (!section(doc, k->name, &p, &end)) {
			cr_expect(row_documented(doc, (enum gt_ev_kind)kind), "docs/trace-format.md does not document `%s`",
				  k->name);
			continue;
		}
		seen[0] = '\0';
		first_cells(doc, p, end, k->name, seen, sizeof(seen));
		for (i = 0; i < k->nfields; i++) {
			snprintf(fn, sizeof(fn), "`%s`", json_name(&k->fields[i], name, sizeof(name)));
			cr_expect(strstr(seen, fn), "common/schema.def declares %s in `%s`, which the table of "
				  "docs/trace-format.md does not have", fn, k->name);
			if (k->fields[i].type == GT_T_REC || k->fields[i].type == GT_T_RECV)
				record_named(p, end, k->fields[i].sub, k->name);
		}
	}
	free(doc);
}
