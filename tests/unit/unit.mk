# C unit tests, included by the top Makefile. `make test-unit` builds every
# tests/unit/test_NAME.c (except test_matcher*, which matcher/matcher.mk owns)
# with the sanitizers into $(BUILD)/unit/, links each with only the modules
# it names, runs them all and ends with "unit: N passed, M failed" (N counts
# test programs). It needs OpenSSL's headers, not the server's libraries.
#
# A new test NAME declares what it links and, if needed, extra flags:
#   UNIT_DEPS_NAME   := service/NAME.c                  sources besides the test
#   UNIT_LIBS_NAME   := $$(pkg-config --libs jansson)   libraries (shell syntax ok)
#   UNIT_CFLAGS_NAME := $$(pkg-config --cflags jansson) compile flags for its objects

UNIT_DIR     := $(BUILD)/unit
UNIT_OPENSSL := $$(pkg-config --libs openssl)

UNIT_DEPS_base64    := service/base64.c
UNIT_DEPS_token     := service/token.c service/base64.c
UNIT_LIBS_token     := $(UNIT_OPENSSL)
UNIT_DEPS_password  := service/password.c service/base64.c
UNIT_LIBS_password  := $(UNIT_OPENSSL)
UNIT_DEPS_ratelimit := service/ratelimit.c
UNIT_DEPS_frame     := service/frame.c
UNIT_DEPS_strmap    := service/strmap.c
UNIT_DEPS_validate  := service/validate.c service/util.c
UNIT_LIBS_validate  := $$(pkg-config --libs jansson)
UNIT_CFLAGS_validate := $$(pkg-config --cflags jansson)

UNIT_JANSSON := $$(pkg-config --libs jansson)
UNIT_HUB_SRC := service/hub.c service/conn.c service/room.c service/wsframe.c service/strmap.c \
	service/util.c service/ratelimit.c service/frame.c tests/unit/presence_stubs.c
UNIT_DEPS_hub      := $(UNIT_HUB_SRC)
UNIT_DEPS_answer   := service/answer.c
UNIT_LIBS_answer   := $(UNIT_JANSSON)
UNIT_CFLAGS_answer := $$(pkg-config --cflags jansson hiredis)
UNIT_DEPS_event    := service/event.c service/util.c
UNIT_DEPS_hostport := service/hostport.c
UNIT_DEPS_keepalive := service/keepalive.c
UNIT_DEPS_wsframe   := service/wsframe.c
UNIT_DEPS_contact   := service/contact.c
UNIT_DEPS_resp      := service/resp.c service/sbuf.c
UNIT_DEPS_consent   := service/consent.c
UNIT_DEPS_breakout_groups := service/breakout_groups.c
UNIT_DEPS_impact   := service/impact.c
UNIT_LIBS_impact   := $(UNIT_JANSSON) -lm
UNIT_CFLAGS_impact := $$(pkg-config --cflags jansson)
UNIT_DEPS_impact_matching   := service/impact_matching.c service/impact.c
UNIT_LIBS_impact_matching   := $(UNIT_JANSSON) -lm
UNIT_CFLAGS_impact_matching := $$(pkg-config --cflags jansson)
UNIT_DEPS_impact_report   := service/impact_sessions.c service/impact_cohort.c service/impact.c \
	matcher/geo.c
UNIT_LIBS_impact_report   := $(UNIT_JANSSON) -lm
UNIT_CFLAGS_impact_report := $$(pkg-config --cflags jansson) -Imatcher
UNIT_DEPS_redis_loop   := service/redis_loop.c service/turn_end.c
UNIT_LIBS_redis_loop   := $$(pkg-config --libs hiredis libuv)
UNIT_CFLAGS_redis_loop := $$(pkg-config --cflags hiredis libuv)
UNIT_DEPS_routes   := service/decode.c service/validate.c service/util.c service/routes.c \
	service/admin_routes.c tests/unit/route_stubs.c
UNIT_LIBS_routes   := $(UNIT_JANSSON)
UNIT_CFLAGS_routes := $$(pkg-config --cflags jansson)
UNIT_DEPS_loadws    := bench/load/ws.c
UNIT_LIBS_loadws    := $(UNIT_OPENSSL)
UNIT_DEPS_loadcheck := bench/load/check.c
UNIT_LIBS_loadcheck := -lm
UNIT_DEPS_loadproto := bench/load/proto.c

UNIT_SRC   := $(sort $(filter-out tests/unit/test_matcher%,$(wildcard tests/unit/test_*.c)))
UNIT_NAMES := $(UNIT_SRC:tests/unit/test_%.c=%)
UNIT_BIN   := $(UNIT_NAMES:%=$(UNIT_DIR)/test_%)

.PHONY: test-unit unit-deps-ok

# One link rule per test, so each gets only its own objects and libraries.
define unit_test_rule
$(UNIT_DIR)/test_$(1): UNIT_XCFLAGS = $$(UNIT_CFLAGS_$(1))
$(UNIT_DIR)/test_$(1): $(UNIT_DIR)/obj/tests/unit/test_$(1).o \
		$(patsubst %.c,$(UNIT_DIR)/obj/%.o,$(UNIT_DEPS_$(1)))
	$$(CC) $$(CFLAGS) $$(SAN) -o $$@ $$^ $$(UNIT_LIBS_$(1))
endef
$(foreach n,$(UNIT_NAMES),$(eval $(call unit_test_rule,$(n))))

$(UNIT_DIR)/obj/%.o: %.c | unit-deps-ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) $(UNIT_XCFLAGS) -Iservice -Itests/unit -c $< -o $@

unit-deps-ok:
	@pkg-config --exists openssl || { echo "missing OpenSSL headers: run 'make deps'" >&2; exit 1; }

# Runs every test even after a failure, then fails if any did.
test-unit: $(UNIT_BIN)
	@pass=0; fail=0; \
	for t in $(UNIT_BIN); do \
		if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; then \
			pass=$$((pass + 1)); \
		else \
			fail=$$((fail + 1)); echo "FAILED: $$t" >&2; \
		fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]

-include $(wildcard $(UNIT_DIR)/obj/*/*.d $(UNIT_DIR)/obj/*/*/*.d)
