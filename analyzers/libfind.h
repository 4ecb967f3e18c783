/*
 * Where a library is on this machine, looked up when the report is made
 * (not from the trace): the directories the trace itself names, ld.so's
 * cache as `ldconfig -p` prints it, and the usual prefixes; which Debian
 * package owns a file (`dpkg -S`); a file's ELF class.
 */
#ifndef GT_LIBFIND_H
#define GT_LIBFIND_H

#include <stddef.h>

struct gt_libfile {
	char path[4096];
	const char *how; /* "a directory this trace names", "ld.so.cache", "usual prefix" */
	int cls;         /* ELF class: 1 (32-bit), 2 (64-bit), 0 (not ELF / unreadable) */
};

/*
 * Files named STEM.so, STEM.so.* or STEM.a (STEM is "libfoo"), found in
 * the directories DIRS (NDIRS, from the trace) first, then in ld.so.cache,
 * then under the usual prefixes. At most MAX, each real file once.
 */
size_t gt_lib_find(const char *stem, const char *const *dirs, size_t ndirs,
		   struct gt_libfile *out, size_t max);
/* The package that owns PATH according to dpkg -S, into PKG; 0 when found. */
int gt_lib_owner(const char *path, char *pkg, size_t size);
/*
 * The development package built from the same Debian source as run-time
 * package PKG ("libzstd1:amd64" -> "libzstd-dev"), asked of dpkg-query and
 * apt-cache now: into OUT, its source into SRC; 0, or -1 when they cannot tell.
 */
int gt_lib_dev_package(const char *pkg, char *out, size_t size, char *src, size_t srcsize);
/*
 * The package that holds a file ending in /NAME under usr/include or
 * usr/lib, by apt's Contents index in LISTS (/var/lib/apt/lists, present
 * when apt-file is set up), read now: into PKG, the file into FILE; 0, or -1.
 */
int gt_contents_package(const char *name, const char *lists, char *pkg, size_t size, char *file, size_t fsize);
/* EI_CLASS of the ELF file at PATH: 1, 2, or 0 when not ELF or unreadable. */
int gt_elf_class(const char *path);
/* Where gt_lib_find looks besides DIRS, for a finding's text. */
extern const char gt_lib_find_where[];

#endif
