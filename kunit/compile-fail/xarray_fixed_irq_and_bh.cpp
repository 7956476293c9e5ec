// proves: an XArray type cannot name both lock flavours (LockIrq | LockBh)
// expect: either _irq or _bh, not both
#include <kxx/kxx.h>

#ifndef KXX_CONTROL
[[maybe_unused]] static kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq | kxx::XaFlags::LockBh> *both;
[[maybe_unused]] static void f()
{
	kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq | kxx::XaFlags::LockBh> xa;
	(void)xa;
}
#endif
