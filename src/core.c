// SPDX-License-Identifier: GPL-2.0
/*
 * Core shims for kxx: BUG/WARN, printk, the slab allocator, refcount_t and
 * the run-time copy of the layout table.  Each is a one-line wrapper; see kxx/bindings.h.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/sprintf.h>
#include <kxx/bindings.h>
#include "layout-headers.h"

void kxx_bug(const char *why)
{
	pr_crit("kxx: %s\n", why);
	BUG();
}

static atomic_t kxx_misuse_expected = ATOMIC_INIT(0);
static atomic_long_t kxx_misuse_seen = ATOMIC_LONG_INIT(0);

void kxx_warn(bool *once, const char *file, int line, const char *why)
{
	if (atomic_read(&kxx_misuse_expected) > 0) {
		atomic_long_inc(&kxx_misuse_seen);
		pr_info("kxx: expected misuse: %s at %s:%d\n", why, file, line);
		return;
	}
	WARN(!*once, "kxx: %s at %s:%d\n", why, file, line);
	*once = true;
}

unsigned long kxx_misuse_expect(bool expect)
{
	if (expect)
		atomic_inc(&kxx_misuse_expected);
	else
		atomic_dec(&kxx_misuse_expected);
	return atomic_long_read(&kxx_misuse_seen);
}

void kxx_pr_info(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_info("%pV", &vaf);
	va_end(args);
}

int kxx_scnprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

KXX_SHIM void *kxx_kmalloc(unsigned long size, unsigned int gfp)
{
	return kmalloc(size, (__force gfp_t)gfp);
}

KXX_SHIM void kxx_kfree(const void *ptr)
{
	kfree(ptr);
}

KXX_SHIM void kxx_refcount_set(refcount_t *r, int n)
{
	refcount_set(r, n);
}

KXX_SHIM void kxx_refcount_inc(refcount_t *r)
{
	refcount_inc(r);
}

KXX_SHIM bool kxx_refcount_dec_and_test(refcount_t *r)
{
	return refcount_dec_and_test(r);
}

KXX_SHIM bool kxx_refcount_inc_not_zero(refcount_t *r)
{
	return refcount_inc_not_zero(r);
}

KXX_SHIM unsigned int kxx_refcount_read(const refcount_t *r)
{
	return refcount_read(r);
}

static const unsigned long kxx_layout_values[] = {
#define KXX_LAYOUT(name, expr) (unsigned long)(expr),
#include <kxx/layout.def>
#undef KXX_LAYOUT
};

unsigned long kxx_layout_value(unsigned int index)
{
	return index < ARRAY_SIZE(kxx_layout_values) ? kxx_layout_values[index] : 0;
}

unsigned int kxx_layout_count(void)
{
	return ARRAY_SIZE(kxx_layout_values);
}
