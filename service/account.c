#include "account.h"

#include <ctype.h>
#include <string.h>

#include "core.h"
#include "token.h"
#include "util.h"

int account_email(const char *in, char *out, size_t outsz)
{
	size_t i, n = strlen(in), at = 0, ats = 0;

	in = util_trim(in, &n);
	if (n < 3 || n >= outsz || n > 254)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)in[i];
		if (ch <= ' ' || ch == 0x7f || ch == '|')
			return -1;
		if (ch == '@') {
			at = i;
			ats++;
		}
		out[i] = (char)tolower(ch);
	}
	out[n] = '\0';
	if (ats != 1 || at == 0 || at == n - 1 || !strchr(out + at, '.') || out[n - 1] == '.')
		return -1;
	return 0;
}

int account_name(const char *in, char *out, size_t outsz)
{
	size_t i, n = strlen(in);

	in = util_trim(in, &n);
	if (n == 0 || n >= outsz || util_utf8_len(in, n) > 80)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)in[i] < ' ' || in[i] == 0x7f)
			return -1;
	memcpy(out, in, n);
	out[n] = '\0';
	return 0;
}

int account_new_uid(char *out, size_t outsz)
{
	char id[33];

	if (outsz < 21 || token_new_id(id))
		return -1;
	out[0] = 'u';
	memcpy(out + 1, id, 19);
	out[20] = '\0';
	return 0;
}

json_t *account_user_json(const char *id, const char *name, const char *role)
{
	return json_pack("{s:s, s:s, s:s}", "id", id, "name", name, "role", role);
}

void account_consent_read(const json_t *head, account_consent *ac)
{
	const char *g = json_string_value(json_object_get(head, "guardian"));

	ac->pending = g && !strcmp(g, "pending");
	ac->rooms = !json_is_false(json_object_get(head, "rooms"));
	ac->matching = !json_is_false(json_object_get(head, "matching"));
}

json_t *account_conn_json(const conn *c, int shown)
{
	json_t *u = account_user_json(c->uid, shown ? conn_shown_name(c) : c->name, c->role);

	if (u)
		json_object_set_new(u, "country", json_string(c->country));
	return u;
}

json_t *account_self_json(const conn *c, const account_consent *ac)
{
	json_t *o = account_conn_json(c, 0);

	if (!o)
		return NULL;
	json_object_set_new(o, "state", json_string(ac->pending ? "pending_consent" : "active"));
	json_object_set_new(o, "consents",
			    json_pack("{s:b, s:b}", "rooms", ac->rooms, "matching", ac->matching));
	return o;
}

int account_token(const char *uid, long ttl_s, char *out, char *jti_out, long long *exp_ms)
{
	token_claims cl;

	memset(&cl, 0, sizeof(cl));
	if (util_strlcpy(cl.uid, uid, sizeof(cl.uid)) || token_new_id(cl.jti))
		return -1;
	cl.exp_ms = util_now_ms() + (int64_t)ttl_s * 1000;
	if (token_sign((const unsigned char *)core_cfg->secret, strlen(core_cfg->secret), &cl, out,
		       TOKEN_MAX) < 0)
		return -1;
	memcpy(jti_out, cl.jti, sizeof(cl.jti));
	*exp_ms = cl.exp_ms;
	return 0;
}
