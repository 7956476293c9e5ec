// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/sync_test.cpp - IrqGuard: irqsave sections end in order.
 *
 * Proves:    kxx/sync/irq_guard.h and core/scope_bound.h (a guard ended
 *            early, through the one way left to write it).
 * Suites:    kxx_percpu (irqsave_sections_end_in_order).
 *
 * The rest of sync/ is proved where it guards something: IrqGuard and
 * CpuGuard over per-CPU data in percpu_test.cpp
 * (irq_guard_excludes_interrupts, cpu_guard_pins_the_thread), an XArray's
 * lock classes in xarray_lock_test.cpp, Atomic in shared state in
 * rcu_test.cpp (shared_state_changes_through_atomics); the locks that own
 * their data in spin_lock_test.cpp, mutex_test.cpp and locked_by_test.cpp.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

namespace {
/* A guard embedded in a heap object: the one way left to end it early. */
struct Holder {
	IrqGuard guard;
};
} // namespace

/*
 * Irqsave sections must end in the reverse order of their start: ending an
 * outer one first would turn interrupts on while the inner one is open.
 * Through an Option it cannot be written (Option<Guard>::reset() does not
 * compile: option_reset_guard); through a guard inside a heap object it can,
 * and kernels with CONFIG_DEBUG_IRQFLAGS report it and keep interrupts off
 * until the last section ends.
 */
KXX_TEST(kxx_percpu, irqsave_sections_end_in_order)
{
	if (!kxx_irqsave_order_checked())
		KXX_SKIP(test, "kernel without CONFIG_DEBUG_IRQFLAGS");
	KXX_ASSERT_FALSE(test, kxx_kunit_irqs_disabled());
	kxx::kunit::ExpectMisuse misuse;
	{
		Option<Box<Holder>> outer = Box<Holder>::make(GFP_KERNEL).ok();
		Option<Box<Holder>> inner = Box<Holder>::make(GFP_ATOMIC).ok();
		KXX_ASSERT_TRUE(test, outer.is_some() && inner.is_some());
		outer.reset(); // early: it found interrupts on
		KXX_EXPECT_TRUE(test, kxx_kunit_irqs_disabled()); // still off: inner is open
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		inner.reset();
	}
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled()); // on again, as found
}
