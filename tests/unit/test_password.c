/* Unit tests for service/password.c. Low iteration counts keep them fast. */
#include "password.h"

#include "check.h"

#include <string.h>

#define FAST PASSWORD_MIN_ITERATIONS

/* RFC 7914 section 11, PBKDF2-HMAC-SHA-256 vectors (dkLen 64). */
static void test_rfc7914(void)
{
	static const unsigned char passwd_salt_1[64] = {
	    0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25,
	    0x44, 0xb6, 0x05, 0xf9, 0x41, 0x85, 0x21, 0x6d, 0xde, 0x04, 0x65, 0xe6, 0x8b,
	    0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc, 0x49, 0xca, 0x9c, 0xcc, 0xf1, 0x79, 0xb6,
	    0x45, 0x99, 0x16, 0x64, 0xb3, 0x9d, 0x77, 0xef, 0x31, 0x7c, 0x71, 0xb8, 0x45,
	    0xb1, 0xe3, 0x0b, 0xd5, 0x09, 0x11, 0x20, 0x41, 0xd3, 0xa1, 0x97, 0x83};
	static const unsigned char password_nacl_80000[64] = {
	    0x4d, 0xdc, 0xd8, 0xf6, 0x0b, 0x98, 0xbe, 0x21, 0x83, 0x0c, 0xee, 0x5e, 0xf2,
	    0x27, 0x01, 0xf9, 0x64, 0x1a, 0x44, 0x18, 0xd0, 0x4c, 0x04, 0x14, 0xae, 0xff,
	    0x08, 0x87, 0x6b, 0x34, 0xab, 0x56, 0xa1, 0xd4, 0x25, 0xa1, 0x22, 0x58, 0x33,
	    0x54, 0x9a, 0xdb, 0x84, 0x1b, 0x51, 0xc9, 0xb3, 0x17, 0x6a, 0x27, 0x2b, 0xde,
	    0xbb, 0xa1, 0xd0, 0x78, 0x47, 0x8f, 0x62, 0xb3, 0x97, 0xf3, 0x3c, 0x8d};
	unsigned char dk[64];

	CHECK_INT(password_pbkdf2("passwd", 6, (const unsigned char *)"salt", 4, 1, dk, 64), 0);
	CHECK_MEM(dk, passwd_salt_1, 64);
	CHECK_INT(password_pbkdf2("Password", 8, (const unsigned char *)"NaCl", 4, 80000, dk, 64),
		  0);
	CHECK_MEM(dk, password_nacl_80000, 64);
	/* A shorter key is the prefix of the longer one (first PBKDF2 block). */
	memset(dk, 0, sizeof dk);
	CHECK_INT(password_pbkdf2("passwd", 6, (const unsigned char *)"salt", 4, 1, dk, 32), 0);
	CHECK_MEM(dk, passwd_salt_1, 32);
}

/* A stored string made independently (Python hashlib) in the documented format. */
static void test_known_stored(void)
{
	const char stored[] = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$"
			      "ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4=";
	const char pw[] = "correct horse battery staple";

	CHECK_INT(password_verify(pw, strlen(pw), stored), 1);
	CHECK_INT(password_verify(pw, strlen(pw) - 1, stored), 0);
	CHECK_INT(password_verify("Correct horse battery staple", strlen(pw), stored), 0);
	CHECK_UINT(password_iterations(stored), 1000);
}

static void test_round_trip(void)
{
	const char pw[] = "tr\xc3\xa8s-secr\xc3\xa8t 42";
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];

	CHECK_INT(password_hash(pw, strlen(pw), FAST, a), 0);
	CHECK(strncmp(a, "pbkdf2-sha256$1000$", 19) == 0);
	CHECK_UINT(strlen(a), 19 + 24 + 1 + 44);
	CHECK_INT(password_verify(pw, strlen(pw), a), 1);
	CHECK_INT(password_verify(pw, strlen(pw) - 1, a), 0);
	CHECK_INT(password_verify("tr\xc3\xa8s-secr\xc3\xa8t 43", strlen(pw), a), 0);
	CHECK_INT(password_verify("", 0, a), 0);
	/* Fresh salt each time: same password, different strings. */
	CHECK_INT(password_hash(pw, strlen(pw), FAST, b), 0);
	CHECK(strcmp(a, b) != 0);
	CHECK_INT(password_verify(pw, strlen(pw), b), 1);
	/* Passwords are bytes: an embedded NUL counts. */
	CHECK_INT(password_hash("ab\0cd", 5, FAST, a), 0);
	CHECK_INT(password_verify("ab\0cd", 5, a), 1);
	CHECK_INT(password_verify("ab\0ce", 5, a), 0);
	CHECK_INT(password_verify("ab", 2, a), 0);
	/* The empty password is a password like any other at this level. */
	CHECK_INT(password_hash("", 0, FAST, a), 0);
	CHECK_INT(password_verify("", 0, a), 1);
	CHECK_INT(password_verify(NULL, 0, a), 1);
}

static void test_hash_rejects(void)
{
	static char big[PASSWORD_MAX_LEN + 1];
	char out[PASSWORD_HASH_MAX];

	memset(out, 'x', sizeof out);
	CHECK_INT(password_hash("pw", 2, PASSWORD_MIN_ITERATIONS - 1, out), -1);
	CHECK_INT(password_hash("pw", 2, PASSWORD_MAX_ITERATIONS + 1, out), -1);
	CHECK_INT(password_hash("pw", 2, 0, out), -1);
	CHECK_INT(password_hash(NULL, 2, FAST, out), -1);
	CHECK_INT(password_hash("pw", 2, FAST, NULL), -1);
	memset(big, 'p', sizeof big);
	CHECK_INT(password_hash(big, sizeof big, FAST, out), -1);
	CHECK(out[0] == 'x');
	/* Exactly at the length cap is fine. */
	CHECK_INT(password_hash(big, PASSWORD_MAX_LEN, FAST, out), 0);
	CHECK_INT(password_verify(big, PASSWORD_MAX_LEN, out), 1);
	CHECK_INT(password_verify(big, PASSWORD_MAX_LEN + 1, out), 0);
}

/* Parts of the known stored string above. */
#define SALT "AAECAwQFBgcICQoLDA0ODw=="
#define HASH "ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4="

static void test_malformed_stored(void)
{
	static const char *const bad[] = {
	    "",
	    "pbkdf2-sha256$",
	    "pbkdf2-sha1$1000$" SALT "$" HASH,
	    "PBKDF2-SHA256$1000$" SALT "$" HASH,
	    "pbkdf2-sha256$999$" SALT "$" HASH,	  /* under the minimum */
	    "pbkdf2-sha256$01000$" SALT "$" HASH, /* leading zero */
	    "pbkdf2-sha256$+1000$" SALT "$" HASH,
	    "pbkdf2-sha256$10000001$" SALT "$" HASH,	/* over the maximum */
	    "pbkdf2-sha256$99999999999$" SALT "$" HASH, /* would overflow */
	    "pbkdf2-sha256$$" SALT "$" HASH,
	    "pbkdf2-sha256$1000$" SALT HASH, /* missing separator */
	    "pbkdf2-sha256$1000$" SALT "$$" HASH,
	    "pbkdf2-sha256$1000$" SALT "$" HASH "$",
	    "pbkdf2-sha256$1000$" SALT "$" HASH " ",
	    "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0O$" HASH, /* 15-byte salt */
	    "pbkdf2-sha256$1000$AAECAwQF BgcICQoLDA0ODw=$" HASH,
	    "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw=$$" HASH,
	    "pbkdf2-sha256$1000$" SALT "$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
	    "pbkdf2-sha256$1000$" SALT "$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ5=",
	    "pbkdf2-sha256$1000$" SALT "$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8c-4=",
	};
	char huge[PASSWORD_HASH_MAX + 10];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (!CHECK_INT(password_verify("pw", 2, bad[i]), -1))
			fprintf(stderr, "    stored \"%s\"\n", bad[i]);
		CHECK_UINT(password_iterations(bad[i]), 0);
	}
	CHECK_INT(password_verify("pw", 2, NULL), -1);
	CHECK_INT(password_verify(NULL, 2, "pbkdf2-sha256$1000$" SALT "$" HASH), -1);
	/* Over the length cap: refused without reading past it. */
	memset(huge, 'A', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	memcpy(huge, "pbkdf2-sha256$1000$", 19);
	CHECK_INT(password_verify("pw", 2, huge), -1);
}

static void test_pbkdf2_rejects(void)
{
	unsigned char dk[64], salt[65] = {0};

	memset(dk, 0xaa, sizeof dk);
	CHECK_INT(password_pbkdf2("pw", 2, salt, 16, 0, dk, 32), -1);
	CHECK_INT(password_pbkdf2("pw", 2, salt, 65, 1, dk, 32), -1);
	CHECK_INT(password_pbkdf2("pw", 2, salt, 16, 1, dk, 0), -1);
	CHECK_INT(password_pbkdf2("pw", 2, salt, 16, 1, dk, 65), -1);
	CHECK_INT(password_pbkdf2("pw", 2, NULL, 16, 1, dk, 32), -1);
	CHECK_INT(password_pbkdf2("pw", 2, salt, 16, 1, NULL, 32), -1);
	CHECK(dk[0] == 0xaa);
	CHECK_INT(password_pbkdf2("pw", 2, NULL, 0, 1, dk, 32), 0);
}

int main(void)
{
	test_rfc7914();
	test_known_stored();
	test_round_trip();
	test_hash_rejects();
	test_malformed_stored();
	test_pbkdf2_rejects();
	return check_done("password");
}
