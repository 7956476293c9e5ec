// proves: a Mutex Guard (also try_lock()'s) does not outlive the Mutex it holds when that Mutex dies at the semicolon (a Mutex in a temporary Box)
// expect: temporary whose address is used as value of local variable 'g' will be destroyed
#include <kxx/kxx.h>

kxx::Box<kxx::Mutex<int>> mk();

[[maybe_unused]] static int f(kxx::Box<kxx::Mutex<int>> &kept)
{
#ifndef KXX_CONTROL
	auto g = mk()->try_lock();
#else
	auto g = kept->try_lock();
#endif
	return g.has_value() ? **g : 0;
}
