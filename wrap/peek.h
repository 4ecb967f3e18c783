/*
 * Reading a stopped tracee's memory with process_vm_readv. Reads are split
 * at page boundaries so a string that ends just before an unmapped page is
 * still read whole.
 */
#ifndef GT_PEEK_H
#define GT_PEEK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Read N bytes at ADDR of TID into DST; returns bytes read or -1. */
ssize_t gt_peek(pid_t tid, uint64_t addr, void *dst, size_t n);
/*
 * Read a NUL-terminated string at ADDR into DST (MAX bytes including the
 * NUL). Returns its length, or -1; *TRUNC is set when no NUL came within MAX.
 */
ssize_t gt_peek_str(pid_t tid, uint64_t addr, char *dst, size_t max, int *trunc);

#endif
