/*
 * The small parsers fed by environment values and packets: GOPROXY and its
 * matching, GOPRIVATE-style patterns, module path escaping, semver, URL
 * host:port, DNS messages, and ELF headers (the tracer reads every exec'd
 * file's). The input is split at its first NUL where two strings are needed.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "../../common/dns.h"
#include "../../common/goproxy.h"
#include "../../common/modpath.h"
#include "../../wrap/elfinfo.h"

struct span {
	const uint8_t *p;
	size_t n;
};

static ssize_t read_at(void *ctx, void *dst, size_t n, uint64_t off)
{
	const struct span *s = ctx;

	if (off >= s->n)
		return 0;
	if (n > s->n - off)
		n = (size_t)(s->n - off);
	memcpy(dst, s->p + off, n);
	return (ssize_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = malloc(size + 1), *b, which[256], host[256], esc[1024];
	struct gt_proxy_list pl;
	struct gt_dns dns;
	struct gt_elfinfo ei;
	struct span sp = {data, size};
	int port;

	if (!a)
		return 0;
	memcpy(a, data, size);
	a[size] = 0;
	b = a + strlen(a) + (strlen(a) < size ? 1 : 0);
	gt_proxy_parse(a, &pl);
	gt_proxy_match(&pl, b, 443);
	gt_path_match(a, b);
	gt_match_prefix_patterns(a, b, which, sizeof(which));
	gt_mod_escape(a, esc, sizeof(esc));
	gt_semver_valid(a);
	gt_url_hostport(a, host, sizeof(host), &port);
	gt_dns_parse(data, size, &dns);
	gt_elf_info(read_at, &sp, &ei);
	free(a);
	return 0;
}
