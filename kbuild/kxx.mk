# SPDX-License-Identifier: GPL-2.0
#
# kxx.mk - Kbuild rules for kxx: C++ objects, the generated layout header,
# link-time merging of shims and C++, and KUnit suite registration.  A
# module's Kbuild file includes it:
#
#   kxx-root := kxx                      # where kxx lives, relative to $(src)
#   include $(src)/$(kxx-root)/kbuild/kxx.mk
#   obj-m += mydrv.o
#   mydrv-y := main.o                    # the module's C parts
#   $(eval $(call kxx_link,mydrv,logic.o))   # its C++ parts (logic.cpp) + kxx
#
# (kxx_link appends to mydrv-y: keep any `mydrv-y :=` before it, or use +=.)
#
# and, for a module of C++ KUnit tests (cases defined with KXX_TEST):
#
#   mytest-y := mytest-suites.o
#   $(eval $(call kxx_link,mytest,my_test.o,$(kxx-kunit-lib)))
#   $(eval $(call kxx_suites,mytest-suites,my_test.o))
#
# Each C++ object is compiled from a .cpp by `if_changed_dep` (so .cmd files
# and incremental rebuilds work like C), with the kernel's own C flags minus
# the C-only ones, plus the C++ dialect flags below.  KASAN/UBSAN flags are
# applied exactly as Kbuild applies them to C, so C++ is instrumented too.
#
# The C shims and the C++ objects of a module are merged into one ordinary
# relocatable object (<module>-kxx.o).  With KXX_LTO=1 (the default) they
# are compiled with -flto and GCC's link-time optimiser does the merge, so
# every shim call is inlined: C++ costs what the C it wraps costs.  With
# KXX_LTO=0 the merge is a plain `ld -r` and every shim call is a call.

kxx-root ?= .
kxx-src := $(src)/$(kxx-root)
kxx-obj := $(obj)/$(kxx-root)

KXX_LTO ?= 1

# The library: C shims (one per subsystem) and the C++ runtime.
kxx-prefix := $(if $(filter .,$(kxx-root)),,$(kxx-root)/)
kxx-lib-c := $(addprefix $(kxx-prefix)src/, core.o xarray.o rcu.o srcu.o percpu.o page.o lock.o)
kxx-lib-cxx := $(kxx-prefix)src/runtime.o
kxx-kunit-lib := $(kxx-prefix)testing/kunit.o

ccflags-y += -I$(kxx-src)/include

# On a KCSAN kernel, kxx's code makes no tail call: a function on a call
# chain keeps its frame there, so a data-race report whose stacks hold no
# kxx frame has no kxx caller (scripts/check-results.py counts it as the
# kernel's own race; scripts/check-tail-calls.py checks the modules).
kxx-keep-frames = $(if $(KXX_ZERO_COST),,$(if $(CONFIG_KCSAN),-fno-optimize-sibling-calls))
ccflags-y += $(kxx-keep-frames)

# --- the generated layout header ---------------------------------------------
# src/layout.c is compiled to assembly only (never linked); its markers become
# generated/kxx_layout.h.  filechk rewrites the header only when it changes.
kxx-layout := $(kxx-obj)/generated/kxx_layout.h
targets += $(kxx-root)/src/layout.s

$(kxx-layout): $(kxx-obj)/src/layout.s FORCE
	$(call filechk,offsets,KXX_GENERATED_LAYOUT_H)

# generated/kxx_errno.h: every errno macro of the target kernel's
# <linux/errno.h> (the preprocessor's own view, -dM), for kxx::code.
kxx-errno := $(kxx-obj)/generated/kxx_errno.h
filechk_kxx_errno = $(CPP) $(filter-out -Wp%,$(c_flags)) -dM $< | \
	bash $(kxx-src)/kbuild/gen-errno.sh

$(kxx-errno): $(kxx-src)/src/errno.c $(kxx-src)/kbuild/gen-errno.sh FORCE
	$(call filechk,kxx_errno)

kxx-generated := $(kxx-layout) $(kxx-errno)

# --- C++ ---------------------------------------------------------------------
# The C++ compiler of the kernel's C compiler: g++ for GCC, and for Clang
# (LLVM=<dir>/ or LLVM=-<version>) the clang++ beside the kernel's clang.
ifdef CONFIG_CC_IS_CLANG
KXX_CXX ?= $(if $(filter %clang,$(CC)),$(CC)++,$(subst clang-,clang++-,$(CC)))
else
KXX_CXX ?= $(CROSS_COMPILE)g++
endif

# C-only options from the kernel's flags that g++ rejects or warns about.
kxx-c-only-flags := -std=gnu11 -std=gnu99 -std=gnu89 \
	-Wstrict-prototypes -Werror=strict-prototypes -Wold-style-definition \
	-Wold-style-declaration -Wmissing-prototypes -Wmissing-parameter-type \
	-Wdeclaration-after-statement -Wno-declaration-after-statement \
	-Wno-pointer-sign -Wpointer-sign -Werror=implicit-int -Wimplicit-int \
	-Werror=implicit-function-declaration -Werror=incompatible-pointer-types \
	-Werror=designated-init -Wenum-conversion -Wno-enum-int-mismatch \
	-Wno-override-init -Wno-alloc-size-larger-than

# Sanitizer flags, the same rule as scripts/Makefile.lib uses for C.  The
# zero-cost build (KXX_ZERO_COST) has none, as a production kernel's
# modules have none (Kbuild turns them off for its C too).
kxx-sanitize = $(if $(KXX_ZERO_COST),,$(if $(CONFIG_KASAN),$(CFLAGS_KASAN)) \
	$(if $(CONFIG_UBSAN),$(CFLAGS_UBSAN)) $(if $(CONFIG_KCSAN),$(CFLAGS_KCSAN)))

# KXX_COVERAGE=1 (make coverage, on a kernel with CONFIG_GCOV_KERNEL): kxx's
# C++ and its shims are profiled with the kernel's own gcov flags.  The C++
# is built with every function out of line (-fno-inline, and KXX_COVERAGE
# turns kxx's always-inline annotations off: core/annotations.h), so that
# each line's branches are counted once per template instance, not once per
# inlined copy (scripts/coverage.py).  Nor does it make local clones
# (.isra, .constprop, .part): without LTO, two objects can each keep one of
# the same name inside different COMDAT groups, and a module with two
# sections of one name does not load (sysfs: duplicate filename).
kxx-gcov = $(if $(KXX_COVERAGE),$(if $(CONFIG_GCOV_KERNEL),$(CFLAGS_GCOV)))
kxx-gcov-cxx = $(if $(kxx-gcov),-fno-inline -fno-ipa-sra -fno-ipa-cp-clone -fno-partial-inlining \
	-DKXX_COVERAGE)

# pahole cannot encode C++ debug information as BTF: on kernels that make
# BTF for modules, kxx's C++ (and its merged object) carry no DWARF.
kxx-no-btf = $(if $(CONFIG_DEBUG_INFO_BTF_MODULES),-g0)

# objtool before Linux 6.6 (so 6.1) warns about a function with a ".cold"
# part whose name is over 128 characters, as C++ names can be: there, GCC
# keeps each C++ function's cold blocks in the function.
kxx-no-cold-split = $(if $(CONFIG_CC_IS_GCC),$(if $(filter 1 2 3 4 5,$(VERSION)) \
	$(filter 6-0 6-1 6-2 6-3 6-4 6-5,$(VERSION)-$(PATCHLEVEL)),-fno-reorder-blocks-and-partition))

kxx-cxxflags = $(filter-out $(kxx-c-only-flags), \
		 $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE) $(kxx-sanitize)) \
	-std=gnu++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics \
	$(if $(CONFIG_CC_IS_GCC),-fno-gnu-unique) \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -ffreestanding \
	-nostdinc -nostdinc++ -Werror -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wno-sign-compare \
	-I$(kxx-src)/include -I$(kxx-obj)/generated $(kxx-no-cold-split) \
	$(if $(filter-out 0,$(KXX_LTO)),-flto -ffat-lto-objects) $(kxx-no-btf) \
	$(if $(KXX_DEMO_FAILURE),-DKXX_DEMO_FAILURE) $(if $(KXX_ZERO_COST),-DKXX_NO_DEBUG_CHECKS -DKXX_BENCH_MARKS) \
	$(kxx-gcov) $(kxx-gcov-cxx) $(kxx-keep-frames) $(KXX_CXXFLAGS)

quiet_cmd_kxx_cxx = C++ $(quiet_modtag) $@
      cmd_kxx_cxx = $(KXX_CXX) -Wp,-MMD,$(depfile) $(kxx-cxxflags) -c -o $@ $< && \
		{ bash $(kxx-src)/kbuild/check-freestanding.sh $@ || \
		  { rm -f $@; false; }; }

$(obj)/%.o: $(src)/%.cpp $(kxx-generated) $(kxx-src)/kbuild/check-freestanding.sh FORCE
	$(call if_changed_dep,kxx_cxx)

# Every C++ object must be in `targets` so Kbuild reads its .cmd file.
targets += $(patsubst $(src)/%.cpp,%.o,$(wildcard $(src)/*.cpp $(src)/*/*.cpp $(src)/*/*/*.cpp))

# --- linking kxx into a module ------------------------------------------------
# $(call kxx_link,MODULE,CXX_OBJS[,EXTRA_SHIMS]): merge kxx (shims and C++
# runtime), the module's C++ objects and any extra C shims (e.g.
# $(kxx-kunit-lib)) into one object, MODULE-kxx.o, and add it to MODULE-y.
# One merged object per module means kxx's own objects are never parts of
# several modules, however many use it.

# The shims, compiled as module code for merging: src/core.kxx.o from
# src/core.c (with -flto when LTO is on).
# (The KUnit test support, testing/kunit.c, is not on any fast path and is built
# without -flto: GCC 12 rejects `current` in an LTO object on kernels with
# CONFIG_USE_X86_SEG_SUPPORT, "section type conflict" for const_pcpu_hot.)
kxx-cc-lto = $(if $(kxx-lto),$(if $(filter %/kunit.kxx.o,$@),,-flto))
quiet_cmd_kxx_cc = CC $(if $(kxx-cc-lto),[LTO],[M]) $@
      cmd_kxx_cc = $(CC) $(c_flags) $(kxx-cc-lto) $(kxx-no-btf) $(kxx-gcov) -c -o $@ $<

$(obj)/%.kxx.o: private part-of-module := y
$(obj)/%.kxx.o: $(src)/%.c FORCE
	$(call if_changed_dep,kxx_cc)

# With LTO, GCC's merge runs its link-time optimiser with the kernel's
# code-generation and sanitizer flags, so inlined shims are built exactly as
# C would be.  Clang's objects carry those flags in their bitcode (function
# attributes and module flags: kCFI, retpolines, return thunks, code model,
# stack protector; KASAN instruments before the bitcode is written), and
# ld.lld -r runs the LTO code generator on the bitcode of the fat objects.
# Without LTO the merge is a plain `ld -r`.
kxx-lto = $(filter-out 0,$(KXX_LTO))
kxx-lto-flags = $(filter-out -Wp% -std=% -include% %.h,$(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE) \
		  $(kxx-sanitize)) $(kxx-keep-frames)
ifdef CONFIG_CC_IS_CLANG
kxx-lto-merge = $(LD) $(KBUILD_LDFLAGS) --fat-lto-objects -r -o $@ $(filter %.o,$^)
else
kxx-lto-merge = $(CC) $(kxx-lto-flags) $(kxx-no-btf) -flto=1 -flto-partition=none \
		-flinker-output=nolto-rel -r -nostdlib -o $@ $(filter %.o,$^)
endif
quiet_cmd_kxx_merge = $(if $(kxx-lto),LTO    ,LD [M] ) $@
      cmd_kxx_merge = $(if $(kxx-lto),$(kxx-lto-merge),$(LD) $(KBUILD_LDFLAGS) -r -o $@ $(filter %.o,$^))

define kxx_link
$(1)-y += $(1)-kxx.o
targets += $(1)-kxx.o $(patsubst %.o,%.kxx.o,$(kxx-lib-c) $(3))
$$(obj)/$(1)-kxx.o: $$(addprefix $$(obj)/,$(patsubst %.o,%.kxx.o,$(kxx-lib-c) $(3)) \
			$(kxx-lib-cxx) $(2)) FORCE
	$$(call if_changed,kxx_merge)
endef

# --- KUnit suites ------------------------------------------------------------
# $(call kxx_suites,NAME,OBJS): generate NAME.c registering the KXX_TEST cases
# found in OBJS (paths relative to $(obj)).
quiet_cmd_kxx_suites = GEN     $@
      cmd_kxx_suites = bash $(kxx-src)/kbuild/gen-suites.sh \
			$(filter %.o,$^) > $@.tmp && mv $@.tmp $@

define kxx_suites
targets += $(1).c
$$(obj)/$(1).c: $$(addprefix $$(obj)/,$(2)) $$(kxx-src)/kbuild/gen-suites.sh FORCE
	$$(call if_changed,kxx_suites)
endef

# --- compile-fail cases --------------------------------------------------------
# DIR/NAME.cfail from DIR/NAME.cpp: the case must fail to compile with the
# diagnostic it names, with exactly the flags real kxx code is built with.
# Always re-run (cheap), so a header change can never leave one stale.
quiet_cmd_kxx_cfail =
      cmd_kxx_cfail = bash $(kxx-src)/kbuild/compile-fail.sh $< $@ $(KXX_CXX) $(kxx-cxxflags)

$(obj)/%.cfail: $(src)/%.cpp $(kxx-generated) FORCE
	$(call cmd,kxx_cfail)
