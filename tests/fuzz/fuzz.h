/*
 * What the fuzz targets share: the entry point libFuzzer calls, and a
 * file holding the input (a memfd, reachable as /proc/self/fd/N) for the
 * readers that take a path.
 */
#ifndef GT_FUZZ_H
#define GT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A path whose file holds exactly DATA; the same file is reused by every call. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("gotrace-fuzz", 0);
		if (fd < 0)
			return "/nonexistent";
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		return "/nonexistent";
	return path;
}

#endif
