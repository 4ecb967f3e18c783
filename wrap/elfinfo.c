/*
 * ELF program headers and the dynamic section, read as ld.so reads them:
 * PT_INTERP names the interpreter; PT_DYNAMIC holds DT_STRTAB (an address,
 * mapped to a file offset through the PT_LOAD segment that contains it)
 * and DT_RPATH / DT_RUNPATH (offsets into that string table).
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

static unsigned u16(const unsigned char *b) { return (unsigned)b[0] | (unsigned)b[1] << 8; }
static uint32_t u32(const unsigned char *b) { return (uint32_t)u16(b) | (uint32_t)u16(b + 2) << 16; }
static uint64_t u64(const unsigned char *b) { return (uint64_t)u32(b) | (uint64_t)u32(b + 4) << 32; }

struct seg {
	uint64_t vaddr, off, size;
};

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
	unsigned char eh[64], ph[56], dyn[16];
	struct seg loads[MAX_LOADS];
	uint64_t phoff, dyn_off = 0, dyn_size = 0, strtab = 0, rpath = 0, runpath = 0, i;
	unsigned phentsize, phnum, nloads = 0, k;
	int is64, have_dyn = 0, have_strtab = 0;
	size_t phsz, dsz;

	memset(out, 0, sizeof(*out));
	if (rd(ctx, eh, 52, 0) != 52 || memcmp(eh, "\177ELF", 4) || eh[5] != 1 || (eh[4] != 1 && eh[4] != 2))
		return -1;
	is64 = eh[4] == 2;
	if (is64 && rd(ctx, eh, 64, 0) != 64)
		return -1;
	out->cls = eh[4];
	phoff = is64 ? u64(eh + 32) : u32(eh + 28);
	phentsize = is64 ? u16(eh + 54) : u16(eh + 42);
	phnum = is64 ? u16(eh + 56) : u16(eh + 44);
	phsz = is64 ? 56 : 32;
	if (phentsize < phsz || phnum > 256)
		return -1;
	for (k = 0; k < phnum; k++) {
		uint32_t type;
		uint64_t off, vaddr, filesz;
		if (rd(ctx, ph, phsz, phoff + (uint64_t)k * phentsize) != (ssize_t)phsz)
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

static ssize_t pread_fd(void *ctx, void *dst, size_t n, uint64_t off)
{
	return pread(*(int *)ctx, dst, n, (off_t)off);
}

int gt_elf_info_fd(int fd, struct gt_elfinfo *out)
{
	return gt_elf_info(pread_fd, &fd, out);
}
