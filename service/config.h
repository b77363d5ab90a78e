/* Server settings: environment first, then a command-line flag of the same name. */
#ifndef PASSERELLE_CONFIG_H
#define PASSERELLE_CONFIG_H

#include <stddef.h>

typedef struct config {
	char http[256];	  /* host:port of the participant listener */
	char admin[256];  /* host:port or unix:PATH */
	char redis[512];  /* redis://[:pw@]host:port[/db] or unix:PATH */
	char secret[512]; /* token signing key, 32+ bytes */
	char admin_secret[512];
	char origins[1024]; /* comma list, "*" or "" (same host) */
	char tls_cert[512];
	char tls_key[512];
	char node[64];
	char web[512];
	char seed[512]; /* --seed FILE: load and exit */
	long history_max;
	double say_burst;
	double say_rate;
	long max_conn_per_ip;
	long token_ttl; /* seconds */
	long pbkdf2_iterations;
	long login_max_fails;
	long presence_ttl;	 /* seconds */
	long match_interval;	 /* seconds */
	long offer_ttl;		 /* seconds */
	long idle_ping;		 /* seconds of silence before a ping */
	long idle_drop;		 /* seconds of silence before hanging up */
	char contact_filter[16]; /* "minors" or "all": whose messages contact.c checks */
	long retention_days;	 /* what is purged after this long */
	long retention_check;	 /* seconds between purges (one node per period) */
	long breakout_warning;	 /* seconds between breakout.ending and breakout.ended */
} config;

/* Fills cfg from defaults, the environment and argv. On a bad value or unknown flag returns -1
 * and writes a one-line reason into err. */
int config_load(config *cfg, int argc, char **argv, char *err, size_t errsz);

/* Prints the settings table (flags and variables) to stdout. */
void config_usage(void);

#endif
