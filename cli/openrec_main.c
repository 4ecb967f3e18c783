/*
 * gotrace-openrec: the helper that loads the in-kernel open recorder for a
 * gotrace without CAP_BPF and CAP_PERFMON (wrap/openrec_helper.c). It is
 * installed with those two as file capabilities and is run by gotrace
 * only, with a socket at descriptor 3; by hand it says so and exits 2.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../wrap/openrec.h"

int main(int argc, char **argv)
{
	int type = 0;
	socklen_t len = sizeof(type);

	if (argc != 2 || strcmp(argv[1], "--serve") ||
	    getsockopt(GT_OPENREC_HELPER_FD, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_SEQPACKET) {
		fprintf(stderr, "gotrace-openrec: run by gotrace, not by hand (it loads gotrace's open recorder)\n");
		return 2;
	}
	/* nothing of its starter's but the socket: a descriptor kept open elsewhere would keep a socket from ending */
	syscall(SYS_close_range, GT_OPENREC_HELPER_FD + 1, ~0u, 0);
	return gt_openrec_serve(GT_OPENREC_HELPER_FD);
}
