/*
 * Trace file creation and buffered event output. The file is created 0600
 * and, in the default location, inside a 0700 directory: traces hold paths,
 * command lines and environments that users may not want others to read.
 */
#include "tracefile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/json.h"
#include "../common/schema.h"
#include "../common/util.h"

#define FLUSH_AT (256u * 1024)

int gt_state_dir(char *out, size_t size)
{
	const char *x = getenv("XDG_STATE_HOME");
	const char *home;
	int n;

	if (x && x[0] == '/') {
		n = snprintf(out, size, "%s/gotrace", x);
	} else {
		home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home)
			return -1;
		n = snprintf(out, size, "%s/.local/state/gotrace", home);
	}
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int gt_mkdirs(char *path, mode_t mode)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int gt_state_dir_safe(const char *dir, char *why, size_t size)
{
	struct stat st;

	if (lstat(dir, &st) < 0) {
		snprintf(why, size, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		snprintf(why, size, "the state directory %s is a symbolic link", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, size, "the state directory %s is not a directory", dir);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		snprintf(why, size, "the state directory %s belongs to uid %u, not to you", dir, (unsigned)st.st_uid);
		return -1;
	}
	if (st.st_mode & 022) {
		snprintf(why, size, "the state directory %s is writable by others (mode %04o)", dir,
			 (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

/* A file name from the command's base name: letters, digits, - and _ only. */
static void safe_name(char *out, size_t size, const char *cmd)
{
	const char *b = strrchr(cmd, '/');
	size_t i = 0;

	b = b ? b + 1 : cmd;
	for (; *b && i + 1 < size && i < 24; b++) {
		char c = *b;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		out[i++] = ok ? c : '_';
	}
	if (i == 0)
		out[i++] = 'x';
	out[i] = '\0';
}

/* Whether NAME is a trace gotrace named in the state directory: 20YYMMDDTHHMMSSZ-NAME-PID.jsonl. */
static int state_trace_name(const char *name)
{
	size_t n = strlen(name), i;

	if (n < 24 || strcmp(name + n - 6, ".jsonl") || name[8] != 'T' || name[15] != 'Z' || name[16] != '-')
		return 0;
	for (i = 0; i < 15; i++)
		if (i != 8 && (name[i] < '0' || name[i] > '9'))
			return 0;
	return 1;
}

static int by_name_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

int gt_trace_keep(char *err, size_t size)
{
	const char *v = getenv("GOTRACE_KEEP");
	char *end = NULL;
	long n;

	if (!v || !*v)
		return GT_KEEP_DEFAULT;
	n = strtol(v, &end, 10);
	if (*end || n < 0 || n > 1000000) {
		snprintf(err, size, "GOTRACE_KEEP=%.40s: not a number of traces (0 keeps them all)", v);
		return -1;
	}
	return (int)n;
}

/*
 * Keep the KEEP newest traces of the state directory DIR (its names sort by
 * time), deleting the older ones: only regular files of ours with gotrace's
 * own naming; a link or anything else there is left alone.
 */
static void prune(const char *dir, int keep)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int dfd;

	if (keep <= 0 || !(d = opendir(dir)))
		return;
	dfd = dirfd(d);
	while ((e = readdir(d))) {
		struct stat st;
		if (!state_trace_name(e->d_name) || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = gt_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = gt_xstrdup(e->d_name);
	}
	if (n)
		qsort(names, n, sizeof(*names), by_name_desc);
	for (i = 0; i < n; i++) {
		if (i >= (size_t)keep)
			unlinkat(dfd, names[i], 0);
		free(names[i]);
	}
	free(names);
	closedir(d);
}

int gt_trace_open(struct gt_trace *t, const char *file, const char *cmd, char *err, size_t errsize)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], name[32], stamp[32], why[PATH_MAX + 96];
	struct stat st;
	time_t now = time(NULL);
	struct tm tm;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (!file && (t->keep = gt_trace_keep(why, sizeof(why))) < 0) {
		snprintf(err, errsize, "%s", why);
		return -1;
	}
	if (file) {
		snprintf(path, sizeof(path), "%s", file);
	} else {
		if (gt_state_dir(dir, sizeof(dir)) < 0) {
			snprintf(err, errsize, "cannot find the state directory: set HOME or XDG_STATE_HOME, or use -o FILE");
			return -1;
		}
		if (gt_mkdirs(dir, 0700) < 0) {
			snprintf(err, errsize, "cannot create %s: %s", dir, strerror(errno));
			return -1;
		}
		if (gt_state_dir_safe(dir, why, sizeof(why)) < 0) {
			snprintf(err, errsize, "%s: not used (make it yours, mode 700, or use -o FILE)", why);
			return -1;
		}
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
		safe_name(name, sizeof(name), cmd);
		if (snprintf(path, sizeof(path), "%s/%s-%s-%d.jsonl", dir, stamp, name, (int)getpid()) >=
		    (int)sizeof(path)) {
			snprintf(err, errsize, "the state directory's path is too long (use -o FILE)");
			return -1;
		}
	}
	/* -o FILE is the user's: created or truncated as a shell redirection would; in the state
	 * directory the name is new, and nothing there (a planted link) is followed or truncated */
	t->fd = open(path, file ? O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
				: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (t->fd < 0) {
		snprintf(err, errsize, "cannot write trace to %s: %s", path, strerror(errno));
		return -1;
	}
	/* an existing regular file keeps our data too: make it private */
	if (fstat(t->fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
		fchmod(t->fd, 0600);
	t->path = gt_xstrdup(path);
	if (!file) {
		char link[PATH_MAX + 32], tmp[PATH_MAX + 48];
		const char *base = strrchr(path, '/') + 1;
		snprintf(link, sizeof(link), "%s/last.jsonl", dir);
		snprintf(tmp, sizeof(tmp), "%s/.last.%d", dir, (int)getpid());
		unlink(tmp);
		if (symlink(base, tmp) == 0 && rename(tmp, link) < 0)
			unlink(tmp);
		prune(dir, t->keep);
	}
	gt_buf_init(&t->buf);
	gt_buf_reserve(&t->buf, FLUSH_AT + 64 * 1024);
	t->t0 = gt_mono_ns();
	return 0;
}

uint64_t gt_trace_now(const struct gt_trace *t)
{
	return gt_mono_ns() - t->t0;
}

struct gt_buf *gt_trace_begin(struct gt_trace *t, const char *ev, uint64_t ns,
			      pid_t pid, const char *src)
{
	struct gt_buf *b = &t->buf;

	/* the file stays in time order: a shim event stamped before the last
	 * line written (it waited in the socket) takes that line's time */
	if (ns < t->last_ns)
		ns = t->last_ns;
	t->last_ns = ns;
	t->line_start = b->len;
	gt_buf_putc(b, '{');
	/* EV and SRC are the writers' own names, never in need of escaping */
	gt_json_key1(b, GT_KEY_COMMON(ev));
	gt_buf_putc(b, '"');
	gt_buf_puts(b, ev);
	gt_buf_putc(b, '"');
	gt_json_key(b, GT_KEY_COMMON(t));
	gt_json_time(b, ns);
	gt_json_key(b, GT_KEY_COMMON(pid));
	gt_buf_i64(b, pid);
	gt_json_key(b, GT_KEY_COMMON(src));
	gt_buf_putc(b, '"');
	gt_buf_puts(b, src);
	gt_buf_putc(b, '"');
	return b;
}

void gt_trace_commit(struct gt_trace *t)
{
	if (t->capped && !t->uncapped) {
		t->buf.len = t->line_start;
		t->dropped++;
		return;
	}
	gt_buf_add(&t->buf, "}\n", 2);
	t->events++;
	if (t->max && !t->capped && t->written + t->buf.len >= t->max) {
		/*
		 * one line says where recording stopped; the end record counts
		 * the rest. It is begun as any line (at the last line's time)
		 * but ended here: a commit would now drop it.
		 */
		struct gt_buf *b = gt_trace_begin(t, "limit", t->last_ns, getpid(), "sys");
		t->capped = 1;
		gt_json_key(b, GT_KEY(limit, max_bytes));
		gt_buf_u64(b, t->max);
		gt_buf_add(b, "}\n", 2);
		t->events++;
	}
	if (t->buf.len >= FLUSH_AT)
		gt_trace_flush(t);
}

void gt_trace_uncap(struct gt_trace *t)
{
	t->uncapped = 1;
}

void gt_trace_flush(struct gt_trace *t)
{
	size_t off = 0;

	while (off < t->buf.len && !t->werr) {
		ssize_t n = write(t->fd, t->buf.p + off, t->buf.len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			t->werr = errno;
			break;
		}
		off += n;
	}
	t->written += off;
	t->buf.len = 0;
}

void gt_trace_tick(struct gt_trace *t)
{
	if (t->buf.len && t->fd >= 0)
		gt_trace_flush(t);
}

int gt_trace_close(struct gt_trace *t)
{
	int rc = 0;

	if (t->fd >= 0) {
		gt_trace_flush(t);
		if (close(t->fd) < 0 && !t->werr)
			t->werr = errno;
		t->fd = -1;
	}
	if (t->werr)
		rc = -1;
	gt_buf_free(&t->buf);
	return rc;
}
