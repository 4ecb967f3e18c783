/*
 * See sumtree.h. The tiles are asked of the same base as the lookup (the
 * proxy's /sumdb/NAME/ when a proxy carries the database), with the
 * credential go would send there, partial tiles as .p/W and, when one is
 * gone, the full tile cut down, as go's client does. Tiles are cached for
 * the run as the bytes that came: nothing in them is believed, every proof
 * recomputes a signed hash from them. The tree head kept per database
 * (docs/facts.md, "How go proves a checksum database record") is what go
 * keeps in GOPATH/pkg/sumdb/NAME/latest, kept by gotrace for itself: the
 * size, hash and when of the newest tree proven.
 */
#include "sumtree.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/h1.h"
#include "../common/redact.h"
#include "../common/util.h"

#define MAX_CACHED 4096 /* tiles kept for the run (8 KiB each at most) */
#define MAX_HEADS 16    /* databases one run keeps a tree head for */

void gt_sumtree_get(const struct gt_probe_ctx *x, const char *url, struct gt_fetch *f, struct gt_buf *body)
{
	struct gt_fetch_opts o = {.timeout = x->timeout, .body = body};
	struct gt_cred_use u;
	char buf[4096];
	FILE *fp;
	size_t n;

	if (strncmp(url, "file://", 7)) {
		gt_cred_fetch(x->k, url, &o, f, &u);
		return;
	}
	fp = fopen(url + 7, "r"); /* a file:// proxy serves the database as files */
	memset(f, 0, sizeof(*f));
	f->status = fp ? 200 : 404;
	f->size = -1;
	while (fp && (n = fread(buf, 1, sizeof(buf), fp)) > 0 && body->len < GT_FETCH_BODY_MAX)
		gt_buf_add(body, buf, n);
	f->got = (long long)body->len;
	if (fp)
		fclose(fp);
}

/* ---- tiles ---- */

struct cached {
	struct cached *next;
	char *key; /* BASE/PATH */
	unsigned char *data;
	size_t len;
};
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;
static int ncached;

static int cache_get(const char *key, unsigned char *out, size_t len)
{
	struct cached *c;
	int hit = 0;

	pthread_mutex_lock(&cache_mu);
	for (c = cache; c && !hit; c = c->next)
		if (c->len == len && !strcmp(c->key, key))
			memcpy(out, c->data, len), hit = 1;
	pthread_mutex_unlock(&cache_mu);
	return hit;
}

static void cache_put(const char *key, const unsigned char *data, size_t len)
{
	struct cached *c;

	pthread_mutex_lock(&cache_mu);
	if (ncached < MAX_CACHED) {
		c = gt_xcalloc(1, sizeof(*c));
		c->key = gt_xasprintf("%s", key);
		c->data = gt_xcalloc(1, len);
		memcpy(c->data, data, len);
		c->len = len;
		c->next = cache;
		cache = c;
		ncached++;
	}
	pthread_mutex_unlock(&cache_mu);
}

/* Where the tiles of one proof come from, and the module whose requests they are. */
struct reader {
	const struct gt_probe_ctx *x;
	const char *base;
	struct gt_sum *s;
};

static void note_tile(struct gt_sum *s, const char *path, long status, long long bytes, int cached)
{
	struct gt_sum_tile *t;
	int i;

	for (i = 0; i < s->ntiles && i < GT_SUM_TILES; i++)
		if (!strcmp(s->tiles[i].path, path) && (cached || s->tiles[i].status == status))
			return; /* said once */
	if (s->ntiles++ >= GT_SUM_TILES)
		return;
	t = &s->tiles[s->ntiles - 1];
	snprintf(t->path, sizeof(t->path), "%s", path);
	t->status = status;
	t->bytes = bytes;
	t->cached = cached;
}

/* Fetch PATH under the base into B; 1 when it came whole and is WANT bytes long, else 0 with why in ERR. */
static int get_tile(struct reader *r, const char *path, struct gt_buf *b, size_t want, char *err, size_t esize)
{
	struct gt_fetch f;
	struct gt_buf said;
	char url[2700];

	snprintf(url, sizeof(url), "%s/%s", r->base, path);
	b->len = 0;
	gt_sumtree_get(r->x, url, &f, b);
	note_tile(r->s, path, f.status, (long long)b->len, 0);
	if (f.status != 200 || f.err[0]) {
		gt_buf_init(&said);
		gt_fetch_said(&f, &said);
		gt_tame(&said, 0, said.len); /* a server's words */
		snprintf(err, esize, "%s -> %s", path, gt_buf_cstr(&said));
		gt_buf_free(&said);
		return 0;
	}
	if (b->len != want) {
		snprintf(err, esize, "%s: %zu bytes came, where a tile of %zu hashes has %zu", path, b->len,
			 want / GT_TLOG_HASH, want);
		return 0;
	}
	return 1;
}

static int tile_read(void *arg, const struct gt_tile *t, unsigned char *out, char *err, size_t esize)
{
	struct reader *r = arg;
	struct gt_tile full = *t;
	size_t want = (size_t)t->w * GT_TLOG_HASH;
	char path[64], key[2700], e2[600];
	struct gt_buf b;
	int ok;

	if (gt_tlog_tile_path(t, path, sizeof(path)) < 0) {
		snprintf(err, esize, "internal error: a tile path too long");
		return -1;
	}
	snprintf(key, sizeof(key), "%s/%s", r->base, path);
	if (cache_get(key, out, want)) {
		note_tile(r->s, path, 200, (long long)want, 1);
		return 0;
	}
	gt_buf_init(&b);
	ok = get_tile(r, path, &b, want, err, esize);
	full.w = 1 << t->h;
	if (!ok && t->w < full.w && gt_tlog_tile_path(&full, key, sizeof(key)) == 0) /* the full tile, as go tries */
		ok = get_tile(r, key, &b, (size_t)full.w * GT_TLOG_HASH, e2, sizeof(e2));
	if (ok) {
		memcpy(out, b.p, want);
		snprintf(key, sizeof(key), "%s/%s", r->base, path);
		cache_put(key, out, want);
	}
	gt_buf_free(&b);
	return ok ? 0 : -1;
}

/* ---- the tree head kept per database ---- */

struct head {
	char name[256], key[700];
	int have;           /* a tree is known (from the file or this run) */
	struct gt_tree t;
	long long when;     /* when it was proven, Unix seconds */
	char by[700];       /* by which request (redacted) */
	char path[1200];    /* the file, "" when none is kept */
	char why[1400];     /* why none is */
};
static pthread_mutex_t heads_mu = PTHREAD_MUTEX_INITIALIZER;
static struct head heads[MAX_HEADS];
static int nheads, said;

/* Say once a run that the tree head is not kept, and why. */
static void say_once(const char *why)
{
	if (said++)
		return;
	fprintf(stderr, "gotrace: the checksum database's tree head is not kept: %s\n", why);
}

/*
 * The state directory, by wrap/tracefile.c's rule (probe/ cannot include
 * wrap/): $XDG_STATE_HOME/gotrace when absolute, else HOME's (or the
 * password file's) .local/state/gotrace; made (mode 0700) when missing, and
 * used only when it is a directory of this user that no one else can write.
 */
static int state_dir(char *out, size_t size, char *why, size_t wsize)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct passwd *pw;
	struct stat st;
	char *p;
	int n;

	if (!x || x[0] != '/') {
		if (!home || !*home)
			home = (pw = getpwuid(getuid())) ? pw->pw_dir : NULL;
		if (!home) {
			snprintf(why, wsize, "no state directory (set HOME or XDG_STATE_HOME)");
			return -1;
		}
	}
	n = x && x[0] == '/' ? snprintf(out, size, "%s/gotrace", x) : snprintf(out, size, "%s/.local/state/gotrace", home);
	if (n <= 0 || (size_t)n >= size) {
		snprintf(why, wsize, "the state directory's path is too long");
		return -1;
	}
	for (p = out + 1; (p = strchr(p, '/')); *p++ = '/') { /* mkdir -p, the new ones 0700 (a failure shows below) */
		*p = 0;
		(void)!mkdir(out, 0700);
	}
	if ((mkdir(out, 0700) < 0 && errno != EEXIST) || lstat(out, &st) < 0) {
		snprintf(why, wsize, "cannot make the state directory %.900s: %s", out, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022)) {
		snprintf(why, wsize, "the state directory %.900s is not a directory of yours that only you can write", out);
		return -1;
	}
	return 0;
}

/* The file for database NAME: STATE/sumdb/NAME, the name's unusual bytes as %XX; 0, or -1 with why. */
static int head_path(const char *name, char *out, size_t size, char *why, size_t wsize)
{
	char dir[1024], sub[1100], esc[81];
	size_t i, k = 0;
	struct stat st;

	if (state_dir(dir, sizeof(dir), why, wsize) < 0)
		return -1;
	snprintf(sub, sizeof(sub), "%s/sumdb", dir);
	if (mkdir(sub, 0700) < 0 && errno != EEXIST) {
		snprintf(why, wsize, "cannot make %s: %s", sub, strerror(errno));
		return -1;
	}
	if (lstat(sub, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022)) {
		snprintf(why, wsize, "%s is not a directory of yours that only you can write", sub);
		return -1;
	}
	for (i = 0; name[i] && k + 4 < sizeof(esc); i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && i > 0))
			esc[k++] = (char)c;
		else
			k += (size_t)snprintf(esc + k, sizeof(esc) - k, "%%%02X", c);
	}
	esc[k] = 0;
	snprintf(out, size, "%.1100s/%.80s", sub, esc);
	return 0;
}

/* Read H's file; 0 (H->have set when it holds a tree for H's key), or -1 with why in H->why. */
static int head_read(struct head *h)
{
	char buf[4096], key[700], h64[64], msg[sizeof(h->why)];
	long long n, when;
	ssize_t got;
	int fd = open(h->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		snprintf(msg, sizeof(msg), "cannot read %.1150s: %s", h->path, strerror(errno));
		memcpy(h->why, msg, sizeof(msg));
		return -1;
	}
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[got > 0 ? got : 0] = 0;
	h->by[0] = 0;
	if (sscanf(buf, "gotrace checksum database tree head\nkey %699s\nsize %lld\nhash %63s\nseen %lld %*s\nby %699[^\n]", key,
		   &n, h64, &when, h->by) < 4 ||
	    n < 0 || n > GT_TLOG_MAX_N || gt_base64_decode(h64, h->t.hash, sizeof(h->t.hash)) != GT_TLOG_HASH) {
		snprintf(msg, sizeof(msg), "%.1150s is not a tree head gotrace wrote; it is replaced", h->path);
		say_once(msg);
		return 0;
	}
	if (strcmp(key, h->key))
		return 0; /* kept for another key of the same name: another database, replaced */
	h->t.n = n;
	h->when = when;
	h->have = 1;
	return 0;
}

/* Write H's file atomically (mode 0600); a failure is said once. */
static void head_write(struct head *h)
{
	char tmp[1300], h64[64], stamp[32], text[2000];
	time_t w = (time_t)h->when;
	struct tm tm;
	int fd, len;

	if (!h->path[0])
		return;
	gt_base64_encode(h64, h->t.hash, GT_TLOG_HASH);
	gmtime_r(&w, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	len = snprintf(text, sizeof(text), "gotrace checksum database tree head\nkey %s\nsize %lld\nhash %s\nseen %lld %s\nby %s\n",
		       h->key, (long long)h->t.n, h64, h->when, stamp, h->by);
	snprintf(tmp, sizeof(tmp), "%s.tmp%d", h->path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || len <= 0 || len >= (int)sizeof(text) || write(fd, text, (size_t)len) != len || fsync(fd) < 0 ||
	    close(fd) < 0 || (fd = -1, rename(tmp, h->path) < 0)) {
		snprintf(h->why, sizeof(h->why), "cannot write %.1150s: %s", h->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		say_once(h->why);
	}
}

/* The head for database NAME with KEY, read from its file on first use. Under heads_mu. */
static struct head *head_for(const char *name, const char *key)
{
	struct head *h;
	int i;

	for (i = 0; i < nheads; i++)
		if (!strcmp(heads[i].name, name) && !strcmp(heads[i].key, key))
			return &heads[i];
	h = &heads[nheads < MAX_HEADS ? nheads++ : MAX_HEADS - 1];
	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	snprintf(h->key, sizeof(h->key), "%s", key);
	if (head_path(name, h->path, sizeof(h->path), h->why, sizeof(h->why)) < 0) {
		h->path[0] = 0;
		say_once(h->why);
	} else if (head_read(h) < 0) {
		h->path[0] = 0; /* unreadable: not read, and not written over */
		say_once(h->why);
	}
	return h;
}

/* T, proven by S's lookup, becomes H's tree. */
static void head_keep(struct head *h, const struct gt_tree *t, const struct gt_sum *s)
{
	struct gt_buf b;

	gt_buf_init(&b);
	gt_redact_text(&b, s->lookup.url, strlen(s->lookup.url));
	gt_tame(&b, 0, b.len);
	h->t = *t;
	h->when = (long long)time(NULL);
	snprintf(h->by, sizeof(h->by), "%s", gt_buf_cstr(&b));
	h->have = 1;
	gt_buf_free(&b);
	head_write(h);
}

static void when_text(long long when, char *out, size_t size)
{
	time_t w = (time_t)when;
	struct tm tm;

	gmtime_r(&w, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* The two trees do not agree, or the stored one cannot be shown: S says which, with both trees and when. */
static void conflict(struct gt_sum *s, const struct head *h, const struct gt_tree *t, enum gt_tlog_result e,
		     const unsigned char got[GT_TLOG_HASH], const char *err)
{
	char when[64], g64[64];

	when_text(h->when, when, sizeof(when));
	gt_base64_encode(g64, got, GT_TLOG_HASH);
	s->head = GT_HEAD_CONFLICT;
	s->proof = e == GT_TLOG_OK || t->n == h->t.n ? GT_SUM_FORK : t->n < h->t.n ? GT_SUM_ROLLBACK : GT_SUM_UNPROVEN;
	if (t->n == h->t.n)
		snprintf(s->proof_why, sizeof(s->proof_why), "fork: the database signed tree %lld with hash %s on %s (by %.200s), "
			 "and now signs tree %lld with hash %s", (long long)h->t.n, s->head_hash, when, h->by, (long long)t->n,
			 s->tree_hash);
	else if (e == GT_TLOG_OK && t->n > h->t.n)
		snprintf(s->proof_why, sizeof(s->proof_why), "fork: tree %lld (hash %s) does not contain tree %lld (hash %s) "
			 "that the database signed on %s (by %.200s): its tiles give the first %lld records the hash %s",
			 (long long)t->n, s->tree_hash, (long long)h->t.n, s->head_hash, when, h->by, (long long)h->t.n, g64);
	else if (e == GT_TLOG_OK)
		snprintf(s->proof_why, sizeof(s->proof_why), "fork: tree %lld (hash %s) is not the start of tree %lld (hash %s) "
			 "that the database signed on %s (by %.200s): that tree's tiles give its first %lld records the hash %s",
			 (long long)t->n, s->tree_hash, (long long)h->t.n, s->head_hash, when, h->by, (long long)t->n, g64);
	else if (t->n < h->t.n)
		snprintf(s->proof_why, sizeof(s->proof_why), "rollback: the database now serves tree %lld (hash %s), smaller "
			 "than tree %lld (hash %s) that it signed on %s (by %.200s), and cannot show that tree: %.400s", (long long)t->n,
			 s->tree_hash, (long long)h->t.n, s->head_hash, when, h->by, err);
	else
		snprintf(s->proof_why, sizeof(s->proof_why), "not proven: tree %lld (hash %s) was not shown to contain tree "
			 "%lld (hash %s) that the database signed on %s (by %.200s): %.400s", (long long)t->n, s->tree_hash,
			 (long long)h->t.n, s->head_hash, when, h->by, err);
}

/*
 * Check T against the head kept for S's database (go's checkTrees): a
 * bigger T must contain it (its tree hash recomputed from T's tiles, which T
 * authenticates); a smaller one must be contained in it (from the kept
 * tree's tiles, which its hash authenticates). Under heads_mu.
 */
static void merge(struct gt_sum *s, struct reader *r, const char *key, const struct gt_tree *t)
{
	struct head *h = head_for(s->name, key);
	unsigned char got[GT_TLOG_HASH];
	enum gt_tlog_result e;
	char err[800] = "";

	snprintf(s->head_file, sizeof(s->head_file), "%.1190s", h->path[0] ? h->path : h->why);
	if (!h->have) {
		s->head = h->path[0] ? GT_HEAD_FIRST : GT_HEAD_NOT_KEPT;
		head_keep(h, t, s);
		return;
	}
	s->head_n = h->t.n;
	gt_base64_encode(s->head_hash, h->t.hash, GT_TLOG_HASH);
	s->head_when = h->when;
	snprintf(s->head_by, sizeof(s->head_by), "%s", h->by);
	memset(got, 0, sizeof(got));
	if (t->n == h->t.n)
		e = GT_TLOG_OK, memcpy(got, t->hash, GT_TLOG_HASH);
	else if (t->n > h->t.n)
		e = gt_tlog_tree_hash_in(t, h->t.n, got, tile_read, r, err, sizeof(err));
	else
		e = gt_tlog_tree_hash_in(&h->t, t->n, got, tile_read, r, err, sizeof(err));
	if (e == GT_TLOG_OK && !memcmp(got, t->n > h->t.n ? h->t.hash : t->hash, GT_TLOG_HASH) &&
	    (t->n != h->t.n || !memcmp(t->hash, h->t.hash, GT_TLOG_HASH))) {
		s->head = t->n > h->t.n ? GT_HEAD_GREW : t->n < h->t.n ? GT_HEAD_OLDER : GT_HEAD_SAME;
		if (t->n > h->t.n)
			head_keep(h, t, s); /* the newer head is kept */
		return;
	}
	conflict(s, h, t, e, got, err);
}

void gt_sumtree_prove(struct gt_sum *s, const struct gt_probe_ctx *x, const char *base, const char *key,
		      const struct gt_tree *t, int64_t id, const unsigned char rec[GT_TLOG_HASH])
{
	struct reader r = {.x = x, .base = base, .s = s};
	char err[800] = "";
	enum gt_tlog_result e;

	s->record_id = id;
	s->tree_n = t->n;
	gt_base64_encode(s->tree_hash, t->hash, GT_TLOG_HASH);
	if (t->n > GT_TLOG_MAX_N) {
		s->proof = GT_SUM_UNPROVEN;
		snprintf(s->proof_why, sizeof(s->proof_why), "the signed tree claims %lld records, more than any checksum "
			 "database holds", (long long)t->n);
		return;
	}
	pthread_mutex_lock(&heads_mu);
	merge(s, &r, key, t);
	pthread_mutex_unlock(&heads_mu);
	if (s->proof != GT_SUM_UNCHECKED)
		return; /* as go: a tree that does not fit the timeline proves no record */
	e = gt_tlog_prove_record(t, id, rec, tile_read, &r, err, sizeof(err));
	s->proof = e == GT_TLOG_OK ? GT_SUM_PROVEN : GT_SUM_UNPROVEN;
	if (e != GT_TLOG_OK)
		snprintf(s->proof_why, sizeof(s->proof_why), "%s", err);
}
