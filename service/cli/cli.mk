# passerelle-admin, the admin command line (service/cli/).
# Included by the top-level Makefile, which defines CC, CFLAGS and BUILD.

CLI_SRC := $(sort $(wildcard service/cli/*.c))
CLI_OBJ := $(CLI_SRC:service/cli/%.c=$(BUILD)/obj/cli/%.o) $(BUILD)/obj/cli/hostport.o
CLI_CFLAGS = $(shell pkg-config --cflags libwebsockets jansson)
CLI_LIBS = $(shell pkg-config --libs libwebsockets jansson)

$(BUILD)/obj/cli/%.o: service/cli/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -Wshadow $(CLI_CFLAGS) -Iservice/cli -c $< -o $@

# The one host[:port] parser, shared with the server.
$(BUILD)/obj/cli/hostport.o: service/hostport.c
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/passerelle-admin: $(CLI_OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(CLI_LIBS)

-include $(wildcard $(BUILD)/obj/cli/*.d)
