// proves: compare_exchange() cannot be called on a temporary Guard: the entry it reports on a mismatch is a borrow that would outlive the lock
// expect: use of deleted function .*compare_exchange
// expect-clang: call to deleted member function 'compare_exchange'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Box<int> a, kxx::Box<int> b)
{
	auto guard = xa.lock();
	auto ok = guard.compare_exchange(0, kxx::None, kxx::move(a), kxx::GFP_ATOMIC);
#ifndef KXX_CONTROL
	auto dangling = xa.lock().compare_exchange(1, kxx::None, kxx::move(b), kxx::GFP_ATOMIC);
#endif
}
