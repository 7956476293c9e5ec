/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/testing/bindings.h - the C side of kxx's KUnit support.
 *
 * Reporting from C++ test cases into KUnit, and the context probes, test
 * threads and fault injection the suites use.
 *
 * Wraps:     <kunit/test.h>, <linux/kthread.h>, fault injection, through
 *            testing/kunit.c (built into test modules only, never the
 *            library: kxx/bindings.h is the library's surface).
 * Types:     kxx_kunit_value (a value shown in a failure message); the
 *            opaque kxx_kunit_mover and kxx_kunit_threads.
 * Promises:  none of the library's; docs/soundness.md cites the suites.
 * Tests:     every KUnit suite (kunit/) reports through it.
 */
#ifndef KXX_TESTING_BINDINGS_H
#define KXX_TESTING_BINDINGS_H

#include <kxx/bindings.h>

#ifdef __cplusplus
extern "C" {
#define KXX_C_NOEXCEPT noexcept
#else
#define KXX_C_NOEXCEPT
#endif

struct kunit;

enum kxx_kunit_kind {
	KXX_KUNIT_SIGNED,
	KXX_KUNIT_UNSIGNED,
	KXX_KUNIT_BOOL,
	KXX_KUNIT_POINTER,
	KXX_KUNIT_OPAQUE,
};

/* A value shown in a failure message. */
struct kxx_kunit_value {
	/* Which of s, u, p holds the value. */
	enum kxx_kunit_kind kind;
	/* The value, signed, unsigned or a pointer. */
	long long s;
	unsigned long long u;
	const void *p;
};

/* Marks @test failed and prints "EXPECTATION/ASSERTION FAILED at file:line". */
KXX_PRINTF(5, 6) void kxx_kunit_fail(struct kunit *test, const char *file, int line,
				     bool is_assert, const char *fmt, ...) KXX_C_NOEXCEPT;
/* The same, for "Expected lhs op rhs" with both values shown. */
void kxx_kunit_fail_binary(struct kunit *test, const char *file, int line, bool is_assert,
			   const char *lhs, const char *op, const char *rhs,
			   const struct kxx_kunit_value *lval,
			   const struct kxx_kunit_value *rval) KXX_C_NOEXCEPT;
KXX_PRINTF(2, 3) void kxx_kunit_info(struct kunit *test, const char *fmt, ...) KXX_C_NOEXCEPT;
void kxx_kunit_skip(struct kunit *test, const char *why) KXX_C_NOEXCEPT;
/* Context probes for tests: irqs_disabled(), in_softirq() (BH disabled),
 * in_task() (process context, not in an interrupt or softirq). */
bool kxx_kunit_irqs_disabled(void) KXX_C_NOEXCEPT;
bool kxx_kunit_bh_disabled(void) KXX_C_NOEXCEPT;
bool kxx_kunit_in_task(void) KXX_C_NOEXCEPT;
/*
 * A C DEFINE_XARRAY_FLAGS(.., XA_FLAGS_ALLOC1) never used: its bytes, to
 * compare with a StaticXArray's; *name_offset is where its lock's name
 * pointer is (SIZE_MAX without lockdep).
 */
const void *kxx_kunit_static_xarray(unsigned long *name_offset) KXX_C_NOEXCEPT;
/* raw_smp_processor_id(): where the caller runs now (may change at once). */
unsigned int kxx_kunit_raw_cpu(void) KXX_C_NOEXCEPT;
/*
 * A helper kthread that moves the calling task to another CPU on request:
 * start() (may sleep) makes it; now(@cpu) (any context) asks it to move the
 * task to @cpu (set_cpus_allowed_ptr(), which completes once the task can
 * be preempted) and returns at once; finish() waits for the helper and lets
 * the task run on every CPU again.
 */
struct kxx_kunit_mover;
struct kxx_kunit_mover *kxx_kunit_move_me_start(void) KXX_C_NOEXCEPT;
void kxx_kunit_move_me_now(struct kxx_kunit_mover *mover, unsigned int cpu) KXX_C_NOEXCEPT;
void kxx_kunit_move_me_finish(struct kxx_kunit_mover *mover) KXX_C_NOEXCEPT;
/*
 * Test threads: one kthread per online CPU, bound to it, each running
 * @fn(@arg, cpu) until it returns; @fn polls kxx_kunit_thread_should_stop().
 * kxx_kunit_threads_stop() stops them all and returns the sum of what they
 * returned (or a negative errno from the start).
 */
struct kxx_kunit_threads;
struct kxx_kunit_threads *kxx_kunit_threads_start(long (*fn)(void *arg, unsigned int cpu),
						  void *arg) KXX_C_NOEXCEPT;
long kxx_kunit_threads_stop(struct kxx_kunit_threads *threads) KXX_C_NOEXCEPT;
bool kxx_kunit_thread_should_stop(void) KXX_C_NOEXCEPT;
unsigned int kxx_kunit_online_cpus(void) KXX_C_NOEXCEPT;
void kxx_kunit_msleep(unsigned int ms) KXX_C_NOEXCEPT;
/* Runs @fn(@arg) in softirq context (a timer on this CPU) and waits for it. */
void kxx_kunit_in_softirq(void (*fn)(void *arg), void *arg) KXX_C_NOEXCEPT;
unsigned long long kxx_kunit_now_ns(void) KXX_C_NOEXCEPT;
/*
 * Fault injection for this task only (current->make_it_fail, honoured by
 * failslab and fail_page_alloc when their task-filter is set, as the test
 * runner sets it).  Returns false if the kernel has no fault injection.
 */
bool kxx_kunit_fail_allocations(bool on) KXX_C_NOEXCEPT;
void kxx_kunit_cond_resched(void) KXX_C_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#undef KXX_C_NOEXCEPT

#endif /* KXX_TESTING_BINDINGS_H */
