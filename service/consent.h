/*
 * consent: the digital age of consent by country of residence (GDPR art. 8 as each country
 * set it) and whether a sign-up needs a parent's or guardian's consent. Pure: no I/O.
 */
#ifndef PASSERELLE_CONSENT_H
#define PASSERELLE_CONSENT_H

#define CONSENT_AGE_DEFAULT 16

/* The digital age of consent in country (ISO 3166-1 alpha-2, upper case); 16 for a country
 * not in the table, for "" and for NULL. */
int consent_age(const char *country);

/* 1 when someone born in birth_year and living in country needs a guardian's consent in
 * year_now, else 0. Only the year is known, so they count as under the age A while
 * year_now - birth_year <= A (their birthday may not have come yet). birth_year 0 (not
 * given) needs none. */
int consent_guardian_needed(int birth_year, const char *country, int year_now);

#endif
