#!/usr/bin/env bash
# The LLVM toolchain kxx builds Clang kernels and modules with.
#
#   kbuild/llvm.sh dir          Debian's clang-19 tools directory, the value
#                                of the kernel's LLVM= (LLVM=1 names whatever
#                                `clang` is first on PATH: clang 14 here)
#   kbuild/llvm.sh vars KDIR    the make variables a module build against
#                                KDIR needs: LLVM=<dir> when KDIR was built
#                                with Clang (its own clang major version),
#                                LLVM= (GCC) otherwise, so that a make's own
#                                LLVM=1 never reaches a GCC tree's build
set -euo pipefail
case ${1:-} in
dir)
	d=/usr/lib/llvm-19/bin/
	[ -x "${d}clang" ] && [ -x "${d}ld.lld" ] ||
		{ echo "kxx: ${d}clang or ld.lld missing (apt-get install clang-19 lld-19 llvm-19)" >&2; exit 1; }
	echo "$d" ;;
vars)
	cfg=$2/.config
	[ -f "$cfg" ] && grep -q '^CONFIG_CC_IS_CLANG=y' "$cfg" || { echo "LLVM="; exit 0; }
	major=$(sed -n 's/^CONFIG_CLANG_VERSION=\([0-9]*\)[0-9]\{4\}$/\1/p' "$cfg")
	d=/usr/lib/llvm-$major/bin/
	[ -x "${d}clang" ] || { echo "kxx: $2 was built with clang $major: ${d}clang missing" >&2; exit 1; }
	echo "LLVM=$d" ;;
*)
	echo "usage: $0 dir | vars KDIR" >&2; exit 2 ;;
esac
