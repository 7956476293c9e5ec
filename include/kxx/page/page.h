/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/page/page.h - pages of memory: Page, RcuPage (owned) and PageRef (borrowed).
 *
 * Wraps:     <linux/gfp.h> (alloc_page, __free_page), <linux/highmem.h>
 *            (memcpy_page, memcpy_to_page, memcpy_from_page, memzero_page) and
 *            call_rcu() on the page's own rcu_head, through src/page.c.
 * Types:     Page (freed at once) and RcuPage (freed a grace period later) are
 *            BasicPage<Free>: one zero-filled order-0 page.  Invariant: page_is
 *            null only after a move or into_raw; otherwise a page from the
 *            allocator owned only here.  PageRef: a borrowed page or none,
 *            valid while its lender lives; every offset and length is checked
 *            against PAGE_SIZE.  ForeignOwnable<BasicPage> (the foreign pointer
 *            is the struct page *) and rcu_freed_v<RcuPage> (below).
 * Contexts:  alloc() as its gfp says; dropping either, and PageRef's copies:
 *            any context.
 * Promises:  docs/soundness.md, "1. Ownership" (the Page row), "2. Borrows"
 *            (the PageRef rows) and "4. Contexts" (dropping a Page).
 * Tests:     kunit/page_test.cpp (kxx_page: every case); compile-fail:
 *            page_copy, page_borrow_of_temporary,
 *            borrow_through_temporary_owner, xarray_load_page; clang-fail:
 *            page_borrow_outlives_owner, page_borrow_outlives_read_guard.
 *
 *   Page       one zero-filled page (order 0) from alloc_page(); dropping it
 *              frees the page at once.
 *   RcuPage    the same, but dropping it frees the page a grace period later
 *              (call_rcu() on the page's own rcu_head, which the kernel
 *              lends to whoever owns the page): dropping never blocks, and
 *              a reader under an rcu::ReadGuard may use a borrow of it while
 *              a writer removes and drops it.  XArray<RcuPage>::load() is
 *              the lockless lookup of a RAM disk (examples/ram/).
 *   PageRef    a borrowed page: copy bytes between pages, into and out of
 *              byte arrays, zero a range.
 *              Every offset and length is checked against PAGE_SIZE: a
 *              range that does not fit is a misuse report and copies
 *              nothing.  Pages the kernel lends as raw `struct page *` (a
 *              bio's segments) become PageRefs through from_raw(), the
 *              raw-pointer edge.
 *
 * Both owners are foreign_ownable: the foreign pointer is the struct page *,
 * so an XArray of them holds what a C driver's would.  A moved-from owner has
 * no page: using it stops with BUG().
 *
 * A page's contents are plain bytes with no invariant to break, so a borrow
 * may write them, also while lockless readers read them: I/O racing on the
 * same bytes sees some mix of old and new data, as on any block device,
 * never freed memory.
 *
 * The callback that frees the page is module code: KXX_MODULE_EXIT()
 * (kxx/module.h) waits for it before the module goes.
 */
#ifndef KXX_PAGE_PAGE_H
#define KXX_PAGE_PAGE_H

#include <kxx/bindings.h>
#include <kxx/core/annotations.h>
#include <kxx/core/layout.h>
#include <kxx/core/misuse.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/alloc/gfp.h>
#include <kxx/result/result.h>

namespace kxx {

/* The kernel's PAGE_SIZE. */
inline constexpr size_t PAGE_SIZE = KXX_PAGE_SIZE;

/*
 * When a dropped page goes back to the allocator: Now (Page), or
 * AfterGracePeriod (RcuPage: lockless readers may still copy from it).
 */
enum class PageFree {
	Now,
	AfterGracePeriod,
};

/*
 * The pages this module holds through Page and RcuPage, including dropped
 * RcuPages whose grace period has not ended: counted in kernels with
 * CONFIG_DEBUG_VM (the test kernel), None elsewhere.  After rcu::barrier(),
 * a module that has dropped every page holds none.
 */
inline Option<long> pages_held()
{
	long n = kxx_page_count();
	if (n < 0)
		return None;
	return n;
}

template <PageFree Free> class BasicPage;
/* One owned page, freed at once (Page) or after a grace period (RcuPage). */
using Page = BasicPage<PageFree::Now>;
using RcuPage = BasicPage<PageFree::AfterGracePeriod>;

/*
 * A borrowed page, or none (a lookup that found nothing).  Valid while its
 * lender lives: the owner, the XArray guard or rcu::ReadGuard it came from,
 * the bio the kernel lent it in.  Its copies are always inlined, as C's
 * memcpy_page() is: the bounds the checks establish then reach the copy,
 * which the compiler can expand in place (see src/page.c).
 */
class PageRef {
public:
	PageRef() : page_(nullptr) {}

	/*
	 * The raw-pointer edge: a page the kernel lends (a bio segment's
	 * bv_page).  The caller promises it stays allocated while the PageRef
	 * is used.
	 */
	[[nodiscard]] static PageRef from_raw(struct page *page) { return PageRef(page); }

	/* Whether it refers to a page; the kernel's struct page, for C. */
	explicit operator bool() const { return page_ != nullptr; }
	struct page *as_raw() const { return page_; }

	/*
	 * Copies @len bytes from @src at @src_offset to this page at @offset
	 * (within one page, overlapping ranges are moved, as memmove()).
	 */
	KXX_ALWAYS_INLINE void copy_from(size_t offset, PageRef src, size_t src_offset,
					      size_t len) const
	{
		if (!fits(offset, len) || !fits(src_offset, len) || !page_ || !src.page_) {
			KXX_WARN_MISUSE("PageRef::copy_from(): a range outside a page, or no page");
			return;
		}
		if (__builtin_expect(page_ == src.page_, 0))
			kxx_memmove_in_page(page_, offset, src_offset, len);
		else
			kxx_memcpy_page(page_, offset, src.page_, src_offset, len);
	}
	/* Copies the bytes at @offset into @dst, all N of them. */
	template <size_t N> KXX_ALWAYS_INLINE void read(size_t offset, u8 (&dst)[N]) const
	{
		if (!fits(offset, N) || !page_) {
			KXX_WARN_MISUSE("PageRef::read(): a range outside a page, or no page");
			return;
		}
		kxx_memcpy_from_page(dst, page_, offset, N);
	}
	/* Copies @src, all N bytes, to @offset. */
	template <size_t N>
	KXX_ALWAYS_INLINE void write(size_t offset, const u8 (&src)[N]) const
	{
		if (!fits(offset, N) || !page_) {
			KXX_WARN_MISUSE("PageRef::write(): a range outside a page, or no page");
			return;
		}
		kxx_memcpy_to_page(page_, offset, src, N);
	}
	/* Zeroes @len bytes at @offset. */
	KXX_ALWAYS_INLINE void zero(size_t offset, size_t len) const
	{
		if (!fits(offset, len) || !page_) {
			KXX_WARN_MISUSE("PageRef::zero(): a range outside a page, or no page");
			return;
		}
		kxx_memzero_page(page_, offset, len);
	}

	/* The same page. */
	friend bool operator==(PageRef a, PageRef b) { return a.page_ == b.page_; }

private:
	template <PageFree> friend class BasicPage;
	explicit PageRef(struct page *page) : page_(page) {}
	static bool fits(size_t offset, size_t len)
	{
		return offset <= PAGE_SIZE && len <= PAGE_SIZE - offset;
	}

	struct page *page_;
};

/*
 * One owned page of memory (alloc_page), zeroed, freed exactly once when
 * dropped (RcuPage: after a grace period).  Its bytes are read and written
 * through a PageRef (borrow()).  Promises: docs/soundness.md, 1. Ownership and
 * 2. Borrows.
 */
template <PageFree Free> class BasicPage {
public:
	/* A zero-filled page; ENOMEM if none can be had with @gfp. */
	[[nodiscard]] static Result<BasicPage> alloc(Gfp gfp)
	{
		struct page *page = kxx_alloc_page(gfp.bits() | KXX_GFP_ZERO);
		if (!page)
			return code::ENOMEM;
		// INVARIANT: a page from the allocator, owned only here.
		return BasicPage(page);
	}

	/* Takes other's page; other is left empty (inert). */
	BasicPage(BasicPage &&other) : page_(exchange(other.page_, nullptr)) {}
	/* Takes other's page first, then frees the old one (see Box). */
	BasicPage &operator=(BasicPage &&other)
	{
		if (struct page *old = exchange(page_, exchange(other.page_, nullptr)))
			release(old);
		return *this;
	}
	BasicPage(const BasicPage &) = delete;
	BasicPage &operator=(const BasicPage &) = delete;
	~BasicPage()
	{
		if (struct page *page = exchange(page_, nullptr))
			release(page);
	}

	/* The page, borrowed for as long as this owner keeps it. */
	PageRef borrow() const & KXX_LIFETIMEBOUND { return PageRef(checked()); }
	/* A temporary's page would be freed at the semicolon. */
	PageRef borrow() const && = delete;
	explicit operator bool() const { return page_ != nullptr; }

	/* Gives up ownership: the caller must pass the pointer to from_raw(). */
	[[nodiscard]] void *into_raw() { return exchange(page_, nullptr); }
	/* Takes back a non-null pointer from into_raw(). */
	[[nodiscard]] static BasicPage from_raw(const void *raw)
	{
		if (!raw)
			__builtin_unreachable();
		return BasicPage(static_cast<struct page *>(const_cast<void *>(raw)));
	}
	static PageRef borrow_raw(const void *raw)
	{
		return PageRef(static_cast<struct page *>(const_cast<void *>(raw)));
	}

private:
	explicit BasicPage(struct page *page) : page_(page) {}

	// SAFETY: @page is owned here and nobody else frees it.  An RcuPage
	// may still be borrowed by readers under a read guard: its page goes
	// back to the allocator only after a grace period.
	static void release(struct page *page)
	{
		if constexpr (Free == PageFree::Now)
			kxx_free_page(page);
		else
			kxx_free_page_rcu(page);
	}
	struct page *checked() const
	{
		if (__builtin_expect(!page_, 0))
			kxx_bug("use of a moved-from kxx::Page");
		return page_;
	}

	struct page *page_;
};

/*
 * Borrows are PageRefs, shared and exclusive alike: the bytes carry no
 * invariant (see the top of this file).
 */
template <PageFree Free>
struct ForeignOwnable<BasicPage<Free>>
    : detail::RawForeign<ForeignOwnable<BasicPage<Free>>, BasicPage<Free>> {
	/* The trait's types (foreign/ownable.h). */
	using Owner = BasicPage<Free>;
	static constexpr size_t align = KXX_ALIGNOF_PAGE;
	using Borrowed = PageRef;
	using BorrowedMut = PageRef;

	// SAFETY: ptr came from into_foreign(), whose ownership the caller
	// gives back exactly once.
	/* The trait's operations (foreign/ownable.h's table). */
	static Owner from_foreign(void *ptr) { return Owner::from_raw(ptr); }
	static Borrowed borrow(void *ptr) { return Owner::borrow_raw(ptr); }
	static BorrowedMut borrow_mut(void *ptr) { return Owner::borrow_raw(ptr); }
};

/* An RcuPage outlives a grace period: lockless load() works on it. */
template <> inline constexpr bool rcu_freed_v<RcuPage> = true;

} // namespace kxx

#endif /* KXX_PAGE_PAGE_H */
