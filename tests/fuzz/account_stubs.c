/*
 * account_stubs.c - what account.c needs from the rest of the service besides what the
 * profile target runs (account_name): the settings, the token functions that
 * account_new_uid() and account_token() would call and the connection's shown name of
 * account_conn_json(). They fail, as they are never called.
 */
#include "core.h"
#include "token.h"

const config *core_cfg = NULL;

int token_new_id(char out[33])
{
	return -1;
}

int token_sign(const unsigned char *key, size_t keylen, const token_claims *c, char *out,
	       size_t outsz)
{
	return -1;
}

const char *conn_shown_name(const conn *c)
{
	return NULL;
}
