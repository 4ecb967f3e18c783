/*
 * See safemem.h. process_vm_readv on our own pid reads memory the way the
 * kernel reads a syscall's arguments: an unmapped or unreadable page ends
 * the copy with a short count instead of a signal. Each remote iovec is
 * kept within one page, so a short count is exact to the page. Where that
 * call is refused (a kernel without it, a container's seccomp policy), a
 * pipe does the same job: write(2) from a bad buffer fails with EFAULT.
 */
#include "safemem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096u
#define IOVS 8

static int use_pipe; /* process_vm_readv was refused once: the pipe from now on */

/* Up to N bytes within one page, through a pipe; bytes read, 0 on failure. */
static size_t via_pipe(void *dst, const void *src, size_t n)
{
	int p[2], e = errno;
	ssize_t w, r = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return 0;
	/* raw syscalls: the kernel, not a sanitizer's interceptor, decides what can be read */
	w = syscall(SYS_write, p[1], src, n);
	if (w > 0)
		r = syscall(SYS_read, p[0], dst, (size_t)w);
	close(p[0]);
	close(p[1]);
	errno = e;
	return r > 0 ? (size_t)r : 0;
}

size_t gt_mem_read(void *dst, const void *src, size_t n)
{
	struct iovec local, remote[IOVS];
	uintptr_t a = (uintptr_t)src;
	size_t done = 0;
	int e = errno;

	if (!src)
		return 0;
	while (done < n) {
		size_t want = 0, k = 0;
		ssize_t r;

		if (!__atomic_load_n(&use_pipe, __ATOMIC_RELAXED)) {
			while (done + want < n && k < IOVS) {
				size_t chunk = PAGE - (a + done + want) % PAGE;
				if (chunk > n - done - want)
					chunk = n - done - want;
				remote[k].iov_base = (void *)(a + done + want);
				remote[k].iov_len = chunk;
				want += chunk;
				k++;
			}
			local.iov_base = (char *)dst + done;
			local.iov_len = want;
			r = syscall(SYS_process_vm_readv, (long)getpid(), &local, 1L, remote, (long)k, 0L);
			if (r < 0 && (errno == ENOSYS || errno == EPERM))
				__atomic_store_n(&use_pipe, 1, __ATOMIC_RELAXED);
			else if (r <= 0)
				break;
			else {
				done += (size_t)r;
				if ((size_t)r < want)
					break;
				continue;
			}
		}
		want = PAGE - (a + done) % PAGE;
		if (want > n - done)
			want = n - done;
		r = (ssize_t)via_pipe((char *)dst + done, (const void *)(a + done), want);
		done += (size_t)r;
		if ((size_t)r < want)
			break;
	}
	errno = e;
	return done;
}

long gt_mem_str(const char *s, char *dst, size_t size, int *cut)
{
	size_t got = 0;

	*cut = 0;
	if (size == 0)
		return -1;
	dst[0] = '\0';
	if (!s)
		return -1;
	while (got < size - 1) {
		/* to the end of the page first: most strings are short */
		size_t want = PAGE - ((uintptr_t)s + got) % PAGE, n;
		char *nul;

		if (want > size - 1 - got)
			want = size - 1 - got;
		n = gt_mem_read(dst + got, s + got, want);
		nul = memchr(dst + got, '\0', n);
		if (nul)
			return nul - dst;
		got += n;
		if (n < want) {
			dst[got] = '\0';
			return -1;
		}
	}
	dst[got] = '\0';
	*cut = 1;
	return (long)got;
}

int gt_mem_strv(char *const *v, size_t max, size_t *n)
{
	char *ptrs[64], scratch[PAGE];
	size_t i = 0;

	*n = 0;
	if (!v)
		return 1;
	for (;;) {
		size_t got = gt_mem_read(ptrs, v + i, sizeof(ptrs)) / sizeof(ptrs[0]), k;
		if (got == 0)
			return 0;
		for (k = 0; k < got; k++, i++) {
			const char *s = ptrs[k];
			int cut = 1;
			if (!s) {
				*n = i;
				return 1;
			}
			if (i >= max)
				return 0;
			/* the whole string, a page at a time */
			while (cut) {
				long len = gt_mem_str(s, scratch, sizeof(scratch), &cut);
				if (len < 0)
					return 0;
				s += len;
			}
		}
	}
}
