# gotrace — see README.md. `make demo` and `make check` install what they
# need (Debian packages) first; everything else builds into build/.

VERSION := 0.1.0
CC ?= cc
BUILD ?= build
OPT ?= -O2
# CI sets WERROR=-Werror: a clean clone must build without a warning
WERROR ?=
WARN := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes $(WERROR)
CFLAGS ?= $(OPT) -g
ALL_CFLAGS = $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -DGT_VERSION='"$(VERSION)"' \
	-fvisibility=hidden -I$(BUILD)/gen $(EXTRA_CFLAGS)
LDFLAGS ?=
PKGS := libseccomp jansson libcrypto libcurl libzip

# what the build needs, and what the tests need on top (jq reads traces,
# strace makes ptrace refusable and is the benchmark's yardstick, Debian's
# Go 1.19 is a second toolchain, gcc-multilib builds 32-bit test programs)
BUILD_PACKAGES := libseccomp-dev libcurl4-openssl-dev libssl-dev libcriterion-dev libzip-dev \
	libjansson-dev pkg-config gcc-multilib libbpf-dev clang
TEST_PACKAGES := jq strace gdb chromium groff-base bash-completion golang-1.19-go python3-jsonschema git openssl time

COMMON_SRC := common/buf.c common/json.c common/redact.c common/goproxy.c common/dns.c common/decode.c common/files.c common/modpath.c common/h1.c common/gomod.c common/goset.c common/netrc.c common/dynlib.c
WRAP_SRC := wrap/launch.c wrap/tracer.c wrap/capture.c wrap/lookup.c wrap/notify.c wrap/execcap.c wrap/dnsfollow.c wrap/tasks.c wrap/filter.c \
	wrap/peek.c wrap/sysargs.c wrap/elfinfo.c wrap/tracefile.c wrap/hostinfo.c wrap/collect.c wrap/stall.c wrap/fprint.c wrap/openrec.c wrap/runinfo.c wrap/notfound.c wrap/fwdsig.c wrap/loop.c
ANALYZER_SRC := analyzers/reader.c analyzers/event.c analyzers/model.c analyzers/settings.c analyzers/report.c analyzers/finding.c analyzers/analyzers.c \
	analyzers/goconf.c analyzers/goerrors.c analyzers/goerrules.c analyzers/goerrnet.c analyzers/toolchain.c analyzers/config.c analyzers/failure.c \
	analyzers/network.c analyzers/library.c analyzers/libsearch.c analyzers/libload.c analyzers/libfind.c analyzers/credential.c analyzers/credgit.c analyzers/cheader.c analyzers/diff.c analyzers/diffproc.c analyzers/envsh.c analyzers/gosum.c analyzers/debugger.c analyzers/editor.c analyzers/export.c analyzers/html.c

PROBE_SRC := probe/walk.c probe/curlload.c probe/cryptoload.c probe/fetch.c probe/auth.c probe/modwalk.c probe/direct.c probe/tlog.c probe/sumtree.c probe/sumdb.c probe/check.c probe/verdict.c probe/probe.c probe/remote.c
VERIFY_SRC := verify/zipload.c verify/cache.c verify/zipcheck.c verify/gosum.c verify/sources.c verify/verdict.c verify/verify.c
REPRO_SRC := repro/plan.c repro/compare.c repro/run.c
CLI_SRC := cli/main.c

GOTRACE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(COMMON_SRC) $(WRAP_SRC) $(ANALYZER_SRC) $(PROBE_SRC) $(VERIFY_SRC) $(REPRO_SRC) $(CLI_SRC))
LIB_OBJ := $(filter-out $(BUILD)/cli/main.o,$(GOTRACE_OBJ))

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
# fuzz targets (tests/fuzz/fuzz_NAME.c): libFuzzer binaries for `make fuzz`,
# and replayers of their corpus (tests/fuzz/corpus/NAME) for `make check`
FUZZ_NAMES := trace redact files parse wire
FUZZ_REPLAY := $(patsubst %,$(BUILD)/tests/fuzz/replay_%,$(FUZZ_NAMES))
FUZZ_BIN := $(patsubst %,$(BUILD)/tests/fuzz/fuzz_%,$(FUZZ_NAMES))
FUZZ_TIME ?= 60
PROG_SRC := $(wildcard tests/progs/*.c)
PROG_BIN := $(patsubst tests/progs/%.c,$(BUILD)/tests/progs/%,$(PROG_SRC))

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl, libzip and libcrypto are loaded by gotrace when probe or verify
# first needs them (probe/curlload.c, verify/zipload.c, probe/cryptoload.c),
# not linked: every traced command would otherwise start by mapping the
# thirty libraries they bring (libcrypto alone: 2.5 ms).
LINK_PKGS := libseccomp jansson libbpf
PKG_LIBS = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null || echo -lseccomp -ljansson -lbpf) -lm -ldl

# The preload shim, for 64-bit programs and (when the compiler can) 32-bit
# ones, laid out so LD_PRELOAD=DIR/$$LIB/libgotrace.so finds the right one.
# Never ASan (it would have to be first in every process); SHIM_SAN adds
# UBSan in trap mode, which needs no run-time library.
SHIM_SRC := preload/shim.c preload/session.c preload/event.c preload/safemem.c common/buf.c common/json.c common/redact.c common/decode.c common/wire.c common/files.c
SHIM_CFLAGS = $(OPT) -g $(WARN) -std=gnu11 -D_GNU_SOURCE -fPIC -fvisibility=hidden \
	-fno-stack-protector $(SHIM_SAN)
SHIM64 := $(BUILD)/lib/x86_64-linux-gnu/libgotrace.so
SHIM32 := $(BUILD)/lib32/libgotrace.so
HAVE_M32 := $(shell echo 'int main(void){return 0;}' | $(CC) -m32 -x c -o /dev/null - 2>/dev/null && echo yes)
SHIMS := $(SHIM64) $(if $(HAVE_M32),$(SHIM32))
AUDIT_SRC := preload/audit.c common/buf.c common/json.c common/wire.c
AUDIT64 := $(BUILD)/lib/x86_64-linux-gnu/libgtaudit.so
AUDIT32 := $(BUILD)/lib32/libgtaudit.so
SHIMS += $(AUDIT64) $(if $(HAVE_M32),$(AUDIT32))

.PHONY: all deps deps-build demo check style-check fixtures check-unit check-e2e check-asan bench bench-verify clean install \
	fuzz fuzz-bins uninstall deb FORCE

all: $(BUILD)/gotrace $(BUILD)/gotrace-openrec $(SHIMS)

# Objects for the shim and the audit library: position-independent, one
# tree per word size. Header dependencies come from the compiler (-MMD -MP).
DEPFLAGS := -MMD -MP
pic = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))

$(SHIM64): $(call pic,pic64,$(SHIM_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_CFLAGS) -shared -o $@ $^ -ldl
	@ln -sfn lib/x86_64-linux-gnu $(BUILD)/lib64

$(AUDIT64): $(call pic,pic64,$(AUDIT_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_CFLAGS) -shared -o $@ $^

$(AUDIT32): $(call pic,pic32,$(AUDIT_SRC))
	@mkdir -p $(dir $@)
	$(CC) -m32 $(SHIM_CFLAGS) -shared -o $@ $^

$(SHIM32): $(call pic,pic32,$(SHIM_SRC))
	@mkdir -p $(dir $@) $(BUILD)/lib
	$(CC) -m32 $(SHIM_CFLAGS) -shared -o $@ $^ -ldl
	@ln -sfn ../lib32 $(BUILD)/lib/i386-linux-gnu

$(BUILD)/pic64/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SHIM_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/pic32/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(SHIM_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/gotrace: $(GOTRACE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(PKG_LIBS) -pthread

# the helper that loads the open recorder for users without CAP_BPF
# (wrap/openrec_helper.c); `make install` gives it its file capabilities
HELPER_OBJ := $(BUILD)/cli/openrec_main.o $(BUILD)/wrap/openrec_helper.o $(BUILD)/wrap/openrec.o
$(BUILD)/gotrace-openrec: $(HELPER_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf)

# the HTML page, compiled in (tools/embed.py)
$(BUILD)/gen/page_html.h: analyzers/page.html tools/embed.py
	@mkdir -p $(dir $@)
	python3 tools/embed.py gt_page_html $< $@
$(BUILD)/analyzers/html.o: $(BUILD)/gen/page_html.h

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(OBJ_DEFS) $(DEPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# the in-kernel open recorder: a BPF object (clang), linked into gotrace as bytes
BPF_CC ?= clang
$(BUILD)/gen/openrec.bpf.o: wrap/bpf/openrec.bpf.c wrap/bpf/openrec.h
	@mkdir -p $(dir $@)
	$(BPF_CC) -O2 -g -Wall -Wextra -target bpf -I/usr/include/$(shell $(CC) -dumpmachine) -c -o $@ $<
$(BUILD)/wrap/openrec.o: OBJ_DEFS = -DGT_OPENREC_OBJ='"$(BUILD)/gen/openrec.bpf.o"'
$(BUILD)/wrap/openrec.o: $(BUILD)/gen/openrec.bpf.o

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIB_OBJ) $(LDFLAGS) $(PKG_LIBS) -pthread -lcriterion

$(BUILD)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(PKG_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(LDFLAGS) $(PKG_LIBS) -pthread

$(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $< $(LIB_OBJ) $(LDFLAGS) $(PKG_LIBS) -pthread

$(BUILD)/tests/progs/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -Wall -Wextra -D_GNU_SOURCE $(DEPFLAGS) -o $@ $< -lpthread -ldl

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Install the Debian packages the build and the tests need (root), or say
# exactly what to run (not root).
deps:
	@$(MAKE) --no-print-directory deps-build BUILD_PACKAGES="$(BUILD_PACKAGES) $(TEST_PACKAGES)"

deps-build:
	@missing=$$(for p in $(BUILD_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
		else \
			echo "missing Debian packages; run as root:" >&2; \
			echo "  apt-get install -y $$missing" >&2; \
			exit 1; \
		fi; \
	fi

demo: deps-build
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh $(BUILD)/gotrace

# A second release toolchain for the toolchain-switch test, fetched once
# from the Go module proxy as the go command itself would (tests stay offline).
GO_SWITCH := 1.27.3
# gopls for the editor test, built once from the Go module proxy (the newest
# that builds with the machine's go 1.26)
GOPLS_VERSION := v0.23.0
FIXTURES := $(CURDIR)/build/fixtures

fixtures:
	@sh tests/e2e/fetch-toolchain.sh $(FIXTURES) $(GO_SWITCH)
	@sh tests/e2e/fetch-gopls.sh $(FIXTURES) $(GOPLS_VERSION)

check: deps
	@$(MAKE) --no-print-directory style-check
	@$(MAKE) --no-print-directory all fixtures
	@$(MAKE) --no-print-directory check-unit check-e2e

# The conventions docs/hacking.md states: indentation, line and function
# length, file size, includes that only point downwards, allocation through
# the gt_x* functions, and printing in wrap/ only through launch.c.
style-check:
	@python3 tools/style-check.py

check-unit: $(UNIT_BIN) $(FUZZ_REPLAY)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t --jobs 1; done
	@set -e; for n in $(FUZZ_NAMES); do echo "== fuzz corpus: $$n"; \
		$(BUILD)/tests/fuzz/replay_$$n tests/fuzz/corpus/$$n; done

# Fuzz each target for FUZZ_TIME seconds (clang's libFuzzer, ASan, UBSan).
# New inputs go to build-fuzz/corpus/NAME; a crash is written to
# build-fuzz/crash-NAME-*: copy it into tests/fuzz/corpus/NAME once fixed,
# and make check replays it from then on.
fuzz:
	@$(MAKE) --no-print-directory deps-build BUILD_PACKAGES="$(BUILD_PACKAGES) clang"
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT=-O1 \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" fuzz-bins
	@set -e; for n in $(FUZZ_NAMES); do mkdir -p build-fuzz/corpus/$$n; \
		echo "== fuzz $$n for $(FUZZ_TIME)s"; \
		ASAN_OPTIONS=detect_leaks=1 build-fuzz/tests/fuzz/fuzz_$$n -max_total_time=$(FUZZ_TIME) -max_len=65536 \
			-artifact_prefix=build-fuzz/crash-$$n- build-fuzz/corpus/$$n tests/fuzz/corpus/$$n; done

fuzz-bins: $(FUZZ_BIN)

# every trace of a real run holds only what common/schema.def declares (tests/e2e/t_schema.sh)
$(BUILD)/tests/tracecheck: tests/tracecheck.c $(BUILD)/analyzers/event.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/analyzers/event.o $(LDFLAGS) $(PKG_LIBS)

check-e2e: $(BUILD)/gotrace $(PROG_BIN) $(BUILD)/tests/tracecheck
	@GOTRACE=$(abspath $(BUILD)/gotrace) PROGS=$(abspath $(BUILD)/tests/progs) \
		BUILD=$(abspath $(BUILD)) FIXTURES=$(FIXTURES) GO_SWITCH=$(GO_SWITCH) \
		sh tests/e2e/run.sh

# The launcher, analyzers and their tests under AddressSanitizer and UBSan.
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
		EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" \
		SHIM_SAN="-fsanitize=undefined -fsanitize-undefined-trap-on-error" \
		all fixtures check-unit check-e2e

bench: deps all
	@sh bench/run.sh $(BUILD)/gotrace

bench-verify: deps all
	@sh bench/verify.sh $(BUILD)/gotrace

# Installation, GNU style: DESTDIR stages, the rest say where. The shim and
# the audit library go to $(LIBDIR)/gotrace; the binary finds them from its
# own location through GT_LIBREL, the path from BINDIR to there (no build
# path in the binary, so a DESTDIR staging tree works as it is).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/vendor-completions
GT_LIBREL := $(shell python3 -c 'import os, sys; print(os.path.relpath(sys.argv[2] + "/gotrace", sys.argv[1]))' \
	$(BINDIR) $(LIBDIR))
GTLIB := $(DESTDIR)$(LIBDIR)/gotrace
SETCAP ?= /usr/sbin/setcap
INSTALLED := $(DESTDIR)$(BINDIR)/gotrace $(DESTDIR)$(BINDIR)/gotrace-gopls $(GTLIB)/lib/x86_64-linux-gnu/libgotrace.so \
	$(GTLIB)/gotrace-openrec \
	$(GTLIB)/lib/x86_64-linux-gnu/libgtaudit.so $(GTLIB)/lib64 \
	$(if $(HAVE_M32),$(GTLIB)/lib32/libgotrace.so $(GTLIB)/lib32/libgtaudit.so $(GTLIB)/lib/i386-linux-gnu) \
	$(DESTDIR)$(MANDIR)/man1/gotrace.1 $(DESTDIR)$(BASHCOMPDIR)/gotrace $(DESTDIR)$(ZSHCOMPDIR)/_gotrace

# the relative path, rewritten only when it changes (launch.o depends on it)
$(BUILD)/gen/librel.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define GT_LIBREL "$(GT_LIBREL)"' >$@.new
	@cmp -s $@.new $@ 2>/dev/null && rm -f $@.new || mv $@.new $@
$(BUILD)/wrap/launch.o $(BUILD)/wrap/openrec.o: $(BUILD)/gen/librel.h
FORCE:

$(BUILD)/gotrace.1: docs/gotrace.1.in
	@mkdir -p $(dir $@)
	sed 's/@VERSION@/$(VERSION)/g' $< >$@

install: all $(BUILD)/gotrace.1
	install -D -m 755 $(BUILD)/gotrace $(DESTDIR)$(BINDIR)/gotrace
	install -D -m 755 tools/gotrace-gopls $(DESTDIR)$(BINDIR)/gotrace-gopls
	install -D -m 644 $(SHIM64) $(GTLIB)/lib/x86_64-linux-gnu/libgotrace.so
	install -D -m 644 $(AUDIT64) $(GTLIB)/lib/x86_64-linux-gnu/libgtaudit.so
	install -D -m 755 $(BUILD)/gotrace-openrec $(GTLIB)/gotrace-openrec
	@$(SETCAP) cap_bpf,cap_perfmon=ep $(GTLIB)/gotrace-openrec 2>/dev/null || \
	echo "note: $(SETCAP) could not give $(GTLIB)/gotrace-openrec CAP_BPF and CAP_PERFMON" \
	"(not root?): users other than root will have their opens stopped, not recorded in the kernel" >&2
	ln -sfn lib/x86_64-linux-gnu $(GTLIB)/lib64
	$(if $(HAVE_M32),install -D -m 644 $(SHIM32) $(GTLIB)/lib32/libgotrace.so)
	$(if $(HAVE_M32),install -D -m 644 $(AUDIT32) $(GTLIB)/lib32/libgtaudit.so)
	$(if $(HAVE_M32),ln -sfn ../lib32 $(GTLIB)/lib/i386-linux-gnu)
	install -D -m 644 $(BUILD)/gotrace.1 $(DESTDIR)$(MANDIR)/man1/gotrace.1
	install -D -m 644 completions/gotrace.bash $(DESTDIR)$(BASHCOMPDIR)/gotrace
	install -D -m 644 completions/_gotrace $(DESTDIR)$(ZSHCOMPDIR)/_gotrace

# a Debian package of what install writes, Depends from the linked libraries
deb: all $(BUILD)/gotrace.1
	@rm -rf $(BUILD)/deb
	@$(MAKE) --no-print-directory install DESTDIR=$(abspath $(BUILD))/deb/root PREFIX=/usr >/dev/null
	@sh tools/mkdeb.sh $(BUILD) $(VERSION)

# every file install wrote, and the directories of gotrace's own it made
uninstall:
	rm -f $(INSTALLED)
	-rmdir $(GTLIB)/lib/x86_64-linux-gnu $(GTLIB)/lib/i386-linux-gnu $(GTLIB)/lib32 $(GTLIB)/lib $(GTLIB) 2>/dev/null

clean:
	rm -rf build build-asan build-fuzz
