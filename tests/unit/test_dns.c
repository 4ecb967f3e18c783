/* DNS messages as Go's resolver sends and receives them. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/dns.h"

/* a query for proxy.golang.org, type A */
static const unsigned char query[] = {
	0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	5, 'p', 'r', 'o', 'x', 'y', 6, 'g', 'o', 'l', 'a', 'n', 'g', 3, 'o', 'r', 'g', 0,
	0, 1, 0, 1,
};

Test(dns, query)
{
	struct gt_dns d;

	cr_assert_eq(gt_dns_parse(query, sizeof(query), &d), 0);
	cr_expect(!d.response);
	cr_expect_str_eq(d.name, "proxy.golang.org");
	cr_expect_eq(d.qtype, 1);
	cr_expect_str_eq(gt_dns_type_name(d.qtype), "A");
}

Test(dns, answer_with_a_compressed_name_and_two_addresses)
{
	unsigned char m[128];
	size_t n = sizeof(query);
	static const unsigned char rr1[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 142, 250, 1, 141};
	static const unsigned char rr2[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 7};
	struct gt_dns d;

	memcpy(m, query, n);
	m[2] = 0x81;
	m[3] = 0x80;
	m[7] = 2;
	memcpy(m + n, rr1, sizeof(rr1));
	n += sizeof(rr1);
	memcpy(m + n, rr2, sizeof(rr2));
	n += sizeof(rr2);
	cr_assert_eq(gt_dns_parse(m, n, &d), 0);
	cr_expect(d.response);
	cr_expect_str_eq(gt_dns_rcode_name(d.rcode), "NOERROR");
	cr_assert_eq(d.naddrs, 2);
	cr_expect_str_eq(d.addrs[0], "142.250.1.141");
	cr_expect_str_eq(d.addrs[1], "10.0.0.7");
}

Test(dns, nxdomain_and_bad_messages)
{
	unsigned char m[sizeof(query)];
	struct gt_dns d;

	memcpy(m, query, sizeof(m));
	m[2] = 0x81;
	m[3] = 0x83;
	cr_assert_eq(gt_dns_parse(m, sizeof(m), &d), 0);
	cr_expect_str_eq(gt_dns_rcode_name(d.rcode), "NXDOMAIN");
	cr_expect_eq(gt_dns_parse(query, 11, &d), -1, "shorter than a header");
	cr_expect_eq(gt_dns_parse(query, 20, &d), -1, "name cut");
	/* a name that points at itself */
	memcpy(m, query, 12);
	m[12] = 0xc0;
	m[13] = 12;
	cr_expect_eq(gt_dns_parse(m, 18, &d), -1);
}
