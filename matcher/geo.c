/*
 * geo.c - countries and their UN M49 world regions, language codes, CEFR levels and
 * the daytime overlap of two time zones. Static tables only; nothing is allocated.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

struct country {
	char code[3];
	uint16_t sub; /* M49 sub-region, or intermediate region where M49 has one */
};

/* ISO 3166-1 alpha-2, sorted; XK (Kosovo) is user-assigned but in common use. */
/* clang-format off */
static const struct country countries[] = {
	{"AD", 39}, {"AE", 145}, {"AF", 34}, {"AG", 29}, {"AI", 29}, {"AL", 39}, {"AM", 145},
	{"AO", 17}, {"AQ", 0}, {"AR", 5}, {"AS", 61}, {"AT", 155}, {"AU", 53}, {"AW", 29},
	{"AX", 154}, {"AZ", 145}, {"BA", 39}, {"BB", 29}, {"BD", 34}, {"BE", 155}, {"BF", 11},
	{"BG", 151}, {"BH", 145}, {"BI", 14}, {"BJ", 11}, {"BL", 29}, {"BM", 21}, {"BN", 35},
	{"BO", 5}, {"BQ", 29}, {"BR", 5}, {"BS", 29}, {"BT", 34}, {"BV", 5}, {"BW", 18},
	{"BY", 151}, {"BZ", 13}, {"CA", 21}, {"CC", 53}, {"CD", 17}, {"CF", 17}, {"CG", 17},
	{"CH", 155}, {"CI", 11}, {"CK", 61}, {"CL", 5}, {"CM", 17}, {"CN", 30}, {"CO", 5},
	{"CR", 13}, {"CU", 29}, {"CV", 11}, {"CW", 29}, {"CX", 53}, {"CY", 145}, {"CZ", 151},
	{"DE", 155}, {"DJ", 14}, {"DK", 154}, {"DM", 29}, {"DO", 29}, {"DZ", 15}, {"EC", 5},
	{"EE", 154}, {"EG", 15}, {"EH", 15}, {"ER", 14}, {"ES", 39}, {"ET", 14}, {"FI", 154},
	{"FJ", 54}, {"FK", 5}, {"FM", 57}, {"FO", 154}, {"FR", 155}, {"GA", 17}, {"GB", 154},
	{"GD", 29}, {"GE", 145}, {"GF", 5}, {"GG", 154}, {"GH", 11}, {"GI", 39}, {"GL", 21},
	{"GM", 11}, {"GN", 11}, {"GP", 29}, {"GQ", 17}, {"GR", 39}, {"GS", 5}, {"GT", 13},
	{"GU", 57}, {"GW", 11}, {"GY", 5}, {"HK", 30}, {"HM", 53}, {"HN", 13}, {"HR", 39},
	{"HT", 29}, {"HU", 151}, {"ID", 35}, {"IE", 154}, {"IL", 145}, {"IM", 154}, {"IN", 34},
	{"IO", 14}, {"IQ", 145}, {"IR", 34}, {"IS", 154}, {"IT", 39}, {"JE", 154}, {"JM", 29},
	{"JO", 145}, {"JP", 30}, {"KE", 14}, {"KG", 143}, {"KH", 35}, {"KI", 57}, {"KM", 14},
	{"KN", 29}, {"KP", 30}, {"KR", 30}, {"KW", 145}, {"KY", 29}, {"KZ", 143}, {"LA", 35},
	{"LB", 145}, {"LC", 29}, {"LI", 155}, {"LK", 34}, {"LR", 11}, {"LS", 18}, {"LT", 154},
	{"LU", 155}, {"LV", 154}, {"LY", 15}, {"MA", 15}, {"MC", 155}, {"MD", 151}, {"ME", 39},
	{"MF", 29}, {"MG", 14}, {"MH", 57}, {"MK", 39}, {"ML", 11}, {"MM", 35}, {"MN", 30},
	{"MO", 30}, {"MP", 57}, {"MQ", 29}, {"MR", 11}, {"MS", 29}, {"MT", 39}, {"MU", 14},
	{"MV", 34}, {"MW", 14}, {"MX", 13}, {"MY", 35}, {"MZ", 14}, {"NA", 18}, {"NC", 54},
	{"NE", 11}, {"NF", 53}, {"NG", 11}, {"NI", 13}, {"NL", 155}, {"NO", 154}, {"NP", 34},
	{"NR", 57}, {"NU", 61}, {"NZ", 53}, {"OM", 145}, {"PA", 13}, {"PE", 5}, {"PF", 61},
	{"PG", 54}, {"PH", 35}, {"PK", 34}, {"PL", 151}, {"PM", 21}, {"PN", 61}, {"PR", 29},
	{"PS", 145}, {"PT", 39}, {"PW", 57}, {"PY", 5}, {"QA", 145}, {"RE", 14}, {"RO", 151},
	{"RS", 39}, {"RU", 151}, {"RW", 14}, {"SA", 145}, {"SB", 54}, {"SC", 14}, {"SD", 15},
	{"SE", 154}, {"SG", 35}, {"SH", 11}, {"SI", 39}, {"SJ", 154}, {"SK", 151}, {"SL", 11},
	{"SM", 39}, {"SN", 11}, {"SO", 14}, {"SR", 5}, {"SS", 14}, {"ST", 17}, {"SV", 13},
	{"SX", 29}, {"SY", 145}, {"SZ", 18}, {"TC", 29}, {"TD", 17}, {"TF", 14}, {"TG", 11},
	{"TH", 35}, {"TJ", 143}, {"TK", 61}, {"TL", 35}, {"TM", 143}, {"TN", 15}, {"TO", 61},
	{"TR", 145}, {"TT", 29}, {"TV", 61}, {"TW", 30}, {"TZ", 14}, {"UA", 151}, {"UG", 14},
	{"UM", 57}, {"US", 21}, {"UY", 5}, {"UZ", 143}, {"VA", 39}, {"VC", 29}, {"VE", 5},
	{"VG", 29}, {"VI", 29}, {"VN", 35}, {"VU", 54}, {"WF", 61}, {"WS", 61}, {"XK", 39},
	{"YE", 145}, {"YT", 14}, {"ZA", 18}, {"ZM", 14}, {"ZW", 14},
};
/* clang-format on */

#define NCOUNTRIES (sizeof(countries) / sizeof(countries[0]))

struct region {
	uint16_t code, parent;
	const char *name;
};

static const struct region regions[] = {
    {2, 0, "Africa"},
    {5, 19, "South America"},
    {9, 0, "Oceania"},
    {11, 2, "Western Africa"},
    {13, 19, "Central America"},
    {14, 2, "Eastern Africa"},
    {15, 2, "Northern Africa"},
    {17, 2, "Middle Africa"},
    {18, 2, "Southern Africa"},
    {19, 0, "the Americas"},
    {21, 19, "Northern America"},
    {29, 19, "the Caribbean"},
    {30, 142, "Eastern Asia"},
    {34, 142, "Southern Asia"},
    {35, 142, "South-eastern Asia"},
    {39, 150, "Southern Europe"},
    {53, 9, "Australia and New Zealand"},
    {54, 9, "Melanesia"},
    {57, 9, "Micronesia"},
    {61, 9, "Polynesia"},
    {142, 0, "Asia"},
    {143, 142, "Central Asia"},
    {145, 142, "Western Asia"},
    {150, 0, "Europe"},
    {151, 150, "Eastern Europe"},
    {154, 150, "Northern Europe"},
    {155, 150, "Western Europe"},
};

#define NREGIONS (sizeof(regions) / sizeof(regions[0]))

static int cmp_country(const void *key, const void *elem)
{
	return strncmp(key, ((const struct country *)elem)->code, 2);
}

int geo_country(const char *code)
{
	char up[3];
	const struct country *c;

	if (!code || strlen(code) != 2)
		return -1;
	for (int i = 0; i < 2; i++) {
		unsigned char ch = (unsigned char)code[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (unsigned char)(ch - 32);
		if (ch < 'A' || ch > 'Z')
			return -1;
		up[i] = (char)ch;
	}
	up[2] = '\0';
	c = bsearch(up, countries, NCOUNTRIES, sizeof(countries[0]), cmp_country);
	return c ? (int)(c - countries) : -1;
}

int matcher_country_known(const char *code)
{
	return geo_country(code) >= 0;
}

const char *geo_country_code(int country)
{
	return country >= 0 && (size_t)country < NCOUNTRIES ? countries[country].code : "";
}

static const struct region *region_of(int m49)
{
	for (size_t i = 0; i < NREGIONS; i++)
		if (regions[i].code == m49)
			return &regions[i];
	return NULL;
}

int geo_subregion(int country)
{
	return country >= 0 && (size_t)country < NCOUNTRIES ? countries[country].sub : 0;
}

int geo_region(int country)
{
	const struct region *r = region_of(geo_subregion(country));
	return r ? r->parent : 0;
}

const char *geo_region_name(int m49)
{
	const struct region *r = region_of(m49);
	return r ? r->name : "";
}

const char *matcher_region_name(const char *alpha2)
{
	int r = geo_region(geo_country(alpha2));
	const char *name = r ? geo_region_name(r) : NULL;

	/* The table's names read in sentences ("the Americas"). */
	if (name && !strncmp(name, "the ", 4))
		name += 4;
	return name;
}

int geo_overlap(int offset_a, int offset_b)
{
	/* b's 09:00-21:00 seen on a's clock, compared over the days around */
	int d = offset_b - offset_a;
	int total = 0;

	for (int k = -2; k <= 2; k++) {
		int lo = 540 - d + 1440 * k, hi = 1260 - d + 1440 * k;
		int s = lo > 540 ? lo : 540, e = hi < 1260 ? hi : 1260;
		if (e > s)
			total += e - s;
	}
	return total;
}

int geo_language(const char *code)
{
	int idx = 0;

	if (!code || strlen(code) != 2)
		return -1;
	for (int i = 0; i < 2; i++) {
		unsigned char ch = (unsigned char)code[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch + 32);
		if (ch < 'a' || ch > 'z')
			return -1;
		idx = idx * 26 + (ch - 'a');
	}
	return idx;
}

static const char *const level_names[] = {"", "A1", "A2", "B1", "B2", "C1", "C2", "native"};

int matcher_level_parse(const char *s)
{
	for (int i = MATCHER_LEVEL_A1; s && i <= MATCHER_LEVEL_NATIVE; i++)
		if (strcasecmp(s, level_names[i]) == 0)
			return i;
	return 0;
}

const char *matcher_level_name(int level)
{
	return level >= MATCHER_LEVEL_A1 && level <= MATCHER_LEVEL_NATIVE ? level_names[level] : "";
}
