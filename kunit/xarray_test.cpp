// SPDX-License-Identifier: GPL-2.0
/*
 * XArray<P>: the Rust abstraction's examples, the normal-API semantics the
 * kernel's own test_xarray checks (written anew here), ownership counted in
 * destructors, and the lock flavours under lockdep.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/* --- the Rust abstraction's examples ------------------------------------- */

KXX_TEST(kxx_xarray, rust_example_store_get_remove)
{
	XArray<Box<u32>> xa;
	Box<u32> dead = Box<u32>::make(GFP_KERNEL, 0xdeadu).value(); // allocate before locking
	Box<u32> beef = Box<u32>::make(GFP_KERNEL, 0xbeefu).value();
	auto guard = xa.lock();

	KXX_EXPECT_NULL(test, guard.get(0));

	auto first = guard.store(0, move(dead), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, first.is_ok());
	KXX_EXPECT_TRUE(test, first->is_none());
	KXX_ASSERT_NOT_NULL(test, guard.get(0));
	KXX_EXPECT_EQ(test, *guard.get(0), 0xdeadu);

	auto old = guard.store(0, move(beef), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, old.is_ok() && old->is_some());
	KXX_EXPECT_EQ(test, ***old, 0xdeadu);
	KXX_EXPECT_EQ(test, *guard.get(0), 0xbeefu);

	*guard.get_mut(0) = 0x1234;
	KXX_EXPECT_EQ(test, *guard.get(0), 0x1234u);

	Option<Box<u32>> removed = guard.remove(0);
	KXX_ASSERT_TRUE(test, removed.is_some());
	KXX_EXPECT_EQ(test, **removed, 0x1234u);
	KXX_EXPECT_NULL(test, guard.get(0));
	KXX_EXPECT_TRUE(test, guard.remove(0).is_none());
}

KXX_TEST(kxx_xarray, rust_example_alloc1_starts_at_one)
{
	XArray<Box<u32>> xa(XaFlags::Alloc1);
	auto guard = xa.lock();

	auto a = guard.alloc(Box<u32>::make(GFP_ATOMIC, 10u).value(), GFP_ATOMIC);
	auto b = guard.alloc(Box<u32>::make(GFP_ATOMIC, 11u).value(), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, a.is_ok() && b.is_ok());
	KXX_EXPECT_EQ(test, *a, 1u);
	KXX_EXPECT_EQ(test, *b, 2u);
	KXX_EXPECT_EQ(test, *guard.get(1), 10u);

	// held together with xa's lock: a lockdep class of its own
	XArray<Box<u32>> zero_based(XaFlags::Alloc, KXX_LOCK_CLASS());
	auto z = zero_based.alloc(Box<u32>::make(GFP_ATOMIC, 1u).value(), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, z.is_ok());
	KXX_EXPECT_EQ(test, *z, 0u);
}

/* The same with the flags in the type: alloc() and reserve() compiled for it. */
KXX_TEST(kxx_xarray, alloc_with_flags_in_the_type)
{
	XArray<Box<u32>, XaFlags::Alloc1> xa;
	KXX_EXPECT_TRUE(test, xa.flags() == XaFlags::Alloc1);
	{
		auto guard = xa.lock();
		auto a = guard.alloc(Box<u32>::make(GFP_ATOMIC, 10u).value(), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok());
		KXX_EXPECT_EQ(test, *a, 1u);

		// held together with xa's lock: a lockdep class of its own
		XArray<Box<u32>, XaFlags::Alloc1> other(KXX_LOCK_CLASS());
		auto b = other.alloc(Box<u32>::make(GFP_ATOMIC, 11u).value(), GFP_KERNEL,
				     XaLimit{ 5, 6 });
		KXX_ASSERT_TRUE(test, b.is_ok());
		KXX_EXPECT_EQ(test, *b, 5u);
	}
	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	KXX_EXPECT_EQ(test, r->index(), 2u);
	KXX_EXPECT_TRUE(test, move(*r).fill(Box<u32>::make(GFP_KERNEL, 12u).value())
				  .is_ok());
	auto full = xa.alloc(Box<u32>::make(GFP_KERNEL, 13u).value(), GFP_KERNEL, XaLimit{ 1, 2 });
	KXX_ASSERT_TRUE(test, full.is_err());
	StoreError<Box<u32>> e = move(full).error();
	KXX_EXPECT_TRUE(test, e.error == code::EBUSY);
	KXX_EXPECT_EQ(test, *e.value, 13u); // handed back, not leaked
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, *g.get(2), 12u);
}

KXX_TEST(kxx_xarray, rust_example_reservation)
{
	XArray<Box<u32>> xa(XaFlags::Alloc1);
	{
		auto r = xa.reserve(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, r->index(), 1u);
		KXX_EXPECT_TRUE(test, [&] { auto g = xa.lock(); return !g.get(1); }()); // reads as empty
		KXX_EXPECT_FALSE(test, xa.empty());	 // ... but is taken
		auto next = xa.reserve(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, next.is_ok());
		KXX_EXPECT_EQ(test, next->index(), 2u); // alloc skips reserved slots
	}						// both dropped unfilled: indices freed
	KXX_EXPECT_TRUE(test, xa.empty());

	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	KXX_EXPECT_EQ(test, r->index(), 1u);
	auto filled = move(*r).fill(Box<u32>::make(GFP_KERNEL, 7u).value());
	KXX_ASSERT_TRUE(test, filled.is_ok());
	auto g = xa.lock();
	KXX_ASSERT_NOT_NULL(test, g.get(1));
	KXX_EXPECT_EQ(test, *g.get(1), 7u);
}

KXX_TEST(kxx_xarray, reservation_release_under_held_guard)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	Item::reset();
	{
		auto guard = xa.lock();
		auto r = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		u32 index = r->index();
		move(*r).release(guard); // no deadlock: uses the held lock

		auto again = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, again.is_ok());
		KXX_EXPECT_EQ(test, again->index(), index);
		auto filled = move(*again).fill(guard, item(3));
		KXX_EXPECT_TRUE(test, filled.is_ok());
		KXX_EXPECT_EQ(test, guard.get(index)->value, 3ul);
	}
	// A slot stored over before its reservation was filled: fill gives the
	// value back with EBUSY instead of overwriting.
	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	u32 index = r->index();
	KXX_EXPECT_TRUE(test, xa.store(index, item(4), GFP_KERNEL).is_ok());
	auto clash = move(*r).fill(item(5));
	KXX_ASSERT_TRUE(test, clash.is_err());
	StoreError<Box<Item>> err = move(clash).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_EQ(test, err.value->value, 5ul);
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(index)->value, 4ul);
}

/* --- normal-API semantics --------------------------------------------------- */

KXX_TEST(kxx_xarray, sparse_indices_to_ulong_max)
{
	static constexpr unsigned long indices[] = {
		0,
		1,
		2,
		63,
		64,
		65,
		4095,
		4096,
		1ul << 20,
		(1ul << 32) - 1,
		1ul << 32,
		1ul << 48,
		ULONG_MAX - 1,
		ULONG_MAX,
	};
	XArray<Box<Item>> xa;
	Item::reset();

	for (unsigned long i : indices)
		KXX_ASSERT_TRUE(test, xa.store(i, item(i ^ 0x5a5a), GFP_KERNEL).is_ok());
	{
		auto guard = xa.lock();
		for (unsigned long i : indices) {
			KXX_ASSERT_NOT_NULL(test, guard.get(i));
			KXX_EXPECT_EQ(test, guard.get(i)->value, i ^ 0x5a5a);
		}
		KXX_EXPECT_NULL(test, guard.get(3));
		KXX_EXPECT_NULL(test, guard.get(1ul << 33));
	}
	KXX_EXPECT_EQ(test, Item::live(), 14);
	for (unsigned long i : indices) {
		Option<Box<Item>> gone = xa.remove(i);
		KXX_ASSERT_TRUE(test, gone.is_some());
		KXX_EXPECT_EQ(test, (*gone)->value, i ^ 0x5a5a);
	}
	KXX_EXPECT_TRUE(test, xa.empty());
	KXX_EXPECT_EQ(test, Item::live(), 0);
}

KXX_TEST(kxx_xarray, insert_is_ebusy_when_occupied)
{
	XArray<Box<Item>> xa;
	Item::reset();

	KXX_EXPECT_TRUE(test, xa.insert(5, item(1), GFP_KERNEL).is_ok());
	auto again = xa.insert(5, item(2), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, again.is_err());
	StoreError<Box<Item>> err = move(again).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_EQ(test, err.value->value, 2ul); // handed back intact
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(5)->value, 1ul);
	KXX_EXPECT_EQ(test, Item::destroyed, 0);
}

KXX_TEST(kxx_xarray, alloc_limits_and_full_range)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	Item::reset();
	auto guard = xa.lock();

	for (u32 want = 10; want <= 12; want++) {
		auto id = guard.alloc(item(want), GFP_ATOMIC, XaLimit{ 10, 12 });
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, *id, want);
	}
	auto full = guard.alloc(item(99), GFP_ATOMIC, XaLimit{ 10, 12 });
	KXX_ASSERT_TRUE(test, full.is_err());
	StoreError<Box<Item>> err = move(full).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_EQ(test, err.value->value, 99ul);

	// freeing one makes exactly that id available again
	KXX_EXPECT_TRUE(test, guard.remove(11).is_some());
	auto reuse = guard.alloc(item(11), GFP_ATOMIC, XaLimit{ 10, 12 });
	KXX_ASSERT_TRUE(test, reuse.is_ok());
	KXX_EXPECT_EQ(test, *reuse, 11u);

	auto single = guard.alloc(item(7), GFP_ATOMIC, XaLimit{ U32_MAX, U32_MAX });
	KXX_ASSERT_TRUE(test, single.is_ok());
	KXX_EXPECT_EQ(test, *single, U32_MAX);
}

KXX_TEST(kxx_xarray, alloc1_never_returns_zero)
{
	XArray<Box<Item>> xa(XaFlags::Alloc1);
	auto guard = xa.lock();

	for (int i = 0; i < 64; i++) {
		auto id = guard.alloc(item(i), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_NE(test, *id, 0u);
	}
	auto zero = guard.alloc(item(0), GFP_ATOMIC, XaLimit{ 0, 0 });
	KXX_ASSERT_TRUE(test, zero.is_err());
	KXX_EXPECT_TRUE(test, move(zero).error().error == code::EBUSY);
}

KXX_TEST(kxx_xarray, alloc_cyclic_wraps)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	auto guard = xa.lock();
	u32 next = 0;
	const XaLimit limit{ 0, 3 };

	for (u32 want = 0; want <= 3; want++) {
		auto id = guard.alloc_cyclic(item(want), next, GFP_ATOMIC, limit);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, *id, want);
	}
	KXX_EXPECT_TRUE(test, guard.remove(1).is_some());
	auto wrapped = guard.alloc_cyclic(item(9), next, GFP_ATOMIC, limit);
	KXX_ASSERT_TRUE(test, wrapped.is_ok());
	KXX_EXPECT_EQ(test, *wrapped, 1u); // wrapped around to the only free id
	KXX_EXPECT_EQ(test, next, 2u);
}

KXX_TEST(kxx_xarray, alloc_on_plain_array_is_einval)
{
	XArray<Box<Item>> xa;
	kxx::kunit::ExpectMisuse misuse;

	auto r = xa.alloc(item(1), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_err());
	StoreError<Box<Item>> err = move(r).error();
	KXX_EXPECT_TRUE(test, err.error == code::EINVAL);
	KXX_EXPECT_EQ(test, err.value->value, 1ul);
	KXX_EXPECT_TRUE(test, xa.reserve(GFP_KERNEL).is_err());
	KXX_EXPECT_EQ(test, misuse.count(), 2ul);
}

KXX_TEST(kxx_xarray, marks_survive_store_and_vanish_on_erase)
{
	XArray<Box<Item>> xa;
	auto guard = xa.lock();

	for (unsigned long i = 0; i < 8; i++)
		KXX_ASSERT_TRUE(test, guard.store(i * 100, item(i), GFP_ATOMIC).is_ok());
	guard.set_mark(100, XaMark::M0);
	guard.set_mark(300, XaMark::M0);
	guard.set_mark(300, XaMark::M2);
	guard.set_mark(42, XaMark::M0); // no entry: no mark

	KXX_EXPECT_TRUE(test, guard.get_mark(100, XaMark::M0));
	KXX_EXPECT_FALSE(test, guard.get_mark(100, XaMark::M1));
	KXX_EXPECT_TRUE(test, guard.get_mark(300, XaMark::M2));
	KXX_EXPECT_FALSE(test, guard.get_mark(42, XaMark::M0));

	KXX_ASSERT_TRUE(test, guard.store(100, item(77), GFP_ATOMIC).is_ok());
	KXX_EXPECT_TRUE(test, guard.get_mark(100, XaMark::M0)); // survives replacement

	unsigned long seen[4] = {}, n = 0;
	for (auto e : guard.marked(XaMark::M0))
		if (n < 4)
			seen[n++] = e.index;
	KXX_EXPECT_EQ(test, n, 2ul);
	KXX_EXPECT_EQ(test, seen[0], 100ul);
	KXX_EXPECT_EQ(test, seen[1], 300ul);

	KXX_EXPECT_TRUE(test, guard.remove(300).is_some());
	KXX_EXPECT_FALSE(test, guard.get_mark(300, XaMark::M0));
	KXX_ASSERT_TRUE(test, guard.store(300, item(3), GFP_ATOMIC).is_ok());
	KXX_EXPECT_FALSE(test, guard.get_mark(300, XaMark::M0)); // gone with the erase
	KXX_EXPECT_FALSE(test, guard.get_mark(300, XaMark::M2));

	guard.clear_mark(100, XaMark::M0);
	n = 0;
	for ([[maybe_unused]] auto e : guard.marked(XaMark::M0))
		n++;
	KXX_EXPECT_EQ(test, n, 0ul);
}

KXX_TEST(kxx_xarray, iteration_order_ranges_and_find_after_erase)
{
	static constexpr unsigned long shuffled[] = { 900, 3, 77, 1ul << 40, 12, 500, 0, 64 };
	static constexpr unsigned long sorted[] = { 0, 3, 12, 64, 77, 500, 900, 1ul << 40 };
	XArray<Box<Item>> xa;
	auto guard = xa.lock();

	for (unsigned long i : shuffled)
		KXX_ASSERT_TRUE(test, guard.store(i, item(i + 1), GFP_ATOMIC).is_ok());

	unsigned int n = 0;
	for (auto e : guard.entries()) {
		KXX_ASSERT_LT(test, n, 8u);
		KXX_EXPECT_EQ(test, e.index, sorted[n]);
		KXX_EXPECT_EQ(test, e.value->value, sorted[n] + 1);
		n++;
	}
	KXX_EXPECT_EQ(test, n, 8u);

	n = 0;
	for (auto e : guard.entries(12, 500)) {
		KXX_EXPECT_GE(test, e.index, 12ul);
		KXX_EXPECT_LE(test, e.index, 500ul);
		n++;
	}
	KXX_EXPECT_EQ(test, n, 4u); // 12, 64, 77, 500

	KXX_EXPECT_TRUE(test, guard.remove(64).is_some());
	KXX_EXPECT_TRUE(test, guard.remove(500).is_some());
	unsigned long after[8], m = 0;
	for (auto e : guard.entries(4))
		if (m < 8)
			after[m++] = e.index;
	KXX_EXPECT_EQ(test, m, 4ul); // 12, 77, 900, 1 << 40
	KXX_EXPECT_EQ(test, after[0], 12ul);
	KXX_EXPECT_EQ(test, after[1], 77ul);
	KXX_EXPECT_EQ(test, after[2], 900ul);
	KXX_EXPECT_EQ(test, after[3], 1ul << 40);

	n = 0;
	for ([[maybe_unused]] auto e : guard.entries(901, (1ul << 40) - 1))
		n++;
	KXX_EXPECT_EQ(test, n, 0u);
}

/* --- ownership ------------------------------------------------------------- */

KXX_TEST(kxx_xarray, every_value_dropped_exactly_once)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		for (unsigned long i = 0; i < 100; i++)
			KXX_ASSERT_TRUE(test, xa.store(i * 7, item(i), GFP_KERNEL).is_ok());
		KXX_EXPECT_EQ(test, Item::live(), 100);

		// remove: the caller owns it, dropped when the Option goes
		xa.remove(0).reset();
		KXX_EXPECT_EQ(test, Item::destroyed, 1);

		// replace: the old value comes back, dropped with the Result
		{
			auto old = xa.store(7, item(1000), GFP_KERNEL);
			KXX_EXPECT_EQ(test, Item::destroyed, 1);
		}
		KXX_EXPECT_EQ(test, Item::destroyed, 2);

		// a failed insert hands the value back: dropped by the caller
		{
			auto busy = xa.insert(14, item(2000), GFP_KERNEL);
			KXX_EXPECT_TRUE(test, busy.is_err());
		}
		KXX_EXPECT_EQ(test, Item::destroyed, 3);
		KXX_EXPECT_EQ(test, Item::live(), 99);
	} // the array drops the 99 left
	KXX_EXPECT_EQ(test, Item::constructed, 102);
	KXX_EXPECT_EQ(test, Item::destroyed, 102);
}

KXX_TEST(kxx_xarray, arc_entries_share_ownership)
{
	Item::reset();
	Arc<Item> shared = Arc<Item>::make(GFP_KERNEL, 5ul).value();
	{
		XArray<Arc<Item>> xa;
		for (unsigned long i = 0; i < 10; i++)
			KXX_ASSERT_TRUE(test, xa.store(i, shared.clone(), GFP_KERNEL).is_ok());
		KXX_EXPECT_EQ(test, shared.ref_count(), 11u);
		auto g = xa.lock();
		KXX_EXPECT_EQ(test, g.get(3), shared.get());
	}
	KXX_EXPECT_EQ(test, shared.ref_count(), 1u);
	KXX_EXPECT_EQ(test, Item::destroyed, 0);
}

/* --- locking ----------------------------------------------------------------- */

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

/* --- soundness: marks, reservations, borrows, lock names ----------------------- */

/*
 * Mark 0 is XA_FREE_MARK on allocating arrays: setting it on a used slot
 * made the next alloc() hand the same id out again.  With run-time flags
 * every M0 operation is a misuse report that leaves the array unchanged;
 * with the flags in the type it does not compile (compile-fail case
 * xarray_mark0_on_alloc_array).  M1 and M2 work on both.
 */
KXX_TEST(kxx_xarray, mark0_refused_on_allocating_arrays)
{
	Item::reset();
	XArray<Box<Item>> xa(XaFlags::Alloc1);
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = xa.lock();
		auto a = g.alloc(item(1), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok());
		g.set_mark(*a, XaMark::M0);
		g.clear_mark(*a, XaMark::M0);
		KXX_EXPECT_FALSE(test, g.get_mark(*a, XaMark::M0));
		unsigned int n = 0;
		for ([[maybe_unused]] auto e : g.marked(XaMark::M0))
			n++;
		KXX_EXPECT_EQ(test, n, 0u);
		KXX_EXPECT_EQ(test, misuse.count(), 4ul);

		auto b = g.alloc(item(2), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, b.is_ok());
		KXX_EXPECT_NE(test, *a, *b); // id 1 was not handed out twice
		KXX_EXPECT_EQ(test, g.get(*a)->value, 1ul);

		g.set_mark(*b, XaMark::M1);
		KXX_EXPECT_TRUE(test, g.get_mark(*b, XaMark::M1));
	}
	XArray<Box<Item>, XaFlags::Alloc> fixed;
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = fixed.lock();
		auto a = g.alloc(item(3), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok());
		g.set_mark(*a, XaMark::M2);
		XaMark chosen = XaMark::M0; // a mark chosen at run time: checked
		g.set_mark(*a, chosen);
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		auto b = g.alloc(item(4), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, b.is_ok());
		KXX_EXPECT_NE(test, *a, *b);
		KXX_EXPECT_TRUE(test, g.get_mark(*a, XaMark::M2));
	}
}

namespace {

using Ids = XArray<Box<Item>, XaFlags::Alloc>;

/* reserve(), then return early before fill(): KXX_TRY with the guard held. */
Result<u32> reserve_then_fail(Ids &xa, Error why)
{
	auto guard = xa.lock();
	Ids::Reservation r = KXX_TRY(guard.reserve(GFP_ATOMIC));
	KXX_TRY(Result<void>(why)); // returns: r, then guard, are destroyed
	return r.index();
}

/* Whether index @i is free again: the next reserve() gets it. */
bool index_is_free(Ids &xa, u32 i)
{
	auto r = xa.reserve(GFP_KERNEL, XaLimit{ i, i });
	return r.is_ok();
}

} // namespace

/*
 * An unfilled Reservation is released in every order of destruction, with
 * or without its Guard held; before, ~Reservation always took the lock and
 * deadlocked under a held Guard.  Lockdep and the hung-task detector watch.
 */
KXX_TEST(kxx_xarray, reservation_released_in_every_order)
{
	Item::reset();
	Ids xa;

	// 1. dropped while its Guard is held (declared after it)
	{
		auto guard = xa.lock();
		auto r = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, r->index(), 0u);
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 2. an early return (KXX_TRY) between reserve() and fill()
	KXX_EXPECT_TRUE(test, reserve_then_fail(xa, code::EIO).error() == code::EIO);
	KXX_EXPECT_TRUE(test, xa.empty());

	// 3. a failed fill() leaves it armed, then it is dropped under the Guard
	{
		auto guard = xa.lock();
		auto r = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		u32 i = r->index();
		KXX_EXPECT_TRUE(test, guard.store(i, item(5), GFP_ATOMIC).is_ok()); // taken over
		auto clash = move(*r).fill(guard, item(6));
		KXX_ASSERT_TRUE(test, clash.is_err());
		KXX_EXPECT_EQ(test, clash.error().value->value, 6ul);
		KXX_EXPECT_TRUE(test, r->is_armed());
		KXX_EXPECT_TRUE(test, guard.remove(i).is_some());
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 4. outlives its Guard (moved out of the Guard's scope): takes the lock
	{
		Option<Ids::Reservation> kept;
		{
			auto guard = xa.lock();
			auto r = guard.reserve(GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, r.is_ok());
			kept = Option<Ids::Reservation>(move(*r));
		}
		KXX_EXPECT_FALSE(test, xa.empty());
		KXX_EXPECT_FALSE(test, index_is_free(xa, kept->index()));
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 5. its Guard, in an Option (try_lock), ends first
	{
		Option<Ids::Reservation> kept;
		{
			Option<Ids::Guard> guard = xa.try_lock();
			KXX_ASSERT_TRUE(test, guard.is_some());
			auto r = guard->reserve(GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, r.is_ok());
			kept = Option<Ids::Reservation>(move(*r));
		} // detaches kept: released below with the lock taken
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 6. several under one Guard, moved around, filled without the guard
	//    argument (it uses the Guard it is attached to), dropped in mixed order
	{
		auto guard = xa.lock();
		auto a = guard.reserve(GFP_ATOMIC);
		auto b = guard.reserve(GFP_ATOMIC);
		auto c = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok() && b.is_ok() && c.is_ok());
		Ids::Reservation moved = move(*b);
		KXX_EXPECT_FALSE(test, b->is_armed());
		u32 filled = moved.index();
		KXX_EXPECT_TRUE(test, move(moved).fill(item(7)).is_ok());
		a = code::EAGAIN; // a's reservation dropped here, c's at the end
		KXX_EXPECT_EQ(test, guard.get(filled)->value, 7ul);
	}
	{
		auto guard = xa.lock();
		unsigned int present = 0;
		for ([[maybe_unused]] auto e : guard.entries())
			present++;
		KXX_EXPECT_EQ(test, present, 1u);
	}
	KXX_EXPECT_TRUE(test, index_is_free(xa, 0) && index_is_free(xa, 2));
	KXX_EXPECT_TRUE(test, xa.remove(1).is_some());
	KXX_EXPECT_TRUE(test, xa.empty());
	KXX_EXPECT_EQ(test, Item::live(), 0);
}

/* A moved-from Reservation holds nothing: fill() hands the value back. */
KXX_TEST(kxx_xarray, moved_from_reservation_is_inert)
{
	Item::reset();
	Ids xa;
	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	Ids::Reservation taken = move(*r);
	{
		kxx::kunit::ExpectMisuse misuse;
		auto again = move(*r).fill(item(1));
		KXX_ASSERT_TRUE(test, again.is_err());
		KXX_EXPECT_TRUE(test, again.error().error == code::EINVAL);
		KXX_EXPECT_EQ(test, again.error().value->value, 1ul);
		auto guard = xa.lock();
		auto also = move(*r).fill(guard, item(2));
		KXX_EXPECT_TRUE(test, also.is_err());
		move(*r).release(guard); // nothing to release: no report either
		KXX_EXPECT_EQ(test, misuse.count(), 2ul);
	}
	KXX_EXPECT_TRUE(test, move(taken).fill(item(3)).is_ok());
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(0)->value, 3ul);
}

/*
 * An XArray<Arc<T>> lends ArcBorrows: clone() one under the lock and keep
 * the owned Arc after unlocking, as C's xa_load() + kref_get().
 */
KXX_TEST(kxx_xarray, arc_borrow_clones_under_the_lock)
{
	Item::reset();
	XArray<Arc<Item>> xa;
	KXX_ASSERT_TRUE(test, xa.store(3, Arc<Item>::make(GFP_KERNEL, 30ul).value(), GFP_KERNEL).is_ok());
	Arc<Item> mine = [&] {
		auto g = xa.lock();
		ArcBorrow<Item> b = g.get(3);
		return b.clone();
	}(); // unlocked here
	KXX_EXPECT_EQ(test, mine.ref_count(), 2u);
	xa.remove(3).reset(); // the array's reference is gone
	KXX_EXPECT_EQ(test, mine.ref_count(), 1u);
	KXX_EXPECT_EQ(test, mine->value, 30ul); // still ours
	KXX_EXPECT_EQ(test, Item::destroyed, 0);
	mine = Arc<Item>::make(GFP_KERNEL, 31ul).value();
	KXX_EXPECT_EQ(test, Item::destroyed, 1);

	// a borrow of an Arc, cloned: the same allocation
	ArcBorrow<Item> view = mine.borrow();
	KXX_EXPECT_TRUE(test, view.clone().ptr_eq(mine));
	KXX_EXPECT_EQ(test, mine.ref_count(), 1u);
}

/*
 * An XArray<RcuArc<T>> may be read without the lock: a reader's borrow
 * stays valid memory under its read guard, and try_clone() takes a
 * reference only while one exists, so a reader racing the last drop gets
 * None instead of resurrecting a dying object.
 */
KXX_TEST(kxx_xarray, rcu_arc_borrow_try_clones_locklessly)
{
	Counted::reset(); // rcu::barrier() first: nothing pending
	{
		XArray<RcuArc<Counted>> xa;
		KXX_ASSERT_TRUE(test, xa.store(1, RcuArc<Counted>::make(GFP_KERNEL, 11).value(),
					       GFP_KERNEL).is_ok());
		auto g = rcu::read_lock();
		RcuArcBorrow<Counted> seen = xa.load(g, 1);
		KXX_ASSERT_TRUE(test, static_cast<bool>(seen));
		Option<RcuArc<Counted>> kept = seen.try_clone();
		KXX_ASSERT_TRUE(test, kept.is_some());
		KXX_EXPECT_EQ(test, (*kept)->value, 11l);

		kept.reset();
		xa.remove(1).reset();	// the last reference: freed after a grace period
		KXX_EXPECT_TRUE(test, seen.try_clone().is_none());
		KXX_EXPECT_EQ(test, seen->value, 11l); // still valid under the guard
		KXX_EXPECT_EQ(test, Counted::freed(), 0l);
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 1l);
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
		      "kxx::XArray<kxx::Box<kxx_test::Item>> (xarray_test.cpp:%d)", line);
	KXX_EXPECT_STREQ(test, by_place.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want),
		      "kxx::XArray<kxx::Box<kxx_test::Item>> (irq, xarray_test.cpp:%d)",
		      line + 1);
	KXX_EXPECT_STREQ(test, irq.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want),
		      "kxx::XArray<kxx::Box<kxx_test::Item>> (bh, xarray_test.cpp:%d)",
		      line + 2);
	KXX_EXPECT_STREQ(test, fixed_bh.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "xarray_test.cpp:%d", line + 3);
	KXX_EXPECT_STREQ(test, here.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "test ids (xarray_test.cpp:%d)", line + 4);
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

namespace {
/* A driver's "unregister in the destructor": ~Session removes itself. */
struct Dev;
struct Session {
	static inline int destroyed, found_again;
	Session(Dev *dev, unsigned long id) : dev(dev), id(id) {}
	~Session();
	Dev *dev;
	unsigned long id;
};
struct Dev {
	XArray<Box<Session>> sessions;
};
Session::~Session()
{
	destroyed++;
	if (dev->sessions.remove(id).is_some()) // ~XArray took it out first: nothing
		found_again++;
}
} // namespace

/*
 * ~XArray takes each entry out of the array before dropping it, so a
 * destructor that reaches the array again finds nothing: before, remove()
 * there got the entry being dropped and freed it a second time.
 */
KXX_TEST(kxx_xarray, destruction_takes_entries_out_before_dropping)
{
	Session::destroyed = Session::found_again = 0;
	{
		auto dev = Box<Dev>::make(GFP_KERNEL).value();
		for (unsigned long id = 1; id <= 3; id++) {
			auto s = Box<Session>::make(GFP_KERNEL, dev.get(), id * 10).value();
			KXX_ASSERT_TRUE(test, dev->sessions.store(id * 10, move(s), GFP_KERNEL).is_ok());
		}
	} // ~XArray: each ~Session calls remove() on it
	KXX_EXPECT_EQ(test, Session::destroyed, 3);
	KXX_EXPECT_EQ(test, Session::found_again, 0);
}

/*
 * A blocking gfp lets the kernel drop an array's lock to allocate, and on a
 * LockIrq array turn interrupts on meanwhile.  Under a Guard it does not
 * compile (guard_store_blocking_gfp); through the convenience forms, with
 * interrupts already off (here: another LockIrq array's Guard), it is
 * reported and the allocation is made without blocking: interrupts stay off
 * (before, they came on inside the outer Guard's irqsave section).  Far
 * apart indices make every store allocate nodes.
 */
KXX_TEST(kxx_xarray, blocking_gfp_never_turns_interrupts_on)
{
	Item::reset();
	XArray<Box<Item>, XaFlags::LockIrq> outer;
	XArray<Box<Item>, XaFlags::LockIrq> inner(KXX_LOCK_CLASS());
	XArray<Box<Item>> runtime(XaFlags::LockIrq, KXX_LOCK_CLASS());
	unsigned long irqs_on = 0;
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = outer.lock();
		for (unsigned long i = 0; i < 8; i++) {
			auto a = inner.store(i << 40, item(i), GFP_KERNEL);
			irqs_on += !kxx_kunit_irqs_disabled();
			auto b = runtime.insert(i << 44, item(i), GFP_KERNEL);
			irqs_on += !kxx_kunit_irqs_disabled();
			KXX_EXPECT_TRUE(test, a.is_ok() && b.is_ok());
		}
		KXX_EXPECT_EQ(test, misuse.count(), 16ul);
	}
	KXX_EXPECT_EQ(test, irqs_on, 0ul);
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	// with interrupts on, GFP_KERNEL is fine and is no misuse
	KXX_EXPECT_TRUE(test, inner.store(1ul << 50, item(9), GFP_KERNEL).is_ok());
}
