// SPDX-License-Identifier: GPL-2.0
/*
 * Core shims for kxx: BUG/WARN, printk, the slab allocator, refcount_t and
 * the run-time copy of the layout table.  Each is a one-line wrapper; see kxx/bindings.h.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/stringhash.h>
#include <linux/lockdep.h>
#include <kxx/bindings.h>
#include "compat.h"
#include "debug_checks.h"
#include "irqsave.h"
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

/*
 * Interrupt-disabled sections (irqsave guards: LockIrq XArrays, IrqGuard,
 * Rcu's spinning writers), taken with the kernel's own irqsave functions.
 * A section restores the state it found, which is
 * right only when sections end in the reverse order of their start.  C++
 * scopes guarantee that, and kxx refuses to put guards where they could
 * end otherwise (Option::reset, heap owners); a guard embedded in a heap
 * object can still end early.  Kernels with CONFIG_DEBUG_IRQFLAGS count this
 * module's open sections per CPU: one ending early while another is open is
 * reported, and interrupts stay off until the last one ends.  Elsewhere this
 * is local_irq_save()/local_irq_restore(), nothing more.
 */
#ifdef KXX_DEBUG_IRQFLAGS
static DEFINE_PER_CPU(unsigned int, kxx_irqsave_depth);
static DEFINE_PER_CPU(bool, kxx_irqsave_pending);
static DEFINE_PER_CPU(unsigned long, kxx_irqsave_outer_flags);
static bool kxx_irqsave_order_warned;
#endif

/* A section has just saved the state and disabled interrupts. */
KXX_SHIM void kxx_irq_saved(void)
{
#ifdef KXX_DEBUG_IRQFLAGS
	this_cpu_inc(kxx_irqsave_depth);
#endif
}

/*
 * The state a section ending with its saved @flags restores: @flags, unless
 * it ends before a section started after it (it would turn interrupts on
 * inside that one): then interrupts stay as they are, and the last section
 * to end restores @flags instead.
 */
KXX_SHIM unsigned long kxx_irq_restore_flags(unsigned long flags)
{
#ifdef KXX_DEBUG_IRQFLAGS
	if (this_cpu_dec_return(kxx_irqsave_depth)) {
		if (!irqs_disabled_flags(flags)) {
			kxx_warn(&kxx_irqsave_order_warned, __FILE__, __LINE__,
				 "irqsave guards ended out of order (interrupts stay off until the last one ends)");
			this_cpu_write(kxx_irqsave_outer_flags, flags);
			this_cpu_write(kxx_irqsave_pending, true);
			local_save_flags(flags); /* off, as now */
		}
	} else if (this_cpu_read(kxx_irqsave_pending)) {
		this_cpu_write(kxx_irqsave_pending, false);
		flags = this_cpu_read(kxx_irqsave_outer_flags);
	}
#endif
	return flags;
}

/*
 * Lock classes per declaration site (kxx_site_lock_class()): a lockdep key
 * must be static, so they come from a fixed pool in this module, found by
 * the site's file, line, type and flavour.  A slot is claimed with
 * cmpxchg and its name written before it is marked ready, so a site
 * always gets the same key under the same name.  Without lockdep the key
 * is empty and unused.
 */
#ifdef CONFIG_LOCKDEP
#define KXX_SITE_CLASSES 512

struct kxx_site_class {
	struct lock_class_key key;
	int state; /* 0 free, 1 being written, 2 ready */
	const char *what, *flavour, *file;
	unsigned int line;
	char name[160];
};

static struct kxx_site_class kxx_site_classes[KXX_SITE_CLASSES];
static struct lock_class_key kxx_site_overflow;
static bool kxx_site_overflow_warned;

static bool kxx_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

struct lock_class_key *kxx_site_lock_class(const char *what, const char *flavour,
					   const char *file, unsigned int line, const char **name)
{
	unsigned int start = (full_name_hash(NULL, file, strlen(file)) ^ line * 0x9e3779b9u) %
			     KXX_SITE_CLASSES;
	unsigned int i;

	for (i = 0; i < KXX_SITE_CLASSES; i++) {
		struct kxx_site_class *c = &kxx_site_classes[(start + i) % KXX_SITE_CLASSES];
		int state = smp_load_acquire(&c->state);
		unsigned long irqs;

		/*
		 * Claimed and written with interrupts off: nothing on this
		 * CPU can wait for it meanwhile (an interrupt declaring an
		 * array at the same place), and other CPUs wait only briefly.
		 */
		local_irq_save(irqs);
		if (state == 0 && cmpxchg(&c->state, 0, 1) == 0) {
			c->what = what;
			c->flavour = flavour;
			c->file = file;
			c->line = line;
			if (flavour)
				scnprintf(c->name, sizeof(c->name), "%s (%s, %s:%u)", what, flavour,
					  kbasename(file), line);
			else
				scnprintf(c->name, sizeof(c->name), "%s (%s:%u)", what,
					  kbasename(file), line);
			smp_store_release(&c->state, 2);
			local_irq_restore(irqs);
			*name = c->name;
			return &c->key;
		}
		local_irq_restore(irqs);
		while (smp_load_acquire(&c->state) == 1)
			cpu_relax();
		if (c->line == line && kxx_same(c->file, file) && kxx_same(c->what, what) &&
		    kxx_same(c->flavour, flavour)) {
			*name = c->name;
			return &c->key;
		}
	}
	kxx_warn(&kxx_site_overflow_warned, __FILE__, __LINE__,
		 "more lock declaration sites than kxx's pool of classes: the rest share one");
	*name = "kxx: lock declaration sites past the pool";
	return &kxx_site_overflow;
}
#else
struct lock_class_key *kxx_site_lock_class(const char *what, const char *flavour,
					   const char *file, unsigned int line, const char **name)
{
	static struct lock_class_key unused;

	*name = what;
	return &unused;
}
#endif

KXX_SHIM unsigned long kxx_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	kxx_irq_saved();
	return flags;
}

KXX_SHIM void kxx_irq_restore(unsigned long flags)
{
	unsigned long restore = kxx_irq_restore_flags(flags); /* the macro reads it twice */

	local_irq_restore(restore);
}

bool kxx_irqsave_order_checked(void)
{
	return IS_ENABLED(KXX_DEBUG_IRQFLAGS);
}

KXX_SHIM bool kxx_irqs_disabled(void)
{
	return irqs_disabled();
}

void kxx_might_sleep(void)
{
#ifdef KXX_DEBUG_MIGHT_SLEEP
	might_sleep();
#endif
}

KXX_SHIM void *kxx_kmalloc(unsigned long size, unsigned int gfp)
{
	return kmalloc(size, (__force gfp_t)gfp);
}

/*
 * kmalloc() of a constant size, its cache index computed by the caller:
 * C++ knows sizeof(T) at compile time, but this shim does not, and Clang
 * decides kmalloc()'s __builtin_constant_p(size) when it compiles the shim,
 * before LTO can inline it (GCC decides after).  Called with the index of
 * kmalloc_index(size), as kmalloc() itself would, so both compilers call
 * the same allocator as C.
 */
KXX_SHIM void *kxx_kmalloc_cache(unsigned int index, unsigned long size, unsigned int gfp)
{
	return kxx_kmalloc_from_cache(index, (__force gfp_t)gfp, size);
}

/* kmalloc_index() of a size only known at run time (its test). */
unsigned int kxx_kmalloc_index(unsigned long size)
{
	return __kmalloc_index(size, false);
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

/* Evaluated here, at run time (some entries call inline functions). */
unsigned long kxx_layout_value(unsigned int index)
{
	unsigned int at = 0;

#define KXX_LAYOUT(name, expr) if (index == at++) return (unsigned long)(expr);
#include <kxx/layout.def>
#undef KXX_LAYOUT
	return 0;
}

unsigned int kxx_layout_count(void)
{
	unsigned int count = 0;

#define KXX_LAYOUT(name, expr) count++;
#include <kxx/layout.def>
#undef KXX_LAYOUT
	return count;
}
