/* See dynlib.h. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

void *gt_dynlib_sym(struct gt_dynlib *l, const char *name)
{
	void *f = NULL;

	pthread_mutex_lock(&l->mu);
	if (!l->tried) {
		l->tried = 1;
		l->h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
		if (!l->h)
			snprintf(l->why, sizeof(l->why), "cannot load %s: %s", l->what, dlerror());
	}
	if (l->h) {
		f = dlsym(l->h, name);
		if (!f)
			snprintf(l->why, sizeof(l->why), "%s has no %s", l->soname, name);
	}
	pthread_mutex_unlock(&l->mu);
	return f;
}

const char *gt_dynlib_error(struct gt_dynlib *l)
{
	const char *r;

	pthread_mutex_lock(&l->mu);
	r = l->why[0] ? l->why : NULL;
	pthread_mutex_unlock(&l->mu);
	return r;
}
