// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_ram's storage, on kxx (the block-layer glue is ram.c).
 *
 *   pages    XArray<RcuPage>: the page holding sectors [8i, 8i + 8) at
 *            index i (4 KiB pages), allocated on first write.
 *   reads    lockless: rcu::ReadGuard, load(), copy.  A discard may remove
 *            the page meanwhile; RcuPage frees it only after a grace
 *            period, so the copy never reads freed memory (the race C
 *            drivers have to get right by review).
 *   writes   the same lookup; a missing page is allocated, filled and
 *            inserted.  Two first writes to one page race in insert(): the
 *            loser gets its page back (EBUSY) and writes into the winner's.
 *   discard  removes whole pages under the array's lock, a batch at a time;
 *            dropping an RcuPage queues its free after a grace period.
 *            Write-zeroes does the same and zeroes the partial pages at its
 *            edges (with REQ_NOUNMAP it zeroes whole pages in place too).
 *   unload   the XArray's destructor drops every page left.
 */
#include <kxx/kxx.h>
#include "ram.h"

using namespace kxx;

namespace {

constexpr u32 sector_size = 512;
constexpr u32 sectors_per_page = PAGE_SIZE / sector_size;
/* Pages removed per hold of the array's lock by a discard. */
constexpr unsigned int discard_batch = 64;

/* Where a sector is: its page's index and its byte offset there. */
struct Place {
	explicit Place(u64 sector)
	    : index(sector / sectors_per_page), offset(sector % sectors_per_page * sector_size)
	{}
	unsigned long index;
	u32 offset;
};

u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

} // namespace

struct kxx_ram {
	XArray<RcuPage, XaFlags::None> pages{ KXX_LOCK_CLASS("kxx_ram pages") };
	Atomic<long> live_pages;
	Atomic<long> discarded_pages;
	Atomic<long> discards;
	Atomic<long> lost_races;

	/*
	 * The page at @index, with @n bytes at @at set from @src at @off.
	 * Inlined into kxx_ram_write(), whose bounds on @n then reach the
	 * copies: GCC expands them in place (out of line, it called memcpy()
	 * for them, about 1000 instructions more per written page).
	 */
	KXX_ALWAYS_INLINE Result<void> write_page(unsigned long index, u32 at, PageRef src, u32 off, u32 n, Gfp gfp)
	{
		for (;;) {
			{
				auto g = rcu::read_lock();
				if (PageRef dst = pages.load(g, index)) {
					dst.copy_from(at, src, off, n);
					return {};
				}
			}
			RcuPage fresh = KXX_TRY(RcuPage::alloc(gfp));
			fresh.borrow().copy_from(at, src, off, n);
			// Counted before it is published: a discard may take it at once.
			live_pages.fetch_add(1);
			auto r = pages.insert(index, move(fresh), gfp);
			if (r.is_ok())
				return {};
			live_pages.fetch_sub(1);
			if (r.error().error != code::EBUSY)
				return r.error().error;
			// Another first write won; ours is dropped and the loop
			// writes into theirs (unless a discard took it again).
			lost_races.fetch_add(1);
		}
	}

	/* Removes the pages [first, end), a batch per hold of the lock. */
	void remove_pages(unsigned long first, unsigned long end)
	{
		unsigned long next = first;
		while (next < end) {
			long n = 0;
			{
				auto g = pages.lock();
				for (unsigned int i = 0; i < discard_batch; i++) {
					auto e = g.find(next, end - 1);
					if (e.is_none()) {
						next = end;
						break;
					}
					next = e->index + 1;
					// Dropped here, under the lock: call_rcu()
					// queues the free and never sleeps.
					Option<RcuPage> gone = g.remove(e->index);
					n += gone.is_some();
				}
			}
			live_pages.fetch_sub(n);
			discarded_pages.fetch_add(n);
		}
	}

	/* Zeroes @len bytes at @at in the page at @index, if there is one. */
	void zero_in_page(unsigned long index, u32 at, u32 len)
	{
		auto g = rcu::read_lock();
		if (PageRef p = pages.load(g, index))
			p.zero(at, len);
	}
};

extern "C" struct kxx_ram *kxx_ram_create(void)
{
	Result<Box<kxx_ram>> ram = Box<kxx_ram>::make(GFP_KERNEL);
	if (ram.is_err())
		return nullptr;
	return move(ram).value().into_raw();
}

extern "C" void kxx_ram_destroy(struct kxx_ram *ram)
{
	// SAFETY: ram came from kxx_ram_create(), and the disk is gone, so no
	// bio can reach it any more.
	Box<kxx_ram> owned = Box<kxx_ram>::from_raw(ram);
}

extern "C" void kxx_ram_read(struct kxx_ram *ram, unsigned long long sector, struct page *page,
			     unsigned int offset, unsigned int len)
{
	// SAFETY: the bio lends its segment's page for the call.
	PageRef dst = PageRef::from_raw(page);
	while (len) {
		Place at(sector);
		u32 n = min_u32(len, PAGE_SIZE - at.offset);
		{
			auto g = rcu::read_lock();
			if (PageRef src = ram->pages.load(g, at.index))
				dst.copy_from(offset, src, at.offset, n);
			else
				dst.zero(offset, n);
		}
		sector += n / sector_size;
		offset += n;
		len -= n;
	}
}

extern "C" int kxx_ram_write(struct kxx_ram *ram, unsigned long long sector, struct page *page,
			     unsigned int offset, unsigned int len, bool nowait)
{
	// SAFETY: the bio lends its segment's page for the call.
	PageRef src = PageRef::from_raw(page);
	// Never GFP_KERNEL: reclaim could write back through this very disk.
	// REQ_NOWAIT: no blocking, and no warning (the bio is retried).
	Gfp gfp = nowait ? Gfp(GFP_NOWAIT | GFP_NOWARN) : GFP_NOIO;
	while (len) {
		Place at(sector);
		u32 n = min_u32(len, PAGE_SIZE - at.offset);
		Result<void> r = ram->write_page(at.index, at.offset, src, offset, n, gfp);
		if (r.is_err())
			return r.error().to_errno();
		sector += n / sector_size;
		offset += n;
		len -= n;
	}
	return 0;
}

extern "C" void kxx_ram_discard(struct kxx_ram *ram, unsigned long long sector, unsigned int bytes,
				bool zeroes, bool keep_pages)
{
	u64 end = sector + bytes / sector_size;
	// Whole pages: [first, last).
	unsigned long first = (sector + sectors_per_page - 1) / sectors_per_page;
	unsigned long last = end / sectors_per_page;
	ram->discards.fetch_add(1);
	if (zeroes) {
		Place head(sector), tail(end);
		if (head.index == tail.index) {
			ram->zero_in_page(head.index, head.offset, tail.offset - head.offset);
			return;
		}
		if (head.offset)
			ram->zero_in_page(head.index, head.offset, PAGE_SIZE - head.offset);
		if (tail.offset)
			ram->zero_in_page(tail.index, 0, tail.offset);
	}
	if (first < last && keep_pages) {
		for (unsigned long i = first; i < last; i++)
			ram->zero_in_page(i, 0, PAGE_SIZE);
	} else if (first < last) {
		ram->remove_pages(first, last);
	}
}

extern "C" long kxx_ram_stats(struct kxx_ram *ram, char *buf, unsigned long size)
{
	return kxx_scnprintf(buf, size,
			     "pages %ld\ndiscards %ld\ndiscarded_pages %ld\nlost_races %ld\n",
			     ram->live_pages.load(), ram->discards.load(),
			     ram->discarded_pages.load(), ram->lost_races.load());
}
