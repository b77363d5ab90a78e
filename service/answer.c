#include "answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void answer_refusal(const redisReply *r, store_answer *a)
{
	const char *p = r->str + 1, *bar = memchr(r->str, '|', r->len);
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");

	if (n == 0 || n >= sizeof(a->codebuf)) {
		a->code = "internal";
		return;
	}
	memcpy(a->codebuf, p, n);
	a->codebuf[n] = '\0';
	a->code = a->codebuf;
	if (p[n] == ' ')
		a->retry_ms = strtoll(p + n + 1, NULL, 10);
	a->message = bar ? bar + 1 : NULL;
}

static int is_str(const redisReply *e)
{
	return e->type == REDIS_REPLY_STRING || e->type == REDIS_REPLY_STATUS;
}

static int answer_bad(store_answer *a, char *why, size_t whysz, const char *what)
{
	answer_clear(a);
	a->code = "internal";
	if (why)
		snprintf(why, whysz, "%s", what);
	return -1;
}

/* {head, name, count, items..., name, count, items...} with the declared names in order. */
static int answer_lists(const redisReply *r, const store_script *s, store_answer *a, char *why,
			size_t whysz)
{
	size_t i = 1, l, k;

	for (l = 0; l < s->nlists; l++) {
		const redisReply *nm, *cnt;
		if (i + 2 > r->elements)
			return answer_bad(a, why, whysz, "a declared list is missing");
		nm = r->element[i];
		cnt = r->element[i + 1];
		if (!is_str(nm) || strcmp(nm->str, s->lists[l]) ||
		    cnt->type != REDIS_REPLY_INTEGER || cnt->integer < 0 ||
		    (size_t)cnt->integer > r->elements - i - 2)
			return answer_bad(a, why, whysz, "a list is not the declared one");
		a->lists[l].n = (size_t)cnt->integer;
		a->lists[l].items = calloc(a->lists[l].n + 1, sizeof(store_str));
		if (!a->lists[l].items)
			return answer_bad(a, why, whysz, "no memory");
		for (k = 0; k < a->lists[l].n; k++) {
			const redisReply *e = r->element[i + 2 + k];
			if (!is_str(e))
				return answer_bad(a, why, whysz, "a list item is not a string");
			a->lists[l].items[k].p = e->str;
			a->lists[l].items[k].len = e->len;
		}
		a->nlists = l + 1;
		i += 2 + a->lists[l].n;
	}
	if (i != r->elements)
		return answer_bad(a, why, whysz, "more than the declared lists");
	return 0;
}

void answer_decode(const redisReply *r, const store_script *s, store_answer *a, char *why,
		   size_t whysz)
{
	memset(a, 0, sizeof(*a));
	a->script = s;
	a->head.p = "{}";
	a->head.len = 2;
	if (why && whysz)
		why[0] = '\0';
	if (!r || r->type == REDIS_REPLY_ERROR) {
		a->code = "unavailable";
		if (why)
			snprintf(why, whysz, "%s", r ? r->str : "no answer");
		return;
	}
	if (is_str(r) && r->len > 1 && r->str[0] == '!') {
		answer_refusal(r, a);
		return;
	}
	if (is_str(r) && r->len >= 2 && r->str[0] == '{') {
		a->head.p = r->str;
		a->head.len = r->len;
		return;
	}
	if (r->type != REDIS_REPLY_ARRAY || r->elements < 1 || !is_str(r->element[0]) ||
	    r->element[0]->len < 2 || r->element[0]->str[0] != '{') {
		answer_bad(a, why, whysz, "not a head and lists");
		return;
	}
	a->head.p = r->element[0]->str;
	a->head.len = r->element[0]->len;
	answer_lists(r, s, a, why, whysz);
}

void answer_clear(store_answer *a)
{
	size_t l;

	for (l = 0; l < STORE_LISTS_MAX; l++) {
		free(a->lists[l].items);
		a->lists[l].items = NULL;
		a->lists[l].n = 0;
	}
	a->nlists = 0;
}

json_t *store_answer_head(const store_answer *a)
{
	json_t *o = json_loadb(a->head.p, a->head.len, 0, NULL);

	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int store_answer_flag(const store_answer *a, const char *name)
{
	size_t n = strlen(name);
	const char *h = a->head.p;

	return !a->code && a->head.len >= n + 9 && h[0] == '{' && h[1] == '"' &&
	       !memcmp(h + 2, name, n) && !memcmp(h + 2 + n, "\":true", 6);
}

store_str store_answer_item(const store_answer *a, size_t l, size_t i)
{
	store_str none = {"", 0};

	if (l >= a->nlists || i >= a->lists[l].n)
		return none;
	return a->lists[l].items[i];
}

void store_answer_ignore(const store_answer *a, void *priv)
{
}
