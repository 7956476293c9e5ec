#!/usr/bin/env bash
# The compile-fail cases rejected in this build: one fresh result (a .cfail
# file newer than its case) for every kunit/compile-fail/*.cpp.  Prints the
# count; fails, naming them, if any case has none (not built, or a result
# left from an older build of a changed case).
#
#   scripts/compile-fail-count.sh
set -uo pipefail
cd "$(dirname "$0")/.."
n=0 missing=()
for c in kunit/compile-fail/*.cpp; do
	r=${c%.cpp}.cfail
	if [ -s "$r" ] && [ "$r" -nt "$c" ] && grep -q '^rejected: ' "$r"; then
		n=$((n + 1))
	else
		missing+=("$(basename "$c" .cpp)")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "kxx: compile-fail cases without a fresh result: ${missing[*]}" >&2
	exit 1
fi
echo "$n"
