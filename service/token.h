/*
 * token.h: signed login tokens, handed out by `register` and `login`, checked by `auth`.
 *
 * A token is "v1." + b64url(payload) + "." + b64url(HMAC-SHA256(key, "v1." +
 * b64url(payload))), base64url without padding, where payload is the text
 * "uid|exp_ms|jti" (exp_ms in decimal without sign or leading zeros).
 *
 * Ownership: the caller owns the key, the claims and every buffer; nothing
 * here allocates or keeps a pointer. All functions are thread-safe.
 */
#ifndef PASSERELLE_TOKEN_H
#define PASSERELLE_TOKEN_H

#include <stddef.h>
#include <stdint.h>

/* Buffer size that holds any token and its NUL; longer strings are malformed. */
#define TOKEN_MAX 256

typedef struct token_claims {
	char uid[64];	/* [A-Za-z0-9_-]{1,63} */
	char jti[33];	/* 32 lowercase hex chars */
	int64_t exp_ms; /* expiry, ms since epoch */
} token_claims;

typedef enum { TOKEN_OK = 0, TOKEN_MALFORMED, TOKEN_BAD_SIGNATURE, TOKEN_EXPIRED } token_status;

/*
 * Signs claims; writes a NUL-terminated token to out. Returns its length, or
 * -1 on bad claims (uid or jti not in the form above, exp_ms negative), an
 * empty key, or outsz too small (TOKEN_MAX is always enough). out is left
 * untouched on error.
 */
int token_sign(const unsigned char *key, size_t keylen, const token_claims *c, char *out,
	       size_t outsz);

/*
 * Verifies signature first (constant time), then expiry against now_ms: a
 * token is expired once now_ms >= exp_ms. Fills *out only on TOKEN_OK or
 * TOKEN_EXPIRED (out may be NULL). TOKEN_MALFORMED covers NULL, too long,
 * wrong prefix, bad characters, wrong part lengths and trailing junk.
 * An empty key verifies nothing: TOKEN_BAD_SIGNATURE.
 */
token_status token_verify(const unsigned char *key, size_t keylen, const char *token,
			  int64_t now_ms, token_claims *out);

/* Fills out with 32 random lowercase hex chars + NUL (RAND_bytes). Returns 0, or -1. */
int token_new_id(char out[33]);

/* Short English name of a status ("ok", "malformed", ...) for logs. Never NULL. */
const char *token_status_str(token_status st);

#endif
