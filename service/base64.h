/*
 * base64.h: base64url without padding (RFC 4648 section 5, used in login
 * tokens) and standard base64 with padding (section 4, used in stored
 * password hashes).
 *
 * Ownership: the caller owns every buffer. Nothing here allocates, keeps a
 * pointer or has state, so every function is thread-safe.
 *
 * Decoders are strict: characters outside the alphabet (whitespace
 * included), misplaced or missing padding, impossible lengths and non-zero
 * unused trailing bits are all rejected, so each byte string has exactly one
 * accepted encoding. On any error the output buffer is left untouched.
 */
#ifndef PASSERELLE_BASE64_H
#define PASSERELLE_BASE64_H

#include <stddef.h>

/* Characters b64url_encode writes for len bytes, not counting the NUL. */
size_t b64url_encoded_len(size_t len);

/* Characters b64_encode writes for len bytes, not counting the NUL. */
size_t b64_encoded_len(size_t len);

/*
 * Encodes len bytes of in as base64url without padding into out and
 * NUL-terminates it. Returns the number of characters written (the NUL not
 * counted), or 0 if outsz is smaller than b64url_encoded_len(len) + 1 or
 * the length would overflow. An empty input writes "" and also returns 0.
 * in may be NULL when len is 0.
 */
size_t b64url_encode(const unsigned char *in, size_t len, char *out, size_t outsz);

/*
 * Decodes len characters of base64url without padding from in (no NUL
 * needed) into out. Returns the number of bytes written, or -1 if the input
 * is not canonical unpadded base64url or outsz is smaller than the decoded
 * length.
 */
long b64url_decode(const char *in, size_t len, unsigned char *out, size_t outsz);

/* Same as b64url_encode with the standard alphabet and '=' padding. */
size_t b64_encode(const unsigned char *in, size_t len, char *out, size_t outsz);

/*
 * Same as b64url_decode with the standard alphabet; len must be a multiple
 * of 4 and the padding must be present.
 */
long b64_decode(const char *in, size_t len, unsigned char *out, size_t outsz);

#endif
