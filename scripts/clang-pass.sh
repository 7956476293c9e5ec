#!/usr/bin/env bash
# The Clang pass over kxx's C++ (the modules are built by GCC; this is an
# extra checker, with clang-19, whose thread-safety analysis follows a Guard
# returned by xa.lock()):
#   - every source is clean under -Wthread-safety, [[clang::lifetimebound]]
#     (-Wreturn-stack-address, -Wdangling) and -Werror;
#   - each case in kunit/clang-fail/ is rejected for the reason it names
#     (kbuild/compile-fail.sh): data guarded by a lock written without it,
#     a self-locking call under a held Guard, borrows outliving their guard.
#
#   scripts/clang-pass.sh GENERATED_DIR
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
gen=$1
clang=$(command -v clang++-19) || { echo "kxx: clang++-19 not found (apt-get install clang-19)" >&2; exit 1; }
flags=(-target x86_64-linux-gnu -std=gnu++20 -ffreestanding -nostdinc -nostdinc++ -fno-exceptions
	-fno-rtti -I"$top/include" -I"$gen" -Wthread-safety -Wthread-safety-beta
	-Wreturn-stack-address -Wdangling -Werror)
status=0
n=0
for f in "$top"/src/*.cpp "$top"/bench/*.cpp "$top"/examples/*/*.cpp "$top"/kunit/*.cpp "$top"/kunit/generated/*.cpp \
	"$top"/kunit/extra/*.cpp "$top"/kunit/vendor/*.cpp; do
	[ -e "$f" ] || continue
	"$clang" "${flags[@]}" -fsyntax-only -I"$(dirname "$f")" "$f" || status=1
	n=$((n + 1))
done
cases=0
for c in "$top"/kunit/clang-fail/*.cpp; do
	[ -e "$c" ] || continue
	out=$(mktemp)
	if bash "$top/kbuild/compile-fail.sh" "$c" "$out" "$clang" "${flags[@]}"; then
		cases=$((cases + 1))
	else
		status=1
	fi
	rm -f "$out" "$out.log"
done
[ $status -eq 0 ] && echo "kxx: clang-19 pass (thread safety, lifetimes): $n sources clean, $cases misuse cases rejected"
exit $status
