/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the kernel's API differs between the kernels kxx supports (6.1 LTS
 * and 6.12), the shims use the names below: one version check each, so the
 * C++ API is the same on every kernel.
 */
#ifndef KXX_SRC_COMPAT_H
#define KXX_SRC_COMPAT_H

#include <linux/bitops.h>
#include <linux/threads.h>
#include <linux/version.h>

/*
 * The number of bits of a cpumask worth scanning: a constant where NR_CPUS
 * fits in a word (Linux 6.3's small_cpumask_bits).  Before 6.3 the kernel
 * scans nr_cpu_ids bits; the word holds NR_CPUS, and no CPU at or past
 * nr_cpu_ids is possible, so the constant scans the same CPUs.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define kxx_cpumask_bits small_cpumask_bits
#elif NR_CPUS <= BITS_PER_LONG
#define kxx_cpumask_bits ((unsigned int)NR_CPUS)
#else
#define kxx_cpumask_bits nr_cpumask_bits
#endif

/*
 * Reporting a failed KUnit check without aborting the case: kxx's checks
 * return from the function that made them, so destructors run.  Newer kernels
 * report with __kunit_do_failed_assertion() and abort separately; Linux 6.1's
 * kunit_do_failed_assertion() aborts an assertion itself, so there every
 * failure is reported as an expectation (the case still ends at a failed
 * assertion, as everywhere).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define kxx_kunit_report(test, loc, is_assert, ...) \
	__kunit_do_failed_assertion(test, loc, \
				    (is_assert) ? KUNIT_ASSERTION : KUNIT_EXPECTATION, __VA_ARGS__)
#else
#define kxx_kunit_report(test, loc, is_assert, ...) \
	kunit_do_failed_assertion(test, loc, KUNIT_EXPECTATION, __VA_ARGS__)
#endif

/*
 * kmalloc()'s constant-size path, from the cache index: 6.6 picks the cache
 * by caller too (CONFIG_RANDOM_KMALLOC_CACHES), 6.10 renamed the call for
 * allocation profiling (alloc_hooks() accounts it to the call site).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define kxx_kmalloc_from_cache(index, flags, size) \
	alloc_hooks(__kmalloc_cache_noprof(kmalloc_caches[kmalloc_type(flags, _RET_IP_)][index], \
					   flags, size))
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define kxx_kmalloc_from_cache(index, flags, size) \
	kmalloc_trace(kmalloc_caches[kmalloc_type(flags, _RET_IP_)][index], flags, size)
#else
#define kxx_kmalloc_from_cache(index, flags, size) \
	kmalloc_trace(kmalloc_caches[kmalloc_type(flags)][index], flags, size)
#endif

/*
 * SRCU's per-CPU reader counts: atomic_long_t since Linux 6.2, plain
 * unsigned longs before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define kxx_srcu_count_read(c) ((unsigned long)atomic_long_read(&(c)))
#else
#define kxx_srcu_count_read(c) READ_ONCE(c)
#endif

#endif /* KXX_SRC_COMPAT_H */
