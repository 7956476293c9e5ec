#!/usr/bin/env bash
# List the C++ objects of the last module build (one per .cpp with an .o).
cd "$(dirname "$0")/.." || exit 1
find src bench examples kunit -name '*.cpp' | sort | while read -r f; do
	[ -f "${f%.cpp}.o" ] && echo "${f%.cpp}.o"
done
