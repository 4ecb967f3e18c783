/*
 * Toolchain: which go ran, which GOROOT it used and why, toolchain
 * switches, the tools that really compiled, and GOROOT mistakes
 * (docs/facts.md, "Where GOROOT comes from" and "A toolchain switch
 * is a second exec in the same pid").
 */
#include "analyzers.h"
#include "settings.h"
#include "../common/files.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The value after FLAG in ARGV ("-goversion go1.26.8"), or NULL. */
static const char *arg_after(const struct gt_strv *argv, const char *flag)
{
	size_t i;

	for (i = 0; argv && i < argv->n; i++)
		if (argv->v[i] && !strcmp(argv->v[i], flag))
			return i + 1 < argv->n ? argv->v[i + 1] : NULL;
	return NULL;
}

/* Tools exec'd under a GOROOT, grouped by that GOROOT. */
struct toolroot {
	char *root;
	unsigned n;
	char names[128];
	const struct gt_mproc *first;  /* first tool exec from it */
	const struct gt_mexec *firstx;
	const struct gt_mproc *failed; /* first tool from it that failed */
	const struct gt_mexec *failedx;
	const char *goversion;         /* -goversion go passed to its compile */
};

static struct toolroot *find_root(struct toolroot **r, size_t *n, const char *root)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*r)[i].root, root))
			return &(*r)[i];
	*r = gt_xrealloc(*r, (*n + 1) * sizeof(**r));
	memset(&(*r)[*n], 0, sizeof(**r));
	(*r)[*n].root = gt_xstrdup(root);
	return &(*r)[(*n)++];
}

static void add_name(struct toolroot *t, const char *name)
{
	char tmp[40];

	snprintf(tmp, sizeof(tmp), " %s ", name);
	if (strstr(t->names, tmp) || strlen(t->names) + strlen(tmp) >= sizeof(t->names))
		return;
	if (!t->names[0])
		strcat(t->names, " ");
	strcat(t->names, name);
	strcat(t->names, " ");
}

static char *src_fix(const struct gt_goconf *c)
{
	if (c->goroot_src == GT_SRC_ENV)
		return gt_xstrdup("unset GOROOT (go finds its own installation from its location)");
	if (c->goroot_src == GT_SRC_USER)
		return gt_xasprintf("go env -u GOROOT (removes line %ld of %s)", c->goroot_line, c->user.path);
	return NULL;
}

static void goroot_evidence(struct gt_finding *f, const struct gt_goconf *c)
{
	if (c->goroot_src == GT_SRC_ENV)
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "GOROOT=%s in the environment go was started with", c->goroot);
	else if (c->goroot_src == GT_SRC_USER)
		gt_finding_evidence(f,
				    GT_AT_FILE(c->user.open_pid, c->user.open_t, c->user.open_line, c->user.path, c->goroot_line),
				    "GOROOT=%s in the user go env file", c->goroot);
}

/* What the toolchain rules share. */
struct tc {
	const struct gt_model *m;
	const struct gt_goconf *c;
	struct gt_findings *fs;
	const struct gt_mproc *go;   /* the main go process */
	struct toolroot *roots;      /* tools run, by the GOROOT they came from */
	size_t nroots;
	const char *gover;           /* -goversion go passed to a compile */
	const struct gt_mexec *last; /* the go exec that did the work (the second after a switch) */
	char *last_root;             /* after a switch: the GOROOT of the go switched to */
	const char *exe;             /* the binary of LAST */
};

/* every tool run, by the GOROOT it came from */
static void group_tools(struct tc *x)
{
	size_t i, j;

	for (i = 0; i < x->m->nproc; i++) {
		const struct gt_mproc *p = x->m->procs[i];
		for (j = 0; j < p->nexecs; j++) {
			const char *name;
			char *root = gt_tool_goroot(p->execs[j].path, &name);
			struct toolroot *t;
			if (!root)
				continue;
			t = find_root(&x->roots, &x->nroots, root);
			free(root);
			t->n++;
			add_name(t, name);
			if (!t->first) {
				t->first = p;
				t->firstx = &p->execs[j];
			}
			if (!strcmp(name, "compile") && !t->goversion)
				t->goversion = arg_after(p->execs[j].argv, "-goversion");
			if (j + 1 == p->nexecs && gt_mproc_failed(p) && !t->failed) {
				t->failed = p;
				t->failedx = &p->execs[j];
			}
		}
	}
	for (i = 0; i < x->nroots; i++)
		if (x->roots[i].goversion && !x->gover)
			x->gover = x->roots[i].goversion;
}

/* a switch: the same pid exec'd a second go; LAST is the go that did the work */
static void find_switch(struct tc *x)
{
	const struct gt_mproc *go = x->go;
	size_t j;

	x->last = &go->execs[0];
	for (j = 1; j < go->nexecs; j++)
		if (gt_exec_is_go(&go->execs[j]))
			x->last = &go->execs[j];
	if (x->last != &go->execs[0]) {
		const char *eroot = gt_env_get(x->last->env, "GOROOT");
		char *lroot = gt_goroot_of_exe(x->last->exe ? x->last->exe : x->last->path);
		x->last_root = eroot && eroot[0] ? gt_xstrdup(eroot) : lroot;
		if (x->last_root != lroot)
			free(lroot);
	}
	x->exe = x->last->exe ? x->last->exe : x->last->path;
}

/* the "toolchain" or "go" line of the go.mod or go.work the first go read before switching */
static void switch_modfile_evidence(const struct tc *x, struct gt_finding *f)
{
	const struct gt_mopen *mod = NULL;
	const struct gt_goset *tl, *gl = NULL;
	const struct gt_cfile *cf;
	size_t k;

	for (k = 0; k < x->m->nopens && !mod; k++) {
		const struct gt_mopen *o = &x->m->opens[k];
		const char *b = gt_base_name(o->path);
		/* the first one go read (not one it wrote, as in an unpacked toolchain) */
		if (o->p == x->go && o->ok && o->read && o->line < x->last->line &&
		    (!strcmp(b, "go.mod") || !strcmp(b, "go.work")))
			mod = o;
	}
	if (!mod)
		return;
	/* the toolchain line (the last, as go reads it), else the first go line */
	tl = gt_model_setting(x->m, mod->path, "toolchain", &cf);
	for (k = 0; !tl && k < cf->s.n && !gl; k++)
		if (!strcmp(cf->s.v[k].name, "go"))
			gl = &cf->s.v[k];
	if (tl || gl)
		gt_finding_evidence(f, GT_AT_FILE(x->go->pid, mod->t, mod->line, mod->path, (tl ? tl : gl)->line),
				    "\"%s %s\" in %s, read by the first go (the line %s)", tl ? "toolchain" : "go",
				    (tl ? tl : gl)->value, mod->path, gt_cf_when(cf));
}

/* where the go switched to came from: downloaded now, the module cache, or PATH */
static void switch_origin_evidence(const struct tc *x, struct gt_finding *f)
{
	const struct gt_mexec *last = x->last;
	const struct gt_mopen *dl = NULL;
	size_t k;

	if (!strstr(x->exe, "/golang.org/toolchain@")) {
		gt_finding_evidence(f, GT_AT(x->go->pid, last->t, last->line), "found as %s in PATH",
				    gt_base_name(last->path));
		return;
	}
	for (k = 0; k < x->m->nopens && !dl; k++) {
		const struct gt_mopen *o = &x->m->opens[k];
		if (o->creat && o->ok && o->line < last->line &&
		    strstr(o->path, "/golang.org/toolchain/@v/"))
			dl = o;
	}
	if (dl)
		gt_finding_evidence(f, GT_AT(dl->p ? dl->p->pid : 0, dl->t, dl->line), "downloaded in this run: go wrote %s (and more)", dl->path);
	else
		gt_finding_evidence(f, GT_AT(x->go->pid, last->t, last->line),
				    "taken from the module cache (golang.org/toolchain); no "
				    "write there in this run, so it was not downloaded now");
}

static void rule_switch(struct tc *x)
{
	const struct gt_mproc *go = x->go;
	const struct gt_mexec *first = &go->execs[0], *last = x->last;
	const char *sv = gt_env_get(last->env, "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION");
	int really = last->exe && strcmp(last->exe, last->path);
	struct gt_finding *f;

	if (last == first)
		return;
	f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain-switch",
			   "go switched toolchains: pid %ld exec'd %s, then %s%s%s", go->pid,
			   first->exe ? first->exe : first->path, last->path, sv ? " for " : "",
			   sv ? sv : "");
	gt_finding_evidence(f, GT_AT(go->pid, first->t, first->line), "first exec: %s", first->path);
	gt_finding_evidence(f, GT_AT(go->pid, last->t, last->line), "second exec in the same pid: %s%s%s%s", last->path,
			    really ? " (really " : "", really ? last->exe : "", really ? ")" : "");
	if (sv)
		gt_finding_evidence(f, GT_AT(go->pid, last->t, last->line), "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION=%s set by the first go", sv);
	switch_modfile_evidence(x, f);
	switch_origin_evidence(x, f);
}

/* which go, which GOROOT, and how it was derived */
static void rule_toolchain(struct tc *x)
{
	const struct gt_goconf *c = x->c;
	const struct toolroot *mine = NULL;
	struct gt_finding *f;
	char *ver = NULL, *src, vbuf[160];
	const char *how = NULL;
	size_t i;

	for (i = 0; i < x->nroots; i++)
		if (!strcmp(x->roots[i].root, x->last_root ? x->last_root : (c->goroot ? c->goroot : "")))
			mine = &x->roots[i];
	if (x->last_root) {
		f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain",
				   "%s at %s built, GOROOT %s (after the switch)",
				   mine && mine->goversion ? mine->goversion : "go", x->exe, x->last_root);
	} else {
		if (c->goroot_src == GT_SRC_DEFAULT) {
			src = gt_xstrdup("derived from the go binary's location (GOROOT unset)");
		} else {
			char *t = gt_source_text(c, c->goroot_src, c->goroot_line);
			src = gt_xasprintf("GOROOT from %s", t);
			free(t);
		}
		if (x->gover)
			ver = gt_xstrdup(x->gover);
		else if ((how = gt_model_goversion(x->m, x->exe, c->exe_goroot, vbuf, sizeof(vbuf))))
			ver = gt_xstrdup(vbuf);
		f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain",
				   "%s at %s, GOROOT %s — %s", ver ? ver : "go (version unknown)", x->exe,
				   c->goroot ? c->goroot : "unknown", src);
		free(src);
	}
	gt_finding_evidence(f, GT_AT(x->go->pid, x->last->t, x->last->line), "exec of %s", x->last->path);
	if (x->gover)
		gt_finding_evidence(f, GT_AT(mine && mine->first ? mine->first->pid : 0, mine && mine->firstx ? mine->firstx->t : 0,
					     mine && mine->firstx ? mine->firstx->line : 0),
				    "go passed -goversion %s to compile", x->gover);
	else if (ver && how && !strcmp(how, "recorded"))
		gt_finding_evidence(f, GT_AT(x->go->pid, x->last->t, x->last->line),
				    "%s says it is %s (its build information, recorded after the run)", x->exe, ver);
	else if (ver && c->exe_goroot)
		gt_finding_note(f, "%s/VERSION, read after the run, says %s", c->exe_goroot, ver);
	for (i = 0; i < x->nroots; i++)
		gt_finding_evidence(f, GT_AT(x->roots[i].first->pid, x->roots[i].firstx->t, x->roots[i].firstx->line),
				    "tools from %s/pkg/tool: %u runs of%.*s", x->roots[i].root, x->roots[i].n,
				    (int)strlen(x->roots[i].names) - 1, x->roots[i].names);
	free(ver);
}

static void fix_goroot_source(struct gt_finding *f, const struct gt_goconf *c)
{
	char *fix = src_fix(c);

	if (fix)
		gt_finding_fix(f, "%s", fix);
	free(fix);
}

/* GOROOT's tools ran for this go and failed: another installation */
static void goroot_mismatch(struct tc *x, const struct toolroot *t)
{
	const struct gt_goconf *c = x->c;
	char vbuf[160], *their = NULL;
	const char *ours = x->gover;
	const char *how = gt_model_goversion(x->m, t->failedx->exe ? t->failedx->exe : t->failedx->path, c->goroot,
					     vbuf, sizeof(vbuf));
	struct gt_finding *f;

	if (how)
		their = gt_xstrdup(vbuf);

	f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "goroot-mismatch",
			   "GOROOT=%s is another Go installation%s%s%s than the go that ran "
			   "(%s%s%s): its tools cannot work for this go",
			   c->goroot, their ? " (" : "", their ? their : "", their ? ")" : "",
			   x->exe, ours ? ", " : "", ours ? ours : "");
	goroot_evidence(f, c);
	gt_finding_evidence(f, GT_AT(t->failed->pid, t->failedx->t, t->failedx->line),
			    "%s exec'd from that GOROOT%s%s, exit %d (%u tool runs from it)",
			    gt_base_name(t->failedx->path), ours ? " with -goversion " : "", ours ? ours : "",
			    t->failed->code, t->n);
	if (their && !strcmp(how, "recorded"))
		gt_finding_evidence(f, GT_AT(t->failed->pid, t->failedx->t, t->failedx->line),
				    "%s was built as %s (its build information, recorded after the run)",
				    t->failedx->path, their);
	else if (their)
		gt_finding_note(f, "%s/VERSION, read after the run, says %s", c->goroot, their);
	gt_finding_evidence(f, GT_AT(x->go->pid, x->go->execs[0].t, x->go->execs[0].line), "the go binary's own installation is %s", c->exe_goroot);
	fix_goroot_source(f, c);
	free(their);
}

/* GOROOT names a directory that is not there, and go failed */
/* Whether some process of the run opened a file under DIR: then DIR was there, whatever is true now. */
static int opened_under(const struct gt_model *m, const char *dir)
{
	size_t i, n = strlen(dir);

	for (i = 0; i < m->nopens; i++)
		if (m->opens[i].ok && !strncmp(m->opens[i].path, dir, n) && m->opens[i].path[n] == '/')
			return 1;
	return 0;
}

static void goroot_missing(struct tc *x)
{
	const struct gt_goconf *c = x->c;
	const struct gt_mproc *go = x->go;
	const struct gt_mopen *o;
	struct gt_finding *f;
	char path[4096];

	snprintf(path, sizeof(path), "%s/go.env", c->goroot);
	o = gt_model_find_open(x->m, path);
	f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "goroot-missing",
			   "GOROOT=%s does not exist", c->goroot);
	goroot_evidence(f, c);
	if (o && !o->ok)
		gt_finding_evidence(f, GT_AT(go->pid, o->t, o->line), "go's open of %s failed: %s", path, o->err);
	gt_finding_note(f, "%s is absent after the run too", c->goroot);
	gt_finding_evidence(f, GT_AT(go->pid, go->t_exit, go->exit_line), "go exited %d without running a tool", go->code);
	fix_goroot_source(f, c);
}

/* GOROOT naming another installation than the go that ran */
static void rule_goroot(struct tc *x)
{
	const struct gt_goconf *c = x->c;
	const struct toolroot *t = NULL;
	struct gt_finding *f;
	struct stat st;
	size_t i;

	if (x->last_root || !c->goroot || !c->exe_goroot || !strcmp(c->goroot, c->exe_goroot) ||
	    c->goroot_src == GT_SRC_DEFAULT)
		return;
	for (i = 0; i < x->nroots; i++)
		if (!strcmp(x->roots[i].root, c->goroot))
			t = &x->roots[i];
	if (t && t->failed) {
		goroot_mismatch(x, t);
	} else if (!opened_under(x->m, c->goroot) && stat(c->goroot, &st) < 0 && gt_mproc_failed(x->go)) {
		goroot_missing(x); /* the trace shows nothing of it, and it is not here either */
	} else {
		f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_WARNING, "goroot-other",
				   "GOROOT=%s is not the installation of the go that ran (%s)",
				   c->goroot, c->exe_goroot);
		goroot_evidence(f, c);
		fix_goroot_source(f, c);
	}
}

/* a copied release binary: trimmed, so it finds GOROOT only from where it lies */
static void rule_copied(struct tc *x)
{
	const struct gt_goconf *c = x->c;
	const struct gt_mproc *go = x->go;
	struct gt_finding *f;
	struct stat st;
	char tool[4096];

	if (x->last_root || c->goroot_src != GT_SRC_DEFAULT || !c->exe_goroot ||
	    !gt_mproc_failed(go) || x->nroots)
		return;
	snprintf(tool, sizeof(tool), "%s/pkg/tool", c->exe_goroot);
	if (stat(tool, &st) == 0)
		return;
	f = gt_finding_add(x->fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "go-copied",
			   "%s is not inside a Go installation (no %s), and GOROOT is unset: "
			   "a release go binary finds its GOROOT only from its location",
			   x->exe, tool);
	gt_finding_evidence(f, GT_AT(go->pid, go->execs[0].t, go->execs[0].line), "exec of %s with GOROOT unset", x->exe);
	gt_finding_evidence(f, GT_AT(go->pid, go->t_exit, go->exit_line), "go exited %d without running a tool", go->code);
	gt_finding_fix(f, "run go from its installation (a symlink to <GOROOT>/bin/go "
			  "works; a copy does not), or set GOROOT");
}

/* The rules, each with the findings it can make and what they rest on. */
GT_RULES(rules, struct tc) = {
	{"toolchain-switch", "the go process exec'd a second go (and the go.mod line that asked)",
	 rule_switch},
	{"toolchain", "which go binary ran, its version and GOROOT, and the tools under each GOROOT",
	 rule_toolchain},
	{"goroot-mismatch goroot-missing goroot-other",
	 "GOROOT set to another installation than the binary's own, and what its tools did",
	 rule_goroot},
	{"go-copied", "a go binary outside any installation, GOROOT unset, no tool run", rule_copied},
};

void gt_an_toolchain(const struct gt_model *m, struct gt_findings *fs)
{
	struct tc x;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.m = m;
	x.c = gt_goconf(m);
	x.fs = fs;
	x.go = x.c->go;
	if (!x.go) {
		const char *mode = m->run->mode;
		if (strcmp(mode ? mode : "", "ptrace") && strcmp(mode ? mode : "", "none")) {
			struct gt_finding *f = gt_finding_add(
				fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain-unseen",
				"which go and GOROOT built cannot be determined: mode %s does "
				"not see statically linked programs such as go", mode ? mode : "?");
			gt_finding_evidence(f, GT_AT(0, 0, 1), "the run header's mode and blind list");
		}
		return;
	}
	group_tools(&x);
	find_switch(&x);
	GT_RULES_RUN(rules, &x);
	free(x.last_root);
	for (i = 0; i < x.nroots; i++)
		free(x.roots[i].root);
	free(x.roots);
}

/* go's own files (go.mod, go.sum, go.work, env files, VERSION, ...) and a toolchain download in the module cache */
int gt_toolchain_needs_open(const struct gt_open_view *o)
{
	return gt_file_kind(o->path, o->len) != GT_FK_NONE || memmem(o->path, o->len, "/golang.org/toolchain/@v/", 25);
}
