// proves: an XArray reservation cannot be copied (the index would be released twice)
// expect: use of deleted function .*Reservation
// expect-clang: call to deleted constructor of .*Reservation
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto r = xa.reserve(kxx::GFP_KERNEL);
	if (r.is_err())
		return;
	auto moved = kxx::move(*r);
#ifndef KXX_CONTROL
	auto copy = moved;
#endif
}
