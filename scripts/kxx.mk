# SPDX-License-Identifier: GPL-2.0
#
# kxx.mk - Kbuild rules for kxx: C++ objects, the generated layout header and
# KUnit suite registration.  A module's Kbuild file includes it:
#
#   kxx-root := kxx                      # where kxx lives, relative to $(src)
#   include $(src)/$(kxx-root)/scripts/kxx.mk
#   obj-m += mydrv.o
#   mydrv-y := main.o logic.o $(kxx-lib)  # logic.cpp is C++
#
# and, for a module of C++ KUnit tests (cases defined with KXX_TEST):
#
#   mytest-y := my_test.o $(kxx-lib) $(kxx-kunit-lib) mytest-suites.o
#   $(call kxx_suites,mytest-suites,my_test.o)
#
# Each C++ object is compiled from a .cpp by `if_changed_dep` (so .cmd files
# and incremental rebuilds work like C), with the kernel's own C flags minus
# the C-only ones, plus the C++ dialect flags below.  KASAN/UBSAN flags are
# applied exactly as Kbuild applies them to C, so C++ is instrumented too.

kxx-root ?= .
kxx-src := $(src)/$(kxx-root)
kxx-obj := $(obj)/$(kxx-root)

# The library: C shims and the C++ runtime.
kxx-lib := $(addprefix $(kxx-root)/src/, core.o xarray.o rcu.o percpu.o runtime.o)
kxx-kunit-lib := $(kxx-root)/src/kunit.o

ccflags-y += -I$(kxx-src)/include

# --- the generated layout header ---------------------------------------------
# src/layout.c is compiled to assembly only (never linked); its markers become
# generated/kxx_layout.h.  filechk rewrites the header only when it changes.
kxx-layout := $(kxx-obj)/generated/kxx_layout.h
targets += $(kxx-root)/src/layout.s

$(kxx-layout): $(kxx-obj)/src/layout.s FORCE
	$(call filechk,offsets,KXX_GENERATED_LAYOUT_H)

# --- C++ ---------------------------------------------------------------------
KXX_CXX ?= $(CROSS_COMPILE)g++

# C-only options from the kernel's flags that g++ rejects or warns about.
kxx-c-only-flags := -std=gnu11 -std=gnu99 -std=gnu89 \
	-Wstrict-prototypes -Werror=strict-prototypes -Wold-style-definition \
	-Wold-style-declaration -Wmissing-prototypes -Wmissing-parameter-type \
	-Wdeclaration-after-statement -Wno-declaration-after-statement \
	-Wno-pointer-sign -Wpointer-sign -Werror=implicit-int -Wimplicit-int \
	-Werror=implicit-function-declaration -Werror=incompatible-pointer-types \
	-Werror=designated-init -Wenum-conversion -Wno-enum-int-mismatch \
	-Wno-override-init -Wno-alloc-size-larger-than

# Sanitizer flags, the same rule as scripts/Makefile.lib uses for C.
kxx-sanitize = $(if $(CONFIG_KASAN),$(CFLAGS_KASAN)) $(if $(CONFIG_UBSAN),$(CFLAGS_UBSAN))

kxx-cxxflags = $(filter-out $(kxx-c-only-flags), \
		 $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE) $(kxx-sanitize)) \
	-std=gnu++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-gnu-unique \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -ffreestanding \
	-nostdinc -nostdinc++ -Werror -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wno-sign-compare \
	-I$(kxx-src)/include -I$(kxx-obj)/generated \
	$(if $(KXX_DEMO_FAILURE),-DKXX_DEMO_FAILURE) $(KXX_CXXFLAGS)

quiet_cmd_kxx_cxx = C++ $(quiet_modtag) $@
      cmd_kxx_cxx = $(KXX_CXX) -Wp,-MMD,$(depfile) $(kxx-cxxflags) -c -o $@ $< && \
		{ bash $(kxx-src)/scripts/check-freestanding.sh $@ || \
		  { rm -f $@; false; }; }

$(obj)/%.o: $(src)/%.cpp $(kxx-layout) $(kxx-src)/scripts/check-freestanding.sh FORCE
	$(call if_changed_dep,kxx_cxx)

# Every C++ object must be in `targets` so Kbuild reads its .cmd file.
targets += $(patsubst $(src)/%.cpp,%.o,$(wildcard $(src)/*.cpp $(src)/*/*.cpp $(src)/*/*/*.cpp))

# --- KUnit suites ------------------------------------------------------------
# $(call kxx_suites,NAME,OBJS): generate NAME.c registering the KXX_TEST cases
# found in OBJS (paths relative to $(obj)).
quiet_cmd_kxx_suites = GEN     $@
      cmd_kxx_suites = bash $(kxx-src)/scripts/gen-suites.sh $(NM) \
			$(filter %.o,$^) > $@.tmp && mv $@.tmp $@

define kxx_suites
targets += $(1).c
$$(obj)/$(1).c: $$(addprefix $$(obj)/,$(2)) $$(kxx-src)/scripts/gen-suites.sh FORCE
	$$(call if_changed,kxx_suites)
endef

# --- compile-fail cases --------------------------------------------------------
# DIR/NAME.cfail from DIR/NAME.cpp: the case must fail to compile with the
# diagnostic it names, with exactly the flags real kxx code is built with.
# Always re-run (cheap), so a header change can never leave one stale.
quiet_cmd_kxx_cfail =
      cmd_kxx_cfail = bash $(kxx-src)/scripts/compile-fail.sh $< $@ $(KXX_CXX) $(kxx-cxxflags)

$(obj)/%.cfail: $(src)/%.cpp $(kxx-layout) FORCE
	$(call cmd,kxx_cfail)
