/* register, login, auth, logout, account.delete. Password hashing runs on libuv's worker threads so
 * the loop never waits for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "consent.h"
#include "core.h"
#include "password.h"
#include "profile.h"
#include "reply.h"
#include "store_accounts.h"
#include "token.h"
#include "util.h"

#define LOGIN_WINDOW_MS 900000

typedef struct pw_job {
	uv_work_t work;
	conn *c; /* referenced: its pw_busy is ours until freed */
	request *rq;
	int verify; /* 0: hash pw into hash; 1: check pw against hash */
	int rc;
	char pw[PASSWORD_MAX_LEN + 1];
	size_t pwlen;
	char hash[PASSWORD_HASH_MAX]; /* result of hashing, or the stored hash to check */
	char email[256];
	char uid[ID_MAX + 1];
	char name[256];
	char shown[256]; /* the name others see, from the script */
	char role[16];
	char birth_year[8]; /* "" when not given */
	char country[3];    /* of residence; "" when not given */
	account_consent consent;
} pw_job;

static char dummy_hash[PASSWORD_HASH_MAX];

/* Password work is costly on purpose: one job per connection at a time, and a bound on the
 * jobs waiting for the worker threads, so that one client cannot hold everyone's sign-in. */
#define PW_JOBS_MAX 256

static unsigned pw_jobs;

static pw_job *pw_job_new(conn *c, json_t *re)
{
	pw_job *j;

	if (c->pw_busy || pw_jobs >= PW_JOBS_MAX) {
		reply_error_retry(c, re, "rate_limited", "Too many sign-ins at once; try again.",
				  1000);
		return NULL;
	}
	j = calloc(1, sizeof(*j));
	if (!j) {
		reply_error(c, re, "internal", NULL);
		return NULL;
	}
	j->c = conn_ref(c);
	c->pw_busy = 1;
	pw_jobs++;
	return j;
}

static void pw_job_free(pw_job *j)
{
	j->c->pw_busy = 0;
	pw_jobs--;
	conn_unref(j->c);
	request_free(j->rq);
	memset(j->pw, 0, sizeof(j->pw));
	free(j);
}

static void pw_work(uv_work_t *w)
{
	pw_job *j = w->data;

	if (j->verify)
		j->rc = password_verify(j->pw, j->pwlen, j->hash[0] ? j->hash : dummy_hash);
	else
		j->rc =
		    password_hash(j->pw, j->pwlen, (unsigned)core_cfg->pbkdf2_iterations, j->hash);
}

static int pw_queue(pw_job *j, uv_after_work_cb done)
{
	j->work.data = j;
	return uv_queue_work(core_loop, &j->work, pw_work, done);
}

/* On the admin socket only facilitators and admins may sign in. */
static int account_role_ok(const conn *c, const char *role)
{
	return !c->admin || util_role_is_staff(role);
}

/* The person's own user object in a sign-in answer: with state and consents on the
 * participant socket (the admin socket's has none: consents are not about moderating). */
static json_t *account_answer_user(const conn *c, const account_consent *ac)
{
	return c->admin ? account_conn_json(c, 0) : account_self_json(c, ac);
}

/* Binds the identity, with the name others see, to the connection: all of it or (out of
 * memory) none, the connection then signed out. 0 or -1. */
static int account_bind(conn *c, const char *uid, const char *name, const char *role,
			const char *jti, long long exp, const char *shown, const char *country)
{
	if (!conn_login(c, uid, name, role, jti, exp) && !conn_show_as(c, shown, country))
		return 0;
	conn_logout(c);
	return -1;
}

/* Binds the identity of j (name as shown to others included) to the connection and answers
 * {token, user}. */
static void account_signed_in(conn *c, json_t *re, const pw_job *j)
{
	char token[TOKEN_MAX], jti[33];
	long long exp;

	if (account_token(j->uid, core_cfg->token_ttl, token, jti, &exp) ||
	    account_bind(c, j->uid, j->name, j->role, jti, exp, j->shown, j->country)) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	reply_ok(
	    c, re,
	    json_pack("{s:s, s:o}", "token", token, "user", account_answer_user(c, &j->consent)));
}

static void head_str(const json_t *o, const char *name, char *out, size_t outsz);

static void register_stored(const store_answer *a, void *priv)
{
	pw_job *j = priv;
	json_t *head;

	if (request_live(j->rq) && !reply_answer_failed(j->rq->c, j->rq->re, a)) {
		log_info("account %s registered (%s)", j->uid, j->role);
		if ((head = store_answer_head(a))) {
			head_str(head, "shown", j->shown, sizeof(j->shown));
			json_decref(head);
			account_signed_in(j->rq->c, j->rq->re, j);
		} else {
			reply_error(j->rq->c, j->rq->re, "internal", NULL);
		}
	}
	pw_job_free(j);
}

static void register_hashed(uv_work_t *w, int status)
{
	pw_job *j = w->data;

	if (status || j->rc) {
		if (request_live(j->rq))
			reply_error(j->rq->c, j->rq->re, "internal", NULL);
		pw_job_free(j);
		return;
	}
	script_register(register_stored, j, j->email, j->uid, j->name, j->role, j->hash,
			j->birth_year, j->country, j->consent.pending ? "pending" : "none",
			j->consent.rooms, j->consent.matching);
}

/* The optional year of birth (not in the future) and country of residence of a sign-up;
 * answers bad_request itself. */
static int register_age(conn *c, json_t *re, json_t *body, pw_job *j)
{
	json_t *y = json_object_get(body, "birth_year");
	const char *country = json_string_value(json_object_get(body, "country"));

	if (y && json_integer_value(y) > util_year_now()) {
		reply_error(c, re, "bad_request", "birth_year is in the future.");
		return -1;
	}
	if (y)
		snprintf(j->birth_year, sizeof(j->birth_year), "%lld",
			 (long long)json_integer_value(y));
	if (profile_country_code(country ? country : "", j->country)) {
		reply_error(c, re, "bad_request", "country must be an ISO 3166-1 alpha-2 code.");
		return -1;
	}
	j->consent.pending = consent_guardian_needed(y ? (int)json_integer_value(y) : 0, j->country,
						     util_year_now());
	return 0;
}

/* The optional consents {rooms, matching} of a sign-up. Absent (a client of the older
 * contract): both given, as signing up meant before. Given: each member a boolean, a missing
 * one not given. Answers bad_request itself. */
static int register_consents(conn *c, json_t *re, json_t *body, pw_job *j)
{
	json_t *o = json_object_get(body, "consents");
	json_t *rooms = json_object_get(o, "rooms"), *matching = json_object_get(o, "matching");

	if (!o) {
		j->consent.rooms = j->consent.matching = 1;
		return 0;
	}
	if ((rooms && !json_is_boolean(rooms)) || (matching && !json_is_boolean(matching))) {
		reply_error(c, re, "bad_request",
			    "consents.rooms and consents.matching are booleans.");
		return -1;
	}
	j->consent.rooms = json_is_true(rooms);
	j->consent.matching = json_is_true(matching);
	return 0;
}

void handle_register(conn *c, json_t *re, json_t *body)
{
	const char *role = json_string_value(json_object_get(body, "role"));
	const char *pw = json_string_value(json_object_get(body, "password"));
	pw_job *j;

	if (strcmp(role, "mentee") && strcmp(role, "mentor")) {
		if (util_role_is_staff(role))
			reply_error(c, re, "forbidden", "That role cannot be chosen at sign-up.");
		else
			reply_error(c, re, "bad_request", "role must be 'mentee' or 'mentor'.");
		return;
	}
	j = pw_job_new(c, re);
	if (!j)
		return;
	if (account_email(json_string_value(json_object_get(body, "email")), j->email,
			  sizeof(j->email))) {
		reply_error(c, re, "bad_request", "email is not an email address.");
		goto fail;
	}
	if (account_name(json_string_value(json_object_get(body, "name")), j->name,
			 sizeof(j->name))) {
		reply_error(c, re, "bad_request", "name must be 1 to 80 printable characters.");
		goto fail;
	}
	j->pwlen = json_string_length(json_object_get(body, "password"));
	if (j->pwlen > PASSWORD_MAX_LEN) {
		reply_error(c, re, "bad_request", "password is over 1024 bytes.");
		goto fail;
	}
	if (util_utf8_len(pw, j->pwlen) < 10) {
		reply_error(c, re, "weak_password", NULL);
		goto fail;
	}
	if (register_age(c, re, body, j) || register_consents(c, re, body, j))
		goto fail;
	memcpy(j->pw, pw, j->pwlen);
	util_strlcpy(j->role, role, sizeof(j->role));
	if (account_new_uid(j->uid, sizeof(j->uid)) || !(j->rq = request_new(c, re, body)) ||
	    pw_queue(j, register_hashed)) {
		reply_error(c, re, "internal", NULL);
		goto fail;
	}
	return;
fail:
	pw_job_free(j);
}

static void login_note(const char *mode, const char *email, store_answer_fn cb, void *priv)
{
	script_login(cb, priv, mode, email, 0, LOGIN_WINDOW_MS);
}

/* The failure is counted before the answer, so a retry on another node already sees it. */
static void login_failed(const store_answer *a, void *priv)
{
	pw_job *j = priv;

	if (request_live(j->rq))
		reply_error(j->rq->c, j->rq->re, "unauthorized", "Wrong email or password.");
	pw_job_free(j);
}

/* The outcome of a password check: 1 right, 0 wrong, -1 when it is over (the request gone,
 * or a fault answered here) and j freed. */
static int pw_outcome(pw_job *j, int status)
{
	if (request_live(j->rq) && !status && j->rc >= 0)
		return j->rc == 1;
	if (request_live(j->rq))
		reply_error(j->rq->c, j->rq->re, "internal", NULL);
	pw_job_free(j);
	return -1;
}

static void login_checked(uv_work_t *w, int status)
{
	pw_job *j = w->data;
	int right = pw_outcome(j, status);

	if (right < 0)
		return;
	if (!right || !j->uid[0]) {
		login_note("fail", j->email, login_failed, j);
		return;
	}
	login_note("ok", j->email, store_answer_ignore, NULL);
	if (account_role_ok(j->rq->c, j->role))
		account_signed_in(j->rq->c, j->rq->re, j);
	else
		reply_error(j->rq->c, j->rq->re, "forbidden",
			    "Only facilitators and admins may use the console.");
	pw_job_free(j);
}

/* Copies the string member name of o into out ("" when absent). */
static void head_str(const json_t *o, const char *name, char *out, size_t outsz)
{
	const char *v = json_string_value(json_object_get(o, name));

	util_strlcpy(out, v ? v : "", outsz);
}

/* The answer of a password lookup: the stored hash (with identity, also uid, name and role)
 * goes into j, then the password is checked against it on a worker thread and done runs.
 * On failure the request is answered here and j freed. */
static void pw_verify_stored(pw_job *j, const store_answer *a, int identity, uv_after_work_cb done)
{
	json_t *head;

	if (!request_live(j->rq) || reply_answer_failed(j->rq->c, j->rq->re, a))
		goto fail;
	if (!(head = store_answer_head(a))) {
		reply_error(j->rq->c, j->rq->re, "internal", NULL);
		goto fail;
	}
	head_str(head, "pw", j->hash, sizeof(j->hash));
	if (identity) {
		head_str(head, "uid", j->uid, sizeof(j->uid));
		head_str(head, "name", j->name, sizeof(j->name));
		head_str(head, "role", j->role, sizeof(j->role));
		head_str(head, "shown", j->shown, sizeof(j->shown));
		head_str(head, "country", j->country, sizeof(j->country));
		account_consent_read(head, &j->consent);
	}
	json_decref(head);
	j->verify = 1;
	if (pw_queue(j, done) == 0)
		return;
	reply_error(j->rq->c, j->rq->re, "internal", NULL);
fail:
	pw_job_free(j);
}

static void login_looked_up(const store_answer *a, void *priv)
{
	pw_verify_stored(priv, a, 1, login_checked);
}

/* A password job for a request that checks the body's password against a stored hash: none
 * (answered here with code and message) when the password cannot be right or there is no
 * memory. No stored password is over PASSWORD_MAX_LEN: such a one gets the same answer as
 * a wrong one. */
static pw_job *pw_check_new(conn *c, json_t *re, json_t *body, const char *code,
			    const char *message)
{
	pw_job *j = pw_job_new(c, re);

	if (!j)
		return NULL;
	j->pwlen = json_string_length(json_object_get(body, "password"));
	if (j->pwlen > PASSWORD_MAX_LEN) {
		reply_error(c, re, code, message);
		pw_job_free(j);
		return NULL;
	}
	memcpy(j->pw, json_string_value(json_object_get(body, "password")), j->pwlen);
	if (!(j->rq = request_new(c, re, body))) {
		reply_error(c, re, "internal", NULL);
		pw_job_free(j);
		return NULL;
	}
	return j;
}

void handle_login(conn *c, json_t *re, json_t *body)
{
	pw_job *j = pw_check_new(c, re, body, "unauthorized", "Wrong email or password.");

	if (!j)
		return;
	if (account_email(json_string_value(json_object_get(body, "email")), j->email,
			  sizeof(j->email))) {
		reply_error(c, re, "unauthorized", "Wrong email or password.");
		pw_job_free(j);
		return;
	}
	script_login(login_looked_up, j, "check", j->email, core_cfg->login_max_fails,
		     LOGIN_WINDOW_MS);
}

typedef struct auth_job {
	request *rq;
	token_claims cl;
} auth_job;

static void auth_looked_up(const store_answer *ans, void *priv)
{
	auth_job *a = priv;
	conn *c = a->rq->c;
	char name[256], shown[256], role[16], country[3];
	account_consent ac;
	json_t *head;

	if (!request_live(a->rq) || reply_answer_failed(c, a->rq->re, ans))
		goto done;
	if (!(head = store_answer_head(ans))) {
		reply_error(c, a->rq->re, "internal", NULL);
		goto done;
	}
	head_str(head, "name", name, sizeof(name));
	head_str(head, "role", role, sizeof(role));
	head_str(head, "shown", shown, sizeof(shown));
	head_str(head, "country", country, sizeof(country));
	account_consent_read(head, &ac);
	json_decref(head);
	if (!account_role_ok(c, role)) {
		reply_error(c, a->rq->re, "forbidden", "A participant token cannot moderate.");
		goto done;
	}
	if (account_bind(c, a->cl.uid, name, role, a->cl.jti, a->cl.exp_ms, shown, country)) {
		reply_error(c, a->rq->re, "internal", NULL);
		goto done;
	}
	reply_ok(c, a->rq->re, json_pack("{s:o}", "user", account_answer_user(c, &ac)));
done:
	request_free(a->rq);
	free(a);
}

void handle_auth(conn *c, json_t *re, json_t *body)
{
	const char *tok = json_string_value(json_object_get(body, "token"));
	auth_job *a = calloc(1, sizeof(*a));

	if (!a) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	if (token_verify((const unsigned char *)core_cfg->secret, strlen(core_cfg->secret), tok,
			 util_now_ms(), &a->cl) != TOKEN_OK) {
		reply_error(c, re, "unauthorized", "The session has expired or is not valid.");
		free(a);
		return;
	}
	a->rq = request_new(c, re, body);
	if (!a->rq) {
		reply_error(c, re, "internal", NULL);
		free(a);
		return;
	}
	script_auth(auth_looked_up, a, a->cl.uid, a->cl.jti);
}

typedef struct logout_job {
	request *rq;
	char uid[ID_MAX + 1];
	char jti[33]; /* the session revoked: the connection may have signed in again since */
} logout_job;

static void logout_stored(const store_answer *a, void *priv)
{
	logout_job *j = priv;
	conn *c = j->rq->c;

	if (!request_live(j->rq) || reply_answer_failed(c, j->rq->re, a))
		goto done;
	if (!strcmp(c->jti, j->jti))
		conn_logout(c);
	/* Told after this connection is out, so that it gets its ok, not logged_out. */
	script_logout(store_answer_ignore, NULL, j->uid, j->jti, 0, 1);
	reply_ok(c, j->rq->re, NULL);
done:
	request_free(j->rq);
	free(j);
}

void handle_logout(conn *c, json_t *re, json_t *body)
{
	int64_t left = c->exp_ms - util_now_ms();
	logout_job *j = calloc(1, sizeof(*j));

	if (!j || !(j->rq = request_new(c, re, body))) {
		free(j);
		reply_error(c, re, "internal", NULL);
		return;
	}
	util_strlcpy(j->uid, c->uid, sizeof(j->uid));
	util_strlcpy(j->jti, c->jti, sizeof(j->jti));
	script_logout(logout_stored, j, j->uid, j->jti, left > 1000 ? left : 1000, 0);
}

static void erase_done(const store_answer *a, void *priv)
{
	pw_job *j = priv;

	/* The event that signs out every session of the person follows on its own. */
	if (request_live(j->rq) && !reply_answer_failed(j->rq->c, j->rq->re, a)) {
		log_info("account %s erased", j->uid);
		reply_ok(j->rq->c, j->rq->re, NULL);
	}
	pw_job_free(j);
}

static void erase_verified(uv_work_t *w, int status)
{
	pw_job *j = w->data;
	int right = pw_outcome(j, status);

	if (right < 0)
		return;
	if (right) {
		script_erase(erase_done, j, "erase", j->uid, 0, 0);
		return;
	}
	reply_error(j->rq->c, j->rq->re, "forbidden", "The password is not right.");
	pw_job_free(j);
}

static void erase_checked(const store_answer *a, void *priv)
{
	pw_verify_stored(priv, a, 0, erase_verified);
}

/* The password is checked as at sign-in, and wrong ones count as failed sign-ins. */
void handle_account_delete(conn *c, json_t *re, json_t *body)
{
	pw_job *j = pw_check_new(c, re, body, "forbidden", "The password is not right.");

	if (!j)
		return;
	util_strlcpy(j->uid, c->uid, sizeof(j->uid));
	script_erase(erase_checked, j, "check", j->uid, core_cfg->login_max_fails, LOGIN_WINDOW_MS);
}

int account_init(void)
{
	return password_hash("not a password", 14, (unsigned)core_cfg->pbkdf2_iterations,
			     dummy_hash);
}
