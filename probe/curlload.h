/*
 * libcurl's API, its library loaded on first use (curlload.c). Include
 * this instead of <curl/curl.h> where the probe needs to say why libcurl
 * could not be used.
 */
#ifndef GT_CURLLOAD_H
#define GT_CURLLOAD_H

#include <curl/curl.h>

/* Why libcurl could not be loaded or lacks a function, or NULL. */
const char *curl_load_error(void);
/* NULL when libcurl can be used; else why not (loads it). */
const char *curl_unavailable(void);

#endif
