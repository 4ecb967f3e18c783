/*
 * Looking for a library on disk: which names match a stem, the directories
 * given first, each real file once, the ELF class from the header.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../analyzers/libfind.h"

static char dir[64];

static void put(const char *name, const char *bytes, size_t n)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	cr_assert(f);
	fwrite(bytes, 1, n, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/gotrace-unit-lf-%d", (int)getpid());
	cr_assert_eq(mkdir(dir, 0700), 0);
	put("libgtu.so.1", "\177ELF\001", 5); /* 32-bit */
	put("libgtu.a", "!<arch>\n", 8);
	put("libgtux.so", "\177ELF\002", 5); /* another stem: not a match */
	put("libgtu.so.1.2", "\177ELF\002", 5);
}

static void teardown(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

TestSuite(libfind, .init = setup, .fini = teardown);

static const struct gt_libfile *get(const struct gt_libfile *lf, size_t n, const char *base)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(strrchr(lf[i].path, '/') + 1, base))
			return &lf[i];
	return NULL;
}

Test(libfind, stem_matches_so_versions_and_archives_only)
{
	const char *dirs[] = {dir};
	struct gt_libfile lf[8];
	size_t n = gt_lib_find("libgtu", dirs, 1, lf, 8);

	cr_assert_eq(n, 3);
	cr_assert(get(lf, n, "libgtu.so.1"));
	cr_assert(get(lf, n, "libgtu.a"));
	cr_assert(get(lf, n, "libgtu.so.1.2"));
	cr_assert_null(get(lf, n, "libgtux.so"));
	cr_assert_str_eq(get(lf, n, "libgtu.a")->how, "a directory this trace names");
}

Test(libfind, elf_class_from_the_header)
{
	const char *dirs[] = {dir};
	struct gt_libfile lf[8];
	size_t n = gt_lib_find("libgtu", dirs, 1, lf, 8);

	cr_assert_eq(get(lf, n, "libgtu.so.1")->cls, 1);
	cr_assert_eq(get(lf, n, "libgtu.so.1.2")->cls, 2);
	cr_assert_eq(get(lf, n, "libgtu.a")->cls, 0);
}

Test(libfind, a_directory_given_twice_gives_each_file_once)
{
	char alias[128];
	const char *dirs[2];
	struct gt_libfile lf[8];

	snprintf(alias, sizeof(alias), "%s/../%s", dir, strrchr(dir, '/') + 1);
	dirs[0] = dir;
	dirs[1] = alias;
	cr_assert_eq(gt_lib_find("libgtu", dirs, 2, lf, 8), 3);
	/* shown under the directory's own name, without ".." */
	cr_assert_null(strstr(lf[0].path, ".."));
}

Test(libfind, the_limit_is_kept)
{
	const char *dirs[] = {dir};
	struct gt_libfile lf[2];

	cr_assert_eq(gt_lib_find("libgtu", dirs, 1, lf, 2), 2);
}

Test(libfind, nothing_for_a_name_no_machine_has)
{
	struct gt_libfile lf[4];

	cr_assert_eq(gt_lib_find("libgt-no-such-library-anywhere", NULL, 0, lf, 4), 0);
}

Test(libfind, dpkg_owner_of_libc)
{
	char pkg[128];

	if (access("/usr/bin/dpkg", X_OK))
		cr_skip_test("no dpkg");
	/* merged /usr: dpkg knows the file under /lib, it lives under /usr/lib */
	cr_assert_eq(gt_lib_owner("/usr/lib/x86_64-linux-gnu/libc.so.6", pkg, sizeof(pkg)), 0);
	cr_assert(!strncmp(pkg, "libc6", 5), "%s", pkg);
	cr_assert_neq(gt_lib_owner("/tmp/no-such-file.so", pkg, sizeof(pkg)), 0);
}
