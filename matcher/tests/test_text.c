/*
 * test_text.c - skill name normalisation, synonyms, CEFR levels and the geography tables.
 */
#include <string.h>

#include "check.h"
#include "internal.h"

static const char *norm(const matcher_synonyms_t *syn, const char *name)
{
	static char out[MATCHER_NAME_MAX + 1];
	matcher_error_t err;

	if (matcher_normalize(syn, name, out, sizeof(out), &err) < 0)
		return NULL;
	return out;
}

static matcher_synonyms_t *default_synonyms(void)
{
	const char *text = matcher_synonyms_default_text();
	return matcher_synonyms_parse(text, strlen(text), NULL);
}

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void test_fold(void)
{
	CHECK(same(norm(NULL, "  Public   SPEAKING "), "public speaking"));
	CHECK(same(norm(NULL, "prise-de-parole"), "prise de parole"));
	CHECK(same(norm(NULL, "Levée de fonds"), "levee de fonds"));
	CHECK(same(norm(NULL, "ÉLOQUENCE"), "eloquence"));
	CHECK(same(norm(NULL, "Straße & Œuvre"), "strasse oeuvre"));
	CHECK(same(norm(NULL, "naïve café, à l'œil"), "naive cafe a l oeil"));
	CHECK(same(norm(NULL, "C++ / C#"), "c++ c#"));
	CHECK(same(norm(NULL, "Ærø Þór ÿ"), "aero thor y"));
	CHECK(same(norm(NULL, "data\xC2\xA0"
			      "analysis"),
		   "data analysis")); /* no-break space */
	CHECK(same(norm(NULL, "数据 分析"), "数据 分析"));
}

static void test_fold_errors(void)
{
	char big[MATCHER_NAME_MAX + 2];
	matcher_error_t err = {0};
	char out[8];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(norm(NULL, "  - / ") == NULL);
	CHECK(norm(NULL, "") == NULL);
	CHECK(norm(NULL, NULL) == NULL);
	CHECK(norm(NULL, big) == NULL);
	CHECK(norm(NULL, "bad \xC3( byte") == NULL);
	CHECK(norm(NULL, "overlong \xC0\xAF") == NULL);
	CHECK(norm(NULL, "surrogate \xED\xA0\x80") == NULL);
	CHECK(norm(NULL, "cut \xE2\x82") == NULL);
	CHECK(matcher_normalize(NULL, "abcdefghij", out, sizeof(out), &err) < 0);
	CHECK(err.code == MATCHER_EINVAL && err.text[0]);
}

static void test_default_synonyms(void)
{
	matcher_synonyms_t *syn = default_synonyms();

	CHECK(syn != NULL);
	CHECK(same(norm(syn, "Prise de parole"), "public speaking"));
	CHECK(same(norm(syn, "PRISE-DE-PAROLE en public"), "public speaking"));
	CHECK(same(norm(syn, "public speaking"), "public speaking"));
	CHECK(same(norm(syn, "levée de fonds"), "fundraising"));
	CHECK(same(norm(syn, "Gestion de projet"), "project management"));
	CHECK(same(norm(syn, "Programming"), "software development"));
	CHECK(same(norm(syn, "basket weaving"), "basket weaving"));
	matcher_synonyms_free(syn);
	matcher_synonyms_free(NULL);
}

static void test_synonym_errors(void)
{
	static const char *const bad[] = {
	    "no colon here\n", "a: b\nc: b\n", /* alias with two meanings */
	    "a: b\nb: c\n",		       /* an alias used as a name */
	    "a: b\nc: a\n",		       /* a name used as an alias */
	    "a: b,,c\n",		       /* empty alias */
	    "x: \xC3(\n",		       /* not UTF-8 */
	};
	matcher_error_t err;
	matcher_synonyms_t *syn;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		syn = matcher_synonyms_parse(bad[i], strlen(bad[i]), &err);
		checkf(syn == NULL && err.code == MATCHER_EINVAL && strstr(err.text, "line"),
		       "case %zu accepted or unclear: %s", i, err.text);
		matcher_synonyms_free(syn);
	}
	const char *ok = "# comment\n\nA: b, B\r\n  c : d # note\n";
	syn = matcher_synonyms_parse(ok, strlen(ok), &err);
	CHECK(syn != NULL);
	CHECK(same(norm(syn, "D"), "c"));
	CHECK(same(norm(syn, "b"), "a"));
	matcher_synonyms_free(syn);
	CHECK(matcher_synonyms_parse("a: b\0c: d", 9, &err) == NULL);
}

static void test_levels(void)
{
	CHECK(matcher_level_parse("A1") == MATCHER_LEVEL_A1);
	CHECK(matcher_level_parse("b2") == MATCHER_LEVEL_B2);
	CHECK(matcher_level_parse("Native") == MATCHER_LEVEL_NATIVE);
	CHECK(matcher_level_parse("D1") == 0);
	CHECK(matcher_level_parse(NULL) == 0);
	CHECK(same(matcher_level_name(MATCHER_LEVEL_C1), "C1"));
	CHECK(same(matcher_level_name(42), ""));
}

static void test_geo(void)
{
	int sn = geo_country("sn"), ci = geo_country("CI"), fr = geo_country("FR");

	CHECK(sn >= 0 && ci >= 0 && fr >= 0);
	CHECK(geo_country("ZZ") < 0 && geo_country("S") < 0 && geo_country("S1") < 0);
	CHECK(geo_country(NULL) < 0);
	CHECK(geo_subregion(sn) == 11 && geo_subregion(ci) == 11); /* Western Africa */
	CHECK(geo_region(sn) == 2 && geo_region(fr) == 150);
	CHECK(geo_subregion(geo_country("HT")) == 29); /* the Caribbean */
	CHECK(geo_region(geo_country("VN")) == 142);
	CHECK(geo_region(geo_country("AQ")) == 0);
	CHECK(same(geo_region_name(11), "Western Africa"));
	CHECK(same(geo_country_code(sn), "SN"));
	CHECK(geo_language("fr") == geo_language("FR") && geo_language("fr") >= 0);
	CHECK(geo_language("fra") < 0 && geo_language("f1") < 0);
}

static void test_overlap(void)
{
	CHECK(geo_overlap(60, 60) == 720);
	CHECK(geo_overlap(0, 60) == 660);
	CHECK(geo_overlap(0, 720) == 0); /* twelve hours apart */
	CHECK(geo_overlap(0, -300) == 420);
	CHECK(geo_overlap(-300, 0) == 420);
	CHECK(geo_overlap(-600, 600) == 480); /* twenty hours apart: four the other way */
	CHECK(geo_overlap(330, 0) == 390);
	for (int a = -720; a <= 840; a += 45)
		for (int b = -720; b <= 840; b += 75)
			checkf(geo_overlap(a, b) == geo_overlap(b, a) && geo_overlap(a, b) <= 720,
			       "overlap(%d, %d)", a, b);
}

const struct test text_tests[] = {
    {"fold", test_fold},
    {"fold_errors", test_fold_errors},
    {"default_synonyms", test_default_synonyms},
    {"synonym_errors", test_synonym_errors},
    {"levels", test_levels},
    {"geo", test_geo},
    {"overlap", test_overlap},
    {NULL, NULL},
};
