/* password.c: PBKDF2-HMAC-SHA256 password storage; see password.h. */
#include "password.h"

#include "base64.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define SCHEME "pbkdf2-sha256$"
#define SCHEME_LEN 14
#define SALT_B64_LEN 24 /* padded base64 of 16 bytes */
#define KEY_B64_LEN 44	/* padded base64 of 32 bytes */
#define ITER_DIGITS_MAX 8
#define DERIVE_MAX 64

typedef struct stored_hash {
	unsigned iterations;
	unsigned char salt[PASSWORD_SALT_LEN];
	unsigned char key[PASSWORD_KEY_LEN];
} stored_hash;

int password_pbkdf2(const char *pw, size_t len, const unsigned char *salt, size_t saltlen,
		    unsigned iterations, unsigned char *key, size_t keylen)
{
	unsigned char tmp[DERIVE_MAX];
	static const unsigned char empty[1];

	if ((pw == NULL && len > 0) || len > PASSWORD_MAX_LEN || (salt == NULL && saltlen > 0) ||
	    saltlen > 64 || iterations < 1 || iterations > INT_MAX || key == NULL || keylen < 1 ||
	    keylen > DERIVE_MAX)
		return -1;
	/* OpenSSL wants non-NULL pointers even for empty inputs. */
	if (PKCS5_PBKDF2_HMAC(len ? pw : (const char *)empty, (int)len, saltlen ? salt : empty,
			      (int)saltlen, (int)iterations, EVP_sha256(), (int)keylen, tmp) != 1) {
		OPENSSL_cleanse(tmp, sizeof tmp);
		return -1;
	}
	memcpy(key, tmp, keylen);
	OPENSSL_cleanse(tmp, sizeof tmp);
	return 0;
}

int password_hash(const char *pw, size_t len, unsigned iterations, char out[PASSWORD_HASH_MAX])
{
	unsigned char salt[PASSWORD_SALT_LEN], key[PASSWORD_KEY_LEN];
	char salt64[SALT_B64_LEN + 1], key64[KEY_B64_LEN + 1];
	char buf[PASSWORD_HASH_MAX];
	int n, rc = -1;

	if (out == NULL || iterations < PASSWORD_MIN_ITERATIONS ||
	    iterations > PASSWORD_MAX_ITERATIONS)
		return -1;
	if (RAND_bytes(salt, sizeof salt) != 1)
		return -1;
	if (password_pbkdf2(pw, len, salt, sizeof salt, iterations, key, sizeof key) < 0)
		goto error;
	if (b64_encode(salt, sizeof salt, salt64, sizeof salt64) != SALT_B64_LEN ||
	    b64_encode(key, sizeof key, key64, sizeof key64) != KEY_B64_LEN)
		goto error;
	n = snprintf(buf, sizeof buf, SCHEME "%u$%s$%s", iterations, salt64, key64);
	if (n < 0 || (size_t)n >= sizeof buf)
		goto error;
	memcpy(out, buf, (size_t)n + 1);
	rc = 0;
error:
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(key64, sizeof key64);
	return rc;
}

/* Parses the iteration count: digits only, no leading zero, policy range. */
static int iterations_parse(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > ITER_DIGITS_MAX || s[0] == '0')
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < PASSWORD_MIN_ITERATIONS || v > PASSWORD_MAX_ITERATIONS)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* Parses a whole stored string into *h. Returns 0, or -1 if malformed. */
static int stored_parse(const char *stored, stored_hash *h)
{
	const char *p, *d1, *d2;
	size_t n;

	if (stored == NULL)
		return -1;
	n = strnlen(stored, PASSWORD_HASH_MAX);
	if (n >= PASSWORD_HASH_MAX || n < SCHEME_LEN || memcmp(stored, SCHEME, SCHEME_LEN) != 0)
		return -1;
	p = stored + SCHEME_LEN;
	n -= SCHEME_LEN;
	d1 = memchr(p, '$', n);
	if (d1 == NULL || iterations_parse(p, (size_t)(d1 - p), &h->iterations) < 0)
		return -1;
	n -= (size_t)(d1 + 1 - p);
	d2 = d1 + 1 + SALT_B64_LEN;
	/* The rest is exactly "<salt>$<key>". */
	if (n != SALT_B64_LEN + 1 + KEY_B64_LEN || *d2 != '$')
		return -1;
	if (b64_decode(d1 + 1, SALT_B64_LEN, h->salt, sizeof h->salt) != PASSWORD_SALT_LEN ||
	    b64_decode(d2 + 1, KEY_B64_LEN, h->key, sizeof h->key) != PASSWORD_KEY_LEN)
		return -1;
	return 0;
}

unsigned password_iterations(const char *stored)
{
	stored_hash h;

	if (stored_parse(stored, &h) < 0)
		return 0;
	return h.iterations;
}

int password_verify(const char *pw, size_t len, const char *stored)
{
	unsigned char key[PASSWORD_KEY_LEN];
	stored_hash h;
	int rc;

	if ((pw == NULL && len > 0) || stored_parse(stored, &h) < 0)
		return -1;
	if (len > PASSWORD_MAX_LEN)
		return 0;
	if (password_pbkdf2(pw, len, h.salt, sizeof h.salt, h.iterations, key, sizeof key) < 0)
		return -1;
	rc = CRYPTO_memcmp(key, h.key, sizeof key) == 0;
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(&h, sizeof h);
	return rc;
}
