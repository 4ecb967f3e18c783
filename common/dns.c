/*
 * DNS message reading (see dns.h). Names may be compressed (pointers);
 * every read is bounds-checked, and a pointer loop ends after 32 jumps.
 */
#include "dns.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Read the name at OFF into OUT (may be NULL); returns the offset after it in the record, or -1. */
static long read_name(const unsigned char *p, size_t n, size_t off, char *out, size_t size)
{
	size_t o = off, len = 0;
	long end = -1;
	int jumps = 0;

	if (out && size)
		out[0] = 0;
	for (;;) {
		unsigned c;
		if (o >= n)
			return -1;
		c = p[o];
		if (c == 0) {
			if (end < 0)
				end = (long)o + 1;
			break;
		}
		if ((c & 0xc0) == 0xc0) {
			if (o + 1 >= n || ++jumps > 32)
				return -1;
			if (end < 0)
				end = (long)o + 2;
			o = ((c & 0x3f) << 8) | p[o + 1];
			continue;
		}
		if (c & 0xc0 || o + 1 + c > n)
			return -1;
		if (out) {
			if (len + c + 2 > size)
				return -1;
			if (len)
				out[len++] = '.';
			memcpy(out + len, p + o + 1, c);
			len += c;
			out[len] = 0;
		}
		o += 1 + c;
	}
	return end;
}

int gt_dns_parse(const unsigned char *p, size_t n, struct gt_dns *out)
{
	unsigned qd, an, i;
	long o;

	memset(out, 0, sizeof(*out));
	if (n < 12)
		return -1;
	out->response = (p[2] & 0x80) != 0;
	out->rcode = p[3] & 0x0f;
	qd = (unsigned)(p[4] << 8 | p[5]);
	an = (unsigned)(p[6] << 8 | p[7]);
	if (qd < 1)
		return -1;
	o = read_name(p, n, 12, out->name, sizeof(out->name));
	if (o < 0 || (size_t)o + 4 > n)
		return -1;
	out->qtype = p[o] << 8 | p[o + 1];
	o += 4;
	for (i = 1; i < qd; i++) {
		o = read_name(p, n, (size_t)o, NULL, 0);
		if (o < 0 || (size_t)o + 4 > n)
			return 0;
		o += 4;
	}
	for (i = 0; out->response && i < an; i++) {
		unsigned type, rdlen;
		o = read_name(p, n, (size_t)o, NULL, 0);
		if (o < 0 || (size_t)o + 10 > n)
			return 0;
		type = (unsigned)(p[o] << 8 | p[o + 1]);
		rdlen = (unsigned)(p[o + 8] << 8 | p[o + 9]);
		o += 10;
		if ((size_t)o + rdlen > n)
			return 0;
		if (out->naddrs < GT_DNS_ADDRS && ((type == 1 && rdlen == 4) || (type == 28 && rdlen == 16)))
			inet_ntop(type == 1 ? AF_INET : AF_INET6, p + o, out->addrs[out->naddrs++], 46);
		o += rdlen;
	}
	return 0;
}

const char *gt_dns_type_name(int qtype)
{
	switch (qtype) {
	case 1: return "A";
	case 5: return "CNAME";
	case 12: return "PTR";
	case 15: return "MX";
	case 16: return "TXT";
	case 28: return "AAAA";
	case 33: return "SRV";
	case 65: return "HTTPS";
	}
	return NULL;
}

const char *gt_dns_rcode_name(int rcode)
{
	static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					    "NOTIMP", "REFUSED"};
	return rcode >= 0 && rcode < 6 ? names[rcode] : "OTHER";
}
