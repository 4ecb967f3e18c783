/*
 * ELF interpreter and DT_RPATH/DT_RUNPATH, read from programs this test
 * builds with the machine's cc, and from files that are not what they seem.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../wrap/elfinfo.h"

static char dir[64];

static void setup(void)
{
	char cmd[256];

	snprintf(dir, sizeof(dir), "/tmp/gotrace-unit-elf-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "mkdir -p %s && printf 'int main(void){return 0;}\\n' >%s/m.c", dir, dir);
	cr_assert_eq(system(cmd), 0);
}

static void teardown(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

/* Build m.c with FLAGS into NAME and read it; -1 when cc cannot. */
static int build_read(const char *name, const char *flags, struct gt_elfinfo *ei)
{
	char cmd[512], path[128];
	int fd, r;

	snprintf(cmd, sizeof(cmd), "cc -o %s/%s %s/m.c %s 2>/dev/null", dir, name, dir, flags);
	if (system(cmd) != 0)
		return -2;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0);
	r = gt_elf_info_fd(fd, ei);
	close(fd);
	return r;
}

TestSuite(elfinfo, .init = setup, .fini = teardown);

Test(elfinfo, runpath_with_origin_as_written)
{
	struct gt_elfinfo ei;

	cr_assert_eq(build_read("rp", "-Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib:/opt/x/lib'", &ei), 0);
	cr_expect_eq(ei.cls, 2);
	cr_expect_eq(ei.dynamic, 1);
	cr_expect_str_eq(ei.interp, "/lib64/ld-linux-x86-64.so.2");
	cr_expect_eq(ei.has_runpath, 1);
	cr_expect_eq(ei.has_rpath, 0);
	cr_expect_str_eq(ei.runpath, "$ORIGIN/../lib:/opt/x/lib");
}

Test(elfinfo, old_style_rpath)
{
	struct gt_elfinfo ei;

	cr_assert_eq(build_read("r", "-Wl,--disable-new-dtags -Wl,-rpath,/opt/y", &ei), 0);
	cr_expect_eq(ei.has_rpath, 1);
	cr_expect_eq(ei.has_runpath, 0);
	cr_expect_str_eq(ei.rpath, "/opt/y");
}

Test(elfinfo, none_and_static)
{
	struct gt_elfinfo ei;
	int r;

	cr_assert_eq(build_read("plain", "", &ei), 0);
	cr_expect_eq(ei.dynamic, 1);
	cr_expect_eq(ei.has_rpath + ei.has_runpath, 0);
	r = build_read("static", "-static", &ei);
	if (r == -2) {
		cr_log_info("no static libc here: the static case is not checked");
		return;
	}
	cr_assert_eq(r, 0);
	cr_expect_eq(ei.dynamic, 0);
	cr_expect_eq(ei.has_rpath + ei.has_runpath, 0);
}

/* A file in memory, for the hostile cases. */
struct blob {
	const unsigned char *p;
	size_t n;
};

static ssize_t blob_read(void *ctx, void *dst, size_t n, uint64_t off)
{
	const struct blob *b = ctx;

	if (off >= b->n)
		return 0;
	if (n > b->n - off)
		n = b->n - off;
	memcpy(dst, b->p + off, n);
	return (ssize_t)n;
}

Test(elfinfo, not_elf_or_truncated)
{
	static const unsigned char script[] = "#!/bin/sh\necho hello, this is not an ELF file at all\n";
	unsigned char hdr[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
	struct blob b = {script, sizeof(script)};
	struct gt_elfinfo ei;

	cr_expect_eq(gt_elf_info(blob_read, &b, &ei), -1);
	/* a 64-bit header whose program headers lie past the end of the file */
	hdr[32] = 0x40;
	hdr[54] = 56;
	hdr[56] = 3;
	b.p = hdr;
	b.n = sizeof(hdr);
	cr_expect_eq(gt_elf_info(blob_read, &b, &ei), -1);
	/* a big-endian one: not read */
	hdr[5] = 2;
	cr_expect_eq(gt_elf_info(blob_read, &b, &ei), -1);
}
