/*
 * The shim's fault-free reads of the program's memory (preload/safemem.c):
 * strings and arrays that end at an unreadable page, with process_vm_readv
 * and, when a seccomp filter refuses it, through the pipe.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "../../preload/safemem.c"

static char *mem; /* two readable pages, then an unreadable one */

static void setup(void)
{
	mem = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert(mem != MAP_FAILED);
	cr_assert_eq(mprotect(mem + 2 * PAGE, PAGE, PROT_NONE), 0);
}

/* process_vm_readv answers EPERM from now on, as under a container's policy */
static void refuse_vm_readv(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	cr_assert(ctx);
	cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(process_vm_readv), 0), 0);
	cr_assert_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	cr_assert_eq(seccomp_load(ctx), 0);
	seccomp_release(ctx);
}

static void reads(void)
{
	char buf[3 * PAGE], *end = mem + 2 * PAGE;
	int cut;
	long n;

	/* a copy across the page boundary, and one that runs into the unreadable page */
	memset(mem, 'x', 2 * PAGE);
	cr_assert_eq(gt_mem_read(buf, mem + PAGE - 10, 20), 20);
	cr_assert_eq(gt_mem_read(buf, end - 10, 100), 10);
	cr_assert_eq(gt_mem_read(buf, end, 1), 0);
	cr_assert_eq(gt_mem_read(buf, NULL, 8), 0);

	/* strings: short, across pages, without their NUL, too long */
	strcpy(mem, "hello");
	n = gt_mem_str(mem, buf, sizeof(buf), &cut);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(buf, "hello");
	cr_assert_eq(cut, 0);
	memset(mem, 'y', PAGE + 5);
	mem[PAGE + 5] = 0;
	cr_assert_eq(gt_mem_str(mem + PAGE - 3, buf, sizeof(buf), &cut), 8);
	cr_assert_str_eq(buf, "yyyyyyyy");
	memset(end - 4, 'z', 4);
	cr_assert_eq(gt_mem_str(end - 4, buf, sizeof(buf), &cut), -1);
	cr_assert_eq(gt_mem_str(end, buf, sizeof(buf), &cut), -1);
	cr_assert_eq(gt_mem_str(NULL, buf, sizeof(buf), &cut), -1);
	cr_assert_eq(gt_mem_str(mem, buf, 4, &cut), 3);
	cr_assert_eq(cut, 1);
	cr_assert_str_eq(buf, "yyy");
}

static void arrays(void)
{
	char **v = (char **)(mem + 2 * PAGE) - 3, *ok[] = {"a", "b", NULL}, *bad[] = {"a", NULL, NULL};
	size_t n = 99;

	cr_assert_eq(gt_mem_strv(ok, 10, &n), 1);
	cr_assert_eq(n, 2);
	cr_assert_eq(gt_mem_strv(NULL, 10, &n), 1);
	cr_assert_eq(n, 0);
	cr_assert_eq(gt_mem_strv(ok, 1, &n), 0, "more entries than allowed");
	/* three good pointers and then the unreadable page: no NULL */
	v[0] = v[1] = v[2] = "x";
	cr_assert_eq(gt_mem_strv(v, 10, &n), 0);
	bad[1] = mem + 2 * PAGE;
	cr_assert_eq(gt_mem_strv(bad, 10, &n), 0, "an entry that cannot be read");
	/* a string that ends at the unreadable page */
	memset(mem + 2 * PAGE - 2, 'q', 2);
	bad[1] = mem + 2 * PAGE - 2;
	cr_assert_eq(gt_mem_strv(bad, 10, &n), 0, "an entry without its NUL");
	/* a long one, over several reads */
	memset(mem, 'l', PAGE + 100);
	mem[PAGE + 100] = 0;
	bad[1] = mem;
	cr_assert_eq(gt_mem_strv(bad, 10, &n), 1);
	cr_assert_eq(n, 2);
}

Test(safemem, reads_stop_at_unreadable_memory, .init = setup)
{
	reads();
	cr_assert_eq(use_pipe, 0, "process_vm_readv did the reading");
}

Test(safemem, arrays_must_end_in_readable_memory, .init = setup)
{
	arrays();
}

Test(safemem, the_pipe_when_process_vm_readv_is_refused, .init = setup)
{
	refuse_vm_readv();
	reads();
	cr_assert_eq(use_pipe, 1, "the refusal was noticed");
	arrays();
}
