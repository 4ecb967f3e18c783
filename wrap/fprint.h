/*
 * Fingerprints: the SHA-256 of every program run and of every library and
 * Go or credential configuration file the run used, written into the trace
 * as "fingerprint" events after the command has exited (the files are read
 * then, never copied). `gotrace diff` compares them across machines.
 */
#ifndef GT_FPRINT_H
#define GT_FPRINT_H

#include <stddef.h>
#include <sys/types.h>

struct gt_trace;

/* Whether the file at PATH (N bytes) is fingerprinted when opened (common/files.h). */
int gt_fp_wanted(const char *path, size_t n);
/* Remember absolute PATH (N bytes); each path once. */
void gt_fp_add(const char *path, size_t n);
/* The same for a file NETRC names: its entries are recorded too (names, logins, lines). */
void gt_fp_add_netrc(const char *path, size_t n);
/* The same for a file GOENV names: its Go settings are recorded too (common/goset.h). */
void gt_fp_add_goenv(const char *path, size_t n);
/*
 * Hash every remembered file and write one event each (attributed to
 * ROOT); a file is read once however many names it has (device, inode,
 * size and mtime). Returns the number of files read.
 */
unsigned gt_fp_emit(struct gt_trace *t, pid_t root);
void gt_fp_free(void);

#endif
