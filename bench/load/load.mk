# The load generator, included by the top Makefile: build/passerelle-load,
# one thread with epoll, libc and OpenSSL's SHA-1 and base64 only.
LOAD_SRC := $(wildcard bench/load/*.c)
LOAD_OBJ := $(LOAD_SRC:%.c=$(BUILD)/obj/%.o)

$(BUILD)/obj/bench/load/%.o: bench/load/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/passerelle-load: $(LOAD_OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $^ $$(pkg-config --libs openssl) -lm

-include $(wildcard $(BUILD)/obj/bench/load/*.d)
