/*
 * Failure: the first process whose failure made the command fail, its
 * status and what it wrote to stderr -- or, for compile and vet, which
 * print on stdout, what go relayed on its own stderr.
 */
#include "analyzers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR_LINES_MAX 12

struct gt_mproc *gt_culprit(struct gt_mproc *p)
{
	for (;;) {
		struct gt_mproc *best = NULL;
		size_t i;
		for (i = 0; i < p->nchild; i++) {
			struct gt_mproc *c = p->child[i];
			if (gt_mproc_failed(c) && (!best || c->t_exit >= best->t_exit))
				best = c;
		}
		if (!best)
			return p;
		p = best;
	}
}

const char *gt_pname(const struct gt_mproc *p)
{
	for (; p; p = p->parent)
		if (p->name)
			return p->name;
	return "?";
}

/* The last ERR_LINES_MAX lines of P's stderr as evidence. */
static void stderr_lines(struct gt_finding *f, const struct gt_mproc *p, const char *who)
{
	const char *s = p->err.p, *end = s + p->err.len, *q;
	size_t total = 0, n = 0, skip;

	for (q = s; q < end; q++)
		if (*q == '\n')
			total++;
	if (end > s && end[-1] != '\n')
		total++;
	skip = total > ERR_LINES_MAX ? total - ERR_LINES_MAX : 0;
	gt_finding_evidence(f, p->pid, p->t_exit, p->err_line, NULL, 0, "%s wrote to stderr%s:", who,
			    skip ? " (last lines)" : "");
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n++ >= skip)
			gt_finding_evidence(f, p->pid, p->t_exit, p->err_line, NULL, 0, "  %.*s",
					    (int)len, s);
		s += len + (nl ? 1 : 0);
	}
}

void gt_an_failure(const struct gt_model *m, struct gt_findings *fs)
{
	struct gt_mproc *root = m->root, *c, *a;
	struct gt_finding *f;
	size_t i;

	if (!root || !gt_mproc_failed(root))
		return;
	c = gt_culprit(root);
	{
	char by[160] = "";

	if (c != root && c->parent)
		snprintf(by, sizeof(by), ", started by %s, pid %ld", gt_pname(c->parent), c->parent->pid);
	if (c->signal)
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "failure",
				   "%s was killed by %s (pid %ld%s)", gt_pname(c), c->signal, c->pid, by);
	else
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "failure",
				   "%s exited %d (pid %ld%s)", gt_pname(c), c->code, c->pid, by);
	}
	if (c->nexecs && c != root) {
		const struct gt_mexec *x = &c->execs[c->nexecs - 1];
		char cmd[200];
		size_t k, n = 0;
		json_t *v;
		json_array_foreach(x->argv, k, v) {
			const char *arg = json_string_value(v);
			if (!arg || n >= sizeof(cmd) - 1)
				break;
			n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%s%s", k ? " " : "", arg);
		}
		if (n >= sizeof(cmd) - 1)
			strcpy(cmd + sizeof(cmd) - 4, "...");
		gt_finding_evidence(f, c->pid, x->t, x->line, NULL, 0, "command: %s", cmd);
	}
	gt_finding_evidence(f, c->pid, c->t_exit, c->exit_line, NULL, 0, "%s%s",
			    c->signal ? "killed by " : "exit ", c->signal ? c->signal : "");
	if (!c->signal) {
		/* the exit code goes into the text too */
		struct gt_evidence *e = &f->ev[f->nev - 1];
		free(e->text);
		if (asprintf(&e->text, "exit %d", c->code) < 0)
			abort();
	}
	if (c->err.len) {
		stderr_lines(f, c, gt_pname(c));
	} else {
		/* compile and vet print on stdout; go relays it on its own stderr */
		for (a = c->parent; a && !a->err.len; a = a->parent)
			;
		if (a) {
			char who[128];
			snprintf(who, sizeof(who), "it wrote nothing to stderr; %s (pid %ld)", gt_pname(a), a->pid);
			stderr_lines(f, a, who);
		}
	}
	/* explained by another finding? */
	if (gt_findings_get(fs, "goroot-mismatch") && c->nexecs && gt_goconf(m)->goroot) {
		const char *r = gt_goconf(m)->goroot;
		if (!strncmp(c->execs[c->nexecs - 1].path, r, strlen(r)) &&
		    !strncmp(c->execs[c->nexecs - 1].path + strlen(r), "/pkg/tool/", 10))
			f->see = strdup("goroot-mismatch");
	}
	for (i = 0; i < fs->n && !f->see; i++) {
		size_t j;
		if (fs->f[i].severity != GT_SEV_CAUSE || &fs->f[i] == f)
			continue;
		for (j = 0; j < fs->f[i].nev; j++)
			if (fs->f[i].ev[j].pid == c->pid || (c == root && fs->f[i].ev[j].pid == root->pid)) {
				f->see = strdup(fs->f[i].id);
				break;
			}
		if (f->see)
			break;
	}
}
