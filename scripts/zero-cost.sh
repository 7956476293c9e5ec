#!/usr/bin/env bash
# make test's zero-cost check: build kxx_bench against KDIR with kxx's own
# debug-kernel checks compiled out (KXX_ZERO_COST=1, src/debug_checks.h),
# in a copy of the tree under BUILD_DIR, and compare each operation's hot
# path with C's in its machine code (scripts/zero-cost.py).  No guest runs.
#
#   scripts/zero-cost.sh KDIR BUILD_DIR
set -euo pipefail
kdir=$1
build=$(mkdir -p "$2" && cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$build/zero-cost-tree
"$top/scripts/copy-tree.sh" "$tree" "$kdir"
llvm_vars=$("$top/kbuild/llvm.sh" vars "$kdir")
make --no-print-directory -C "$kdir" $llvm_vars M="$tree" KXX_ZERO_COST=1 KXX_LTO=1 modules \
	> "$build/zero-cost-build.log" 2>&1 || { tail -n 30 "$build/zero-cost-build.log"; exit 1; }
"$top/scripts/check-warnings.sh" "$build/zero-cost-build.log" >/dev/null
# The bar holds on every kernel and compiler make test-all builds.
exec python3 "$top/scripts/zero-cost.py" "$tree/kxx_bench.o" "$top/bench/bench.h" "$kdir/vmlinux"
