// proves: a lockdep class key cannot be made on the stack or the heap (lockdep would turn itself off); only KXX_LOCK_CLASS() makes one
// expect: is private within this context
// expect-clang: calling a private constructor of class .*LockClassKey
#include <kxx/kxx.h>

[[maybe_unused]] static bool f()
{
	kxx::XArray<kxx::Box<int>> own(kxx::XaFlags::None, KXX_LOCK_CLASS("mine"));
#ifndef KXX_CONTROL
	kxx::LockClassKey key("mine");
	kxx::XArray<kxx::Box<int>> bad(kxx::XaFlags::None, key);
	return bad.empty();
#endif
	return own.empty();
}
