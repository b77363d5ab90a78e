#include "match.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "input.h"
#include "matcher.h"
#include "reply.h"
#include "store_admin.h"
#include "store_matching.h"
#include "token.h"
#include "util.h"

#define LOCK_MS "300000"  /* a round that takes longer loses its lock */
#define FILTERS_BATCH 100 /* mentees per match.lua filters call */

static struct {
	uv_timer_t timer;
	long offer_ttl_s;
	matcher_config_t cfg;
	int running; /* a round of this node is under way */
} mt;

/* One round, from the load to the last offer answered. */
typedef struct round {
	uv_work_t work;
	request *rq; /* the admin's match.run, or NULL for the timer */
	int64_t t0, now;
	json_t *mentees, *mentors; /* as loaded: [{id, name, profile (object), ...}] */
	matcher_t *m;
	const char **filters; /* per mentee: what kept them unmatched, NULL when assigned */
	matcher_error_t err;
	int rc;
	size_t pending;
	long offers, unmatched, total;
} round;

/* Parses the people of one list of the load answer: those with a profile, into out. */
static void round_people(const store_answer *a, size_t list, json_t *out)
{
	size_t i;

	for (i = 0; i < a->lists[list].n; i++) {
		store_str e = a->lists[list].items[i];
		json_t *j = json_loadb(e.p, e.len, 0, NULL), *prof;
		prof = json_loads(json_string_value(json_object_get(j, "profile")) ?: "", 0, NULL);
		if (!json_is_object(j) || !json_is_object(prof)) {
			json_decref(j);
			json_decref(prof);
			continue; /* no profile yet: not matchable */
		}
		json_object_set_new(j, "profile", prof);
		json_array_append_new(out, j);
	}
}

/* The load script's answer: mentees, mentors, excluded pairs. */
static void round_parse(round *rd, const store_answer *a, json_t *excluded)
{
	size_t i;

	rd->mentees = json_array();
	rd->mentors = json_array();
	round_people(a, MATCH_LIST_MENTEES, rd->mentees);
	round_people(a, MATCH_LIST_MENTORS, rd->mentors);
	for (i = 0; i < a->lists[MATCH_LIST_EXCLUDED].n; i++) {
		store_str e = a->lists[MATCH_LIST_EXCLUDED].items[i];
		json_array_append_new(excluded, json_stringn(e.p, e.len));
	}
}

/* Builds the matcher from the loaded people (copied by matcher_new). */
static matcher_t *round_build(round *rd, json_t *excluded)
{
	matcher_reader_t *rdr =
	    matcher_reader_new(rd->now, MATCHER_READ_NESTED | MATCHER_READ_ANY_ZONE);
	matcher_pair_t *ex = calloc(json_array_size(excluded) + 1, sizeof(*ex));
	matcher_people_t me, mo;
	matcher_input_t in;
	matcher_t *m = NULL;
	size_t i, nx = 0;
	json_t *v;

	memset(&me, 0, sizeof(me));
	memset(&mo, 0, sizeof(mo));
	if (!rdr || !ex) {
		snprintf(rd->err.text, sizeof(rd->err.text), "out of memory");
		goto done;
	}
	if (matcher_reader_people(rdr, rd->mentees, 1, &me, &rd->err) ||
	    matcher_reader_people(rdr, rd->mentors, 0, &mo, &rd->err))
		goto done;
	for (i = 0; i < mo.count; i++)
		if (mo.people[i].used > mo.people[i].capacity)
			mo.people[i].used = mo.people[i].capacity;
	json_array_foreach(excluded, i, v)
	{
		char *bar = strchr(json_string_value(v), '|');
		if (!bar)
			continue;
		*bar = '\0'; /* the string is ours: split "mentor|mentee" in place */
		ex[nx].mentor = json_string_value(v);
		ex[nx++].mentee = bar + 1;
	}
	memset(&in, 0, sizeof(in));
	in.mentors = mo.people;
	in.nmentors = mo.count;
	in.mentees = me.people;
	in.nmentees = me.count;
	in.excluded = ex;
	in.nexcluded = nx;
	in.now_ms = rd->now;
	m = matcher_new(&mt.cfg, &in, &rd->err);
done:
	matcher_people_clear(&me);
	matcher_people_clear(&mo);
	free(ex);
	matcher_reader_free(rdr);
	return m;
}

static void round_finish(round *rd)
{
	const char *args[] = {core_cfg->node};
	int64_t ms = util_now_ms() - rd->t0;

	script_match(store_answer_ignore, NULL, "unlock", "", 1, args);
	log_info("match: round done in %lld ms: %ld offers, %ld unmatched", (long long)ms,
		 rd->offers, rd->unmatched);
	if (rd->rq && request_live(rd->rq)) {
		if (rd->rc)
			reply_error(rd->rq->c, rd->rq->re, "internal", rd->err.text);
		else
			reply_ok(rd->rq->c, rd->rq->re,
				 json_pack("{s:i, s:i, s:i, s:I}", "offers", (int)rd->offers,
					   "unmatched", (int)rd->unmatched, "total_score",
					   (int)rd->total, "ms", (json_int_t)ms));
	}
	request_free(rd->rq);
	matcher_free(rd->m);
	free(rd->filters);
	json_decref(rd->mentees);
	json_decref(rd->mentors);
	mt.running = 0;
	free(rd);
}

/* The mentee as the mentor sees them: someone under 18 by the name others see and the country
 * of residence alone (the load script's minor, name and country). A new reference. */
static json_t *offer_mentee_json(const json_t *p)
{
	const json_t *prof = json_object_get(p, "profile");

	if (json_is_true(json_object_get(p, "minor")))
		return json_pack("{s:O, s:O, s:O}", "id", json_object_get(p, "id"), "name",
				 json_object_get(p, "name"), "country",
				 json_object_get(p, "country"));
	return json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(p, "id"), "name",
			 json_object_get(p, "name"), "origin", json_object_get(prof, "origin"),
			 "country", json_object_get(prof, "country"), "languages",
			 json_object_get(prof, "languages"), "skills",
			 json_object_get(prof, "skills"));
}

static json_t *offer_json(round *rd, const char *id, size_t mentee, const matcher_result_t *res,
			  int64_t expires)
{
	json_t *reasons = json_array();
	size_t i;

	for (i = 0; i < res->nreasons; i++)
		json_array_append_new(reasons,
				      json_pack("{s:s, s:i, s:s}", "factor", res->reasons[i].factor,
						"points", res->reasons[i].points, "detail",
						res->reasons[i].detail));
	return json_pack("{s:s, s:o, s:i, s:o, s:I}", "id", id, "mentee",
			 offer_mentee_json(json_array_get(rd->mentees, mentee)), "score",
			 res->score, "reasons", reasons, "expires_at", (json_int_t)expires);
}

static void round_offered(const store_answer *a, void *priv)
{
	round *rd = priv;

	if (!a->code)
		rd->offers++;
	else
		rd->unmatched++; /* taken meanwhile (a cancel, a full mentor): next round */
	if (--rd->pending == 0)
		round_finish(rd);
}

/* A batch of unmatched mentees' filters written (or not: the next round writes them again). */
static void round_filters_written(const store_answer *a, void *priv)
{
	round *rd = priv;

	(void)a;
	if (--rd->pending == 0)
		round_finish(rd);
}

/* Writes the filters of the unmatched mentees, FILTERS_BATCH at a time. */
static void round_write_filters(round *rd)
{
	const char *args[2 * FILTERS_BATCH];
	size_t i, n = matcher_mentee_count(rd->m), k = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && rd->filters && rd->filters[i]) {
			args[k++] = matcher_mentee_id(rd->m, i);
			args[k++] = rd->filters[i];
		}
		if (k && (k == 2 * FILTERS_BATCH || i == n)) {
			rd->pending++;
			script_match(round_filters_written, rd, "filters", "", k, args);
			k = 0;
		}
	}
}

/* Sends one offer per assigned mentee; the script re-checks everything atomically. */
static void round_offer_all(round *rd)
{
	size_t i, n = matcher_mentee_count(rd->m);
	int64_t expires = rd->now + (int64_t)mt.offer_ttl_s * 1000;
	char tok[33], id[24], score[16], exp[24];

	rd->pending = 1; /* held until every offer is sent */
	round_write_filters(rd);
	for (i = 0; i < n; i++) {
		matcher_result_t res;
		json_t *o;
		char *text;
		if (matcher_result(rd->m, i, &res, &rd->err) || res.mentor < 0 || res.frozen) {
			rd->unmatched++;
			continue;
		}
		if (token_new_id(tok))
			continue;
		snprintf(id, sizeof(id), "o%.16s", tok);
		snprintf(score, sizeof(score), "%d", res.score);
		snprintf(exp, sizeof(exp), "%lld", (long long)expires);
		o = offer_json(rd, id, i, &res, expires);
		text = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (text) {
			const char *args[] = {id,
					      matcher_mentor_id(rd->m, res.mentor),
					      matcher_mentee_id(rd->m, i),
					      score,
					      text,
					      exp};
			rd->total += res.score;
			rd->pending++;
			script_match(round_offered, rd, "offer", "", 6, args);
		}
		free(text);
	}
	if (--rd->pending == 0)
		round_finish(rd);
}

/* What kept mentee i from every mentor (docs/impact.md, "Mentorship funnel"), from each
 * pair's filters: competition when some mentor was eligible; else language when none
 * shares a language; else excluded when every one who does was excluded; else capacity
 * (also with no mentor at all). */
static const char *round_filter(const matcher_t *m, size_t i)
{
	size_t j, n = matcher_mentor_count(m), sharing = 0, open = 0;

	for (j = 0; j < n; j++) {
		unsigned f = matcher_filters(m, j, i);
		if (f & (MATCHER_FILTER_SAME_PERSON | MATCHER_FILTER_LANGUAGE))
			continue;
		if (!f)
			return "competition";
		sharing++;
		open += !(f & MATCHER_FILTER_EXCLUDED);
	}
	if (!sharing)
		return n ? "language" : "capacity";
	return open ? "capacity" : "excluded";
}

static void round_work(uv_work_t *w)
{
	round *rd = w->data;
	size_t i, n;

	rd->rc = matcher_run(rd->m, &rd->err);
	n = matcher_mentee_count(rd->m);
	if (rd->rc || !(rd->filters = calloc(n + 1, sizeof(*rd->filters))))
		return; /* without filters the round still offers */
	for (i = 0; i < n; i++) {
		matcher_result_t res;
		if (!matcher_result(rd->m, i, &res, NULL) && res.mentor < 0)
			rd->filters[i] = round_filter(rd->m, i);
	}
}

static void round_ran(uv_work_t *w, int status)
{
	round *rd = w->data;

	if (status || rd->rc) {
		rd->rc = rd->rc ? rd->rc : -1;
		log_warn("match: round failed: %s", rd->err.text);
		round_finish(rd);
		return;
	}
	round_offer_all(rd);
}

static void round_loaded(const store_answer *a, void *priv)
{
	round *rd = priv;
	json_t *excluded = json_array();

	if (a->code || a->nlists != 3) {
		rd->rc = -1;
		snprintf(rd->err.text, sizeof(rd->err.text), "storage unreachable");
		goto fail;
	}
	round_parse(rd, a, excluded);
	rd->m = round_build(rd, excluded);
	if (!rd->m) {
		rd->rc = -1;
		log_warn("match: bad input: %s", rd->err.text);
		goto fail;
	}
	json_decref(excluded);
	rd->work.data = rd;
	if (uv_queue_work(core_loop, &rd->work, round_work, round_ran) == 0)
		return;
	rd->rc = -1;
	round_finish(rd);
	return;
fail:
	json_decref(excluded);
	round_finish(rd);
}

static void round_locked(const store_answer *a, void *priv)
{
	round *rd = priv;
	int locked = store_answer_flag(a, "locked");

	if (!locked) {
		/* Redis down or in error, or another node's round holds the lock. */
		int busy = !a->code;
		if (rd->rq && request_live(rd->rq))
			reply_error(rd->rq->c, rd->rq->re, busy ? "conflict" : "unavailable",
				    busy ? "A matching round is already running." : NULL);
		request_free(rd->rq);
		mt.running = 0;
		free(rd);
		return;
	}
	script_match(round_loaded, rd, "load", "", 0, NULL);
}

static void round_start(request *rq)
{
	const char *args[] = {core_cfg->node, LOCK_MS};
	round *rd;

	if (mt.running || !(rd = calloc(1, sizeof(*rd)))) {
		if (rq && request_live(rq))
			reply_error(rq->c, rq->re, "conflict",
				    "A matching round is already running.");
		request_free(rq);
		return;
	}
	mt.running = 1;
	rd->rq = rq;
	rd->t0 = rd->now = util_now_ms();
	script_match(round_locked, rd, "lock", "", 2, args);
}

static void match_tick(uv_timer_t *t)
{
	if (!store_ready())
		return;
	script_match(store_answer_ignore, NULL, "expire", "", 0, NULL);
	round_start(NULL);
}

/* The request is checked and audited first, with the actor's current role and session. */
static void match_run_allowed(const store_answer *a, void *priv)
{
	request *rq = priv;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a)) {
		request_free(rq);
		return;
	}
	round_start(rq);
}

void handle_match_run(conn *c, json_t *re, json_t *body)
{
	const char *fields[] = {"round requested"};
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_admin(match_run_allowed, rq, c->uid, c->name, "match.run", "", c->jti, 1, fields);
}

void handle_match_stats(conn *c, json_t *re, json_t *body)
{
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_match(reply_answer_cb, rq, "stats", "", 0, NULL);
}

/* Weights and switches from PASSERELLE_MATCH_<KEY> (e.g. PASSERELLE_MATCH_W_SKILLS). */
static int match_config_env(char *why, size_t whysz)
{
	const char *const *k;
	matcher_error_t err;

	matcher_config_default(&mt.cfg);
	for (k = matcher_config_keys(); *k; k++) {
		char name[64], *end;
		const char *v;
		long val;
		size_t i;
		snprintf(name, sizeof(name), "PASSERELLE_MATCH_%s", *k);
		for (i = 17; name[i]; i++)
			name[i] = (char)toupper((unsigned char)name[i]);
		if (!(v = getenv(name)))
			continue;
		val = strtol(v, &end, 10);
		if (end == v || *end) {
			snprintf(why, whysz, "%s: '%s' is not a whole number", name, v);
			return -1;
		}
		if (matcher_config_set(&mt.cfg, *k, val, &err)) {
			snprintf(why, whysz, "%s: %s", name, err.text);
			return -1;
		}
	}
	if (matcher_config_check(&mt.cfg, &err)) {
		snprintf(why, whysz, "PASSERELLE_MATCH_*: %s", err.text);
		return -1;
	}
	return 0;
}

int match_init(uv_loop_t *loop, long interval_s, long offer_ttl_s, char *err, size_t errsz)
{
	mt.offer_ttl_s = offer_ttl_s;
	if (match_config_env(err, errsz))
		return -1;
	uv_timer_init(loop, &mt.timer);
	return uv_timer_start(&mt.timer, match_tick, (uint64_t)interval_s * 1000,
			      (uint64_t)interval_s * 1000);
}

void match_shutdown(void)
{
	uv_timer_stop(&mt.timer);
	uv_close((uv_handle_t *)&mt.timer, NULL);
}
