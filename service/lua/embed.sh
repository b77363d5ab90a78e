#!/bin/sh
# Turns each service/lua/NAME.lua into `const char script_NAME[]` (a C string).
echo '/* Generated from the service/lua scripts by embed.sh; edit the .lua files. */'
echo '#include "scripts.h"'
# Every script starts with the shared functions of lib/common.lua.
lib=$(dirname "$0")/lib/common.lua
for f in "$@"; do
	name=$(basename "$f" .lua)
	printf 'const char script_%s[] =\n' "$name"
	cat "$lib" "$f" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/'
	printf '\t;\n'
done
