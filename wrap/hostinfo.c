/*
 * Host facts recorded once per run, so a trace read on another machine
 * (gotrace diff) still says where it was made.
 */
#include "hostinfo.h"

#include <gnu/libc-version.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../common/json.h"
#include "../common/schema.h"

/* The value of KEY in /etc/os-release, unquoted, into OUT. */
static int os_release(const char *key, char *out, size_t size)
{
	FILE *f = fopen("/etc/os-release", "re");
	char line[512];
	size_t kl = strlen(key);
	int found = 0;

	if (!f)
		f = fopen("/usr/lib/os-release", "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char *v, *e;
		if (strncmp(line, key, kl) || line[kl] != '=')
			continue;
		v = line + kl + 1;
		v[strcspn(v, "\n")] = '\0';
		if (*v == '"' || *v == '\'') {
			e = strrchr(v + 1, *v);
			if (e)
				*e = '\0';
			v++;
		}
		snprintf(out, size, "%s", v);
		found = 1;
	}
	fclose(f);
	return found;
}

void gt_hostinfo_put(struct gt_buf *b)
{
	struct utsname u;
	char distro[512], kernel[sizeof(u.release) + sizeof(u.version) + 2];

	gt_json_key(b, GT_KEY(run, host));
	gt_buf_putc(b, '{');
	if (uname(&u) == 0) {
		snprintf(kernel, sizeof(kernel), "%s %s", u.release, u.version);
		gt_json_key1(b, GT_KEY(host, kernel));
		gt_json_cstr(b, kernel);
		gt_json_key(b, GT_KEY(host, arch));
		gt_json_cstr(b, u.machine);
	} else {
		gt_json_key1(b, GT_KEY(host, kernel));
		gt_buf_puts(b, "null");
	}
	gt_json_key(b, GT_KEY(host, libc));
	gt_buf_puts(b, "\"glibc ");
	gt_buf_puts(b, gnu_get_libc_version());
	gt_buf_putc(b, '"');
	if (os_release("PRETTY_NAME", distro, sizeof(distro))) {
		gt_json_key(b, GT_KEY(host, distro));
		gt_json_cstr(b, distro);
	}
	gt_json_key(b, GT_KEY(host, cpus));
	gt_buf_i64(b, sysconf(_SC_NPROCESSORS_ONLN));
	gt_buf_putc(b, '}');
}

void gt_hostinfo_now(struct gt_buf *b)
{
	struct timespec ts;
	struct tm tm;
	char s[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(s + strlen(s), sizeof(s) - strlen(s), ".%03ldZ", ts.tv_nsec / 1000000);
	gt_json_cstr(b, s);
}
