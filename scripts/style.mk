# JavaScript and Lua style, included by the top Makefile (C has clang-format there).
#
#   JavaScript (web/, tests/, bench/, scripts/): prettier formats, ESLint lints
#     (.prettierrc.json, eslint.config.js).
#   Lua (service/lua/): StyLua formats, through its WebAssembly build on npm
#     (scripts/stylua.mjs, .stylua.toml); luacheck lints each script as Redis
#     runs it (Debian's lua-check, .luacheckrc).
#
# `make format` also runs format-js and format-lua; `make test` runs check-style,
# which fails on an unformatted file or on any lint warning. Only files tracked
# by git are looked at, as for clang-format.

DEB_TEST += lua-check

JS_FILES  = $(shell git ls-files '*.js' '*.mjs')
LUA_FILES = $(shell git ls-files '*.lua')
NPX_BIN  := node_modules/.bin

.PHONY: deps-lint format-js format-lua check-js check-lua check-style

deps-lint:
	$(call apt_need,lua-check)
deps-test: deps-lint

format: format-js format-lua
format-js: node_modules/.installed
	$(NPX_BIN)/prettier --log-level warn --write $(JS_FILES)
format-lua: node_modules/.installed
	node scripts/stylua.mjs --write $(LUA_FILES)

check-style: check-js check-lua
# Each runs its formatter check and its linter, reports both, then fails if either did.
check-js: node_modules/.installed
	@ok=1; \
	$(NPX_BIN)/prettier --log-level warn --check $(JS_FILES) || \
		{ ok=0; echo 'js: not formatted (make format-js rewrites them)' >&2; }; \
	$(NPX_BIN)/eslint --max-warnings 0 $(JS_FILES) || ok=0; \
	[ $$ok = 1 ] && echo 'js: formatted, lint clean'
# luacheck reads the scripts as Redis runs them (the shared files + declared bindings + script).
check-lua: deps-lint node_modules/.installed
	@ok=1; \
	node scripts/stylua.mjs --check $(LUA_FILES) || \
		{ ok=0; echo 'lua: not formatted (make format-lua rewrites them)' >&2; }; \
	rm -rf $(BUILD)/gen/lua && mkdir -p $(BUILD)/gen/lua && \
	awk -v mode=lua -v dir=$(BUILD)/gen/lua -v lib='$(LUA_LIB)' \
		-f service/lua/gen.awk $(LUA_SRC) && \
	LUA_LIB='$(LUA_LIB)' luacheck --quiet --no-color $(BUILD)/gen/lua/*.lua || ok=0; \
	[ $$ok = 1 ] && echo 'lua: formatted, lint clean'
