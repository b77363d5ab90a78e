/* Account helpers shared by the participant and admin sockets. */
#ifndef PASSERELLE_ACCOUNT_H
#define PASSERELLE_ACCOUNT_H

#include <stddef.h>

#include <jansson.h>

struct conn;

/* Lower-cases and checks an email address into out. Returns 0, or -1 when it is not one. */
int account_email(const char *in, char *out, size_t outsz);
/* Trims a display name into out: 1..80 characters, no control characters. 0 or -1. */
int account_name(const char *in, char *out, size_t outsz);
/* New user id into out (at least 21 bytes). 0 or -1. */
int account_new_uid(char *out, size_t outsz);
/* {"id","name","role"}: a new reference. */
json_t *account_user_json(const char *id, const char *name, const char *role);
/* Where a person's account stands on consent, as the store holds it. */
typedef struct account_consent {
	int pending;  /* waiting for a parent's or guardian's consent */
	int rooms;    /* consents to taking part in rooms */
	int matching; /* consents to the profile's use in mentor matching */
} account_consent;

/* Reads guardian ("pending" or not), rooms and matching (booleans, absent = given) from a
 * store answer's head into ac. */
void account_consent_read(const json_t *head, account_consent *ac);
/* The user object of a signed-in connection with its country: with the name others see
 * (shown 1) or the full name (shown 0, for the person themselves). A new reference. */
json_t *account_conn_json(const struct conn *c, int shown);
/* The person's own user object: account_conn_json(c, 0) with "state" ("active" or
 * "pending_consent") and "consents" {"rooms","matching"}. A new reference. */
json_t *account_self_json(const struct conn *c, const account_consent *ac);
/* A signed token for uid into out (TOKEN_MAX); jti_out gets its id (33 bytes). 0 or -1. */
int account_token(const char *uid, long ttl_s, char *out, char *jti_out, long long *exp_ms);

/* Prepares the hash compared against for unknown emails (same cost as a real one). */
int account_init(void);

#endif
