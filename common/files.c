/* See files.h. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static const struct {
	const char *name;
	enum gt_fkind kind;
} names[] = {
	{"go.mod", GT_FK_GO},         {"go.sum", GT_FK_GO},           {"go.work", GT_FK_GO},
	{"go.work.sum", GT_FK_GO},    {"go.env", GT_FK_GO},           {"modules.txt", GT_FK_GO},
	{"VERSION", GT_FK_GO},        {".netrc", GT_FK_CRED},         {"_netrc", GT_FK_CRED},
	{".git-credentials", GT_FK_CRED}, {".gitconfig", GT_FK_GITCONFIG}, {"gitconfig", GT_FK_GITCONFIG},
	{"hosts", GT_FK_NET},         {"resolv.conf", GT_FK_NET},     {"nsswitch.conf", GT_FK_NET},
	{"known_hosts", GT_FK_NET},
};

/* Whether the directory part of PATH (before BASE) ends with DIR ("/git/"). */
static int in_dir(const char *path, const char *base, const char *dir)
{
	size_t d = strlen(dir);

	return (size_t)(base - path) >= d && !memcmp(base - d, dir, d);
}

enum gt_fkind gt_file_kind(const char *path, size_t n)
{
	const char *base = memrchr(path, '/', n);
	size_t i, bn;

	base = base ? base + 1 : path;
	bn = n - (size_t)(base - path);
	for (i = 0; i < GT_ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == bn && !memcmp(names[i].name, base, bn))
			return names[i].kind;
	if (bn == 6 && !memcmp(base, "config", 6) &&
	    (in_dir(path, base, "/git/") || in_dir(path, base, "/.git/") ||
	     memmem(path, (size_t)(base - path), "/cache/vcs/", 11)))
		return GT_FK_GITCONFIG;
	if (bn == 3 && !memcmp(base, "env", 3) && in_dir(path, base, "/go/"))
		return GT_FK_GOENV;
	if ((bn == 13 && !memcmp(base, "libgotrace.so", 13)) || (bn == 13 && !memcmp(base, "libgtaudit.so", 13)))
		return GT_FK_NONE;
	if (bn > 6 && !memcmp(base, "lib", 3) && memmem(base, bn, ".so", 3))
		return GT_FK_LIB;
	return GT_FK_NONE;
}

FILE *gt_fopen_text(const char *path, long max)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	FILE *f;
	int err = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		err = errno;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	else if (st.st_size > max)
		err = EFBIG;
	if (err) {
		close(fd);
		errno = err;
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (!(f = fdopen(fd, "r")))
		close(fd);
	return f;
}

int gt_is_debugger(const char *name)
{
	static const char *const debuggers[] = {"strace", "ltrace", "gdb", "gdbserver", "dlv", "lldb", "lldb-server", "rr"};
	size_t i;

	for (i = 0; name && i < GT_ARRAY_SIZE(debuggers); i++)
		if (!strcmp(name, debuggers[i]))
			return 1;
	return 0;
}
