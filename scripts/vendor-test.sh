#!/usr/bin/env bash
# The drop-in kit, checked: vendor kxx into a copy of the example driver
# (kunit/vendor/), build it out of tree against KDIR with no warnings, and
# leave the module in BUILD_DIR for the guest (qemu/test.sh loads it).
#
#   scripts/vendor-test.sh KDIR BUILD_DIR
set -euo pipefail
kdir=$1
build=$(mkdir -p "$2" && cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
drv=$build/vendored-driver
rm -rf "$drv"
mkdir -p "$drv"
cp "$top"/kunit/vendor/* "$drv/"
"$top/scripts/kxx-vendor" "$drv" >/dev/null
llvm_vars=$("$top/kbuild/llvm.sh" vars "$kdir")
make --no-print-directory -C "$kdir" $llvm_vars M="$drv" KXX_LTO="${KXX_LTO:-1}" modules \
	> "$build/vendored-build.log" 2>&1 || { tail -n 30 "$build/vendored-build.log"; exit 1; }
"$top/scripts/check-warnings.sh" "$build/vendored-build.log" >/dev/null
cp "$drv/kxx_vendored.ko" "$build/kxx_vendored.ko"
echo "kxx: vendored kxx into an out-of-tree driver ($(find "$drv/kxx" -type f | wc -l) files); it builds cleanly"

# The kit's editor support: compile_commands.json for the driver, read by
# clangd without a diagnostic.
python3 "$drv/kxx/kbuild/compile-commands.py" "$kdir" "$drv" >/dev/null
out=$(clangd-19 --check="$drv/logic.cpp" --check-locations=false --compile-commands-dir="$drv" 2>&1)
grep -q 'All checks completed, 0 errors' <<<"$out" ||
	{ echo "kxx: the vendored driver's compile_commands.json: clangd reports:" >&2; grep '^E\[' <<<"$out" >&2; exit 1; }
echo "kxx: the vendored driver's compile_commands.json is read by clangd without a diagnostic"

# What a new user of the kit writes that the kernel cannot run: each case
# in kunit/freestanding-fail/ must fail the vendored driver's build with the
# cause its `// expect:` line names (kbuild/check-freestanding.sh explains).
n=0
for case in "$top"/kunit/freestanding-fail/*.cpp; do
	name=$(basename "$case" .cpp)
	expect=$(sed -n 's|^// expect: ||p' "$case")
	cp "$case" "$drv/$name.cpp"
	# (Kbuild's single-object target exits 0 whatever happened: the object
	# is what says whether it built.)
	make --no-print-directory -C "$kdir" $llvm_vars M="$drv" KXX_LTO="${KXX_LTO:-1}" "$name.o" \
		> "$build/freestanding-$name.log" 2>&1 || true
	if [ -e "$drv/$name.o" ]; then
		echo "kxx: freestanding-fail: $name built, but must not" >&2
		exit 1
	fi
	grep -qF -- "$expect" "$build/freestanding-$name.log" || {
		echo "kxx: freestanding-fail: $name failed without saying: $expect" >&2
		tail -n 20 "$build/freestanding-$name.log" >&2
		exit 1
	}
	rm -f "$drv/$name.cpp"
	n=$((n + 1))
done
echo "kxx: freestanding-fail: $n case(s) refused with their cause and fix"
