#!/usr/bin/env bash
# The DKMS check of make test: package kxx_ram (scripts/ram-package.sh),
# build it with Debian's dkms against KDIR in a private DKMS tree under
# BUILD_DIR (nothing is installed on the host), check the build log for
# warnings, and leave the module in BUILD_DIR for the guest.  (For a kernel
# that signs its modules, dkms would also make its signing key in
# /var/lib/dkms; the test kernels do not sign.)
#
#   scripts/ram-dkms.sh KDIR BUILD_DIR
set -euo pipefail
kdir=$1
build=$(mkdir -p "$2" && cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
version=1.0
d=$build/dkms
rm -rf "$d" "$build/kxx_ram.ko"
mkdir -p "$d/source" "$d/tree"
"$top/scripts/ram-package.sh" "$d/source/kxx_ram-$version" "$version" >/dev/null
kver=$(cat "$kdir/include/config/kernel.release")
args=(-m kxx_ram -v "$version" -k "$kver" --kernelsourcedir "$kdir"
      --sourcetree "$d/source" --dkmstree "$d/tree")
out=$d/tree/kxx_ram/$version/$kver/x86_64
{ dkms add "${args[@]}" && dkms build "${args[@]}"; } > "$build/dkms.log" 2>&1 ||
	{ tail -n 30 "$build/dkms.log" "$d/tree/kxx_ram/$version/build/make.log" 2>/dev/null; exit 1; }
"$top/scripts/check-warnings.sh" "$out/log/make.log" >/dev/null
# (compressed when the kernel compresses its modules)
if [ -f "$out/module/kxx_ram.ko.xz" ]; then
	xz -dc "$out/module/kxx_ram.ko.xz" > "$build/kxx_ram.ko"
else
	cp "$out/module/kxx_ram.ko" "$build/kxx_ram.ko"
fi
echo "kxx: $(dkms --version) built the kxx_ram $version package (kxx vendored) against $kver"
