/*
 * One decoder per ABI for the arguments of the syscalls the filter traps.
 * See sysargs.h; the ABI facts used here:
 *  - an i386 process's arguments arrive as 32-bit values (the kernel
 *    zero-extends them): an int such as AT_FDCWD is its low 32 bits;
 *  - i386 socket calls may come as socketcall(call, args), whose real
 *    arguments are an array of 32-bit values in the caller's memory; the
 *    filter can only test CALL, so getsockopt's level and option name are
 *    checked here;
 *  - x32 calls carry GT_X32_BIT in the number and AUDIT_ARCH_X86_64 as
 *    arch; their argv and iovec arrays are the 32-bit (compat) layout.
 */
#include "sysargs.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/net.h>
#include <string.h>
#include <sys/socket.h>

#include "filter.h"

static int socketcall_unpack(const uint64_t args[6], gt_peek_fn peek, void *ctx, uint64_t out[6])
{
	uint32_t v[5];
	unsigned n, i;

	switch (args[0]) {
	case SYS_CONNECT:
		n = 3;
		break;
	case SYS_GETSOCKOPT:
		n = 5;
		break;
	default:
		return -1; /* not a call the filter sends here */
	}
	if (!peek || peek(ctx, args[1] & 0xffffffffu, v, n * 4) != (ssize_t)(n * 4))
		return -1;
	for (i = 0; i < n; i++)
		out[i] = v[i];
	return 0;
}

/* The system call numbers of the signal calls, per ABI (x32 shares x86_64's). */
static const struct {
	uint64_t x64, i386;
	int sigarg;
} sigcalls[] = {{62, 37, 1}, {200, 238, 1}, {234, 270, 2}, {424, 424, 1}};

static int decode_signal(struct gt_call *c, uint32_t arch, uint64_t nr, const uint64_t a[6])
{
	size_t i;

	nr &= ~GT_X32_BIT;
	for (i = 0; i < sizeof(sigcalls) / sizeof(sigcalls[0]); i++)
		if (nr == (arch == AUDIT_ARCH_I386 ? sigcalls[i].i386 : sigcalls[i].x64)) {
			c->sigcall = (int)i;
			c->request = (long)(int)a[sigcalls[i].sigarg];
			if (i == 3)
				c->fd = (int)a[0];
			else
				c->target = (long)(int)a[0]; /* tgkill: the thread group */
			return 0;
		}
	return -1;
}

int gt_call_decode(struct gt_call *c, uint32_t arch, uint64_t nr, const uint64_t args[6],
		   int kind, gt_peek_fn peek, void *ctx)
{
	uint64_t a[6];
	int i386 = arch == AUDIT_ARCH_I386, i;

	memset(c, 0, sizeof(*c));
	c->dirfd = AT_FDCWD;
	c->fd = -1;
	if (arch != AUDIT_ARCH_X86_64 && !i386)
		return -1;
	c->compat = i386 || (nr & GT_X32_BIT);
	for (i = 0; i < 6; i++)
		a[i] = i386 ? args[i] & 0xffffffffu : args[i];
	if (i386 && nr == GT_I386_SOCKETCALL) {
		if ((kind != GT_K_CONNECT && kind != GT_K_SOERROR) ||
		    (kind == GT_K_CONNECT) != (args[0] == SYS_CONNECT) ||
		    socketcall_unpack(a, peek, ctx, a) < 0)
			return -1;
	}
	switch (kind) {
	case GT_K_OPEN:
		c->path = a[0];
		c->flags = a[1];
		break;
	case GT_K_OPENAT:
	case GT_K_OPENAT2:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->flags = a[2];
		break;
	case GT_K_EXECVE:
		c->path = a[0];
		c->argv = a[1];
		c->envp = a[2];
		break;
	case GT_K_EXECVEAT:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->argv = a[2];
		c->envp = a[3];
		c->exec_flags = (int)a[4];
		break;
	case GT_K_CONNECT:
		c->fd = (int)a[0];
		c->buf = a[1];
		c->len = (uint32_t)a[2]; /* socklen_t */
		break;
	case GT_K_SOERROR:
		c->fd = (int)a[0];
		c->level = (int)a[1];
		c->optname = (int)a[2];
		c->buf = a[3];
		/* the filter checked these for direct calls, not through socketcall */
		if (c->level != SOL_SOCKET || c->optname != SO_ERROR)
			return -1;
		break;
	case GT_K_WRITE2:
	case GT_K_WRITEV2:
		c->fd = (int)a[0];
		c->buf = a[1];
		c->len = a[2];
		break;
	case GT_K_PTRACE:
		c->request = (long)a[0];
		c->target = (long)(int)a[1];
		break;
	case GT_K_SIGNAL:
		if (decode_signal(c, arch, nr, a) < 0)
			return -1;
		break;
	case GT_K_CHDIR:
	case GT_K_CREDS:
	case GT_K_LISTENER:
		break;
	default:
		return -1;
	}
	c->kind = kind;
	return 0;
}

uint64_t gt_call_ptr_at(const struct gt_call *c, const void *raw, size_t i)
{
	const unsigned char *p = raw;

	if (c->compat) {
		uint32_t v;
		memcpy(&v, p + i * 4, 4);
		return v;
	} else {
		uint64_t v;
		memcpy(&v, p + i * 8, 8);
		return v;
	}
}

void gt_call_iov_at(const struct gt_call *c, const void *raw, size_t i, uint64_t *base,
		    uint64_t *len)
{
	/* { void *iov_base; size_t iov_len; }: two pointer-sized words */
	*base = gt_call_ptr_at(c, raw, 2 * i);
	*len = gt_call_ptr_at(c, raw, 2 * i + 1);
}
