#!/usr/bin/env bash
# kxx_ram as driver authors ship an out-of-tree driver: its sources (examples/ram/)
# with kxx vendored into kxx/ by the drop-in kit, a Kbuild and a dkms.conf.
#
#   scripts/ram-package.sh DEST [VERSION]     (VERSION default 1.0)
#
# Then, for example:
#   scripts/ram-package.sh /usr/src/kxx_ram-1.0
#   dkms install kxx_ram/1.0
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DEST [VERSION]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
version=${2:-1.0}
mkdir -p "$dest"
for f in Kbuild dkms.conf dkms-make.sh ram.c ram.h ram_kxx.cpp; do
	cp "$top/examples/ram/$f" "$dest/$f"
done
sed -i "s/@VERSION@/$version/" "$dest/dkms.conf"
"$top/scripts/kxx-vendor" "$dest" >/dev/null
echo "kxx: packaged kxx_ram $version in $dest ($(find "$dest" -type f | wc -l) files)"
