/* The prototype's record (bench/proto/follow.bpf.c and noptrace.c). */
#ifndef PF_FOLLOW_H
#define PF_FOLLOW_H

#include <linux/types.h>

enum { PF_FORK = 1, PF_EXEC, PF_EXIT, PF_ARG, PF_CALL };

struct pf_rec {
	__u32 kind, tid, tgid, aux; /* aux: the parent (fork), the index (arg), the call (call) */
	__u64 ts;
	__s64 ret;                   /* the call's result, the exit code */
	char s[232];                 /* a path, an argument */
};

#endif
