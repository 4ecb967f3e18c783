/*
 * notify DIR [storm]: openat calls made with the syscall instruction
 * (the shim cannot see them), each with a known value in the mode
 * register, which a program must find unchanged after the call. Under
 * gotrace the reading ones are answered by notification or handed back to
 * ptrace (wrap/notify.c); the output must be the same traced or not.
 *
 * Without "storm": one call per kind of path, printing the descriptor
 * number or the errno, and whether r10 came back as it was. DIR holds a
 * file "f", a directory "d" and a FIFO "fifo".
 * With "storm": two threads open files in a loop (some answered, some
 * handed back) while the main thread signals them, with SA_RESTART and
 * without; prints only what must not vary: every call gave a descriptor,
 * the expected errno, or EINTR (only without SA_RESTART), and r10 was
 * never changed.
 *
 * Checked by tests/e2e/t_progs.sh ("notification").
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MODE_MARK 0x5eedUL

static char dir[2048];
static volatile int stop;
static int restart;

/* openat(AT_FDCWD, PATH, FLAGS, MODE_MARK); *R10_OK says whether r10 survived */
static long raw_openat(const char *path, long flags, int *r10_ok)
{
	register long r10 __asm__("r10") = (long)MODE_MARK;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret), "+r"(r10)
			 : "0"((long)SYS_openat), "D"((long)AT_FDCWD), "S"(path), "d"(flags)
			 : "rcx", "r11", "memory");
	*r10_ok = r10 == (long)MODE_MARK;
	return ret;
}

static void one(const char *label, const char *path, long flags)
{
	int ok;
	long r = raw_openat(path, flags, &ok);

	if (r >= 0)
		printf("%s: fd %ld, r10 %s\n", label, r, ok ? "kept" : "CHANGED");
	else
		printf("%s: %s, r10 %s\n", label, strerrorname_np((int)-r), ok ? "kept" : "CHANGED");
	if (r >= 0)
		close((int)r);
}

static void kinds(void)
{
	char p[4096];
	int keep;

	snprintf(p, sizeof(p), "%s/f", dir);
	one("file", p, O_RDONLY);
	one("file cloexec", p, O_RDONLY | O_CLOEXEC);
	snprintf(p, sizeof(p), "%s/d", dir);
	one("directory", p, O_RDONLY | O_DIRECTORY);
	one("directory O_PATH", p, O_PATH);
	snprintf(p, sizeof(p), "%s/missing", dir);
	one("missing", p, O_RDONLY);
	snprintf(p, sizeof(p), "%s/f/x", dir);
	one("through a file", p, O_RDONLY);
	one("/dev/null", "/dev/null", O_RDONLY);
	snprintf(p, sizeof(p), "%s/fifo", dir);
	one("fifo", p, O_RDONLY | O_NONBLOCK);
	one("/proc/self/status", "/proc/self/status", O_RDONLY);
	/* a descriptor of this program's own, which gotrace does not have */
	snprintf(p, sizeof(p), "%s/f", dir);
	keep = open(p, O_RDONLY);
	if (keep >= 0 && dup2(keep, 90) == 90) {
		one("/dev/fd of ours", "/dev/fd/90", O_RDONLY);
		close(90);
	}
	if (keep >= 0)
		close(keep);
	/* the lowest free number, as openat picks it */
	close(dup(0));
	keep = dup(0);
	if (keep >= 0) {
		int hole = dup(0);
		close(keep);
		snprintf(p, sizeof(p), "%s/f", dir);
		one("into a hole", p, O_RDONLY);
		close(hole);
	}
}

static void on_sig(int sig)
{
	(void)sig;
}

struct tally {
	long ok, expected, eintr, other, r10;
};

static void *opener(void *arg)
{
	struct tally *t = arg;
	char f[4096], miss[4096];
	int i;

	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(miss, sizeof(miss), "%s/missing", dir);
	for (i = 0; !stop; i++) {
		const char *p = i % 3 == 0 ? f : i % 3 == 1 ? miss : "/dev/fd/0";
		int ok;
		long r = raw_openat(p, O_RDONLY, &ok);
		if (!ok)
			t->r10++;
		if (r >= 0) {
			t->ok++;
			close((int)r);
		} else if (r == -ENOENT && p == miss) {
			t->expected++;
		} else if (r == -EINTR) {
			t->eintr++;
		} else {
			t->other++;
		}
	}
	return NULL;
}

static int storm(int with_restart)
{
	struct sigaction sa;
	struct tally tl[2];
	pthread_t th[2];
	int i, bad = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sa.sa_flags = with_restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	restart = with_restart;
	stop = 0;
	memset(tl, 0, sizeof(tl));
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, opener, &tl[i]);
	for (i = 0; i < 3000; i++) {
		pthread_kill(th[i % 2], SIGUSR1);
		usleep(100);
	}
	stop = 1;
	for (i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		if (tl[i].r10 || tl[i].other || (restart && tl[i].eintr) || !tl[i].ok || !tl[i].expected)
			bad = 1;
	}
	printf("storm %s: %s\n", with_restart ? "SA_RESTART" : "no SA_RESTART", bad ? "WRONG" : "ok");
	if (bad)
		for (i = 0; i < 2; i++)
			fprintf(stderr, "thread %d: ok %ld expected %ld eintr %ld other %ld r10 %ld\n", i, tl[i].ok,
				tl[i].expected, tl[i].eintr, tl[i].other, tl[i].r10);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strlen(argv[1]) >= sizeof(dir))
		return 2;
	snprintf(dir, sizeof(dir), "%s", argv[1]);
	if (argc > 2 && !strcmp(argv[2], "storm"))
		return storm(1) | storm(0);
	kinds();
	return 0;
}
