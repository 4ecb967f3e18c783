/* See fetch.h. */
#include "fetch.h"

#include <curl/curl.h>
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

struct sink {
	struct gt_fetch *r;
	size_t got;
	char first[256];
};

static size_t on_body(char *data, size_t sz, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = sz * n;

	if (s->got < sizeof(s->first) - 1) {
		size_t k = len < sizeof(s->first) - 1 - s->got ? len : sizeof(s->first) - 1 - s->got;
		memcpy(s->first + s->got, data, k);
		s->first[s->got + k] = 0;
	}
	s->got += len;
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

int gt_fetch(const char *url, int head, double timeout, const char *user, const char *pass,
	     struct gt_fetch *r)
{
	const char *cafile = getenv("SSL_CERT_FILE"), *cadir = getenv("SSL_CERT_DIR");
	struct sink s;
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_off_t len = -1;
	char *ctype = NULL;
	CURLcode rc;
	CURL *c;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&s, 0, sizeof(s));
	s.r = r;
	r->size = -1;
	c = curl_easy_init();
	if (!c)
		return -1;
	gt_fetch_proxy_for(url, r->proxy, sizeof(r->proxy));
	curl_easy_setopt(c, CURLOPT_URL, url);
	/* go's choice, not curl's own reading of the environment */
	curl_easy_setopt(c, CURLOPT_PROXY, r->proxy);
	curl_easy_setopt(c, CURLOPT_NOBODY, head ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout * 1000 < 30000 ? timeout * 1000 : 30000));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "gotrace-probe");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* go reads SSL_CERT_FILE instead of the system's files, and the system's directories still;
	 * a file it cannot read adds nothing, so curl keeps its default bundle then */
	if (cafile && *cafile && access(cafile, R_OK) == 0)
		curl_easy_setopt(c, CURLOPT_CAINFO, cafile);
	if (cadir && *cadir)
		curl_easy_setopt(c, CURLOPT_CAPATH, cadir);
	if (user && !strncmp(url, "https://", 8)) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pass ? pass : "");
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	r->t_dns = seconds(c, CURLINFO_NAMELOOKUP_TIME_T);
	r->t_connect = seconds(c, CURLINFO_CONNECT_TIME_T);
	r->t_tls = seconds(c, CURLINFO_APPCONNECT_TIME_T);
	r->t_first = seconds(c, CURLINFO_STARTTRANSFER_TIME_T);
	r->t_total = seconds(c, CURLINFO_TOTAL_TIME_T);
	if (head && curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len) == CURLE_OK)
		r->size = len;
	else if (!head)
		r->size = (long long)s.got;
	if (rc != CURLE_OK) {
		snprintf(r->err, sizeof(r->err), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		if (rc == CURLE_OPERATION_TIMEDOUT)
			r->stalled = !r->t_dns ? "dns" : !r->t_connect ? "connect" :
				     (!strncmp(url, "https://", 8) && !r->t_tls) ? "tls" :
				     !r->t_first ? "headers" : "body";
		if (!r->t_first)
			r->status = 0; /* no answer came */
	}
	if (r->status >= 400 && curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype &&
	    !strncasecmp(ctype, "text/plain", 10)) {
		for (i = 0; s.first[i] && s.first[i] != '\n' && i < sizeof(r->line) - 1; i++)
			r->line[i] = (char)((unsigned char)s.first[i] < 0x20 ? ' ' : s.first[i]);
		r->line[i] = 0;
	}
	curl_easy_cleanup(c);
	return 0;
}
