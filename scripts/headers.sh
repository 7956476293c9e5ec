#!/usr/bin/env bash
# make headers: build kxx against the kernel headers Debian ships for its
# own kernels, the trees driver authors build against: 6.1 (linux-headers-amd64,
# Debian 12's default) and 6.12 (linux-headers-6.12-amd64).  These trees have
# no KUnit and nothing to boot, so this builds the library with the demo and
# benchmark modules, and the vendored driver of the drop-in kit.  Any compiler,
# objtool or modpost warning fails it.
#
#   scripts/headers.sh BUILD_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(mkdir -p "$1" && cd "$1" && pwd)
metas=(linux-headers-amd64 linux-headers-6.12-amd64)
"$top/scripts/deps.sh" "${metas[@]}"

for meta in "${metas[@]}"; do
	# The meta package depends on exactly one versioned headers package.
	pkg=$(dpkg-query -W -f='${Depends}' "$meta" | sed -n 's/^\(linux-headers-[^ ,]*\).*/\1/p')
	kdir=/usr/src/$pkg
	[ -f "$kdir/Makefile" ] || { echo "kxx: $kdir missing ($meta)" >&2; exit 1; }
	out=$build/headers-${pkg#linux-headers-}
	tree=$out/tree
	rm -rf "$out"
	mkdir -p "$tree"
	(cd "$top" && find Kbuild include src testing bench examples kbuild kunit scripts -type f \
		! -name '*.o' ! -name '.*.cmd' ! -name '*.cfail*' ! -name '*.ko' -print0 |
		cpio -0pdm --quiet "$tree")
	start=$(date +%s)
	llvm_vars=$("$top/kbuild/llvm.sh" vars "$kdir")
	make --no-print-directory -C "$kdir" $llvm_vars M="$tree" \
		KXX_LTO="${KXX_LTO:-1}" modules > "$out/modules.log" 2>&1 ||
		{ tail -n 30 "$out/modules.log"; echo "kxx: headers: $pkg: build failed" >&2; exit 1; }
	"$top/scripts/check-warnings.sh" "$out/modules.log" >/dev/null ||
		{ echo "kxx: headers: $pkg: warnings (log: $out/modules.log)" >&2; exit 1; }
	"$top/scripts/vendor-test.sh" "$kdir" "$out" >"$out/vendor-test.out" ||
		{ cat "$out/vendor-test.out"; echo "kxx: headers: $pkg: vendored driver failed" >&2; exit 1; }
	mods=$(cd "$tree" && ls *.ko | tr '\n' ' ')
	echo "kxx: headers: $pkg ($(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"/\1/p' "$kdir/.config" | cut -d' ' -f1)):" \
		"built ${mods}kxx_vendored.ko with no warnings in $(( $(date +%s) - start ))s"
done
