/* base64.c: strict base64 and base64url; see base64.h. */
#include "base64.h"

#include <limits.h>
#include <stdint.h>

static const char alpha_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char alpha_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Largest input whose encoding length (plus NUL) fits a size_t. */
#define ENCODE_MAX_IN ((SIZE_MAX - 4) / 4 * 3)

size_t b64url_encoded_len(size_t len)
{
	size_t rem = len % 3;

	if (len > ENCODE_MAX_IN)
		return 0;
	return len / 3 * 4 + (rem ? rem + 1 : 0);
}

size_t b64_encoded_len(size_t len)
{
	if (len > ENCODE_MAX_IN)
		return 0;
	return (len + 2) / 3 * 4;
}

static size_t encode(const char *alpha, int pad, const unsigned char *in, size_t len, char *out,
		     size_t outsz)
{
	size_t need = pad ? b64_encoded_len(len) : b64url_encoded_len(len);
	size_t i, o = 0;
	uint32_t v;

	if (out == NULL || (in == NULL && len > 0) || (need == 0 && len > 0) || outsz < need + 1)
		return 0;
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = alpha[v >> 18];
		out[o++] = alpha[(v >> 12) & 63];
		out[o++] = alpha[(v >> 6) & 63];
		out[o++] = alpha[v & 63];
	}
	if (len - i == 1) {
		v = (uint32_t)in[i] << 16;
		out[o++] = alpha[v >> 18];
		out[o++] = alpha[(v >> 12) & 63];
		if (pad) {
			out[o++] = '=';
			out[o++] = '=';
		}
	} else if (len - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = alpha[v >> 18];
		out[o++] = alpha[(v >> 12) & 63];
		out[o++] = alpha[(v >> 6) & 63];
		if (pad)
			out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

size_t b64url_encode(const unsigned char *in, size_t len, char *out, size_t outsz)
{
	return encode(alpha_url, 0, in, len, out, outsz);
}

size_t b64_encode(const unsigned char *in, size_t len, char *out, size_t outsz)
{
	return encode(alpha_std, 1, in, len, out, outsz);
}

/* Value of c in the alphabet whose last two characters are c62 and c63, or -1. */
static int sextet(char c, char c62, char c63)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == c62)
		return 62;
	if (c == c63)
		return 63;
	return -1;
}

/*
 * Decodes n unpadded characters. Everything is checked before the first
 * byte is written so that bad input leaves out untouched.
 */
static long decode(const char *in, size_t n, char c62, char c63, unsigned char *out, size_t outsz)
{
	size_t rem = n % 4, outlen, i, o = 0;
	uint32_t v = 0;
	int s = 0;

	if (rem == 1)
		return -1;
	outlen = n / 4 * 3 + (rem ? rem - 1 : 0);
	if (outlen > LONG_MAX || outlen > outsz || (outlen > 0 && out == NULL))
		return -1;
	for (i = 0; i < n; i++) {
		s = sextet(in[i], c62, c63);
		if (s < 0)
			return -1;
	}
	/* The bits past the last whole byte must be zero (canonical form). */
	if ((rem == 2 && (s & 0x0f) != 0) || (rem == 3 && (s & 0x03) != 0))
		return -1;
	for (i = 0; i + 3 < n; i += 4) {
		v = (uint32_t)sextet(in[i], c62, c63) << 18 |
		    (uint32_t)sextet(in[i + 1], c62, c63) << 12 |
		    (uint32_t)sextet(in[i + 2], c62, c63) << 6 |
		    (uint32_t)sextet(in[i + 3], c62, c63);
		out[o++] = (unsigned char)(v >> 16);
		out[o++] = (unsigned char)(v >> 8);
		out[o++] = (unsigned char)v;
	}
	if (rem >= 2) {
		v = (uint32_t)sextet(in[i], c62, c63) << 18 | (uint32_t)sextet(in[i + 1], c62, c63)
								  << 12;
		if (rem == 3)
			v |= (uint32_t)sextet(in[i + 2], c62, c63) << 6;
		out[o++] = (unsigned char)(v >> 16);
		if (rem == 3)
			out[o++] = (unsigned char)(v >> 8);
	}
	return (long)o;
}

long b64url_decode(const char *in, size_t len, unsigned char *out, size_t outsz)
{
	if (in == NULL && len > 0)
		return -1;
	return decode(in, len, '-', '_', out, outsz);
}

long b64_decode(const char *in, size_t len, unsigned char *out, size_t outsz)
{
	size_t pads = 0;

	if ((in == NULL && len > 0) || len % 4 != 0)
		return -1;
	if (len > 0 && in[len - 1] == '=')
		pads++;
	if (len > 1 && in[len - 2] == '=')
		pads++;
	/* A last group is two characters and "==", or three and "="; never "===". */
	if (pads == 1 && in[len - 1] != '=')
		return -1;
	return decode(in, len - pads, '+', '/', out, outsz);
}
