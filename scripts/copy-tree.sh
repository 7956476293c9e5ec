#!/usr/bin/env bash
# A copy of the sources (not the test build's objects) under DEST, for a
# build against KDIR beside the test build (make bench, the zero-cost
# check).  A copy built against another kernel is started afresh; cp -u
# keeps incremental builds.
#
#   scripts/copy-tree.sh DEST KDIR
set -euo pipefail
tree=$1 kdir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(cat "$tree/.kdir" 2>/dev/null || true)" = "$kdir" ] || rm -rf "$tree"
mkdir -p "$tree"
(cd "$top" && find Kbuild include src testing bench examples kbuild kunit/module.c scripts -type f \
	! -name '*.o' ! -name '.*.cmd' ! -name '*.cfail*' -print0 | cpio -0pdmu --quiet "$tree")
echo "$kdir" > "$tree/.kdir"
