/*
 * Reading the calling program's memory from inside it without ever
 * faulting. A hook sees pointers the kernel would refuse with EFAULT (an
 * argv without its NULL, a path running into a guard page); reading them
 * directly would kill the program where, without the shim, the call just
 * fails. Every byte a hook records that the real function has not already
 * read in user space comes through here.
 */
#ifndef GT_SAFEMEM_H
#define GT_SAFEMEM_H

#include <stddef.h>

/* Copy up to N bytes from SRC; returns how many could be read from the start. */
size_t gt_mem_read(void *dst, const void *src, size_t n);

/*
 * Copy the string at S into DST (SIZE bytes, always terminated). Returns
 * its length; -1 when the memory ends (or cannot be checked) before its NUL.
 * *CUT is set when SIZE - 1 bytes were copied without reaching the NUL.
 */
long gt_mem_str(const char *s, char *dst, size_t size, int *cut);

/*
 * Whether the NULL-terminated array V has at most MAX entries and it and
 * every string it points to can be read to the end; *N gets the count. A
 * NULL V is an empty array.
 */
int gt_mem_strv(char *const *v, size_t max, size_t *n);

#endif
