/* See cryptoload.h. */
#include "cryptoload.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "../common/dynlib.h"

static struct gt_dynlib crypto = GT_DYNLIB_INIT("libcrypto.so.3", "libcrypto");

#define REAL(type, name) GT_DYNLIB_REAL(crypto, type, name)

const char *gt_crypto_error(void)
{
	return gt_dynlib_error(&crypto);
}

const char *gt_crypto_version(void)
{
	REAL(const char *(*)(int), OpenSSL_version);
	return f_ ? f_(OPENSSL_VERSION) : NULL;
}

static EVP_PKEY *new_key(const unsigned char *key)
{
	REAL(EVP_PKEY * (*)(int, ENGINE *, const unsigned char *, size_t), EVP_PKEY_new_raw_public_key);
	return f_ ? f_(EVP_PKEY_ED25519, NULL, key, 32) : NULL;
}

static EVP_MD_CTX *new_ctx(void)
{
	REAL(EVP_MD_CTX * (*)(void), EVP_MD_CTX_new);
	return f_ ? f_() : NULL;
}

static int verify_init(EVP_MD_CTX *c, EVP_PKEY *k)
{
	REAL(int (*)(EVP_MD_CTX *, EVP_PKEY_CTX **, const EVP_MD *, ENGINE *, EVP_PKEY *), EVP_DigestVerifyInit);
	return f_ ? f_(c, NULL, NULL, NULL, k) : -1;
}

static int verify(EVP_MD_CTX *c, const unsigned char *sig, const void *msg, size_t len)
{
	REAL(int (*)(EVP_MD_CTX *, const unsigned char *, size_t, const unsigned char *, size_t), EVP_DigestVerify);
	return f_ ? f_(c, sig, 64, msg, len) : -1;
}

static void free_ctx(EVP_MD_CTX *c)
{
	REAL(void (*)(EVP_MD_CTX *), EVP_MD_CTX_free);
	if (f_ && c)
		f_(c);
}

static void free_key(EVP_PKEY *k)
{
	REAL(void (*)(EVP_PKEY *), EVP_PKEY_free);
	if (f_ && k)
		f_(k);
}

int gt_ed25519_verify(const unsigned char key[32], const unsigned char sig[64], const void *msg, size_t len)
{
	EVP_PKEY *k;
	EVP_MD_CTX *c;
	int ok;

	if (!gt_dynlib_sym(&crypto, "EVP_DigestVerify"))
		return -1;
	k = new_key(key);
	c = new_ctx();
	ok = k && c && verify_init(c, k) == 1 && verify(c, sig, msg, len) == 1;
	free_ctx(c);
	free_key(k);
	return ok;
}
