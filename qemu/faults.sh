#!/bin/sh
# Sourced by the guest scripts that run the KUnit suites (test.sh,
# coverage.sh): fault injection for tasks that ask for it
# (kunit::FailAllocations sets make-it-fail on the test's own thread):
# failslab and fail_page_alloc with task-filter, always failing, including
# GFP_KERNEL allocations.
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
