// SPDX-License-Identifier: GPL-2.0
/* The C++ part of the vendoring check: a little of every kxx area. */
#include <kxx/kxx.h>

using namespace kxx;

namespace {

Result<u32> exercise()
{
	XArray<Box<u32>> xa(XaFlags::Alloc1);
	u32 sum = 0;
	for (u32 v = 1; v <= 4; v++) {
		Box<u32> b = KXX_TRY(Box<u32>::make(GFP_KERNEL, v * 10));
		KXX_TRY(xa.alloc(move(b), GFP_KERNEL));
	}
	{
		auto guard = xa.lock();
		for (auto e : guard.entries())
			sum += *e.value;
	}

	Rcu<RcuBox<u32>> latest(KXX_TRY(RcuBox<u32>::make(GFP_KERNEL, 5u)));
	{
		auto g = rcu::read_lock();
		sum += *latest.dereference(g);
	}

	Option<DynamicPerCpu<u32>> hits = DynamicPerCpu<u32>::new_zero(GFP_KERNEL);
	if (hits.is_none())
		return code::ENOMEM;
	hits->add(7);
	return sum + hits->sum(); // 100 + 5 + 7
}

} // namespace

extern "C" int kxx_vendored_run(void);
extern "C" int kxx_vendored_run(void)
{
	Result<u32> r = exercise();
	if (r.is_err())
		return r.error().to_errno();
	kxx_pr_info("kxx_vendored: ok %u\n", *r);
	return 0;
}
