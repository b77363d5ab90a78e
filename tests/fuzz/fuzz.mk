# Fuzz targets (libFuzzer), included by the top Makefile. Each tests/fuzz/fuzz_NAME.c is
# built with clang, -fsanitize=fuzzer,address,undefined, into $(BUILD)/fuzz/fuzz_NAME,
# linked with only the modules FUZZ_DEPS_NAME lists (plus a *_stubs.c file for what
# those modules name but the target never runs) and FUZZ_LIBS_NAME. Seeds live in
# tests/fuzz/corpus/NAME/, a dictionary in tests/fuzz/NAME.dict when there is one.
#
#   make fuzz                     every target for FUZZ_SECONDS (60) each, one at a time;
#                                 new inputs go to $(BUILD)/fuzz/corpus/NAME, kept
#   make fuzz FUZZ_TARGETS=token  only some targets
#   make test-fuzz                the smoke run of make test: FUZZ_SMOKE_SECONDS (5) each
#                                 from a fresh copy, so the seeds are never changed
# Both fail when a target crashes, leaks, hangs (10 s) or breaks one of its checks; the
# input is then in $(BUILD)/fuzz/crashes/, and `$(BUILD)/fuzz/fuzz_NAME FILE` replays it.

FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_DEBS    := clang libclang-rt-14-dev
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# clang, unlike gcc, warns on the {NULL} ends of the field tables.
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer $(WARN) \
	-Wno-missing-field-initializers -MMD -MP \
	$(FUZZ_SAN)

FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BIN   := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_MATCHER := $(MATCHER_SRC) $(BUILD)/gen/matcher_synonyms.c

FUZZ_DEPS_frame  := service/frame.c
FUZZ_DEPS_decode := service/decode.c service/validate.c service/util.c service/routes.c \
	service/admin_routes.c tests/unit/route_stubs.c
FUZZ_LIBS_decode := $$(pkg-config --libs jansson)
FUZZ_DEPS_token  := service/token.c service/base64.c
FUZZ_LIBS_token  := $$(pkg-config --libs libcrypto)
FUZZ_DEPS_match_input := matcher/input.c $(FUZZ_MATCHER)
FUZZ_LIBS_match_input := $$(pkg-config --libs jansson) -lm -pthread
FUZZ_DEPS_profile := service/profile.c service/account.c service/validate.c service/util.c \
	tests/fuzz/account_stubs.c matcher/input.c $(FUZZ_MATCHER)
FUZZ_LIBS_profile := $$(pkg-config --libs jansson) -lm -pthread
FUZZ_DEPS_contact := service/contact.c
FUZZ_DEPS_skill  := $(FUZZ_MATCHER)
FUZZ_LIBS_skill  := -lm -pthread

.PHONY: fuzz test-fuzz deps-fuzz fuzz-deps-ok

# Objects by source path: $(FUZZ_DIR)/obj/service/frame.o, .../obj/build/gen/...
fuzz_obj = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(1))

define fuzz_rule
$(FUZZ_DIR)/fuzz_$(1): $(call fuzz_obj,tests/fuzz/fuzz_$(1).c $(FUZZ_DEPS_$(1)))
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) -fsanitize=fuzzer -o $$@ $$^ $$(FUZZ_LIBS_$(1))
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_rule,$(n))))

$(FUZZ_DIR)/obj/%.o: %.c | fuzz-deps-ok
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Iservice -Imatcher \
		-c $< -o $@

deps-fuzz:
	$(call apt_need,$(FUZZ_DEBS))

fuzz-deps-ok:
	@command -v $(FUZZ_CC) >/dev/null || { echo "no $(FUZZ_CC): run 'make deps-fuzz'" >&2; exit 1; }

fuzz: deps-fuzz $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@sh tests/fuzz/run.sh $(FUZZ_DIR) corpus $(FUZZ_SECONDS) $(FUZZ_TARGETS)

test-fuzz: deps-fuzz $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_DIR) smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_NAMES)

-include $(wildcard $(FUZZ_DIR)/obj/*/*.d $(FUZZ_DIR)/obj/*/*/*.d $(FUZZ_DIR)/obj/*/*/*/*.d)
