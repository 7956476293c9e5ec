// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/page_test.cpp - Page and RcuPage: pages owned, copied and freed once.
 *
 * Proves:    kxx/page/page.h.
 * Suites:    kxx_page.
 *
 * Zero-filled allocation, bounded copies, moves, an XArray of pages, and an
 * RcuPage borrow that outlives its removal inside a read-side section.
 * DEBUG_VM reports a page freed twice or with a bad count, and lets kxx
 * count the pages this module holds (pages_held()); KASAN reports a read of
 * a freed page.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

namespace {

constexpr size_t chunk = 256;

/* Whether the page holds only zeroes in [first, last). */
bool zeroes(PageRef p, size_t first, size_t last)
{
	u8 buf[chunk];
	for (size_t off = first; off < last; off += chunk) {
		p.read(off, buf);
		for (size_t i = 0; i < chunk && off + i < last; i++)
			if (buf[i])
				return false;
	}
	return true;
}

void pattern(u8 (&buf)[chunk], u8 seed)
{
	for (size_t i = 0; i < chunk; i++)
		buf[i] = static_cast<u8>(seed + i * 7);
}

bool holds(PageRef p, size_t offset, u8 seed)
{
	u8 want[chunk], got[chunk];
	pattern(want, seed);
	p.read(offset, got);
	for (size_t i = 0; i < chunk; i++)
		if (got[i] != want[i])
			return false;
	return true;
}

} // namespace

KXX_TEST(kxx_page, alloc_is_zeroed_and_copies_bytes)
{
	Page a = Page::alloc(GFP_KERNEL).value();
	Page b = Page::alloc(GFP_KERNEL).value();
	KXX_EXPECT_TRUE(test, zeroes(a.borrow(), 0, PAGE_SIZE));

	u8 buf[chunk];
	pattern(buf, 3);
	a.borrow().write(100, buf);
	KXX_EXPECT_TRUE(test, holds(a.borrow(), 100, 3));
	KXX_EXPECT_TRUE(test, zeroes(a.borrow(), 0, 100));

	// Page to page, then part of it zeroed again.
	b.borrow().copy_from(PAGE_SIZE - chunk, a.borrow(), 100, chunk);
	KXX_EXPECT_TRUE(test, holds(b.borrow(), PAGE_SIZE - chunk, 3));
	KXX_EXPECT_TRUE(test, zeroes(b.borrow(), 0, PAGE_SIZE - chunk));
	b.borrow().zero(PAGE_SIZE - chunk, chunk);
	KXX_EXPECT_TRUE(test, zeroes(b.borrow(), 0, PAGE_SIZE));
	KXX_EXPECT_TRUE(test, a.borrow() != b.borrow());

	// Within one page, overlapping: moved, as memmove(), either way.
	a.borrow().copy_from(100 + chunk / 2, a.borrow(), 100, chunk);
	KXX_EXPECT_TRUE(test, holds(a.borrow(), 100 + chunk / 2, 3));
	a.borrow().copy_from(100 + chunk / 4, a.borrow(), 100 + chunk / 2, chunk);
	KXX_EXPECT_TRUE(test, holds(a.borrow(), 100 + chunk / 4, 3));
}

KXX_TEST(kxx_page, out_of_range_is_a_misuse_that_changes_nothing)
{
	Page a = Page::alloc(GFP_KERNEL).value();
	Page b = Page::alloc(GFP_KERNEL).value();
	u8 buf[chunk];
	pattern(buf, 9);
	b.borrow().write(0, buf);

	kxx::kunit::ExpectMisuse misuse;
	a.borrow().write(PAGE_SIZE - chunk + 1, buf);	      // one byte past the end
	a.borrow().copy_from(1, b.borrow(), 0, PAGE_SIZE);     // destination too short
	a.borrow().copy_from(0, b.borrow(), PAGE_SIZE + 1, 0); // source offset past the end
	a.borrow().zero(PAGE_SIZE, 1);
	a.borrow().zero(1, ~0ul); // offset + len wraps around
	a.borrow().copy_from(1, b.borrow(), 0, ~0ul); // so does this length
	a.borrow().copy_from(0, PageRef(), 0, 8); // no source page
	PageRef none;
	none.copy_from(0, b.borrow(), 0, 8); // no destination page
	none.zero(0, 1);
	none.write(0, buf);
	none.read(0, buf);
	KXX_EXPECT_EQ(test, misuse.count(), 11ul);
	KXX_EXPECT_TRUE(test, zeroes(a.borrow(), 0, PAGE_SIZE));
	KXX_EXPECT_TRUE(test, holds(b.borrow(), 0, 9));

	// The edges themselves are in range.
	a.borrow().write(PAGE_SIZE - chunk, buf);
	a.borrow().copy_from(PAGE_SIZE, b.borrow(), PAGE_SIZE, 0);
	KXX_EXPECT_EQ(test, misuse.count(), 11ul);
	KXX_EXPECT_TRUE(test, holds(a.borrow(), PAGE_SIZE - chunk, 9));
}

KXX_TEST(kxx_page, alloc_failure_is_enomem)
{
	if (!kxx::kunit::FailAllocations::available())
		KXX_SKIP(test, "fault injection not configured (fail_page_alloc task-filter)");
	Result<RcuPage> r = code::EINVAL;
	{
		kxx::kunit::FailAllocations fail;
		r = RcuPage::alloc(GFP_KERNEL);
	}
	KXX_ASSERT_TRUE(test, r.is_err());
	KXX_EXPECT_TRUE(test, r.error() == code::ENOMEM);
}

KXX_TEST(kxx_page, moves_keep_one_owner)
{
	Page a = Page::alloc(GFP_KERNEL).value();
	Page b = Page::alloc(GFP_KERNEL).value();
	u8 buf[chunk];
	pattern(buf, 5);
	b.borrow().write(0, buf);

	a = move(b); // a's first page is freed here, once
	KXX_EXPECT_FALSE(test, static_cast<bool>(b));
	KXX_EXPECT_TRUE(test, holds(a.borrow(), 0, 5));

	Page &self = a;
	a = move(self); // assigned from itself: still the one owner
	KXX_ASSERT_TRUE(test, static_cast<bool>(a));
	KXX_EXPECT_TRUE(test, holds(a.borrow(), 0, 5));

	Page c(move(a));
	KXX_EXPECT_FALSE(test, static_cast<bool>(a));
	KXX_EXPECT_TRUE(test, holds(c.borrow(), 0, 5));
}

KXX_TEST(kxx_page, rcu_page_moves_keep_one_owner)
{
	RcuPage a = RcuPage::alloc(GFP_KERNEL).value();
	RcuPage b = RcuPage::alloc(GFP_KERNEL).value();
	u8 buf[chunk];
	pattern(buf, 6);
	b.borrow().write(0, buf);
	{
		auto g = rcu::read_lock();
		PageRef old = a.borrow();
		a = move(b); // a's first page: freed after a grace period
		KXX_EXPECT_TRUE(test, zeroes(old, 0, PAGE_SIZE)); // still there for this reader
	}
	KXX_EXPECT_FALSE(test, static_cast<bool>(b));
	RcuPage &self = a;
	a = move(self);
	KXX_ASSERT_TRUE(test, static_cast<bool>(a));
	KXX_EXPECT_TRUE(test, holds(a.borrow(), 0, 6));
	rcu::barrier();
}

KXX_TEST(kxx_page, xarray_of_pages_owns_them)
{
	XArray<Page, XaFlags::None> xa;
	u8 buf[chunk];
	for (unsigned long i = 0; i < 64; i++) {
		Page p = Page::alloc(GFP_KERNEL).value();
		pattern(buf, static_cast<u8>(i));
		p.borrow().write(i * 8, buf);
		KXX_ASSERT_TRUE(test, xa.insert(i * 3, move(p), GFP_KERNEL).is_ok());
	}
	// An index taken: the insert fails and hands the page back.
	Page extra = Page::alloc(GFP_KERNEL).value();
	auto r = xa.insert(9, move(extra), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_err());
	StoreError<Page> err = move(r).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_TRUE(test, zeroes(err.value.borrow(), 0, PAGE_SIZE));

	{
		auto g = xa.lock();
		for (unsigned long i = 0; i < 64; i++)
			KXX_EXPECT_TRUE(test, holds(g.get(i * 3), i * 8, static_cast<u8>(i)));
		KXX_EXPECT_FALSE(test, static_cast<bool>(g.get(1)));
	}
	Option<Page> taken = xa.remove(30);
	KXX_ASSERT_TRUE(test, taken.is_some());
	KXX_EXPECT_TRUE(test, holds(taken->borrow(), 80, 10));
	KXX_EXPECT_TRUE(test, xa.remove(30).is_none()); // nothing there: no page
	// The other 63 are freed by the array's destructor.
}

KXX_TEST(kxx_page, rcu_page_borrow_outlives_its_removal_in_a_read_section)
{
	XArray<RcuPage, XaFlags::None> xa;
	RcuPage p = RcuPage::alloc(GFP_KERNEL).value();
	u8 buf[chunk];
	pattern(buf, 42);
	p.borrow().write(512, buf);
	KXX_ASSERT_TRUE(test, xa.insert(5, move(p), GFP_KERNEL).is_ok());

	{
		auto g = rcu::read_lock();
		PageRef seen = xa.load(g, 5);
		KXX_ASSERT_TRUE(test, static_cast<bool>(seen));
		// Removed and dropped while this reader still holds the borrow:
		// the page goes back to the allocator only after a grace period,
		// which cannot end inside this section (KASAN would see the read).
		Option<RcuPage> gone = xa.remove(5);
		KXX_ASSERT_TRUE(test, gone.is_some());
		gone = None;
		KXX_EXPECT_TRUE(test, holds(seen, 512, 42));
		KXX_EXPECT_FALSE(test, static_cast<bool>(xa.load(g, 5)));
	}
	rcu::barrier(); // the page is freed by now
}

KXX_TEST(kxx_page, rcu_pages_dropped_in_atomic_context)
{
	XArray<RcuPage, XaFlags::None> xa;
	for (unsigned long i = 0; i < 32; i++)
		KXX_ASSERT_TRUE(test, xa.insert(i, RcuPage::alloc(GFP_KERNEL).value(),
						GFP_KERNEL)
					      .is_ok());
	{
		// Dropped under the array's spinlock: call_rcu() never sleeps
		// (DEBUG_ATOMIC_SLEEP would report it).
		auto g = xa.lock();
		for (unsigned long i = 0; i < 32; i++)
			KXX_EXPECT_TRUE(test, g.remove(i).is_some());
	}
	KXX_EXPECT_TRUE(test, xa.empty());
	rcu::barrier();
}

KXX_TEST(kxx_page, every_page_is_freed_exactly_once)
{
	rcu::barrier(); // nothing of an earlier case still pending
	Option<long> start = pages_held();
	if (start.is_none())
		KXX_SKIP(test, "pages are counted with CONFIG_DEBUG_VM only");
	{
		XArray<RcuPage, XaFlags::None> rcu_pages;
		XArray<Page, XaFlags::None> pages;
		for (unsigned long i = 0; i < 32; i++) {
			KXX_ASSERT_TRUE(test, rcu_pages.insert(i, RcuPage::alloc(GFP_KERNEL).value(),
							       GFP_KERNEL)
						      .is_ok());
			KXX_ASSERT_TRUE(test,
					pages.insert(i, Page::alloc(GFP_KERNEL).value(), GFP_KERNEL).is_ok());
		}
		KXX_EXPECT_EQ(test, *pages_held(), *start + 64);

		// Replaced (the old one handed back and dropped), removed, lost
		// an insert race, moved over: each page is freed once.
		{
			auto old = rcu_pages.store(3, RcuPage::alloc(GFP_KERNEL).value(), GFP_KERNEL);
			KXX_EXPECT_TRUE(test, old.is_ok() && old->is_some());
		} // the old RcuPage, dropped: held until its grace period ends
		rcu::barrier();
		Option<Page> taken = pages.remove(5);
		KXX_EXPECT_TRUE(test, pages.insert(6, Page::alloc(GFP_KERNEL).value(), GFP_KERNEL)
					      .is_err());
		Page other = Page::alloc(GFP_KERNEL).value();
		*taken = move(other);
		KXX_EXPECT_EQ(test, *pages_held(), *start + 64);
	}
	rcu::barrier(); // the RcuPages' grace periods
	KXX_EXPECT_EQ(test, *pages_held(), *start);
}

KXX_TEST(kxx_page, pages_in_hard_interrupts)
{
	// On every CPU, in the IPI handler: allocate without blocking, copy,
	// look up locklessly, and drop both kinds.  DEBUG_ATOMIC_SLEEP and
	// lockdep watch; the counts say each step happened.
	XArray<RcuPage, XaFlags::LockIrq> xa;
	for (unsigned long i = 0; i < kxx_kunit_online_cpus(); i++) {
		RcuPage p = RcuPage::alloc(GFP_KERNEL).value();
		u8 buf[chunk];
		pattern(buf, static_cast<u8>(i));
		p.borrow().write(0, buf);
		KXX_ASSERT_TRUE(test, xa.insert(i, move(p), GFP_KERNEL).is_ok());
	}
	Atomic<long> done{ 0 };
	auto in_irq = [](XArray<RcuPage, XaFlags::LockIrq> &xa, Atomic<long> &done) {
		unsigned int cpu = kxx_smp_processor_id();
		Result<Page> copy = Page::alloc(GFP_ATOMIC);
		Result<RcuPage> spare = RcuPage::alloc(GFP_ATOMIC);
		if (copy.is_err() || spare.is_err())
			return;
		bool same = false;
		{
			auto g = rcu::read_lock();
			if (PageRef p = xa.load(g, cpu)) {
				copy->borrow().copy_from(0, p, 0, chunk);
				same = holds(copy->borrow(), 0, static_cast<u8>(cpu));
			}
		}
		Option<RcuPage> old = xa.remove(cpu); // and dropped here, in the handler
		if (same && old.is_some())
			done.fetch_add(1);
	};
	on_each_cpu(in_irq, xa, done);
	KXX_EXPECT_EQ(test, done.load(), static_cast<long>(kxx_kunit_online_cpus()));
	KXX_EXPECT_TRUE(test, xa.empty());
	rcu::barrier();
}
