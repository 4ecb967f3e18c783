/*
 * thread_open DIR: opens DIR/one, DIR/go.mod, DIR/none (missing) and
 * fopen(DIR/two, "re") while it has one thread, then starts a thread,
 * joins it, and opens DIR/three. Prints each result. Under gotrace the
 * shim makes the first, third and fourth opens itself; go.mod (a file
 * gotrace fingerprints) and every open after a second thread existed
 * (glibc's open is a cancellation point) go to the tracer.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *nothing(void *arg)
{
	return arg;
}

static void try_open(const char *dir, const char *name)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	printf("open %s: %s\n", name, fd >= 0 ? "ok" : strerror(errno));
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	char path[4096];
	pthread_t t;
	FILE *f;

	if (argc != 2)
		return 2;
	try_open(argv[1], "one");
	try_open(argv[1], "go.mod");
	try_open(argv[1], "none");
	snprintf(path, sizeof(path), "%s/two", argv[1]);
	f = fopen(path, "re");
	printf("fopen two: %s\n", f ? "ok" : strerror(errno));
	if (f)
		fclose(f);
	if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL))
		return 1;
	try_open(argv[1], "three");
	return 0;
}
