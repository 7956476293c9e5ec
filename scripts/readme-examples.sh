#!/usr/bin/env bash
# Extract the ```cpp blocks of README.md into one C++ file of KUnit cases,
# so the API tour is compiled and run by `make test`.  Rewrites OUT only when
# its content changes (incremental builds stay incremental).
#
#   scripts/readme-examples.sh README.md OUT.cpp
set -euo pipefail
readme=$1 out=$2
mkdir -p "$(dirname "$out")"
{
	echo "// Generated from $(basename "$readme") by scripts/readme-examples.sh. Do not edit."
	awk -v f="$readme" '/^```cpp$/ { on = 1; printf "#line %d \"%s\"\n", NR + 1, f; next }
		/^```$/ { on = 0; next } on' "$readme"
} > "$out.tmp"
if cmp -s "$out.tmp" "$out"; then rm -f "$out.tmp"; else mv -f "$out.tmp" "$out"; fi
