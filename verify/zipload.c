/*
 * libzip, loaded when first called: only `gotrace verify` (and --version)
 * reads zip files, and every traced command would otherwise map it at
 * start (see probe/curlload.c). These functions stand in for libzip's own
 * under the same names and find the real ones in libzip.so.4 on first
 * use; when the library cannot be loaded they fail as libzip reports
 * failures (NULL, -1, ZIP_ER_INTERNAL), and the error strings say why.
 */
#include <zip.h>

#include "../common/dynlib.h"
#include "zipload.h"

static struct gt_dynlib zip = GT_DYNLIB_INIT("libzip.so.4", "libzip");

/* what the error strings say when libzip is not there */
static const char *why(void)
{
	const char *w = gt_dynlib_error(&zip);

	return w ? w : "libzip could not be loaded";
}

const char *zip_unavailable(void)
{
	return gt_dynlib_sym(&zip, "zip_open") ? NULL : why();
}

#define REAL(type, name) GT_DYNLIB_REAL(zip, type, name)

zip_t *zip_open(const char *path, int flags, int *errorp)
{
	REAL(zip_t * (*)(const char *, int, int *), zip_open);
	if (!f_ && errorp)
		*errorp = ZIP_ER_INTERNAL;
	return f_ ? f_(path, flags, errorp) : NULL;
}

zip_int64_t zip_get_num_entries(zip_t *z, zip_flags_t fl)
{
	REAL(zip_int64_t (*)(zip_t *, zip_flags_t), zip_get_num_entries);
	return f_ ? f_(z, fl) : -1;
}

const char *zip_get_name(zip_t *z, zip_uint64_t i, zip_flags_t fl)
{
	REAL(const char *(*)(zip_t *, zip_uint64_t, zip_flags_t), zip_get_name);
	return f_ ? f_(z, i, fl) : NULL;
}

zip_file_t *zip_fopen_index(zip_t *z, zip_uint64_t i, zip_flags_t fl)
{
	REAL(zip_file_t * (*)(zip_t *, zip_uint64_t, zip_flags_t), zip_fopen_index);
	return f_ ? f_(z, i, fl) : NULL;
}

zip_int64_t zip_fread(zip_file_t *f, void *buf, zip_uint64_t n)
{
	REAL(zip_int64_t (*)(zip_file_t *, void *, zip_uint64_t), zip_fread);
	return f_ ? f_(f, buf, n) : -1;
}

int zip_fclose(zip_file_t *f)
{
	REAL(int (*)(zip_file_t *), zip_fclose);
	return f_ ? f_(f) : ZIP_ER_INTERNAL;
}

void zip_discard(zip_t *z)
{
	REAL(void (*)(zip_t *), zip_discard);
	if (f_)
		f_(z);
}

const char *zip_strerror(zip_t *z)
{
	REAL(const char *(*)(zip_t *), zip_strerror);
	return f_ ? f_(z) : why();
}

const char *zip_file_strerror(zip_file_t *f)
{
	REAL(const char *(*)(zip_file_t *), zip_file_strerror);
	return f_ ? f_(f) : why();
}

void zip_error_init_with_code(zip_error_t *e, int code)
{
	REAL(void (*)(zip_error_t *, int), zip_error_init_with_code);
	if (f_)
		f_(e, code);
}

const char *zip_error_strerror(zip_error_t *e)
{
	REAL(const char *(*)(zip_error_t *), zip_error_strerror);
	return f_ ? f_(e) : why();
}

void zip_error_fini(zip_error_t *e)
{
	REAL(void (*)(zip_error_t *), zip_error_fini);
	if (f_)
		f_(e);
}

const char *zip_libzip_version(void)
{
	REAL(const char *(*)(void), zip_libzip_version);
	return f_ ? f_() : "?";
}
