// proves: a Reservation (or a Guard) cannot be taken on a temporary XArray, which it would outlive
// expect: use of deleted function .*(reserve|lock)
// expect-clang: call to deleted member function '(reserve|lock)'
#include <kxx/kxx.h>

[[maybe_unused]] static bool f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto fine = xa.reserve(kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	auto dangling = kxx::XArray<kxx::Box<int>>(kxx::XaFlags::Alloc).reserve(kxx::GFP_KERNEL);
#endif
	return fine.is_ok();
}
