/*
 * openat relative to a directory descriptor, and open relative to the cwd.
 *
 * Checked by tests/e2e/t_progs.sh ("openat", "open"): each path resolved
 * against its dirfd or the cwd after chdir.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int d;

	if (argc < 2)
		return 2;
	d = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (d < 0)
		return 1;
	/* resolved lexically: DIR/sub/../gotrace-nonexistent */
	if (openat(d, "sub/../gotrace-nonexistent", O_RDONLY) >= 0)
		return 1;
	if (chdir(argv[1]) < 0)
		return 1;
	if (open("./gotrace-after-chdir", O_WRONLY | O_CREAT | O_TRUNC, 0600) < 0)
		return 1;
	return 0;
}
