/*
 * libgotrace.so: the LD_PRELOAD shim. Inside every dynamically linked
 * process of a traced run it records what has no syscall -- getenv,
 * dlopen, getaddrinfo, exec intent -- and, only when the syscall tracer is
 * not running (GOTRACE_MODE=preload), opens and connects. Each event is one
 * datagram to the launcher (common/wire.h). This file holds the hooks and
 * what each records; session.c the shim's state in the process, event.c
 * how an event is built, safemem.c how the program's memory is read.
 *
 * Rules: no heap in hooks (events are built on the stack); errno
 * is what the real call left; a thread-local guard keeps the shim from
 * recording its own calls; real functions are looked up once; each event
 * goes out through a socket made for it and closed at once, so the shim
 * holds no descriptor the program could see, close or replace, and the
 * kernel names the sender (after fork too). On any internal failure the shim
 * turns itself off and every call goes straight through. It never prints
 * (unless GOTRACE_SHIM_DEBUG is set) and never exits.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/decode.h"
#include "../common/files.h"
#include "../common/json.h"
#include "../common/redact.h"
#include "../common/schema.h"
#include "../common/wire.h"
#include "event.h"
#include "safemem.h"
#include "session.h"
#include "../common/util.h"

extern char **environ;

static TLS int dl_pending;     /* dlerror text the shim consumed, kept for the program */
static TLS char dl_errbuf[512];

static void ev_image(void);

__attribute__((constructor)) static void shim_ctor(void)
{
	int e = errno;

	sh_init();
	if (sh_preload_mode && !sh_off) {
		sh_in_hook++;
		ev_image();
		sh_in_hook--;
	}
	errno = e;
}

/*
 * Without the syscall layer nobody records execs: the shim says which
 * program this process runs, from /proc/self, as an exec event.
 */
static void ev_image(void)
{
	char exe[4096], cwd[4096], args[3072], *argv[256];
	struct ev e;
	ssize_t n;
	size_t i = 0, k = 0;
	int fd;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = 0;
	fd = real_open ? real_open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC) : -1;
	n = fd >= 0 ? read(fd, args, sizeof(args) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n < 0)
		n = 0;
	args[n] = 0;
	while (i < (size_t)n && k < GT_ARRAY_SIZE(argv) - 1) {
		argv[k++] = args + i;
		i += strlen(args + i) + 1;
	}
	argv[k] = NULL;
	ev_start(&e, "exec");
	put_int(&e, GT_KEY(exec, ppid), getppid());
	put_cstr(&e, GT_KEY(exec, path), exe);
	put_strv(&e, GT_KEY(exec, argv), argv);
	if (getcwd(cwd, sizeof(cwd)))
		put_cstr(&e, GT_KEY(exec, cwd), cwd);
	if (n == sizeof(args) - 1 || k == GT_ARRAY_SIZE(argv) - 1)
		e.cut = 1;
	put_int(&e, GT_KEY_COMMON(ret), 0);
	ship(&e);
}

/* ---- getenv ---- */

static void ev_getenv(const char *fn, const char *name, const char *val)
{
	struct ev e;
	size_t nlen = strlen(name);

	ev_start(&e, "getenv");
	put_str(&e, GT_KEY(getenv, name), name, nlen);
	put_bool(&e, GT_KEY(getenv, set), val != NULL);
	if (val) {
		char red[2048];
		struct gt_buf rb;
		gt_buf_fixed(&rb, red, sizeof(red));
		gt_redact_env_value(&rb, name, nlen, val, strlen(val));
		if (rb.trunc)
			e.cut = 1;
		put_str(&e, GT_KEY(getenv, value), rb.p, rb.len);
	}
	if (strcmp(fn, "getenv"))
		put_cstr(&e, GT_KEY(getenv, fn), fn);
	ship(&e);
}

/*
 * glibc's getenv reads NAME to its end before answering, except when the
 * process has no environment at all (clearenv): only then could the name
 * be memory the program never touches, and it is checked first.
 */
static void note_getenv(const char *fn, const char *name, const char *v, int read_by_libc)
{
	char copy[1024];
	int cut;

	if (read_by_libc) {
		ev_getenv(fn, name, v);
	} else if (gt_mem_str(name, copy, sizeof(copy), &cut) >= 0 && !cut) {
		ev_getenv(fn, copy, v);
	}
}

EXPORT char *getenv(const char *name)
{
	char *v;
	int env = environ != NULL;

	if (!real_getenv)
		return env ? (char *)sh_env_lookup(environ, name, strlen(name)) : NULL;
	v = real_getenv(name);
	if (sh_recording())
		RECORD(note_getenv("getenv", name, v, env));
	return v;
}

EXPORT char *secure_getenv(const char *name)
{
	char *v;

	NEED_REAL(secure_getenv, return NULL);
	v = real_secure_getenv(name);
	/* in a set-user-ID program secure_getenv answers without reading NAME */
	if (sh_recording())
		RECORD(note_getenv("secure_getenv", name, v, 0));
	return v;
}

/* ---- dlopen ---- */

static void put_dlflags(struct ev *e, int flags)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{RTLD_GLOBAL, "RTLD_GLOBAL"},   {RTLD_NODELETE, "RTLD_NODELETE"},
		{RTLD_NOLOAD, "RTLD_NOLOAD"},   {RTLD_DEEPBIND, "RTLD_DEEPBIND"},
	};
	char tmp[160];
	size_t i, n;

	n = (size_t)snprintf(tmp, sizeof(tmp), ",\"%s\":[\"%s\"", GT_KEY(dlopen, flags),
			     (flags & RTLD_BINDING_MASK) == RTLD_NOW ? "RTLD_NOW" : "RTLD_LAZY");
	for (i = 0; i < GT_ARRAY_SIZE(names); i++)
		if (flags & names[i].bit)
			n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, ",\"%s\"", names[i].name);
	snprintf(tmp + n, sizeof(tmp) - n, "]");
	put_raw(e, tmp);
}

static void ev_dlopen(const char *fn, const char *name, int flags, long lmid, void *h)
{
	struct ev e;
	struct link_map *lm = NULL;

	ev_start(&e, "dlopen");
	if (name)
		put_safe_str(&e, GT_KEY(dlopen, name), name);
	else
		put_rawval(&e, GT_KEY(dlopen, name), "null");
	put_dlflags(&e, flags);
	if (strcmp(fn, "dlopen")) {
		put_cstr(&e, GT_KEY(dlopen, fn), fn);
		put_int(&e, GT_KEY(dlopen, lmid), lmid);
	}
	put_bool(&e, GT_KEY(dlopen, ok), h != NULL);
	if (h && dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name)
		put_cstr(&e, GT_KEY(dlopen, file), lm->l_name);
	if (!h) {
		/* take the message, and hand it to the program's next dlerror() */
		const char *msg = real_dlerror ? real_dlerror() : NULL;
		if (msg) {
			strncpy(dl_errbuf, msg, sizeof(dl_errbuf) - 1);
			dl_errbuf[sizeof(dl_errbuf) - 1] = 0;
			dl_pending = 1;
			put_cstr(&e, GT_KEY(dlopen, error), dl_errbuf);
		}
	}
	ship(&e);
}

/*
 * dlopen searches the DT_RUNPATH of the object that called it, found from
 * its return address. Called from here, that would be the shim. When the
 * caller is the program itself, call through a stub in anonymous memory:
 * glibc then takes the program as the caller, as it would have without us.
 * A library calling dlopen still sees the shim as its caller; without
 * RUNPATH in that library the search is the same.
 */
static void *call_as_program(void *caller, void *fn, uintptr_t a, uintptr_t b, uintptr_t c)
{
	Dl_info info;
	struct link_map *lm = NULL;

	if (sh_tramp && dladdr1(caller, &info, (void **)&lm, RTLD_DL_LINKMAP) && lm &&
	    lm->l_name && lm->l_name[0] == 0)
		return sh_tramp(a, b, c, fn);
	if (fn == (void *)real_dlopen)
		return real_dlopen((const char *)a, (int)b);
	return real_dlmopen((Lmid_t)a, (const char *)b, (int)c);
}

EXPORT void *dlopen(const char *name, int flags)
{
	void *caller = __builtin_return_address(0);
	void *h;

	NEED_REAL(dlopen, return NULL);
	if (!sh_recording())
		return call_as_program(caller, (void *)real_dlopen, (uintptr_t)name,
				       (uintptr_t)flags, 0);
	sh_in_hook++;
	h = call_as_program(caller, (void *)real_dlopen, (uintptr_t)name, (uintptr_t)flags, 0);
	sh_in_hook--;
	RECORD(ev_dlopen("dlopen", name, flags, 0, h));
	return h;
}

EXPORT void *dlmopen(Lmid_t lmid, const char *name, int flags)
{
	void *caller = __builtin_return_address(0);
	void *h;

	NEED_REAL(dlmopen, return NULL);
	if (!sh_recording())
		return call_as_program(caller, (void *)real_dlmopen, (uintptr_t)lmid,
				       (uintptr_t)name, (uintptr_t)flags);
	sh_in_hook++;
	h = call_as_program(caller, (void *)real_dlmopen, (uintptr_t)lmid, (uintptr_t)name,
			    (uintptr_t)flags);
	sh_in_hook--;
	RECORD(ev_dlopen("dlmopen", name, flags, (long)lmid, h));
	return h;
}

EXPORT char *dlerror(void)
{
	char *r;

	if (!real_dlerror)
		sh_init();
	r = real_dlerror ? real_dlerror() : NULL;
	if (r) {
		/* a newer error than the one the shim kept */
		dl_pending = 0;
		return r;
	}
	if (dl_pending) {
		dl_pending = 0;
		return dl_errbuf;
	}
	return NULL;
}

/* ---- name resolution ---- */

static void put_gai_err(struct ev *e, int rc)
{
	static const struct {
		int rc;
		const char *name;
	} names[] = {
		{EAI_AGAIN, "EAI_AGAIN"},     {EAI_BADFLAGS, "EAI_BADFLAGS"},
		{EAI_FAIL, "EAI_FAIL"},       {EAI_FAMILY, "EAI_FAMILY"},
		{EAI_MEMORY, "EAI_MEMORY"},   {EAI_NONAME, "EAI_NONAME"},
		{EAI_SERVICE, "EAI_SERVICE"}, {EAI_SOCKTYPE, "EAI_SOCKTYPE"},
		{EAI_SYSTEM, "EAI_SYSTEM"},   {EAI_NODATA, "EAI_NODATA"},
		{EAI_ADDRFAMILY, "EAI_ADDRFAMILY"},
	};
	size_t i;

	for (i = 0; i < GT_ARRAY_SIZE(names); i++)
		if (names[i].rc == rc) {
			put_cstr(e, GT_KEY_COMMON(err), names[i].name);
			return;
		}
	put_int(e, GT_KEY_COMMON(err), rc);
}

static void ev_getaddrinfo(const char *host, const char *service, int rc,
			   const struct addrinfo *res)
{
	struct ev e;
	int first = 1, n = 0, err = errno; /* EAI_SYSTEM's, before the names are read */
	const struct addrinfo *ai;

	if (!host)
		return;
	ev_start(&e, "resolve");
	/* getaddrinfo can refuse its flags before it reads either name */
	put_safe_str(&e, GT_KEY(resolve, host), host);
	if (service)
		put_safe_str(&e, GT_KEY(resolve, service), service);
	put_rawval(&e, GT_KEY(resolve, addrs), "[");
	for (ai = rc == 0 ? res : NULL; ai && n < 64; ai = ai->ai_next, n++) {
		const struct addrinfo *p;
		int dup = 0;
		/* one entry per address, not per socket type */
		for (p = res; p != ai && !dup; p = p->ai_next)
			dup = p->ai_family == ai->ai_family && p->ai_addrlen == ai->ai_addrlen &&
			      !memcmp(p->ai_addr, ai->ai_addr, ai->ai_addrlen);
		if (dup)
			continue;
		if (ai->ai_family == AF_INET)
			put_addr(&e, &first, AF_INET,
				 &((const struct sockaddr_in *)ai->ai_addr)->sin_addr);
		else if (ai->ai_family == AF_INET6)
			put_addr(&e, &first, AF_INET6,
				 &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr);
	}
	e.b.cap += 1;
	gt_buf_putc(&e.b, ']');
	e.b.cap -= 1;
	put_int(&e, GT_KEY_COMMON(ret), rc);
	if (rc)
		put_gai_err(&e, rc);
	if (rc == EAI_SYSTEM) {
		char tmp[16];
		/* resolve declares it errno_ (errno is a macro in C): the one field written by its literal name */
		put_cstr(&e, "errno", gt_errname(err, tmp));
	}
	put_cstr(&e, GT_KEY(resolve, fn), "getaddrinfo");
	ship(&e);
}

EXPORT int getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
		       struct addrinfo **res)
{
	int rc;

	NEED_REAL(getaddrinfo, return EAI_SYSTEM);
	if (!sh_recording())
		return real_getaddrinfo(host, service, hints, res);
	sh_in_hook++;
	rc = real_getaddrinfo(host, service, hints, res);
	sh_in_hook--;
	RECORD(ev_getaddrinfo(host, service, rc, res ? *res : NULL));
	return rc;
}

static void ev_hostent(const char *fn, const char *host, const struct hostent *h, int herr)
{
	struct ev e;
	int first = 1, i;

	if (!host)
		return;
	ev_start(&e, "resolve");
	put_safe_str(&e, GT_KEY(resolve, host), host);
	put_rawval(&e, GT_KEY(resolve, addrs), "[");
	for (i = 0; h && h->h_addr_list && h->h_addr_list[i] && i < 64; i++)
		put_addr(&e, &first, h->h_addrtype, h->h_addr_list[i]);
	e.b.cap += 1;
	gt_buf_putc(&e.b, ']');
	e.b.cap -= 1;
	put_int(&e, GT_KEY_COMMON(ret), h ? 0 : -1);
	if (!h) {
		static const char *const names[] = {"NETDB_SUCCESS", "HOST_NOT_FOUND", "TRY_AGAIN",
						    "NO_RECOVERY", "NO_DATA"};
		if (herr >= 0 && herr <= 4)
			put_cstr(&e, GT_KEY_COMMON(err), names[herr]);
		else
			put_int(&e, GT_KEY_COMMON(err), herr);
	}
	put_cstr(&e, GT_KEY(resolve, fn), fn);
	ship(&e);
}

EXPORT struct hostent *gethostbyname(const char *host)
{
	struct hostent *h;

	NEED_REAL(gethostbyname, return NULL);
	if (!sh_recording())
		return real_gethostbyname(host);
	sh_in_hook++;
	h = real_gethostbyname(host);
	sh_in_hook--;
	RECORD(ev_hostent("gethostbyname", host, h, h_errno));
	return h;
}

EXPORT int gethostbyname_r(const char *host, struct hostent *ret, char *buf, size_t len,
			   struct hostent **result, int *herr)
{
	int rc;

	NEED_REAL(gethostbyname_r, return ENOSYS);
	if (!sh_recording())
		return real_gethostbyname_r(host, ret, buf, len, result, herr);
	sh_in_hook++;
	rc = real_gethostbyname_r(host, ret, buf, len, result, herr);
	sh_in_hook--;
	if (rc != ERANGE) /* the caller retries with a bigger buffer */
		RECORD(ev_hostent("gethostbyname_r", host, result ? *result : NULL,
				  herr ? *herr : -1));
	return rc;
}

/* ---- exec ---- */

/*
 * The kernel reads an exec's path, argv and envp itself and answers EFAULT
 * when one runs into memory it cannot read (an argv without its NULL): the
 * shim checks each before it reads it, and records what it could not read.
 */
static void ev_exec(const char *fn, const char *file, char *const argv[])
{
	struct ev e;
	size_t n;

	ev_start(&e, "exec_intent");
	put_cstr(&e, GT_KEY(exec_intent, fn), fn);
	if (file)
		put_safe_str(&e, GT_KEY(exec_intent, file), file);
	if (gt_mem_strv(argv, MAX_ARGS, &n))
		put_strv(&e, GT_KEY(exec_intent, argv), argv);
	else
		put_cstr(&e, GT_KEY_COMMON(fault), GT_KEY(exec_intent, argv));
	ship(&e);
}

/*
 * Each exec hook records the intent (the name before PATH search and the
 * argv), lowers the guard -- a vfork child shares this thread's memory,
 * and a successful exec never comes back to lower it -- and calls the real
 * function with an environment that keeps the shim.
 */
#define EXEC_ENV(envp, body)                                              \
	do {                                                              \
		size_t n_ = sh_count_env(envp);                              \
		size_t cap_ = n_ == (size_t)-1 ? 1 : n_ + 6;              \
		char ldp_[sizeof(sh_env_preload) + 4096];                    \
		char *out_[cap_];                                         \
		char *const *use_env = n_ == (size_t)-1 ? (envp) :        \
			sh_keep_env(envp, out_, cap_, ldp_, sizeof(ldp_));   \
		body;                                                     \
	} while (0)

static void exec_note(const char *fn, const char *file, char *const argv[])
{
	if (sh_recording())
		RECORD(ev_exec(fn, file, argv));
}

EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	NEED_REAL(execve, errno = ENOSYS; return -1);
	exec_note("execve", path, argv);
	if (sh_in_hook || sh_off)
		return real_execve(path, argv, envp);
	EXEC_ENV(envp, return real_execve(path, argv, use_env));
}

EXPORT int execv(const char *path, char *const argv[])
{
	NEED_REAL(execve, errno = ENOSYS; return -1);
	exec_note("execv", path, argv);
	EXEC_ENV(environ, return real_execve(path, argv, use_env));
}

EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	NEED_REAL(execvpe, errno = ENOSYS; return -1);
	exec_note("execvpe", file, argv);
	if (sh_in_hook || sh_off)
		return real_execvpe(file, argv, envp);
	EXEC_ENV(envp, return real_execvpe(file, argv, use_env));
}

EXPORT int execvp(const char *file, char *const argv[])
{
	NEED_REAL(execvpe, errno = ENOSYS; return -1);
	exec_note("execvp", file, argv);
	EXEC_ENV(environ, return real_execvpe(file, argv, use_env));
}

/* execl and friends: gather the variadic arguments into an argv on the stack */
#define GATHER(arg0, ap, argv_, envp_out)                                 \
	size_t n_ = 1;                                                    \
	va_list cp_;                                                      \
	va_copy(cp_, ap);                                                 \
	while (va_arg(cp_, char *))                                       \
		n_++;                                                     \
	va_end(cp_);                                                      \
	char *argv_[n_ + 1];                                              \
	argv_[0] = (char *)(arg0);                                        \
	for (size_t i_ = 1; i_ <= n_; i_++)                               \
		argv_[i_] = va_arg(ap, char *);                           \
	envp_out

EXPORT int execl(const char *path, const char *arg, ...)
{
	va_list ap;

	va_start(ap, arg);
	GATHER(arg, ap, argv, (void)0);
	va_end(ap);
	return execv(path, argv);
}

EXPORT int execlp(const char *file, const char *arg, ...)
{
	va_list ap;

	va_start(ap, arg);
	GATHER(arg, ap, argv, (void)0);
	va_end(ap);
	return execvp(file, argv);
}

EXPORT int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	char *const *envp;

	va_start(ap, arg);
	GATHER(arg, ap, argv, envp = va_arg(ap, char *const *));
	va_end(ap);
	return execve(path, argv, envp);
}

EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	NEED_REAL(posix_spawn, return ENOSYS);
	exec_note("posix_spawn", path, argv);
	if (sh_in_hook || sh_off)
		return real_posix_spawn(pid, path, fa, attr, argv, envp);
	EXEC_ENV(envp, return real_posix_spawn(pid, path, fa, attr, argv, use_env));
}

EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	NEED_REAL(posix_spawnp, return ENOSYS);
	exec_note("posix_spawnp", file, argv);
	if (sh_in_hook || sh_off)
		return real_posix_spawnp(pid, file, fa, attr, argv, envp);
	EXEC_ENV(envp, return real_posix_spawnp(pid, file, fa, attr, argv, use_env));
}

/* ---- opens and connects, when the syscall layer is absent ---- */

static void put_abs(struct ev *e, int dirfd, const char *path)
{
	char base[4096], out[4096];
	struct gt_buf ob;
	ssize_t n;

	if (path[0] == '/')
		return;
	if (dirfd == AT_FDCWD) {
		if (!getcwd(base, sizeof(base)))
			return;
	} else {
		char link[64];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
		n = readlink(link, base, sizeof(base) - 1);
		if (n <= 0)
			return;
		base[n] = 0;
	}
	gt_buf_fixed(&ob, out, sizeof(out));
	gt_path_join(&ob, base, path);
	if (!ob.trunc)
		put_str(e, GT_KEY(open, abs), ob.p, ob.len);
}

/* An open's path as the shim could read it: N < 0 when it could not (the kernel answers EFAULT). */
struct opath {
	char copy[4096];
	long n;
	int cut;
};

/*
 * The kernel answers EFAULT for a path it cannot read (and a seccomp filter
 * of the program's own may answer without reading it at all): the path is
 * copied without faulting, whatever the result. ERR is the call's errno.
 * 0 when the event went out, -1 when it was lost (no descriptor to send it
 * with), -2 when the shim is off.
 */
static int ev_open_path(const char *fn, int dirfd, const struct opath *op, int flags, int ret, int err)
{
	struct ev e;
	char tmp[16];
	size_t mark;

	ev_start(&e, "open");
	if (op->n < 0) {
		put_cstr(&e, GT_KEY(open, path), "");
		put_cstr(&e, GT_KEY_COMMON(fault), GT_KEY(open, path));
	} else {
		put_str(&e, GT_KEY(open, path), op->copy, (size_t)op->n);
		if (op->cut)
			e.cut = 1;
		else if (op->n > 0)
			put_abs(&e, dirfd, op->copy);
	}
	if (dirfd != AT_FDCWD)
		put_int(&e, GT_KEY(open, dirfd), dirfd);
	mark = e.b.len;
	gt_json_key(&e.b, GT_KEY(open, flags));
	gt_decode_oflags(&e.b, (unsigned)flags);
	if (e.b.trunc) {
		ev_rollback(&e, mark);
	}
	put_int(&e, GT_KEY_COMMON(ret), ret < 0 ? -1 : ret);
	if (ret < 0)
		put_cstr(&e, GT_KEY_COMMON(err), gt_errname(err, tmp));
	if (strcmp(fn, "open") && strcmp(fn, "openat"))
		put_cstr(&e, GT_KEY(open, fn), fn);
	return ship(&e);
}

static int ev_open(const char *fn, int dirfd, const char *path, int flags, int ret)
{
	int err = errno; /* the call's, before the cwd or dirfd is looked up */
	struct opath op;

	if (!path)
		return 0;
	op.n = gt_mem_str(path, op.copy, sizeof(op.copy), &op.cut);
	return ev_open_path(fn, dirfd, &op, flags, ret, err);
}

static int mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
}

/*
 * In mode ptrace the tracer stops the process at every open; an open the
 * shim may make itself (sh_fast_open) goes to the kernel as a raw openat
 * carrying the run's mark, which the seccomp filter lets through, and the
 * shim records its exact result: one datagram instead of two stops. Files
 * of a kind gotrace fingerprints or reads after the run (Go and git
 * configuration, credentials, resolver files, shared libraries) stay on
 * the tracer's path, which knows whether gotrace sees the same file. 1 and
 * the result in *R when the shim made the call; 0 when the caller must.
 */
static int fast_open(const char *fn, int dirfd, const char *path, int flags, int *r)
{
	struct opath op;
	int lost = 0, err;

	sh_in_hook++;
	op.n = gt_mem_str(path, op.copy, sizeof(op.copy), &op.cut);
	if (op.n >= 0 && (op.cut || gt_file_kind(op.copy, (size_t)op.n) != GT_FK_NONE)) {
		sh_in_hook--;
		return 0;
	}
	*r = (int)syscall(SYS_openat, dirfd, path, flags, (long)sh_open_mark);
	err = errno;
	lost = ev_open_path(fn, dirfd, &op, flags, *r, err) < 0;
	sh_in_hook--;
	/*
	 * Out of descriptors, the shim had none to send the event with: a
	 * failed call, which changed nothing, is made again where the tracer
	 * sees it. A successful one cannot be (closing it would drop the
	 * process's locks on the file) and goes unrecorded.
	 */
	if (lost && *r < 0)
		*r = (int)syscall(SYS_openat, dirfd, path, flags, 0L);
	else
		errno = err;
	return 1;
}

#define OPEN_HOOK(name, realcall, fn, dirfd_expr)                 \
	{                                                         \
		int r;                                            \
		NEED_REAL(name, errno = ENOSYS; return -1);      \
		if (sh_fast_open(path, flags) && fast_open(fn, dirfd_expr, path, flags, &r)) \
			return r;                                 \
		if (!sh_recording_io())                              \
			return realcall;                          \
		sh_in_hook++;                                        \
		r = realcall;                                     \
		sh_in_hook--;                                        \
		RECORD(ev_open(fn, dirfd_expr, path, flags, r));  \
		return r;                                         \
	}

EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	OPEN_HOOK(open, real_open(path, flags, mode), "open", AT_FDCWD)
}

EXPORT int open64(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	OPEN_HOOK(open64, real_open64(path, flags, mode), "open", AT_FDCWD)
}

EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	OPEN_HOOK(openat, real_openat(dirfd, path, flags, mode), "openat", dirfd)
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	OPEN_HOOK(openat64, real_openat64(dirfd, path, flags, mode), "openat", dirfd)
}

static int fopen_flags(const char *m)
{
	int f = m[0] == 'r' ? O_RDONLY : O_WRONLY | O_CREAT | (m[0] == 'a' ? O_APPEND : O_TRUNC);

	if (strchr(m, '+'))
		f = (f & ~O_ACCMODE) | O_RDWR;
	if (strchr(m, 'e'))
		f |= O_CLOEXEC;
	if (strchr(m, 'x'))
		f |= O_EXCL;
	return f;
}

/*
 * fopen for reading ("r", with any of "b" and "e" after it) as glibc makes
 * it, open(O_RDONLY[|O_CLOEXEC]) then a FILE on the descriptor, with the
 * open made around the trap (fast_open). 1 and the FILE (or NULL and
 * errno) in *F when it was; 0 for any other mode, which fopen itself
 * takes through the tracer.
 */
static int fast_fopen(const char *fn, const char *path, const char *m, FILE **f)
{
	char mode[8];
	int cut, flags = O_RDONLY, fd, i;

	if (gt_mem_str(m, mode, sizeof(mode), &cut) < 1 || cut || mode[0] != 'r')
		return 0;
	for (i = 1; mode[i]; i++)
		if (mode[i] == 'e')
			flags |= O_CLOEXEC;
		else if (mode[i] != 'b')
			return 0;
	if (!sh_fast_open(path, flags) || !fast_open(fn, AT_FDCWD, path, flags, &fd))
		return 0;
	*f = NULL;
	if (fd >= 0) {
		*f = fdopen(fd, "r");
		if (!*f) {
			int e = errno;
			close(fd);
			errno = e;
		}
	}
	return 1;
}

static FILE *fopen_common(FILE *(*real)(const char *, const char *), const char *fn,
			  const char *path, const char *m)
{
	FILE *f;

	if (m && fast_fopen(fn, path, m, &f))
		return f;
	if (!sh_recording_io())
		return real(path, m);
	sh_in_hook++;
	f = real(path, m);
	sh_in_hook--;
	{
		/* the mode, read without faulting like the path */
		char mode[16];
		int cut;
		int flags = gt_mem_str(m, mode, sizeof(mode), &cut) >= 0 ? fopen_flags(mode) : 0;
		RECORD(ev_open(fn, AT_FDCWD, path, flags, f ? fileno(f) : -1));
	}
	return f;
}

EXPORT FILE *fopen(const char *path, const char *m)
{
	NEED_REAL(fopen, errno = ENOSYS; return NULL);
	return fopen_common(real_fopen, "fopen", path, m);
}

EXPORT FILE *fopen64(const char *path, const char *m)
{
	NEED_REAL(fopen64, errno = ENOSYS; return NULL);
	return fopen_common(real_fopen64, "fopen", path, m);
}

static void ev_connect(int fd, const struct sockaddr *sa, socklen_t len, int ret)
{
	struct ev e;
	char tmp[16];
	int err = errno; /* the call's, before the address is read */

	ev_start(&e, "connect");
	put_int(&e, GT_KEY(connect, fd), fd);
	if (sa) {
		/* the kernel copies at most a sockaddr_storage, and answers EFAULT when it cannot */
		unsigned char copy[sizeof(struct sockaddr_storage)];
		size_t want = len < sizeof(copy) ? len : sizeof(copy);
		size_t got = gt_mem_read(copy, sa, want);
		if (got < want)
			put_cstr(&e, GT_KEY_COMMON(fault), GT_KEY(connect, addr));
		else
			gt_decode_sockaddr(&e.b, copy, (socklen_t)got);
	}
	if (e.b.trunc) {
		e.b.trunc = 0;
		e.cut = 1;
	}
	put_int(&e, GT_KEY_COMMON(ret), ret < 0 ? -1 : ret);
	if (ret < 0)
		put_cstr(&e, GT_KEY_COMMON(err), gt_errname(err, tmp));
	ship(&e);
}

EXPORT int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	int r;

	NEED_REAL(connect, errno = ENOSYS; return -1);
	if (!sh_recording_io())
		return real_connect(fd, sa, len);
	sh_in_hook++;
	r = real_connect(fd, sa, len);
	sh_in_hook--;
	RECORD(ev_connect(fd, sa, len, r));
	return r;
}
