// proves: an XaValue constant above XaValue::max (LONG_MAX) does not compile: it would be truncated by the entry encoding
// expect: not a constant expression|non-.constexpr. function|call to consteval
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::XaValue> &xa)
{
	auto ok = xa.store(0, kxx::XaValue(kxx::XaValue::max), kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	auto truncated = xa.store(1, kxx::XaValue(kxx::XaValue::max + 1), kxx::GFP_KERNEL);
#endif
}
