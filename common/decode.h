/*
 * Turning raw syscall arguments into trace fields: open flags, socket
 * addresses, paths resolved against a directory, errno and signal names.
 * Pure functions, unit-tested in tests/unit/test_decode.c.
 */
#ifndef GT_DECODE_H
#define GT_DECODE_H

#include <stdint.h>

#include "buf.h"

/* Append open(2) FLAGS as a JSON array of names ("O_RDONLY", ...). */
void gt_decode_oflags(struct gt_buf *b, uint64_t flags);
/*
 * An inet or inet6 socket address (LEN bytes at SA) as text into ADDR
 * (INET6_ADDRSTRLEN) and its port: the family (AF_INET, AF_INET6), or 0
 * for any other family or a short address.
 */
int gt_inet_addr(const unsigned char *sa, unsigned len, char *addr, int *port);

/*
 * Append the fields of socket address SA (LEN bytes) as `,"family":...`
 * followed by `,"addr":...,"port":N` or `,"path":...`.
 */
void gt_decode_sockaddr(struct gt_buf *b, const unsigned char *sa, unsigned len);
/* Append BASE/REL cleaned lexically (".", "..", "//" removed), as filepath.Clean. */
void gt_path_join(struct gt_buf *out, const char *base, const char *rel);
/* Append the fields of a wait status: `,"code":N` or `,"signal":"SIGX"` (and `,"core":true`). */
void gt_decode_wait_status(struct gt_buf *b, int status);
/*
 * Append `,"elf":{"class":32|64,"machine":"i386"}` for the first N bytes of
 * a file that start an ELF header (machine: a name, or the e_machine number
 * when unnamed), `,"elf":false` when they do not. Needs N >= 20.
 */
void gt_decode_elf_ident(struct gt_buf *b, const unsigned char *h, size_t n);
/* "ENOENT" for ENOENT; "E123" for an unknown number. */
const char *gt_errname(int err, char tmp[16]);
/* "SIGKILL" for SIGKILL; "SIG123" for an unknown number. */
const char *gt_signame(int sig, char tmp[16]);

#endif
