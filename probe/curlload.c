/*
 * libcurl, loaded when first called. Only `gotrace probe` (and --version)
 * talk HTTP; linking libcurl would make every gotrace start map the thirty
 * libraries it brings (TLS, Kerberos, LDAP, IDN...), about 10 ms on each
 * traced command. These functions stand in for libcurl's own under the
 * same names: each finds the real one in libcurl.so.4 on first use; when
 * the library cannot be loaded they fail as libcurl reports failures
 * (NULL, CURLE_FAILED_INIT), and curl_load_error() says why.
 *
 * curl_easy_setopt, curl_easy_getinfo and curl_share_setopt take one
 * more argument of type long, pointer or curl_off_t: on the x86_64 ABI
 * each is one 8-byte integer-class slot, passed on as a pointer.
 */
#define CURL_DISABLE_TYPECHECK
#include "curlload.h"

#include <stdarg.h>

#include "../common/dynlib.h"

_Static_assert(sizeof(long) == sizeof(void *) && sizeof(curl_off_t) == sizeof(void *),
	       "the variadic argument of curl_easy_setopt is passed on as one pointer-sized slot");

static struct gt_dynlib curl = GT_DYNLIB_INIT("libcurl.so.4", "libcurl");

const char *curl_load_error(void)
{
	return gt_dynlib_error(&curl);
}

const char *curl_unavailable(void)
{
	return gt_dynlib_sym(&curl, "curl_easy_init") ? NULL : gt_dynlib_error(&curl);
}

#define REAL(type, name) GT_DYNLIB_REAL(curl, type, name)

CURLcode curl_global_init(long flags)
{
	REAL(CURLcode (*)(long), curl_global_init);
	return f_ ? f_(flags) : CURLE_FAILED_INIT;
}

curl_version_info_data *curl_version_info(CURLversion v)
{
	REAL(curl_version_info_data * (*)(CURLversion), curl_version_info);
	return f_ ? f_(v) : NULL;
}

CURL *curl_easy_init(void)
{
	REAL(CURL * (*)(void), curl_easy_init);
	return f_ ? f_() : NULL;
}

CURLcode curl_easy_setopt(CURL *h, CURLoption o, ...)
{
	va_list ap;
	void *v;

	REAL(CURLcode (*)(CURL *, CURLoption, ...), curl_easy_setopt);
	va_start(ap, o);
	v = va_arg(ap, void *);
	va_end(ap);
	return f_ ? f_(h, o, v) : CURLE_FAILED_INIT;
}

CURLcode curl_easy_getinfo(CURL *h, CURLINFO i, ...)
{
	va_list ap;
	void *v;

	REAL(CURLcode (*)(CURL *, CURLINFO, ...), curl_easy_getinfo);
	va_start(ap, i);
	v = va_arg(ap, void *);
	va_end(ap);
	return f_ ? f_(h, i, v) : CURLE_FAILED_INIT;
}

CURLcode curl_easy_perform(CURL *h)
{
	REAL(CURLcode (*)(CURL *), curl_easy_perform);
	return f_ ? f_(h) : CURLE_FAILED_INIT;
}

void curl_easy_reset(CURL *h)
{
	REAL(void (*)(CURL *), curl_easy_reset);
	if (f_)
		f_(h);
}

void curl_easy_cleanup(CURL *h)
{
	REAL(void (*)(CURL *), curl_easy_cleanup);
	if (f_)
		f_(h);
}

const char *curl_easy_strerror(CURLcode c)
{
	REAL(const char *(*)(CURLcode), curl_easy_strerror);
	return f_ ? f_(c) : "libcurl could not be loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
	REAL(struct curl_slist * (*)(struct curl_slist *, const char *), curl_slist_append);
	return f_ ? f_(l, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *l)
{
	REAL(void (*)(struct curl_slist *), curl_slist_free_all);
	if (f_)
		f_(l);
}

CURLSH *curl_share_init(void)
{
	REAL(CURLSH * (*)(void), curl_share_init);
	return f_ ? f_() : NULL;
}

CURLSHcode curl_share_setopt(CURLSH *s, CURLSHoption o, ...)
{
	va_list ap;
	void *v;

	REAL(CURLSHcode (*)(CURLSH *, CURLSHoption, ...), curl_share_setopt);
	va_start(ap, o);
	v = va_arg(ap, void *);
	va_end(ap);
	return f_ ? f_(s, o, v) : CURLSHE_NOT_BUILT_IN;
}

CURLSHcode curl_share_cleanup(CURLSH *s)
{
	REAL(CURLSHcode (*)(CURLSH *), curl_share_cleanup);
	return f_ ? f_(s) : CURLSHE_NOT_BUILT_IN;
}
