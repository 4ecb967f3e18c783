/* Decoders for open flags, socket addresses and paths. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/un.h>

#include "../../common/decode.h"

static const char *flags(uint64_t f)
{
	static struct gt_buf b;

	gt_buf_free(&b);
	gt_buf_init(&b);
	gt_decode_oflags(&b, f);
	return gt_buf_cstr(&b);
}

static const char *join(const char *base, const char *rel)
{
	static struct gt_buf b;

	gt_buf_free(&b);
	gt_buf_init(&b);
	gt_path_join(&b, base, rel);
	return gt_buf_cstr(&b);
}

Test(decode, open_flags)
{
	cr_expect_str_eq(flags(O_RDONLY), "[\"O_RDONLY\"]");
	cr_expect_str_eq(flags(O_RDONLY | O_CLOEXEC), "[\"O_RDONLY\",\"O_CLOEXEC\"]");
	cr_expect_str_eq(flags(O_WRONLY | O_CREAT | O_TRUNC),
			 "[\"O_WRONLY\",\"O_CREAT\",\"O_TRUNC\"]");
	cr_expect_str_eq(flags(O_RDWR | O_SYNC), "[\"O_RDWR\",\"O_SYNC\"]");
	cr_expect_str_eq(flags(O_RDWR | O_TMPFILE), "[\"O_RDWR\",\"O_TMPFILE\"]");
	cr_expect_str_eq(flags(O_RDONLY | 0x40000000), "[\"O_RDONLY\",\"0x40000000\"]");
}

Test(decode, path_join)
{
	cr_expect_str_eq(join("/home/u/m", "main.go"), "/home/u/m/main.go");
	cr_expect_str_eq(join("/home/u/m", "./a/../b//c"), "/home/u/m/b/c");
	cr_expect_str_eq(join("/", "../../x"), "/x");
	cr_expect_str_eq(join("/a/b", ".."), "/a");
	cr_expect_str_eq(join("/a/b", "/abs/p"), "/abs/p");
	cr_expect_str_eq(join("/a", "."), "/a");
}

Test(decode, sockaddr_inet)
{
	struct sockaddr_in in = {0};
	struct gt_buf b;

	in.sin_family = AF_INET;
	in.sin_port = htons(8080);
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	gt_buf_init(&b);
	gt_decode_sockaddr(&b, (unsigned char *)&in, sizeof(in));
	cr_expect_str_eq(gt_buf_cstr(&b), ",\"family\":\"inet\",\"addr\":\"127.0.0.1\",\"port\":8080");
	gt_buf_free(&b);
}

Test(decode, sockaddr_inet6_and_unix)
{
	struct sockaddr_in6 in6 = {0};
	struct sockaddr_un un = {0};
	struct gt_buf b;

	in6.sin6_family = AF_INET6;
	in6.sin6_port = htons(443);
	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	gt_buf_init(&b);
	gt_decode_sockaddr(&b, (unsigned char *)&in6, sizeof(in6));
	cr_expect_str_eq(gt_buf_cstr(&b), ",\"family\":\"inet6\",\"addr\":\"::1\",\"port\":443");
	b.len = 0;
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path, "/run/agent.sock");
	gt_decode_sockaddr(&b, (unsigned char *)&un, offsetof(struct sockaddr_un, sun_path) + 16);
	cr_expect_str_eq(gt_buf_cstr(&b), ",\"family\":\"unix\",\"path\":\"/run/agent.sock\"");
	b.len = 0;
	memcpy(un.sun_path, "\0abstract", 9);
	gt_decode_sockaddr(&b, (unsigned char *)&un, offsetof(struct sockaddr_un, sun_path) + 9);
	cr_expect_str_eq(gt_buf_cstr(&b), ",\"family\":\"unix\",\"path\":\"@abstract\"");
	b.len = 0;
	gt_decode_sockaddr(&b, (unsigned char *)&un, 1);
	cr_expect_str_eq(gt_buf_cstr(&b), ",\"family\":\"none\"");
	gt_buf_free(&b);
}

Test(decode, names)
{
	char tmp[16];

	cr_expect_str_eq(gt_errname(ENOENT, tmp), "ENOENT");
	cr_expect_str_eq(gt_errname(ECONNREFUSED, tmp), "ECONNREFUSED");
	cr_expect_str_eq(gt_errname(4000, tmp), "E4000");
	cr_expect_str_eq(gt_signame(SIGKILL, tmp), "SIGKILL");
	cr_expect_str_eq(gt_signame(SIGSEGV, tmp), "SIGSEGV");
}

static const char *elf(const unsigned char *h, size_t n)
{
	static struct gt_buf b;

	gt_buf_free(&b);
	gt_buf_init(&b);
	gt_decode_elf_ident(&b, h, n);
	return gt_buf_cstr(&b);
}

Test(decode, elf_ident)
{
	/* the first 20 bytes of real files: gcc -m32, gcc, an aarch64 build, a big-endian s390 one */
	static const unsigned char i386[20] = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0};
	static const unsigned char amd64[20] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 62, 0};
	static const unsigned char arm64[20] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 183, 0};
	static const unsigned char s390[20] = {0x7f, 'E', 'L', 'F', 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 22};
	static const unsigned char odd[20] = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x34, 0x12};

	cr_expect_str_eq(elf(i386, 20), ",\"elf\":{\"class\":32,\"machine\":\"i386\"}");
	cr_expect_str_eq(elf(amd64, 20), ",\"elf\":{\"class\":64,\"machine\":\"x86_64\"}");
	cr_expect_str_eq(elf(arm64, 20), ",\"elf\":{\"class\":64,\"machine\":\"aarch64\"}");
	cr_expect_str_eq(elf(s390, 20), ",\"elf\":{\"class\":64,\"machine\":\"s390\"}");
	cr_expect_str_eq(elf(odd, 20), ",\"elf\":{\"class\":32,\"machine\":4660}");
	/* a script without #!, a short file, a bad class byte */
	cr_expect_str_eq(elf((const unsigned char *)"echo hello world\nexit", 20), ",\"elf\":false");
	cr_expect_str_eq(elf(i386, 19), ",\"elf\":false");
	cr_expect_str_eq(elf((const unsigned char[20]){0x7f, 'E', 'L', 'F', 3, 1}, 20), ",\"elf\":false");
}
