// SPDX-License-Identifier: GPL-2.0
/*
 * Page shims for kxx (include/kxx/page/page.h): order-0 pages from the page
 * allocator, freed at once or after a grace period, and copies between them.
 *
 * An RcuPage is freed through the page's own rcu_head, which struct page
 * lends to the page's owner for exactly this: nothing else uses it while a
 * driver owns the page, so freeing after a grace period needs no allocation.
 * The callback is this module's code: KXX_MODULE_EXIT() waits for it
 * (kxx_module_exit_barriers(), src/srcu.c).
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <kxx/bindings.h>

/*
 * With CONFIG_DEBUG_VM (the test kernel), this module counts the pages it
 * holds, so tests and a driver's exit can check that every page came back
 * exactly once.  Other kernels pay nothing.
 */
#ifdef CONFIG_DEBUG_VM
static atomic_long_t kxx_pages_held = ATOMIC_LONG_INIT(0);
#define kxx_pages_add(n) atomic_long_add((n), &kxx_pages_held)
#else
#define kxx_pages_add(n) do { } while (0)
#endif

long kxx_page_count(void)
{
#ifdef CONFIG_DEBUG_VM
	return atomic_long_read(&kxx_pages_held);
#else
	return -1;
#endif
}

KXX_SHIM struct page *kxx_alloc_page(unsigned int gfp)
{
	struct page *page = alloc_page((__force gfp_t)gfp);

	if (page)
		kxx_pages_add(1);
	return page;
}

KXX_SHIM void kxx_free_page(struct page *page)
{
	__free_page(page);
	kxx_pages_add(-1);
}

static void kxx_free_page_rcu_fn(struct rcu_head *head)
{
	__free_page(container_of(head, struct page, rcu_head));
	kxx_pages_add(-1);
}

KXX_SHIM void kxx_free_page_rcu(struct page *page)
{
	call_rcu(&page->rcu_head, kxx_free_page_rcu_fn);
}

/*
 * memcpy_page(), with the range the C++ has checked told to the compiler:
 * a copy known to be at most a page is one the compiler may inline (as it
 * does in C drivers whose lengths it can bound) instead of calling memcpy.
 */
KXX_SHIM void kxx_memcpy_page(struct page *dst, unsigned long dst_offset, struct page *src,
			      unsigned long src_offset, unsigned long len)
{
	char *to = kmap_local_page(dst);
	char *from = kmap_local_page(src);
	unsigned int n = min_t(unsigned long, len, PAGE_SIZE); /* len, checked by kxx */

	memcpy(to + dst_offset, from + src_offset, n);
	kunmap_local(from);
	kunmap_local(to);
	flush_dcache_page(dst); /* as memcpy_to_page() does; nothing on x86 */
}

KXX_SHIM void kxx_memzero_page(struct page *page, unsigned long offset, unsigned long len)
{
	memzero_page(page, offset, len);
}

KXX_SHIM void kxx_memcpy_from_page(void *dst, struct page *page, unsigned long offset,
				   unsigned long len)
{
	memcpy_from_page(dst, page, offset, len);
}

KXX_SHIM void kxx_memcpy_to_page(struct page *page, unsigned long offset, const void *src,
				 unsigned long len)
{
	memcpy_to_page(page, offset, src, len);
}

KXX_SHIM void kxx_memmove_in_page(struct page *page, unsigned long dst_offset,
				  unsigned long src_offset, unsigned long len)
{
	char *addr = kmap_local_page(page);

	memmove(addr + dst_offset, addr + src_offset, len);
	kunmap_local(addr);
	flush_dcache_page(page);
}
