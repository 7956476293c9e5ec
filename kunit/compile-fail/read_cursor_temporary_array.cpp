// proves: an XaReadCursor cannot be made on a temporary array (it would outlive it)
// expect: error: use of deleted function .kxx::XaReadCursor<P, Fixed, Static>::XaReadCursor\(const Array&&, long unsigned int\)
// expect-clang: call to deleted constructor of .*XaReadCursor
#include <kxx/kxx.h>

using Array = kxx::XArray<kxx::RcuBox<int>>;

[[maybe_unused]] static void f(Array &xa)
{
	kxx::XaReadCursor ok(xa);
	(void)ok.load();
#ifndef KXX_CONTROL
	kxx::XaReadCursor<kxx::RcuBox<int>, kxx::xa_runtime_flags, false> bad{ Array() };
	(void)bad.load();
#endif
}
