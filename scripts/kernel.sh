#!/usr/bin/env bash
# Build (once) the kxx test kernel from Debian's linux-source package and print
# the path of its build tree on stdout.  Progress goes to stderr.
#
#   scripts/kernel.sh FRAGMENT...      e.g. qemu/kernel.config qemu/debug.config
#
# Environment:
#   KXX_KERNEL=6.12|6.1   which linux-source-<version> (default 6.12)
#   KXX_LLVM=1            build with Debian's clang-19 and LLVM tools (the
#                         kernel's LLVM=1, as LLVM=/usr/lib/llvm-19/bin/)
#
# The tree is cached under ${KXX_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kxx}, keyed
# by the source package version, the compiler and the config fragments, so a
# second run with the same inputs only prints the path.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
version=${KXX_KERNEL:-6.12}
tarball=${KXX_KERNEL_TARBALL:-/usr/src/linux-source-$version.tar.xz}
cache=${KXX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kxx}
[ $# -gt 0 ] || { echo "usage: $0 FRAGMENT..." >&2; exit 2; }
[ -f "$tarball" ] || { echo "kxx: $tarball not found (apt-get install linux-source-$version)" >&2; exit 1; }

llvm=()
cc_version=$(gcc --version | head -n1)
if [ -n "${KXX_LLVM:-}" ]; then
	llvm=(LLVM="$("$top/kbuild/llvm.sh" dir)")
	cc_version=$("${llvm[0]#LLVM=}clang" --version | head -n1)
fi

srcver=$(dpkg-query -W -f='${Version}' "linux-source-$version" 2>/dev/null || stat -c %Y "$tarball")
key=$( { echo "$srcver"; echo "$cc_version"; cat "$@"; } | sha256sum | cut -c1-16)
name=$(basename "$tarball" .tar.xz)
dir=$cache/$name-$key
mkdir -p "$cache"

# One builder at a time per cache entry.
exec 9>"$dir.lock"
flock 9

if [ -f "$dir/.kxx-built" ]; then
	echo "kxx: test kernel cached: $dir" >&2
	echo "$dir"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
echo "kxx: unpacking $tarball" >&2
tar -xf "$tarball" -C "$dir" --strip-components=1

# The fragments use today's option names.  Linux 6.9 renamed the
# mitigation options; an older tree gets the names it knows.  Linux 6.8 made
# writes to mounted block devices an option; an older tree allows them anyway.
cat "$@" > "$dir/kxx.config"
if ! grep -q '^config MITIGATION_RETPOLINE$' "$dir/arch/x86/Kconfig"; then
	sed -i 's/^CONFIG_MITIGATION_RETPOLINE=/CONFIG_RETPOLINE=/; s/^CONFIG_MITIGATION_RETHUNK=/CONFIG_RETHUNK=/' \
		"$dir/kxx.config"
fi
if ! grep -q '^config BLK_DEV_WRITE_MOUNTED$' "$dir/block/Kconfig"; then
	sed -i '/^CONFIG_BLK_DEV_WRITE_MOUNTED=/d' "$dir/kxx.config"
fi
echo "kxx: configuring $name${llvm:+ with ${llvm[*]}} (allnoconfig + $*)" >&2
make -s -C "$dir" ARCH=x86_64 "${llvm[@]}" KCONFIG_ALLCONFIG="$dir/kxx.config" allnoconfig \
	>"$dir/kxx-config.log" 2>&1

# Kconfig silently drops options whose dependencies are unmet: refuse that.
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	grep -qx -- "$line" "$dir/.config" || { echo "kxx: config: $line did not stick" >&2; bad=1; }
done < "$dir/kxx.config"
[ $bad -eq 0 ] || exit 1

log=$dir/kxx-build.log
jobs=$(nproc)
echo "kxx: building the test kernel with $jobs jobs (about 4-8 minutes); log: $log" >&2
start=$(date +%s)
make -C "$dir" ARCH=x86_64 "${llvm[@]}" -j"$jobs" all >"$log" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
	sleep 20
	kill -0 $pid 2>/dev/null || break
	n=$(grep -cE '^  (CC|LTO) ' "$log" || true)
	echo "kxx: kernel build: $(( $(date +%s) - start ))s, $n files compiled" >&2
done
if ! wait $pid; then
	echo "kxx: kernel build failed; last lines of $log:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
touch "$dir/.kxx-built"
echo "kxx: test kernel built in $(( $(date +%s) - start ))s: $dir" >&2
echo "$dir"
