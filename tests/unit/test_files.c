/* The one table of files that matter (common/files.c), and its twins: names that only look alike. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/files.h"

static enum gt_fkind kind(const char *p)
{
	return gt_file_kind(p, strlen(p));
}

Test(files, kinds_by_name_and_directory)
{
	cr_expect_eq(kind("/w/m/go.mod"), GT_FK_GO);
	cr_expect_eq(kind("go.sum"), GT_FK_GO);
	cr_expect_eq(kind("/usr/local/go/go.env"), GT_FK_GO);
	cr_expect_eq(kind("/root/.config/go/env"), GT_FK_GOENV);
	cr_expect_eq(kind("/root/.netrc"), GT_FK_CRED);
	cr_expect_eq(kind("/root/.git-credentials"), GT_FK_CRED);
	cr_expect_eq(kind("/root/.gitconfig"), GT_FK_GITCONFIG);
	cr_expect_eq(kind("/root/.config/git/config"), GT_FK_GITCONFIG);
	cr_expect_eq(kind("/src/r/.git/config"), GT_FK_GITCONFIG);
	cr_expect_eq(kind("/gopath/pkg/mod/cache/vcs/0123abcd/config"), GT_FK_GITCONFIG);
	cr_expect_eq(kind("/etc/resolv.conf"), GT_FK_NET);
	cr_expect_eq(kind("/lib/x86_64-linux-gnu/libc.so.6"), GT_FK_LIB);
	cr_expect_eq(kind("/usr/lib/libfoo.so"), GT_FK_LIB);
}

Test(files, names_that_only_look_alike)
{
	/* a file named config or env anywhere else is not git's or go's */
	cr_expect_eq(kind("/etc/app/config"), GT_FK_NONE);
	cr_expect_eq(kind("/w/env"), GT_FK_NONE);
	cr_expect_eq(kind("/w/go.mod.bak"), GT_FK_NONE);
	cr_expect_eq(kind("/w/notgo.mod"), GT_FK_NONE);
	/* gotrace's own libraries are never fingerprinted as the program's */
	cr_expect_eq(kind("/opt/gotrace/lib/x86_64-linux-gnu/libgotrace.so"), GT_FK_NONE);
	cr_expect_eq(kind("/opt/gotrace/lib/x86_64-linux-gnu/libgtaudit.so"), GT_FK_NONE);
	cr_expect_eq(kind("/usr/lib/libfoo.a"), GT_FK_NONE);
	cr_expect_eq(kind(""), GT_FK_NONE);
}

/* gt_fopen_text: a name from a trace may be a device, a FIFO or huge; only a regular file of bounded size is read */
Test(files, fopen_text_only_bounded_regular_files)
{
	char dir[] = "/tmp/gt-files-XXXXXX", path[64];
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	f = gt_fopen_text("/dev/zero", GT_TEXT_MAX);
	cr_expect_null(f);
	cr_expect_eq(errno, EINVAL);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_expect_null(gt_fopen_text(path, GT_TEXT_MAX)); /* and does not wait for a writer */
	cr_expect_eq(errno, EINVAL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/big", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("0123456789", f);
	fclose(f);
	cr_expect_null(gt_fopen_text(path, 9));
	cr_expect_eq(errno, EFBIG);
	f = gt_fopen_text(path, 10);
	cr_expect_not_null(f);
	if (f)
		fclose(f);
	unlink(path);
	rmdir(dir);
	cr_expect_null(gt_fopen_text("/nonexistent/x", GT_TEXT_MAX));
	cr_expect_eq(errno, ENOENT);
}
