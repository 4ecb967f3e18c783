/*
 * The shim's session in one process: whether it records (set up, not
 * turned off, not already inside a hook on this thread), where events go,
 * the real functions it stands in front of (looked up once), the
 * environment it keeps across exec, and the trampoline dlopen is called
 * through.
 */
#ifndef GT_SHIM_SESSION_H
#define GT_SHIM_SESSION_H

#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>

#define EXPORT __attribute__((visibility("default")))
#define TLS __thread __attribute__((tls_model("initial-exec")))

#define MAX_ARGS 65536 /* more entries than this in an argv or envp: not read */

/* A code stub outside every loaded object (see call_as_program in shim.c). */
typedef void *(*tramp_fn)(uintptr_t, uintptr_t, uintptr_t, void *);

extern int sh_off;                /* 1: turned off for good in this process */
extern int sh_inited;
extern int sh_preload_mode;       /* the syscall layer is not running */
extern struct sockaddr_un sh_dest;
extern socklen_t sh_dest_len;
/* copies of our environment, to put back when a program execs without it */
extern char sh_env_sock[160], sh_env_preload[1024], sh_env_mode[48];
/* the run's openat mark (wrap/filter.h), 0 when the shim has no way around the trap */
extern unsigned sh_open_mark;

extern TLS int sh_in_hook;        /* the shim is already on this thread's stack */
extern char *(*real_getenv)(const char *);
extern char *(*real_secure_getenv)(const char *);
extern void *(*real_dlopen)(const char *, int);
extern void *(*real_dlmopen)(Lmid_t, const char *, int);
extern char *(*real_dlerror)(void);
extern int (*real_getaddrinfo)(const char *, const char *, const struct addrinfo *,
			       struct addrinfo **);
extern struct hostent *(*real_gethostbyname)(const char *);
extern int (*real_gethostbyname_r)(const char *, struct hostent *, char *, size_t,
				   struct hostent **, int *);
extern int (*real_execve)(const char *, char *const[], char *const[]);
extern int (*real_execvpe)(const char *, char *const[], char *const[]);
extern int (*real_posix_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
			       const posix_spawnattr_t *, char *const[], char *const[]);
extern int (*real_posix_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *,
				const posix_spawnattr_t *, char *const[], char *const[]);
extern int (*real_open)(const char *, int, ...);
extern int (*real_open64)(const char *, int, ...);
extern int (*real_openat)(int, const char *, int, ...);
extern int (*real_openat64)(int, const char *, int, ...);
extern FILE *(*real_fopen)(const char *, const char *);
extern FILE *(*real_fopen64)(const char *, const char *);
extern int (*real_connect)(int, const struct sockaddr *, socklen_t);

extern tramp_fn sh_tramp;

/* Turn the shim off for good in this process (every call goes straight through). */
void sh_turn_off(const char *why);
/* NAME's value in ENV, without the getenv hook (usable before sh_init). */
const char *sh_env_lookup(char **env, const char *name, size_t n);
/* Look the real functions up and read the environment; once per process. */
void sh_init(void);
/* Whether a hook should record: set up, on, and not called from the shim. */
int sh_recording(void);
/* Whether opens and connects are the shim's to record (mode preload). */
int sh_recording_io(void);
/*
 * Whether an open of PATH (not NULL: a NULL path is left to the kernel and
 * the tracer, as the program's open declares it cannot be) with FLAGS is the shim's to make and record in mode
 * ptrace, around the syscall trap: there is a mark, the open creates
 * nothing (the kernel then ignores the mode argument the mark rides in),
 * and the process has only ever had one thread (a raw syscall is no
 * cancellation point, as glibc's open is).
 */
int sh_fast_open(const char *path, int flags);
/*
 * ENV with the shim's variables put back where a program dropped them
 * (env -i, a custom envp). OUT has room for CAP pointers; LDP holds a
 * new LD_PRELOAD that keeps the user's entries. Returns ENV itself when
 * nothing is missing.
 */
char *const *sh_keep_env(char *const *env, char **out, size_t cap, char *ldp, size_t ldpsize);
/* Entries of ENV, or (size_t)-1 when it cannot all be read: it is then passed on as it is. */
size_t sh_count_env(char *const *env);

/*
 * The one prologue of every hook: the real NAME, looked up on first use;
 * when there is none, the hook does FAIL (set errno, return).
 */
#define NEED_REAL(name, fail)          \
	do {                           \
		if (!real_##name)      \
			sh_init();     \
		if (!real_##name) {    \
			fail;          \
		}                      \
	} while (0)

/* Run a hook body with the guard up and the real call's errno kept. */
#define RECORD(body)                       \
	do {                               \
		int saved_errno_ = errno;  \
		sh_in_hook++;              \
		body;                      \
		sh_in_hook--;              \
		errno = saved_errno_;      \
	} while (0)

#endif
