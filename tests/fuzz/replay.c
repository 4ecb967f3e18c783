/*
 * Replays fuzz inputs without libFuzzer, so `make check` (and, under
 * sanitizers, `make check-asan`) runs every input of the corpus and every
 * crash ever found: each argument is a file, or a directory of them.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return 1;
	}
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct dirent **names;
			int n = scandir(argv[i], &names, NULL, alphasort), k;
			for (k = 0; k < n; k++) {
				char p[4096];
				if (names[k]->d_name[0] != '.') {
					snprintf(p, sizeof(p), "%s/%s", argv[i], names[k]->d_name);
					bad |= one(p);
					count++;
				}
				free(names[k]);
			}
			free(names);
		} else {
			bad |= one(argv[i]);
			count++;
		}
	}
	printf("replayed %u inputs\n", count);
	return bad;
}
