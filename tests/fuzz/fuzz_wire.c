/*
 * A datagram on the shim's socket, from any process of the user: the
 * collector's checks (header, kind, the body as JSON members) and the
 * trace line it writes. The first byte chooses the mode (whether the shim's
 * opens are wanted); the rest is the message.
 */
#include "fuzz.h"

#include <fcntl.h>

#include "../../wrap/collect.h"
#include "../../wrap/tracefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gt_trace t;
	static int ready;
	struct gt_collect c;

	if (!size)
		return 0;
	if (!ready) {
		ready = 1;
		t.fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		gt_buf_init(&t.buf);
	}
	memset(&c, 0, sizeof(c));
	c.trace = &t;
	c.accept_io = data[0] & 1;
	gt_collect_put(&c, (const char *)data + 1, size - 1, 4242);
	t.buf.len = 0;
	return 0;
}
