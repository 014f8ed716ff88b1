# hearth: small tools for two people who want to stay close.
#
# GNU make.  Tools are built into $(BIN) (bin/ by default), objects into
# $(O).  `make check` runs every test, then all of them again on an
# AddressSanitizer + UndefinedBehaviorSanitizer build in build/san.

VERSION = 0.1.0

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/hearth
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

O ?= build/obj
BIN ?= bin
SAN ?=

PKG_CONFIG ?= pkg-config
BSD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbsd-overlay)
BSD_LIBS := $(shell $(PKG_CONFIG) --libs libbsd-overlay)
BSD_STATIC_LIBS := $(shell $(PKG_CONFIG) --static --libs libbsd-overlay)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka)

CFLAGS ?= -O2 -g
# -Wno-format-truncation only where the compiler knows it (gcc): clang
# warns about an option it does not know.
NO_FORMAT_TRUNCATION := $(shell $(CC) -Werror -Wno-format-truncation -E -x c \
	/dev/null >/dev/null 2>&1 && echo -Wno-format-truncation)
WARNFLAGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wformat=2 -Wvla -Wwrite-strings -Wno-unused-parameter \
	$(NO_FORMAT_TRUNCATION)
# _FORTIFY_SOURCE needs the optimiser (glibc warns without it: -O0), and
# the sanitizers check the same calls better unfortified.  -U first, for
# compilers that define it already.
OPTLEVEL = $(lastword $(filter -O%,$(CFLAGS)))
FORTIFY = $(if $(filter-out -O0,$(OPTLEVEL)),$(if $(filter 1,$(SAN)),,\
	-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2))
ALL_CPPFLAGS = -D_GNU_SOURCE -DHEARTH_VERSION='"$(VERSION)"' \
	-DHEARTH_DATADIR='"$(DATADIR)"' -Icommon $(BSD_CFLAGS) $(FORTIFY) \
	$(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARNFLAGS) -fstack-protector-strong $(CFLAGS)
# Each object records the headers it includes (-MMD) in a .d file beside
# it, read back below, so touching a header rebuilds only what includes it.
DEPFLAGS = -MMD -MP

ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
ALL_CFLAGS += $(SANFLAGS)
TOOL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
TOOL_LIBS = $(BSD_LIBS)
else ifeq ($(STATIC),0)
# A distribution's package links dynamically, as its policy asks.
TOOL_LDFLAGS = $(LDFLAGS)
TOOL_LIBS = $(BSD_LIBS)
else
# Tools are linked statically: a dynamic libbsd costs more at start-up
# than most commands spend on their work (PERFORMANCE.md).
TOOL_LDFLAGS = -static $(LDFLAGS)
TOOL_LIBS = $(BSD_STATIC_LIBS)
endif

TOOLS := $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
LIB_SRC := $(wildcard common/*.c)
DECKS := $(sort $(wildcard common/decks/*.deck))
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o) $(O)/common/decks.o $(O)/common/rules.o
LIB := $(O)/libhearth.a
# The tool side: what every command prints and exits the same way.
TOOLLIB_SRC := $(wildcard cmd/lib/*.c)
TOOLLIB := $(O)/libtool.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
MANPAGES := $(wildcard man/*.[0-9])
SCRIPTS := .ci/run mk/deps.sh $(wildcard tests/*.sh tests/cli/*.sh tests/cli/*.t \
	tests/bench/*.sh tests/fuzz/*.sh) completions/bash/hearth

all: $(TOOLS:%=$(BIN)/%)

# The folder of the installed decks is compiled in: the objects depend on
# a stamp that changes only when it does, so an install with another
# PREFIX builds again what depends on it.
DATADIR_STAMP := $(O)/.datadir
$(shell mkdir -p $(O) && { [ "$$(cat $(DATADIR_STAMP) 2>/dev/null)" = \
	'$(DATADIR)' ] || printf '%s\n' '$(DATADIR)' >$(DATADIR_STAMP); })

$(O)/%.o: %.c Makefile $(DATADIR_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# The decks are checked and compiled in, so ask needs nothing installed.
# mkdecks runs at build time: its objects are its own (in $(O)/host),
# optimised and without the sanitizers, whatever the build.
MKDECKS_SRC = common/decks/mkdecks.c common/deck.c common/text.c \
	common/io.c common/herr.c common/buf.c common/lines.c
MKDECKS_OBJ = $(MKDECKS_SRC:%.c=$(O)/host/%.o)
$(O)/host/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -std=c11 $(WARNFLAGS) -O1 $(DEPFLAGS) -c -o $@ $<

$(O)/mkdecks: $(MKDECKS_OBJ)
	$(CC) -o $@ $(MKDECKS_OBJ) $(BSD_LIBS)

$(O)/common/decks.c: $(DECKS) $(O)/mkdecks
	@mkdir -p $(@D)
	$(O)/mkdecks $(DECKS) >$@.tmp && mv $@.tmp $@

$(O)/common/decks.o: $(O)/common/decks.c Makefile
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# soften's rules are checked and compiled in the same way (mkrules).
RULES := $(sort $(wildcard common/rules/*.rules))
MKRULES_SRC = common/rules/mkrules.c common/soften.c common/text.c \
	common/io.c common/herr.c common/buf.c common/lines.c
MKRULES_OBJ = $(MKRULES_SRC:%.c=$(O)/host/%.o)

$(O)/mkrules: $(MKRULES_OBJ)
	$(CC) -o $@ $(MKRULES_OBJ) $(BSD_LIBS)

$(O)/common/rules.c: $(RULES) $(O)/mkrules
	@mkdir -p $(@D)
	$(O)/mkrules $(RULES) >$@.tmp && mv $@.tmp $@

$(O)/common/rules.o: $(O)/common/rules.c Makefile
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(TOOLLIB): $(TOOLLIB_SRC:%.c=$(O)/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/cmd/%.o: ALL_CPPFLAGS += -Icmd/lib

$(BIN)/%: $(O)/cmd/%.o $(TOOLLIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TOOL_LDFLAGS) -o $@ $< $(TOOLLIB) $(LIB) $(TOOL_LIBS) -lm

# A unit test links libtool.a before libhearth.a, so that a test of
# cmd/lib links too.
$(O)/tests/unit/%.o: ALL_CPPFLAGS += -Icmd/lib $(CMOCKA_CFLAGS)

$(UNIT_BIN): $(O)/tests/%: $(O)/tests/unit/%.o $(TOOLLIB) $(LIB)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $< $(TOOLLIB) $(LIB) \
		$(CMOCKA_LIBS) $(BSD_LIBS) -lm

unit: $(UNIT_BIN)

-include $(LIB_OBJ:.o=.d) $(TOOLLIB_SRC:%.c=$(O)/%.d) \
	$(TOOLS:%=$(O)/cmd/%.d) $(MKDECKS_OBJ:.o=.d) $(MKRULES_OBJ:.o=.d) \
	$(UNIT_SRC:%.c=$(O)/%.d)

# make check and make run first install, from Debian's packages, what this
# machine lacks (mk/deps.sh says what), then build.
check:
	@mk/deps.sh check
	@$(MAKE) --no-print-directory -q all unit || \
		$(MAKE) --no-print-directory all unit
	@O=$(O) BIN=$(BIN) tests/check.sh

lint:
	mandoc -Tlint -W warning $(MANPAGES)
	shellcheck $(SCRIPTS)

bench: all
	@tests/bench/run.sh

fuzz:
	@tests/fuzz/run.sh

# A question from the built-in decks; -x leaves the store untouched.
run:
	@mk/deps.sh run
	@$(MAKE) --no-print-directory -q all || $(MAKE) --no-print-directory all
	@$(BIN)/ask -x

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(TOOLS:%=$(BIN)/%) $(DESTDIR)$(BINDIR)
	install -m 644 $(filter %.1,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(filter %.5,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(filter %.7,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man7
	install -m 644 completions/bash/hearth $(DESTDIR)$(BASHCOMPDIR)/hearth
	for t in $(filter-out hearth,$(TOOLS)); do \
		ln -sf hearth $(DESTDIR)$(BASHCOMPDIR)/$$t; done
	install -m 644 completions/zsh/_hearth $(DESTDIR)$(ZSHCOMPDIR)/_hearth
	install -m 644 completions/fish/*.fish $(DESTDIR)$(FISHCOMPDIR)

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/man1/%,$(filter %.1,$(MANPAGES)))
	rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/man5/%,$(filter %.5,$(MANPAGES)))
	rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/man7/%,$(filter %.7,$(MANPAGES)))
	rm -f $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/%)
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_hearth
	rm -f $(patsubst completions/fish/%,$(DESTDIR)$(FISHCOMPDIR)/%,$(wildcard completions/fish/*.fish))

clean:
	rm -rf build bin

.PHONY: all unit check lint bench fuzz run install uninstall clean
.SECONDARY:

print-scripts:
	@echo $(SCRIPTS)
.PHONY: print-scripts
