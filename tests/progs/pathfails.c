/*
 * Path calls that fail and succeed, by raw syscall, for the kernel
 * recorder's "fsfail" events: each result is printed, so a traced run can
 * be compared with an untraced one. Run in a directory of its own (it
 * makes "exists" there); what must be recorded is under /nonexistent-gt
 * or relative to the working directory, what must not is said in a comment.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

static void say(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? strerror(errno) : "ok");
}

int main(void)
{
	struct stat st;
	char buf[256], sx[256];
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY);

	say("newfstatat missing", syscall(SYS_newfstatat, AT_FDCWD, "/nonexistent-gt/stat", &st, 0));
	say("newfstatat / (succeeds: not recorded)", syscall(SYS_newfstatat, AT_FDCWD, "/", &st, 0));
	say("statx relative", syscall(SYS_statx, AT_FDCWD, "rel-missing", 0, 0x7ff, sx));
	say("faccessat through a file", syscall(SYS_faccessat, AT_FDCWD, "/etc/passwd/x", F_OK));
	say("readlink of a file (EINVAL: not recorded)", syscall(SYS_readlink, "/etc/passwd", buf, sizeof(buf)));
	say("readlinkat missing", syscall(SYS_readlinkat, AT_FDCWD, "/nonexistent-gt/link", buf, sizeof(buf)));
	say("mkdirat missing parent", syscall(SYS_mkdirat, AT_FDCWD, "/nonexistent-gt/dir", 0755));
	say("mkdirat exists", syscall(SYS_mkdirat, AT_FDCWD, "exists", 0755));
	say("mkdirat exists again", syscall(SYS_mkdirat, AT_FDCWD, "exists", 0755));
	say("unlinkat missing", syscall(SYS_unlinkat, AT_FDCWD, "/nonexistent-gt/file", 0));
	say("renameat missing", syscall(SYS_renameat, AT_FDCWD, "/nonexistent-gt/from", AT_FDCWD, "/tmp/gt-to"));
	say("newfstatat on /tmp's descriptor (not recorded)", syscall(SYS_newfstatat, tmp, "gt-missing-rel", &st, 0));
	say("fstatat empty path (not recorded)", syscall(SYS_newfstatat, tmp, "", &st, AT_EMPTY_PATH));
	say("stat missing", syscall(SYS_stat, "/nonexistent-gt/legacy", &st));
	say("access missing", syscall(SYS_access, "/nonexistent-gt/access", F_OK));
	say("rmdir exists", syscall(SYS_rmdir, "exists"));
	return 0;
}
