#!/usr/bin/env bash
# Check that C++ objects are freestanding kernel code:
#   - every undefined symbol is a kxx shim (kxx_*), a symbol the kxx runtime
#     defines, or one the compiler emits for kernel C too (mem*, sanitizer,
#     retpoline/return thunks, stack protector, ftrace, gcov's counters);
#   - no global constructors: .init_array/.ctors may only hold GCC's KASAN
#     global-registration and gcov functions (_sub_I_*), which C objects get too;
#   - no exception tables, no RTTI.
#
#   scripts/check-freestanding.sh OBJECT...    (exit 1 and a reason on failure)
set -uo pipefail
READELF=${READELF:-readelf}

# Symbols from the ELF symbol table itself (never an LTO plugin's view of a
# fat LTO object): "NDX BIND NAME" per line.
symbols() {
	"$READELF" -sW "$1" | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 { print $7, $5, $8 }'
}

allowed='^(kxx_[A-Za-z0-9_]+|memcpy|memset|memmove|__asan_[A-Za-z0-9_]+|__kasan_[A-Za-z0-9_]+|__tsan_[A-Za-z0-9_]+|__kcsan_[A-Za-z0-9_]+|__ubsan_[A-Za-z0-9_]+|__sanitizer_cov_[A-Za-z0-9_]+|__gcov_[A-Za-z0-9_]+|__x86_indirect_thunk_[a-z0-9]+|__x86_indirect_call_thunk_[a-z0-9]+|__x86_return_thunk|__stack_chk_fail|__stack_chk_guard|__ref_stack_chk_guard|__fentry__|__cxa_pure_virtual|_ZdlPv|_ZdlPvm)$'

status=0
for o in "$@"; do
	syms=$(symbols "$o")
	bad=$(echo "$syms" | awk '$1 == "UND" && $3 != "" { print $3 }' | sort -u | grep -Ev "$allowed")
	if [ -n "$bad" ]; then
		echo "$o: not freestanding: undefined symbol(s) outside the kxx allow-list:" >&2
		echo "$bad" | sed 's/^/    /' >&2
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
