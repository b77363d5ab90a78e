# Passerelle: `make run` to try it, `make test` to check it.
# Everything installs from Debian packages (apt) and the npm registry.

CC      ?= cc
BUILD   := build
PKGS    := libwebsockets libuv hiredis jansson openssl
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Debian packages the project needs, by purpose.
DEB_BUILD := build-essential pkg-config libwebsockets-dev libwebsockets-evlib-uv \
	libuv1-dev libhiredis-dev libjansson-dev libssl-dev
DEB_RUN   := redis-server redis-tools openssl
DEB_TEST  := chromium nodejs npm clang-format clang libclang-rt-14-dev
DEB_BENCH := python3 python3-scipy valgrind libwebsockets-test-server

.PHONY: all run test test-unit test-integration test-browser bench deps deps-test \
	deps-bench clean format check-format
all: $(BUILD)/passerelle $(BUILD)/passerelle-admin $(BUILD)/passerelle-match $(BUILD)/passerelle-load

# ---------------------------------------------------------------- packages
# Installs only what is missing; a machine with everything never calls apt.
define apt_need
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_need,$(DEB_BUILD) $(DEB_RUN))
deps-test: deps
	@command -v node >/dev/null && command -v npm >/dev/null || { $(call apt_need,$(DEB_TEST)); }
	$(call apt_need,chromium clang-format)
deps-bench: deps
	$(call apt_need,$(DEB_BENCH))
	@$(MAKE) -s --no-print-directory $(SOCKETIO_PEER)/node_modules/.installed

# The Socket.IO peer of the load benchmark (bench/peers/README.md), its own packages.
SOCKETIO_PEER := bench/peers/socketio
$(SOCKETIO_PEER)/node_modules/.installed: $(SOCKETIO_PEER)/package.json $(SOCKETIO_PEER)/package-lock.json
	@command -v npm >/dev/null || { echo 'the Socket.IO peer needs node and npm (make deps-test)' >&2; exit 1; }
	npm ci --prefix $(SOCKETIO_PEER) --no-audit --no-fund --loglevel=error
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ---------------------------------------------------------------- parts
-include matcher/matcher.mk
-include service/cli/cli.mk
-include bench/load/load.mk

# ---------------------------------------------------------------- server
SERVICE_SRC := $(wildcard service/*.c)
SERVICE_OBJ := $(SERVICE_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/scripts.o
LUA_SRC     := $(sort $(wildcard service/lua/*.lua))
LIBS         = $(shell pkg-config --libs $(PKGS)) -lm
PKG_CFLAGS   = $(shell pkg-config --cflags $(PKGS))

# The shared Lua, in the order it is prepended: a file may call the functions of those before it.
LUA_LIB     := $(addprefix service/lua/lib/,common.lua impact_facts.lua breakout_groups.lua \
	live_session.lua erasure.lua)
GEN_DEPS    := $(LUA_SRC) service/lua/gen.awk $(LUA_LIB)

# The scripts' C side (descriptors, typed run functions) comes from their --! lines.
$(BUILD)/gen/scripts.c: $(GEN_DEPS)
	@mkdir -p $(dir $@)
	awk -v mode=c -v lib='$(LUA_LIB)' -f service/lua/gen.awk $(LUA_SRC) > $@.tmp
	@mv $@.tmp $@
$(BUILD)/gen/scripts_gen.h: $(GEN_DEPS)
	@mkdir -p $(dir $@)
	awk -v mode=h -v dir=$(BUILD)/gen -v lib='$(LUA_LIB)' -f service/lua/gen.awk \
		$(LUA_SRC) > $@.tmp
	@mv $@.tmp $@

$(BUILD)/obj/gen/scripts.o: $(BUILD)/gen/scripts.c $(BUILD)/gen/scripts_gen.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Iservice -I$(BUILD)/gen -c $< -o $@

$(BUILD)/obj/service/%.o: service/%.c | deps-ok $(BUILD)/gen/scripts_gen.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Iservice -I$(BUILD)/gen -Imatcher -c $< -o $@

$(BUILD)/passerelle: $(SERVICE_OBJ) $(BUILD)/libpasserelle-match-input.a \
		$(BUILD)/libpasserelle-match.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# The same server under AddressSanitizer and UBSan: the integration tests run this one.
SERVICE_SAN_OBJ := $(SERVICE_SRC:%.c=$(BUILD)/san/%.o) $(BUILD)/san/gen/scripts.o

$(BUILD)/san/service/%.o: service/%.c | deps-ok $(BUILD)/gen/scripts_gen.h
	@mkdir -p $(dir $@)
	@echo "  CC SAN  $<"
	@$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -Iservice -I$(BUILD)/gen -Imatcher -c $< -o $@

$(BUILD)/san/gen/scripts.o: $(BUILD)/gen/scripts.c $(BUILD)/gen/scripts_gen.h
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -Iservice -I$(BUILD)/gen -c $< -o $@

$(BUILD)/san/passerelle: $(SERVICE_SAN_OBJ) $(MATCHER_INPUT_SAN_OBJ) $(MATCHER_SAN_OBJ)
	@echo "  LD SAN  $@"
	@$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS)

-include $(wildcard $(BUILD)/san/service/*.d)

# The headers must be there before compiling; `make deps` installs them.
.PHONY: deps-ok
deps-ok:
	@pkg-config --exists $(PKGS) || { echo "missing libraries: run 'make deps'" >&2; exit 1; }

-include $(wildcard $(BUILD)/obj/service/*.d)

# ---------------------------------------------------------------- parts
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include scripts/style.mk

# ---------------------------------------------------------------- run
run: deps all
	@sh scripts/run.sh

# ---------------------------------------------------------------- tests
# Every test, in the order that fails fastest. No timing assertion lives here.
test: deps-test check-format check-style all test-unit test-fuzz test-matcher test-integration \
	test-browser
	@echo "make test: all suites passed"

# Integration and browser tests run the server built with ASan and UBSan.
TEST_ENV := PASSERELLE_BIN=$(BUILD)/san/passerelle ASAN_OPTIONS=abort_on_error=1

test-integration: deps-test all $(BUILD)/san/passerelle node_modules/.installed
	$(TEST_ENV) node --test --test-concurrency=1 tests/integration/

test-browser: deps-test all $(BUILD)/san/passerelle node_modules/.installed
	$(TEST_ENV) node --test --test-concurrency=1 tests/browser/

bench: deps-bench all
	@sh bench/run.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
check-format:
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h') && echo 'format: clean'

clean:
	rm -rf $(BUILD)
