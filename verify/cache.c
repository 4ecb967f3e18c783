/*
 * Hashing module zips and directories as go does (common/h1.h): the zip
 * with libzip, each entry read in pieces into SHA-256 (no whole-file
 * buffer); a directory walked like dirhash.DirFiles (every non-directory,
 * links followed when read, names PREFIX/REL with slashes).
 */
#include "verify_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "../common/util.h"

#define CHUNK 65536

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct gt_zfile *)a)->name, ((const struct gt_zfile *)b)->name);
}

/* The h1 over L's files, sorted first. */
static int list_h1(struct gt_zlist *l, char out[GT_H1_LEN])
{
	struct gt_h1 h;
	int i;

	qsort(l->f, (size_t)l->n, sizeof(*l->f), by_name);
	if (gt_h1_init(&h) < 0)
		return -1;
	for (i = 0; i < l->n; i++)
		gt_h1_file(&h, l->f[i].name, l->f[i].sha);
	return gt_h1_done(&h, out);
}

static void add(struct gt_zlist *l, const char *name, const unsigned char sha[32])
{
	l->f = gt_xrealloc(l->f, (size_t)(l->n + 1) * sizeof(*l->f));
	l->f[l->n].name = gt_xstrdup(name);
	memcpy(l->f[l->n].sha, sha, 32);
	l->n++;
}

void gt_zlist_free(struct gt_zlist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->f[i].name);
	free(l->f);
	l->f = NULL;
	l->n = 0;
}

int gt_zip_h1(const char *path, char out[GT_H1_LEN], struct gt_zlist *keep, char *err, size_t esize)
{
	struct gt_zlist l = {NULL, 0};
	unsigned char *buf = NULL;
	zip_int64_t n, i;
	int zerr = 0, rc = -1;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);

	out[0] = 0;
	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, zerr);
		snprintf(err, esize, "%s", zerr == ZIP_ER_NOENT ? "not there" : zip_error_strerror(&e));
		zip_error_fini(&e);
		return zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? -1 : -2;
	}
	buf = gt_xcalloc(1, CHUNK);
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		zip_file_t *f = name ? zip_fopen_index(z, (zip_uint64_t)i, 0) : NULL;
		struct gt_sha256 s;
		unsigned char d[32];
		zip_int64_t got;
		if (!f) {
			snprintf(err, esize, "entry %lld: %s", (long long)i, zip_strerror(z));
			goto out;
		}
		gt_sha256_init(&s);
		while ((got = zip_fread(f, buf, CHUNK)) > 0)
			gt_sha256_add(&s, buf, (size_t)got);
		gt_sha256_done(&s, d);
		if (got < 0) {
			snprintf(err, esize, "%s: %s", name, zip_file_strerror(f));
			zip_fclose(f);
			goto out;
		}
		zip_fclose(f);
		add(&l, name, d);
	}
	if (list_h1(&l, out) < 0) {
		snprintf(err, esize, "a file name holds a newline");
		goto out;
	}
	rc = 0;
out:
	free(buf);
	zip_discard(z);
	if (keep && rc == 0)
		*keep = l;
	else
		gt_zlist_free(&l);
	return rc;
}

/* SHA-256 of the file at PATH, read in pieces; 0 or -1 (errno). */
static int file_sha(const char *path, unsigned char d[32], unsigned char *buf)
{
	struct gt_sha256 s;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	gt_sha256_init(&s);
	while ((got = read(fd, buf, CHUNK)) > 0)
		gt_sha256_add(&s, buf, (size_t)got);
	gt_sha256_done(&s, d);
	close(fd);
	return got < 0 ? -1 : 0;
}

/* Every non-directory under DIR/REL into L as PREFIX/REL/NAME. */
static int walk(const char *dir, const char *rel, const char *prefix, struct gt_zlist *l, unsigned char *buf, char *err,
		size_t esize)
{
	char *here = rel[0] ? gt_xasprintf("%s/%s", dir, rel) : gt_xstrdup(dir);
	DIR *d = opendir(here);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		snprintf(err, esize, "%s: %s", here, strerror(errno));
		free(here);
		return -1;
	}
	while (rc == 0 && (e = readdir(d))) {
		char *r, *p;
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		r = rel[0] ? gt_xasprintf("%s/%s", rel, e->d_name) : gt_xstrdup(e->d_name);
		p = gt_xasprintf("%s/%s", dir, r);
		if (lstat(p, &st) < 0) {
			snprintf(err, esize, "%s: %s", p, strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk(dir, r, prefix, l, buf, err, esize);
		} else {
			unsigned char sha[32];
			char *name = gt_xasprintf("%s/%s", prefix, r);
			if (file_sha(p, sha, buf) < 0) {
				snprintf(err, esize, "%s: %s", p, strerror(errno));
				rc = -1;
			} else {
				add(l, name, sha);
			}
			free(name);
		}
		free(r);
		free(p);
	}
	closedir(d);
	free(here);
	return rc;
}

int gt_dir_h1(const char *dir, const char *prefix, char out[GT_H1_LEN], struct gt_zlist *keep, char *err, size_t esize)
{
	struct gt_zlist l = {NULL, 0};
	unsigned char *buf = gt_xcalloc(1, CHUNK);
	int rc = walk(dir, "", prefix, &l, buf, err, esize);

	free(buf);
	out[0] = 0;
	if (rc == 0 && list_h1(&l, out) < 0) {
		snprintf(err, esize, "a file name holds a newline");
		rc = -1;
	}
	if (keep && rc == 0)
		*keep = l;
	else
		gt_zlist_free(&l);
	return rc;
}

static void name_to(struct gt_buf *b, const char *name)
{
	const char *at = strchr(name, '@'), *slash = at ? strchr(at, '/') : NULL, *p; /* past MODULE@VERSION/ */

	if (b->len)
		gt_buf_puts(b, ", ");
	for (p = slash ? slash + 1 : name; *p; p++) /* a file name never reaches a terminal as a control sequence */
		gt_buf_putc(b, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
}

int gt_zlist_diff(const struct gt_zlist *zip, const struct gt_zlist *dir, struct gt_buf *edited, struct gt_buf *added,
		  struct gt_buf *removed)
{
	int i = 0, j = 0, n = 0, c;

	/* both sorted: a merge */
	while (i < zip->n || j < dir->n) {
		c = i >= zip->n ? 1 : j >= dir->n ? -1 : strcmp(zip->f[i].name, dir->f[j].name);
		if (c < 0) {
			name_to(removed, zip->f[i++].name);
			n++;
		} else if (c > 0) {
			name_to(added, dir->f[j++].name);
			n++;
		} else {
			if (memcmp(zip->f[i].sha, dir->f[j].sha, 32)) {
				name_to(edited, zip->f[i].name);
				n++;
			}
			i++, j++;
		}
	}
	return n;
}

int gt_file_gomod_h1(const char *path, char out[GT_H1_LEN], char *err, size_t esize)
{
	struct gt_buf b;
	char chunk[4096];
	ssize_t got;
	int rc, fd = open(path, O_RDONLY | O_CLOEXEC);

	out[0] = 0;
	if (fd < 0) {
		snprintf(err, esize, "%s", errno == ENOENT ? "not there" : strerror(errno));
		return -1;
	}
	gt_buf_init(&b);
	while ((got = read(fd, chunk, sizeof(chunk))) > 0 && b.len <= (size_t)GT_V_MOD_MAX)
		gt_buf_add(&b, chunk, (size_t)got);
	close(fd);
	if (got < 0 || b.len > (size_t)GT_V_MOD_MAX) {
		snprintf(err, esize, "%s", got < 0 ? strerror(errno) : "over go's 16 MiB limit for a go.mod");
		gt_buf_free(&b);
		return -1;
	}
	rc = gt_h1_gomod(b.p ? b.p : "", b.len, out);
	gt_buf_free(&b);
	return rc;
}
