#!/usr/bin/env bash
# make bench: build kxx_bench and kxx_ram against the non-debug kernel (in a
# copy of the tree under BUILD, so the test build is left alone), run
# kxx_bench in QEMU with -icount shift=0 (ns = guest instructions,
# deterministic) and under plain TCG (wall clock), then kxx_ram against the
# kernel's brd with fio the same two ways, and print the tables
# (scripts/bench.py).
#
#   scripts/bench.sh KDIR BUILD_DIR
set -euo pipefail
kdir=$1
build=$(mkdir -p "$2" && cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$build/bench-tree

"$top/scripts/copy-tree.sh" "$tree" "$kdir"
echo "kxx: building kxx_bench (LTO=${KXX_LTO:-1}) against $kdir"
llvm_vars=$("$top/kbuild/llvm.sh" vars "$kdir")
make --no-print-directory -C "$kdir" $llvm_vars M="$tree" KXX_LTO="${KXX_LTO:-1}" modules \
	> "$build/bench-build.log" 2>&1 || { tail -n 30 "$build/bench-build.log"; exit 1; }
"$top/scripts/check-warnings.sh" "$build/bench-build.log" >/dev/null
cp "$tree/kxx_bench.ko" "$build/kxx_bench.ko"
cp "$tree/kxx_ram.ko" "$build/kxx_ram.ko"
[ -f "$kdir/drivers/block/brd.ko" ] ||
	{ echo "kxx: $kdir/drivers/block/brd.ko missing: the benchmark kernel needs CONFIG_BLK_DEV_RAM=m" >&2; exit 1; }
cp "$kdir/drivers/block/brd.ko" "$build/brd.ko"

cd "$top"
# Under -icount, guest time advances with the instructions of every vCPU, so
# another CPU's housekeeping (RCU's grace-period kthread, ticks) would be
# counted in the measured loop.  maxcpus=1 keeps one CPU online; the other
# three stay possible, so per-CPU memory and sum() still cover four CPUs.
echo "kxx: bench run 1/2: -icount shift=0 (instruction counts; one CPU online of 4)"
KXX_QEMU_ARGS="-icount shift=0" KXX_CMDLINE="kxx_bench.scaling=0 maxcpus=1" \
	scripts/qemu.sh --bench "$kdir" "$build" "$(realpath --relative-to="$top" "$build/kxx_bench.ko")"
mv "$build/console-bench.log" "$build/bench-icount.log"
echo "kxx: bench run 2/2: plain TCG (wall clock, noisy), with the scaling test"
scripts/qemu.sh --bench "$kdir" "$build" "$(realpath --relative-to="$top" "$build/kxx_bench.ko")"
mv "$build/console-bench.log" "$build/bench-tcg.log"

# kxx_ram against the kernel's brd, with fio (qemu/ram-bench.sh).  As
# above, the icount run has one CPU online (4 jobs interleave on it): with
# four, other CPUs' housekeeping and lock spinning made the counts vary by
# up to 10% from run to run.  The plain TCG run has all four, so 4-job
# throughput is parallel.
ram_mods=("$(realpath --relative-to="$top" "$build/brd.ko")" "$(realpath --relative-to="$top" "$build/kxx_ram.ko")")
echo "kxx: RAM disk run 1/2: kxx_ram and brd under -icount shift=0 (instructions per I/O; one CPU online)"
KXX_GUEST_SCRIPT=$top/qemu/ram-bench.sh KXX_GUEST_TOOLS=fio KXX_QEMU_ARGS="-icount shift=0" \
	KXX_CMDLINE="kxx_ram_bench=icount maxcpus=1" scripts/qemu.sh --bench "$kdir" "$build" "${ram_mods[@]}"
mv "$build/console-bench.log" "$build/ram-bench-icount.log"
echo "kxx: RAM disk run 2/2: kxx_ram and brd under plain TCG (IOPS, noisy; 4 CPUs)"
KXX_GUEST_SCRIPT=$top/qemu/ram-bench.sh KXX_GUEST_TOOLS=fio \
	KXX_CMDLINE="kxx_ram_bench=tcg" scripts/qemu.sh --bench "$kdir" "$build" "${ram_mods[@]}"
mv "$build/console-bench.log" "$build/ram-bench-tcg.log"
# Both bars hold on GCC and Clang kernels alike.
exec python3 scripts/bench.py --icount "$build/bench-icount.log" --tcg "$build/bench-tcg.log" \
	--ram-icount "$build/ram-bench-icount.log" --ram-tcg "$build/ram-bench-tcg.log" \
	--json "$build/bench.json"
