/*
 * GOPROXY parsing (see goproxy.h).
 */
#include "goproxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files.h"

int gt_url_hostport(const char *url, char *host, int hostsize, int *port)
{
	const char *p = strstr(url, "://"), *h, *end, *colon;
	int https = 1;
	size_t n;

	if (p) {
		https = !strncmp(url, "https", 5) && url + 5 == p;
		if (!https && !(url + 4 == p && !strncmp(url, "http", 4)))
			return -1;
		h = p + 3;
	} else {
		h = url;
	}
	/* userinfo is not part of the host */
	end = h + strcspn(h, "/?#");
	for (p = h; p < end; p++)
		if (*p == '@')
			h = p + 1;
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(end - h));
		if (!rb)
			return -1;
		n = (size_t)(rb - h - 1);
		colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
		h++;
	} else {
		colon = memchr(h, ':', (size_t)(end - h));
		n = (size_t)((colon ? colon : end) - h);
	}
	if (n == 0 || n >= (size_t)hostsize)
		return -1;
	memcpy(host, h, n);
	host[n] = 0;
	*port = colon ? atoi(colon + 1) : https ? 443 : 80;
	return *port > 0 && *port < 65536 ? 0 : -1;
}

void gt_proxy_parse(const char *value, struct gt_proxy_list *l)
{
	const char *s = value;

	memset(l, 0, sizeof(*l));
	while (s && *s && l->n < GT_PROXY_MAX) {
		size_t n = strcspn(s, ",|");
		struct gt_proxy_entry *e = &l->e[l->n];
		char tmp[512];

		if (n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
		memcpy(tmp, s, n);
		tmp[n] = 0;
		s += strcspn(s, ",|");
		e->sep = *s ? *s : 0;
		if (*s)
			s++;
		/* go trims spaces around entries and skips empty ones */
		{
			char *a = tmp, *b = tmp + strlen(tmp);
			while (*a == ' ' || *a == '\t')
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				*--b = 0;
			if (!*a) {
				if (l->n)
					l->e[l->n - 1].sep = e->sep ? e->sep : l->e[l->n - 1].sep;
				continue;
			}
			memmove(tmp, a, strlen(a) + 1);
		}
		if (!strcmp(tmp, "direct") || !strcmp(tmp, "off")) {
			snprintf(e->url, sizeof(e->url), "%s", tmp);
			e->kind = tmp[0];
			l->n++;
			break; /* nothing after them is ever tried */
		}
		if (!strncmp(tmp, "file://", 7)) {
			snprintf(e->url, sizeof(e->url), "%s", tmp);
			e->kind = 'f';
		} else {
			if (strstr(tmp, "://"))
				snprintf(e->url, sizeof(e->url), "%s", tmp);
			else
				snprintf(e->url, sizeof(e->url), "https://%.*s", (int)sizeof(e->url) - 9, tmp);
			e->kind = 'h';
			if (gt_url_hostport(e->url, e->host, sizeof(e->host), &e->port) < 0)
				e->port = 0;
		}
		l->n++;
	}
	if (l->n)
		l->e[l->n - 1].sep = 0;
}

int gt_hosts_has(const char *path, const char *name, const char *addr)
{
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	char line[1024];
	int yes = 0;

	if (!f)
		return 0;
	while (!yes && fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok, *first;
		line[strcspn(line, "#\r\n")] = 0;
		first = strtok_r(line, " \t", &save);
		if (!first || strcmp(first, addr))
			continue;
		while ((tok = strtok_r(NULL, " \t", &save)))
			if (!strcasecmp(tok, name))
				yes = 1;
	}
	fclose(f);
	return yes;
}

int gt_proxy_match(const struct gt_proxy_list *l, const char *addr, int port)
{
	return gt_proxy_match_hosts(l, addr, port, NULL);
}

int gt_proxy_match_hosts(const struct gt_proxy_list *l, const char *addr, int port,
			 const char *hosts)
{
	int i;

	for (i = 0; i < l->n; i++) {
		const struct gt_proxy_entry *e = &l->e[i];
		if (e->kind != 'h' || e->port != port)
			continue;
		if (!strcmp(e->host, addr))
			return i;
		if (!strcmp(e->host, "localhost") && (!strcmp(addr, "127.0.0.1") || !strcmp(addr, "::1")))
			return i;
		if (hosts && gt_hosts_has(hosts, e->host, addr))
			return i;
	}
	return -1;
}
