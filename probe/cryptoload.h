/*
 * The two things gotrace needs from libcrypto, which is loaded on first
 * use (cryptoload.c): its SHA-256 is gotrace's own (common/h1.h), so a
 * traced run never maps libcrypto (2.5 ms at every start).
 */
#ifndef GT_CRYPTOLOAD_H
#define GT_CRYPTOLOAD_H

#include <stddef.h>

/*
 * Whether SIG (64 bytes) is KEY's (32 bytes) Ed25519 signature of MSG: 1
 * yes, 0 no, -1 when libcrypto cannot be had (gt_crypto_error says why).
 */
int gt_ed25519_verify(const unsigned char key[32], const unsigned char sig[64], const void *msg, size_t len);
/* libcrypto's version text ("OpenSSL 3.0.x ..."), or NULL when it cannot be loaded. */
const char *gt_crypto_version(void);
/* Why libcrypto could not be loaded, or NULL. */
const char *gt_crypto_error(void);

#endif
