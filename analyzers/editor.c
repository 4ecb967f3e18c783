/*
 * Editors: a trace whose command is gopls, the language server an editor
 * starts. What the editor's user needs to know is which go gopls ran and
 * with which settings, since the editor's environment is not the
 * terminal's; the go commands gopls cancels (it interrupts a go list or go
 * mod tidy it no longer needs) are its normal work, and the model already
 * tells them from failures (model.c, "cancelled").
 */
#include "analyzers.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A variable that changes what go does: the names `go env` lists, and CGO_*. */
static int go_setting(const char *name)
{
	static const char *const names[] = {
		"AR", "CC", "CXX", "FC", "GCCGO", "GO111MODULE", "GOAMD64", "GOARCH", "GOARM", "GOARM64",
		"GOAUTH", "GOBIN", "GOCACHE", "GOCACHEPROG", "GODEBUG", "GOENV", "GOEXPERIMENT", "GOFIPS140",
		"GOFLAGS", "GOINSECURE", "GOMIPS", "GOMIPS64", "GOMODCACHE", "GONOPROXY", "GONOSUMDB", "GOOS",
		"GOPATH", "GOPPC64", "GOPRIVATE", "GOPROXY", "GORISCV64", "GOROOT", "GOSUMDB", "GOTELEMETRY",
		"GOTELEMETRYDIR", "GOTMPDIR", "GOTOOLCHAIN", "GOVCS", "GOWASM", "GOWORK", "PKG_CONFIG",
	};
	size_t i;

	if (!strncmp(name, "CGO_", 4))
		return 1;
	for (i = 0; i < GT_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* The user go env file's value of NAME, and its line; NULL when the file does not set it. */
static const struct gt_envline *user_value(const struct gt_goconf *c, const char *name)
{
	size_t i;

	if (c->user.state != GT_FILE_READ)
		return NULL;
	for (i = 0; i < c->user.n; i++)
		if (!strcmp(c->user.v[i].name, name))
			return &c->user.v[i];
	return NULL;
}

static void editor_env(const struct gt_model *m, const struct gt_goconf *c, struct gt_findings *fs)
{
	struct gt_buf list = {0};
	char word[4200];
	struct gt_finding *f;
	const char *name, *over = NULL;
	json_t *v;
	size_t n = 0;

	json_object_foreach(c->env, name, v) {
		const char *val = json_string_value(v);
		const struct gt_envline *u;
		if (!val || !go_setting(name))
			continue;
		gt_buf_printf(&list, "%s%s=%s", n++ ? ", " : "", name, val);
		if ((u = user_value(c, name)) && strcmp(u->value, val) && !over)
			over = name;
	}
	if (!n) {
		f = gt_finding_add(fs, GT_SUBJ_CONFIG, GT_SEV_INFO, "editor-env",
				   "gopls started go with no Go setting in its environment: go's own files and "
				   "defaults decided everything");
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "exec of %s", c->x->path);
		gt_buf_free(&list);
		return;
	}
	f = gt_finding_add(fs, GT_SUBJ_CONFIG, over ? GT_SEV_WARNING : GT_SEV_INFO, "editor-env",
			   "gopls started go with %s in its environment (the editor's, not your shell's)%s%s%s",
			   gt_text(&list), over ? "; " : "", over ? over : "",
			   over ? " there overrides the user go env file" : "");
	json_object_foreach(c->env, name, v) {
		const char *val = json_string_value(v);
		const struct gt_envline *u;
		if (!val || !go_setting(name))
			continue;
		gt_finding_evidence(f, GT_AT(c->go->pid, c->x->t, c->x->line), "%s=%s in the environment gopls started go with", name, val);
		if ((u = user_value(c, name)) && strcmp(u->value, val))
			gt_finding_evidence(f,
					    GT_AT_FILE(c->user.open_pid, c->user.open_t, c->user.open_line, c->user.path, u->line),
					    "%s=%s in the user go env file, overridden", name, u->value);
	}
	gt_finding_fix(f, "compare with a run from your shell: gotrace -o term.jsonl go build ./... && "
		       "gotrace report --against term.jsonl %s", gt_sh_word(m->path, word, sizeof(word)));
	gt_buf_free(&list);
}

void gt_an_editor(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_mproc *root = m->root;
	const struct gt_goconf *c = gt_goconf(m);
	const struct gt_mproc *first = NULL;
	struct gt_finding *f;
	unsigned runs = 0, cancelled = 0, failed = 0;
	size_t i;

	if (!root || !root->name || strcmp(root->name, "gopls"))
		return;
	for (i = 0; i < root->nchild; i++) {
		const struct gt_mproc *p = root->child[i];
		if (!p->nexecs || !gt_exec_is_go(&p->execs[0]))
			continue;
		runs++;
		cancelled += p->cancelled;
		failed += gt_mproc_failed(p);
		if (!first)
			first = p;
	}
	if (!runs) {
		f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "editor-go",
				   "gopls ran no go command%s", m->live == 1 ? " so far" : "");
		gt_finding_evidence(f, GT_AT(root->pid, root->t_start, root->nexecs ? root->execs[0].line : 0), "gopls, pid %ld", root->pid);
		return;
	}
	f = gt_finding_add(fs, GT_SUBJ_TOOLCHAIN, GT_SEV_INFO, "editor-go",
			   "gopls ran %s %u time%s%s; %u cancelled by gopls (its normal work), %u failed",
			   first->execs[0].path, runs, runs == 1 ? "" : "s", m->live == 1 ? " so far" : "",
			   cancelled, failed);
	gt_finding_evidence(f, GT_AT(first->pid, first->execs[0].t, first->execs[0].line),
			    "the first: exec of %s (pid %ld, started by gopls, pid %ld)", first->execs[0].path,
			    first->pid, root->pid);
	for (i = 0; i < root->nchild; i++) {
		const struct gt_mproc *p = root->child[i];
		if (p->cancelled && p->nexecs && gt_exec_is_go(&p->execs[0])) {
			gt_finding_evidence(f, GT_AT(p->sig_by, p->sig_t, p->sig_line),
					    "gopls sent %s to go (pid %ld), which then %s", p->sig_first, p->pid,
					    p->signal ? "died of it" : "exited");
			break;
		}
	}
	if (c->go && c->env)
		editor_env(m, c, fs);
}
