// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_lock_test.cpp - an XArray's lock: flavours, contexts and lockdep classes.
 *
 * Proves:    kxx/xarray/lock.h, and sync/lock_class.h and core/type_name.h
 *            for arrays (the names lockdep shows).
 * Suites:    kxx_xarray (its locking cases).
 *
 * The lock flavours (plain, _irq, _bh) from the flags or the type, used
 * from process context and from hard interrupts; lockdep watches every
 * case.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/*
 * The flavour checks, for arrays whose flags come from the constructor and
 * for arrays with the flags in the type (XArray<P, Flags>).
 */
template <class Plain, class Irq, class Bh>
void check_lock_flavours(kxx::kunit::Test &test, Plain &plain, Irq &irq, Bh &bh)
{
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	{
		auto g = irq.lock();
		KXX_EXPECT_TRUE(test, kxx_kunit_irqs_disabled());
		// Under the Guard only non-blocking gfps: the lock (and the
		// interrupts it masks) stays as taken while nodes are allocated.
		for (int i = 0; i < 200; i++)
			KXX_ASSERT_TRUE(test, g.alloc(item(i), GFP_ATOMIC).is_ok());
		KXX_EXPECT_TRUE(test, kxx_kunit_irqs_disabled());
	}
	// GFP_KERNEL through the convenience form: no Guard, no borrow.
	for (int i = 0; i < 200; i++)
		KXX_ASSERT_TRUE(test, irq.alloc(item(i), GFP_KERNEL).is_ok());
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	{
		auto g = bh.lock();
		KXX_EXPECT_TRUE(test, kxx_kunit_bh_disabled());
		KXX_EXPECT_TRUE(test, g.store(1ul << 30, item(1), GFP_ATOMIC).is_ok());
	}
	KXX_EXPECT_FALSE(test, kxx_kunit_bh_disabled());
	{
		auto g = plain.lock();
		KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
		KXX_EXPECT_TRUE(test, g.store(9, item(9), GFP_ATOMIC).is_ok());
	}
}

KXX_TEST(kxx_xarray, lock_flavours_follow_flags)
{
	XArray<Box<Item>> plain;
	XArray<Box<Item>> irq(XaFlags::LockIrq | XaFlags::Alloc);
	XArray<Box<Item>> bh(XaFlags::LockBh);
	check_lock_flavours(test, plain, irq, bh);
}

/*
 * LockIrq | LockBh chosen at run time: the kernel's lock type would be
 * neither, and a blocking allocation would unlock plainly with interrupts
 * still off.  Reported, and the array is LockIrq: a GFP_KERNEL store sleeps
 * with interrupts on (DEBUG_ATOMIC_SLEEP stays silent).
 */
KXX_TEST(kxx_xarray, conflicting_lock_flags_become_irq)
{
	kxx::kunit::ExpectMisuse misuse;
	Option<XArray<Box<Item>>> xa(in_place_fn,
				     [] { return XArray<Box<Item>>(XaFlags::LockIrq | XaFlags::LockBh); });
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	KXX_EXPECT_TRUE(test, xa->flags() == XaFlags::LockIrq);
	for (unsigned long i = 0; i < 64; i++)
		KXX_ASSERT_TRUE(test, xa->store(i << 20, item(i), GFP_KERNEL).is_ok());
	auto g = xa->lock();
	KXX_EXPECT_TRUE(test, kxx_irqs_disabled());
	KXX_EXPECT_EQ(test, g.get(5ul << 20)->value, 5ul);
}

KXX_TEST(kxx_xarray, lock_flavours_fixed_in_the_type)
{
	XArray<Box<Item>, XaFlags::None> plain;
	XArray<Box<Item>, XaFlags::LockIrq | XaFlags::Alloc> irq;
	XArray<Box<Item>, XaFlags::LockBh> bh;
	KXX_EXPECT_TRUE(test, irq.flags() == (XaFlags::LockIrq | XaFlags::Alloc));
	check_lock_flavours(test, plain, irq, bh);
}

template <class Array> void check_try_lock(kxx::kunit::Test &test, Array &xa)
{
	{
		Option<typename Array::Guard> g = xa.try_lock();
		KXX_ASSERT_TRUE(test, g.is_some());
		KXX_EXPECT_TRUE(test, g->store(1, item(1), GFP_ATOMIC).is_ok());
		KXX_EXPECT_TRUE(test, xa.try_lock().is_none());
	}
	KXX_EXPECT_TRUE(test, xa.try_lock().is_some());
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(1)->value, 1ul);
}

KXX_TEST(kxx_xarray, try_lock_fails_while_held)
{
	const XaFlags flavours[] = { XaFlags::None, XaFlags::LockIrq, XaFlags::LockBh };

	for (XaFlags flags : flavours) {
		XArray<Box<Item>> xa(flags);
		check_try_lock(test, xa);
	}
	XArray<Box<Item>, XaFlags::None> plain;
	XArray<Box<Item>, XaFlags::LockIrq> irq;
	XArray<Box<Item>, XaFlags::LockBh> bh;
	check_try_lock(test, plain);
	check_try_lock(test, irq);
	check_try_lock(test, bh);
}

/*
 * An array whose lock its driver promises is taken only where it is right
 * from hard interrupts: on_each_cpu() lends only LockIrq-typed arrays
 * mutable; a run-time-flags LockIrq array, or one used only in interrupts,
 * comes with its driver's cpu_shared_v promise.
 */
namespace {
template <class Array> struct IrqUse {
	Array &xa;
};
} // namespace
template <class Array> inline constexpr bool kxx::cpu_shared_v<IrqUse<Array>> = true;

/*
 * A LockIrq array used from hard interrupt context (an IPI on every CPU) and
 * from process context: lockdep sees the lock taken in both and would
 * report any flavour that is not irq-safe, or an unlock that re-enabled
 * interrupts inside the handler.
 */
template <class Array> void check_used_from_hardirq(kxx::kunit::Test &test, Array &array)
{
	IrqUse<Array> use{ array };
	Array &xa = array;
	Atomic<long> stored{ 0 }, irqs_were_on{ 0 };

	auto in_irq = [](IrqUse<Array> &use, Atomic<long> &stored, Atomic<long> &irqs_were_on) {
		Array &xa = use.xa;
		if (!kxx_kunit_irqs_disabled())
			irqs_were_on.fetch_add(1);
		unsigned int cpu = kxx_smp_processor_id();
		{
			auto guard = xa.lock(); // irqsave: right in an interrupt too
			auto r = guard.store(cpu, item(cpu), GFP_ATOMIC);
			if (r.is_ok())
				stored.fetch_add(1);
			// The rest of the Guard's operations, in the handler too.
			auto x = guard.compare_exchange(1000 + cpu, None, item(1000 + cpu), GFP_ATOMIC);
			unsigned long at = 4096 + 4 * cpu;
			auto o = guard.store_order(at, 2, item(at), GFP_ATOMIC);
			auto f = guard.find(cpu);
			auto res = guard.reserve_at(8192 + cpu, GFP_ATOMIC); // released under guard
			if (x.is_ok() && o.is_ok() && res.is_ok() && f && f->index == cpu)
				stored.fetch_add(1);
		}
		{
			// The cursor takes the same irqsave lock; pause() lets it go
			// and takes it again without turning interrupts on.
			XaCursor cur(xa, 12288 + cpu);
			Box<Item> v = item(12288 + cpu);
			auto slot = cur.entry();
			auto vacant = slot.vacant();
			if (vacant && move(*vacant).insert(move(v)).is_ok()) {
				cur.pause(); // moves on past the entry, as in a walk
				cur.set(12288 + cpu);
				if (cur.load() && kxx_kunit_irqs_disabled())
					stored.fetch_add(1);
			}
		}
		if (!kxx_kunit_irqs_disabled()) // still off after the unlock
			irqs_were_on.fetch_add(1);
	};
	on_each_cpu(in_irq, use, stored, irqs_were_on);

	KXX_EXPECT_EQ(test, irqs_were_on.load(), 0l);
	KXX_EXPECT_EQ(test, stored.load(), 3 * static_cast<long>(kxx_kunit_online_cpus()));
	{
		auto guard = xa.lock(); // process context, same lock
		unsigned long n = 0;
		for (auto e : guard.entries()) {
			KXX_EXPECT_EQ(test, e.value->value, e.index);
			n++;
		}
		KXX_EXPECT_EQ(test, n, 4ul * kxx_kunit_online_cpus());
	}
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
}

/*
 * spin_unlock_bh() turns interrupts on under lockdep: a LockBh Guard ended
 * inside an interrupts-off section (an IrqGuard, a spinning Rcu writer's
 * function), an unattached reservation of a LockBh array dropped there,
 * or a LockBh array drained there, must leave them off.  (Inside another
 * irq-safe lock, such as a LockIrq Guard, the same holds, but lockdep
 * rightly calls the nesting an inversion: a BH lock taken elsewhere with
 * interrupts on.)  The arrays have classes of their own, not shared with
 * other cases' arrays of their type.
 */
KXX_TEST(kxx_xarray, bh_locks_inside_irqs_off_sections_keep_them_off)
{
	Item::reset();
	XArray<Box<Item>, XaFlags::LockBh> bh(KXX_LOCK_CLASS());
	Option<XArray<Box<Item>, XaFlags::LockBh>::Reservation> res =
	    bh.reserve_at(9, GFP_KERNEL).ok();
	KXX_ASSERT_TRUE(test, res.is_some());
	Option<Box<XArray<Box<Item>, XaFlags::LockBh>>> doomed =
	    Box<XArray<Box<Item>, XaFlags::LockBh>>::make(GFP_KERNEL).ok();
	KXX_ASSERT_TRUE(test, doomed.is_some());
	KXX_ASSERT_TRUE(test, (*doomed)->store(1, item(1), GFP_KERNEL).is_ok());
	int off = 0;
	{
		IrqGuard irqs_off;
		{
			auto g = bh.lock();
			auto r = g.store(1, item(1), GFP_ATOMIC);
		}
		off += kxx_kunit_irqs_disabled();
		{
			Option<XArray<Box<Item>, XaFlags::LockBh>::Guard> g = bh.try_lock();
			off += g.is_some();
			// A failed try_lock() ends its BH section too.
			Option<XArray<Box<Item>, XaFlags::LockBh>::Guard> busy = bh.try_lock();
			off += busy.is_none() && kxx_kunit_irqs_disabled();
		}
		off += kxx_kunit_irqs_disabled();
		res.reset(); // takes and lets go of the BH lock
		off += kxx_kunit_irqs_disabled();
		doomed.reset(); // drains under the BH lock
		off += kxx_kunit_irqs_disabled();
		KXX_EXPECT_TRUE(test, bh.store(2, item(2), GFP_ATOMIC).is_ok());
		off += kxx_kunit_irqs_disabled();
	}
	KXX_EXPECT_EQ(test, off, 7);
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());

	Rcu<RcuBox<Item>, RcuWriters::SpinIrqsave> cfg(KXX_LOCK_CLASS());
	bool in_writer = false;
	auto old = cfg.copy_update([&](const Item *) {
		{
			auto g = bh.lock();
		}
		in_writer = kxx_kunit_irqs_disabled();
		return Option<RcuBox<Item>>();
	});
	KXX_EXPECT_TRUE(test, in_writer);
	rcu::barrier();
}

KXX_TEST(kxx_xarray, irq_array_used_from_hardirq)
{
	XArray<Box<Item>> xa(XaFlags::LockIrq);
	check_used_from_hardirq(test, xa);
}

KXX_TEST(kxx_xarray, fixed_irq_array_used_from_hardirq)
{
	XArray<Box<Item>, XaFlags::LockIrq> xa;
	check_used_from_hardirq(test, xa);
}

/*
 * Lockdep names each lock class after the place that declares it
 * (KXX_LOCK_CLASS(), file:line) or, by default, after the array's type,
 * instead of "kxx::XArray" for every array.
 */
KXX_TEST(kxx_xarray, lock_classes_are_named_after_their_declaration)
{
	const int line = __LINE__ + 1;
	XArray<Box<Item>> by_place;
	XArray<Box<Item>> irq(XaFlags::LockIrq);
	XArray<Box<Item>, XaFlags::LockBh> fixed_bh;
	XArray<Box<Item>> here(XaFlags::None, KXX_LOCK_CLASS());
	XArray<Box<u32>, XaFlags::Alloc> named(KXX_LOCK_CLASS("test ids"));
	if (!by_place.lock_class_name())
		KXX_SKIP(test, "no lockdep in this kernel");
	char want[128];
	kxx_scnprintf(want, sizeof(want),
		      "kxx::XArray<kxx::Box<kxx_test::Item>> (xarray_lock_test.cpp:%d)", line);
	KXX_EXPECT_STREQ(test, by_place.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want),
		      "kxx::XArray<kxx::Box<kxx_test::Item>> (irq, xarray_lock_test.cpp:%d)",
		      line + 1);
	KXX_EXPECT_STREQ(test, irq.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want),
		      "kxx::XArray<kxx::Box<kxx_test::Item>> (bh, xarray_lock_test.cpp:%d)",
		      line + 2);
	KXX_EXPECT_STREQ(test, fixed_bh.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "xarray_lock_test.cpp:%d", line + 3);
	KXX_EXPECT_STREQ(test, here.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "test ids (xarray_lock_test.cpp:%d)", line + 4);
	KXX_EXPECT_STREQ(test, named.lock_class_name(), want);
}

/*
 * Arrays of one type declared in two places have two lock classes: one
 * used only from hard interrupts (an IPI on every CPU, and the local call
 * with interrupts off) and one used with interrupts on are no
 * "inconsistent lock state" to lockdep.  The first dies in process context,
 * drained as xa_destroy() does (irqsave), so its end is consistent too.
 */
KXX_TEST(kxx_xarray, arrays_of_one_type_in_different_contexts)
{
	Item::reset();
	{
		XArray<Box<Item>> in_irqs;
		XArray<Box<Item>> in_process;
		Atomic<long> stored{ 0 };
		IrqUse<XArray<Box<Item>>> only_in_irqs{ in_irqs }; // the test's promise
		on_each_cpu(
		    [](IrqUse<XArray<Box<Item>>> &use, Atomic<long> &n) {
			    auto g = use.xa.lock();
			    if (g.store(kxx_smp_processor_id(), item(1), GFP_ATOMIC).is_ok())
				    n.fetch_add(1);
		    },
		    only_in_irqs, stored);
		KXX_EXPECT_EQ(test, stored.load(), static_cast<long>(kxx_kunit_online_cpus()));
		KXX_EXPECT_TRUE(test, in_process.store(1, item(2), GFP_KERNEL).is_ok());
		auto g = in_process.lock(); // interrupts on
		KXX_EXPECT_EQ(test, g.get(1)->value, 2ul);
	} // in_irqs drained here, in process context
	KXX_EXPECT_EQ(test, Item::live(), 0);
}

namespace {
Box<XArray<Box<Item>>> array_from_one_place()
{
	auto xa = Box<XArray<Box<Item>>>::make(GFP_KERNEL).value();
	auto stored = xa->store(1, item(1), GFP_KERNEL); // checked through the counts
	return xa;
}
} // namespace

/*
 * Arrays made at one place share a class.  Two of them held at once say
 * so with lock_nested<1>() (as spin_lock_nested()); one dropped while a
 * Guard of the other is held drains at subclass 1 (an owner of one array
 * dropped under another's lock).  Lockdep reports neither.
 */
KXX_TEST(kxx_xarray, arrays_of_one_class_nested)
{
	Item::reset();
	{
		auto a = array_from_one_place();
		KXX_EXPECT_EQ(test, Item::live(), 1);
		auto b = array_from_one_place();
		KXX_ASSERT_NOT_NULL(test, a->lock_class_name());
		KXX_EXPECT_EQ(test, a->lock_class_name(), b->lock_class_name()); // one class
		{
			auto outer = a->lock();
			auto inner = b->lock_nested<1>();
			auto moved = inner.remove(1);
			KXX_EXPECT_TRUE(test, moved.is_some() &&
						  outer.store(2, move(*moved), GFP_ATOMIC).is_ok());
		}
		Option<Box<XArray<Box<Item>>>> c = array_from_one_place();
		{
			auto held = a->lock();
			c.reset(); // drained under held, same class
			KXX_EXPECT_EQ(test, held.get(2)->value, 1ul);
		}
	}
	KXX_EXPECT_EQ(test, Item::live(), 0);
}

namespace {
/* Two places, so that each flavour has a class of its own. */
Box<XArray<Box<Item>>> irq_array_from_one_place()
{
	return Box<XArray<Box<Item>>>::make(GFP_KERNEL, XaFlags::LockIrq).value();
}
Box<XArray<Box<Item>>> bh_array_from_one_place()
{
	return Box<XArray<Box<Item>>>::make(GFP_KERNEL, XaFlags::LockBh).value();
}

void check_nested_flavour(kxx::kunit::Test &test, Box<XArray<Box<Item>>> (*make)(), bool irq)
{
	Item::reset();
	{
		auto a = make();
		auto b = make();
		KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
		bool off;
		{
			auto outer = a->lock();
			auto inner = b->lock_nested<1>();
			off = irq ? kxx_kunit_irqs_disabled() : kxx_kunit_bh_disabled();
			auto stored = inner.store(1, item(1), GFP_ATOMIC);
			off = off && stored.is_ok();
		}
		KXX_EXPECT_TRUE(test, off); // the inner Guard kept its array's flavour
		KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
		KXX_EXPECT_FALSE(test, kxx_kunit_bh_disabled());
		auto g = b->lock();
		KXX_EXPECT_EQ(test, g.get(1)->value, 1ul);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0);
}
} // namespace

/*
 * lock_nested<N>() on _irq and _bh arrays takes the lock as lock() does
 * (interrupts saved and off, or BHs off) at the subclass; lockdep, which
 * watches the pair, reports nothing.
 */
KXX_TEST(kxx_xarray, nested_irq_and_bh_arrays_keep_their_flavour)
{
	check_nested_flavour(test, irq_array_from_one_place, true);
	check_nested_flavour(test, bh_array_from_one_place, false);
}
