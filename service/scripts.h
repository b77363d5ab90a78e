/* The Lua scripts run by Redis (service/lua/NAME.lua). gen.awk turns each one's --! lines
 * into its descriptor sc_NAME and a typed run function script_NAME(cb, priv, args...) in
 * scripts_gen.h; a new script is registered by being there. */
#ifndef PASSERELLE_SCRIPTS_H
#define PASSERELLE_SCRIPTS_H

#include "scripts_gen.h"

/* Registers every script with the store. Returns 0 or -1. */
int scripts_init(void);

#endif
