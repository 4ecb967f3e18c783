/*
 * What a program's ELF file says about how it will be loaded: its class,
 * its interpreter (dynamically linked or not) and the run-time search
 * paths it carries (DT_RPATH, DT_RUNPATH), as written, $ORIGIN unexpanded;
 * and, for a Go program, the Go version that built it.
 * Little-endian ELF32 and ELF64; read through a pread-like callback so the
 * parser is tested on files the test builds (tests/unit/test_elfinfo.c).
 */
#ifndef GT_ELFINFO_H
#define GT_ELFINFO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Read N bytes at offset OFF into DST; bytes read, or -1. */
typedef ssize_t (*gt_read_at_fn)(void *ctx, void *dst, size_t n, uint64_t off);

struct gt_elfinfo {
	int cls;           /* 1 (ELF32) or 2 (ELF64) */
	int dynamic;       /* 1: has an interpreter (PT_INTERP); 0: static */
	char interp[256];
	int has_rpath, has_runpath;
	char rpath[1024];  /* DT_RPATH, colon-separated as written */
	char runpath[1024];
};

/* Fill OUT from the file read by RD; 0, or -1 when it is not an ELF file this can read. */
int gt_elf_info(gt_read_at_fn rd, void *ctx, struct gt_elfinfo *out);

/* gt_elf_info on an open file descriptor. */
int gt_elf_info_fd(int fd, struct gt_elfinfo *out);

/*
 * The Go version the program was built with ("go1.26.8", "devel go1.27-abc"), from its
 * .go.buildinfo section (Go 1.18+ layout); into OUT (SIZE). 0, or -1 when the file is no Go
 * program or its build information is of an older layout.
 */
int gt_elf_goversion(gt_read_at_fn rd, void *ctx, char *out, size_t size);
int gt_elf_goversion_fd(int fd, char *out, size_t size);

#endif
