/* See fetch.h. */
#include "fetch.h"

#include "curlload.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../common/goproxy.h"

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
	char first[256];
};

static size_t on_body(char *data, size_t sz, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = sz * n, got = (size_t)s->r->got;

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
	} else if (s->body && s->body->len < GT_FETCH_BODY_MAX)
		gt_buf_add(s->body, data, len < GT_FETCH_BODY_MAX - s->body->len ? len : GT_FETCH_BODY_MAX - s->body->len);
	s->r->got += (long long)len;
	return len;
}

/* The reason phrase of the last status line (after redirects, the final one). */
static size_t on_header(char *data, size_t sz, size_t n, void *arg)
{
	struct gt_fetch *r = arg;
	size_t len = sz * n, i = 0, k = 0;

	if (len > 5 && !memcmp(data, "HTTP/", 5)) {
		/* "HTTP/1.1 404 Not Found\r\n": skip the version and the code */
		while (i < len && data[i] != ' ')
			i++;
		while (i < len && data[i] == ' ')
			i++;
		while (i < len && data[i] != ' ' && data[i] != '\r' && data[i] != '\n')
			i++;
		while (i < len && data[i] == ' ')
			i++;
		for (; i < len && data[i] != '\r' && data[i] != '\n' && k < sizeof(r->reason) - 1; i++)
			r->reason[k++] = (char)((unsigned char)data[i] < 0x20 ? ' ' : data[i]);
		r->reason[k] = 0;
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
	/* go's choice, not curl's own reading of the environment */
	curl_easy_setopt(c, CURLOPT_PROXY, r->proxy);
	curl_easy_setopt(c, CURLOPT_NOBODY, o->head ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms < 30000 ? ms : 30000L); /* go dials for 30 s at most */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, (long)GT_FETCH_LOW_SPEED);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)GT_FETCH_LOW_SPEED_S);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
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

int gt_fetch(const char *url, const struct gt_fetch_opts *o, struct gt_fetch *r)
{
	struct sink s;
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_off_t len = -1;
	struct curl_slist *hdrs;
	long conns = 0;
	int sent;
	char *ctype = NULL;
	CURLcode rc;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.body = o->body;
	s.fd = o->to_fd;
	r->size = -1;
	pthread_once(&share_once, share_init);
	if (!handle)
		handle = curl_easy_init();
	if (!handle) {
		snprintf(r->err, sizeof(r->err), "%s", curl_load_error() ? curl_load_error() : "libcurl cannot start");
		return -1;
	}
	hdrs = setup(handle, url, o, r, &s, errbuf);
	rc = curl_easy_perform(handle);
	curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &r->status);
	r->t_dns = seconds(handle, CURLINFO_NAMELOOKUP_TIME_T);
	r->t_connect = seconds(handle, CURLINFO_CONNECT_TIME_T);
	r->t_tls = seconds(handle, CURLINFO_APPCONNECT_TIME_T);
	r->t_first = seconds(handle, CURLINFO_STARTTRANSFER_TIME_T);
	r->t_total = seconds(handle, CURLINFO_TOTAL_TIME_T);
	sent = seconds(handle, CURLINFO_PRETRANSFER_TIME_T) > 0; /* connected (and TLS done), request on its way */
	if (curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &conns) == CURLE_OK && conns == 0 && r->t_first)
		r->reused = 1;
	if (o->head && curl_easy_getinfo(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len) == CURLE_OK)
		r->size = len;
	else if (!o->head)
		r->size = r->got;
	if (rc != CURLE_OK) {
		snprintf(r->err, sizeof(r->err), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		if (rc == CURLE_OPERATION_TIMEDOUT)
			r->stalled = r->t_first ? "body" : sent ? "headers" : !r->t_dns ? "dns" :
				     !r->t_connect ? "connect" : "tls";
		if (!r->t_first)
			r->status = 0; /* no answer came */
	}
	if (r->status >= 400 && curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype &&
	    !strncasecmp(ctype, "text/plain", 10)) {
		for (i = 0; s.first[i] && s.first[i] != '\n' && i < sizeof(r->line) - 1; i++)
			r->line[i] = (char)((unsigned char)s.first[i] < 0x20 ? ' ' : s.first[i]);
		r->line[i] = 0;
	}
	curl_slist_free_all(hdrs);
	return 0;
}

void gt_fetch_said(const struct gt_fetch *f, struct gt_buf *b)
{
	if (f->stalled && !strcmp(f->stalled, "body")) {
		gt_buf_printf(b, "%ld, then the body stopped after %lld bytes (%s)", f->status, f->got, f->err);
	} else if (f->status) {
		gt_buf_printf(b, "%ld", f->status);
		if (f->reason[0])
			gt_buf_printf(b, " %s", f->reason);
		if (f->line[0])
			gt_buf_printf(b, " \"%s\"", f->line);
	} else if (f->stalled) {
		gt_buf_printf(b, "no answer: timed out in %s (%s)", f->stalled, f->err);
	} else {
		gt_buf_printf(b, "no answer: %s", f->err[0] ? f->err : "?");
	}
	if (f->t_total > 0)
		gt_buf_printf(b, " (%.3f s)", f->t_total);
	if (f->proxy[0])
		gt_buf_puts(b, " through the proxy from the environment");
}
