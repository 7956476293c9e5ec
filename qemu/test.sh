#!/bin/sh
# The guest side of `make test` (run by /init instead of plain insmod/rmmod).
#  1. Fault injection for tasks that ask for it (kunit::FailAllocations sets
#     make-it-fail on the test's own thread): failslab and fail_page_alloc
#     with task-filter, always failing, including GFP_KERNEL allocations.
#  2. A kmemleak baseline, so only what the tests leak is counted.
#  3. The KUnit run (one load of kxx_test), between KTAP markers.
#  4. The kxx_demo transcript (qemu/demo.sh), checked as it runs, and the
#     driver built with a vendored kxx (it logs "kxx_vendored: ok 112").
#  5. 19 more load/unload cycles of kxx_test with the suites filtered out.
#  6. kmemleak scans (objects must be 5 s old to be reported).
dbg=/sys/kernel/debug
for f in failslab fail_page_alloc; do
	[ -d $dbg/$f ] || continue
	echo Y > $dbg/$f/task-filter
	echo 100 > $dbg/$f/probability
	echo -1 > $dbg/$f/times
	echo 0 > $dbg/$f/verbose
	echo N > $dbg/$f/ignore-gfp-wait
done
[ -e $dbg/fail_page_alloc/min-order ] && echo 0 > $dbg/fail_page_alloc/min-order

kl=$dbg/kmemleak
if [ -e $kl ]; then
	echo scan > $kl
	echo clear > $kl
	# What the kernel allocated before this point is not the tests' (6.1
	# reports ACPI's boot-time caches later on): only objects allocated at
	# or after this jiffy count.
	since=$(sed -n 's/^jiffies: *//p' /proc/timer_list | head -n1)
fi

echo "kxx-guest: ktap-begin"
insmod /kxx/kxx_test.ko || echo "kxx-guest: insmod kxx_test.ko failed"
echo "kxx-guest: ktap-end"
rmmod kxx_test || echo "kxx-guest: rmmod kxx_test failed"

# The demo driver, end to end through its device node.
[ -e /kxx/kxx_demo.ko ] && /kxx/demo.sh

# The out-of-tree driver built with a vendored kxx (scripts/vendor-test.sh).
if [ -e /kxx/kxx_vendored.ko ]; then
	insmod /kxx/kxx_vendored.ko && rmmod kxx_vendored ||
		echo "kxx-guest: vendored driver failed to load"
fi

cycles=1
echo kxx_no_such_suite > /sys/module/kunit/parameters/filter_glob
for i in $(seq 2 20); do
	insmod /kxx/kxx_test.ko && rmmod kxx_test && cycles=$((cycles + 1))
done
echo "kxx-guest: load-unload cycles: $cycles"

if [ -e $kl ]; then
	sleep 6
	echo scan > $kl
	echo scan > $kl
	counts=$(awk -v since="${since:-0}" '
		/^unreferenced object/ { n++ }
		/^  comm .*jiffies [0-9]+/ { match($0, /jiffies [0-9]+/)
			if (substr($0, RSTART + 8, RLENGTH - 8) + 0 >= since + 0) new++ }
		END { print new + 0, n - new }' $kl)
	leaks=${counts% *}
	echo "kxx-guest: kmemleak: $leaks new leaks (${counts#* } older objects, allocated before the tests, not counted)"
	[ "$leaks" -eq 0 ] || head -n 80 $kl
else
	echo "kxx-guest: kmemleak: unavailable"
fi
