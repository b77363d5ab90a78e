#!/bin/sh
# Checks of the passerelle-match command line. Usage: cli.sh PATH_TO_BINARY
# Prints one line per failure and ends with "N passed, M failed".
bin=${1:-build/passerelle-match}
here=$(dirname "$0")
cohort=$here/cohort.json
now=1767830400000 # 2026-01-08
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL cli: $1"; }
check() { if eval "$2"; then ok; else ko "$1"; fi; }

# run ARGS...: status in $rc, stdout in $tmp/out, stderr in $tmp/err
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
one_line_error() {
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^passerelle-match: ' "$tmp/err"
}

run --help
check "--help exits 0 with the usage" '[ $rc -eq 0 ] && grep -q "^usage: passerelle-match" "$tmp/out"'

run --now $now "$cohort"
check "a cohort is matched" '[ $rc -eq 0 ] && [ ! -s "$tmp/err" ]'
cp "$tmp/out" "$tmp/first"
check "awa mentors fatou" 'grep -q "\"mentee\":\"e-fatou\",\"mentee_name\":\"Fatou Sall\",\"mentor\":\"m-awa\"" "$tmp/out"'
check "kofi mentors ama, through the synonyms" 'grep "\"mentee\":\"e-ama\"" "$tmp/out" | grep -q "\"mentor\":\"m-kofi\".*software development (mastery 5, need 5)"'
check "lea has no place left, lina is unmatched" 'grep "\"mentee\":\"e-lina\"" "$tmp/out" | grep -q "\"mentor\":null"'
check "waiting and a decline earn a bonus" 'grep "\"mentee\":\"e-lina\"" "$tmp/out" | grep -q "\"bonus\":19"'
check "stats are given" 'grep -q "\"stats\": {\"matched\":2,\"frozen\":0,\"unmatched\":1" "$tmp/out"'
if command -v python3 >/dev/null; then
	check "the output is JSON" 'python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/out"'
fi

"$bin" --now $now <"$cohort" >"$tmp/out" 2>"$tmp/err"
check "stdin gives the same output" 'cmp -s "$tmp/out" "$tmp/first"'
"$bin" --now $now - <"$cohort" >"$tmp/out" 2>"$tmp/err"
check "\"-\" reads stdin" 'cmp -s "$tmp/out" "$tmp/first"'

run --now $now --plain "$cohort"
check "--plain drops the bonus" '[ $rc -eq 0 ] && ! grep -q "\"bonus\":[1-9]" "$tmp/out"'

PASSERELLE_MATCH_W_SKILLS=0 "$bin" --now $now "$cohort" >"$tmp/out" 2>"$tmp/err"
check "a weight from the environment" '! grep -q "\"factor\":\"skills\"" "$tmp/out" && grep -q "\"factor\":\"language\"" "$tmp/out"'

run --now $now --explain m-kofi e-fatou "$cohort"
check "explain names the exclusion" '[ $rc -eq 0 ] && grep -q "\"eligible\":false,\"filter\":\"excluded\"" "$tmp/out"'
run --now $now --explain m-kofi e-lina "$cohort"
check "explain names the language filter" 'grep -q "\"filter\":\"language\"" "$tmp/out"'
run --now $now --explain m-lea e-lina "$cohort"
check "explain names the capacity filter" 'grep -q "\"filter\":\"capacity\"" "$tmp/out"'
run --now $now --explain m-awa e-fatou "$cohort"
check "explain an assigned pair" 'grep -q "\"eligible\":true" "$tmp/out" && grep -q "\"assigned\":true" "$tmp/out"'

run --explain m-nobody e-fatou "$cohort"
check "explain of an unknown id" 'one_line_error && grep -q "unknown mentor" "$tmp/err"'
run --frobnicate "$cohort"
check "an unknown flag" 'one_line_error'
run "$tmp/missing.json"
check "a missing file" 'one_line_error'

printf '{"mentors": [' >"$tmp/bad.json"
run "$tmp/bad.json"
check "bad JSON" 'one_line_error && grep -q "bad JSON" "$tmp/err"'
printf '{"mentors": [], "mentees": [], "config": {"w_skill": 3}}' >"$tmp/bad.json"
run "$tmp/bad.json"
check "an unknown config key" 'one_line_error && grep -q "unknown key" "$tmp/err"'
printf '{"mentors": [], "mentees": [{"id": "e", "timezone": "Mars/Olympus"}]}' >"$tmp/bad.json"
run "$tmp/bad.json"
check "an unknown time zone" 'one_line_error && grep -q "time zone" "$tmp/err"'
printf '{"mentors": [{"id": "m", "country": "ZZ"}], "mentees": []}' >"$tmp/bad.json"
run "$tmp/bad.json"
check "an unknown country" 'one_line_error && grep -q "country" "$tmp/err"'
printf '{"mentors": [{"id": "m", "skills": [{"name": "x", "level": 9}]}], "mentees": []}' >"$tmp/bad.json"
run "$tmp/bad.json"
check "a skill level out of range" 'one_line_error'
PASSERELLE_MATCH_SPREAD=lots "$bin" "$cohort" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a bad environment value" 'one_line_error && grep -q "PASSERELLE_MATCH_SPREAD" "$tmp/err"'

printf 'cooking: cuisine\n' >"$tmp/syn.txt"
printf '{"mentors": [{"id": "m", "languages": [{"code": "fr", "level": "C1"}], "skills": [{"name": "Cooking", "level": 5}]}], "mentees": [{"id": "e", "languages": [{"code": "fr", "level": "C1"}], "skills": [{"name": "Cuisine", "level": 5}]}]}' >"$tmp/c.json"
run --synonyms "$tmp/syn.txt" "$tmp/c.json"
check "a synonym file" 'grep -q "covers 1 of 1 needed skill: cooking" "$tmp/out"'
printf 'no colon\n' >"$tmp/syn.txt"
run --synonyms "$tmp/syn.txt" "$tmp/c.json"
check "a bad synonym file" 'one_line_error && grep -q "line 1" "$tmp/err"'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
