/*
 * Failure: the first process whose failure made the command fail, its
 * status and what it wrote to stderr -- or, for compile and vet, which
 * print on stdout, what go relayed on its own stderr.
 */
#include "analyzers.h"
#include "../common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR_LINES_MAX 12

/*
 * A run whose failure is normal by design: go's probes. `git config ...`
 * (go asks git for settings such as extensions.objectformat; exit 1 means
 * "not set"); a compiler asked whether it supports a flag, which compiles
 * stdin to /dev/null (go's gccSupportsFlag); cgo's compiles of a generated
 * cgo-gcc-input-*.c, whose errors tell it what kind each C name is; and
 * link's compile of trivial.c to test the external linker's flags.
 */
static int has_arg(const struct gt_mproc *c, const char *arg)
{
	size_t i;

	for (i = 0; c->argv && i < c->argv->n; i++)
		if (c->argv->v[i] && !strcmp(c->argv->v[i], arg))
			return 1;
	return 0;
}

/* Argument I of C's argv, NULL past its end or when it was not a string. */
static const char *arg_at(const struct gt_mproc *c, size_t i)
{
	return c->argv && i < c->argv->n ? c->argv->v[i] : NULL;
}

static int is_probe(const struct gt_mproc *c)
{
	const char *a1 = arg_at(c, 1);
	size_t i, n = c->argv ? c->argv->n : 0;

	/* the command gotrace started is never a probe, whatever its argv: go did not start it */
	if (!c->name || !c->parent)
		return 0;
	if (!strcmp(c->name, "git") && a1 && !strcmp(a1, "config"))
		return 1;
	for (i = 1; i < n; i++) {
		const char *a = arg_at(c, i), *b = arg_at(c, i + 1);
		const char *pn = c->parent ? c->parent->name : NULL;
		if (!a)
			continue;
		if (b && !strcmp(a, "-o") && !strcmp(b, "/dev/null"))
			return 1;
		/* not cgo's preprocessor run (-E), whose failure is a real one */
		if (pn && !strcmp(pn, "cgo") && strstr(gt_base_name(a), "cgo-gcc-input-") && !has_arg(c, "-E"))
			return 1;
		if (pn && !strcmp(pn, "link") && !strcmp(gt_base_name(a), "trivial.c"))
			return 1;
	}
	return 0;
}

int gt_mproc_in_probe(const struct gt_mproc *p)
{
	for (; p; p = p->parent)
		if (is_probe(p))
			return 1;
	return 0;
}

/* The first non-empty line of C's stderr appears in P's: P relayed C's error. */
static int relayed_by(const struct gt_mproc *c, const struct gt_mproc *p)
{
	const char *s = gt_text(&c->err), *end = s + c->err.len;

	if (!c->err.len || !p->err.len)
		return 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
			len--;
		if (len >= 8)
			return memmem(gt_text(&p->err), p->err.len, s, len > 200 ? 200 : len) != NULL;
		s += (nl ? (size_t)(nl - s) + 1 : len);
		if (!nl)
			break;
	}
	return 0;
}

/* C's failure comes down to a process killed by SIGPIPE: its reader went away first. */
static int collateral(struct gt_mproc *c)
{
	const struct gt_mproc *leaf = gt_culprit(c);

	return leaf->signal && !strcmp(leaf->signal, "SIGPIPE");
}

struct gt_mproc *gt_culprit(struct gt_mproc *p)
{
	for (;;) {
		struct gt_mproc *best = NULL, *relayed = NULL, *pipe = NULL;
		size_t i;
		for (i = 0; i < p->nchild; i++) {
			struct gt_mproc *c = p->child[i];
			if (!gt_mproc_failed(c) || is_probe(c))
				continue;
			/* killed by SIGPIPE: its reader died first, usually a failed sibling */
			if (collateral(c)) {
				if (!pipe || c->t_exit >= pipe->t_exit)
					pipe = c;
				continue;
			}
			if (relayed_by(c, p) && (!relayed || c->t_exit >= relayed->t_exit))
				relayed = c;
			if (!best || c->t_exit >= best->t_exit)
				best = c;
		}
		if (relayed)
			best = relayed;
		if (!best)
			best = pipe;
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
	/* more than the model keeps from the start: the last lines are in its tail */
	int tail = p->err_trunc && p->err_tail.len;
	const char *s = tail ? gt_text(&p->err_tail) : gt_text(&p->err), *end = s + (tail ? p->err_tail.len : p->err.len), *q;
	size_t total = 0, n = 0, skip;
	char gap[96] = "";

	for (q = s; q < end; q++)
		if (*q == '\n')
			total++;
	if (end > s && end[-1] != '\n')
		total++;
	skip = total > ERR_LINES_MAX ? total - ERR_LINES_MAX : 0;
	if (p->err_skipped)
		snprintf(gap, sizeof(gap), "; the trace does not hold %llu bytes it wrote before them)",
			 p->err_skipped);
	gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, tail ? p->err_last_line : p->err_line),
			    "%s wrote to stderr%s%s:", who, skip || tail ? " (last lines" : "",
			    skip || tail ? (gap[0] ? gap : ")") : "");

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s), shown = len;
		/* a CR before the newline (ssh writes CRLF) ends the line; it is not a character of it */
		while (shown && s[shown - 1] == '\r')
			shown--;
		if (n++ >= skip)
			gt_finding_evidence(f, GT_AT(p->pid, p->t_exit, p->err_line), "  %.*s", (int)shown, s);
		s += len + (nl ? 1 : 0);
	}
}

/* The 32-bit kind of program a 64-bit kernel of HOST can run only with its compat layer. */
static const char *compat_machine(const char *host)
{
	if (!strcmp(host, "x86_64"))
		return "i386";
	if (!strcmp(host, "aarch64"))
		return "arm";
	if (!strcmp(host, "ppc64") || !strcmp(host, "ppc64le"))
		return "ppc";
	if (!strcmp(host, "s390x"))
		return "s390";
	return NULL;
}

/*
 * C's last exec was refused with ENOEXEC and C never ran another program:
 * say what the refused file is, as the tracer read it right after the
 * refusal (ELF class and machine). Nothing is said about an ELF file built
 * for this very machine (a damaged file, or something else): the trace does
 * not show why the kernel refused it.
 */
static struct gt_finding *exec_refused(const struct gt_model *m, struct gt_findings *fs,
				       const struct gt_mproc *c)
{
	const char *path = c->xfail.path, *mach = c->xfail.machine, *host, *cm, *goarch = NULL;
	struct gt_finding *f;
	int x32;

	if (!path || strcmp(c->xfail.err, "ENOEXEC") || c->xfail.elf < 0)
		return NULL;
	host = m->run->host ? m->run->host->arch : NULL;
	if (c->xfail.elf == 0) {
		/*
		 * A shell given a file without #! runs it itself after ENOEXEC:
		 * then the file did run. Only the exit codes of a process that
		 * gave up say it did not (126 shells and gotrace, 127
		 * posix_spawn, 253 Go's os/exec child).
		 */
		if (c->signal || (c->code != 126 && c->code != 127 && c->code != 253))
			return NULL;
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "exec-refused",
				   "%s is not a program this kernel can run: not an ELF file, and no "
				   "usable #! line (execve: ENOEXEC)", path);
		gt_finding_evidence(f, GT_AT(c->pid, c->xfail.t, c->xfail.line), "execve %s: ENOEXEC (Exec format error)", path);
		gt_finding_evidence(f, GT_AT(c->pid, c->xfail.t, c->xfail.line),
				    "its first bytes are not an ELF header (read by gotrace when execve failed)");
		char qw[2200];
		gt_finding_fix(f, "start it through its interpreter (sh %s), or give it a first line "
			       "such as #!/bin/sh", gt_sh_word(path, qw, sizeof(qw)));
		return f;
	}
	if (!host || !mach)
		return NULL;
	cm = compat_machine(host);
	x32 = !strcmp(host, "x86_64") && !strcmp(mach, "x86_64") && c->xfail.elf == 32;
	if (x32 || (cm && c->xfail.elf == 32 && !strcmp(mach, cm))) {
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "exec-refused",
				   "this kernel cannot run %s programs: %s is one (%s, 32-bit ELF) and "
				   "execve refused it (ENOEXEC)", x32 ? "x32" : "32-bit", path, x32 ? "x32" : mach);
	} else if (strcmp(mach, host)) {
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "exec-refused",
				   "%s is a program for %s; this machine is %s (execve: ENOEXEC)", path,
				   mach, host);
	} else {
		return NULL;
	}
	gt_finding_evidence(f, GT_AT(c->pid, c->xfail.t, c->xfail.line), "execve %s: ENOEXEC (Exec format error)", path);
	gt_finding_evidence(f, GT_AT(c->pid, c->xfail.t, c->xfail.line),
			    "%s: ELF class %d, machine %s (read by gotrace when execve failed); "
			    "the trace was recorded on %s", gt_base_name(path), c->xfail.elf, mach, host);
	if (c->parent && c->parent->nexecs) {
		const char *ga = gt_env_get(c->parent->execs[c->parent->nexecs - 1].env, "GOARCH");
		if (ga && !strcmp(gt_base_name(c->parent->execs[c->parent->nexecs - 1].path), "go")) {
			gt_finding_evidence(f, GT_AT(c->parent->pid, c->parent->execs[c->parent->nexecs - 1].t,
						     c->parent->execs[c->parent->nexecs - 1].line),
					    "go ran with GOARCH=%s in its environment", ga);
			goarch = ga;
		}
	}
	/* the fix follows the refused program's own machine: 32-bit compat, x32, or another architecture */
	if (x32)
		gt_finding_fix(f, "build it for x86_64, or use a kernel with the x32 ABI "
			       "(CONFIG_X86_X32_ABI=y, and x32 enabled at boot)");
	else if (cm && c->xfail.elf == 32 && !strcmp(mach, cm) && !strcmp(host, "x86_64"))
		gt_finding_fix(f, "build a 64-bit program (Go: GOARCH=amd64; C: without -m32), or use a "
			       "kernel with IA32 emulation (CONFIG_IA32_EMULATION=y, not booted with "
			       "ia32_emulation=0)");
	else if (cm && c->xfail.elf == 32 && !strcmp(mach, cm))
		gt_finding_fix(f, "build a 64-bit program, or use a kernel with 32-bit compat support");
	else if (goarch)
		gt_finding_fix(f, "unset GOARCH (GOARCH=%s was in go's environment) to build for this machine, or "
			       "register an emulator for %s programs (Debian: apt-get install qemu-user-static "
			       "binfmt-support)", goarch, mach);
	else
		gt_finding_fix(f, "build it for %s, or register an emulator for %s programs "
			       "(Debian: apt-get install qemu-user-static binfmt-support)", host, mach);
	return f;
}

/* The last snapshot taken when --timeout stopped the run or it was interrupted, or NULL. */
static const struct gt_ev_stall *last_snapshot(const struct gt_model *m)
{
	const struct gt_ev_stall *snap = NULL;
	size_t i;

	for (i = 0; i < m->nstalls; i++) {
		const char *r = m->stalls[i]->reason;
		if (r && (!strcmp(r, "timeout") || !strcmp(r, "interrupt")))
			snap = m->stalls[i];
	}
	return snap;
}

/* What process PR of a snapshot waited on (its lock, its sockets), into WHAT. */
static void waited_on(const struct gt_ev_stall_proc *pr, char *what, size_t size)
{
	size_t k;

	if (pr->lock)
		snprintf(what, size, "a lock on %s", pr->lock);
	for (k = 0; k < pr->sockets.n; k++) {
		const struct gt_ev_socket *so = &pr->sockets.v[k];
		const char *w = so->what, *role = so->role, *addr = so->addr;
		if (!w || strlen(what) > size - 200)
			continue;
		snprintf(what + strlen(what), size - strlen(what), "%s%s:%lld%s%s%s: %s",
			 what[0] ? "; " : "", addr ? addr : "?", so->port,
			 role ? " (" : "", role ? role : "", role ? ")" : "", w);
	}
}

/*
 * A run stopped by --timeout or interrupted: what it was waiting on, from
 * the last snapshot, when no other cause says it. The process chosen is one
 * that waited on something the snapshot names (a file lock, a socket), the
 * deepest in the tree; otherwise the snapshot shows no lock or socket.
 */
static struct gt_finding *stalled(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_ev_stall *snap = last_snapshot(m);
	const struct gt_ev_stall_proc *best = NULL;
	const char *reason, *when;
	struct gt_finding *f;
	size_t i;
	char what[1024] = "";

	if (!snap)
		return NULL;
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].severity == GT_SEV_CAUSE)
			return NULL; /* a cause that says more (a silent proxy, ...) is there */
	reason = snap->reason;
	when = !strcmp(reason, "timeout") ? "when --timeout stopped the run" : "when the run was interrupted";
	/* later entries are deeper in the tree; a process waiting on something wins */
	for (i = 0; i < snap->procs.n; i++)
		if (snap->procs.v[i].lock || snap->procs.v[i].sockets.n)
			best = &snap->procs.v[i];
	if (best)
		waited_on(best, what, sizeof(what));
	if (best && what[0])
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "stalled", "%s, %s (pid %lld) was waiting on %s",
				   when, best->name ?: "?", best->pid, what);
	else
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "stalled",
				   "%s, no process waited on a file lock or a socket: they were computing, "
				   "sleeping or waiting on something else", when);
	gt_finding_evidence(f, GT_AT_EV(snap), "%s snapshot, %.1f s after the last event", reason, snap->quiet);
	return f;
}

/*
 * The command was on no PATH directory (wrap/notfound.c): the directories
 * searched, and where a program of that name was when gotrace ran it
 * (GOBIN, GOPATH/bin, ~/go/bin, the usual Go installations).
 */
static void not_found(const struct gt_model *m, struct gt_findings *fs)
{
	const struct gt_ev_notfound *nf = m->notfound;
	const char *name = nf->name ? nf->name : "?", *path = nf->path;
	const char *fp = nf->found.n ? nf->found.v[0].path : NULL;
	const char *where = nf->found.n ? nf->found.v[0].where : NULL;
	size_t i, ndirs = 0;
	struct gt_finding *f;
	char w[4200];

	for (const char *p = path; p && *p; p += strcspn(p, ":") + (p[strcspn(p, ":")] == ':'))
		ndirs++;
	if (fp)
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "command-not-found",
				   "%s is not on PATH: it is %s (%s), a directory PATH does not list", name, fp,
				   where ? where : "?");
	else
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "command-not-found",
				   "%s: command not found: in none of PATH's %zu directories, nor in GOBIN, each GOPATH's "
				   "bin, ~/go/bin or the usual Go installations", name, ndirs);
	gt_finding_evidence(f, GT_AT_EV(nf),
			    "PATH=%s (searched in order; gotrace's own environment, "
			    "which the command would have had)", path ? path : "(unset)");
	for (i = 0; i < nf->found.n; i++)
		gt_finding_evidence(f, GT_AT_EV(nf), "%s: %s (seen when gotrace ran)", nf->found.v[i].where ?: "?",
				    nf->found.v[i].path ?: "?");
	if (!fp) {
		gt_finding_fix(f, "check the name; a Go program comes from go install PKG@VERSION, which puts it in "
			       "GOBIN, else the first GOPATH's bin (go env GOBIN GOPATH says where)");
		return;
	}
	snprintf(w, sizeof(w), "%.*s", (int)(strrchr(fp, '/') - fp), fp);
	{
		char q[4300];
		gt_finding_fix(f, "export PATH=\"$PATH\":%s (in your shell's profile, to keep it)", gt_sh_word(w, q, sizeof(q)));
	}
}

void gt_an_failure(const struct gt_model *m, struct gt_findings *fs)
{
	struct gt_finding *refused, *stall;
	struct gt_mproc *root = m->root, *c, *a;
	struct gt_finding *f;
	size_t i;

	if (m->notfound) {
		not_found(m, fs);
		return;
	}
	if (!root || !gt_mproc_failed(root))
		return;
	c = gt_culprit(root);
	refused = exec_refused(m, fs, c);
	stall = refused ? NULL : stalled(m, fs);
	{
	char by[160] = "";
	const char *name = c->name || !c->xfail.path ? gt_pname(c) : gt_base_name(c->xfail.path);

	if (c != root && c->parent)
		snprintf(by, sizeof(by), ", started by %s, pid %ld", gt_pname(c->parent), c->parent->pid);
	if (c->signal)
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "failure",
				   "%s was killed by %s (pid %ld%s)", name, c->signal, c->pid, by);
	else if (refused && c->xfail.path && (c->code == 126 || c->code == 127 || c->code == 253))
		/* the program never ran: the process made to run it gave up after the failed execve */
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "failure",
				   "%s never ran: execve refused it, and the process made to start it (pid %ld%s) "
				   "gave up with exit %d", gt_base_name(c->xfail.path), c->pid, by, c->code);
	else
		f = gt_finding_add(fs, GT_SUBJ_FAILURE, GT_SEV_CAUSE, "failure",
				   "%s exited %d (pid %ld%s)", name, c->code, c->pid, by);
	}
	if (refused || stall)
		f->see = gt_xstrdup(refused ? "exec-refused" : "stalled");
	if (c->nexecs && c != root) {
		const struct gt_mexec *x = &c->execs[c->nexecs - 1];
		char cmd[200];
		size_t k, n = 0;
		for (k = 0; x->argv && k < x->argv->n; k++) {
			const char *arg = x->argv->v[k];
			if (!arg || n >= sizeof(cmd) - 1)
				break;
			n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%s%s", k ? " " : "", arg);
		}
		if (n >= sizeof(cmd) - 1)
			strcpy(cmd + sizeof(cmd) - 4, "...");
		gt_finding_evidence(f, GT_AT(c->pid, x->t, x->line), "command: %s", cmd);
	}
	gt_finding_evidence(f, GT_AT(c->pid, c->t_exit, c->exit_line), "%s%s", c->signal ? "killed by " : "exit ",
			    c->signal ? c->signal : "");
	if (!c->signal) {
		/* the exit code goes into the text too */
		struct gt_evidence *e = &f->ev[f->nev - 1];
		free(e->text);
		e->text = gt_xasprintf("exit %d", c->code);
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
			f->see = gt_xstrdup("goroot-mismatch");
	}
	for (i = 0; i < fs->n && !f->see; i++) {
		size_t j;
		if (fs->f[i].severity != GT_SEV_CAUSE || &fs->f[i] == f)
			continue;
		for (j = 0; j < fs->f[i].nev; j++)
			if (fs->f[i].ev[j].pid == c->pid || (c == root && fs->f[i].ev[j].pid == root->pid)) {
				f->see = gt_xstrdup(fs->f[i].id);
				break;
			}
		if (f->see)
			break;
	}
}
