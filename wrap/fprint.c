/*
 * The fingerprint set: absolute paths in an open-addressing table, filled
 * by the tracer thread while the command runs and hashed after it exits.
 */
#include "fprint.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/h1.h"
#include "../common/json.h"
#include "../common/decode.h"
#include "tracefile.h"
#include "elfinfo.h"
#include "../common/files.h"
#include "../common/goset.h"
#include "../common/netrc.h"
#include "../common/schema.h"
#include "../common/util.h"

static char **slot;
static size_t cap, used;
static char *netrcs[16]; /* files NETRC named */
static size_t nnetrc;
static char *goenvs[16]; /* files GOENV named */
static size_t ngoenv;

int gt_fp_wanted(const char *path, size_t n)
{
	enum gt_fkind k = gt_file_kind(path, n);

	/* Go and credential configuration, git's, and shared libraries; not the resolver's files */
	return k != GT_FK_NONE && k != GT_FK_NET;
}

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void put(char *p)
{
	size_t i = fnv(p, strlen(p)) & (cap - 1);

	while (slot[i])
		i = (i + 1) & (cap - 1);
	slot[i] = p;
	used++;
}

void gt_fp_add(const char *path, size_t n)
{
	size_t i;
	char *p;

	if (!n || path[0] != '/')
		return;
	if (cap) {
		for (i = fnv(path, n) & (cap - 1); slot[i]; i = (i + 1) & (cap - 1))
			if (strlen(slot[i]) == n && !memcmp(slot[i], path, n))
				return;
	}
	if ((used + 1) * 2 > cap) {
		char **old = slot;
		size_t oldcap = cap, j;
		cap = cap ? cap * 2 : 1024;
		slot = gt_xcalloc(cap, sizeof(*slot));
		used = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j])
				put(old[j]);
		free(old);
	}
	p = gt_xmalloc(n + 1);
	memcpy(p, path, n);
	p[n] = 0;
	put(p);
}

/* Remember PATH (N bytes) in the list L of *NL names (at most 16). */
static void add_named(char **l, size_t *nl, const char *path, size_t n)
{
	size_t i;

	gt_fp_add(path, n);
	for (i = 0; i < *nl; i++)
		if (strlen(l[i]) == n && !memcmp(l[i], path, n))
			return;
	if (*nl < 16) {
		l[*nl] = gt_xmalloc(n + 1);
		memcpy(l[*nl], path, n);
		l[(*nl)++][n] = 0;
	}
}

void gt_fp_add_netrc(const char *path, size_t n)
{
	add_named(netrcs, &nnetrc, path, n);
}

void gt_fp_add_goenv(const char *path, size_t n)
{
	add_named(goenvs, &ngoenv, path, n);
}

/* The kind of Go configuration file PATH is: by its name, or because GOENV named it. */
static enum gt_gsfile settings_kind(const char *path)
{
	size_t i;

	for (i = 0; i < ngoenv; i++)
		if (!strcmp(goenvs[i], path))
			return GT_GS_ENV;
	return gt_goset_kind(path);
}

/*
 * The Go settings of a Go configuration file (common/goset.h), so that a
 * report of the trace, on any machine, says where a setting came from
 * without reading the file again: name, value (redacted), line.
 */
static void put_settings(struct gt_buf *b, const char *path)
{
	enum gt_gsfile k = settings_kind(path);
	struct gt_gosets s;
	size_t i;

	if (k == GT_GS_NONE)
		return;
	memset(&s, 0, sizeof(s));
	if (gt_goset_read(k, path, &s) < 0) {
		gt_goset_free(&s);
		return; /* no "settings": the report says it could not tell */
	}
	gt_json_key(b, GT_KEY(fingerprint, settings));
	gt_buf_putc(b, '[');
	for (i = 0; i < s.n; i++) {
		gt_buf_puts(b, i ? ",{" : "{");
		gt_json_key1(b, GT_KEY(setting, name));
		gt_json_cstr(b, s.v[i].name);
		gt_json_key(b, GT_KEY(setting, value));
		gt_json_cstr(b, s.v[i].value);
		gt_json_key(b, GT_KEY(setting, line));
		gt_buf_i64(b, s.v[i].line);
		gt_buf_putc(b, '}');
	}
	gt_buf_putc(b, ']');
	if (s.more) {
		gt_json_key(b, GT_KEY(fingerprint, settings_more));
		gt_buf_u64(b, s.more);
	}
	gt_goset_free(&s);
}

/* Whether PATH is a netrc file: by its name, or because a NETRC variable named it. */
static int is_netrc(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t i;

	b = b ? b + 1 : path;
	if (!strcmp(b, ".netrc") || !strcmp(b, "_netrc"))
		return 1;
	for (i = 0; i < nnetrc; i++)
		if (!strcmp(netrcs[i], path))
			return 1;
	return 0;
}

/*
 * What a credential file held when the run ended, so the report need not
 * read the machine later: its mode and, for a netrc file, each complete
 * entry's machine, login and line -- never a password.
 */
static void put_cred(struct gt_buf *b, const char *path, const struct stat *st)
{
	static struct gt_netrc_entry e[64];
	int n, i;

	if (gt_file_kind(path, strlen(path)) != GT_FK_CRED && !is_netrc(path))
		return;
	gt_json_key(b, GT_KEY(fingerprint, mode));
	gt_buf_printf(b, "\"%04o\"", (unsigned)(st->st_mode & 07777));
	if (!is_netrc(path) || (n = gt_netrc_read(path, e, 64)) < 0)
		return;
	gt_json_key(b, GT_KEY(fingerprint, netrc));
	gt_buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		gt_buf_puts(b, i ? ",{" : "{");
		gt_json_key1(b, GT_KEY(netrc_entry, machine));
		gt_json_cstr(b, e[i].machine);
		gt_json_key(b, GT_KEY(netrc_entry, login));
		gt_json_cstr(b, e[i].login);
		gt_json_key(b, GT_KEY(netrc_entry, line));
		gt_buf_i64(b, e[i].line);
		gt_buf_putc(b, '}');
	}
	gt_buf_putc(b, ']');
	memset(e, 0, sizeof(e));
}

/*
 * For a go binary (go, go1.X.Y) and a tool of $GOROOT/pkg/tool: the
 * version it was built with, from its .go.buildinfo (the toolchain's own
 * version for a release), so that a report need not read $GOROOT/VERSION
 * on another machine.
 */
static void put_goversion(struct gt_buf *b, const char *path)
{
	const char *base = strrchr(path, '/') + 1;
	char v[160];
	int fd;

	if (strcmp(base, "go") && strncmp(base, "go1.", 4) && !strstr(path, "/pkg/tool/"))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return;
	if (gt_elf_goversion_fd(fd, v, sizeof(v)) == 0) {
		gt_json_key(b, GT_KEY(fingerprint, goversion));
		gt_json_cstr(b, v);
	}
	close(fd);
}

/* Files already read: identity and digest. */
struct seen {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	char hex[65];
};

static int sha256_fd(int fd, char hex[65])
{
	static unsigned char buf[1 << 16];
	unsigned char md[32];
	struct gt_sha256 ctx;
	ssize_t r;
	int i;

	gt_sha256_init(&ctx);
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			hex[0] = 0;
			return -1;
		}
		gt_sha256_add(&ctx, buf, (size_t)r);
	}
	gt_sha256_done(&ctx, md);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[64] = 0;
	return 0;
}

/*
 * Digests of earlier runs, kept in the state directory (fingerprints, one
 * "dev ino size mtime.ns ctime.ns sha256" line a file): the toolchain seldom
 * changes, so a run reads only what changed since. A line is trusted only
 * when all five identity fields still agree.
 */
static struct seen *cache;
static size_t ncache;
static char cache_path[4200];

/* Whether the cache line LINE is about one of the N files in ST (by device and inode): most are not. */
static int line_wanted(const char *line, const struct stat *st, const int *err, size_t n)
{
	char *end;
	unsigned long long dev = strtoull(line, &end, 10), ino;
	size_t i;

	if (*end != ' ')
		return 0;
	ino = strtoull(end + 1, NULL, 10);
	for (i = 0; i < n; i++)
		if (!err[i] && (unsigned long long)st[i].st_dev == dev && (unsigned long long)st[i].st_ino == ino)
			return 1;
	return 0;
}

/* The cache's lines about the N files in ST (a long history is read, not parsed). */
static void cache_load(const struct stat *st, const int *err, size_t n)
{
	char dir[4096], line[256];
	size_t nlines = 0;
	FILE *f;
	int fd;

	if (gt_state_dir(dir, sizeof(dir)) < 0)
		return;
	if (gt_mkdirs(dir, 0700) < 0 || gt_state_dir_safe(dir, line, sizeof(line)) < 0)
		return; /* no cache: every digest is computed */
	snprintf(cache_path, sizeof(cache_path), "%s/fingerprints", dir);
	fd = open(cache_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f && fd >= 0)
		close(fd);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long dev, ino, ms, mn, cs, cn;
		long long size;
		char hex[65];
		struct seen *c;
		nlines++;
		if (!line_wanted(line, st, err, n))
			continue;
		if (sscanf(line, "%llu %llu %lld %llu.%llu %llu.%llu %64s", &dev, &ino, &size, &ms, &mn, &cs,
			   &cn, hex) != 8 || strlen(hex) != 64)
			continue;
		cache = gt_xrealloc(cache, (ncache + 1) * sizeof(*cache));
		c = &cache[ncache++];
		c->dev = (dev_t)dev;
		c->ino = (ino_t)ino;
		c->size = (off_t)size;
		c->mtime.tv_sec = (time_t)ms;
		c->mtime.tv_nsec = (long)mn;
		c->ctime.tv_sec = (time_t)cs;
		c->ctime.tv_nsec = (long)cn;
		memcpy(c->hex, hex, 65);
	}
	fclose(f);
	/* a file that only grows: start over past a few thousand files */
	if (nlines > 20000) {
		ncache = 0;
		unlink(cache_path);
	}
}

static int same_file(const struct seen *c, const struct stat *st, int with_ctime)
{
	return c->dev == st->st_dev && c->ino == st->st_ino && c->size == st->st_size &&
	       c->mtime.tv_sec == st->st_mtim.tv_sec && c->mtime.tv_nsec == st->st_mtim.tv_nsec &&
	       (!with_ctime || (c->ctime.tv_sec == st->st_ctim.tv_sec && c->ctime.tv_nsec == st->st_ctim.tv_nsec));
}

static void cache_add(FILE **out, const struct stat *st, const char *hex)
{
	if (!*out && cache_path[0]) {
		int fd = open(cache_path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		*out = fd >= 0 ? fdopen(fd, "a") : NULL;
		if (!*out && fd >= 0)
			close(fd);
		if (!*out)
			cache_path[0] = 0;
	}
	if (*out)
		fprintf(*out, "%llu %llu %lld %llu.%09ld %llu.%09ld %s\n", (unsigned long long)st->st_dev,
			(unsigned long long)st->st_ino, (long long)st->st_size,
			(unsigned long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
			(unsigned long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec, hex);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

unsigned gt_fp_emit(struct gt_trace *t, pid_t root)
{
	struct seen *seen = gt_xcalloc(used, sizeof(*seen));
	struct stat *sts = gt_xcalloc(used, sizeof(*sts));
	int *errs = gt_xcalloc(used, sizeof(*errs));
	size_t nseen = 0, i, j, n = 0;
	unsigned nread = 0;
	FILE *cf = NULL;

	/* in path order, so that two traces of the same run read alike */
	for (i = 0; i < cap; i++)
		if (slot[i])
			slot[n++] = slot[i];
	for (i = n; i < cap; i++)
		slot[i] = NULL;
	if (n)
		qsort(slot, n, sizeof(*slot), by_path);
	for (i = 0; i < n; i++)
		errs[i] = stat(slot[i], &sts[i]) < 0 ? errno : 0;
	if (n)
		cache_load(sts, errs, n);
	for (i = 0; i < n; i++) {
		struct stat st;
		struct gt_buf *b;
		const char *hex = NULL;
		char buf[65];
		int err = 0, fd;
		if (!slot[i])
			continue;
		st = sts[i];
		err = errs[i];
		if (!err && !S_ISREG(st.st_mode))
			continue;
		for (j = 0; !err && j < nseen && !hex; j++)
			if (same_file(&seen[j], &st, 0))
				hex = seen[j].hex;
		for (j = 0; !err && j < ncache && !hex; j++)
			if (same_file(&cache[j], &st, 1))
				hex = cache[j].hex;
		if (!err && !hex) {
			fd = open(slot[i], O_RDONLY | O_CLOEXEC | O_NOCTTY);
			if (fd < 0 || sha256_fd(fd, buf) < 0)
				err = fd < 0 ? errno : EIO;
			if (fd >= 0)
				close(fd);
			if (!err) {
				hex = buf;
				nread++;
				cache_add(&cf, &st, buf);
				if (nseen < used) {
					seen[nseen].dev = st.st_dev;
					seen[nseen].ino = st.st_ino;
					seen[nseen].size = st.st_size;
					seen[nseen].mtime = st.st_mtim;
					memcpy(seen[nseen].hex, buf, 65);
					nseen++;
				}
			}
		}
		b = gt_trace_begin(t, "fingerprint", gt_trace_now(t), root, "sys");
		gt_json_key(b, GT_KEY(fingerprint, path));
		gt_json_cstr(b, slot[i]);
		if (hex) {
			gt_json_key(b, GT_KEY(fingerprint, sha256));
			gt_json_cstr(b, hex);
			gt_json_key(b, GT_KEY(fingerprint, size));
			gt_buf_i64(b, (int64_t)st.st_size);
			put_cred(b, slot[i], &st);
			put_settings(b, slot[i]);
			put_goversion(b, slot[i]);
		} else {
			char tmp[16];
			gt_json_key(b, GT_KEY_COMMON(err));
			gt_json_cstr(b, gt_errname(err, tmp));
		}
		gt_trace_commit(t);
	}
	free(seen);
	free(sts);
	free(errs);
	if (cf)
		fclose(cf);
	free(cache);
	cache = NULL;
	ncache = 0;
	gt_fp_free(); /* the table was reordered: it is done */
	return nread;
}

void gt_fp_free(void)
{
	size_t i;

	for (i = 0; i < cap; i++)
		free(slot[i]);
	free(slot);
	slot = NULL;
	cap = used = 0;
	for (i = 0; i < nnetrc; i++)
		free(netrcs[i]);
	nnetrc = 0;
	for (i = 0; i < ngoenv; i++)
		free(goenvs[i]);
	ngoenv = 0;
}
