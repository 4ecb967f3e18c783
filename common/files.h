/*
 * The files whose opens matter to gotrace, by kind, in one table: what the
 * model keeps for the analyzers and what is fingerprinted after a run are
 * both read from here.
 */
#ifndef GT_FILES_H
#define GT_FILES_H

#include <stddef.h>

enum gt_fkind {
	GT_FK_NONE,
	GT_FK_GO,        /* go.mod, go.sum, go.work, go.work.sum, go.env, modules.txt, VERSION */
	GT_FK_GOENV,     /* the user go env file in its default place (.../go/env) */
	GT_FK_CRED,      /* .netrc, _netrc, .git-credentials */
	GT_FK_GITCONFIG, /* .gitconfig, gitconfig, .../git/config, .../.git/config, a module cache clone's config */
	GT_FK_NET,       /* hosts, resolv.conf, nsswitch.conf, known_hosts */
	GT_FK_LIB,       /* a shared library, lib*.so*, gotrace's own excepted */
};

/* The kind of the file at PATH (N bytes), from its name and, for generic names, its directory. */
enum gt_fkind gt_file_kind(const char *path, size_t n);

/*
 * Whether the program named NAME (a base name) needs ptrace to work: a
 * debugger (strace, ltrace, gdb, gdbserver, dlv, lldb, lldb-server, rr).
 * A process has one tracer, so under the syscall tracer it cannot.
 */
int gt_is_debugger(const char *name);

/*
 * Open a text file gotrace reads after a run (a go.mod, a netrc, a go env
 * file, named by a trace that may come from anywhere) for reading: only a
 * regular file of at most MAX bytes, so a name like /dev/zero or a FIFO
 * can neither hang nor exhaust the reader. NULL with errno set otherwise
 * (EINVAL: not a regular file; EFBIG: larger than MAX).
 */
#include <stdio.h>
FILE *gt_fopen_text(const char *path, long max);
/* The size cap the readers of configuration files use. */
#define GT_TEXT_MAX (16L << 20)

#endif
