/*
 * burst N: N openat calls made with the syscall instruction (not through
 * libc, so the shim does not make them), as fast as it can, half of them
 * failing, no other syscall between them. With gotrace's in-kernel
 * recorder none of them stops the program: the ring must keep them all.
 * Prints how many succeeded.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 0, ok = 0;

	for (i = 0; i < n; i++) {
		long fd = syscall(SYS_openat, AT_FDCWD, i % 2 ? "/gotrace-burst-missing" : "/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			ok++;
			syscall(SYS_close, fd);
		}
	}
	printf("%ld\n", ok);
	return 0;
}
