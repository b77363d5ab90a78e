#include "scripts.h"

int scripts_init(void)
{
	size_t i;

	for (i = 0; i < scripts_count; i++)
		if (store_script_register(scripts_all[i]))
			return -1;
	return 0;
}
