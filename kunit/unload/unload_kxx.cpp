// SPDX-License-Identifier: GPL-2.0
/*
 * The C++ half of kxx_unload (unload.c): frees queued through kxx that are
 * still pending when the module's exit returns.
 */
#include <kxx/kxx.h>

#include "unload.h"

using namespace kxx;

KXX_DECLARE_SRCU(kxx_unload_srcu); // KXX_DEFINE_SRCU() in unload.c

namespace {

constinit StaticSrcuDomain static_domain{ KXX_SRCU(kxx_unload_srcu) };

constinit long ran = 0;
constinit long expected = -1; // until the exit says

/* Not trivially destructible: kxx runs the destructor in process context. */
struct Tracker {
	explicit Tracker(long v) : value(v) {}
	~Tracker() { kxx_unload_ran(); }
	long value;
};

} // namespace

void kxx_unload_expect(long total)
{
	__atomic_store_n(&expected, total, __ATOMIC_SEQ_CST);
}

void kxx_unload_ran(void)
{
	long n = __atomic_add_fetch(&ran, 1, __ATOMIC_SEQ_CST);
	long total = __atomic_load_n(&expected, __ATOMIC_SEQ_CST);
	if (n == total) // the last one: qemu/test.sh looks for this line
		kxx_pr_info("kxx_unload: %ld of %ld callbacks ran\n", n, total);
}

/* @n RcuBoxes dropped at once: each freed a grace period later. */
void kxx_unload_queue(long n)
{
	for (long i = 0; i < n; i++) {
		Result<RcuBox<Tracker>> b = RcuBox<Tracker>::make(GFP_KERNEL, i);
		if (b.is_err())
			kxx_unload_ran(); // counted anyway: the total stays reachable
	}
}

/* @n SrcuBoxes of the static domain, each dropped at once. */
long kxx_unload_static_boxes(long n)
{
	long queued = 0;
	for (long i = 0; i < n; i++)
		if (SrcuBox<Tracker>::make(static_domain, GFP_KERNEL, i).is_ok())
			queued++;
	return queued;
}

/*
 * A domain destroyed with a reader inside (leaked, with a report: expected
 * here, so counted rather than WARNed), then @boxes SrcuBoxes of it dropped
 * after the reader leaves: their callbacks are pending at the exit.
 */
long kxx_unload_leak_domain(long boxes)
{
	Result<SrcuDomain> made = SrcuDomain::make();
	if (made.is_err())
		return 0;
	Option<SrcuDomain> domain(move(made).value());
	Option<SrcuBox<Tracker>> kept[8];
	long n = 0;
	for (; n < boxes && n < 8; n++) {
		kept[n] = SrcuBox<Tracker>::make(*domain, GFP_KERNEL, n).ok();
		if (kept[n].is_none())
			break;
	}
	unsigned long before = kxx_misuse_expect(true);
	{
		auto g = domain->read_lock();
		domain.reset(); // leaked: a reader is inside
	}
	unsigned long reports = kxx_misuse_expect(false) - before;
	if (reports != 1)
		kxx_pr_info("kxx_unload: FAIL: %lu reports for the leaked domain\n", reports);
	for (long i = 0; i < n; i++)
		kept[i].reset(); // call_srcu() on the leaked domain
	return n;
}
