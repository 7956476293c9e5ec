# SPDX-License-Identifier: GPL-2.0
#
# kxx - safe, zero-cost C++ wrappers for the kernel's XArray, RCU and per-CPU
# APIs.  The two commands a user needs:
#
#   make test    build everything, run every KUnit suite in QEMU, fail on any
#                failure or kernel splat; last line `kunit: N passed, M failed`
#   make run     build everything, boot the test kernel, load the modules and
#                show their output
#   make bench   C vs kxx vs C-through-helpers, on a non-debug kernel, in QEMU
#                with -icount (instruction counts) and plain TCG
#
#   make test-all  `make test` on each tested kernel: 6.12 (GCC), 6.1 (GCC),
#                6.12 (Clang 19, kCFI), 6.12 (GCC, KCSAN); then the
#                distribution-headers builds
#   make test-kcsan  `make test` on the data-race kernel (6.12 with KCSAN)
#   make coverage  every KUnit suite on a gcov kernel (6.12); an HTML report in
#                build/coverage/, last line `coverage: include/kxx L% lines, ...`
#   make compile_commands  compile_commands.json for clangd (C and C++)
#   make docs      the API reference (Doxygen) in build/docs/html/
#   make headers   build the modules against Debian's packaged kernel headers
#                (6.1 and 6.12) without running them
#
# They install the Debian packages they need and build (once, cached under
# $(KXX_CACHE)) a debug test kernel from linux-source-<version>.
#
# Variables:
#   KXX_KERNEL=6.1          test on Linux 6.1 LTS (default 6.12)
#   LLVM=1                  kernel and kxx built with Debian's clang-19, kCFI on
#   KDIR=/path              build against this prepared kernel tree instead
#   KXX_EXTRA_TESTS="/abs/a.cpp ..."   extra C++ KUnit files for kxx_test
#   KXX_KCSAN=1             test on the data-race kernel (KCSAN instead of KASAN)
#   KXX_DEMO_FAILURE=1      add a deliberately failing case (proves `make test` fails)
#   KXX_LTO=0               shims as calls, merged by ld -r (default 1: LTO-inlined)
#   KXX_SMP=4 KXX_MEM=2G KXX_TIMEOUT=1800  guest CPUs, memory, time limit (s)

SHELL := /bin/bash
.DEFAULT_GOAL := help
export XDG_CACHE_HOME ?= $(HOME)/.cache
export KXX_CACHE ?= $(XDG_CACHE_HOME)/kxx
BUILD := $(CURDIR)/build
export KXX_KERNEL ?= 6.12
clang_config := $(if $(LLVM),qemu/clang.config)
# KXX_KCSAN=1: the data-race kernel (KCSAN in KASAN's place; they exclude each other).
FRAGMENTS := qemu/kernel.config $(if $(KXX_KCSAN),qemu/kcsan.config,qemu/debug.config) $(clang_config) \
	$(if $(KXX_COVERAGE),qemu/gcov.config)

# The kernel tree: KDIR if given, else the cached test kernel (built on demand).
kernel_sh = KXX_KERNEL=$(KXX_KERNEL) KXX_LLVM=$(LLVM) scripts/kernel.sh
kdir = $(if $(KDIR),$(KDIR),$$($(kernel_sh) $(FRAGMENTS)))
# The compiler a tree was built with (LLVM=<clang-19 dir>, or LLVM= for GCC):
# the kernel's make is always told, whatever LLVM this make was given.

export KXX_LTO ?= 1
kbuild_vars = M=$(CURDIR) KXX_LTO=$(KXX_LTO) $(if $(KXX_DEMO_FAILURE),KXX_DEMO_FAILURE=1) \
	$(if $(KXX_COVERAGE),KXX_COVERAGE=1) \
	$(if $(KXX_CXXFLAGS),KXX_CXXFLAGS="$(KXX_CXXFLAGS)")

PERF_FRAGMENTS := qemu/kernel.config qemu/perf.config $(clang_config)

.PHONY: help deps kernel modules test test-kcsan test-all headers run bench clean extra-tests \
	coverage coverage-run compile_commands compile_commands.json docs

help:
	@awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' Makefile

deps:
	@scripts/deps.sh

kernel: deps
	@echo "kxx: kernel tree: $(kdir)"

# Wrap each KXX_EXTRA_TESTS file in kunit/extra/ (an #include keeps the
# original path in diagnostics, KTAP file:line and dependency tracking).
extra-tests:
	@scripts/extra-tests.sh kunit/extra $(KXX_EXTRA_TESTS)
	@scripts/readme-examples.sh README.md kunit/generated/readme_test.cpp

# Objects built against one kernel tree are not reused for another.
modules: deps extra-tests
	@k=$(kdir) && [ -n "$$k" ] || exit 1; \
	if [ -f $(BUILD)/kdir ] && [ "$$(cat $(BUILD)/kdir)" != "$$k" ]; then \
		echo "kxx: kernel tree changed: cleaning"; $(MAKE) --no-print-directory clean; fi; \
	llvm_vars=$$(kbuild/llvm.sh vars "$$k") || exit 1; \
	mkdir -p $(BUILD) && echo "$$k" > $(BUILD)/kdir && \
	echo "kxx: building modules against $$k" && \
	$(MAKE) --no-print-directory -C "$$k" $(kbuild_vars) $$llvm_vars modules 2>&1 | tee $(BUILD)/modules.log; \
	rc=$${PIPESTATUS[0]}; [ $$rc -eq 0 ] || exit $$rc; \
	scripts/check-warnings.sh $(BUILD)/modules.log

# The steps are listed in scripts/test.sh: the checks that need no guest
# (freestanding objects, compile-fail cases, the per-CPU disassembly, the
# Clang pass, clangd, the drop-in kit, DKMS), then the guest run and its judge.
test: modules
	@scripts/test.sh "$(kdir)" $(BUILD)

# The data-race configuration: make test on 6.12 with KCSAN (its own cached
# kernel; test-all runs it too).
test-kcsan:
	@env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u KDIR $(MAKE) --no-print-directory test KXX_KERNEL=6.12 LLVM= KXX_KCSAN=1

# Coverage: the modules profiled with gcov (shims as calls, so each line
# counts where it is written), every suite run once, the counts read back
# over the guest's second serial port (scripts/coverage.py).
coverage:
	@scripts/deps.sh lcov && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u KDIR $(MAKE) --no-print-directory coverage-run \
		KXX_KERNEL=6.12 LLVM= KXX_COVERAGE=1 KXX_LTO=0

coverage-run: modules
	@k=$(kdir) && rm -f $(BUILD)/coverage-serial.txt && find . -name '*.gcda' -delete && \
	KXX_GUEST_SCRIPT=$(CURDIR)/qemu/coverage.sh KXX_KUNIT_ONLY=1 \
	KXX_QEMU_ARGS="-serial file:$(BUILD)/coverage-serial.txt" \
	scripts/qemu.sh --test "$$k" $(BUILD) kxx_test.ko && \
	scripts/coverage.py . $(BUILD) $(BUILD)/coverage-serial.txt

# Editor support: compile_commands.json for kxx's C and C++ (the kernel's
# generator skips C++), from the last module build; clangd reads it with
# .clangd (make test checks that it reads every source cleanly).
compile_commands compile_commands.json: modules
	@kbuild/compile-commands.py $(kdir) .

# The API reference: Doxygen over include/kxx (docs/Doxyfile), HTML in
# build/docs/html/; any Doxygen warning or broken local link fails it.
docs:
	@scripts/deps.sh doxygen && rm -rf $(BUILD)/docs && mkdir -p $(BUILD)/docs && \
	doxygen docs/Doxyfile && \
	if [ -s $(BUILD)/docs/warnings.log ]; then cat $(BUILD)/docs/warnings.log; exit 1; fi && \
	scripts/check-links.py $(BUILD)/docs/html && \
	echo "kxx: docs: open $(BUILD)/docs/html/index.html"

# The benchmark runs on a second cached kernel without the debug options.
bench: deps
	@k=$(if $(KDIR),$(KDIR),$$($(kernel_sh) $(PERF_FRAGMENTS))) && \
	scripts/bench.sh "$$k" $(BUILD)

# Every tested configuration in a row (each a fresh build of the modules),
# then the build-only distribution trees; a summary line for each.
test-all: deps
	@scripts/test-all.sh

headers: deps
	@scripts/headers.sh $(BUILD)

# The demo driver at work: qemu/demo.sh's transcript through /dev/kxx_demo.
run: modules
	@k=$(kdir) && KXX_GUEST_SCRIPT=$(CURDIR)/qemu/demo.sh \
	scripts/qemu.sh --run "$$k" $(BUILD) kxx_demo.ko

# Removes this tree's build output but not make test-all's logs (build/test-all);
# the cached kernel stays (rm -rf $(KXX_CACHE)).
clean:
	@find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.s' -o -name '*-suites.c' -o -name '*.cfail' \
		-o -name '*.cfail.log' -o -name '*.gcno' -o -name '*.gcda' \) -delete
	@[ ! -d $(BUILD) ] || find $(BUILD) -mindepth 1 -maxdepth 1 ! -name test-all -exec rm -rf {} +
	@rm -rf generated Module.symvers modules.order .module-common.o compile_commands.json
