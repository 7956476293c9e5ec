// proves: get() and operator-> are &-qualified: `s.lock().get()` does not compile (the borrow would outlive the lock)
// expect: use of deleted function .*get
// expect-clang: call to deleted member function 'get'
#include <kxx/kxx.h>

struct Stats {
	int hits;
};

[[maybe_unused]] static int f(kxx::SpinLock<Stats> &s)
{
	auto guard = s.lock();
	int n = guard.get().hits + guard->hits;
#ifndef KXX_CONTROL
	Stats &dangling = s.lock().get();
	n += dangling.hits;
#endif
	return n;
}
