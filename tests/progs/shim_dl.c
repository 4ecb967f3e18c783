/*
 * dlopen a library that does not exist (the program must still get the
 * error from dlerror), then argv[1] (found through this program's own
 * RUNPATH when the name has no slash) and call its gt_plug().
 *
 * Checked by tests/e2e/t_shim.sh ("dlopen"): dlerror still gives the
 * program its text, the trace names the file loaded.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	void *h = dlopen("libgt-surely-missing.so.9", RTLD_NOW);
	const char *err = dlerror();
	int (*fn)(void);

	if (h || !err || !strstr(err, "libgt-surely-missing.so.9")) {
		printf("missing: h=%p err=%s\n", h, err ? err : "(null)");
		return 3;
	}
	if (dlerror() != NULL)
		return 4; /* dlerror clears */
	if (argc < 2)
		return 0;
	h = dlopen(argv[1], RTLD_LAZY | RTLD_GLOBAL);
	if (!h) {
		printf("load: %s\n", dlerror());
		return 5;
	}
	fn = (int (*)(void))dlsym(h, "gt_plug");
	printf("plug says %d\n", fn ? fn() : -1);
	return 0;
}
