/*
 * Reading DNS messages (RFC 1035) as Go's own resolver sends and receives
 * them over UDP: the question, and for an answer its code and the A/AAAA
 * addresses. Used by the tracer to name connections.
 */
#ifndef GT_DNS_H
#define GT_DNS_H

#include <stddef.h>

#define GT_DNS_ADDRS 16

struct gt_dns {
	int response;       /* QR bit */
	int rcode;          /* 0 NOERROR, 3 NXDOMAIN, ... */
	char name[256];     /* the first question's name, dotted, without the final dot */
	int qtype;          /* 1 A, 28 AAAA, ... */
	int naddrs;
	char addrs[GT_DNS_ADDRS][46];
};

/* Parse the message P of N bytes; 0, or -1 when it is not a DNS message. */
int gt_dns_parse(const unsigned char *p, size_t n, struct gt_dns *out);
/* "A", "AAAA", ... or NULL for other types. */
const char *gt_dns_type_name(int qtype);
/* "NOERROR", "NXDOMAIN", ... */
const char *gt_dns_rcode_name(int rcode);

#endif
