// proves: a range-for over a temporary XaReadCursor's walk does not compile (the body would run outside RCU)
// expect: use of deleted function .*entries
// expect-clang: call to deleted member function 'entries'
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::RcuBox<int>> &xa)
{
	unsigned long n = 0;
	kxx::XaReadCursor rc(xa);
	for (auto e : rc.entries())
		n += e.index;
#ifndef KXX_CONTROL
	for (auto e : kxx::XaReadCursor(xa).entries())
		n += e.index;
#endif
	return n;
}
