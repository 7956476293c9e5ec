// proves: XaMark::M0 (XA_FREE_MARK) does not compile through a cursor of an allocating array
// expect: XA_FREE_MARK
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc> &xa)
{
	kxx::XaCursor cur(xa, 1);
	cur.set_mark(kxx::XaMark::M1);
#ifndef KXX_CONTROL
	cur.set_mark(kxx::XaMark::M0);
#endif
}
