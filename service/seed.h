/* --seed FILE: loads demo or fixture data into an empty store, synchronously, then exits. */
#ifndef PASSERELLE_SEED_H
#define PASSERELLE_SEED_H

#include "config.h"

/* Returns 0 (loaded, or skipped because the store is not empty) or -1 (reason printed). */
int seed_load(const config *cfg);

#endif
