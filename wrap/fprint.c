/*
 * The fingerprint set: absolute paths in an open-addressing table, filled
 * by the tracer thread while the command runs and hashed after it exits.
 */
#include "fprint.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/json.h"
#include "decode.h"
#include "tracefile.h"

static char **slot;
static size_t cap, used;

int gt_fp_wanted(const char *b, size_t n)
{
	static const char *const names[] = {
		"go.mod", "go.sum", "go.work", "go.work.sum", "go.env", "modules.txt", "VERSION",
		".netrc", "_netrc", ".gitconfig", "gitconfig", ".git-credentials",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !memcmp(names[i], b, n))
			return 1;
	/* shared libraries (libfoo.so, libfoo.so.1.2), gotrace's own excepted */
	if ((n == 13 && !memcmp(b, "libgotrace.so", 13)) || (n == 13 && !memcmp(b, "libgtaudit.so", 13)))
		return 0;
	return n > 6 && !memcmp(b, "lib", 3) && memmem(b, n, ".so", 3);
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
		slot = calloc(cap, sizeof(*slot));
		if (!slot) {
			slot = old;
			cap = oldcap;
			return;
		}
		used = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j])
				put(old[j]);
		free(old);
	}
	p = malloc(n + 1);
	if (!p)
		return;
	memcpy(p, path, n);
	p[n] = 0;
	put(p);
}

/* Files already read: identity and digest. */
struct seen {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	char hex[65];
};

static int sha256_fd(int fd, char hex[65])
{
	static unsigned char buf[1 << 16];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	ssize_t r;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);

	while (ok && (r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ok = 0;
			break;
		}
		ok = EVP_DigestUpdate(ctx, buf, (size_t)r);
	}
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (i = 0; ok && i < mdlen && i < 32; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[ok ? 64 : 0] = 0;
	return ok ? 0 : -1;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

unsigned gt_fp_emit(struct gt_trace *t, pid_t root)
{
	struct seen *seen = used ? calloc(used, sizeof(*seen)) : NULL;
	size_t nseen = 0, i, j, n = 0;
	unsigned nread = 0;

	/* in path order, so that two traces of the same run read alike */
	for (i = 0; i < cap; i++)
		if (slot[i])
			slot[n++] = slot[i];
	for (i = n; i < cap; i++)
		slot[i] = NULL;
	if (n)
		qsort(slot, n, sizeof(*slot), by_path);
	for (i = 0; i < n; i++) {
		struct stat st;
		struct gt_buf *b;
		const char *hex = NULL;
		char buf[65];
		int err = 0, fd;
		if (!slot[i])
			continue;
		if (stat(slot[i], &st) < 0)
			err = errno;
		else if (!S_ISREG(st.st_mode))
			continue;
		for (j = 0; !err && j < nseen && !hex; j++)
			if (seen[j].dev == st.st_dev && seen[j].ino == st.st_ino && seen[j].size == st.st_size &&
			    seen[j].mtime.tv_sec == st.st_mtim.tv_sec && seen[j].mtime.tv_nsec == st.st_mtim.tv_nsec)
				hex = seen[j].hex;
		if (!err && !hex) {
			fd = open(slot[i], O_RDONLY | O_CLOEXEC | O_NOCTTY);
			if (fd < 0 || sha256_fd(fd, buf) < 0)
				err = fd < 0 ? errno : EIO;
			if (fd >= 0)
				close(fd);
			if (!err) {
				hex = buf;
				nread++;
				if (seen && nseen < used) {
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
		gt_json_key(b, "path");
		gt_json_cstr(b, slot[i]);
		if (hex) {
			gt_json_key(b, "sha256");
			gt_json_cstr(b, hex);
			gt_json_key(b, "size");
			gt_buf_i64(b, (int64_t)st.st_size);
		} else {
			char tmp[16];
			gt_json_key(b, "err");
			gt_json_cstr(b, gt_errname(err, tmp));
		}
		gt_trace_commit(t);
	}
	free(seen);
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
}
