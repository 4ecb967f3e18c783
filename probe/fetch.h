/*
 * One HTTP request as go would make it, with libcurl: go's proxy choice
 * for the URL (HTTPS_PROXY/https_proxy for https, HTTP_PROXY/http_proxy for
 * http, NO_PROXY, never for loopback), a bound on the whole request, and
 * what came back: the status, where the time went, and the first line of an
 * error body (proxies explain a 403 or 404 there).
 */
#ifndef GT_PROBE_FETCH_H
#define GT_PROBE_FETCH_H

struct gt_fetch {
	long status;          /* HTTP status; 0 when no answer came */
	char err[256];        /* why no answer came (curl's words), else empty */
	char reason[128];     /* the status line's text ("Not Found") */
	char line[256];       /* the first line of a text/plain body when status >= 400 (go prints it) */
	double t_dns, t_connect, t_tls, t_first, t_total; /* seconds since the start, 0 if not reached */
	long long size;       /* bytes of the body, or of the file a HEAD names (-1: unknown) */
	const char *stalled;  /* when it timed out: "dns", "connect", "tls", "headers" or "body" */
	char proxy[300];      /* the proxy go would use for this URL, empty for none */
};

/*
 * GET (or HEAD when HEAD is set) URL within TIMEOUT seconds, with Basic
 * credentials USER and PASS when USER is not NULL (go sends them only over
 * https); certificates are trusted as go trusts them (a readable
 * SSL_CERT_FILE instead of the system's bundle, SSL_CERT_DIR's directory
 * as well). Fills R; 0, or -1 when
 * libcurl cannot start.
 */
int gt_fetch(const char *url, int head, double timeout, const char *user, const char *pass,
	     struct gt_fetch *r);

/* The proxy go would use for URL, from the environment, into OUT (SIZE); empty for none. */
void gt_fetch_proxy_for(const char *url, char *out, unsigned size);

#endif
