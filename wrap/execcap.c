/*
 * exec: the path, argv and environment read at the entry stop (the image
 * goes away when it succeeds), then the exec event with the environment as
 * a difference from the parent's, and what the new image's ELF file says
 * about how it will be loaded.
 */
#include "tracer_int.h"

#include <sys/uio.h>

#include "elfinfo.h"
#include "fprint.h"
#include "../common/schema.h"
#include "../common/util.h"

/*
 * The strings at P[0..N) read into OUT. Their first bytes (up to HEAD, not
 * past a page) come in one process_vm_readv for all of them: an exec's
 * environment is a hundred strings, and a stop lasts while they are read.
 * A string not ended there, or not readable, is read alone as before.
 */
#define BATCH 64
#define HEAD 256u

static size_t read_batch(struct gt_tracer *T, pid_t tid, const uint64_t *p, size_t n, struct gt_buf *out, int *trunc)
{
	static char head[BATCH * HEAD];
	struct iovec local = {head, 0}, remote[BATCH] = {{0}};
	size_t i, at = 0;
	ssize_t got;

	for (i = 0; i < n; i++) {
		size_t room = 4096 - (size_t)(p[i] % 4096);
		remote[i].iov_base = (void *)(uintptr_t)p[i];
		remote[i].iov_len = room < HEAD ? room : HEAD;
		local.iov_len += remote[i].iov_len;
	}
	/* the bytes come in the order of REMOTE, packed; a fault ends the transfer there */
	got = process_vm_readv(tid, &local, 1, remote, n, 0);
	for (i = 0; i < n; i++) {
		size_t len = remote[i].iov_len;
		const char *nul = got >= 0 && at + len <= (size_t)got ? memchr(head + at, '\0', len) : NULL;
		ssize_t sl;
		int tr;

		if (out->len >= ARG_BYTES_MAX) {
			*trunc = 1;
			return i;
		}
		if (nul) {
			gt_buf_add(out, head + at, (size_t)(nul - (head + at)) + 1);
		} else {
			sl = gt_peek_str(tid, p[i], T->strbuf, ARG_STR_MAX, &tr);
			/* an entry the kernel cannot read either (the exec fails with EFAULT): empty */
			if (sl < 0) {
				sl = 0;
				T->strbuf[0] = '\0';
			}
			gt_buf_add(out, T->strbuf, (size_t)sl + 1);
		}
		at += len;
	}
	return n;
}

/* Read a NULL-terminated array of string pointers into OUT; returns count. */
static size_t read_strv(struct gt_tracer *T, struct gt_tcb *t, uint64_t addr, struct gt_buf *out, int *trunc)
{
	size_t count = 0, psize = gt_call_ptrsize(&t->call), k = 0, done;
	unsigned char ptrs[512];
	uint64_t batch[BATCH];

	out->len = 0;
	if (!addr)
		return 0;
	for (;;) {
		ssize_t got = gt_peek(t->tid, addr + (count + k) * psize, ptrs, sizeof(ptrs));
		size_t i, n;
		if (got < (ssize_t)psize)
			break;
		n = (size_t)got / psize;
		for (i = 0; i < n; i++) {
			uint64_t p = gt_call_ptr_at(&t->call, ptrs, i);
			if (!p)
				goto end;
			batch[k++] = p;
			if (k < BATCH)
				continue;
			done = read_batch(T, t->tid, batch, k, out, trunc);
			count += done;
			if (done < k)
				return count;
			k = 0;
		}
	}
end:
	return count + (k ? read_batch(T, t->tid, batch, k, out, trunc) : 0);
}

static struct gt_execcap *execcap(struct gt_tcb *t)
{
	if (!t->ex) {
		t->ex = gt_xcalloc(1, sizeof(*t->ex));
	}
	return t->ex;
}

/* Entry of execve/execveat: everything must be read now, the image goes away. */
void tr_capture_exec(struct gt_tracer *T, struct gt_tcb *t)
{
	struct gt_execcap *ex = execcap(t);
	const struct gt_call *c = &t->call;
	int tr = 0;
	ssize_t n;
	const char *cwd;

	ex->dirfd = c->dirfd;
	ex->flags = c->exec_flags;
	ex->trunc = 0;
	ex->path.len = 0;
	n = gt_peek_str(t->tid, c->path, T->strbuf, PATH_MAX, &tr);
	if (n > 0)
		gt_buf_add(&ex->path, T->strbuf, (size_t)n);
	gt_buf_cstr(&ex->path);
	ex->argc = read_strv(T, t, c->argv, &ex->argv, &ex->trunc);
	ex->envc = read_strv(T, t, c->envp, &ex->envp, &ex->trunc);
	free(ex->cwd);
	cwd = tr_proc_cwd(t);
	ex->cwd = cwd ? gt_xstrdup(cwd) : NULL;
	if (ex->dirfd != AT_FDCWD || ex->path.len == 0 || ex->path.p[0] != '/')
		tr_capture_base(t, ex->dirfd);
	else
		t->have_base = 0;
}

static void put_strv(struct gt_tracer *T, struct gt_buf *b, const struct gt_buf *v, size_t n, int redact_args)
{
	const char *s = v->p, *prev = NULL;
	size_t i, plen = 0;
	struct gt_buf *tmp = &T->scratch;

	gt_buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		size_t len = strlen(s);
		if (i)
			gt_buf_putc(b, ',');
		tmp->len = 0;
		if (redact_args)
			gt_redact_arg(tmp, s, len, prev, plen);
		else
			gt_redact_text(tmp, s, len);
		gt_json_str(b, gt_buf_cstr(tmp), tmp->len);
		prev = s;
		plen = len;
		s += len + 1;
	}
	gt_buf_putc(b, ']');
}

static int envcmp(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;

	for (;; a++, b++) {
		char ca = *a == '=' ? '\0' : *a, cb = *b == '=' ? '\0' : *b;
		if (ca != cb)
			return (unsigned char)ca - (unsigned char)cb;
		if (!ca)
			return 0;
	}
}

/* Length of the NAME part of "NAME=VALUE". */
static size_t namelen(const char *s)
{
	const char *e = strchr(s, '=');

	return e ? (size_t)(e - s) : strlen(s);
}

/*
 * The variables gotrace itself put into the environment are not the
 * user's: GOTRACE_* are left out, and the shim's entry is taken out of
 * LD_PRELOAD (which is left out when nothing else remains). Returns 0 to
 * drop the variable, 1 to keep it, with VAL rewritten into OUT when
 * USE_OUT is set.
 */
static int own_var(struct gt_tracer *T, const char *s, size_t nl, size_t len, struct gt_buf *out, int *use_out)
{
	static const char *const names[] = {GT_ENV_SOCK, GT_ENV_PRELOAD, GT_ENV_MODE, GT_ENV_AUDIT};
	const char *v = s + nl + 1, *end = s + len, *mine;
	size_t i, sl;
	int kept = 0, audit;

	*use_out = 0;
	for (i = 0; i < GT_ARRAY_SIZE(names); i++)
		if (nl == strlen(names[i]) && !memcmp(s, names[i], nl))
			return 0;
	audit = nl == 8 && !memcmp(s, "LD_AUDIT", 8);
	if (!audit && (nl != 10 || memcmp(s, "LD_PRELOAD", 10)))
		return 1;
	mine = audit ? T->audit : T->shim;
	if (!mine)
		return 1;
	sl = strlen(mine);
	out->len = 0;
	gt_buf_add(out, s, nl + 1);
	while (v < end) {
		size_t n = strcspn(v, audit ? ":" : " :");
		if (n && !(n == sl && !memcmp(v, mine, sl))) {
			if (kept++)
				gt_buf_putc(out, audit ? ':' : ' ');
			gt_buf_add(out, v, n);
		}
		v += n;
		if (v < end)
			v++;
	}
	*use_out = 1;
	return kept > 0;
}

/* A redacted, sorted environment from captured "NAME=VALUE" strings. */
static struct gt_env *env_build(struct gt_tracer *T, const struct gt_buf *v, size_t n)
{
	struct gt_env *env = gt_xcalloc(1, sizeof(*env));
	const char *s = v->p;
	struct gt_buf tmp, own;
	size_t i;

	gt_buf_init(&own);
	env->refs = 1;
	env->vars = gt_xcalloc(n, sizeof(char *));
	gt_buf_init(&tmp);
	for (i = 0; i < n; i++) {
		size_t len = strlen(s), nl = namelen(s);
		const char *var = s;
		int use_own;
		if (nl < len && nl > 0 && !own_var(T, s, nl, len, &own, &use_own))
			nl = 0;
		else if (nl < len && nl > 0 && use_own) {
			var = gt_buf_cstr(&own);
			len = own.len;
		}
		if (nl < len && nl > 0) {
			size_t j;
			int dup = 0;
			/* the first definition wins, as for getenv and Go's syscall.Getenv */
			for (j = 0; j < env->n && !dup; j++)
				dup = namelen(env->vars[j]) == nl && !memcmp(env->vars[j], s, nl);
			if (!dup) {
				tmp.len = 0;
				gt_buf_add(&tmp, var, nl + 1);
				gt_redact_env_value(&tmp, var, nl, var + nl + 1, len - nl - 1);
				env->vars[env->n++] = gt_xstrdup(gt_buf_cstr(&tmp));
			}
		}
		s += strlen(s) + 1;
	}
	gt_buf_free(&tmp);
	gt_buf_free(&own);
	qsort(env->vars, env->n, sizeof(char *), envcmp);
	return env;
}

static void put_env_pair(struct gt_buf *b, const char *var, int first)
{
	size_t nl = namelen(var);

	if (!first)
		gt_buf_putc(b, ',');
	gt_json_str(b, var, nl);
	gt_buf_putc(b, ':');
	gt_json_cstr(b, var + nl + 1);
}

static void put_env(struct gt_buf *b, const struct gt_env *env)
{
	size_t i;

	gt_json_key(b, GT_KEY(exec, env));
	gt_buf_putc(b, '{');
	for (i = 0; i < env->n; i++)
		put_env_pair(b, env->vars[i], i == 0);
	gt_buf_putc(b, '}');
}

static void put_env_diff(struct gt_buf *b, const struct gt_env *old, const struct gt_env *cur)
{
	size_t i = 0, j = 0;
	int first = 1;

	gt_json_key(b, GT_KEY(exec, env_diff));
	gt_buf_putc(b, '{');
	gt_json_key1(b, GT_KEY(env_diff, set));
	gt_buf_putc(b, '{');
	while (j < cur->n) {
		int c = i < old->n ? envcmp(&old->vars[i], &cur->vars[j]) : 1;
		if (c < 0) {
			i++;
		} else if (c > 0 || strcmp(old->vars[i], cur->vars[j])) {
			put_env_pair(b, cur->vars[j], first);
			first = 0;
			if (c == 0)
				i++;
			j++;
		} else {
			i++;
			j++;
		}
	}
	gt_buf_putc(b, '}');
	gt_json_key(b, GT_KEY(env_diff, unset));
	gt_buf_putc(b, '[');
	first = 1;
	for (i = 0, j = 0; i < old->n; i++) {
		while (j < cur->n && envcmp(&cur->vars[j], &old->vars[i]) < 0)
			j++;
		if (j < cur->n && envcmp(&cur->vars[j], &old->vars[i]) == 0)
			continue;
		if (!first)
			gt_buf_putc(b, ',');
		gt_json_str(b, old->vars[i], namelen(old->vars[i]));
		first = 0;
	}
	gt_buf_add(b, "]}", 2);
}

static void put_exec_common(struct gt_tracer *T, struct gt_buf *b, struct gt_tcb *t)
{
	struct gt_execcap *ex = t->ex;

	gt_json_key(b, GT_KEY(exec, ppid));
	gt_buf_i64(b, t->proc->ppid);
	tr_put_tid(b, t);
	gt_json_key(b, GT_KEY(exec, path));
	gt_json_str(b, ex->path.p, ex->path.len);
	if (ex->dirfd != AT_FDCWD) {
		gt_json_key(b, GT_KEY(exec, dirfd));
		gt_buf_i64(b, ex->dirfd);
	}
	if (t->have_base) {
		T->scratch.len = 0;
		gt_path_join(&T->scratch, t->base, ex->path.p);
		gt_json_key(b, GT_KEY(exec, abs));
		gt_json_str(b, T->scratch.p, T->scratch.len);
	}
	gt_json_key(b, GT_KEY(exec, argv));
	put_strv(T, b, &ex->argv, ex->argc, 1);
	if (ex->cwd) {
		gt_json_key(b, GT_KEY(exec, cwd));
		gt_json_cstr(b, ex->cwd);
	}
	if (ex->trunc)
		gt_json_true(b, GT_KEY_COMMON(trunc));
}

/*
 * How the image PID now runs will be loaded, from its ELF file: interpreter
 * and DT_RPATH/DT_RUNPATH. 0, or -1 when unknown (not ELF, unreadable).
 */
int tr_exe_elfinfo(pid_t pid, struct gt_elfinfo *ei)
{
	char link[64];
	int fd, r;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	fd = open(link, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = gt_elf_info_fd(fd, ei);
	close(fd);
	return r;
}

/* The file an environment names in VAR ("GOENV="), fingerprinted whether or not it exists. */
static void fp_env_file(const struct gt_env *env, const char *var)
{
	size_t i, n = strlen(var);

	for (i = 0; env && i < env->n; i++)
		if (!strncmp(env->vars[i], var, n)) {
			if (env->vars[i][n] == '/' && !strcmp(var, "NETRC="))
				gt_fp_add_netrc(env->vars[i] + n, strlen(env->vars[i] + n));
			else if (env->vars[i][n] == '/' && !strcmp(var, "GOENV="))
				gt_fp_add_goenv(env->vars[i] + n, strlen(env->vars[i] + n));
			else if (env->vars[i][n] == '/')
				gt_fp_add(env->vars[i] + n, strlen(env->vars[i] + n));
			return;
		}
}

/* pkg-config's answer is its standard output: those processes are followed. */
int tr_keeps_stdout(const char *exe)
{
	const char *b = strrchr(exe, '/');

	b = b ? b + 1 : exe;
	return !strcmp(b, "pkg-config") || !strcmp(b, "pkgconf") ||
	       (strlen(b) > 11 && !strcmp(b + strlen(b) - 11, "-pkg-config"));
}

void tr_emit_exec_ok(struct gt_tracer *T, struct gt_tcb *t, const char *exe, const struct gt_elfinfo *ei)
{
	struct gt_proc *p = t->proc;
	struct gt_env *env = env_build(T, &t->ex->envp, t->ex->envc);
	struct gt_buf *b = tr_ev_begin(T, "exec", p->pid);

	put_exec_common(T, b, t);
	if (exe) {
		gt_json_key(b, GT_KEY(exec, exe));
		gt_json_cstr(b, exe);
	}
	if (ei) {
		gt_json_key(b, GT_KEY(exec, interp));
		if (ei->dynamic)
			gt_json_cstr(b, ei->interp);
		else
			gt_buf_puts(b, "null");
		if (ei->has_rpath) {
			gt_json_key(b, GT_KEY(exec, rpath));
			gt_json_cstr(b, ei->rpath);
		}
		if (ei->has_runpath) {
			gt_json_key(b, GT_KEY(exec, runpath));
			gt_json_cstr(b, ei->runpath);
		}
	}
	if (p->env)
		put_env_diff(b, p->env, env);
	else
		put_env(b, env);
	gt_json_key(b, GT_KEY_COMMON(ret));
	gt_buf_putc(b, '0');
	gt_trace_commit(T->trace);
	if (exe && p->same_view)
		gt_fp_add(exe, strlen(exe));
	fp_env_file(env, "GOENV=");
	fp_env_file(env, "NETRC=");
	gt_env_put(p->env);
	p->env = env;
	p->nconn = 0;
}

/*
 * The kernel refused to run a file (ENOEXEC): what the file is, read right
 * after the refusal, when gotrace sees the same file under that name.
 */
static void put_refused_file(struct gt_tracer *T, struct gt_buf *b, struct gt_tcb *t)
{
	struct gt_execcap *ex = t->ex;
	unsigned char h[20];
	const char *path = ex->path.p;
	ssize_t n;
	int fd;

	if (!t->proc->same_view || ex->path.len == 0 || (path[0] != '/' && !t->have_base))
		return;
	if (path[0] != '/') {
		T->scratch.len = 0;
		gt_path_join(&T->scratch, t->base, path);
		path = gt_buf_cstr(&T->scratch);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (n >= 0)
		gt_decode_elf_ident(b, h, (size_t)n);
}

void tr_emit_exec_fail(struct gt_tracer *T, struct gt_tcb *t, int64_t rval)
{
	struct gt_buf *b = tr_ev_begin(T, "exec", t->proc->pid);

	put_exec_common(T, b, t);
	if (rval == -ENOEXEC)
		put_refused_file(T, b, t);
	tr_put_result(b, rval, 1);
	gt_trace_commit(T->trace);
}
