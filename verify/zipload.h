/*
 * libzip's library, loaded on first use (zipload.c): whether it can be.
 */
#ifndef GT_ZIPLOAD_H
#define GT_ZIPLOAD_H

/* NULL when libzip can be used; else why not (loads it). */
const char *zip_unavailable(void);

#endif
