/*
 * The 32-bit and x32 paths of the tracer, on any kernel: register sets of
 * trapped calls as PTRACE_GET_SYSCALL_INFO reports them (arch, number, six
 * arguments) and the tracee memory they point to, fed to gt_call_decode;
 * and the exported seccomp filter run on the same calls by a small classic
 * BPF evaluator, so what the kernel would trap is checked too.
 *
 * The i386 and x32 sets follow the kernel's ABI (arch/x86/entry/syscalls):
 * addresses are the kind a 32-bit process has (below 4 GiB, stack near
 * 0xffxxxxxx), arguments zero-extended 32-bit values.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/net.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../common/decode.h"
#include "../../wrap/filter.h"
#include "../../wrap/sysargs.h"

/* A tracee's memory: a few regions at fixed addresses. */
struct region {
	uint64_t addr;
	const void *bytes;
	size_t len;
};
struct mem {
	struct region r[4];
	int n;
};

static ssize_t fake_peek(void *ctx, uint64_t addr, void *dst, size_t n)
{
	const struct mem *m = ctx;
	int i;

	for (i = 0; i < m->n; i++)
		if (addr >= m->r[i].addr && addr - m->r[i].addr + n <= m->r[i].len) {
			memcpy(dst, (const char *)m->r[i].bytes + (addr - m->r[i].addr), n);
			return (ssize_t)n;
		}
	return -1; /* EFAULT, as process_vm_readv */
}

#define NR_I386_OPENAT 295
#define NR_I386_EXECVE 11
#define NR_I386_CONNECT 362
#define NR_I386_WRITEV 146
#define NR_X32_WRITEV (GT_X32_BIT | 516)
#define NR_X32_EXECVE (GT_X32_BIT | 520)
#define NR_X32_OPENAT (GT_X32_BIT | 257)

Test(sysargs, i386_openat_at_fdcwd)
{
	/* openat(AT_FDCWD, "/gotrace-nonexistent-32", O_RDONLY|O_LARGEFILE) */
	const uint64_t a[6] = {0xffffff9c, 0x5655700c, 0x8000, 0, 0, 0};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, NR_I386_OPENAT, a, GT_K_OPENAT, NULL, NULL), 0);
	cr_expect_eq(c.kind, GT_K_OPENAT);
	cr_expect_eq(c.dirfd, AT_FDCWD);
	cr_expect_eq(c.path, 0x5655700c);
	cr_expect_eq(c.flags, 0x8000);
	cr_expect_eq(c.compat, 1);
}

Test(sysargs, i386_high_bits_ignored)
{
	/* only the low 32 bits of an i386 argument exist */
	const uint64_t a[6] = {0xdead0000ffffff9cULL, 0x1234567856557010ULL, 0xffffffff00000000ULL};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, NR_I386_OPENAT, a, GT_K_OPENAT, NULL, NULL), 0);
	cr_expect_eq(c.dirfd, AT_FDCWD);
	cr_expect_eq(c.path, 0x56557010);
	cr_expect_eq(c.flags, 0);
}

Test(sysargs, i386_execve_argv_is_32bit_pointers)
{
	/* execve("/bin/true", ["true", "-x"], []) from a 32-bit process */
	const uint32_t argv[3] = {0xffd5a0f0, 0xffd5a0f5, 0};
	const uint64_t a[6] = {0x56556008, 0xffd5a0d0, 0xffd5a0e0, 0, 0, 0};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, NR_I386_EXECVE, a, GT_K_EXECVE, NULL, NULL), 0);
	cr_expect_eq(c.path, 0x56556008);
	cr_expect_eq(c.argv, 0xffd5a0d0);
	cr_expect_eq(c.envp, 0xffd5a0e0);
	cr_expect_eq(gt_call_ptrsize(&c), 4);
	cr_expect_eq(gt_call_ptr_at(&c, argv, 0), 0xffd5a0f0);
	cr_expect_eq(gt_call_ptr_at(&c, argv, 1), 0xffd5a0f5);
	cr_expect_eq(gt_call_ptr_at(&c, argv, 2), 0);
}

Test(sysargs, x86_64_execve_argv_is_64bit_pointers)
{
	const uint64_t argv[2] = {0x7ffd3b2c1e40, 0};
	const uint64_t a[6] = {0x55d0c2a1b2c0, 0x7ffd3b2c1d08, 0x7ffd3b2c1d18, 0, 0, 0};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, 59, a, GT_K_EXECVE, NULL, NULL), 0);
	cr_expect_eq(c.compat, 0);
	cr_expect_eq(gt_call_ptrsize(&c), 8);
	cr_expect_eq(gt_call_ptr_at(&c, argv, 0), 0x7ffd3b2c1e40);
	cr_expect_eq(c.argv, 0x7ffd3b2c1d08);
}

Test(sysargs, x32_execve_and_writev_use_compat_layout)
{
	/* x32: arch says x86_64; the X32 bit in the number says 32-bit pointers */
	const uint32_t iov[4] = {0x00401100, 5, 0x00401200, 1};
	const uint64_t ex[6] = {0x00402000, 0xffffc010, 0xffffc020, 0, 0, 0};
	const uint64_t wv[6] = {2, 0xffffc100, 2, 0, 0, 0};
	uint64_t base, len;
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, NR_X32_EXECVE, ex, GT_K_EXECVE, NULL, NULL), 0);
	cr_expect_eq(c.compat, 1);
	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, NR_X32_WRITEV, wv, GT_K_WRITEV2, NULL, NULL), 0);
	cr_expect_eq(c.compat, 1);
	cr_expect_eq(c.fd, 2);
	cr_expect_eq(c.buf, 0xffffc100);
	cr_expect_eq(c.len, 2);
	cr_expect_eq(gt_call_iovsize(&c), 8);
	gt_call_iov_at(&c, iov, 1, &base, &len);
	cr_expect_eq(base, 0x00401200);
	cr_expect_eq(len, 1);
	/* an x32 openat is the native one: its dirfd is an int like any other */
	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, NR_X32_OPENAT,
				    (const uint64_t[6]){0xffffffffffffff9cULL, 0x00402100, 0}, GT_K_OPENAT,
				    NULL, NULL), 0);
	cr_expect_eq(c.dirfd, AT_FDCWD);
}

Test(sysargs, i386_writev_iovec)
{
	const uint32_t iov[4] = {0x5655a000, 12, 0x5655b000, 3};
	const uint64_t a[6] = {2, 0xffd5b000, 2, 0, 0, 0};
	uint64_t base, len;
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, NR_I386_WRITEV, a, GT_K_WRITEV2, NULL, NULL), 0);
	gt_call_iov_at(&c, iov, 0, &base, &len);
	cr_expect_eq(base, 0x5655a000);
	cr_expect_eq(len, 12);
	gt_call_iov_at(&c, iov, 1, &base, &len);
	cr_expect_eq(base, 0x5655b000);
	cr_expect_eq(len, 3);
}

Test(sysargs, x86_64_writev_iovec)
{
	const uint64_t iov[4] = {0x7f0000001000, 7, 0x7f0000002000, 9};
	const uint64_t a[6] = {2, 0x7ffd00000000, 2, 0, 0, 0};
	uint64_t base, len;
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, 20, a, GT_K_WRITEV2, NULL, NULL), 0);
	cr_expect_eq(gt_call_iovsize(&c), 16);
	gt_call_iov_at(&c, iov, 1, &base, &len);
	cr_expect_eq(base, 0x7f0000002000);
	cr_expect_eq(len, 9);
}

/* A sockaddr_in for 127.0.0.1:PORT, as a 32-bit process lays it out (the same bytes). */
static void sin_loopback(struct sockaddr_in *in, int port)
{
	memset(in, 0, sizeof(*in));
	in->sin_family = AF_INET;
	in->sin_port = htons(port);
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

Test(sysargs, i386_socketcall_connect)
{
	/* socketcall(SYS_CONNECT, {3, &sin, 16}) */
	struct sockaddr_in sin;
	const uint32_t args[3] = {3, 0xffd6e0dc, 16};
	const uint64_t a[6] = {SYS_CONNECT, 0xffd6e0c0, 0, 0, 0, 0};
	struct mem m = {{{0xffd6e0c0, args, sizeof(args)}, {0xffd6e0dc, &sin, sizeof(sin)}}, 2};
	unsigned char sa[16];
	struct gt_buf b;
	struct gt_call c;

	sin_loopback(&sin, 8080);
	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, a, GT_K_CONNECT,
				    fake_peek, &m), 0);
	cr_expect_eq(c.kind, GT_K_CONNECT);
	cr_expect_eq(c.fd, 3);
	cr_expect_eq(c.buf, 0xffd6e0dc);
	cr_expect_eq(c.len, 16);
	/* and the address it points to decodes as the direct call's would */
	cr_assert_eq(fake_peek(&m, c.buf, sa, c.len), 16);
	gt_buf_init(&b);
	gt_decode_sockaddr(&b, sa, (unsigned)c.len);
	cr_expect_str_eq(gt_buf_cstr(&b), ",\"family\":\"inet\",\"addr\":\"127.0.0.1\",\"port\":8080");
	gt_buf_free(&b);
}

Test(sysargs, i386_direct_connect)
{
	const uint64_t a[6] = {3, 0xffd6e0dc, 16, 0, 0, 0};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, NR_I386_CONNECT, a, GT_K_CONNECT, NULL, NULL), 0);
	cr_expect_eq(c.fd, 3);
	cr_expect_eq(c.buf, 0xffd6e0dc);
	cr_expect_eq(c.len, 16);
}

Test(sysargs, i386_socketcall_getsockopt)
{
	/* getsockopt(5, SOL_SOCKET, SO_ERROR, &err, &len) through socketcall */
	const uint32_t so[5] = {5, SOL_SOCKET, SO_ERROR, 0xffd6e100, 0xffd6e0fc};
	const uint32_t tcp[5] = {5, IPPROTO_TCP, TCP_INFO, 0xffd6e100, 0xffd6e0fc};
	const uint64_t a[6] = {SYS_GETSOCKOPT, 0xffd6e0c0, 0, 0, 0, 0};
	struct mem m = {{{0xffd6e0c0, so, sizeof(so)}}, 1};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, a, GT_K_SOERROR,
				    fake_peek, &m), 0);
	cr_expect_eq(c.fd, 5);
	cr_expect_eq(c.buf, 0xffd6e100);
	/* the filter traps every socketcall getsockopt: another option is not ours */
	m.r[0].bytes = tcp;
	cr_expect_eq(gt_call_decode(&c, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, a, GT_K_SOERROR,
				    fake_peek, &m), -1);
	cr_expect_eq(c.kind, GT_K_NONE);
}

Test(sysargs, i386_socketcall_refused)
{
	const uint64_t conn[6] = {SYS_CONNECT, 0xffd6e0c0, 0, 0, 0, 0};
	const uint64_t send[6] = {SYS_SEND, 0xffd6e0c0, 0, 0, 0, 0};
	struct mem none = {{{0}}, 0};
	struct gt_call c;

	/* the argument array cannot be read: nothing is made up */
	cr_expect_eq(gt_call_decode(&c, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, conn, GT_K_CONNECT,
				    fake_peek, &none), -1);
	cr_expect_eq(c.kind, GT_K_NONE);
	/* a call that does not match the filter's code */
	cr_expect_eq(gt_call_decode(&c, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, send, GT_K_CONNECT,
				    fake_peek, &none), -1);
	cr_expect_eq(gt_call_decode(&c, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, conn, GT_K_SOERROR,
				    fake_peek, &none), -1);
	/* an architecture the filter never lets through */
	cr_expect_eq(gt_call_decode(&c, AUDIT_ARCH_AARCH64, 56, conn, GT_K_OPENAT, NULL, NULL), -1);
}

/*
 * A classic BPF evaluator for the instructions libseccomp emits, enough to
 * ask the exported filter what it does with one call.
 */
static uint32_t run_filter(const struct sock_fprog *p, uint32_t arch, uint32_t nr, const uint64_t a[6])
{
	struct seccomp_data d;
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = {0};
	unsigned pc = 0;

	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = (int)nr;
	memcpy(d.args, a, sizeof(d.args));
	while (pc < p->len) {
		const struct sock_filter *f = &p->filter[pc++];
		uint32_t k = f->k, v;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			cr_assert(k + 4 <= sizeof(d));
			memcpy(&A, (const char *)&d + k, 4);
			break;
		case BPF_LD | BPF_IMM: A = k; break;
		case BPF_LDX | BPF_IMM: X = k; break;
		case BPF_LD | BPF_MEM: A = M[k]; break;
		case BPF_LDX | BPF_MEM: X = M[k]; break;
		case BPF_ST: M[k] = A; break;
		case BPF_STX: M[k] = X; break;
		case BPF_ALU | BPF_AND | BPF_K: A &= k; break;
		case BPF_ALU | BPF_OR | BPF_K: A |= k; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_MISC | BPF_TXA: A = X; break;
		case BPF_JMP | BPF_JA: pc += k; break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_X: {
			int t;
			v = BPF_SRC(f->code) == BPF_X ? X : k;
			switch (BPF_OP(f->code)) {
			case BPF_JEQ: t = A == v; break;
			case BPF_JGT: t = A > v; break;
			case BPF_JGE: t = A >= v; break;
			default: t = (A & v) != 0; break;
			}
			pc += t ? f->jt : f->jf;
			break;
		}
		case BPF_RET | BPF_K: return k;
		case BPF_RET | BPF_A: return A;
		default:
			cr_assert_fail("BPF instruction 0x%x not known to this evaluator", f->code);
		}
	}
	cr_assert_fail("filter ran off its end");
	return 0;
}

#define TRACE(kind) (SECCOMP_RET_TRACE | (kind))

Test(sysargs, filter_traps_each_abi)
{
	struct sock_fprog p;
	const uint64_t none[6] = {0};
	const uint64_t fd2[6] = {2};
	const uint64_t fd1[6] = {1};
	const uint64_t soerr[6] = {3, SOL_SOCKET, SO_ERROR};
	const uint64_t rcvbuf[6] = {3, SOL_SOCKET, SO_RCVBUF};
	const uint64_t sc_conn[6] = {SYS_CONNECT, 0xffd6e0c0};
	const uint64_t sc_gso[6] = {SYS_GETSOCKOPT, 0xffd6e0c0};
	const uint64_t sc_send[6] = {SYS_SEND, 0xffd6e0c0};

	cr_assert_eq(gt_filter_build(&p, 0, 0, GT_READS_TRAP), 0);
	/* x86_64 */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, none), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 59, none), TRACE(GT_K_EXECVE));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 1, fd2), TRACE(GT_K_WRITE2));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 1, fd1), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 55, soerr), TRACE(GT_K_SOERROR));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 55, rcvbuf), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 0, none), SECCOMP_RET_ALLOW);
	/* i386: own numbers, direct socket calls and socketcall */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, NR_I386_OPENAT, none), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, 5, none), TRACE(GT_K_OPEN));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, NR_I386_EXECVE, none), TRACE(GT_K_EXECVE));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, NR_I386_CONNECT, none), TRACE(GT_K_CONNECT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, NR_I386_WRITEV, fd2), TRACE(GT_K_WRITEV2));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, 4, fd2), TRACE(GT_K_WRITE2));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, 365, soerr), TRACE(GT_K_SOERROR));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, sc_conn), TRACE(GT_K_CONNECT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, sc_gso), TRACE(GT_K_SOERROR));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, GT_I386_SOCKETCALL, sc_send), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, 3, none), SECCOMP_RET_ALLOW); /* read */
	/* x32 */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, NR_X32_OPENAT, none), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, NR_X32_EXECVE, none), TRACE(GT_K_EXECVE));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, NR_X32_WRITEV, fd2), TRACE(GT_K_WRITEV2));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, GT_X32_BIT | 42, none), TRACE(GT_K_CONNECT));
	free(p.filter);
}

/*
 * Signals that end or interrupt a process stop; the Go runtime's
 * preemption (tgkill SIGURG) and signal 0 (is it alive?) do not.
 */
Test(filter, signals)
{
	struct sock_fprog p;
	const uint64_t kill_int[6] = {4242, 2}, kill_zero[6] = {4242, 0}, kill_usr1[6] = {4242, 10};
	const uint64_t tgkill_urg[6] = {4242, 4243, 23}, tgkill_quit[6] = {4242, 4243, 3};
	const uint64_t pidfd_kill[6] = {7, 9, 0, 0}, tkill_term[6] = {4243, 15};

	cr_assert_eq(gt_filter_build(&p, 0, 0, GT_READS_TRAP), 0);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 62, kill_int), TRACE(GT_K_SIGNAL));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 62, kill_zero), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 62, kill_usr1), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 234, tgkill_urg), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 234, tgkill_quit), TRACE(GT_K_SIGNAL));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 424, pidfd_kill), TRACE(GT_K_SIGNAL));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 200, tkill_term), TRACE(GT_K_SIGNAL));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, 37, kill_int), TRACE(GT_K_SIGNAL));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, 270, tgkill_urg), SECCOMP_RET_ALLOW);
	free(p.filter);
}

Test(sysargs, signal_calls)
{
	const uint64_t kill_int[6] = {4242, 2}, tgkill_quit[6] = {4242, 4243, 3}, pidfd_kill[6] = {7, 9};
	const uint64_t group[6] = {(uint64_t)-77, 15};
	struct gt_call c;

	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, 62, kill_int, GT_K_SIGNAL, NULL, NULL), 0);
	cr_expect_eq(c.sigcall, 0);
	cr_expect_eq(c.request, 2);
	cr_expect_eq(c.target, 4242);
	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, 234, tgkill_quit, GT_K_SIGNAL, NULL, NULL), 0);
	cr_expect_eq(c.sigcall, 2);
	cr_expect_eq(c.request, 3);
	cr_expect_eq(c.target, 4242); /* the thread group, not the thread */
	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, 424, pidfd_kill, GT_K_SIGNAL, NULL, NULL), 0);
	cr_expect_eq(c.sigcall, 3);
	cr_expect_eq(c.request, 9);
	cr_expect_eq(c.fd, 7);
	cr_assert_eq(gt_call_decode(&c, AUDIT_ARCH_I386, 37, group, GT_K_SIGNAL, NULL, NULL), 0);
	cr_expect_eq(c.target, -77); /* kill(-pgid): a group */
	cr_expect_eq(gt_call_decode(&c, AUDIT_ARCH_X86_64, 0, kill_int, GT_K_SIGNAL, NULL, NULL), -1);
}

/* The shim's openat goes around the trap only with the run's mark and a mode the kernel ignores. */
Test(filter, open_mark)
{
	struct sock_fprog p;
	const unsigned mark = 0x9e3779b9u;
	const uint64_t marked[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_CLOEXEC, mark};
	const uint64_t plain[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, 0};
	const uint64_t other[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, mark ^ 1};
	const uint64_t high[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, mark | (1ull << 32)};
	const uint64_t creat[6] = {(uint64_t)AT_FDCWD, 0x1000, O_WRONLY | O_CREAT, mark};
	const uint64_t tmpf[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDWR | O_TMPFILE, mark};
	const uint64_t tmpbit[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDWR | 020000000, mark};
	const uint64_t open2[6] = {0x1000, O_RDONLY, mark};

	cr_assert_eq(gt_filter_build(&p, mark, 0, GT_READS_TRAP), 0);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, marked), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, plain), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, other), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, high), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, creat), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, tmpf), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, tmpbit), TRACE(GT_K_OPENAT));
	/* open(2) and openat2 have no such way around */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 2, open2), TRACE(GT_K_OPEN));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 437, marked), TRACE(GT_K_OPENAT2));
	/* the rest of the filter is unchanged */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 59, plain), TRACE(GT_K_EXECVE));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 0, plain), SECCOMP_RET_ALLOW);
	free(p.filter);
}

/*
 * With notifications: x86_64's reading openat is notified, except the
 * shim's (allowed) and the force mark's (trapped); writing, creating,
 * truncating and the other ABIs and calls are as without.
 */
Test(filter, notify_prefix)
{
	struct sock_fprog p;
	const unsigned mark = 0x9e3779b9u, force = 0x85ebca6bu;
	const uint64_t rd[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_CLOEXEC, 0};
	const uint64_t dir[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0755};
	const uint64_t path[6] = {(uint64_t)AT_FDCWD, 0x1000, O_PATH, 0};
	const uint64_t shim[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, mark};
	const uint64_t forced[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, force};
	const uint64_t forced_hi[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, force | (1ull << 32)};
	const uint64_t wr[6] = {(uint64_t)AT_FDCWD, 0x1000, O_WRONLY, 0};
	const uint64_t rdwr[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDWR, 0};
	const uint64_t acc3[6] = {(uint64_t)AT_FDCWD, 0x1000, 3, 0};
	const uint64_t trunc[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_TRUNC, 0};
	const uint64_t creat[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_CREAT, mark};
	const uint64_t tmpbit[6] = {(uint64_t)AT_FDCWD, 0x1000, 020000000, 0};
	const uint64_t listen[6] = {SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER | 1, 0x1000};
	const uint64_t nolisten[6] = {SECCOMP_SET_MODE_FILTER, 1, 0x1000};
	/* flags are an int: bits above 32 do not make a call writing */
	const uint64_t hiflags[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | (1ull << 33), 0};

	cr_assert_eq(gt_filter_build(&p, mark, force, GT_READS_NOTIFY), 0);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, rd), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, dir), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, path), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, hiflags), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, shim), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, forced), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, forced_hi), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, wr), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, rdwr), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, acc3), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, trunc), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, creat), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, tmpbit), TRACE(GT_K_OPENAT));
	/* open(2), openat2, i386 and x32 openat: ptrace as before */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 2, rd), TRACE(GT_K_OPEN));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 437, rd), TRACE(GT_K_OPENAT2));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, NR_I386_OPENAT, rd), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, NR_X32_OPENAT, rd), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 59, rd), TRACE(GT_K_EXECVE));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 0, rd), SECCOMP_RET_ALLOW);
	/* a program's own listener request is seen (refused while gotrace has one); other seccomp calls not */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 317, listen), TRACE(GT_K_LISTENER));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 317, nolisten), SECCOMP_RET_ALLOW);
	free(p.filter);
	/* without the shim's mark, mode 0 is not mistaken for it */
	cr_assert_eq(gt_filter_build(&p, 0, force, GT_READS_NOTIFY), 0);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, rd), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, forced), TRACE(GT_K_OPENAT));
	free(p.filter);
}

/*
 * With the in-kernel recorder: x86_64's openat from the cwd is allowed
 * whatever its flags (the recorder records it, or the shim); one at
 * another dirfd is as without the recorder (trapped, or the shim's).
 */
Test(filter, record_prefix)
{
	struct sock_fprog p;
	const unsigned mark = 0x9e3779b9u;
	const uint64_t rd[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_CLOEXEC, 0};
	const uint64_t rd32[6] = {(uint32_t)AT_FDCWD, 0x1000, O_RDONLY, 0};
	const uint64_t atfd[6] = {3, 0x1000, O_RDONLY | O_CLOEXEC, 0};
	const uint64_t atfd_hi[6] = {0xffffffff00000003ull, 0x1000, O_RDONLY, 0};
	const uint64_t shim[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDONLY, mark};
	const uint64_t shim_at[6] = {5, 0x1000, O_RDONLY, mark};
	const uint64_t wr[6] = {(uint64_t)AT_FDCWD, 0x1000, O_WRONLY | O_TRUNC, 0};
	const uint64_t creat[6] = {(uint64_t)AT_FDCWD, 0x1000, O_RDWR | O_CREAT, 0644};
	const uint64_t creat_at[6] = {7, 0x1000, O_RDWR | O_CREAT, 0644};
	const uint64_t tmpbit[6] = {(uint64_t)AT_FDCWD, 0x1000, 020000000, 0};

	cr_assert_eq(gt_filter_build(&p, mark, 0, GT_READS_RECORD), 0);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, rd), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, rd32), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, shim), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, wr), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, creat), SECCOMP_RET_ALLOW);
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, tmpbit), SECCOMP_RET_ALLOW);
	/* another dirfd (the int's low word): as without the recorder */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, atfd), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, atfd_hi), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, creat_at), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 257, shim_at), SECCOMP_RET_ALLOW);
	/* open(2), openat2, i386 and x32 openat, the other calls: as without */
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 2, rd), TRACE(GT_K_OPEN));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 437, rd), TRACE(GT_K_OPENAT2));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_I386, NR_I386_OPENAT, rd), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, NR_X32_OPENAT, rd), TRACE(GT_K_OPENAT));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 59, rd), TRACE(GT_K_EXECVE));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 80, rd), TRACE(GT_K_CHDIR));
	cr_expect_eq(run_filter(&p, AUDIT_ARCH_X86_64, 0, rd), SECCOMP_RET_ALLOW);
	free(p.filter);
}
