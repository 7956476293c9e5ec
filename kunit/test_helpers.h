/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kunit/test_helpers.h - what kxx's KUnit suites share: counted values and
 * look-ups.  Test-only: included by the suites in kunit/ after
 * <kxx/testing/kunit.h> and <kxx/kxx.h>, never by kxx's headers.
 *
 * Counted values: a counter in the destructor proves "dropped exactly once".
 * Each case that reads a counter resets it first.
 *   Tracked  a movable value for the owners (Result, Option, Box, Arc,
 *            ForeignOwnable): constructed, destroyed, reset(), live().
 *   Item     an XArray entry's value (Box<Item>, Arc<Item>, RcuBox<Item>):
 *            neither copied nor moved; constructed, destroyed, reset(),
 *            live(), counted atomically (writer threads and kxx's RCU worker
 *            drop them too).
 *   Counted  what RCU frees (Rcu<P>, RcuBox, RcuArc): counted atomically;
 *            reset() first waits for what earlier cases left to RCU.
 *   Sealed   what sleeping SRCU readers check whole (SrcuBox, Srcu<P>):
 *            valid() until destroyed, which poisons it; counted atomically.
 * Uncounted:
 *   Shared       a value for lockless readers (RcuBox<Shared>), trivially
 *                destructible on purpose: RcuBox frees it from the RCU
 *                callback itself, not from kxx's worker.
 *   OverAligned  a type aligned past what kmalloc() guarantees.
 * Functions:
 *   item(v)               a Box<Item>, allocated GFP_ATOMIC (many cases
 *                         allocate holding an array's spinlock);
 *   value_at(xa, i)       the value at i through a Guard, one lock per look;
 *   value_of(borrow)      the value a borrow views;
 *   value_at_index(xa, i) the value at i through a fresh XaCursor
 *   (the last three: ~0 where nothing is stored).
 *
 * All of it is inline, in namespace kxx_test (`using namespace kxx_test;`
 * beside `using namespace kxx;`): kxx_test.ko holds one copy, one set of
 * counters, and one instantiation of XArray<Box<Item>> for all the suites.
 * (Copies per file, in an anonymous namespace, made each file's
 * instantiations its own; GCC then inlined those called once, and the
 * model case's frame passed the kernel's frame-size limit.)
 */
#ifndef KXX_KUNIT_TEST_HELPERS_H
#define KXX_KUNIT_TEST_HELPERS_H

#include <kxx/kxx.h>

namespace kxx_test {

/* Counts constructions and destructions of live objects. */
struct Tracked {
	static inline int constructed;
	static inline int destroyed;
	static void reset() { constructed = destroyed = 0; }
	static int live() { return constructed - destroyed; }

	explicit Tracked(int v) : value(v) { constructed++; }
	Tracked(Tracked &&other) : value(other.value) { constructed++; }
	Tracked(const Tracked &) = delete;
	~Tracked() { destroyed++; }

	int value;
};

/* Counted atomically: writer threads and RCU's worker drop them too. */
struct Item {
	static inline long constructed;
	static inline long destroyed;
	static void reset()
	{
		__atomic_store_n(&constructed, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&destroyed, 0, __ATOMIC_RELAXED);
	}
	/* Read where nothing else runs (threads stopped, rcu::barrier() done). */
	static long live()
	{
		return __atomic_load_n(&constructed, __ATOMIC_RELAXED) -
		       __atomic_load_n(&destroyed, __ATOMIC_RELAXED);
	}

	explicit Item(unsigned long v) : value(v)
	{
		__atomic_fetch_add(&constructed, 1, __ATOMIC_RELAXED);
	}
	~Item() { __atomic_fetch_add(&destroyed, 1, __ATOMIC_RELAXED); }
	Item(const Item &) = delete;

	unsigned long value;
};

/* Destructor-counted value; counters are atomic (RCU callbacks run it). */
struct Counted {
	static inline long constructed;
	static inline long destroyed;
	static void reset()
	{
		kxx::rcu::barrier(); // nothing of an earlier case still pending
		__atomic_store_n(&constructed, 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&destroyed, 0, __ATOMIC_SEQ_CST);
	}
	static long made() { return __atomic_load_n(&constructed, __ATOMIC_SEQ_CST); }
	static long freed() { return __atomic_load_n(&destroyed, __ATOMIC_SEQ_CST); }

	explicit Counted(long v) : value(v)
	{
		__atomic_fetch_add(&constructed, 1, __ATOMIC_RELAXED);
	}
	~Counted() { __atomic_fetch_add(&destroyed, 1, __ATOMIC_RELAXED); }
	Counted(const Counted &) = delete;

	long value;
};

/* A value a reader checks whole; poisoned and counted when destroyed. */
struct Sealed {
	static inline long destroyed;
	explicit Sealed(kxx::u64 s) : seq(s), check(~s) {}
	~Sealed()
	{
		check = 0;
		__atomic_fetch_add(&destroyed, 1, __ATOMIC_RELAXED);
	}
	bool valid() const { return check == ~seq; }
	kxx::u64 seq;
	kxx::u64 check;
};

/* For lockless readers: freed after a grace period, so not counted. */
struct Shared {
	unsigned long value;
};

struct alignas(64) OverAligned {
	int v = 1;
};

/* GFP_ATOMIC: many cases allocate while holding the array's spinlock. */
inline kxx::Box<Item> item(unsigned long v)
{
	return kxx::Box<Item>::make(kxx::GFP_ATOMIC, v).value();
}

/* The value at @index, or ~0 if none: one lock per look. */
template <class X> unsigned long value_at(X &xa, unsigned long index)
{
	auto g = xa.lock();
	auto p = g.get(index);
	return p ? p->value : ~0ul;
}

template <class B> unsigned long value_of(const B &b)
{
	return b ? b->value : ~0ul;
}

/* The value at @index through a fresh cursor. */
template <class X> unsigned long value_at_index(X &xa, unsigned long index)
{
	kxx::XaCursor cur(xa, index);
	return value_of(cur.load());
}

} // namespace kxx_test

#endif /* KXX_KUNIT_TEST_HELPERS_H */
