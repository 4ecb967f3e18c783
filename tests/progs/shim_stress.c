/*
 * Hard cases for the preload shim, one per argument:
 *   threads  16 threads x 500 getenv("GT_STRESS")
 *   closeall getenv, close every descriptor above 2, getenv again
 *   dup2     dup2 a regular file over every socket the process holds,
 *            getenv 10 times; exit 3 if the file got a byte; the
 *            number replaced goes to the file $GT_DUP2_OUT
 *   dup2tcp  the same with a connected TCP socket; exit 3 if its peer got a byte
 *   errno    exit 4 if getenv, dlopen or getaddrinfo change errno
 *   fork     200 children, each getenv("GT_FORK") once
 * Prints "done" on success.
 *
 * Checked by tests/e2e/t_shim.sh: the same output and status traced and
 * untraced, case by case.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The number of sockets replaced, to the file named by $GT_DUP2_OUT. */
static void report_replaced(int hit)
{
	FILE *f = getenv("GT_DUP2_OUT") ? fopen(getenv("GT_DUP2_OUT"), "w") : NULL;

	if (f) {
		fprintf(f, "replaced %d\n", hit);
		fclose(f);
	}
}

static void *spin(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 500; i++)
		if (!getenv("GT_STRESS"))
			abort();
	return NULL;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	int i;

	if (!strcmp(m, "threads")) {
		pthread_t th[16];
		for (i = 0; i < 16; i++)
			pthread_create(&th[i], NULL, spin, NULL);
		for (i = 0; i < 16; i++)
			pthread_join(th[i], NULL);
	} else if (!strcmp(m, "closeall")) {
		getenv("GT_BEFORE");
		for (i = 3; i < 1024; i++)
			close(i);
		getenv("GT_AFTER");
	} else if (!strcmp(m, "dup2")) {
		char path[] = "/tmp/gt-dup2-XXXXXX";
		struct stat st;
		int fd, hit = 0;
		getenv("GT_BEFORE");
		fd = mkstemp(path);
		if (fd < 0)
			return 2;
		unlink(path);
		for (i = 3; i < 256; i++)
			if (i != fd && fstat(i, &st) == 0 && S_ISSOCK(st.st_mode)) {
				dup2(fd, i);
				hit++;
			}
		for (i = 0; i < 10; i++)
			getenv("GT_AFTER");
		if (fstat(fd, &st) < 0 || st.st_size != 0)
			return 3;
		report_replaced(hit);
	} else if (!strcmp(m, "dup2tcp")) {
		/* a connected TCP socket over the shim's: a send there would reach the peer */
		struct sockaddr_in sa;
		socklen_t len = sizeof(sa);
		struct stat st;
		char c;
		int l = socket(AF_INET, SOCK_STREAM, 0), cl = socket(AF_INET, SOCK_STREAM, 0), a, hit = 0;
		getenv("GT_BEFORE");
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (bind(l, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(l, 1) < 0 ||
		    getsockname(l, (struct sockaddr *)&sa, &len) < 0 ||
		    connect(cl, (struct sockaddr *)&sa, sizeof(sa)) < 0 || (a = accept(l, NULL, NULL)) < 0)
			return 2;
		for (i = 3; i < 256; i++)
			if (i != l && i != cl && i != a && fstat(i, &st) == 0 && S_ISSOCK(st.st_mode)) {
				dup2(cl, i);
				hit++;
			}
		for (i = 0; i < 10; i++)
			getenv("GT_AFTER");
		if (recv(a, &c, 1, MSG_DONTWAIT) != -1 || errno != EAGAIN)
			return 3;
		report_replaced(hit);
	} else if (!strcmp(m, "errno")) {
		struct addrinfo *res = NULL;
		errno = 1234;
		getenv("HOME");
		if (errno != 1234)
			return 4;
		errno = 1235;
		getenv("GT_SURELY_UNSET");
		if (errno != 1235)
			return 4;
		errno = 1236;
		if (getaddrinfo("localhost", NULL, NULL, &res) == 0)
			freeaddrinfo(res);
		if (errno != 1236)
			return 4;
	} else if (!strcmp(m, "fork")) {
		for (i = 0; i < 200; i++) {
			pid_t p = fork();
			if (p == 0) {
				getenv("GT_FORK");
				_exit(0);
			}
			if (p < 0)
				return 5;
		}
		while (wait(NULL) > 0)
			;
	} else {
		fprintf(stderr, "usage: shim_stress threads|closeall|dup2|errno|fork\n");
		return 2;
	}
	puts("done");
	return 0;
}
