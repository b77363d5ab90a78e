#include "consent.h"

#include <stddef.h>
#include <string.h>

/* Countries that chose an age other than the default 16 are listed as well as those that
 * kept it, so that the table reads as the law does (docs/privacy.md has the same one). */
static const struct {
	char code[3];
	unsigned char age;
} consent_ages[] = {
    {"AT", 14}, {"BE", 13}, {"BG", 14}, {"HR", 16}, {"CY", 14}, {"CZ", 15}, {"DK", 13}, {"EE", 13},
    {"FI", 13}, {"FR", 15}, {"DE", 16}, {"GR", 15}, {"HU", 16}, {"IE", 16}, {"IT", 14}, {"LV", 13},
    {"LT", 14}, {"LU", 16}, {"MT", 13}, {"NL", 16}, {"PL", 16}, {"PT", 13}, {"RO", 16}, {"SK", 16},
    {"SI", 15}, {"ES", 14}, {"SE", 13}, {"IS", 13}, {"LI", 16}, {"NO", 13}, {"GB", 13},
};

int consent_age(const char *country)
{
	size_t i;

	if (!country)
		return CONSENT_AGE_DEFAULT;
	for (i = 0; i < sizeof(consent_ages) / sizeof(consent_ages[0]); i++)
		if (!strcmp(consent_ages[i].code, country))
			return consent_ages[i].age;
	return CONSENT_AGE_DEFAULT;
}

int consent_guardian_needed(int birth_year, const char *country, int year_now)
{
	if (birth_year <= 0)
		return 0;
	return year_now - birth_year <= consent_age(country);
}
