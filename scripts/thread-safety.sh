#!/usr/bin/env bash
# Clang's thread-safety analysis over kxx's C++ (the modules are built by
# GCC; this is an extra checker): every source must be clean under
# -Wthread-safety -Werror, and each case in kunit/thread-safety/ must be
# rejected for the reason it names (scripts/compile-fail.sh).
#
#   scripts/thread-safety.sh GENERATED_DIR
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
gen=$1
clang=$(command -v clang++-14 || command -v clang++) || { echo "kxx: clang++ not found" >&2; exit 1; }
flags=(-target x86_64-linux-gnu -std=gnu++20 -ffreestanding -nostdinc -nostdinc++ -fno-exceptions
	-fno-rtti -I"$top/include" -I"$gen" -Wthread-safety -Wthread-safety-beta -Werror)
status=0
n=0
for f in "$top"/src/*.cpp "$top"/src/*/*.cpp "$top"/kunit/*.cpp; do
	[ -e "$f" ] || continue
	"$clang" "${flags[@]}" -fsyntax-only -I"$(dirname "$f")" "$f" || status=1
	n=$((n + 1))
done
cases=0
for c in "$top"/kunit/thread-safety/*.cpp; do
	[ -e "$c" ] || continue
	out=$(mktemp)
	if bash "$top/scripts/compile-fail.sh" "$c" "$out" "$clang" "${flags[@]}"; then
		cases=$((cases + 1))
	else
		status=1
	fi
	rm -f "$out" "$out.log"
done
[ $status -eq 0 ] && echo "kxx: clang -Wthread-safety: $n sources clean, $cases misuse cases rejected"
exit $status
