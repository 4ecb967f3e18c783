/* go.mod, go.work and go.sum as go reads them (common/gomod.c), and go's h1 hashes (common/h1.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/gomod.h"
#include "../../common/h1.h"

static char *tmpfile_with(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/gt-gomod-XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

Test(gomod, requires_and_replaces)
{
	struct gt_gomod m;
	const char *p = tmpfile_with("// a comment\nmodule \"example.com/app\"\n\ngo 1.21\n\nrequire (\n"
				     "\texample.com/a v1.0.0 // why\n\t\"example.com/b\" v1.2.0 // indirect\n"
				     "\t// example.com/c v9.9.9\n)\n\nrequire example.com/d v0.1.0\n"
				     "replace example.com/a => ../a\n"
				     "replace (\n\texample.com/d v0.1.0 => example.com/e v0.2.0\n"
				     "\texample.com/d => example.com/f v1.0.0\n)\n");

	cr_assert_eq(gt_gomod_read(p, &m), 0);
	unlink(p);
	cr_expect_str_eq(m.module, "example.com/app");
	cr_assert_eq(m.nreq, 3);
	cr_expect_str_eq(m.req[0].path, "example.com/a");
	cr_expect_eq(m.req[0].indirect, 0);
	cr_expect_eq(m.req[0].line, 7);
	cr_expect_str_eq(m.req[1].path, "example.com/b");
	cr_expect_eq(m.req[1].indirect, 1);
	cr_expect_str_eq(m.req[2].version, "v0.1.0");
	cr_assert_eq(m.nrep, 3);
	cr_expect_str_eq(m.rep[0].to, "../a");
	cr_expect_str_eq(m.rep[0].to_version, "");
	/* a replacement of the exact version wins over one of every version */
	cr_expect_eq(gt_gomod_replaced(&m, "example.com/d", "v0.1.0"), 1);
	cr_expect_eq(gt_gomod_replaced(&m, "example.com/d", "v0.3.0"), 2);
	cr_expect_eq(gt_gomod_replaced(&m, "example.com/b", "v1.2.0"), -1);
	gt_gomod_free(&m);
	cr_expect_eq(gt_gomod_read("/nonexistent/go.mod", &m), -1);
}

Test(gomod, gowork_and_gosum)
{
	char **dirs;
	struct gt_sumline *l;
	const char *p = tmpfile_with("go 1.22\n\nuse ./a\nuse (\n\t./b // the second\n\t\"./c d\"\n)\n");
	int n = gt_gowork_uses(p, &dirs), i;

	unlink(p);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(dirs[0], "./a");
	cr_expect_str_eq(dirs[1], "./b");
	cr_expect_str_eq(dirs[2], "./c d");
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	p = tmpfile_with("example.com/m v1.0.0 h1:AAA=\nexample.com/m v1.0.0/go.mod h1:BBB=\n\nnot a line\n");
	n = gt_gosum_read(p, &l);
	unlink(p);
	cr_assert_eq(n, 2);
	cr_expect_eq(l[0].gomod, 0);
	cr_expect_str_eq(l[1].version, "v1.0.0");
	cr_expect_eq(l[1].gomod, 1);
	cr_expect_eq(l[1].line, 2);
	cr_expect_str_eq(l[1].hash, "h1:BBB=");
	free(l);
}

/* A line over 2 KB is one line (skipped: its path is too long for go), and the lines after it keep their numbers. */
Test(gomod, gosum_long_line)
{
	struct gt_sumline *l;
	char text[4000];
	const char *p;
	int n;

	snprintf(text, sizeof(text), "example.com/%03000d v1.0.0 h1:AAA=\nexample.com/m v1.0.0 h1:CCC= extra\n"
				     "example.com/m v1.0.0/go.mod h1:BBB=\n", 7);
	p = tmpfile_with(text);
	n = gt_gosum_read(p, &l);
	unlink(p);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(l[0].path, "example.com/m");
	cr_expect_eq(l[0].gomod, 1);
	cr_expect_eq(l[0].line, 3);
	free(l);
}

/* The value golang.org/x/mod/sumdb/dirhash gives (seen in tests/e2e/t_probe_sumdb.sh's database). */
Test(h1, gomod)
{
	static const char gomod[] = "module example.com/m\n\ngo 1.21\n";
	char h[GT_H1_LEN];

	cr_assert_eq(gt_h1_gomod(gomod, strlen(gomod), h), 0);
	cr_expect_str_eq(h, "h1:ONeDgCa5UF/jJRjGzpOKmUiezgFEk4IPFZ96frvroW0=");
}

Test(h1, refuses_newlines)
{
	struct gt_h1 h;
	unsigned char sha[32] = {0};
	char out[GT_H1_LEN];

	cr_assert_eq(gt_h1_init(&h), 0);
	gt_h1_file(&h, "a\nb", sha);
	cr_expect_eq(gt_h1_done(&h, out), -1);
	cr_expect_str_eq(out, "");
}

static void hex32(const unsigned char d[32], char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* gotrace's own SHA-256: FIPS 180-4's examples, fed whole and a byte at a time */
Test(sha256, vectors)
{
	static const struct {
		const char *in;
		const char *hex;
	} v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	unsigned char d[32];
	char hex[65];
	struct gt_sha256 s;
	size_t i, j;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		gt_sha256_init(&s);
		gt_sha256_add(&s, v[i].in, strlen(v[i].in));
		gt_sha256_done(&s, d);
		hex32(d, hex);
		cr_expect_str_eq(hex, v[i].hex);
		gt_sha256_init(&s);
		for (j = 0; v[i].in[j]; j++)
			gt_sha256_add(&s, v[i].in + j, 1);
		gt_sha256_done(&s, d);
		hex32(d, hex);
		cr_expect_str_eq(hex, v[i].hex);
	}
	/* a million 'a', in pieces that do not fall on blocks */
	{
		static char a[1000];
		memset(a, 'a', sizeof(a));
		gt_sha256_init(&s);
		for (i = 0; i < 1000; i++) {
			gt_sha256_add(&s, a, 333);
			gt_sha256_add(&s, a, 667);
		}
		gt_sha256_done(&s, d);
		hex32(d, hex);
		cr_expect_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
}

Test(base64, both_ways)
{
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	unsigned char back[16];
	char enc[16];
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		gt_base64_encode(enc, (const unsigned char *)in[i], strlen(in[i]));
		cr_expect_str_eq(enc, out[i]);
		cr_expect_eq(gt_base64_decode(out[i], back, sizeof(back)), (int)strlen(in[i]));
		cr_expect(memcmp(back, in[i], strlen(in[i])) == 0);
	}
	cr_expect_eq(gt_base64_decode("Zm9", back, sizeof(back)), -1);
	cr_expect_eq(gt_base64_decode("Z=9v", back, sizeof(back)), -1);
	cr_expect_eq(gt_base64_decode("Zm=v", back, sizeof(back)), -1);
	cr_expect_eq(gt_base64_decode("Zm9v!A==", back, sizeof(back)), -1);
	cr_expect_eq(gt_base64_decode("Zm9vYmFy", back, 5), -1);
}
