// proves: a run-time integer becomes an XaValue only through XaValue::make(), which checks its range (ERANGE)
// expect: not a constant expression|is not usable in a constant expression
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::XaValue> &xa, unsigned long n)
{
	auto v = kxx::XaValue::make(n);
	if (v.is_err())
		return -1;
	auto ok = xa.store(0, kxx::move(*v), kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	auto unchecked = xa.store(1, kxx::XaValue(n), kxx::GFP_KERNEL);
#endif
	return 0;
}
