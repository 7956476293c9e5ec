#!/bin/sh
# The guest side of make bench's RAM disk comparison: the kernel's brd
# (/dev/ram0) against kxx_ram (/dev/kxxram0), same size, same boot, with fio.
#
# Both disks are filled first (1 MiB sequential writes), so every measured
# write overwrites a present page: the runs compare lookups and copies, not
# the page allocator.  Then, for each round, each workload and 1 and 4 jobs,
# fio runs on one disk and then the other, the order alternating by round.
# O_DIRECT (fio's psync engine: one pread/pwrite per I/O) and threads, not
# processes (no System V shared memory in the guest).
#
# KXX_RAM_BENCH_MODE (kernel command line kxx_ram_bench=...):
#   icount  fixed amounts of I/O; the host divides fio's runtime (guest
#           nanoseconds, which under -icount shift=0 are instructions) by
#           the I/O count
#   tcg     3 seconds per run; fio's IOPS are the throughput
#
# Each run prints "kxx-ram-bench: run ROUND DISK WORKLOAD JOBS IOS RUNTIME_MS".
mode=$(sed -n 's/.*kxx_ram_bench=\([a-z]*\).*/\1/p' /proc/cmdline)
rounds=$(sed -n 's/.*kxx_ram_bench_rounds=\([0-9]*\).*/\1/p' /proc/cmdline)
rounds=${rounds:-3}
size_mb=256
stats() { echo "kxx-ram-bench: kxx_ram $1: $(tr '\n' ' ' < /sys/kernel/debug/kxx_ram/stats)"; }

insmod /kxx/brd.ko rd_nr=1 rd_size=$((size_mb * 1024)) || echo "kxx-ram-bench: FAIL: insmod brd"
insmod /kxx/kxx_ram.ko size_mb=$size_mb || echo "kxx-ram-bench: FAIL: insmod kxx_ram"
echo "kxx-ram-bench: start $mode, $(nproc) CPUs, $size_mb MiB disks, $rounds rounds"

for dev in /dev/ram0 /dev/kxxram0; do
	fio --name=fill --filename=$dev --direct=1 --rw=write --bs=1M --size=${size_mb}M \
		--ioengine=psync --thread --output=/dev/null || echo "kxx-ram-bench: FAIL: filling $dev"
done

# name  fio --rw  block size  I/O per run in icount mode
workloads="randread:randread:4k:512M randwrite:randwrite:4k:512M
seqread:read:1M:4096M seqwrite:write:1M:4096M"

run() { # round disk-name device workload rw bs amount jobs
	local how
	if [ "$mode" = icount ]; then
		how="--io_size=$(($(echo $7 | tr -d M) / $8))M"
	else
		how="--time_based --runtime=3"
	fi
	line=$(fio --name=$4 --filename=$3 --direct=1 --rw=$5 --bs=$6 --size=${size_mb}M \
		--ioengine=psync --thread --numjobs=$8 --group_reporting --randseed=1 \
		$how --output-format=terse --terse-version=3) ||
		{ echo "kxx-ram-bench: FAIL: fio $4 on $3"; return; }
	# terse v3: read KiB, runtime (ms) in fields 6 and 9; write in 47 and 50
	echo "$line" | awk -F';' -v r=$1 -v d=$2 -v w=$4 -v j=$8 -v bs=$6 '{
		kib = $6 + $47; ms = $9 > $50 ? $9 : $50
		b = bs; sub(/k$/, "", b); sub(/M$/, "", b); b *= (bs ~ /M$/) ? 1024 : 1
		printf "kxx-ram-bench: run %d %s %s %d %d %d\n", r, d, w, j, kib / b, ms }'
}

stats "after the fill"
for round in $(seq $rounds); do
	order="brd kxx_ram"
	[ $((round % 2)) -eq 0 ] && order="kxx_ram brd"
	for w in $workloads; do
		IFS=: read name rw bs amount <<EOF
$w
EOF
		for jobs in 1 4; do
			for d in $order; do
				dev=/dev/ram0
				[ $d = kxx_ram ] && dev=/dev/kxxram0
				run $round $d $dev $name $rw $bs $amount $jobs
			done
		done
	done
done
stats "at the end"
rmmod kxx_ram
rmmod brd
echo "kxx-ram-bench: done"
