#!/bin/sh
# Turns matcher/synonyms.txt into `const char matcher_synonyms_txt[]` (a C string).
# '?' is escaped so that no trigraph can form.
echo '/* Generated from matcher/synonyms.txt by matcher/embed.sh; edit the .txt file. */'
echo 'const char matcher_synonyms_txt[] ='
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$1"
printf '\t"";\n'
