#!/usr/bin/env bash
# Editor support, checked: write compile_commands.json for kxx's sources
# (kbuild/compile-commands.py, from the .cmd files of the last module
# build) and have clangd-19 read every one of them with it and the .clangd
# beside it, as a driver author's editor would.  Any diagnostic fails.
#
#   scripts/clangd-check.sh KDIR
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
python3 "$top/kbuild/compile-commands.py" "$1" "$top" || exit 1
clangd=$(command -v clangd-19) || { echo "kxx: clangd-19 not found (scripts/deps.sh installs it)" >&2; exit 1; }
files=$(python3 -c 'import json, sys; print("\n".join(e["file"] for e in json.load(open(sys.argv[1]))))' \
	"$top/compile_commands.json")
n=0 bad=0
for f in $files; do
	out=$("$clangd" --check="$f" --check-locations=false --compile-commands-dir="$top" 2>&1)
	if ! grep -q 'All checks completed, 0 errors' <<<"$out"; then
		echo "kxx: clangd: ${f#$top/}:" >&2
		grep -E '^E\[' <<<"$out" | sed 's/^E\[[0-9:.]*\] */    /' | head -n 20 >&2
		bad=$((bad + 1))
	fi
	n=$((n + 1))
done
[ "$bad" -eq 0 ] || { echo "kxx: clangd: $bad of $n sources have errors" >&2; exit 1; }
echo "kxx: clangd: $n sources (compile_commands.json) read without a diagnostic"
