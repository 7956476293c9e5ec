#!/bin/sh
# The guest side of `make coverage`: every KUnit suite once (with fault
# injection, as in make test), then the gcov counts of every profiled
# object, base64 per file, on the second serial port (/dev/ttyS1, a file on
# the host that scripts/coverage.py decodes).  The counts of an unloaded
# module stay in debugfs (gcov_persist), so the suites' exit paths count too.
. /kxx/faults.sh

echo "kxx-guest: ktap-begin"
insmod /kxx/kxx_test.ko || echo "kxx-guest: FAIL: insmod kxx_test.ko"
echo "kxx-guest: ktap-end"
rmmod kxx_test || echo "kxx-guest: FAIL: rmmod kxx_test"

out=/dev/ttyS1
stty -F $out raw -echo 2>/dev/null
n=0
for f in $(find /sys/kernel/debug/gcov -name '*.gcda'); do
	echo "gcda $f" > $out
	base64 < "$f" > $out
	echo "gcda-end" > $out
	n=$((n + 1))
done
echo "gcda-count $n" > $out
echo "kxx-guest: coverage: $n count files written"
echo "kxx-guest: tainted: $(cat /proc/sys/kernel/tainted)"
