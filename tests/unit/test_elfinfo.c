/*
 * ELF interpreter and DT_RPATH/DT_RUNPATH, read from programs this test
 * builds with the machine's cc, and from files that are not what they seem;
 * the Go version, read from the go commands installed here (checked against
 * what they print) and from .go.buildinfo sections made to lie.
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

/* The first line COMMAND prints into OUT, newline dropped; 0, or -1 when it fails or prints nothing. */
static int first_line(const char *command, char *out, size_t size)
{
	FILE *p = popen(command, "r");
	int ok;

	if (!p)
		return -1;
	ok = fgets(out, (int)size, p) != NULL;
	if (pclose(p) != 0 || !ok)
		return -1;
	out[strcspn(out, "\n")] = 0;
	return out[0] ? 0 : -1;
}

/* What GO says its version is, with no toolchain switch: the version of the go binary itself. */
static void go_says(const char *go, char *want, size_t size)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "GOTOOLCHAIN=local '%s' env GOVERSION", go);
	cr_assert_eq(first_line(cmd, want, size), 0, "%s env GOVERSION failed", go);
}

static int goversion_of(const char *path, char *out, size_t size)
{
	int fd = open(path, O_RDONLY), r;

	cr_assert(fd >= 0, "cannot open %s", path);
	r = gt_elf_goversion_fd(fd, out, size);
	close(fd);
	return r;
}

/* The go command on PATH, else /usr/local/go/bin/go; skips the test when there is none. */
static void find_go(char *path, size_t size)
{
	if (first_line("command -v go", path, size) == 0 && path[0] == '/')
		return;
	if (access("/usr/local/go/bin/go", X_OK) == 0) {
		snprintf(path, size, "/usr/local/go/bin/go");
		return;
	}
	cr_skip_test("no go installed: the Go version of a real program is not checked");
}

Test(elfinfo, goversion_of_go_on_path)
{
	char go[512], want[256], got[256];

	find_go(go, sizeof(go));
	go_says(go, want, sizeof(want));
	cr_assert_eq(goversion_of(go, got, sizeof(got)), 0, "no version read from %s", go);
	cr_expect_str_eq(got, want);
}

Test(elfinfo, goversion_of_debian_go_1_19)
{
	static const char go[] = "/usr/lib/go-1.19/bin/go";
	char want[256], got[256];

	if (access(go, X_OK) != 0)
		cr_skip_test("no %s (golang-1.19-go): not checked", go);
	go_says(go, want, sizeof(want));
	cr_assert_eq(goversion_of(go, got, sizeof(got)), 0, "no version read from %s", go);
	cr_expect_str_eq(got, want);
}

Test(elfinfo, goversion_of_a_c_program)
{
	char got[256] = "untouched";

	cr_expect_eq(goversion_of("/bin/true", got, sizeof(got)), -1);
	cr_expect_str_eq(got, "");
}

/* A Go program without its section headers: found by the scan of its data segment. */
Test(elfinfo, goversion_without_section_headers)
{
	static const unsigned char zero[8];
	char go[512], want[256], got[256], cmd[1200], copy[128];
	unsigned char eh[64];
	int fd;

	find_go(go, sizeof(go));
	go_says(go, want, sizeof(want));
	snprintf(copy, sizeof(copy), "%s/go-noshdr", dir);
	snprintf(cmd, sizeof(cmd), "cp '%s' %s", go, copy);
	cr_assert_eq(system(cmd), 0);
	fd = open(copy, O_RDWR);
	cr_assert(fd >= 0);
	cr_assert_eq(pread(fd, eh, sizeof(eh), 0), (ssize_t)sizeof(eh));
	cr_assert_eq(eh[4], 2, "expected a 64-bit go");
	/* e_shoff (8 bytes at 40) and e_shnum (2 at 60) */
	cr_assert_eq(pwrite(fd, zero, 8, 40), 8);
	cr_assert_eq(pwrite(fd, zero, 2, 60), 2);
	cr_assert_eq(gt_elf_goversion_fd(fd, got, sizeof(got)), 0, "no version found by the segment scan");
	cr_expect_str_eq(got, want);
	close(fd);
}

static void put16(unsigned char *b, unsigned v)
{
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b + 2, v >> 16);
}

static void put64(unsigned char *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b + 4, (uint32_t)(v >> 32));
}

#define SH_AT 0x40   /* 3 section headers: none, .shstrtab, .go.buildinfo */
#define NAMES_AT 0x100
#define DATA_AT 0x140

/*
 * An ELF file (64- or 32-bit) in F whose .go.buildinfo section holds the build information
 * header and then TAIL (N bytes), and claims SECSIZE bytes; the file ends with TAIL. Its length.
 */
static size_t go_elf(unsigned char *f, int is64, const void *tail, size_t n, uint64_t secsize)
{
	static const char names[] = "\0.shstrtab\0.go.buildinfo";
	size_t shsz = is64 ? 64 : 40, k;

	memset(f, 0, DATA_AT + 32);
	memcpy(f, "\177ELF", 4);
	f[4] = is64 ? 2 : 1;
	f[5] = f[6] = 1;
	if (is64)
		put64(f + 40, SH_AT);
	else
		put32(f + 32, SH_AT);
	put16(f + (is64 ? 58 : 46), (unsigned)shsz);
	put16(f + (is64 ? 60 : 48), 3);
	put16(f + (is64 ? 62 : 50), 1);
	for (k = 1; k < 3; k++) {
		unsigned char *sh = f + SH_AT + k * shsz;
		uint64_t off = k == 1 ? NAMES_AT : DATA_AT, size = k == 1 ? sizeof(names) : secsize;
		put32(sh, k == 1 ? 1 : 11);
		put32(sh + 4, 1); /* SHT_PROGBITS */
		if (is64) {
			put64(sh + 24, off);
			put64(sh + 32, size);
		} else {
			put32(sh + 16, (uint32_t)off);
			put32(sh + 20, (uint32_t)size);
		}
	}
	memcpy(f + NAMES_AT, names, sizeof(names));
	memcpy(f + DATA_AT, "\xff Go buildinf:", 14);
	f[DATA_AT + 14] = is64 ? 8 : 4;
	f[DATA_AT + 15] = 2; /* inline strings: Go 1.18 on */
	memcpy(f + DATA_AT + 32, tail, n);
	return DATA_AT + 32 + n;
}

/* gt_elf_goversion on the file go_elf makes of TAIL, its section as long as the file. */
static int made_version(int is64, const void *tail, size_t n, char *out, size_t size)
{
	static unsigned char f[DATA_AT + 32 + 512];
	struct blob b = {f, 0};

	cr_assert(n <= 512);
	b.n = go_elf(f, is64, tail, n, 32 + n);
	return gt_elf_goversion(blob_read, &b, out, size);
}

Test(elfinfo, goversion_of_made_files)
{
	static const char good[] = "\x08go1.99.1\x00";
	static unsigned char f[DATA_AT + 32 + 64];
	struct blob b = {f, 0};
	char got[64];

	/* what the hostile cases below differ from: read, in both classes */
	cr_assert_eq(made_version(1, good, sizeof(good) - 1, got, sizeof(got)), 0);
	cr_expect_str_eq(got, "go1.99.1");
	cr_assert_eq(made_version(0, good, sizeof(good) - 1, got, sizeof(got)), 0);
	cr_expect_str_eq(got, "go1.99.1");
	/* too long for OUT */
	cr_expect_eq(made_version(1, good, sizeof(good) - 1, got, 8), -1);
	/* the section claims less than the version's length */
	b.n = go_elf(f, 1, good, sizeof(good) - 1, 32 + 5);
	cr_expect_eq(gt_elf_goversion(blob_read, &b, got, sizeof(got)), -1);
	/* before Go 1.18: pointers, not strings */
	b.n = go_elf(f, 1, good, sizeof(good) - 1, 32 + sizeof(good) - 1);
	f[DATA_AT + 15] = 0;
	cr_expect_eq(gt_elf_goversion(blob_read, &b, got, sizeof(got)), -1);
}

Test(elfinfo, goversion_hostile_lengths)
{
	static const unsigned char huge[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 'g', 'o'};
	static const unsigned char unended[] = {0x80, 0x80, 0x80};
	static const unsigned char past[] = {100, 'g', 'o', '1', '.', '2', '2'};
	/* 2 + 2^64: a decoder that lets the shift overflow reads 2, and "go" */
	static const unsigned char wrapped[] = {0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 'g', 'o'};
	static const char control[] = "\x04go\n1";
	unsigned char over[2 + 129];
	char got[256];

	/* 129 printable bytes, all there: refused for the length alone */
	over[0] = 0x81;
	over[1] = 0x01;
	memset(over + 2, 'a', 129);

	cr_expect_eq(made_version(1, huge, sizeof(huge), got, sizeof(got)), -1);
	cr_expect_eq(made_version(1, unended, sizeof(unended), got, sizeof(got)), -1);
	cr_expect_eq(made_version(1, past, sizeof(past), got, sizeof(got)), -1);
	cr_expect_eq(made_version(1, over, sizeof(over), got, sizeof(got)), -1);
	cr_expect_eq(made_version(1, wrapped, sizeof(wrapped), got, sizeof(got)), -1);
	cr_expect_eq(made_version(1, control, sizeof(control) - 1, got, sizeof(got)), -1);
	cr_expect_str_eq(got, "");
}

Test(elfinfo, goversion_section_past_the_file)
{
	static const unsigned char past[] = {100, 'g', 'o', '1', '.', '2', '2'};
	static unsigned char f[DATA_AT + 32 + 64];
	struct blob b = {f, 0};
	char got[256];

	/* the section says 4 KiB, the file and the version's length run past what is there */
	b.n = go_elf(f, 1, past, sizeof(past), 4096);
	cr_expect_eq(gt_elf_goversion(blob_read, &b, got, sizeof(got)), -1);
	b.n = go_elf(f, 0, past, sizeof(past), 0xffffffffu);
	cr_expect_eq(gt_elf_goversion(blob_read, &b, got, sizeof(got)), -1);
}
