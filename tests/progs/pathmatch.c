/*
 * pathmatch: reads "PATTERN<TAB>NAME" lines and prints each with
 * gt_path_match's answer (1 match, 0 none, -1 malformed pattern).
 *
 * Checked by tests/e2e/t_modpath.sh: the same answers as Go's path.Match,
 * run there on the same lines.
 */
#include <stdio.h>
#include <string.h>

#include "../../common/modpath.c"

int main(void)
{
	char line[2048];

	while (fgets(line, sizeof(line), stdin)) {
		char *tab;
		line[strcspn(line, "\n")] = '\0';
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		printf("%s\t%s\t%d\n", line, tab + 1, gt_path_match(line, tab + 1));
	}
	return 0;
}
