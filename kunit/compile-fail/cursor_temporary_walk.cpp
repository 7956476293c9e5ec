// proves: a range-for over a temporary XaCursor's walk does not compile (the body would run unlocked)
// expect: use of deleted function .*entries
// expect-clang: call to deleted member function 'entries'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	int sum = 0;
	kxx::XaCursor cur(xa);
	for (auto e : cur.entries())
		sum += *e.value;
#ifndef KXX_CONTROL
	for (auto e : kxx::XaCursor(xa).entries())
		sum += *e.value;
#endif
	return sum;
}
