/* See session.h. */
#include "session.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/single_threaded.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../common/wire.h"
#include "safemem.h"

#define KERNEL_O_TMPFILE_BIT 020000000 /* the kernel reads the mode when this bit is set */

extern char **environ;

int sh_off;                /* 1: turned off for good in this process */
int sh_inited;
int sh_preload_mode;       /* the syscall layer is not running */
struct sockaddr_un sh_dest;
socklen_t sh_dest_len;
/* copies of our environment, to put back when a program execs without it */
char sh_env_sock[160], sh_env_preload[1024], sh_env_mode[48];
unsigned sh_open_mark;
TLS int sh_in_hook;        /* the shim is already on this thread's stack */

char *(*real_getenv)(const char *);
char *(*real_secure_getenv)(const char *);
void *(*real_dlopen)(const char *, int);
void *(*real_dlmopen)(Lmid_t, const char *, int);
char *(*real_dlerror)(void);
int (*real_getaddrinfo)(const char *, const char *, const struct addrinfo *,
			       struct addrinfo **);
struct hostent *(*real_gethostbyname)(const char *);
int (*real_gethostbyname_r)(const char *, struct hostent *, char *, size_t,
				   struct hostent **, int *);
int (*real_execve)(const char *, char *const[], char *const[]);
int (*real_execvpe)(const char *, char *const[], char *const[]);
int (*real_posix_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
			       const posix_spawnattr_t *, char *const[], char *const[]);
int (*real_posix_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *,
				const posix_spawnattr_t *, char *const[], char *const[]);
int (*real_open)(const char *, int, ...);
int (*real_open64)(const char *, int, ...);
int (*real_openat)(int, const char *, int, ...);
int (*real_openat64)(int, const char *, int, ...);
FILE *(*real_fopen)(const char *, const char *);
FILE *(*real_fopen64)(const char *, const char *);
int (*real_connect)(int, const struct sockaddr *, socklen_t);

tramp_fn sh_tramp;

void sh_turn_off(const char *why)
{
	const char *dbg = NULL;
	char **e;

	__atomic_store_n(&sh_off, 1, __ATOMIC_RELAXED);
	for (e = environ; e && *e; e++)
		if (!strncmp(*e, GT_ENV_DEBUG "=", sizeof(GT_ENV_DEBUG)))
			dbg = *e;
	if (dbg) {
		char msg[256];
		int n = snprintf(msg, sizeof(msg), "gotrace shim (pid %d): off: %s (%s)\n",
				 (int)getpid(), why, strerror(errno));
		if (n > 0 && write(2, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1) < 0) {
			/* nothing to do */
		}
	}
}

/* getenv without the hook, usable before dlsym has answered */
const char *sh_env_lookup(char **env, const char *name, size_t n)
{
	for (; env && *env; env++)
		if (!strncmp(*env, name, n) && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

static void copy_env(char *dst, size_t size, const char *name)
{
	const char *v = sh_env_lookup(environ, name, strlen(name));
	size_t n;

	dst[0] = 0;
	if (!v)
		return;
	n = strlen(name);
	if (n + 1 + strlen(v) + 1 > size)
		return;
	memcpy(dst, name, n);
	dst[n] = '=';
	strcpy(dst + n + 1, v);
}

/* "ptrace:XXXXXXXX": the mark in hex; anything else, none */
static unsigned parse_mark(const char *m)
{
	unsigned v = 0;
	int i;

	if (strncmp(m, "ptrace:", 7) || strlen(m) != 15)
		return 0;
	for (i = 7; i < 15; i++) {
		char c = m[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return 0;
		v = v << 4 | (unsigned)d;
	}
	return v & 0x80000000u ? v : 0;
}

#define RESOLVE(name) (real_##name = (__typeof__(real_##name))dlsym(RTLD_NEXT, #name))

static void make_tramp(void)
{
#if defined(__x86_64__)
	/* endbr64; sub $8,%rsp; call *%rcx; add $8,%rsp; ret */
	static const unsigned char code[] = {0xf3, 0x0f, 0x1e, 0xfa, 0x48, 0x83, 0xec, 0x08,
					     0xff, 0xd1, 0x48, 0x83, 0xc4, 0x08, 0xc3};
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	memcpy(p, code, sizeof(code));
	if (mprotect(p, 4096, PROT_READ | PROT_EXEC) < 0) {
		munmap(p, 4096);
		return;
	}
	sh_tramp = (tramp_fn)p;
#endif
}

void sh_init(void)
{
	const char *s, *m;

	if (__atomic_load_n(&sh_inited, __ATOMIC_ACQUIRE))
		return;
	sh_in_hook++;
	RESOLVE(getenv);
	RESOLVE(secure_getenv);
	RESOLVE(dlopen);
	RESOLVE(dlmopen);
	RESOLVE(dlerror);
	RESOLVE(getaddrinfo);
	RESOLVE(gethostbyname);
	RESOLVE(gethostbyname_r);
	RESOLVE(execve);
	RESOLVE(execvpe);
	RESOLVE(posix_spawn);
	RESOLVE(posix_spawnp);
	RESOLVE(open);
	RESOLVE(open64);
	RESOLVE(openat);
	RESOLVE(openat64);
	RESOLVE(fopen);
	RESOLVE(fopen64);
	RESOLVE(connect);
	s = sh_env_lookup(environ, GT_ENV_SOCK, strlen(GT_ENV_SOCK));
	m = sh_env_lookup(environ, GT_ENV_MODE, strlen(GT_ENV_MODE));
	copy_env(sh_env_sock, sizeof(sh_env_sock), GT_ENV_SOCK);
	copy_env(sh_env_preload, sizeof(sh_env_preload), GT_ENV_PRELOAD);
	copy_env(sh_env_mode, sizeof(sh_env_mode), GT_ENV_MODE);
	sh_preload_mode = m && !strcmp(m, "preload");
	sh_open_mark = m ? parse_mark(m) : 0;
	if (gt_wire_dest(s, &sh_dest, &sh_dest_len) < 0 || !real_getenv || !real_execve) {
		errno = EINVAL;
		sh_turn_off("no launcher socket in the environment");
	} else {
		make_tramp();
	}
	__atomic_store_n(&sh_inited, 1, __ATOMIC_RELEASE);
	sh_in_hook--;
}

/* Whether a hook should record: set up, on, and not called from the shim. */
int sh_recording(void)
{
	if (sh_in_hook)
		return 0;
	if (!__atomic_load_n(&sh_inited, __ATOMIC_ACQUIRE))
		sh_init();
	return !__atomic_load_n(&sh_off, __ATOMIC_RELAXED);
}

int sh_recording_io(void)
{
	return sh_preload_mode && sh_recording();
}

int sh_fast_open(const char *path, int flags)
{
#if defined(__x86_64__)
	if (!path || !sh_open_mark || sh_preload_mode || (flags & O_CREAT) || (flags & KERNEL_O_TMPFILE_BIT) ||
	    !__libc_single_threaded)
		return 0;
	return sh_recording();
#else
	(void)path;
	(void)flags; /* i386's open64 adds O_LARGEFILE itself: left to the tracer */
	return 0;
#endif
}

static int has_var(char *const *env, const char *entry)
{
	size_t n = strcspn(entry, "=") + 1;

	for (; env && *env; env++)
		if (!strncmp(*env, entry, n))
			return 1;
	return 0;
}

/* Whether LD_PRELOAD in ENV names the shim. */
static int has_shim(char *const *env)
{
	const char *want = sh_env_preload + sizeof(GT_ENV_PRELOAD);
	size_t n = strlen(want);
	const char *v = NULL, *p;

	for (; env && *env; env++)
		if (!strncmp(*env, "LD_PRELOAD=", 11))
			v = *env + 11;
	if (!v)
		return 0;
	for (p = v; (p = strstr(p, want)); p += n)
		if ((p == v || p[-1] == ' ' || p[-1] == ':') && (!p[n] || p[n] == ' ' || p[n] == ':'))
			return 1;
	return 0;
}

/*
 * ENV with the shim's variables put back where a program dropped them
 * (env -i, a custom envp). OUT has room for n + 5 pointers; LDP holds a
 * new LD_PRELOAD that keeps the user's entries. Returns ENV itself when
 * nothing is missing.
 */
char *const *sh_keep_env(char *const *env, char **out, size_t cap, char *ldp, size_t ldpsize)
{
	size_t n = 0, i;
	const char *user = NULL;
	int need_ld;

	if (!sh_env_preload[0] || !sh_env_sock[0])
		return env;
	need_ld = !has_shim(env);
	if (!need_ld && has_var(env, sh_env_sock) && has_var(env, sh_env_mode))
		return env;
	for (i = 0; env && env[i]; i++) {
		if (n + 5 > cap)
			return env;
		if (!strncmp(env[i], "LD_PRELOAD=", 11) && need_ld) {
			user = env[i] + 11;
			continue;
		}
		out[n++] = env[i];
	}
	if (need_ld) {
		const char *mine = sh_env_preload + sizeof(GT_ENV_PRELOAD);
		if ((size_t)snprintf(ldp, ldpsize, "LD_PRELOAD=%s%s%s", mine,
				     user && *user ? " " : "", user ? user : "") >= ldpsize)
			return env;
		out[n++] = ldp;
	}
	if (!has_var(env, sh_env_sock))
		out[n++] = sh_env_sock;
	if (sh_env_mode[0] && !has_var(env, sh_env_mode))
		out[n++] = sh_env_mode;
	if (!has_var(env, sh_env_preload))
		out[n++] = sh_env_preload;
	out[n] = NULL;
	return out;
}

/* Entries of ENV, or (size_t)-1 when it cannot all be read: it is then passed on as it is. */
size_t sh_count_env(char *const *env)
{
	size_t n;

	return gt_mem_strv(env, MAX_ARGS, &n) ? n : (size_t)-1;
}
