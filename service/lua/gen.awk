# Turns the service/lua scripts into C: awk -v mode=c|h -v lib='lib/common.lua ...' NAME.lua...
# lib: the shared files, in the order they are prepended (a file may call those before it).
# mode=h -v dir=DIR also writes DIR/store_FAMILY.h, the typed functions of each family;
# mode=lua -v dir=DIR writes each script as Redis runs it into DIR, for the linter.
# Each script declares its interface in lines at its top (see docs/architecture.md):
#   --! family NAME               the store family it belongs to (rooms, accounts, ...)
#   --! key NAME TEMPLATE         a key passed in KEYS; $arg in TEMPLATE is that argument
#   --! arg NAME TYPE             an ARGV entry: id, str, text (with a length), int, bool,
#                                 or list (the rest of ARGV; last only)
#   --! list NAME...              the named lists of its answer, in order
#   --! scans PATTERN...          keys it finds from data and so cannot pass in KEYS
# From that it writes, per script: the C string (the shared files + a prologue that binds KEY.name
# and the arguments as locals + the script), its descriptor, and a typed run function.
# Of the shared functions a script gets only those it calls, directly or through another:
# Redis makes every local function of a script anew on each run.

function fail(msg) {
	printf "gen.awk: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

# C string text of s (by hand: awks differ on backslashes in gsub replacements).
function cstr(s,   out, i, ch) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		ch = substr(s, i, 1)
		if (ch == "\\" || ch == "\"")
			out = out "\\"
		out = out ch
	}
	return out
}

function upper(s) { return toupper(s) }

BEGIN {
	nlib = 0
	nfiles = split(lib, libfiles, " ")
	for (f = 1; f <= nfiles; f++) {
		while ((getline line < libfiles[f]) > 0)
			libtext[++nlib] = line
		close(libfiles[f])
	}
	lib_parse()
	n = 0
}

# Finds the functions of common.lua: chunk c is cname[c], lines cfirst[c]..clast[c].
function lib_parse(   i, nm, c) {
	nchunk = 0
	for (i = 1; i <= nlib; i++) {
		nm = ""
		if (match(libtext[i], /^local function [a-z_][a-z_0-9]*\(/))
			nm = substr(libtext[i], 16, RLENGTH - 16)
		else if (match(libtext[i], /^function key\.[a-z_][a-z_0-9]*\(/))
			nm = substr(libtext[i], 10, RLENGTH - 10)
		if (nm == "")
			continue
		c = ++nchunk
		cname[c] = nm
		cre[c] = substr(nm, 1, 4) == "key." ? "key[.]" substr(nm, 5) : nm
		cfirst[c] = i
		ctext[c] = libtext[i]
		if (libtext[i] !~ / end$/)
			while (i < nlib && libtext[++i] != "end")
				ctext[c] = ctext[c] "\n" libtext[i]
		clast[c] = i
		for (i = cfirst[c]; i <= clast[c]; i++)
			chunk_of[i] = c
		i = clast[c]
	}
}

# Sets libline[i] for the lines of common.lua that script s needs.
function lib_select(s,   text, i, c, changed) {
	text = ""
	for (i = 1; i <= nbody[s]; i++)
		text = text "\n" body[s, i]
	for (c = 1; c <= nchunk; c++)
		keep[c] = 0
	do {
		changed = 0
		for (c = 1; c <= nchunk; c++)
			if (!keep[c] && text ~ ("(^|[^A-Za-z0-9_.])" cre[c] "([^A-Za-z0-9_]|$)")) {
				keep[c] = 1
				text = text "\n" ctext[c]
				changed = 1
			}
	} while (changed)
	for (i = 1; i <= nlib; i++)
		libline[i] = !(i in chunk_of) || keep[chunk_of[i]]
}

FNR == 1 {
	n++
	name = FILENAME
	sub(/.*\//, "", name)
	sub(/\.lua$/, "", name)
	sname[n] = name
	nkey[n] = 0
	narg[n] = 0
	nlist[n] = 0
	nbody[n] = 0
	fam[n] = ""
	header = 1
}

header && /^--! / {
	split(substr($0, 5), w, " ")
	if (w[1] == "family") {
		fam[n] = w[2]
	} else if (w[1] == "key") {
		k = ++nkey[n]
		keyname[n, k] = w[2]
		keytpl[n, k] = w[3]
	} else if (w[1] == "arg") {
		if (narg[n] && argtype[n, narg[n]] == "list")
			fail("a list argument must come last")
		a = ++narg[n]
		argname[n, a] = w[2]
		argtype[n, a] = w[3]
		if (w[3] !~ /^(id|str|text|int|bool|list)$/)
			fail("unknown argument type " w[3])
	} else if (w[1] == "list") {
		for (i = 2; i in w; i++)
			listname[n, ++nlist[n]] = w[i]
	} else if (w[1] == "scans") {
		# documentation only
	} else {
		fail("unknown declaration " w[1])
	}
	next
}

{
	if ($0 !~ /^--/)
		header = 0
	body[n, ++nbody[n]] = $0
}

# The Lua lines that bind KEY.name and the arguments.
function prologue(s,   out, i, t, v) {
	out = ""
	if (nkey[s]) {
		out = "local KEY = {"
		for (i = 1; i <= nkey[s]; i++)
			out = out (i > 1 ? ", " : "") keyname[s, i] " = KEYS[" i "]"
		out = out "}\n"
	}
	for (i = 1; i <= narg[s]; i++) {
		t = argtype[s, i]
		v = "ARGV[" i "]"
		if (t == "int")
			v = "tonumber(ARGV[" i "])"
		else if (t == "bool")
			v = "ARGV[" i "] == '1'"
		if (t == "list")
			out = out "local " argname[s, i] " = {} -- luacheck: ignore 211\nfor i = " i \
			    ", #ARGV do " argname[s, i] "[#" argname[s, i] " + 1] = ARGV[i] end\n"
		else # an argument may serve only to build a key
			out = out "local " argname[s, i] " = " v " -- luacheck: ignore 211\n"
	}
	return out
}

# Key template as C text: "\001" then 'A' + argument index stands for that argument.
function key_c(s, tpl,   out, pre, nm, i, found) {
	out = ""
	while (match(tpl, /\$[a-z_][a-z_0-9]*/)) {
		pre = substr(tpl, 1, RSTART - 1)
		nm = substr(tpl, RSTART + 1, RLENGTH - 1)
		tpl = substr(tpl, RSTART + RLENGTH)
		found = 0
		for (i = 1; i <= narg[s]; i++)
			if (argname[s, i] == nm && argtype[s, i] != "list")
				found = i
		if (!found)
			fail(sname[s] ": key uses unknown argument $" nm)
		out = out cstr(pre) "\\001" sprintf("\\%03o", 64 + found)
	}
	return out cstr(tpl)
}

function params(s,   out, i, t, nm) {
	out = "store_answer_fn cb, void *priv"
	for (i = 1; i <= narg[s]; i++) {
		t = argtype[s, i]
		nm = argname[s, i]
		if (t == "id" || t == "str")
			out = out ", const char *" nm
		else if (t == "text")
			out = out ", const char *" nm ", size_t " nm "_len"
		else if (t == "int")
			out = out ", long long " nm
		else if (t == "bool")
			out = out ", int " nm
		else
			out = out ", size_t n" nm ", const char *const *" nm
	}
	return out
}

function emit_h(s, f,   i) {
	printf "\n/* %s.lua */\nextern store_script sc_%s;\n", sname[s], sname[s] > f
	printf "void script_%s(%s);\n", sname[s], params(s) > f
	for (i = 1; i <= nlist[s]; i++)
		printf "#define %s_LIST_%s %d\n", upper(sname[s]), upper(listname[s, i]), i - 1 > f
}

# store_FAMILY.h in dir: the typed functions of one family's scripts.
function emit_family(fm,   f, g, s) {
	f = dir "/store_" fm ".h"
	g = "PASSERELLE_STORE_" upper(fm) "_H"
	print "/* Generated from the service/lua scripts by gen.awk: edit the scripts. */" > f
	printf "/* The %s family of the store. */\n#ifndef %s\n#define %s\n\n", fm, g, g > f
	print "#include \"store.h\"" > f
	for (s = 1; s <= n; s++)
		if (fam[s] == fm)
			emit_h(s, f)
	print "\n#endif" > f
	close(f)
}

function emit_run(s,   i, t, nm, fixed, haslist) {
	fixed = narg[s]
	haslist = fixed && argtype[s, fixed] == "list"
	if (haslist)
		fixed--
	printf "void script_%s(%s)\n{\n", sname[s], params(s)
	printf "\tconst char *argv[%d] = {NULL};\n\tsize_t lens[%d] = {0};\n", fixed + 1, fixed + 1
	for (i = 1; i <= fixed; i++)
		if (argtype[s, i] == "int")
			printf "\tchar n%d[24];\n", i
	for (i = 1; i <= fixed; i++) {
		t = argtype[s, i]
		nm = argname[s, i]
		if (t == "int") {
			printf "\tsnprintf(n%d, sizeof(n%d), \"%%lld\", %s);\n", i, i, nm
			printf "\targv[%d] = n%d;\n\tlens[%d] = strlen(n%d);\n", i - 1, i, i - 1, i
		} else if (t == "bool") {
			printf "\targv[%d] = %s ? \"1\" : \"0\";\n\tlens[%d] = 1;\n", i - 1, nm, i - 1
		} else if (t == "text") {
			printf "\targv[%d] = %s;\n\tlens[%d] = %s_len;\n", i - 1, nm, i - 1, nm
		} else {
			printf "\targv[%d] = %s;\n\tlens[%d] = strlen(%s);\n", i - 1, nm, i - 1, nm
		}
	}
	if (haslist)
		printf "\tstore_run(&sc_%s, cb, priv, %d, argv, lens, n%s, %s);\n", sname[s],
		    fixed, argname[s, narg[s]], argname[s, narg[s]]
	else
		printf "\tstore_run(&sc_%s, cb, priv, %d, argv, lens, 0, NULL);\n", sname[s], fixed
	printf "}\n"
}

function emit_c(s,   i, p, lines) {
	printf "\nstatic const char text_%s[] =\n", sname[s]
	lib_select(s)
	for (i = 1; i <= nlib; i++)
		if (libline[i])
			printf "\t\"%s\\n\"\n", cstr(libtext[i])
	p = prologue(s)
	lines = split(p, pl, "\n")
	for (i = 1; i < lines; i++)
		printf "\t\"%s\\n\"\n", cstr(pl[i])
	for (i = 1; i <= nbody[s]; i++)
		printf "\t\"%s\\n\"\n", cstr(body[s, i])
	printf "\t;\n"
	printf "static const char *const keys_%s[] = {", sname[s]
	for (i = 1; i <= nkey[s]; i++)
		printf "\"%s\", ", key_c(s, keytpl[s, i])
	printf "NULL};\n"
	printf "static const char *const lists_%s[] = {", sname[s]
	for (i = 1; i <= nlist[s]; i++)
		printf "\"%s\", ", listname[s, i]
	printf "NULL};\n"
	printf "store_script sc_%s = {\"%s\", text_%s, %d, keys_%s, %d, lists_%s, \"\"};\n",
	    sname[s], sname[s], sname[s], nkey[s], sname[s], nlist[s], sname[s]
	emit_run(s)
}

# The whole text Redis runs, as a file of dir (for the Lua linter).
function emit_lua(s, dir,   f, i, p) {
	f = dir "/" sname[s] ".lua"
	lib_select(s)
	for (i = 1; i <= nlib; i++)
		if (libline[i])
			print libtext[i] > f
	p = prologue(s)
	printf "%s", p > f
	for (i = 1; i <= nbody[s]; i++)
		print body[s, i] > f
	close(f)
}

END {
	if (failed)
		exit 1
	if (mode == "lua") {
		for (s = 1; s <= n; s++)
			emit_lua(s, dir)
		exit 0
	}
	for (s = 1; s <= n; s++)
		if (fam[s] == "")
			fail(sname[s] ": no --! family line")
	print "/* Generated from the service/lua scripts by gen.awk: edit the scripts. */"
	if (mode == "h") {
		print "#ifndef PASSERELLE_SCRIPTS_GEN_H\n#define PASSERELLE_SCRIPTS_GEN_H\n"
		print "#include \"store.h\""
		print "\n/* Every script, for registration. */"
		print "extern store_script *const scripts_all[];\nextern const size_t scripts_count;\n"
		for (s = 1; s <= n; s++) {
			if (fam[s] in done)
				continue
			done[fam[s]] = 1
			emit_family(fam[s])
			printf "#include \"store_%s.h\"\n", fam[s]
		}
		print "\n#endif"
		exit 0
	}
	print "#include \"scripts_gen.h\"\n\n#include <stdio.h>\n#include <string.h>"
	for (s = 1; s <= n; s++)
		emit_c(s)
	printf "\nstore_script *const scripts_all[] = {"
	for (s = 1; s <= n; s++)
		printf "&sc_%s, ", sname[s]
	printf "};\nconst size_t scripts_count = %d;\n", n
}
