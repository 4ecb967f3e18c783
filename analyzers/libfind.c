/*
 * Looking for a library on disk after the run. Nothing here comes from the
 * trace; every finding that uses it says the file was seen when the report
 * was made.
 */
#include "libfind.h"
#include "../common/util.h"

#include <dirent.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char gt_lib_find_where[] =
	"the trace's own directories, ld.so.cache (ldconfig -p), /usr/local/lib*, /usr/lib*, "
	"/lib*, /opt/*/lib*";

static const char *const prefixes[] = {
	"/usr/local/lib", "/usr/local/lib64", "/usr/local/lib/x86_64-linux-gnu",
	"/usr/lib/x86_64-linux-gnu", "/usr/lib", "/usr/lib64", "/usr/lib32",
	"/usr/lib/i386-linux-gnu", "/lib/x86_64-linux-gnu", "/lib", "/lib64", "/lib32",
};

int gt_elf_class(const char *path)
{
	unsigned char h[5];
	FILE *f = fopen(path, "rb");
	int c = 0;

	if (f && fread(h, 1, 5, f) == 5 && !memcmp(h, "\177ELF", 4) && (h[4] == 1 || h[4] == 2))
		c = h[4];
	if (f)
		fclose(f);
	return c;
}

/* NAME is STEM.so, STEM.so.* or STEM.a */
static int matches(const char *name, const char *stem)
{
	size_t n = strlen(stem);

	if (strncmp(name, stem, n))
		return 0;
	name += n;
	return !strcmp(name, ".so") || !strncmp(name, ".so.", 4) || !strcmp(name, ".a");
}

struct acc {
	struct gt_libfile *out;
	size_t n, max;
	char (*real)[PATH_MAX];
};

static void add(struct acc *a, const char *path, const char *how)
{
	char r[PATH_MAX], d[PATH_MAX], rd[PATH_MAX];
	size_t i;

	if (a->n >= a->max || access(path, F_OK) || !realpath(path, r))
		return;
	/* the same file through another name (a link, /lib -> /usr/lib): once */
	for (i = 0; i < a->n; i++)
		if (!strcmp(a->real[i], r) && !strcmp(strrchr(a->out[i].path, '/'), strrchr(path, '/')))
			return;
	/* the directory without ".." and links, the file under its own name */
	snprintf(d, sizeof(d), "%.*s", (int)(strrchr(path, '/') - path), path);
	if (d[0] && realpath(d, rd))
		snprintf(a->out[a->n].path, sizeof(a->out[a->n].path), "%s%s", rd, strrchr(path, '/'));
	else
		snprintf(a->out[a->n].path, sizeof(a->out[a->n].path), "%s", path);
	a->out[a->n].how = how;
	a->out[a->n].cls = gt_elf_class(path);
	memcpy(a->real[a->n], r, sizeof(r));
	a->n++;
}

static void scan_dir(struct acc *a, const char *dir, const char *stem, const char *how)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[1024];

	while (d && (de = readdir(d)))
		if (matches(de->d_name, stem)) {
			snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
			add(a, p, how);
		}
	if (d)
		closedir(d);
}

/* ld.so.cache as ldconfig prints it: "\tNAME (FLAGS) => PATH" */
static void scan_cache(struct acc *a, const char *stem)
{
	static const char *const tools[] = {"/sbin/ldconfig", "/usr/sbin/ldconfig"};
	char cmd[64], line[2048];
	size_t i;
	FILE *f = NULL;

	for (i = 0; i < 2 && !f; i++)
		if (!access(tools[i], X_OK)) {
			snprintf(cmd, sizeof(cmd), "%s -p 2>/dev/null", tools[i]);
			f = popen(cmd, "r");
		}
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *name = line + strspn(line, " \t"), *sp = strchr(name, ' '), *arrow;
		if (!sp || !(arrow = strstr(sp, "=> ")))
			continue;
		*sp = 0;
		arrow[3 + strcspn(arrow + 3, "\n")] = 0;
		if (matches(name, stem))
			add(a, arrow + 3, "ld.so.cache");
	}
	pclose(f);
}

size_t gt_lib_find(const char *stem, const char *const *dirs, size_t ndirs,
		   struct gt_libfile *out, size_t max)
{
	struct acc a = {out, 0, max, gt_xcalloc(max, PATH_MAX)};
	glob_t g;
	size_t i, k;

	for (i = 0; i < ndirs; i++)
		scan_dir(&a, dirs[i], stem, "a directory this trace names");
	scan_cache(&a, stem);
	for (i = 0; i < GT_ARRAY_SIZE(prefixes); i++)
		scan_dir(&a, prefixes[i], stem, "usual prefix");
	for (k = 0; k < 2; k++)
		if (!glob(k ? "/opt/*/lib64" : "/opt/*/lib", 0, NULL, &g)) {
			for (i = 0; i < g.gl_pathc; i++)
				scan_dir(&a, g.gl_pathv[i], stem, "usual prefix");
			globfree(&g);
		}
	free(a.real);
	return a.n;
}

int gt_lib_owner(const char *path, char *pkg, size_t size)
{
	char alt[1100], cmd[1300], line[2048];
	const char *tries[2] = {path, NULL};
	size_t i;
	int rc = -1;

	if (access("/usr/bin/dpkg", X_OK) || strpbrk(path, "'\n"))
		return -1;
	/* Debian 12 lists many files under /lib that live in /usr/lib (merged /usr) */
	if (!strncmp(path, "/usr/lib/", 9))
		snprintf(alt, sizeof(alt), "%s", path + 4);
	else if (!strncmp(path, "/lib/", 5) || !strncmp(path, "/lib64/", 7) || !strncmp(path, "/lib32/", 7))
		snprintf(alt, sizeof(alt), "/usr%s", path);
	else
		alt[0] = 0;
	tries[1] = alt[0] ? alt : NULL;
	for (i = 0; i < 2 && rc && tries[i]; i++) {
		FILE *f;
		snprintf(cmd, sizeof(cmd), "/usr/bin/dpkg -S '%s' 2>/dev/null", tries[i]);
		if (!(f = popen(cmd, "r")))
			continue;
		/* "libacl1:amd64: /lib/x86_64-linux-gnu/libacl.so.1" */
		if (fgets(line, sizeof(line), f)) {
			char *sep = strstr(line, ": /");
			if (sep) {
				snprintf(pkg, size, "%.*s", (int)(sep - line), line);
				rc = 0;
			}
		}
		pclose(f);
	}
	return rc;
}

/* The first line COMMAND prints, without its newline, into OUT; 0 or -1. */
static int first_line(const char *cmd, char *out, size_t size)
{
	FILE *f = popen(cmd, "r");
	int rc = -1;

	if (!f)
		return -1;
	if (fgets(out, (int)size, f)) {
		out[strcspn(out, "\n")] = 0;
		rc = out[0] ? 0 : -1;
	}
	pclose(f);
	return rc;
}

/* The source package of CAND by apt-cache ("Source: acl (2.3.1-3)"; none: CAND itself), into OUT. */
static int apt_source(const char *cand, char *out, size_t size)
{
	char cmd[700], line[512];
	FILE *f;
	int rc = -1;

	snprintf(cmd, sizeof(cmd), "apt-cache show --no-all-versions '%s' 2>/dev/null", cand);
	if ((size_t)snprintf(out, size, "%s", cand) >= size || !(f = popen(cmd, "r")))
		return -1; /* a name that does not fit is no package name */
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Package:", 8))
			rc = 0;
		if (!strncmp(line, "Source: ", 8))
			snprintf(out, size, "%.*s", (int)strcspn(line + 8, " \n"), line + 8);
		if (line[0] == '\n')
			break;
	}
	pclose(f);
	return rc;
}

int gt_lib_dev_package(const char *pkg, char *out, size_t size, char *src, size_t srcsize)
{
	char name[200], stem[200], cmd[600], cand[512], csrc[256];
	size_t n = strcspn(pkg, ":");
	FILE *f;
	int rc = -1;

	if (n == 0 || n >= sizeof(name) || access("/usr/bin/dpkg-query", X_OK) || access("/usr/bin/apt-cache", X_OK))
		return -1;
	snprintf(name, sizeof(name), "%.*s", (int)n, pkg);
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789.+-") != n)
		return -1; /* only Debian package names reach a shell */
	snprintf(cmd, sizeof(cmd), "dpkg-query -W -f='${source:Package}' '%s' 2>/dev/null", name);
	if (first_line(cmd, src, srcsize) < 0 || strspn(src, "abcdefghijklmnopqrstuvwxyz0123456789.+-") != strlen(src))
		return -1;
	/* libzstd1 -> libzstd, libssl3 -> libssl: the name without its soname version */
	snprintf(stem, sizeof(stem), "%s", name);
	while (strlen(stem) > 3 && strchr("0123456789.", stem[strlen(stem) - 1]))
		stem[strlen(stem) - 1] = 0;
	snprintf(cmd, sizeof(cmd), "apt-cache search --names-only '^%s.*-dev$' 2>/dev/null", stem);
	if (!(f = popen(cmd, "r")))
		return -1;
	while (rc && fgets(cand, sizeof(cand), f)) {
		cand[strcspn(cand, " \n")] = 0;
		if (strspn(cand, "abcdefghijklmnopqrstuvwxyz0123456789.+-") != strlen(cand))
			continue;
		if (apt_source(cand, csrc, sizeof(csrc)) == 0 && !strcmp(csrc, src)) {
			snprintf(out, size, "%s", cand);
			rc = 0;
		}
	}
	pclose(f);
	return rc;
}

int gt_contents_package(const char *name, const char *lists, char *pkg, size_t size, char *file, size_t fsize)
{
	char pat[4200], cmd[4400], line[4096];
	glob_t g;
	size_t i, nl = strlen(name);
	int rc = -1;

	if (!nl || strpbrk(name, "'\n") || access("/usr/lib/apt/apt-helper", X_OK))
		return -1;
	snprintf(pat, sizeof(pat), "%s/*Contents-*", lists);
	if (glob(pat, 0, NULL, &g) != 0)
		return -1;
	for (i = 0; i < g.gl_pathc && rc; i++) {
		FILE *f;
		if (strpbrk(g.gl_pathv[i], "'\n") || strstr(g.gl_pathv[i], ".diff"))
			continue;
		snprintf(cmd, sizeof(cmd), "/usr/lib/apt/apt-helper cat-file '%s' 2>/dev/null", g.gl_pathv[i]);
		if (!(f = popen(cmd, "r")))
			continue;
		/* "usr/include/zstd.h          libdevel/libzstd-dev" */
		while (rc && fgets(line, sizeof(line), f)) {
			size_t pl = strcspn(line, " \t");
			char *list = line + pl, *end;
			if (pl <= nl || line[pl - nl - 1] != '/' || strncmp(line + pl - nl, name, nl) ||
			    (strncmp(line, "usr/include/", 12) && strncmp(line, "usr/lib/", 8) &&
			     strncmp(line, "usr/local/include/", 18)))
				continue;
			list += strspn(list, " \t");
			end = list + strcspn(list, ",\n");
			*end = 0;
			snprintf(pkg, size, "%s", strrchr(list, '/') ? strrchr(list, '/') + 1 : list);
			snprintf(file, fsize, "/%.*s", (int)pl, line);
			rc = pkg[0] ? 0 : -1;
		}
		pclose(f);
	}
	globfree(&g);
	return rc;
}
