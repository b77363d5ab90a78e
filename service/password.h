/*
 * password.h: password storage with PBKDF2-HMAC-SHA256.
 *
 * Stored form: "pbkdf2-sha256$<iterations>$<b64 salt>$<b64 hash>" with
 * standard padded base64, a 16-byte random salt and a 32-byte hash, e.g.
 * "pbkdf2-sha256$600000$<24 chars>$<44 chars>".
 *
 * Ownership: the caller owns every buffer; nothing here allocates or keeps a
 * pointer. Every function is thread-safe (meant for worker threads). Passwords
 * are bytes (the UTF-8 the client sent), not NUL-terminated strings.
 */
#ifndef PASSERELLE_PASSWORD_H
#define PASSERELLE_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX 160
#define PASSWORD_DEFAULT_ITERATIONS 600000
#define PASSWORD_MIN_ITERATIONS 1000
#define PASSWORD_MAX_ITERATIONS 10000000
/* Longest password accepted, in bytes; longer ones never hash nor match. */
#define PASSWORD_MAX_LEN 1024
#define PASSWORD_SALT_LEN 16
#define PASSWORD_KEY_LEN 32

/*
 * Thread-safe (runs on worker threads). Returns 0 and fills out, or -1 (out
 * untouched) when iterations is outside 1000..10000000, len is over
 * PASSWORD_MAX_LEN, pw is NULL with len > 0, or no random salt could be had.
 */
int password_hash(const char *pw, size_t len, unsigned iterations, char out[PASSWORD_HASH_MAX]);

/*
 * 1 = matches, 0 = does not, -1 = stored string malformed (or pw NULL with
 * len > 0, or the hash could not be computed). Constant-time comparison.
 * A password longer than PASSWORD_MAX_LEN does not match.
 */
int password_verify(const char *pw, size_t len, const char *stored);

/*
 * Iteration count of a well-formed stored string, or 0 if it is malformed.
 * Lets a login re-hash a password stored with fewer than the current default.
 */
unsigned password_iterations(const char *stored);

/*
 * Raw PBKDF2-HMAC-SHA256: derives keylen bytes (1..64) into key from pw
 * (len <= PASSWORD_MAX_LEN), salt (saltlen <= 64) and iterations (>= 1; no
 * policy minimum here). Returns 0, or -1 with key untouched.
 */
int password_pbkdf2(const char *pw, size_t len, const unsigned char *salt, size_t saltlen,
		    unsigned iterations, unsigned char *key, size_t keylen);

#endif
