/* Polls: a participant's poll.vote and poll.list, and the checks of admin poll.create. A
 * ballot is keyed by an HMAC of the poll and the voter with the server's secret, so Redis can
 * keep one vote per person without holding who voted in an anonymous poll. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "admin.h"
#include "core.h"
#include "reply.h"
#include "sizes.h"
#include "store_admin.h"
#include "store_polls.h"
#include "util.h"

#define POLL_OPTIONS_MIN 2
#define POLL_OPTIONS_MAX 10
#define POLL_OPTION_MAX_CHARS 100
#define POLL_TAG_LEN 64	 /* hex of HMAC-SHA256 */
#define POLL_LIST_MAX 50 /* polls per room (polls.lua) */

/* The ballot tag of uid in poll: hex HMAC-SHA256(secret, "poll\n" poll "\n" uid) in out.
 * Returns 0, or -1 on a failure of OpenSSL. */
static int poll_tag(const char *poll, const char *uid, char out[POLL_TAG_LEN + 1])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0, i;
	char data[2 * ID_MAX + 8];
	int n = snprintf(data, sizeof(data), "poll\n%s\n%s", poll, uid);

	if (n < 0 || (size_t)n >= sizeof(data))
		return -1;
	if (!HMAC(EVP_sha256(), core_cfg->secret, (int)strlen(core_cfg->secret),
		  (const unsigned char *)data, (size_t)n, mac, &maclen) ||
	    maclen * 2 != POLL_TAG_LEN)
		return -1;
	for (i = 0; i < maclen; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return 0;
}

/* The chosen options as the script's JSON text ("[0,2]", in order, distinct) in out, or -1
 * with the reason in err. */
static int poll_choice(const json_t *options, char *out, size_t outsz, const char **err)
{
	int picked[POLL_OPTIONS_MAX] = {0};
	size_t i, len = 0;
	json_t *v;
	int k, n;

	json_array_foreach(options, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) >= POLL_OPTIONS_MAX) {
			*err = "options must hold option indexes (0..9).";
			return -1;
		}
		if (picked[json_integer_value(v)]++) {
			*err = "options must be distinct.";
			return -1;
		}
	}
	out[len++] = '[';
	for (k = 0; k < POLL_OPTIONS_MAX; k++) {
		if (!picked[k])
			continue;
		n = snprintf(out + len, outsz - len, "%s%d", len > 1 ? "," : "", k);
		if (n < 0 || (size_t)n >= outsz - len)
			return -1;
		len += (size_t)n;
	}
	if (len == 1) {
		*err = "Pick at least one option.";
		return -1;
	}
	if (len + 2 > outsz)
		return -1;
	out[len++] = ']';
	out[len] = '\0';
	return 0;
}

/* A request for the store (owned by the callback), or NULL once `internal` was answered. */
static request *poll_request(conn *c, json_t *re, json_t *body)
{
	request *rq = request_new(c, re, body);

	if (!rq)
		reply_error(c, re, "internal", NULL);
	return rq;
}

void handle_poll_vote(conn *c, json_t *re, json_t *body)
{
	const char *poll = json_string_value(json_object_get(body, "poll"));
	char choice[4 * POLL_OPTIONS_MAX + 4], tag[POLL_TAG_LEN + 1];
	const char *err = NULL;
	request *rq;

	if (poll_choice(json_object_get(body, "options"), choice, sizeof(choice), &err)) {
		reply_error(c, re, "bad_request", err);
		return;
	}
	if (poll_tag(poll, c->uid, tag)) {
		log_warn("polls: no ballot tag for %s", poll);
		reply_error(c, re, "internal", NULL);
		return;
	}
	if ((rq = poll_request(c, re, body)))
		script_poll_vote(reply_answer_cb, rq, poll, c->uid, core_cfg->node, tag, choice);
}

/* The first answer of poll.list: the ids. Asks again with each one's tag. */
static void poll_ids_cb(const store_answer *a, void *priv)
{
	char tags[POLL_LIST_MAX][POLL_TAG_LEN + 1];
	const char *args[2 * POLL_LIST_MAX];
	request *rq = priv;
	json_t *head, *ids, *v;
	size_t i, n = 0;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a)) {
		request_free(rq);
		return;
	}
	head = store_answer_head(a);
	ids = json_object_get(head, "ids");
	json_array_foreach(ids, i, v)
	{
		if (n >= POLL_LIST_MAX || !json_is_string(v) ||
		    poll_tag(json_string_value(v), rq->c->uid, tags[n]))
			break;
		args[2 * n] = json_string_value(v);
		args[2 * n + 1] = tags[n];
		n++;
	}
	if (n == 0) {
		reply_ok(rq->c, rq->re, json_pack("{s:[]}", "polls"));
		request_free(rq);
	} else {
		script_poll_list(reply_answer_cb, rq,
				 json_string_value(json_object_get(rq->body, "room")), 2 * n, args);
	}
	json_decref(head);
}

void handle_poll_list(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	request *rq = room_request(c, re, body, room);

	if (rq)
		script_poll_list(poll_ids_cb, rq, room, 0, NULL);
}

/* Trims each option and checks its length and that none repeats; answers the options as
 * one JSON text (owned by the caller), or NULL with the reason in err. */
static char *poll_options(const json_t *options, const char **err)
{
	json_t *out = json_array(), *v;
	size_t i, j, len;
	const char *s;
	char *text;

	json_array_foreach(options, i, v)
	{
		len = json_string_length(v);
		s = json_is_string(v) ? util_trim(json_string_value(v), &len) : NULL;
		if (!s || len == 0 || util_utf8_len(s, len) > POLL_OPTION_MAX_CHARS) {
			*err = "Each option is a text of 1 to 100 characters.";
			goto bad;
		}
		for (j = 0; j < json_array_size(out); j++)
			if (json_string_length(json_array_get(out, j)) == len &&
			    !memcmp(json_string_value(json_array_get(out, j)), s, len)) {
				*err = "Options must be distinct.";
				goto bad;
			}
		json_array_append_new(out, json_stringn(s, len));
	}
	if (json_array_size(out) < POLL_OPTIONS_MIN) {
		*err = "A poll has 2 to 10 options.";
		goto bad;
	}
	text = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	if (!text)
		*err = NULL;
	return text;
bad:
	json_decref(out);
	return NULL;
}

void admin_poll_create(conn *c, json_t *re, json_t *body)
{
	const char *err = NULL, *q = json_string_value(json_object_get(body, "question"));
	size_t qlen = json_string_length(json_object_get(body, "question"));
	char *options = poll_options(json_object_get(body, "options"), &err);

	if (!options) {
		reply_error(c, re, err ? "bad_request" : "internal", err);
		return;
	}
	q = util_trim(q, &qlen);
	json_object_set_new(body, "question", json_stringn(q, qlen));
	json_object_set_new(body, "options", json_string(options));
	free(options);
	admin_script(c, re, body);
}

void polls_script(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		  const char *actor_id, const char *actor_name, const char *action,
		  const char *new_id, const char *jti, size_t nfields, const char *const *fields)
{
	script_polls(cb, priv, actor_id, actor_name, action, new_id, jti, nfields, fields);
}
