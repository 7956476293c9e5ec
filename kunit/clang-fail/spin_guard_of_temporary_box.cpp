// proves: a Guard does not outlive the lock it holds when that lock dies at the semicolon (`mk()->lock()`: a SpinLock in a temporary Box; ~SpinLock would BUG, the Guard would unlock freed memory)
// expect: temporary whose address is used as value of local variable 'g' will be destroyed
#include <kxx/kxx.h>

kxx::Box<kxx::SpinLock<int>> mk();

[[maybe_unused]] static int f(kxx::Box<kxx::SpinLock<int>> &kept)
{
#ifndef KXX_CONTROL
	auto g = mk()->lock();
#else
	auto g = kept->lock();
#endif
	return *g;
}
