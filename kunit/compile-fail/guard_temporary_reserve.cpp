// proves: Guard::reserve() cannot be called on a temporary Guard (use xa.reserve(), which gives an unattached Reservation)
// expect: use of deleted function .*reserve
// expect-clang: call to deleted member function 'reserve'
#include <kxx/kxx.h>

[[maybe_unused]] static bool f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc> &xa)
{
	auto fine = xa.reserve(kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	auto attached_to_nothing = xa.lock().reserve(kxx::GFP_ATOMIC);
#endif
	return fine.is_ok();
}
