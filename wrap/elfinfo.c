/*
 * ELF program headers and the dynamic section, read as ld.so reads them:
 * PT_INTERP names the interpreter; PT_DYNAMIC holds DT_STRTAB (an address,
 * mapped to a file offset through the PT_LOAD segment that contains it)
 * and DT_RPATH / DT_RUNPATH (offsets into that string table).
 * And a Go program's .go.buildinfo, for the Go version that built it.
 */
#include "elfinfo.h"

#include <string.h>
#include <unistd.h>

#define PT_LOAD_ 1
#define PT_DYNAMIC_ 2
#define PT_INTERP_ 3
#define DT_NULL_ 0
#define DT_STRTAB_ 5
#define DT_RPATH_ 15
#define DT_RUNPATH_ 29
#define MAX_LOADS 16
#define MAX_DYN 4096
#define PF_X_ 1
#define PF_W_ 2
#define SHT_NOBITS_ 8
#define MAX_SECTIONS 4096 /* a Go program has some forty: a search that stops here misses none */

static unsigned u16(const unsigned char *b) { return (unsigned)b[0] | (unsigned)b[1] << 8; }
static uint32_t u32(const unsigned char *b) { return (uint32_t)u16(b) | (uint32_t)u16(b + 2) << 16; }
static uint64_t u64(const unsigned char *b) { return (uint64_t)u32(b) | (uint64_t)u32(b + 4) << 32; }

struct seg {
	uint64_t vaddr, off, size;
};

/* What the ELF header says, in either class. */
struct ehdr {
	int is64;
	uint64_t phoff, shoff;
	unsigned phentsize, phnum, shentsize, shnum, shstrndx;
};

/* The header of a little-endian ELF32 or ELF64 file; 0, or -1 when it is no such file. */
static int read_ehdr(gt_read_at_fn rd, void *ctx, struct ehdr *h)
{
	unsigned char eh[64];

	if (rd(ctx, eh, 52, 0) != 52 || memcmp(eh, "\177ELF", 4) || eh[5] != 1 || (eh[4] != 1 && eh[4] != 2))
		return -1;
	h->is64 = eh[4] == 2;
	if (h->is64 && rd(ctx, eh, 64, 0) != 64)
		return -1;
	h->phoff = h->is64 ? u64(eh + 32) : u32(eh + 28);
	h->shoff = h->is64 ? u64(eh + 40) : u32(eh + 32);
	h->phentsize = u16(eh + (h->is64 ? 54 : 42));
	h->phnum = u16(eh + (h->is64 ? 56 : 44));
	h->shentsize = u16(eh + (h->is64 ? 58 : 46));
	h->shnum = u16(eh + (h->is64 ? 60 : 48));
	h->shstrndx = u16(eh + (h->is64 ? 62 : 50));
	return 0;
}

/* A NUL-terminated string at file offset OFF into OUT (SIZE bytes); 0 or -1. */
static int read_str(gt_read_at_fn rd, void *ctx, uint64_t off, char *out, size_t size)
{
	ssize_t n = rd(ctx, out, size - 1, off);

	if (n <= 0)
		return -1;
	out[n] = 0;
	return memchr(out, 0, (size_t)n) ? 0 : -1; /* longer than OUT: not kept */
}

int gt_elf_info(gt_read_at_fn rd, void *ctx, struct gt_elfinfo *out)
{
	unsigned char ph[56], dyn[16];
	struct seg loads[MAX_LOADS];
	struct ehdr h;
	uint64_t dyn_off = 0, dyn_size = 0, strtab = 0, rpath = 0, runpath = 0, i;
	unsigned nloads = 0, k;
	int is64, have_dyn = 0, have_strtab = 0;
	size_t phsz, dsz;

	memset(out, 0, sizeof(*out));
	if (read_ehdr(rd, ctx, &h) < 0)
		return -1;
	is64 = h.is64;
	out->cls = is64 ? 2 : 1;
	phsz = is64 ? 56 : 32;
	if (h.phentsize < phsz || h.phnum > 256)
		return -1;
	for (k = 0; k < h.phnum; k++) {
		uint32_t type;
		uint64_t off, vaddr, filesz;
		if (rd(ctx, ph, phsz, h.phoff + (uint64_t)k * h.phentsize) != (ssize_t)phsz)
			return -1;
		type = u32(ph);
		off = is64 ? u64(ph + 8) : u32(ph + 4);
		vaddr = is64 ? u64(ph + 16) : u32(ph + 8);
		filesz = is64 ? u64(ph + 32) : u32(ph + 16);
		if (type == PT_INTERP_) {
			if (filesz == 0 || filesz > sizeof(out->interp) ||
			    read_str(rd, ctx, off, out->interp, sizeof(out->interp)) < 0)
				return -1;
			out->dynamic = 1;
		} else if (type == PT_DYNAMIC_) {
			have_dyn = 1;
			dyn_off = off;
			dyn_size = filesz;
		} else if (type == PT_LOAD_ && nloads < MAX_LOADS) {
			loads[nloads].vaddr = vaddr;
			loads[nloads].off = off;
			loads[nloads].size = filesz;
			nloads++;
		}
	}
	if (!have_dyn)
		return 0;
	dsz = is64 ? 16 : 8;
	for (i = 0; i < dyn_size / dsz && i < MAX_DYN; i++) {
		uint64_t tag, val;
		if (rd(ctx, dyn, dsz, dyn_off + i * dsz) != (ssize_t)dsz)
			return 0;
		tag = is64 ? u64(dyn) : u32(dyn);
		val = is64 ? u64(dyn + 8) : u32(dyn + 4);
		if (tag == DT_NULL_)
			break;
		if (tag == DT_STRTAB_) {
			strtab = val;
			have_strtab = 1;
		} else if (tag == DT_RPATH_) {
			rpath = val;
			out->has_rpath = 1;
		} else if (tag == DT_RUNPATH_) {
			runpath = val;
			out->has_runpath = 1;
		}
	}
	if (!(out->has_rpath || out->has_runpath))
		return 0;
	/* the string table's address, as a file offset */
	for (k = 0; have_strtab && k < nloads; k++)
		if (strtab >= loads[k].vaddr && strtab - loads[k].vaddr < loads[k].size)
			break;
	if (!have_strtab || k == nloads) {
		out->has_rpath = out->has_runpath = 0; /* named, but unreadable: claim nothing */
		return 0;
	}
	strtab = strtab - loads[k].vaddr + loads[k].off;
	if (out->has_rpath && read_str(rd, ctx, strtab + rpath, out->rpath, sizeof(out->rpath)) < 0)
		out->has_rpath = 0;
	if (out->has_runpath && read_str(rd, ctx, strtab + runpath, out->runpath, sizeof(out->runpath)) < 0)
		out->has_runpath = 0;
	return 0;
}

/*
 * Go's build information (debug/buildinfo): a 32-byte header, the magic, a
 * pointer size and flags, then (Go 1.18 on, flag BI_INLINE) the version and
 * the module list as uvarint-prefixed strings; before, two pointers to them,
 * not read here.
 */
#define BI_MAGIC "\xff Go buildinf:"
#define BI_MAGIC_LEN 14
#define BI_FLAGS 15
#define BI_INLINE 2
#define BI_HDR 32
#define BI_ALIGN 16
#define BI_MAX_VERS 128
#define BI_SCAN (64 * 1024)

/* Section K of the table; 0 or -1. */
static int read_shdr(gt_read_at_fn rd, void *ctx, const struct ehdr *h, unsigned k, uint32_t *name, struct seg *s)
{
	unsigned char b[64];
	size_t n = h->is64 ? 64 : 40;

	if (rd(ctx, b, n, h->shoff + (uint64_t)k * h->shentsize) != (ssize_t)n)
		return -1;
	*name = u32(b);
	s->off = h->is64 ? u64(b + 24) : u32(b + 16);
	s->size = h->is64 ? u64(b + 32) : u32(b + 20);
	if (u32(b + 4) == SHT_NOBITS_)
		s->size = 0; /* no bytes in the file */
	return 0;
}

/* The file extent of the section named .go.buildinfo: 1, or 0 when there is none or no table to name it. */
static int find_section(gt_read_at_fn rd, void *ctx, const struct ehdr *h, struct seg *out)
{
	static const char want[] = ".go.buildinfo";
	char got[sizeof(want)];
	struct seg names, s;
	uint32_t name;
	unsigned k;

	/* no e_shnum: stripped, or the count moved to section 0 (65280 or more), which no Go program needs */
	if (h->shoff == 0 || h->shnum == 0 || h->shstrndx >= h->shnum || h->shentsize < (h->is64 ? 64u : 40u))
		return 0;
	if (read_shdr(rd, ctx, h, h->shstrndx, &name, &names) < 0 || names.size < sizeof(want))
		return 0;
	for (k = 1; k < h->shnum && k < MAX_SECTIONS; k++) {
		if (read_shdr(rd, ctx, h, k, &name, &s) < 0)
			return 0;
		if (name > names.size - sizeof(want) || rd(ctx, got, sizeof(got), names.off + name) != (ssize_t)sizeof(got) ||
		    memcmp(got, want, sizeof(want)))
			continue;
		*out = s;
		return 1;
	}
	return 0;
}

/*
 * The uvarint length at B (N bytes); its size in bytes, or 0 when it does not end within N or
 * is over BI_MAX_VERS. Any bit beyond the second byte already means 16384 or more: refused
 * there, before the shifts could overflow.
 */
static size_t read_len(const unsigned char *b, size_t n, uint64_t *len)
{
	size_t i;

	*len = 0;
	for (i = 0; i < n; i++) {
		if ((b[i] & 0x7f) && i >= 2)
			return 0;
		*len |= (uint64_t)(b[i] & 0x7f) << (7 * i);
		if (!(b[i] & 0x80))
			return *len <= BI_MAX_VERS ? i + 1 : 0;
	}
	return 0;
}

/* The version in the blob at file offset OFF, read no further than END (its section's or segment's); 0 or -1. */
static int read_blob(gt_read_at_fn rd, void *ctx, uint64_t off, uint64_t end, char *out, size_t size)
{
	unsigned char hdr[BI_HDR + 10], vers[BI_MAX_VERS];
	uint64_t avail, len, i;
	size_t n, lsz;

	if (off > end || end - off <= BI_HDR)
		return -1;
	avail = end - off;
	n = avail < sizeof(hdr) ? (size_t)avail : sizeof(hdr);
	if (rd(ctx, hdr, n, off) != (ssize_t)n || memcmp(hdr, BI_MAGIC, BI_MAGIC_LEN) || !(hdr[BI_FLAGS] & BI_INLINE))
		return -1;
	lsz = read_len(hdr + BI_HDR, n - BI_HDR, &len);
	if (lsz == 0 || len == 0 || len >= size || avail - BI_HDR - lsz < len)
		return -1;
	if (rd(ctx, vers, (size_t)len, off + BI_HDR + lsz) != (ssize_t)len)
		return -1;
	for (i = 0; i < len; i++)
		if (vers[i] < 0x20 || vers[i] > 0x7e)
			return -1; /* no version string: not a blob to trust */
	memcpy(out, vers, (size_t)len);
	out[len] = 0;
	return 0;
}

/* The first segment written and not run, where Go's linker puts the blob first: 1, or 0 when none. */
static int find_data_segment(gt_read_at_fn rd, void *ctx, const struct ehdr *h, struct seg *out)
{
	unsigned char ph[56];
	size_t phsz = h->is64 ? 56 : 32;
	unsigned k;

	if (h->phentsize < phsz || h->phnum > 256)
		return 0;
	for (k = 0; k < h->phnum; k++) {
		uint32_t flags;
		if (rd(ctx, ph, phsz, h->phoff + (uint64_t)k * h->phentsize) != (ssize_t)phsz)
			return 0;
		flags = h->is64 ? u32(ph + 4) : u32(ph + 24);
		if (u32(ph) != PT_LOAD_ || (flags & (PF_X_ | PF_W_)) != PF_W_)
			continue;
		out->off = h->is64 ? u64(ph + 8) : u32(ph + 4);
		out->vaddr = h->is64 ? u64(ph + 16) : u32(ph + 8);
		out->size = h->is64 ? u64(ph + 32) : u32(ph + 16);
		return 1;
	}
	return 0;
}

/* The blob at the first BI_ALIGN-aligned address in the first BI_SCAN bytes of segment S that holds the magic. */
static int scan_segment(gt_read_at_fn rd, void *ctx, const struct seg *s, char *out, size_t size)
{
	unsigned char buf[4096];
	uint64_t at = (BI_ALIGN - s->vaddr % BI_ALIGN) % BI_ALIGN;
	uint64_t lim = s->size < BI_SCAN ? s->size : BI_SCAN;
	ssize_t got;
	size_t j;

	/* the chunks start aligned and are a multiple of BI_ALIGN long: no magic straddles two */
	for (; at < lim; at += sizeof(buf)) {
		got = rd(ctx, buf, lim - at < sizeof(buf) ? (size_t)(lim - at) : sizeof(buf), s->off + at);
		if (got <= 0)
			return -1;
		for (j = 0; j + BI_MAGIC_LEN <= (size_t)got; j += BI_ALIGN)
			if (!memcmp(buf + j, BI_MAGIC, BI_MAGIC_LEN))
				return read_blob(rd, ctx, s->off + at + j, s->off + s->size, out, size);
		if ((size_t)got < sizeof(buf))
			return -1; /* the file ends here */
	}
	return -1;
}

int gt_elf_goversion(gt_read_at_fn rd, void *ctx, char *out, size_t size)
{
	struct ehdr h;
	struct seg s;

	if (size == 0)
		return -1;
	out[0] = 0;
	if (read_ehdr(rd, ctx, &h) < 0)
		return -1;
	if (find_section(rd, ctx, &h, &s))
		return s.size > UINT64_MAX - s.off ? -1 : read_blob(rd, ctx, s.off, s.off + s.size, out, size);
	/* Go's reader also looks in the data segment when the section is gone or unnamed: stripped files */
	if (!find_data_segment(rd, ctx, &h, &s) || s.size > UINT64_MAX - s.off)
		return -1;
	return scan_segment(rd, ctx, &s, out, size);
}

static ssize_t pread_fd(void *ctx, void *dst, size_t n, uint64_t off)
{
	return pread(*(int *)ctx, dst, n, (off_t)off);
}

int gt_elf_info_fd(int fd, struct gt_elfinfo *out)
{
	return gt_elf_info(pread_fd, &fd, out);
}

int gt_elf_goversion_fd(int fd, char *out, size_t size)
{
	return gt_elf_goversion(pread_fd, &fd, out, size);
}
