/*
 * A 64-bit process forks through the i386 entry (int 0x80, fork is 2
 * there) and its child opens a file at once with x86_64's openat: the
 * child must be recorded like any other (the kernel recorder knows the
 * child by its first return, whose number is then i386's).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/hostname";
	long ret;
	int st = 0;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(2L) : "memory", "cc");
	if (ret == 0) {
		long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY, 0);
		syscall(SYS_exit_group, fd >= 0 ? 0 : 1);
	}
	if (ret < 0) {
		printf("fork through int 0x80: %ld\n", ret);
		return 2;
	}
	if (waitpid((pid_t)ret, &st, 0) != (pid_t)ret || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 1;
	printf("child %s\n", "ok");
	return 0;
}
