/* GOPROXY lists and proxy URLs, read as the go command reads them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../common/goproxy.h"

Test(goproxy, separators_and_defaults)
{
	struct gt_proxy_list l;

	gt_proxy_parse("http://127.0.0.1:8080,proxy.example|https://p2.example:8443/x,direct,https://never", &l);
	cr_assert_eq(l.n, 4, "direct ends the list");
	cr_expect_str_eq(l.e[0].host, "127.0.0.1");
	cr_expect_eq(l.e[0].port, 8080);
	cr_expect_eq(l.e[0].sep, ',');
	cr_expect_str_eq(l.e[1].url, "https://proxy.example", "no scheme means https");
	cr_expect_eq(l.e[1].port, 443);
	cr_expect_eq(l.e[1].sep, '|');
	cr_expect_eq(l.e[2].port, 8443);
	cr_expect_eq(l.e[3].kind, 'd');
	cr_expect_eq(l.e[3].sep, 0);
}

Test(goproxy, off_file_spaces_and_empty_entries)
{
	struct gt_proxy_list l;

	gt_proxy_parse(" file:///tmp/p , ,off", &l);
	cr_assert_eq(l.n, 2);
	cr_expect_eq(l.e[0].kind, 'f');
	cr_expect_eq(l.e[1].kind, 'o');
	gt_proxy_parse("", &l);
	cr_expect_eq(l.n, 0);
}

Test(goproxy, match_by_address_and_port)
{
	struct gt_proxy_list l;

	gt_proxy_parse("http://localhost:3000,http://[::1]:4000,http://10.0.0.1", &l);
	cr_expect_eq(gt_proxy_match(&l, "127.0.0.1", 3000), 0);
	cr_expect_eq(gt_proxy_match(&l, "::1", 4000), 1);
	cr_expect_eq(gt_proxy_match(&l, "10.0.0.1", 80), 2);
	cr_expect_eq(gt_proxy_match(&l, "10.0.0.1", 443), -1);
}

Test(goproxy, url_host_port_skips_userinfo)
{
	char host[64];
	int port;

	cr_assert_eq(gt_url_hostport("http://u:secret@127.0.0.1:3128/", host, sizeof(host), &port), 0);
	cr_expect_str_eq(host, "127.0.0.1");
	cr_expect_eq(port, 3128);
	cr_assert_eq(gt_url_hostport("proxy.corp", host, sizeof(host), &port), 0);
	cr_expect_eq(port, 443);
	cr_expect_eq(gt_url_hostport("socks5://h:1", host, sizeof(host), &port), -1);
}

Test(goproxy, names_through_a_hosts_file)
{
	struct gt_proxy_list l;
	char path[] = "/tmp/gotrace-hosts-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs("# test\n127.0.0.1 localhost\n10.1.2.3  proxy.corp.example  proxy # comment\n", f);
	fclose(f);
	cr_expect(gt_hosts_has(path, "proxy.corp.example", "10.1.2.3"));
	cr_expect(gt_hosts_has(path, "PROXY", "10.1.2.3"), "names are case-insensitive");
	cr_expect(!gt_hosts_has(path, "comment", "10.1.2.3"));
	gt_proxy_parse("https://proxy.corp.example", &l);
	cr_expect_eq(gt_proxy_match_hosts(&l, "10.1.2.3", 443, path), 0);
	cr_expect_eq(gt_proxy_match_hosts(&l, "10.1.2.3", 443, NULL), -1);
	unlink(path);
}
