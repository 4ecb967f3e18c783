/*
 * open_order DIR N: opens DIR/libgtorderI.so (a library name: gotrace's
 * tracer records it) and then DIR/plainI (the shim records it, in mode
 * ptrace) for I from 0 to N-1, and prints each path as it goes. Half of
 * each exist. The trace must list them in the same order.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void one(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	printf("%s\n", path);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	char path[4096];
	int i, n;

	if (argc != 3)
		return 2;
	n = atoi(argv[2]);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/libgtorder%d.so", argv[1], i);
		one(path);
		snprintf(path, sizeof(path), "%s/plain%d", argv[1], i);
		one(path);
	}
	return 0;
}
