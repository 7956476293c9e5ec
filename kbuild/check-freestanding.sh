#!/usr/bin/env bash
# Check that C++ objects are freestanding kernel code:
#   - every undefined symbol is a kxx shim (kxx_*), a symbol the kxx runtime
#     defines, or one the compiler emits for kernel C too (mem*, sanitizer,
#     retpoline/return thunks, stack protector, ftrace, gcov's counters);
#   - no global constructors: .init_array/.ctors may only hold GCC's KASAN
#     global-registration and gcov functions (_sub_I_*), which C objects get too;
#   - no exception tables, no RTTI.
#
#   kbuild/check-freestanding.sh OBJECT...    (exit 1 and a reason on failure)
set -uo pipefail
READELF=${READELF:-readelf}

# Symbols from the ELF symbol table itself (never an LTO plugin's view of a
# fat LTO object): "NDX BIND NAME" per line.
symbols() {
	"$READELF" -sW "$1" | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 { print $7, $5, $8 }'
}

allowed='^(kxx_[A-Za-z0-9_]+|memcpy|memset|memmove|__asan_[A-Za-z0-9_]+|__kasan_[A-Za-z0-9_]+|__tsan_[A-Za-z0-9_]+|__kcsan_[A-Za-z0-9_]+|__ubsan_[A-Za-z0-9_]+|__sanitizer_cov_[A-Za-z0-9_]+|__gcov_[A-Za-z0-9_]+|__x86_indirect_thunk_[a-z0-9]+|__x86_indirect_call_thunk_[a-z0-9]+|__x86_return_thunk|__stack_chk_fail|__stack_chk_guard|__ref_stack_chk_guard|__fentry__|__cxa_pure_virtual|_ZdlPv|_ZdlPvm)$'

# What C++ that people write asks of a hosted runtime, and what to write
# instead in the kernel: one line for each cause found.
explain() {
	local syms=$1
	grep -Eq '^(__cxa_atexit|__dso_handle|atexit)$' <<<"$syms" &&
		echo "    cause: a static object with a destructor (a function-local 'static XArray<...> x;' or a global with one): nothing would run its destructor at unload. Fix: a namespace-scope 'constinit StaticXArray<P, F> x{ &x };' (dropped by x.exit() in the module's exit), or an object the module owns (a member, a Box made in init and dropped in exit)."
	grep -Eq '^__cxa_guard_(acquire|release|abort)$' <<<"$syms" &&
		echo "    cause: a function-local static whose initialiser runs at first use (thread-safe statics). Fix: make it constinit (constant-initialised), or create it in the module's init."
	grep -Eq '^(_Znwm|_Znam|_ZnwmRKSt9nothrow_t|_ZnamRKSt9nothrow_t|_ZdaPv|_ZdaPvm|_ZnwmSt11align_val_t|_ZdlPvSt11align_val_t)$' <<<"$syms" &&
		echo "    cause: new/new[]/delete[]: kernel allocation can fail and needs a gfp. Fix: Box<T>::make(gfp, ...) (or Arc, RcuBox), whose Result says when it failed."
	grep -Eq '^(__cxa_allocate_exception|__cxa_throw|__cxa_begin_catch|__cxa_end_catch|__gxx_personality_v0|_Unwind_Resume|__cxa_rethrow)$' <<<"$syms" &&
		echo "    cause: exceptions (throw/try/catch): the kernel has no unwinder. Fix: return Result<T> and propagate with KXX_TRY; build with -fno-exceptions (kxx.mk does)."
	grep -Eq '^(__dynamic_cast|_ZTVN10__cxxabiv1[0-9A-Za-z_]*|__cxa_bad_cast|__cxa_bad_typeid)$' <<<"$syms" &&
		echo "    cause: RTTI (dynamic_cast, typeid): no type information is linked into the kernel. Fix: a virtual function or an explicit tag; build with -fno-rtti (kxx.mk does)."
	grep -Eq '^(memcmp|strlen|strcmp|printf|malloc|free|abort|__assert_fail)$' <<<"$syms" &&
		echo "    cause: a C library function: C++ in kxx reaches the kernel only through kxx's C shims (include/kxx/bindings.h, src/*.c). Fix: call the kxx wrapper, or add a shim."
	return 0
}

status=0
for o in "$@"; do
	syms=$(symbols "$o")
	bad=$(echo "$syms" | awk '$1 == "UND" && $3 != "" { print $3 }' | sort -u | grep -Ev "$allowed")
	if [ -n "$bad" ]; then
		echo "$o: not freestanding: undefined symbol(s) outside the kxx allow-list:" >&2
		echo "$bad" | sed 's/^/    /' >&2
		explain "$bad" >&2
		status=1
	fi
	# Constructor table entries (8 bytes each) versus the sanitizer
	# registration functions (_sub_I_<prio>_<n>) GCC adds to C and C++
	# objects alike; C++ dynamic initialisers are _GLOBAL__sub_I_*.
	entries=0
	for size in $("$READELF" -SW "$o" | sed 's/^ *\[ *[0-9]*\]//' |
			awk '$1 == ".init_array" || $1 == ".ctors" { print $5 }'); do
		entries=$((entries + 16#$size / 8))
	done
	sanitizer=$(echo "$syms" | grep -cE ' _sub_I_[0-9]+_[0-9]+$')
	if [ "$entries" -gt "$sanitizer" ]; then
		echo "$o: global constructor(s) (not allowed in kernel C++):" >&2
		echo "$syms" | awk '{ print $3 }' | grep -E '_GLOBAL__' | sed 's/^/    /' >&2
		status=1
	fi
	if "$READELF" -SW "$o" | grep -Eq '\.gcc_except_table|\.eh_frame'; then
		echo "$o: has exception/unwind tables (build with -fno-exceptions)" >&2
		status=1
	fi
	if echo "$syms" | awk '{ print $3 }' | grep -Eq '^_ZT[IS]'; then
		echo "$o: has RTTI symbols (build with -fno-rtti)" >&2
		status=1
	fi
done
exit $status
