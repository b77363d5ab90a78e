/* Lua scripts run by Redis (service/lua/NAME.lua, embedded at build time). */
#ifndef PASSERELLE_SCRIPTS_H
#define PASSERELLE_SCRIPTS_H

extern const char script_admin[];
extern const char script_auth[];
extern const char script_history[];
extern const char script_join[];
extern const char script_leave[];
extern const char script_login[];
extern const char script_match[];
extern const char script_presence_beat[];
extern const char script_presence_sync[];
extern const char script_recheck[];
extern const char script_register[];
extern const char script_rooms[];
extern const char script_rooms_expire[];
extern const char script_say[];
extern const char script_seed[];

#include "store.h"

/* The registered scripts, by name. */
extern store_script sc_admin, sc_auth, sc_rooms_expire, sc_history, sc_join, sc_leave, sc_login,
    sc_match, sc_presence_beat, sc_presence_sync, sc_recheck, sc_register, sc_rooms, sc_say;

/* Registers every script with the store. Returns 0 or -1. */
int scripts_init(void);

#endif
