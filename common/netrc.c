/*
 * .netrc, parsed as cmd/go/internal/auth does: names, logins and lines; a
 * password only on request, for a request made now (see netrc.h).
 */
#include "netrc.h"

#include <stdio.h>
#include <string.h>

#include "files.h"

/*
 * Both readers: the complete entries into E (at most MAX); when PW is not
 * NULL, the password of entry number WANT into PW (SIZE) instead, for a
 * request made now -- it is never kept or printed.
 */
static int netrc_scan(const char *path, struct gt_netrc_entry *e, int max, int want, char *pw, size_t pwsize)
{
	FILE *f = gt_fopen_text(path, GT_TEXT_MAX);
	char line[4096];
	long no = 0;
	int n = 0, macro = 0, stop = 0;
	struct gt_netrc_entry cur;
	int have_pw = 0;
	char curpw[512] = "";

	if (!f)
		return -1;
	memset(&cur, 0, sizeof(cur));
	while (!stop && fgets(line, sizeof(line), f)) {
		char *tok[64], *save = NULL, *t;
		int nt = 0, i;
		no++;
		line[strcspn(line, "\r\n")] = 0;
		if (macro) {
			if (!line[0])
				macro = 0;
			continue;
		}
		for (t = strtok_r(line, " \t", &save); t && nt < 64; t = strtok_r(NULL, " \t", &save))
			tok[nt++] = t;
		for (i = 0; i + 1 < nt; i += 2) {
			if (!strcmp(tok[i], "machine")) {
				memset(&cur, 0, sizeof(cur));
				have_pw = 0;
				snprintf(cur.machine, sizeof(cur.machine), "%s", tok[i + 1]);
				cur.line = no;
			} else if (!strcmp(tok[i], "login")) {
				snprintf(cur.login, sizeof(cur.login), "%s", tok[i + 1]);
			} else if (!strcmp(tok[i], "password")) {
				have_pw = 1;
				snprintf(curpw, sizeof(curpw), "%s", tok[i + 1]);
			} else if (!strcmp(tok[i], "macdef")) {
				macro = 1;
			}
			if (cur.machine[0] && cur.login[0] && have_pw) {
				if (pw && n == want)
					snprintf(pw, pwsize, "%s", curpw);
				if (!pw && n < max)
					e[n] = cur;
				n++;
				memset(&cur, 0, sizeof(cur));
				have_pw = 0;
			}
		}
		if (i < nt && !strcmp(tok[i], "default"))
			stop = 1;
	}
	fclose(f);
	memset(curpw, 0, sizeof(curpw));
	memset(line, 0, sizeof(line));
	return pw || n <= max ? n : max;
}

int gt_netrc_read(const char *path, struct gt_netrc_entry *e, int max)
{
	return netrc_scan(path, e, max, -1, NULL, 0);
}

int gt_netrc_password(const char *path, int want, char *pw, size_t size)
{
	pw[0] = 0;
	return netrc_scan(path, NULL, 0, want, pw, size) < 0 || !pw[0] ? -1 : 0;
}

