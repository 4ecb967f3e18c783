/*
 * Tracee memory access. process_vm_readv stops at the first iovec it cannot
 * read, so each iovec covers at most one page.
 */
#include "peek.h"

#include <string.h>
#include <sys/uio.h>

#define PAGE 4096u

ssize_t gt_peek(pid_t tid, uint64_t addr, void *dst, size_t n)
{
	struct iovec local, remote[8];
	size_t off = 0, k = 0;
	ssize_t r;

	if (!addr)
		return -1;
	while (off < n && k < 8) {
		size_t chunk = PAGE - ((addr + off) % PAGE);
		if (chunk > n - off)
			chunk = n - off;
		remote[k].iov_base = (void *)(uintptr_t)(addr + off);
		remote[k].iov_len = chunk;
		off += chunk;
		k++;
	}
	local.iov_base = dst;
	local.iov_len = off;
	r = process_vm_readv(tid, &local, 1, remote, k, 0);
	return r;
}

ssize_t gt_peek_str(pid_t tid, uint64_t addr, char *dst, size_t max, int *trunc)
{
	size_t got = 0;
	/* most paths are short: a small first read avoids copying a page */
	size_t want = 256;

	*trunc = 0;
	if (!addr || max == 0)
		return -1;
	while (got < max - 1) {
		size_t chunk = PAGE - ((addr + got) % PAGE);
		struct iovec l, r;
		ssize_t n;
		char *nul;

		if (chunk > want)
			chunk = want;
		if (chunk > max - 1 - got)
			chunk = max - 1 - got;
		l.iov_base = dst + got;
		l.iov_len = chunk;
		r.iov_base = (void *)(uintptr_t)(addr + got);
		r.iov_len = chunk;
		n = process_vm_readv(tid, &l, 1, &r, 1, 0);
		if (n <= 0)
			break;
		nul = memchr(dst + got, '\0', n);
		if (nul)
			return nul - dst;
		got += n;
		want = PAGE;
	}
	if (got == 0)
		return -1;
	dst[got] = '\0';
	*trunc = 1;
	return got;
}
