/* Unit tests for service/consent.c: the age table and the year-only rule. */
#include "consent.h"

#include "check.h"

static void test_ages(void)
{
	CHECK_INT(consent_age("FR"), 15);
	CHECK_INT(consent_age("DE"), 16);
	CHECK_INT(consent_age("BE"), 13);
	CHECK_INT(consent_age("AT"), 14);
	CHECK_INT(consent_age("GB"), 13);
	CHECK_INT(consent_age("SI"), 15);
	CHECK_INT(consent_age("US"), 16); /* not listed: the default */
	CHECK_INT(consent_age("fr"), 16); /* codes arrive upper case; anything else is unknown */
	CHECK_INT(consent_age(""), 16);
	CHECK_INT(consent_age(NULL), 16);
}

static void test_year_rule(void)
{
	/* FR 15: born 2011, in 2026 possibly still 14 */
	CHECK_INT(consent_guardian_needed(2011, "FR", 2026), 1);
	/* born 2010: 15 or 16 in 2026, never under 15 */
	CHECK_INT(consent_guardian_needed(2010, "FR", 2026), 0);
	/* DE 16: born 2010 may still be 15 */
	CHECK_INT(consent_guardian_needed(2010, "DE", 2026), 1);
	CHECK_INT(consent_guardian_needed(2009, "DE", 2026), 0);
	CHECK_INT(consent_guardian_needed(2010, "", 2026), 1);
	CHECK_INT(consent_guardian_needed(2013, "BE", 2026), 1);
	CHECK_INT(consent_guardian_needed(2012, "BE", 2026), 0);
	CHECK_INT(consent_guardian_needed(1990, "DE", 2026), 0);
	CHECK_INT(consent_guardian_needed(0, "DE", 2026), 0); /* no year given */
}

int main(void)
{
	test_ages();
	test_year_rule();
	return check_done("consent");
}
