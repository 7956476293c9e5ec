// proves: with() cannot hand a reference or pointer to the T out of the critical section (it would be used after the unlock)
// expect: error: static assertion failed: with\(\): f returns a value, not a reference or pointer
// expect-clang: error: static assertion failed.*with\(\): f returns a value, not a reference or pointer
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &s)
{
	int n = s.with([](int &v) { return v; });
#ifndef KXX_CONTROL
	int *escaped = s.with([](int &v) { return &v; });
	n += *escaped;
#endif
	return n;
}
