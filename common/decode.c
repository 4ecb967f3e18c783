/*
 * Decoding of syscall arguments for the trace. Flag names follow the
 * x86 (asm-generic) values, which x86_64, i386 and x32 share.
 */
#include "decode.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <stddef.h>

#define GT_SOCKPATH_MAX 108

#include "json.h"
#include "schema.h"
#include "util.h"

static const struct {
	uint64_t bit;
	const char *name;
} oflag_names[] = {
	{00000100, "O_CREAT"},     {00000200, "O_EXCL"},     {00000400, "O_NOCTTY"},
	{00001000, "O_TRUNC"},     {00002000, "O_APPEND"},   {00004000, "O_NONBLOCK"},
	{00010000, "O_DSYNC"},     {00020000, "O_ASYNC"},    {00040000, "O_DIRECT"},
	{00100000, "O_LARGEFILE"}, {00200000, "O_DIRECTORY"}, {00400000, "O_NOFOLLOW"},
	{01000000, "O_NOATIME"},   {02000000, "O_CLOEXEC"},  {04000000, "O_SYNC"},
	{010000000, "O_PATH"},     {020000000, "O_TMPFILE"},
};

void gt_decode_oflags(struct gt_buf *b, uint64_t flags)
{
	static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
	size_t i;

	gt_buf_add(b, "[\"", 2);
	gt_buf_puts(b, acc[flags & 3]);
	gt_buf_putc(b, '"');
	flags &= ~(uint64_t)3;
	/* O_SYNC includes O_DSYNC's bit; name it once */
	if ((flags & 04010000) == 04010000)
		flags &= ~(uint64_t)00010000;
	/* O_TMPFILE includes O_DIRECTORY's bit */
	if (flags & 020000000)
		flags &= ~(uint64_t)00200000;
	for (i = 0; i < GT_ARRAY_SIZE(oflag_names); i++) {
		if (!(flags & oflag_names[i].bit))
			continue;
		gt_buf_add(b, ",\"", 2);
		gt_buf_puts(b, oflag_names[i].name);
		gt_buf_putc(b, '"');
		flags &= ~oflag_names[i].bit;
	}
	if (flags) {
		char hex[24];
		snprintf(hex, sizeof(hex), ",\"0x%llx\"", (unsigned long long)flags);
		gt_buf_puts(b, hex);
	}
	gt_buf_putc(b, ']');
}

int gt_inet_addr(const unsigned char *sa, unsigned len, char *addr, int *port)
{
	sa_family_t fam;

	if (len < sizeof(fam))
		return 0;
	memcpy(&fam, sa, sizeof(fam));
	if (fam == AF_INET && len >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in in;
		memcpy(&in, sa, sizeof(in));
		inet_ntop(AF_INET, &in.sin_addr, addr, INET6_ADDRSTRLEN);
		*port = ntohs(in.sin_port);
		return AF_INET;
	}
	if (fam == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 in6;
		memcpy(&in6, sa, sizeof(in6));
		inet_ntop(AF_INET6, &in6.sin6_addr, addr, INET6_ADDRSTRLEN);
		*port = ntohs(in6.sin6_port);
		return AF_INET6;
	}
	return 0;
}

void gt_decode_sockaddr(struct gt_buf *b, const unsigned char *sa, unsigned len)
{
	char addr[INET6_ADDRSTRLEN];
	sa_family_t fam;
	int port, inet;

	if (len < sizeof(sa_family_t)) {
		gt_json_key(b, GT_KEY(connect, family));
		gt_json_cstr(b, "none");
		return;
	}
	memcpy(&fam, sa, sizeof(fam));
	if ((inet = gt_inet_addr(sa, len, addr, &port))) {
		gt_json_key(b, GT_KEY(connect, family));
		gt_json_cstr(b, inet == AF_INET ? "inet" : "inet6");
		gt_json_key(b, GT_KEY(connect, addr));
		gt_json_cstr(b, addr);
		gt_json_key(b, GT_KEY(connect, port));
		gt_buf_u64(b, (uint64_t)port);
	} else if (fam == AF_UNIX) {
		const char *p = (const char *)sa + offsetof(struct sockaddr_un, sun_path);
		size_t n = len - offsetof(struct sockaddr_un, sun_path);
		gt_json_key(b, GT_KEY(connect, family));
		gt_json_cstr(b, "unix");
		gt_json_key(b, GT_KEY(connect, path));
		if (n > 0 && p[0] == '\0') {
			/* abstract socket: shown with a leading @, as ss(8) does */
			char tmp[GT_SOCKPATH_MAX + 1];
			tmp[0] = '@';
			if (n > GT_SOCKPATH_MAX)
				n = GT_SOCKPATH_MAX;
			memcpy(tmp + 1, p + 1, n - 1);
			gt_json_str(b, tmp, n);
		} else {
			gt_json_str(b, p, strnlen(p, n));
		}
	} else if (fam == AF_UNSPEC) {
		gt_json_key(b, GT_KEY(connect, family));
		gt_json_cstr(b, "unspec");
	} else {
		gt_json_key(b, GT_KEY(connect, family));
		gt_buf_u64(b, fam);
	}
}

void gt_path_join(struct gt_buf *out, const char *base, const char *rel)
{
	const char *parts[2] = {rel[0] == '/' ? "" : base, rel};
	size_t start = out->len;
	int i;

	gt_buf_putc(out, '/');
	for (i = 0; i < 2; i++) {
		const char *p = parts[i];
		while (*p) {
			const char *e;
			size_t n;
			while (*p == '/')
				p++;
			if (!*p)
				break;
			e = strchr(p, '/');
			n = e ? (size_t)(e - p) : strlen(p);
			if (n == 1 && p[0] == '.') {
				/* nothing */
			} else if (n == 2 && p[0] == '.' && p[1] == '.') {
				/* drop the last component, never above the root */
				while (out->len > start + 1 && out->p[out->len - 1] != '/')
					out->len--;
				if (out->len > start + 1)
					out->len--;
			} else {
				if (out->len > start + 1)
					gt_buf_putc(out, '/');
				gt_buf_add(out, p, n);
			}
			p += n;
		}
	}
}

void gt_decode_elf_ident(struct gt_buf *b, const unsigned char *h, size_t n)
{
	static const struct {
		unsigned num;
		const char *name;
	} machines[] = {
		{3, "i386"},   {8, "mips"},     {20, "ppc"},     {21, "ppc64"}, {22, "s390"},
		{40, "arm"},   {62, "x86_64"},  {183, "aarch64"}, {243, "riscv"}, {258, "loongarch"},
	};
	unsigned mach, i;

	if (n < 20 || memcmp(h, "\177ELF", 4) || (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2)) {
		gt_json_key(b, GT_KEY(exec, elf));
		gt_buf_puts(b, "false");
		return;
	}
	/* e_machine, in the file's own byte order */
	mach = h[5] == 1 ? (unsigned)h[18] | (unsigned)h[19] << 8 : (unsigned)h[19] | (unsigned)h[18] << 8;
	gt_json_key(b, GT_KEY(exec, elf));
	gt_buf_putc(b, '{');
	gt_json_key1(b, GT_KEY(elf, class));
	gt_buf_u64(b, h[4] == 1 ? 32 : 64);
	gt_json_key(b, GT_KEY(elf, machine));
	for (i = 0; i < GT_ARRAY_SIZE(machines); i++)
		if (machines[i].num == mach)
			break;
	if (i < GT_ARRAY_SIZE(machines))
		gt_json_cstr(b, machines[i].name);
	else
		gt_buf_u64(b, mach);
	gt_buf_putc(b, '}');
}

const char *gt_errname(int err, char tmp[16])
{
	const char *n = strerrorname_np(err);

	if (n)
		return n;
	snprintf(tmp, 16, "E%d", err);
	return tmp;
}

const char *gt_signame(int sig, char tmp[16])
{
	const char *n = sigabbrev_np(sig);

	if (n) {
		snprintf(tmp, 16, "SIG%s", n);
		return tmp;
	}
	snprintf(tmp, 16, "SIG%d", sig);
	return tmp;
}

void gt_decode_wait_status(struct gt_buf *b, int status)
{
	char tmp[16];

	if (WIFEXITED(status)) {
		gt_json_key(b, GT_KEY(exit, code));
		gt_buf_i64(b, WEXITSTATUS(status));
	} else {
		gt_json_key(b, GT_KEY(exit, signal));
		gt_json_cstr(b, gt_signame(WTERMSIG(status), tmp));
		if (WCOREDUMP(status))
			gt_json_true(b, GT_KEY(exit, core));
	}
}
