/* The table-driven request validator: required fields, kinds, caps, ids. */
#include <jansson.h>

#include "check.h"
#include "validate.h"

static const v_field fields[] = {
    {"room", V_ID, 1, 0, 8},	    {"text", V_STRING, 1, 0, 5},
    {"limit", V_INT, 0, 1, 200},    {"flag", V_BOOL, 0, 0, 0},
    {"profile", V_OBJECT, 0, 0, 0}, {"list", V_ARRAY, 0, 0, 2},
    {"since", V_MSGID, 0, 0, 0},    {NULL},
};

static int check_json(const char *text, const char *want_err)
{
	json_t *req = json_loads(text, 0, NULL);
	char err[160] = "";
	int rc = validate_fields(req, fields, err, sizeof(err));

	json_decref(req);
	if (!want_err)
		return CHECK(rc == 0) && CHECK_STR(err, "");
	return CHECK(rc == -1) && CHECK(strstr(err, want_err) != NULL);
}

static void test_fields(void)
{
	check_json("{\"room\":\"lobby\",\"text\":\"hi\"}", NULL);
	check_json("{\"room\":\"lobby\",\"text\":\"hi\",\"unknown\":[1]}", NULL);
	check_json("{\"text\":\"hi\"}", "'room' is required");
	check_json("{\"room\":null,\"text\":\"hi\"}", "'room' is required");
	check_json("{\"room\":\"lobby\"}", "'text' is required");
	check_json("{\"room\":5,\"text\":\"hi\"}", "'room' must be an id");
	check_json("{\"room\":\"a b\",\"text\":\"hi\"}", "'room' must be an id");
	check_json("{\"room\":\"\",\"text\":\"hi\"}", "'room' must be an id");
	check_json("{\"room\":\"123456789\",\"text\":\"hi\"}", "'room' must be an id");
	check_json("{\"room\":\"12345678\",\"text\":\"hi\"}", NULL);
	check_json("{\"room\":\"r\",\"text\":7}", "'text' must be a string of at most 5");
	/* Characters, not bytes: five accented letters fit, six do not. */
	check_json("{\"room\":\"r\",\"text\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", NULL);
	check_json("{\"room\":\"r\",\"text\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}",
		   "at most 5 characters");
	check_json("{\"room\":\"r\",\"text\":\"\",\"limit\":0}",
		   "'limit' must be an integer in 1..200");
	check_json("{\"room\":\"r\",\"text\":\"\",\"limit\":201}", "in 1..200");
	check_json("{\"room\":\"r\",\"text\":\"\",\"limit\":1.5}", "'limit' must be an integer");
	check_json("{\"room\":\"r\",\"text\":\"\",\"limit\":200}", NULL);
	check_json("{\"room\":\"r\",\"text\":\"\",\"flag\":1}", "'flag' must be a boolean");
	check_json("{\"room\":\"r\",\"text\":\"\",\"flag\":false}", NULL);
	check_json("{\"room\":\"r\",\"text\":\"\",\"profile\":[]}", "'profile' must be an object");
	check_json("{\"room\":\"r\",\"text\":\"\",\"list\":[1,2,3]}", "at most 2 elements");
	check_json("{\"room\":\"r\",\"text\":\"\",\"list\":{}}", "'list' must be an array");
}

static void test_msgid(void)
{
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"1764265200000-0\"}", NULL);
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"1-12\"}", NULL);
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"1764265200000\"}", "message id");
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"-1\"}", "message id");
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"1-\"}", "message id");
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"1-2-3\"}", "message id");
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"a-1\"}", "message id");
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":\"123456789012345678901-0\"}",
		   "message id");
	check_json("{\"room\":\"r\",\"text\":\"\",\"since\":1}", "message id");
}

static void check_id(const char *text, int readable)
{
	json_t *req = json_loads(text, 0, NULL);

	CHECK((validate_request_id(req) != NULL) == readable);
	json_decref(req);
}

static void test_request_id(void)
{
	char big[200];

	check_id("{\"id\":1}", 1);
	check_id("{\"id\":\"abc\"}", 1);
	check_id("{\"id\":2.5}", 1);
	check_id("{}", 0);
	check_id("{\"id\":null}", 0);
	check_id("{\"id\":{}}", 0);
	check_id("{\"id\":[1]}", 0);
	check_id("{\"id\":true}", 0);
	snprintf(big, sizeof(big), "{\"id\":\"%0129d\"}", 0);
	check_id(big, 0);
	snprintf(big, sizeof(big), "{\"id\":\"%0128d\"}", 0);
	check_id(big, 1);
}

int main(void)
{
	test_fields();
	test_msgid();
	test_request_id();
	return check_done("validate");
}
