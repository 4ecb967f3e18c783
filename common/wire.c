/*
 * The one way the shim and the audit library talk to the launcher
 * (wire.h). Both run inside the traced program: no heap, errno kept, no
 * signal raised (MSG_NOSIGNAL), and no descriptor kept between messages --
 * one kept open would shift the numbers of the program's own descriptors
 * (ld.so calls the audit library before the program even starts), could be
 * closed or replaced behind our back, and would be inherited by children.
 * The kernel names the sender (SCM_CREDENTIALS), after fork too.
 */
#include "wire.h"
#include "util.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int gt_wire_dest(const char *sock, struct sockaddr_un *dest, socklen_t *len)
{
	size_t n;

	if (!sock || sock[0] != '@' || (n = strlen(sock + 1)) == 0 || n >= sizeof(dest->sun_path) - 1)
		return -1;
	memset(dest, 0, sizeof(*dest));
	dest->sun_family = AF_UNIX;
	memcpy(dest->sun_path + 1, sock + 1, n);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	return 0;
}

void gt_wire_hdr(struct gt_wire_hdr *hdr, const char *kind, uint32_t src)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->magic = GT_WIRE_MAGIC;
	hdr->pad = src;
	hdr->mono_ns = gt_mono_ns();
	strncpy(hdr->ev, kind, sizeof(hdr->ev) - 1);
}

int gt_wire_send(const struct sockaddr_un *dest, socklen_t dest_len, const void *msg, size_t len)
{
	int saved = errno, fd, r, rc = 0, why = 0;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		/* the program's own descriptors used up (it may be testing just that) */
		rc = errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM ? -1 : -2;
		if (rc == -1)
			errno = saved;
		return rc;
	}
	do
		r = (int)sendto(fd, msg, len, MSG_NOSIGNAL, (const struct sockaddr *)dest, dest_len);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		why = errno;
		rc = why == ENOBUFS || why == ENOMEM ? -1 : -2;
	}
	close(fd);
	errno = rc == -2 ? why : saved;
	return rc;
}
