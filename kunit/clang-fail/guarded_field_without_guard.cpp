// proves: data marked KXX_GUARDED_BY(an XArray) cannot be written without holding its lock
// expect: writing variable 'registered' requires holding xa_lock
#include <kxx/kxx.h>

struct Registry {
	kxx::XArray<kxx::Box<int>> xa;
	unsigned long registered KXX_GUARDED_BY(xa) = 0;
};

[[maybe_unused]] static void add_one(Registry &r)
{
	{
		auto guard = r.xa.lock();
		r.registered++; // fine: the guard holds xa's lock
	}
#ifndef KXX_CONTROL
	r.registered++;
#endif
}
