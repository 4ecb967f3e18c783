/*
 * exact DIR: makes every call gotrace traps or hooks over a matrix of
 * argument kinds, valid and invalid, and prints what each one returned.
 * The e2e suite runs it untraced and under gotrace (ptrace and preload
 * modes, as root and as an unprivileged user) and requires the same output:
 * a traced program must not be able to tell.
 *
 * DIR is an empty directory the program fills and works in. Calls that
 * would kill the process (a bad pointer glibc itself reads) run in a child,
 * and the line says how that child ended.
 *
 * Checked by tests/e2e/t_exact.sh: identical output untraced and traced,
 * both modes, root and nobody.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* NULL and bad pointers are the point: let them through */
#pragma GCC diagnostic ignored "-Wnonnull"

extern char **environ;

#define PAGE 4096
#define CLOSED_FD 987

static char *guard;        /* a readable page followed by an unreadable one */
static char *noaccess;     /* the unreadable page */
static char *unterminated; /* bytes up to the unreadable page, no NUL */
static char **open_argv;   /* pointers up to the unreadable page, no NULL */

static void result(const char *label, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", label, strerrorname_np(errno));
	else
		printf("%s: %ld\n", label, r);
}

/* Run FN in a child and say how it ended: killed, or the line it printed. */
static void in_child(const char *label, void (*fn)(const char *))
{
	int st;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn(label);
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0) {
		printf("%s: fork failed\n", label);
		return;
	}
	if (WIFSIGNALED(st))
		printf("%s: killed by SIG%s\n", label, sigabbrev_np(WTERMSIG(st)));
	else
		printf("%s: exit %d\n", label, WEXITSTATUS(st));
}

static char *one_char;      /* "a" right before the unreadable page: only its first byte is readable */

static char *edge;          /* 8 bytes right before an unreadable page */

/*
 * Three readable pages, each followed by an unreadable one: strings end at
 * the first, arrays at the second, a short sockaddr at the third.
 */
static void setup_memory(void)
{
	guard = mmap(NULL, 6 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard == MAP_FAILED || mprotect(guard + PAGE, PAGE, PROT_NONE) < 0 ||
	    mprotect(guard + 3 * PAGE, PAGE, PROT_NONE) < 0 ||
	    mprotect(guard + 5 * PAGE, PAGE, PROT_NONE) < 0) {
		perror("mmap");
		exit(2);
	}
	noaccess = guard + PAGE;
	unterminated = noaccess - 16;
	memset(unterminated, 'a', 16);
	one_char = noaccess - 1;
	/* the last four pointers of the page, all to good strings, no NULL after them */
	open_argv = (char **)(guard + 3 * PAGE - 4 * sizeof(char *));
	for (int i = 0; i < 4; i++)
		open_argv[i] = "true";
	edge = guard + 5 * PAGE - 8;
}

static void setup_files(const char *dir)
{
	if (chdir(dir) < 0) {
		perror(dir);
		exit(2);
	}
	close(open("f", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	mkdir("d", 0755);
	mkdir("d/sub", 0755);
	mkdir("nosearch", 0755);
	close(open("nosearch/inner", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	chmod("nosearch", 0600);
	symlink("loop2", "loop1");
	symlink("loop1", "loop2");
	symlink("nowhere", "dangling");
	symlink("d", "dlink");
	symlink("f", "flink");
}

/* ---- opens ---- */

struct named {
	const char *name;
	long v;
};

static char abs_f[PATH_MAX], abs_missing[PATH_MAX], abs_through_file[PATH_MAX];
static char toolong[PATH_MAX + 16], longcomp[300];

static const char *path_of(int i, const char **name)
{
	static const struct {
		const char *name, *path;
	} fixed[] = {
		{"f", "f"},
		{"missing", "missing"},
		{"missing/x", "missing/x"},
		{"f/x", "f/x"},
		{"f/", "f/"},
		{"d", "d"},
		{"d/", "d/"},
		{"d/sub/../missing", "d/sub/../missing"},
		{"sub", "sub"},
		{"sub/../../f", "sub/../../f"},
		{"empty", ""},
		{"loop1", "loop1"},
		{"loop1/x", "loop1/x"},
		{"dangling", "dangling"},
		{"dlink/missing", "dlink/missing"},
		{"flink/x", "flink/x"},
		{"nosearch/inner", "nosearch/inner"},
		{"nosearch/missing", "nosearch/missing"},
		{".", "."},
		{"..", ".."},
	};
	int n = (int)(sizeof(fixed) / sizeof(fixed[0]));

	if (i < n) {
		*name = fixed[i].name;
		return fixed[i].path;
	}
	switch (i - n) {
	case 0: *name = "abs f"; return abs_f;
	case 1: *name = "abs missing"; return abs_missing;
	case 2: *name = "abs through a file"; return abs_through_file;
	case 3: *name = "NULL"; return NULL;
	case 4: *name = "unreadable"; return noaccess;
	case 5: *name = "unterminated"; return unterminated;
	case 6: *name = "too long"; return toolong;
	case 7: *name = "long component"; return longcomp;
	}
	*name = NULL;
	return NULL;
}

static const struct named oflags[] = {
	{"RDONLY", O_RDONLY},
	{"RDONLY|NOFOLLOW", O_RDONLY | O_NOFOLLOW},
	{"RDONLY|DIRECTORY", O_RDONLY | O_DIRECTORY},
	{"WRONLY", O_WRONLY},
	{"PATH", O_PATH},
	{"PATH|NOFOLLOW", O_PATH | O_NOFOLLOW},
	{"CREAT|DIRECTORY", O_CREAT | O_DIRECTORY},
	{"CREAT|EXCL|WRONLY", O_CREAT | O_EXCL | O_WRONLY},
	{"TMPFILE|RDWR", O_TMPFILE | O_RDWR},
	{"RDONLY|unknown bits", O_RDONLY | (long)0x40000000},
};

static void opened(const char *label, long r, int dirfd, const char *path, long flags)
{
	result(label, r);
	if (r >= 0) {
		close((int)r);
		/* put the directory back as it was */
		if ((flags & O_CREAT) && path)
			unlinkat(dirfd, path, 0);
	}
}

static void opens(void)
{
	int dfd = open("d", O_RDONLY | O_DIRECTORY), ffd = open("f", O_RDONLY);
	int pfd = open("d", O_PATH), sfd = open("dlink", O_PATH | O_NOFOLLOW), pp[2];
	char label[256];

	if (pipe(pp) < 0)
		exit(2);
	close(CLOSED_FD);
	const struct named dirfds[] = {
		{"cwd", AT_FDCWD}, {"dir", dfd},         {"-1", -1},    {"closed", CLOSED_FD},
		{"file", ffd},     {"O_PATH dir", pfd},  {"-42", -42},  {"INT_MAX", 0x7fffffff},
		{"symlink", sfd},  {"pipe", pp[0]},
	};
	for (size_t d = 0; d < sizeof(dirfds) / sizeof(dirfds[0]); d++) {
		const char *pname;
		const char *path;
		for (int p = 0; (path = path_of(p, &pname)), pname; p++) {
			for (size_t f = 0; f < sizeof(oflags) / sizeof(oflags[0]); f++) {
				int dirfd = (int)dirfds[d].v;
				long flags = oflags[f].v;
				long r;

				snprintf(label, sizeof(label), "openat(%s, %s, %s)", dirfds[d].name, pname,
					 oflags[f].name);
				errno = 0;
				r = openat(dirfd, path, (int)flags, 0600);
				opened(label, r, dirfd, path, flags);
				snprintf(label, sizeof(label), "SYS_openat(%s, %s, %s)", dirfds[d].name,
					 pname, oflags[f].name);
				errno = 0;
				r = syscall(SYS_openat, dirfd, path, flags, 0600);
				opened(label, r, dirfd, path, flags);
				if (dirfd != AT_FDCWD)
					continue;
				snprintf(label, sizeof(label), "open(%s, %s)", pname, oflags[f].name);
				errno = 0;
				r = open(path, (int)flags, 0600);
				opened(label, r, dirfd, path, flags);
				snprintf(label, sizeof(label), "SYS_open(%s, %s)", pname, oflags[f].name);
				errno = 0;
				r = syscall(SYS_open, path, flags, 0600);
				opened(label, r, dirfd, path, flags);
			}
			if (dirfds[d].v != AT_FDCWD)
				continue;
			static const char *modes[] = {"r", "re", "r+", "w+x"};
			for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
				FILE *fp;
				snprintf(label, sizeof(label), "fopen(%s, %s)", pname, modes[m]);
				errno = 0;
				fp = fopen(path, modes[m]);
				printf("%s: %s%s\n", label, fp ? "FILE" : "NULL ",
				       fp ? "" : strerrorname_np(errno));
				if (fp) {
					fclose(fp);
					if (modes[m][0] == 'w' && path)
						unlink(path);
				}
			}
		}
	}
	close(dfd);
	close(ffd);
	close(pfd);
	close(sfd);
	close(pp[0]);
	close(pp[1]);
}

/* With every descriptor below RLIMIT_NOFILE in use, EMFILE comes before the path's own error. */
static void descriptors_used_up(void)
{
	struct rlimit old, low;
	int fds[64], n = 0;

	getrlimit(RLIMIT_NOFILE, &old);
	low = old;
	low.rlim_cur = 32;
	if (setrlimit(RLIMIT_NOFILE, &low) < 0)
		return;
	while (n < 64 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	printf("descriptors opened before EMFILE: %d (%s)\n", n, strerrorname_np(errno));
	errno = 0;
	result("full: openat(cwd, missing)", openat(AT_FDCWD, "missing", O_RDONLY));
	result("full: SYS_openat(cwd, missing)", syscall(SYS_openat, AT_FDCWD, "missing", O_RDONLY));
	result("full: open(abs missing)", open(abs_missing, O_RDONLY));
	result("full: openat(-1, missing)", openat(-1, "missing", O_RDONLY));
	result("full: openat(cwd, f/x)", openat(AT_FDCWD, "f/x", O_RDONLY));
	result("full: openat(cwd, empty)", openat(AT_FDCWD, "", O_RDONLY));
	result("full: openat(cwd, unreadable)", openat(AT_FDCWD, noaccess, O_RDONLY));
	printf("full: fopen(missing): %s\n", fopen("missing", "r") ? "FILE" : strerrorname_np(errno));
	result("full: socket", socket(AF_INET, SOCK_STREAM, 0));
	while (n > 0)
		close(fds[--n]);
	setrlimit(RLIMIT_NOFILE, &old);
	result("after: openat(cwd, missing)", openat(AT_FDCWD, "missing", O_RDONLY));
}

/* ---- execs, each in a child ---- */

static char *good_argv[] = {"true", NULL};
static char *good_envp[] = {"A=1", NULL};
static char *bad_elem_argv[] = {"true", NULL, NULL};
static char *bad_elem_envp[] = {NULL, NULL};
static char **huge_argv;
static char *long_arg_argv[] = {"true", NULL, NULL};

static void say_errno(const char *label)
{
	printf("%s: -1 %s\n", label, strerrorname_np(errno));
}

#define EXEC_CASE(fname, call)                    \
	static void fname(const char *label)      \
	{                                         \
		errno = 0;                        \
		call;                             \
		say_errno(label);                 \
	}

EXEC_CASE(ex_unterminated_argv, execve("/bin/true", open_argv, good_envp))
EXEC_CASE(ex_missing_unterminated_argv, execve("/gotrace-no-such/true", open_argv, good_envp))
EXEC_CASE(ex_unterminated_envp, execve("/bin/true", good_argv, open_argv))
EXEC_CASE(ex_null_argv, execve("/bin/true", NULL, good_envp))
EXEC_CASE(ex_null_envp, execve("/bin/true", good_argv, NULL))
EXEC_CASE(ex_bad_elem_argv, execve("/bin/true", bad_elem_argv, good_envp))
EXEC_CASE(ex_bad_elem_envp, execve("/bin/true", good_argv, bad_elem_envp))
EXEC_CASE(ex_unterminated_arg0, execve("/bin/true", (char *[]){unterminated, NULL}, good_envp))
EXEC_CASE(ex_unreadable_argv, execve("/bin/true", (char **)noaccess, good_envp))
EXEC_CASE(ex_unreadable_envp, execve("/bin/true", good_argv, (char **)noaccess))
EXEC_CASE(ex_unreadable_path, execve(noaccess, good_argv, good_envp))
EXEC_CASE(ex_unterminated_path, execve(unterminated, good_argv, good_envp))
EXEC_CASE(ex_null_path, execve(NULL, good_argv, good_envp))
EXEC_CASE(ex_empty_path, execve("", good_argv, good_envp))
EXEC_CASE(ex_dir_path, execve("d", good_argv, good_envp))
EXEC_CASE(ex_file_path, execve("f", good_argv, good_envp))
EXEC_CASE(ex_huge_argv, execve("/bin/true", huge_argv, good_envp))
EXEC_CASE(ex_long_arg, execve("/bin/true", long_arg_argv, good_envp))
EXEC_CASE(ex_execv_unterminated, execv("/bin/true", open_argv))
EXEC_CASE(ex_execvp_unterminated, execvp("true", open_argv))
EXEC_CASE(ex_execvpe_unterminated_envp, execvpe("true", good_argv, open_argv))
EXEC_CASE(ex_execvp_missing, execvp("gotrace-no-such-program", good_argv))
EXEC_CASE(ex_execl_unreadable_path, execl(noaccess, "true", (char *)NULL))
EXEC_CASE(ex_execle_unterminated_envp, execle("/bin/true", "true", (char *)NULL, open_argv))
EXEC_CASE(ex_sys_unterminated_argv, syscall(SYS_execve, "/bin/true", open_argv, good_envp))
EXEC_CASE(ex_sys_unreadable_path, syscall(SYS_execve, noaccess, good_argv, good_envp))
EXEC_CASE(ex_execveat_bad_dirfd, syscall(SYS_execveat, -1, "true", good_argv, good_envp, 0))
EXEC_CASE(ex_execveat_unterminated, syscall(SYS_execveat, AT_FDCWD, "/bin/true", open_argv, good_envp, 0))
EXEC_CASE(ex_good, execve("/bin/true", good_argv, good_envp))

static void sp_unterminated_argv(const char *label)
{
	pid_t pid;
	int rc = posix_spawn(&pid, "/bin/true", NULL, NULL, open_argv, environ);
	printf("%s: %s\n", label, rc ? strerrorname_np(rc) : "spawned");
	if (!rc)
		waitpid(pid, NULL, 0);
}

static void sp_unterminated_envp(const char *label)
{
	pid_t pid;
	int rc = posix_spawnp(&pid, "true", NULL, NULL, good_argv, open_argv);
	printf("%s: %s\n", label, rc ? strerrorname_np(rc) : "spawned");
	if (!rc) {
		int st;
		waitpid(pid, &st, 0);
		printf("%s: child status %d\n", label, st);
	}
}

static void sp_unreadable_path(const char *label)
{
	pid_t pid;
	int rc = posix_spawn(&pid, noaccess, NULL, NULL, good_argv, environ);
	printf("%s: %s\n", label, rc ? strerrorname_np(rc) : "spawned");
	if (!rc) {
		int st;
		waitpid(pid, &st, 0);
		printf("%s: child status %d\n", label, st);
	}
}

static void execs(void)
{
	static const struct {
		const char *label;
		void (*fn)(const char *);
	} cases[] = {
		{"execve argv without NULL", ex_unterminated_argv},
		{"execve missing path, argv without NULL", ex_missing_unterminated_argv},
		{"execve envp without NULL", ex_unterminated_envp},
		{"execve NULL argv", ex_null_argv},
		{"execve NULL envp", ex_null_envp},
		{"execve argv[1] unreadable", ex_bad_elem_argv},
		{"execve envp[0] unreadable", ex_bad_elem_envp},
		{"execve argv[0] without NUL", ex_unterminated_arg0},
		{"execve argv unreadable", ex_unreadable_argv},
		{"execve envp unreadable", ex_unreadable_envp},
		{"execve path unreadable", ex_unreadable_path},
		{"execve path without NUL", ex_unterminated_path},
		{"execve NULL path", ex_null_path},
		{"execve empty path", ex_empty_path},
		{"execve a directory", ex_dir_path},
		{"execve a file not executable", ex_file_path},
		{"execve argv over ARG_MAX", ex_huge_argv},
		{"execve one argument over MAX_ARG_STRLEN", ex_long_arg},
		{"execv argv without NULL", ex_execv_unterminated},
		{"execvp argv without NULL", ex_execvp_unterminated},
		{"execvpe envp without NULL", ex_execvpe_unterminated_envp},
		{"execvp not on PATH", ex_execvp_missing},
		{"execl path unreadable", ex_execl_unreadable_path},
		{"execle envp without NULL", ex_execle_unterminated_envp},
		{"SYS_execve argv without NULL", ex_sys_unterminated_argv},
		{"SYS_execve path unreadable", ex_sys_unreadable_path},
		{"execveat bad dirfd", ex_execveat_bad_dirfd},
		{"execveat argv without NULL", ex_execveat_unterminated},
		{"posix_spawn argv without NULL", sp_unterminated_argv},
		{"posix_spawnp envp without NULL", sp_unterminated_envp},
		{"posix_spawn path unreadable", sp_unreadable_path},
		{"execve good", ex_good},
	};
	size_t i, n = 40000;
	char *big;

	huge_argv = calloc(n + 2, sizeof(char *));
	big = malloc(101);
	memset(big, 'x', 100);
	big[100] = 0;
	huge_argv[0] = "true";
	for (i = 1; i <= n; i++)
		huge_argv[i] = big;
	long_arg_argv[1] = malloc(200000);
	memset(long_arg_argv[1], 'y', 199999);
	long_arg_argv[1][199999] = 0;
	bad_elem_argv[1] = noaccess;
	bad_elem_envp[0] = noaccess;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		in_child(cases[i].label, cases[i].fn);
}

/* ---- connects ---- */

static void connects(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(1),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int ffd = open("f", O_RDONLY);
	struct {
		const char *label;
		int domain;
		const void *sa;
		long len;
	} cases[] = {
		{"inet NULL 0", AF_INET, NULL, 0},
		{"inet unreadable", AF_INET, noaccess, sizeof(sin)},
		{"inet runs into unreadable", AF_INET, edge, sizeof(sin)},
		{"inet len 200", AF_INET, &sin, 200},
		{"inet len -1", AF_INET, &sin, -1},
		{"inet len 1", AF_INET, &sin, 1},
		{"inet refused", AF_INET, &sin, sizeof(sin)},
		{"inet unix address", AF_INET, &sun, sizeof(sun)},
		{"unix missing", AF_UNIX, &sun, sizeof(sun)},
		{"unix a file", AF_UNIX, NULL, sizeof(sun)},
	};

	memcpy(edge, &sin, 8);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "nosock");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_un fsun = {.sun_family = AF_UNIX, .sun_path = "f"};
		const void *sa = cases[i].sa ? cases[i].sa : (cases[i].domain == AF_UNIX ? &fsun : NULL);
		char label[128];
		int s = socket(cases[i].domain, SOCK_STREAM, 0);
		if (!strcmp(cases[i].label, "inet NULL 0"))
			sa = NULL;
		snprintf(label, sizeof(label), "connect(%s)", cases[i].label);
		errno = 0;
		result(label, connect(s, sa, (socklen_t)cases[i].len));
		close(s);
		s = socket(cases[i].domain, SOCK_STREAM, 0);
		snprintf(label, sizeof(label), "SYS_connect(%s)", cases[i].label);
		errno = 0;
		result(label, syscall(SYS_connect, s, sa, cases[i].len));
		close(s);
	}
	errno = 0;
	result("connect(-1)", connect(-1, (struct sockaddr *)&sin, sizeof(sin)));
	errno = 0;
	result("connect(a file)", connect(ffd, (struct sockaddr *)&sin, sizeof(sin)));
	close(ffd);
}

/* ---- the rest gotrace traps: stderr writes, SO_ERROR, chdir, credentials ---- */

static void others(void)
{
	struct iovec bad = {.iov_base = noaccess, .iov_len = 5};
	int s = socket(AF_INET, SOCK_STREAM, 0), v = 0, ffd = open("f", O_RDONLY);
	socklen_t len = sizeof(v);
	char here[PATH_MAX];

	if (!getcwd(here, sizeof(here)))
		exit(2);
	errno = 0;
	result("write(2, unreadable)", write(2, noaccess, 5));
	errno = 0;
	result("write(2, runs into unreadable)", write(2, unterminated, 32));
	errno = 0;
	result("writev(2, iov unreadable)", writev(2, (struct iovec *)noaccess, 1));
	errno = 0;
	result("writev(2, buffer unreadable)", writev(2, &bad, 1));
	errno = 0;
	result("writev(2, -1 iovs)", syscall(SYS_writev, 2, &bad, -1));
	errno = 0;
	result("getsockopt(SO_ERROR, value unreadable)",
	       getsockopt(s, SOL_SOCKET, SO_ERROR, noaccess, &len));
	errno = 0;
	result("getsockopt(SO_ERROR, len unreadable)",
	       getsockopt(s, SOL_SOCKET, SO_ERROR, &v, (socklen_t *)noaccess));
	errno = 0;
	result("getsockopt(SO_ERROR, -1)", getsockopt(-1, SOL_SOCKET, SO_ERROR, &v, &len));
	errno = 0;
	result("chdir(unreadable)", chdir(noaccess));
	errno = 0;
	result("chdir(missing)", chdir("missing"));
	errno = 0;
	result("chdir(f)", chdir("f"));
	errno = 0;
	result("chdir(empty)", chdir(""));
	errno = 0;
	result("fchdir(-1)", fchdir(-1));
	errno = 0;
	result("fchdir(a file)", fchdir(ffd));
	errno = 0;
	result("chdir(back)", chdir(here));
	errno = 0;
	result("setresuid(-1, -1, -1)", setresuid(-1, -1, -1));
	errno = 0;
	result("setgroups(-1)", syscall(SYS_setgroups, -1, NULL));
	errno = 0;
	result("setgroups(unreadable)", syscall(SYS_setgroups, 1, noaccess));
	errno = 0;
	result("unshare(bad flags)", unshare(0x7fffffff));
	errno = 0;
	result("chroot(unreadable)", chroot(noaccess));
	errno = 0;
	result("chroot(missing)", chroot("missing"));
	close(s);
	close(ffd);
}

/* ---- hooks with names from the program: a bad one glibc reads kills both ways ---- */

static void gv_unreadable(const char *label)
{
	printf("%s: %s\n", label, getenv(noaccess) ? "set" : "unset");
}

static void gv_cleared(const char *label)
{
	clearenv();
	printf("%s: %s\n", label, getenv(noaccess) ? "set" : "unset");
}

static void gv_secure(const char *label)
{
	printf("%s: %s\n", label, secure_getenv(unterminated) ? "set" : "unset");
}

static void dl_unreadable(const char *label)
{
	printf("%s: %s\n", label, dlopen(noaccess, RTLD_NOW) ? "loaded" : "NULL");
}

static void dl_badmode(const char *label)
{
	printf("%s: %s\n", label, dlopen(noaccess, 0) ? "loaded" : "NULL");
}

/* glibc looks at the service's first byte, then refuses the flags */
static void gai_badflags(const char *label)
{
	struct addrinfo hints = {.ai_flags = 0x7fff0000}, *res = NULL;
	int rc = getaddrinfo("localhost", one_char, &hints, &res);
	printf("%s: %s\n", label, rc ? gai_strerror(rc) : "resolved");
}

static void ghn_unreadable(const char *label)
{
	printf("%s: %s\n", label, gethostbyname(noaccess) ? "resolved" : "NULL");
}

static void fo_unreadable_mode(const char *label)
{
	printf("%s: %s\n", label, fopen("f", noaccess) ? "FILE" : "NULL");
}

static void hooks(void)
{
	in_child("getenv(unreadable)", gv_unreadable);
	in_child("getenv(unreadable) after clearenv", gv_cleared);
	in_child("secure_getenv(without NUL)", gv_secure);
	in_child("dlopen(unreadable)", dl_unreadable);
	in_child("dlopen(unreadable, bad mode)", dl_badmode);
	in_child("getaddrinfo(service without NUL, bad flags)", gai_badflags);
	in_child("gethostbyname(unreadable)", ghn_unreadable);
	in_child("fopen(f, unreadable mode)", fo_unreadable_mode);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: exact DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	setup_memory();
	setup_files(argv[1]);
	if (!getcwd(abs_f, sizeof(abs_f) - 16))
		return 2;
	strcpy(abs_missing, abs_f);
	strcat(abs_missing, "/missing");
	strcpy(abs_through_file, abs_f);
	strcat(abs_through_file, "/f/x");
	strcat(abs_f, "/f");
	memset(toolong, 'a', PATH_MAX + 8);
	memset(longcomp, 'b', 280);
	opens();
	descriptors_used_up();
	execs();
	connects();
	others();
	hooks();
	return 0;
}
