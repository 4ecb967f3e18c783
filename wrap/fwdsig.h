/*
 * Signals sent to gotrace go on to the command (wrap/fwdsig.c).
 */
#ifndef GT_FWDSIG_H
#define GT_FWDSIG_H

#include <sys/types.h>

/* Take SIGINT, SIGTERM, SIGHUP and SIGQUIT, except those ignored on entry; held until gt_fwd_to. */
void gt_fwd_install(void);
/* In the child after fork, signals blocked (async-signal-safe): their dispositions as on entry. */
void gt_fwd_child(void);
/* The command runs as PID: from now on signals go to it, those held first. */
void gt_fwd_to(pid_t pid);
/* The command is gone: signals are no longer forwarded. */
void gt_fwd_stop(void);

#endif
