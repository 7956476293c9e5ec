// proves: another CPU's live instance is not lent mutably by for_each_possible_cpu (a snapshot is); writing it takes the _unsynchronized API
// expect: cannot bind non-const lvalue reference|no match for call
// expect-clang: no matching function for call to object of type '\(lambda
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(const kxx::DynamicPerCpu<unsigned long> &c)
{
	unsigned long total = 0;
	c.for_each_possible_cpu([&](unsigned int, unsigned long v) { total += v; });
	c.for_each_possible_cpu_unsynchronized([](unsigned int, unsigned long &v) { v = 0; });
#ifndef KXX_CONTROL
	c.for_each_possible_cpu([](unsigned int, unsigned long &v) { v = 0; });
#endif
	return total;
}
