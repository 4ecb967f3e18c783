/*
 * GOPROXY lists as the go command reads them (docs/facts.md, "How go walks
 * GOPROXY"): entries separated by ',' (the next is tried only after a 404
 * or 410) or '|' (after any error); "direct" and "off" end the list; an
 * entry without a scheme is https. Used live by the watchdog and after the
 * run by the network analyzer, to give a connection its role.
 */
#ifndef GT_GOPROXY_H
#define GT_GOPROXY_H

#define GT_PROXY_MAX 16

struct gt_proxy_entry {
	char url[512];   /* as written (scheme added when missing) */
	char host[256];  /* host part, without brackets */
	int port;        /* explicit or the scheme's default; 0 for direct/off/file */
	char kind;       /* 'h' http(s), 'f' file, 'd' direct, 'o' off */
	char sep;        /* separator after this entry: ',', '|' or 0 at the end */
};

struct gt_proxy_list {
	struct gt_proxy_entry e[GT_PROXY_MAX];
	int n;
};

/* Parse VALUE; entries beyond GT_PROXY_MAX are dropped. */
void gt_proxy_parse(const char *value, struct gt_proxy_list *l);
/* Index of the http(s) entry whose host:port is ADDR:PORT (ADDR as text; a
 * host "localhost" matches loopback; a name matches an address the hosts
 * file gives it, when HOSTS is not NULL), or -1. */
int gt_proxy_match(const struct gt_proxy_list *l, const char *addr, int port);
int gt_proxy_match_hosts(const struct gt_proxy_list *l, const char *addr, int port,
			 const char *hosts);
/* Whether hosts file PATH (/etc/hosts) maps NAME to ADDR. */
int gt_hosts_has(const char *path, const char *name, const char *addr);
/* Host and port of a proxy URL such as HTTPS_PROXY's ("http://h:3128"); 0 on success. */
int gt_url_hostport(const char *url, char *host, int hostsize, int *port);

#endif
