// proves: data a driver marks KXX_GUARDED_BY a SpinLock is not written without that lock's Guard
// expect: writing variable 'count' requires holding spinlock
#include <kxx/kxx.h>

struct Stats {
	kxx::SpinLock<int> s{ 0 };
	long count KXX_GUARDED_BY(s) = 0;
};

[[maybe_unused]] static void f(Stats &st)
{
	{
		auto g = st.s.lock();
		st.count++;
	}
#ifndef KXX_CONTROL
	st.count++;
#endif
}
