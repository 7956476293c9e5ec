#!/usr/bin/env bash
# One compile-fail case: a C++ file that must not compile, for a stated reason.
#
#   kbuild/compile-fail.sh CASE.cpp RESULT COMPILER FLAGS...
#
# CASE.cpp names the guarantee it proves and the diagnostic it expects:
#     // proves: copying a Box does not compile (unique ownership)
#     // expect: use of deleted function
# and wraps the misuse in #ifndef KXX_CONTROL ... #endif.  Clang words its
# diagnostics differently: a case may add `// expect-clang: ERE` for it.  The case passes
# when the file compiles with -DKXX_CONTROL (so nothing else is wrong with it)
# and fails without it, with a diagnostic line matching `expect` (an ERE).  On
# success RESULT holds one line "rejected: NAME: PROVES".
set -uo pipefail
src=$1 out=$2
shift 2
name=$(basename "$src" .cpp)
proves=$(sed -n 's|^// proves: ||p' "$src" | head -n1)
expect=$(sed -n 's|^// expect: ||p' "$src" | head -n1)
if "$1" --version 2>/dev/null | grep -q clang; then
	expect_clang=$(sed -n 's|^// expect-clang: ||p' "$src" | head -n1)
	expect=${expect_clang:-$expect}
fi
rm -f "$out"
if [ -z "$proves" ] || [ -z "$expect" ] || ! grep -q KXX_CONTROL "$src"; then
	echo "$src: a compile-fail case needs '// proves:', '// expect:' and #ifndef KXX_CONTROL" >&2
	exit 1
fi
if ! "$@" -fsyntax-only -DKXX_CONTROL "$src" >"$out.log" 2>&1; then
	echo "$src: the control build (misuse disabled) does not compile either:" >&2
	head -n 20 "$out.log" >&2
	exit 1
fi
if "$@" -fsyntax-only "$src" >"$out.log" 2>&1; then
	echo "$src: compiled, but must not: $proves" >&2
	exit 1
fi
# Only the diagnostics' own lines count (errors, and the notes that give
# their reason): the source lines a compiler echoes under them (the misuse
# as written) would match a pattern naming it.
if ! grep -E ': (fatal error|error|note): ' "$out.log" | grep -Eq -- "$expect"; then
	echo "$src: failed to compile, but no diagnostic line matches /$expect/:" >&2
	head -n 20 "$out.log" >&2
	exit 1
fi
rm -f "$out.log"
echo "rejected: $name: $proves" > "$out"
