/* See fetch.h. */
#include "fetch.h"

#include "curlload.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../common/goproxy.h"
#include "../common/h1.h"
#include "../common/util.h"

static const char *env2(const char *a, const char *b)
{
	const char *v = getenv(a);

	if (v && *v)
		return v;
	v = getenv(b);
	return v && *v ? v : NULL;
}

static int loopback(const char *host)
{
	return !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "::1");
}

/* Whether NO_PROXY's comma-separated list names HOST (exactly, or as a domain it is under). */
static int no_proxy(const char *list, const char *host)
{
	char item[256];

	while (list && *list) {
		size_t n = strcspn(list, ","), hl = strlen(host), il;
		const char *p;
		snprintf(item, sizeof(item), "%.*s", (int)n, list);
		list += n + (list[n] == ',');
		for (p = item; *p == ' '; p++)
			;
		memmove(item, p, strlen(p) + 1);
		item[strcspn(item, " :")] = 0; /* a port in the entry is not compared here */
		if (!strcmp(item, "*"))
			return 1;
		p = item[0] == '.' ? item + 1 : item;
		il = strlen(p);
		if (!il)
			continue;
		if (!strcasecmp(host, p) || (hl > il && host[hl - il - 1] == '.' && !strcasecmp(host + hl - il, p)))
			return 1;
	}
	return 0;
}

void gt_fetch_proxy_for(const char *url, char *out, unsigned size)
{
	char host[256];
	const char *p;
	int port;

	out[0] = 0;
	if (gt_url_hostport(url, host, sizeof(host), &port) < 0 || loopback(host))
		return;
	if (no_proxy(env2("NO_PROXY", "no_proxy"), host))
		return;
	p = !strncmp(url, "https://", 8) ? env2("HTTPS_PROXY", "https_proxy") : env2("HTTP_PROXY", "http_proxy");
	if (p)
		snprintf(out, size, "%s", p);
}

/* One cache of connections, DNS answers and TLS sessions for every thread's handle. */
static CURLSH *share;
static pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];
static pthread_once_t share_once = PTHREAD_ONCE_INIT;
static __thread CURL *handle;

static void share_lock(CURL *c, curl_lock_data d, curl_lock_access a, void *arg)
{
	(void)c, (void)a, (void)arg;
	pthread_mutex_lock(&share_locks[d]);
}

static void share_unlock(CURL *c, curl_lock_data d, void *arg)
{
	(void)c, (void)arg;
	pthread_mutex_unlock(&share_locks[d]);
}

static void share_init(void)
{
	int i;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&share_locks[i], NULL);
	share = curl_share_init();
	if (!share)
		return;
	curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock);
	curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
}

void gt_fetch_thread_done(void)
{
	if (handle)
		curl_easy_cleanup(handle);
	handle = NULL;
}

struct sink {
	struct gt_fetch *r;
	struct gt_buf *body;
	int fd;
	long long max;        /* the bound on the body, 0 for none */
	int code;             /* the status of the answer being read */
	struct timespec last; /* when the last byte came (or the request started) */
	char first[256];
};

static int is_redirect(long code)
{
	return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

static size_t on_body(char *data, size_t sz, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = sz * n, got = (size_t)s->r->got;

	clock_gettime(CLOCK_MONOTONIC, &s->last);
	if (is_redirect(s->code))
		return len; /* a redirect's own body: go reads past it */
	if (s->max && s->r->got + (long long)len > s->max) {
		s->r->over_limit = 2;
		s->r->limit = s->max;
		s->r->got += (long long)len;
		return 0; /* curl stops: go would stop reading here too */
	}
	if (got < sizeof(s->first) - 1) {
		size_t k = len < sizeof(s->first) - 1 - got ? len : sizeof(s->first) - 1 - got;
		memcpy(s->first + got, data, k);
		s->first[got + k] = 0;
	}
	if (s->fd > 0) {
		size_t done = 0;
		while (done < len) {
			ssize_t w = write(s->fd, data + done, len - done);
			if (w <= 0)
				return 0; /* curl stops: "failed writing received data" */
			done += (size_t)w;
		}
	} else if (s->body) {
		size_t cap = s->max ? (size_t)s->max : GT_FETCH_BODY_MAX;
		if (s->body->len < cap)
			gt_buf_add(s->body, data, len < cap - s->body->len ? len : cap - s->body->len);
	}
	s->r->got += (long long)len;
	return len;
}

/* "HTTP/1.1 404 Not Found\r\n": the code into S, the reason phrase into R. */
static void status_line(const char *data, size_t len, struct sink *s)
{
	struct gt_fetch *r = s->r;
	size_t i = 0, k = 0;

	while (i < len && data[i] != ' ')
		i++;
	while (i < len && data[i] == ' ')
		i++;
	s->code = strtol(data + i, NULL, 10);
	while (i < len && data[i] != ' ' && data[i] != '\r' && data[i] != '\n')
		i++;
	while (i < len && data[i] == ' ')
		i++;
	for (; i < len && data[i] != '\r' && data[i] != '\n' && k < sizeof(r->reason) - 1; i++)
		r->reason[k++] = data[i] ? data[i] : ' '; /* kept as sent: JSON escapes it, text output tames it */
	r->reason[k] = 0;
	r->clen = -1;
}

/* The status line and the Content-Length of each answer; an announced body over the bound stops it. */
static size_t on_header(char *data, size_t sz, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = sz * n;

	if (len > 5 && !memcmp(data, "HTTP/", 5))
		status_line(data, len, s);
	else if (len > 15 && !strncasecmp(data, "content-length:", 15)) {
		s->r->clen = strtoll(data + 15, NULL, 10);
		if (s->max && s->code >= 200 && s->code < 300 && s->r->clen > s->max) {
			s->r->over_limit = 1;
			s->r->limit = s->max;
			return 0; /* go would read past its bound and give up: no need to fetch it */
		}
	}
	return len;
}

static double seconds(CURL *c, CURLINFO what)
{
	curl_off_t us = 0;

	curl_easy_getinfo(c, what, &us);
	return (double)us / 1e6;
}

/* Everything about the request but what it returns. */
static struct curl_slist *setup(CURL *c, const char *url, const struct gt_fetch_opts *o, struct gt_fetch *r,
				struct sink *s, char *errbuf)
{
	const char *cafile = getenv("SSL_CERT_FILE"), *cadir = getenv("SSL_CERT_DIR");
	long ms = (long)(o->timeout * 1000);
	struct curl_slist *hdrs = NULL;
	int i;

	curl_easy_reset(c); /* keeps the handle's connections */
	if (share)
		curl_easy_setopt(c, CURLOPT_SHARE, share);
	gt_fetch_proxy_for(url, r->proxy, sizeof(r->proxy));
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* go's choice, not curl's own reading of the environment */
	curl_easy_setopt(c, CURLOPT_PROXY, r->proxy);
	curl_easy_setopt(c, CURLOPT_NOBODY, o->head ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* gt_fetch follows them, by go's rules */
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms < 30000 ? ms : 30000L); /* go dials for 30 s at most */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, (long)GT_FETCH_LOW_SPEED);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)GT_FETCH_LOW_SPEED_S);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "gotrace-probe");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* the shared cache holds every thread's idle connection; curl's default of 5 would close them */
	curl_easy_setopt(c, CURLOPT_MAXCONNECTS, 64L);
	/* go reads SSL_CERT_FILE instead of the system's files, and the system's directories still;
	 * a file it cannot read adds nothing, so curl keeps its default bundle then */
	if (cafile && *cafile && access(cafile, R_OK) == 0)
		curl_easy_setopt(c, CURLOPT_CAINFO, cafile);
	if (cadir && *cadir)
		curl_easy_setopt(c, CURLOPT_CAPATH, cadir);
	if (o->user && !strncmp(url, "https://", 8)) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, o->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, o->pass ? o->pass : "");
	}
	for (i = 0; o->headers && o->headers[i]; i++)
		hdrs = curl_slist_append(hdrs, o->headers[i]);
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	return hdrs;
}

/* Replace every SECRET (when it is long enough to be one) in S with "***". */
static void scrub_one(char *s, size_t size, const char *secret, size_t n)
{
	char *p;

	if (n < 3)
		return;
	while ((p = memmem(s, strlen(s), secret, n))) {
		memmove(p + 3, p + n, strlen(p + n) + 1);
		memcpy(p, "***", 3);
	}
	s[size - 1] = 0;
}

/* Take out of S whatever secret the request sent: the password, the Basic token, each header's value and its last word. */
static void scrub(char *s, size_t size, const struct gt_fetch_opts *o)
{
	int i;

	if (o->pass) {
		size_t ul = o->user ? strlen(o->user) : 0, pl = strlen(o->pass);
		char *up = gt_xmalloc(ul + pl + 2), *b64 = gt_xmalloc(((ul + pl + 1) / 3 + 1) * 4 + 1);
		snprintf(up, ul + pl + 2, "%s:%s", o->user ? o->user : "", o->pass);
		gt_base64_encode(b64, (const unsigned char *)up, ul + pl + 1);
		scrub_one(s, size, b64, strlen(b64));
		memset(up, 0, ul + pl + 1);
		memset(b64, 0, strlen(b64));
		free(up);
		free(b64);
		scrub_one(s, size, o->pass, pl);
	}
	for (i = 0; o->headers && o->headers[i]; i++) {
		const char *v = strchr(o->headers[i], ':'), *w;
		if (!v)
			continue;
		v += strspn(v + 1, " ") + 1;
		scrub_one(s, size, v, strlen(v));
		w = strrchr(v, ' ');
		if (w)
			scrub_one(s, size, w + 1, strlen(w + 1));
	}
}

/* Whether HOST is BASE or a name under it: go's HTTP client sends credentials on through a redirect then only. */
static int same_site(const char *url, const char *base)
{
	char h[256], b[256];
	int p1, p2;
	size_t hl, bl;

	if (gt_url_hostport(url, h, sizeof(h), &p1) < 0 || gt_url_hostport(base, b, sizeof(b), &p2) < 0)
		return 0;
	hl = strlen(h), bl = strlen(b);
	return !strcasecmp(h, b) || (hl > bl && h[hl - bl - 1] == '.' && !strcasecmp(h + hl - bl, b));
}

/*
 * At most GT_FETCH_PER_HOST requests in flight to one host:port at a time,
 * whatever the number of threads: a proxy sees a few connections, each
 * reused (go itself keeps a few open per host).
 */
#define GT_FETCH_HOSTS 64
static struct {
	char key[300];
	int busy;
} hosts[GT_FETCH_HOSTS];
static pthread_mutex_t hosts_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hosts_cv = PTHREAD_COND_INITIALIZER;

/* Take a slot for URL's host (-1: no slot kept, the table is full of other hosts). */
static int host_take(const char *url)
{
	char host[256], key[300];
	int port = 0, i, free_i;

	if (gt_url_hostport(url, host, sizeof(host), &port) < 0)
		return -1;
	snprintf(key, sizeof(key), "%s:%d", host, port);
	pthread_mutex_lock(&hosts_mu);
	for (;;) {
		free_i = -1;
		for (i = 0; i < GT_FETCH_HOSTS && strcmp(hosts[i].key, key); i++)
			if (free_i < 0 && !hosts[i].busy)
				free_i = i;
		if (i == GT_FETCH_HOSTS && free_i < 0) {
			pthread_mutex_unlock(&hosts_mu);
			return -1;
		}
		if (i == GT_FETCH_HOSTS) {
			i = free_i;
			snprintf(hosts[i].key, sizeof(hosts[i].key), "%s", key);
		}
		if (hosts[i].busy < GT_FETCH_PER_HOST)
			break;
		pthread_cond_wait(&hosts_cv, &hosts_mu);
	}
	hosts[i].busy++;
	pthread_mutex_unlock(&hosts_mu);
	return i;
}

static void host_give(int i)
{
	if (i < 0)
		return;
	pthread_mutex_lock(&hosts_mu);
	hosts[i].busy--;
	pthread_cond_broadcast(&hosts_cv);
	pthread_mutex_unlock(&hosts_mu);
}

/* One request: its answer in R (times added to those of the requests before it). */
static void one_request(const char *url, const struct gt_fetch_opts *o, struct gt_fetch *r, struct sink *s)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	double before = r->t_total;
	curl_off_t len = -1;
	struct curl_slist *hdrs;
	struct timespec now;
	long conns = 0;
	char *ctype = NULL;
	CURLcode rc;
	int sent;
	size_t i;

	s->code = 0;
	r->got = 0, r->clen = -1, r->err[0] = 0, r->line[0] = 0, r->reason[0] = 0, r->stalled = NULL;
	s->first[0] = 0;
	if (s->body)
		s->body->len = 0;
	if (s->fd > 0 && (ftruncate(s->fd, 0) < 0 || lseek(s->fd, 0, SEEK_SET) < 0))
		return;
	clock_gettime(CLOCK_MONOTONIC, &s->last);
	hdrs = setup(handle, url, o, r, s, errbuf);
	rc = curl_easy_perform(handle);
	clock_gettime(CLOCK_MONOTONIC, &now);
	curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &r->status);
	r->t_dns = before + seconds(handle, CURLINFO_NAMELOOKUP_TIME_T);
	r->t_connect = before + seconds(handle, CURLINFO_CONNECT_TIME_T);
	r->t_tls = before + seconds(handle, CURLINFO_APPCONNECT_TIME_T);
	r->t_first = seconds(handle, CURLINFO_STARTTRANSFER_TIME_T);
	r->t_first = r->t_first ? before + r->t_first : 0;
	r->t_total = before + seconds(handle, CURLINFO_TOTAL_TIME_T);
	sent = seconds(handle, CURLINFO_PRETRANSFER_TIME_T) > 0; /* connected (and TLS done), request on its way */
	if (curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &conns) == CURLE_OK && conns == 0 && r->t_first)
		r->reused = 1;
	if (curl_easy_getinfo(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len) == CURLE_OK && len >= 0)
		r->clen = len;
	r->size = o->head ? r->clen : r->got;
	if (o->head && o->max && r->clen > o->max && r->status >= 200 && r->status < 300)
		r->over_limit = 1, r->limit = o->max;
	if (rc != CURLE_OK && !r->over_limit) {
		snprintf(r->err, sizeof(r->err), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		if (rc == CURLE_OPERATION_TIMEDOUT) {
			r->stalled = r->t_first ? "body" : sent ? "headers" : !r->t_dns ? "dns" : !r->t_connect ? "connect" : "tls";
			r->idle = (double)(now.tv_sec - s->last.tv_sec) + (double)(now.tv_nsec - s->last.tv_nsec) / 1e9;
		}
		if (!r->t_first)
			r->status = 0; /* no answer came */
	} else if (r->over_limit) {
		snprintf(r->err, sizeof(r->err), "the body is over %lld bytes (%s %lld)", r->limit,
			 r->over_limit == 1 ? "it announced" : "read so far at least", r->over_limit == 1 ? r->clen : r->got);
	}
	if (r->status >= 400 && curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype &&
	    !strncasecmp(ctype, "text/plain", 10)) {
		for (i = 0; s->first[i] && s->first[i] != '\n' && i < sizeof(r->line) - 1; i++)
			r->line[i] = s->first[i] == '\r' ? ' ' : s->first[i];
		r->line[i] = 0;
	}
	scrub(r->line, sizeof(r->line), o);
	scrub(r->reason, sizeof(r->reason), o);
	scrub(r->err, sizeof(r->err), o);
	curl_slist_free_all(hdrs);
}

/* Where a redirect answer sends go next, into NEXT; 0, or -1 with R's error when go would refuse it. */
static int follow(const char *url0, const char *url, int hop, struct gt_fetch *r, char *next, size_t size)
{
	char *loc = NULL;

	if (curl_easy_getinfo(handle, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || !loc)
		return 1; /* no Location: the 3xx is the answer */
	snprintf(next, size, "%s", loc);
	if (hop + 1 >= GT_FETCH_REDIRECTS)
		snprintf(r->err, sizeof(r->err), "stopped after %d redirects", GT_FETCH_REDIRECTS);
	else if (strncmp(next, "https://", 8) && strncmp(next, "http://", 7))
		snprintf(r->err, sizeof(r->err), "redirected to %.200s: unsupported protocol scheme", next);
	else if (!strncmp(url0, "https://", 8) && strncmp(next, "https://", 8))
		snprintf(r->err, sizeof(r->err), "redirected from secure URL %.250s to insecure URL %.250s", url, next);
	else
		return 0;
	r->redirect_refused = 1;
	r->status = 0;
	return -1;
}

int gt_fetch(const char *url0, const struct gt_fetch_opts *o, struct gt_fetch *r)
{
	struct gt_fetch_opts plain = *o;
	char url[2400], next[2400];
	struct sink s;
	int hop;

	memset(r, 0, sizeof(*r));
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.body = o->body;
	s.fd = o->to_fd;
	s.max = o->max;
	r->size = r->clen = -1;
	pthread_once(&share_once, share_init);
	if (!handle)
		handle = curl_easy_init();
	if (!handle) {
		snprintf(r->err, sizeof(r->err), "%s", curl_load_error() ? curl_load_error() : "libcurl cannot start");
		return -1;
	}
	plain.user = plain.pass = NULL;
	plain.headers = NULL;
	snprintf(url, sizeof(url), "%s", url0);
	for (hop = 0;; hop++) {
		int slot = host_take(url);
		one_request(url, hop == 0 || same_site(url, url0) ? o : &plain, r, &s);
		host_give(slot);
		if (!is_redirect(r->status) || r->err[0] || follow(url0, url, hop, r, next, sizeof(next)))
			break;
		r->redirects = hop + 1;
		snprintf(url, sizeof(url), "%s", next);
	}
	return 0;
}

void gt_fetch_said(const struct gt_fetch *f, struct gt_buf *b)
{
	if (f->stalled && !strcmp(f->stalled, "body")) {
		gt_buf_printf(b, "%ld, then the body stopped after %lld", f->status, f->got);
		if (f->clen >= 0)
			gt_buf_printf(b, " of %lld", f->clen);
		gt_buf_printf(b, " bytes: nothing came for %.0f s (%s)", f->idle, f->err);
	} else if (f->over_limit) {
		gt_buf_printf(b, "%ld, and %s", f->status, f->err);
	} else if (f->status) {
		gt_buf_printf(b, "%ld", f->status);
		if (f->reason[0])
			gt_buf_printf(b, " %s", f->reason);
		if (f->line[0])
			gt_buf_printf(b, " \"%s\"", f->line);
	} else if (f->redirect_refused) {
		gt_buf_printf(b, "go refuses the redirect: %s", f->err);
		if (f->redirects)
			gt_buf_printf(b, " (after following %d)", f->redirects);
	} else if (f->stalled) {
		gt_buf_printf(b, "no answer: timed out in %s after %.0f s of nothing (%s)", f->stalled, f->idle, f->err);
	} else {
		gt_buf_printf(b, "no answer: %s", f->err[0] ? f->err : "?");
	}
	if (f->redirects && !f->redirect_refused)
		gt_buf_printf(b, " after %d redirect%s", f->redirects, f->redirects == 1 ? "" : "s");
	if (f->t_total > 0)
		gt_buf_printf(b, " (%.3f s)", f->t_total);
	if (f->proxy[0])
		gt_buf_puts(b, " through the proxy from the environment");
}
