/*
 * Toolchain: which go ran, which GOROOT it used and why, toolchain
 * switches, the tools that really compiled, and GOROOT mistakes
 * (GO-FACTS.md, "GOROOT" and "Toolchain switching").
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The value after FLAG in ARGV ("-goversion go1.26.8"), or NULL. */
static const char *arg_after(json_t *argv, const char *flag)
{
	size_t i;
	json_t *v;

	json_array_foreach(argv, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), flag))
			return json_string_value(json_array_get(argv, i + 1));
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
	*r = realloc(*r, (*n + 1) * sizeof(**r));
	if (!*r)
		abort();
	memset(&(*r)[*n], 0, sizeof(**r));
	(*r)[*n].root = strdup(root);
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
	char *s = NULL;
	int r;

	if (c->goroot_src == GT_SRC_ENV)
		r = asprintf(&s, "unset GOROOT (go finds its own installation from its location)");
	else if (c->goroot_src == GT_SRC_USER)
		r = asprintf(&s, "go env -u GOROOT (removes line %ld of %s)", c->goroot_line, c->user.path);
	else
		return NULL;
	if (r < 0)
		abort();
	return s;
}

static void goroot_evidence(struct gt_finding *f, const struct gt_goconf *c)
{
	if (c->goroot_src == GT_SRC_ENV)
		gt_finding_evidence(f, c->go->pid, c->x->t, c->x->line, NULL, 0,
				    "GOROOT=%s in the environment go was started with", c->goroot);
	else if (c->goroot_src == GT_SRC_USER)
		gt_finding_evidence(f, c->user.open_pid, c->user.open_t, c->user.open_line,
				    c->user.path, c->goroot_line, "GOROOT=%s in the user go env file",
				    c->goroot);
}

void gt_an_toolchain(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_goconf *c = gt_goconf(m);
	struct toolroot *roots = NULL, *mine = NULL;
	size_t nroots = 0, i, j;
	const struct gt_mexec *last;
	const struct gt_mproc *go = c->go;
	struct gt_finding *f;
	char *src, *ver, *last_root;
	const char *exe, *gover = NULL;

	if (!go) {
		if (strcmp(json_string_value(json_object_get(m->run, "mode")) ?: "", "ptrace")) {
			f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain-unseen",
					   "which go and GOROOT built cannot be determined: mode %s does "
					   "not see statically linked programs such as go",
					   json_string_value(json_object_get(m->run, "mode")) ?: "?");
			gt_finding_evidence(f, 0, 0, 1, NULL, 0, "the run header's mode and blind list");
		}
		return;
	}
	/* every tool run, by the GOROOT it came from */
	for (i = 0; i < m->nproc; i++) {
		const struct gt_mproc *p = m->procs[i];
		for (j = 0; j < p->nexecs; j++) {
			const char *name;
			char *root = gt_tool_goroot(p->execs[j].path, &name);
			struct toolroot *t;
			if (!root)
				continue;
			t = find_root(&roots, &nroots, root);
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
	for (i = 0; i < nroots; i++)
		if (roots[i].goversion && !gover)
			gover = roots[i].goversion;

	/* a switch: the same pid exec'd a second go */
	last = &go->execs[0];
	for (j = 1; j < go->nexecs; j++)
		if (gt_exec_is_go(&go->execs[j]))
			last = &go->execs[j];
	if (last != &go->execs[0]) {
		const char *sv = gt_env_get(last->env, "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION");
		const char *lexe = last->exe ? last->exe : last->path;
		char *lroot = gt_goroot_of_exe(lexe);
		const char *eroot = gt_env_get(last->env, "GOROOT");
		const struct gt_mopen *mod = NULL;
		size_t k;
		f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain-switch",
				   "go switched toolchains: pid %ld exec'd %s, then %s%s%s", go->pid,
				   go->execs[0].exe ? go->execs[0].exe : go->execs[0].path, last->path,
				   sv ? " for " : "", sv ? sv : "");
		gt_finding_evidence(f, go->pid, go->execs[0].t, go->execs[0].line, NULL, 0,
				    "first exec: %s", go->execs[0].path);
		gt_finding_evidence(f, go->pid, last->t, last->line, NULL, 0,
				    "second exec in the same pid: %s%s%s%s", last->path,
				    last->exe && strcmp(last->exe, last->path) ? " (really " : "",
				    last->exe && strcmp(last->exe, last->path) ? last->exe : "",
				    last->exe && strcmp(last->exe, last->path) ? ")" : "");
		if (sv)
			gt_finding_evidence(f, go->pid, last->t, last->line, NULL, 0,
					    "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION=%s set by the first go", sv);
		/* the go.mod or go.work the first go read before switching */
		for (k = 0; k < m->nopens; k++) {
			const struct gt_mopen *o = &m->opens[k];
			const char *b = strrchr(o->path, '/');
			b = b ? b + 1 : o->path;
			/* the first one go read (not one it wrote, as in an unpacked toolchain) */
			if (o->p == go && o->ok && o->read && o->line < last->line && !mod &&
			    (!strcmp(b, "go.mod") || !strcmp(b, "go.work")))
				mod = o;
		}
		if (mod) {
			FILE *fp = fopen(mod->path, "r");
			char line[1024];
			long no = 0, hit = 0, goline = 0;
			char what[1024] = "";
			while (fp && fgets(line, sizeof(line), fp)) {
				no++;
				line[strcspn(line, "\r\n")] = 0;
				if (!strncmp(line, "toolchain ", 10)) {
					hit = no;
					snprintf(what, sizeof(what), "%s", line);
				} else if (!strncmp(line, "go ", 3) && !goline) {
					goline = no;
					if (!hit)
						snprintf(what, sizeof(what), "%s", line);
				}
			}
			if (fp)
				fclose(fp);
			if (!hit)
				hit = goline;
			if (hit)
				gt_finding_evidence(f, go->pid, mod->t, mod->line, mod->path, hit,
						    "\"%s\" in %s, read by the first go", what, mod->path);
		}
		if (strstr(lexe, "/golang.org/toolchain@")) {
			const struct gt_mopen *dl = NULL;
			for (k = 0; k < m->nopens; k++)
				if (m->opens[k].creat && m->opens[k].ok && m->opens[k].line < last->line &&
				    strstr(m->opens[k].path, "/golang.org/toolchain/@v/") && !dl)
					dl = &m->opens[k];
			if (dl)
				gt_finding_evidence(f, dl->p ? dl->p->pid : 0, dl->t, dl->line, NULL, 0,
						    "downloaded in this run: go wrote %s (and more)", dl->path);
			else
				gt_finding_evidence(f, go->pid, last->t, last->line, NULL, 0,
						    "taken from the module cache (golang.org/toolchain); no "
						    "write there in this run, so it was not downloaded now");
		}
		else
			gt_finding_evidence(f, go->pid, last->t, last->line, NULL, 0,
					    "found as %s in PATH", strrchr(last->path, '/') ?
					    strrchr(last->path, '/') + 1 : last->path);
		last_root = eroot && eroot[0] ? strdup(eroot) : lroot;
		if (last_root != lroot)
			free(lroot);
	} else {
		last_root = NULL;
	}

	/* which go, which GOROOT, and how it was derived */
	exe = last->exe ? last->exe : last->path;
	ver = NULL;
	for (i = 0; i < nroots; i++)
		if (!strcmp(roots[i].root, last_root ? last_root : (c->goroot ? c->goroot : "")))
			mine = &roots[i];
	if (last_root) {
		f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain",
				   "%s at %s built, GOROOT %s (after the switch)",
				   mine && mine->goversion ? mine->goversion : "go", exe, last_root);
	} else {
		src = c->goroot_src == GT_SRC_DEFAULT ? strdup("derived from the go binary's location (GOROOT unset)")
						       : gt_source_text(c, c->goroot_src, c->goroot_line);
		if (c->goroot_src != GT_SRC_DEFAULT) {
			char *t = src;
			if (asprintf(&src, "GOROOT from %s", t) < 0)
				abort();
			free(t);
		}
		ver = gover ? strdup(gover) : (c->exe_goroot ? gt_goroot_version(c->exe_goroot) : NULL);
		f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "toolchain", "%s at %s, GOROOT %s — %s",
				   ver ? ver : "go (version unknown)", exe,
				   c->goroot ? c->goroot : "unknown", src);
		free(src);
	}
	gt_finding_evidence(f, go->pid, last->t, last->line, NULL, 0, "exec of %s", last->path);
	if (gover)
		gt_finding_evidence(f, mine && mine->first ? mine->first->pid : 0,
				    mine && mine->firstx ? mine->firstx->t : 0,
				    mine && mine->firstx ? mine->firstx->line : 0, NULL, 0,
				    "go passed -goversion %s to compile", gover);
	else if (ver && c->exe_goroot)
		gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s/VERSION, read after the run, says %s",
				    c->exe_goroot, ver);
	for (i = 0; i < nroots; i++)
		gt_finding_evidence(f, roots[i].first->pid, roots[i].firstx->t, roots[i].firstx->line,
				    NULL, 0, "tools from %s/pkg/tool: %u runs of%.*s", roots[i].root,
				    roots[i].n, (int)strlen(roots[i].names) - 1, roots[i].names);
	free(ver);

	/* GOROOT naming another installation than the go that ran */
	if (!last_root && c->goroot && c->exe_goroot && strcmp(c->goroot, c->exe_goroot) &&
	    c->goroot_src != GT_SRC_DEFAULT) {
		struct stat st;
		char *their = gt_goroot_version(c->goroot), *fix;
		const char *ours = gover;
		struct toolroot *t = NULL;
		for (i = 0; i < nroots; i++)
			if (!strcmp(roots[i].root, c->goroot))
				t = &roots[i];
		if (t && t->failed) {
			f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "goroot-mismatch",
					   "GOROOT=%s is another Go installation%s%s%s than the go that ran "
					   "(%s%s%s): its tools cannot work for this go",
					   c->goroot, their ? " (" : "", their ? their : "", their ? ")" : "",
					   exe, ours ? ", " : "", ours ? ours : "");
			goroot_evidence(f, c);
			gt_finding_evidence(f, t->failed->pid, t->failedx->t, t->failedx->line, NULL, 0,
					    "%s exec'd from that GOROOT%s%s, exit %d (%u tool runs from it)",
					    strrchr(t->failedx->path, '/') + 1,
					    ours ? " with -goversion " : "", ours ? ours : "",
					    t->failed->code, t->n);
			if (their)
				gt_finding_evidence(f, 0, 0, 0, NULL, 0,
						    "%s/VERSION, read after the run, says %s", c->goroot, their);
			gt_finding_evidence(f, go->pid, go->execs[0].t, go->execs[0].line, NULL, 0,
					    "the go binary's own installation is %s", c->exe_goroot);
			fix = src_fix(c);
			if (fix)
				gt_finding_fix(f, "%s", fix);
			free(fix);
		} else if (stat(c->goroot, &st) < 0 && gt_mproc_failed(go)) {
			const struct gt_mopen *o;
			char path[4096];
			snprintf(path, sizeof(path), "%s/go.env", c->goroot);
			o = gt_model_find_open(m, path);
			f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "goroot-missing",
					   "GOROOT=%s does not exist", c->goroot);
			goroot_evidence(f, c);
			if (o && !o->ok)
				gt_finding_evidence(f, go->pid, o->t, o->line, NULL, 0,
						    "go's open of %s failed: %s", path, o->err);
			gt_finding_evidence(f, 0, 0, 0, NULL, 0, "%s is absent after the run too", c->goroot);
			gt_finding_evidence(f, go->pid, go->t_exit, go->exit_line, NULL, 0,
					    "go exited %d without running a tool", go->code);
			fix = src_fix(c);
			if (fix)
				gt_finding_fix(f, "%s", fix);
			free(fix);
		} else {
			f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_WARNING, "goroot-other",
					   "GOROOT=%s is not the installation of the go that ran (%s)",
					   c->goroot, c->exe_goroot);
			goroot_evidence(f, c);
			fix = src_fix(c);
			if (fix)
				gt_finding_fix(f, "%s", fix);
			free(fix);
		}
		free(their);
	}

	/* a copied release binary: trimmed, so it finds GOROOT only from where it lies */
	if (!last_root && c->goroot_src == GT_SRC_DEFAULT && c->exe_goroot && gt_mproc_failed(go) &&
	    nroots == 0) {
		struct stat st;
		char tool[4096];
		snprintf(tool, sizeof(tool), "%s/pkg/tool", c->exe_goroot);
		if (stat(tool, &st) < 0) {
			f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_CAUSE, "go-copied",
					   "%s is not inside a Go installation (no %s), and GOROOT is unset: "
					   "a release go binary finds its GOROOT only from its location",
					   exe, tool);
			gt_finding_evidence(f, go->pid, go->execs[0].t, go->execs[0].line, NULL, 0,
					    "exec of %s with GOROOT unset", exe);
			gt_finding_evidence(f, go->pid, go->t_exit, go->exit_line, NULL, 0,
					    "go exited %d without running a tool", go->code);
			gt_finding_fix(f, "run go from its installation (a symlink to <GOROOT>/bin/go "
					  "works; a copy does not), or set GOROOT");
		}
	}
	free(last_root);
	for (i = 0; i < nroots; i++)
		free(roots[i].root);
	free(roots);
}
