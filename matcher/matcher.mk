# Mentor matcher: the library, its JSON input companion, its CLI, its unit tests and the
# benchmark driver. Included by the top-level Makefile, which defines CC, CFLAGS, BUILD
# and SAN.

MATCHER_SRC := matcher/text.c matcher/geo.c matcher/factors.c matcher/score.c matcher/cand.c \
	matcher/flow.c matcher/matcher.c
MATCHER_OBJ := $(MATCHER_SRC:matcher/%.c=$(BUILD)/obj/matcher/%.o) \
	$(BUILD)/obj/matcher/synonyms.o
# The same library built with ASan and UBSan, for the unit tests and the sanitized server.
MATCHER_SAN_OBJ := $(MATCHER_SRC:matcher/%.c=$(BUILD)/obj/matcher/san/%.o) \
	$(BUILD)/obj/matcher/san/synonyms.o
MATCHER_TEST_SRC := $(sort $(wildcard matcher/tests/*.c))
JANSSON_CFLAGS = $(shell pkg-config --cflags jansson)
JANSSON_LIBS = $(shell pkg-config --libs jansson)
# People from JSON (input.c): apart from the pure library, as it uses jansson and the tz
# database. Its users link libpasserelle-match-input.a before libpasserelle-match.a.
MATCHER_INPUT_OBJ := $(BUILD)/obj/matcher/input.o
MATCHER_INPUT_SAN_OBJ := $(BUILD)/obj/matcher/san/input.o
$(MATCHER_INPUT_OBJ) $(MATCHER_INPUT_SAN_OBJ): CFLAGS += $(JANSSON_CFLAGS)

.PHONY: test-matcher bench-match

$(BUILD)/gen/matcher_synonyms.c: matcher/synonyms.txt matcher/embed.sh
	@mkdir -p $(dir $@)
	sh matcher/embed.sh $< > $@

$(BUILD)/obj/matcher/synonyms.o: $(BUILD)/gen/matcher_synonyms.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/matcher/san/synonyms.o: $(BUILD)/gen/matcher_synonyms.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -c $< -o $@

$(BUILD)/obj/matcher/cli.o: matcher/cli.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(JANSSON_CFLAGS) -Imatcher -c $< -o $@

$(BUILD)/obj/matcher/san/cli.o: matcher/cli.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(JANSSON_CFLAGS) -Imatcher -c $< -o $@

$(BUILD)/obj/matcher/%.o: matcher/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Imatcher -c $< -o $@

$(BUILD)/obj/matcher/san/%.o: matcher/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -Imatcher -c $< -o $@

$(BUILD)/libpasserelle-match.a: $(MATCHER_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libpasserelle-match-input.a: $(MATCHER_INPUT_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/passerelle-match: $(BUILD)/obj/matcher/cli.o $(BUILD)/libpasserelle-match-input.a \
		$(BUILD)/libpasserelle-match.a
	$(CC) $(CFLAGS) -o $@ $^ $(JANSSON_LIBS) -lm -pthread

# ---------------------------------------------------------------- tests
$(BUILD)/test-matcher: $(MATCHER_TEST_SRC) matcher/tests/check.h $(MATCHER_SAN_OBJ) \
		$(MATCHER_INPUT_SAN_OBJ)
	$(CC) $(CFLAGS) $(SAN) $(JANSSON_CFLAGS) -Imatcher -o $@ $(MATCHER_TEST_SRC) \
		$(MATCHER_INPUT_SAN_OBJ) $(MATCHER_SAN_OBJ) $(JANSSON_LIBS) -lm -pthread

$(BUILD)/passerelle-match-san: $(BUILD)/obj/matcher/san/cli.o $(MATCHER_INPUT_SAN_OBJ) \
		$(MATCHER_SAN_OBJ)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(JANSSON_LIBS) -lm -pthread

test-matcher: $(BUILD)/test-matcher $(BUILD)/passerelle-match-san
	@sh matcher/tests/run.sh $(BUILD)

# ---------------------------------------------------------------- benchmark
$(BUILD)/bench-match: bench/match/bench_match.c $(BUILD)/libpasserelle-match.a
	$(CC) $(CFLAGS) -Imatcher -o $@ $^ -lm -pthread

bench-match: $(BUILD)/bench-match $(BUILD)/passerelle-match
	@sh bench/match/run.sh

-include $(wildcard $(BUILD)/obj/matcher/*.d $(BUILD)/obj/matcher/san/*.d)
