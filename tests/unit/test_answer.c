/* Decoding script answers into the one answer shape, from hand-built Redis replies. */
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "check.h"

static const char *const lists2[] = {"members", "history", NULL};
static const store_script two = {"two", "", 0, NULL, 2, lists2, ""};
static const store_script none = {"none", "", 0, NULL, 0, NULL, ""};

static redisReply str(const char *s)
{
	redisReply r = {.type = REDIS_REPLY_STRING, .str = (char *)s, .len = strlen(s)};
	return r;
}

static redisReply num(long long n)
{
	redisReply r = {.type = REDIS_REPLY_INTEGER, .integer = n};
	return r;
}

/* An array reply over the n elements e. */
static redisReply arr(redisReply *e, redisReply **ptrs, size_t n)
{
	redisReply r = {.type = REDIS_REPLY_ARRAY, .elements = n, .element = ptrs};
	size_t i;

	for (i = 0; i < n; i++)
		ptrs[i] = &e[i];
	return r;
}

static void test_refusals(void)
{
	store_answer a;
	redisReply r = str("!muted 1500|You are muted here."), err = {.type = REDIS_REPLY_ERROR};

	answer_decode(&r, &none, &a, NULL, 0);
	CHECK_STR(a.code, "muted");
	CHECK_INT(a.retry_ms, 1500);
	CHECK_STR(a.message, "You are muted here.");
	answer_clear(&a);
	r = str("!room_closed");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK_STR(a.code, "room_closed");
	CHECK(a.message == NULL);
	CHECK_INT(a.retry_ms, 0);
	answer_clear(&a);
	answer_decode(NULL, &none, &a, NULL, 0);
	CHECK_STR(a.code, "unavailable");
	err.str = (char *)"NOSCRIPT";
	err.len = 8;
	answer_decode(&err, &none, &a, NULL, 0);
	CHECK_STR(a.code, "unavailable");
	r = str("!!");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK_STR(a.code, "internal");
}

static void test_heads_and_lists(void)
{
	redisReply e[8], *p[8], r;
	store_answer a;
	char why[64];

	r = str("{\"new\":true}");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK(a.code == NULL);
	CHECK_INT(a.head.len, 12);
	CHECK_INT(a.nlists, 0);
	answer_clear(&a);
	e[0] = str("{\"gap\":false}");
	e[1] = str("members");
	e[2] = num(1);
	e[3] = str("{\"id\":\"u1\"}");
	e[4] = str("history");
	e[5] = num(2);
	e[6] = str("{\"id\":\"1-0\"}");
	e[7] = str("{\"id\":\"1-1\"}");
	r = arr(e, p, 8);
	answer_decode(&r, &two, &a, why, sizeof(why));
	if (CHECK(a.code == NULL) && CHECK_INT(a.nlists, 2)) {
		CHECK_INT(a.lists[0].n, 1);
		CHECK_INT(a.lists[1].n, 2);
		CHECK(!memcmp(store_answer_item(&a, 1, 1).p, "{\"id\":\"1-1\"}", 12));
		CHECK_INT(store_answer_item(&a, 1, 2).len, 0);
		CHECK_INT(store_answer_item(&a, 5, 0).len, 0);
	}
	answer_clear(&a);
	/* Undeclared shapes are internal, never half read. */
	e[4] = str("messages");
	answer_decode(&r, &two, &a, why, sizeof(why));
	CHECK_STR(a.code, "internal");
	CHECK(strstr(why, "declared") != NULL);
	e[4] = str("history");
	e[5] = num(3);
	answer_decode(&r, &two, &a, why, sizeof(why));
	CHECK_STR(a.code, "internal");
	e[5] = num(-1);
	answer_decode(&r, &two, &a, why, sizeof(why));
	CHECK_STR(a.code, "internal");
	e[5] = num(2);
	r.elements = 5;
	answer_decode(&r, &two, &a, why, sizeof(why));
	CHECK_STR(a.code, "internal");
	r = num(3);
	answer_decode(&r, &two, &a, why, sizeof(why));
	CHECK_STR(a.code, "internal");
	answer_clear(&a);
}

static void test_head_parse(void)
{
	redisReply r = str("{\"exists\":false}");
	store_answer a;
	json_t *h;

	answer_decode(&r, &none, &a, NULL, 0);
	h = store_answer_head(&a);
	CHECK(json_is_false(json_object_get(h, "exists")));
	json_decref(h);
	r = str("{not json");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK(store_answer_head(&a) == NULL);
}

static void test_flags(void)
{
	redisReply r = str("{\"new\":true,\"message\":{\"id\":\"1-0\"}}");
	store_answer a;

	answer_decode(&r, &none, &a, NULL, 0);
	CHECK(store_answer_flag(&a, "new"));
	CHECK(!store_answer_flag(&a, "message"));
	CHECK(!store_answer_flag(&a, "ne"));
	r = str("{\"new\":false}");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK(!store_answer_flag(&a, "new"));
	r = str("{\"locked\":true}");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK(store_answer_flag(&a, "locked"));
	r = str("!conflict");
	answer_decode(&r, &none, &a, NULL, 0);
	CHECK(!store_answer_flag(&a, "locked"));
	answer_decode(NULL, &none, &a, NULL, 0);
	CHECK(!store_answer_flag(&a, "exists"));
}

int main(void)
{
	test_refusals();
	test_heads_and_lists();
	test_head_parse();
	test_flags();
	return check_done("answer");
}
