#!/bin/sh
# The guest side of `make test` (run by /init instead of plain insmod/rmmod).
#  1. Fault injection for tasks that ask for it (qemu/faults.sh).
#  2. A kmemleak baseline, so only what the tests leak is counted.
#  3. The KUnit run (one load of kxx_test), between KTAP markers.
#  4. The kxx_demo transcript (qemu/demo.sh), checked as it runs, and the
#     driver built with a vendored kxx (it logs "kxx_vendored: ok 112").
#  4b. kxx_unload: a module unloaded with RCU and SRCU frees pending and no
#     barrier of its own; its last callback must have printed before rmmod
#     returns (KXX_MODULE_EXIT waits), with KASAN silent.  Then loaded with
#     an init that queues frees and fails: they must have run before insmod
#     returns (KXX_MODULE_INIT waits).
#  5. The kxx_ram check (qemu/ramdisk.sh): ext4 on the RAM disk, files
#     verified, discards under readers, fsck, unload.
#  6. 19 more load/unload cycles of kxx_test with the suites filtered out.
#  7. kmemleak scans (objects must be 5 s old to be reported), then the
#     ramdisk's summary line with the leak count.
. /kxx/faults.sh

kl=$dbg/kmemleak
if [ -e $kl ]; then
	echo scan > $kl
	echo clear > $kl
fi

echo "kxx-guest: ktap-begin"
insmod /kxx/kxx_test.ko || echo "kxx-guest: FAIL: insmod kxx_test.ko"
echo "kxx-guest: ktap-end"
rmmod kxx_test || echo "kxx-guest: FAIL: rmmod kxx_test"

# The demo driver, end to end through its device node.
[ -e /kxx/kxx_demo.ko ] && /kxx/demo.sh

# The out-of-tree driver built with a vendored kxx (scripts/vendor-test.sh).
if [ -e /kxx/kxx_vendored.ko ]; then
	if insmod /kxx/kxx_vendored.ko; then
		rmmod kxx_vendored || echo "kxx-guest: FAIL: rmmod kxx_vendored"
	else
		echo "kxx-guest: FAIL: insmod kxx_vendored.ko"
	fi
fi

# A module whose callbacks are still pending when its exit returns.
if [ -e /kxx/kxx_unload.ko ]; then
	if insmod /kxx/kxx_unload.ko && rmmod kxx_unload; then
		# Read at once: KXX_MODULE_EXIT() made rmmod wait for the callbacks.
		ran=$(dmesg | sed -n 's/.*kxx_unload: \([0-9]* of [0-9]*\) callbacks ran.*/\1/p' | tail -n 1)
		echo "kxx-guest: unload: ${ran:-none} callbacks ran before rmmod returned"
	else
		echo "kxx-guest: FAIL: insmod/rmmod kxx_unload.ko"
	fi
	# Its init queues frees, then fails: no exit runs, KXX_MODULE_INIT() waits.
	seen=$(dmesg | grep -c 'kxx_unload: .* callbacks ran')
	if insmod /kxx/kxx_unload.ko fail_init=1 2>/dev/null; then
		echo "kxx-guest: FAIL: kxx_unload.ko fail_init=1 loaded"
	else
		# Only lines printed since (the rmmod above printed one too).
		# busybox's insmod may load twice (finit_module, then
		# init_module): each load's last callback prints, and none may
		# print after insmod returned.
		ran=$(dmesg | sed -n 's/.*kxx_unload: \([0-9]* of [0-9]*\) callbacks ran.*/\1/p' |
			tail -n +$((seen + 1)) | tail -n 1)
		now=$(dmesg | grep -c 'kxx_unload: .* callbacks ran')
		sleep 1
		[ "$(dmesg | grep -c 'kxx_unload: .* callbacks ran')" = "$now" ] ||
			echo "kxx-guest: FAIL: kxx_unload fail_init=1: callbacks ran after insmod returned"
		echo "kxx-guest: unload: failed init: ${ran:-none} callbacks ran before insmod returned"
	fi
fi

# The RAM disk (the module DKMS built), under real clients.
if [ -e /kxx/kxx_ram.ko ]; then
	/kxx/ramdisk.sh 2>&1 | tee /tmp/ramdisk.log
fi

cycles=1
echo kxx_no_such_suite > /sys/module/kunit/parameters/filter_glob
for i in $(seq 2 20); do
	if ! insmod /kxx/kxx_test.ko; then
		echo "kxx-guest: FAIL: insmod kxx_test.ko (cycle $i)"
	elif ! rmmod kxx_test; then
		echo "kxx-guest: FAIL: rmmod kxx_test (cycle $i)"
	else
		cycles=$((cycles + 1))
	fi
done
echo "kxx-guest: load-unload cycles: $cycles"

if [ -e $kl ]; then
	sleep 6
	echo scan > $kl
	echo scan > $kl
	# Objects the kernel allocated while booting, before any task ran
	# (pid 0 with start_kernel() in the backtrace), are not the tests': 6.1
	# reports some of ACPI's early caches only later in the run.  Every
	# other object counts.
	counts=$(awk '
		function done() { if (n && !boot) leaks++; if (n && boot) early++ }
		/^unreferenced object/ { done(); n = 1; boot = 0; pid0 = 0 }
		/^  comm .*, pid 0,/ { pid0 = 1 }
		/start_kernel/ { if (pid0) boot = 1 }
		END { done(); print leaks + 0, early + 0 }' $kl)
	leaks=${counts% *}
	echo "kxx-guest: kmemleak: $leaks new leaks (${counts#* } allocated by start_kernel() at boot, not counted)"
	[ "$leaks" -eq 0 ] || head -n 80 $kl
else
	leaks=unavailable
	echo "kxx-guest: kmemleak: unavailable"
fi
result=$(sed -n 's/^kxx-guest: ramdisk: result //p' /tmp/ramdisk.log 2>/dev/null)
[ -z "$result" ] || echo "kxx-guest: ramdisk: $result, $leaks leaks"

# The kernel's taint flags at the end (the judge fails W, B, D and L).
echo "kxx-guest: tainted: $(cat /proc/sys/kernel/tainted)"
