// proves: an XArray with its flags in the type takes no flags at run time (they could disagree)
// expect: (no matching function for call to|constraints not satisfied)
// expect-clang: no matching constructor for initialization of .*XArray
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc1> fixed;
	kxx::XArray<kxx::Box<int>> chosen(kxx::XaFlags::Alloc1);
	(void)fixed;
	(void)chosen;
#ifndef KXX_CONTROL
	kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc1> both(kxx::XaFlags::LockIrq);
#endif
}
