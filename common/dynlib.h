/*
 * A shared library loaded on first use (dlopen), for the subcommands that
 * need one gotrace should not map at every start (libcurl for probe,
 * libzip for verify: probe/curlload.c, verify/zipload.c).
 */
#ifndef GT_DYNLIB_H
#define GT_DYNLIB_H

#include <pthread.h>

struct gt_dynlib {
	const char *soname; /* "libcurl.so.4" */
	const char *what;   /* "libcurl", for messages */
	pthread_mutex_t mu;
	int tried;
	void *h;
	char why[256];      /* why it or a function of it could not be had, or empty */
};

#define GT_DYNLIB_INIT(soname, what) {soname, what, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""}

/* NAME in L (loading L the first time), or NULL with the reason kept in L. Thread-safe. */
void *gt_dynlib_sym(struct gt_dynlib *l, const char *name);
/* Why L or a function of it could not be had, or NULL. */
const char *gt_dynlib_error(struct gt_dynlib *l);

/*
 * In a stand-in for NAME: f_, the real NAME of function pointer type TYPE
 * from LIB, looked up once (a race only looks it up twice), NULL when it
 * cannot be had.
 */
#define GT_DYNLIB_REAL(lib, type, name)                                         \
	static __typeof__((type)0) real_;                                       \
	__typeof__((type)0) f_ = __atomic_load_n(&real_, __ATOMIC_ACQUIRE);     \
	if (!f_) {                                                              \
		f_ = (type)gt_dynlib_sym(&(lib), #name);                        \
		__atomic_store_n(&real_, f_, __ATOMIC_RELEASE);                 \
	}

#endif
