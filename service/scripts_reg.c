#include "scripts.h"

store_script sc_admin, sc_auth, sc_rooms_expire, sc_history, sc_join, sc_leave, sc_login, sc_match,
    sc_presence_beat, sc_presence_sync, sc_recheck, sc_register, sc_rooms, sc_say;

int scripts_init(void)
{
	const struct {
		store_script *s;
		const char *text;
	} all[] = {
	    {&sc_admin, script_admin},
	    {&sc_auth, script_auth},
	    {&sc_rooms_expire, script_rooms_expire},
	    {&sc_history, script_history},
	    {&sc_join, script_join},
	    {&sc_leave, script_leave},
	    {&sc_login, script_login},
	    {&sc_match, script_match},
	    {&sc_presence_beat, script_presence_beat},
	    {&sc_presence_sync, script_presence_sync},
	    {&sc_recheck, script_recheck},
	    {&sc_register, script_register},
	    {&sc_rooms, script_rooms},
	    {&sc_say, script_say},
	};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (store_script_register(all[i].s, all[i].text))
			return -1;
	return 0;
}
