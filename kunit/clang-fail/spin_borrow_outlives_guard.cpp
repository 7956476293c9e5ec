// proves: a borrow of a SpinLock's T is not returned out of the scope of its Guard ([[clang::lifetimebound]])
// expect: reference to stack memory associated with local variable 'g' returned
#include <kxx/kxx.h>

[[maybe_unused]] static int &f(kxx::SpinLock<int> &s)
{
	auto g = s.lock();
#ifndef KXX_CONTROL
	return *g;
#else
	static int fine;
	return fine;
#endif
}
