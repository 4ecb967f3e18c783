/*
 * Built with -m32 by the tests: a 32-bit program must run and be traced,
 * and so must its child. The child's i386 call 257 (remap_file_pages)
 * carries a path and AT_FDCWD where x86_64's openat, also 257, has them: an
 * in-kernel recorder that took it for a 64-bit process would record an
 * open of that path.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int st = 0;
	pid_t pid;

	if (open("/gotrace-nonexistent-32", O_RDONLY) >= 0)
		return 1;
	if ((pid = fork()) == 0) {
		if (open("/gotrace-nonexistent-32-child", O_RDONLY) >= 0)
			_exit(1);
		syscall(257, 0L, 0L, 0L, (long)"/gotrace-32-as-openat", -100L); /* edi: AT_FDCWD */
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		return 1;
	fprintf(stderr, "hello from 32-bit\n");
	return 0;
}
