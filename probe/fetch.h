/*
 * One HTTP request as go would make it, with libcurl: go's proxy choice
 * for the URL (HTTPS_PROXY/https_proxy for https, HTTP_PROXY/http_proxy for
 * http, NO_PROXY, never for loopback), a bound on the whole request and on
 * a transfer that stops moving, and what came back: the status, where the
 * time went, and the first line of an error body (proxies explain a 403 or
 * 404 there). Requests from any thread share one connection cache, DNS
 * cache and TLS session cache, so a probe of many modules through one proxy
 * opens few connections.
 */
#ifndef GT_PROBE_FETCH_H
#define GT_PROBE_FETCH_H

#include "../common/buf.h"

/* A transfer slower than this many bytes a second for GT_FETCH_LOW_SPEED_S seconds is called stalled. */
#define GT_FETCH_LOW_SPEED 1
#define GT_FETCH_LOW_SPEED_S 10
/* The most of a body kept in memory when the caller asks for it and names no other bound. */
#define GT_FETCH_BODY_MAX (4 << 20)
/* go's bounds (cmd/go/internal/modfetch/codehost): a module zip, a go.mod. */
#define GT_FETCH_ZIP_MAX (500LL << 20)
#define GT_FETCH_MOD_MAX (16LL << 20)
/* Requests in flight at once to one host:port, whatever the number of threads. */
#define GT_FETCH_PER_HOST 4
/* go's HTTP client follows at most this many redirects (cmd/go/internal/web). */
#define GT_FETCH_REDIRECTS 10

struct gt_fetch {
	long status;          /* HTTP status; 0 when no answer came (or go would not take the one that came) */
	char err[600];        /* why no answer came (curl's words, or go's for a redirect it refuses), else empty */
	char reason[128];     /* the status line's text ("Not Found") */
	char line[256];       /* the first line of a text/plain body when status >= 400 (go prints it) */
	double t_dns, t_connect, t_tls, t_first, t_total; /* seconds since the start, 0 if not reached */
	double idle;          /* when it stalled: seconds nothing came before the request was given up */
	long long size;       /* bytes of the body, or of the file a HEAD names (-1: unknown) */
	long long clen;       /* the Content-Length the answer announced, -1 for none */
	long long got;        /* bytes of the body that arrived */
	long long limit;      /* when over_limit: the bound it went over */
	int over_limit;       /* the body was bigger than the caller's bound: 1 by its Content-Length, 2 while read */
	int redirects;        /* how many redirects were followed */
	int redirect_refused; /* a redirect go refuses (https to http, not http(s), the 10th): why in err */
	const char *stalled;  /* when it timed out: "dns", "connect", "tls", "headers" or "body" */
	char proxy[300];      /* the proxy go would use for this URL, empty for none */
	int reused;           /* the request went over a connection an earlier one opened */
};

struct gt_fetch_opts {
	int head;                 /* HEAD instead of GET */
	double timeout;           /* seconds for the whole request */
	const char *user, *pass;  /* Basic credentials, sent over https only (as go does) */
	const char *const *headers; /* extra "Name: value" lines (a GOAUTH command's), NULL-ended */
	struct gt_buf *body;      /* when set, the body (at most max, else GT_FETCH_BODY_MAX bytes) */
	int to_fd;                /* when > 0, the whole body is written there instead */
	long long max;            /* the most the body may have (0: no bound but the memory one); more is over_limit */
};

/*
 * Request URL as O says, following redirects as go does (at most
 * GT_FETCH_REDIRECTS, only to http and https, never from https to http;
 * credentials only to the same host or one under it); certificates are trusted as go trusts them (a
 * readable SSL_CERT_FILE instead of the system's bundle, SSL_CERT_DIR's
 * directory as well). Fills R; 0, or -1 when libcurl cannot start. Safe
 * from several threads; each thread keeps its handle until
 * gt_fetch_thread_done().
 */
int gt_fetch(const char *url, const struct gt_fetch_opts *o, struct gt_fetch *r);
/* Release the calling thread's handle. */
void gt_fetch_thread_done(void);

/* The proxy go would use for URL, from the environment, into OUT (SIZE); empty for none. */
void gt_fetch_proxy_for(const char *url, char *out, unsigned size);

/* The phrase for F's result: "404 Not Found \"...\" (0.004 s)", or why no answer came. */
void gt_fetch_said(const struct gt_fetch *f, struct gt_buf *b);

#endif
