// proves: a blocking gfp (GFP_KERNEL) is rejected for an allocation written in the scope of a SpinLock Guard, whatever allocates (Box::make here); GFP_ATOMIC is fine
// expect: cannot call function 'operator Gfp' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SpinLock<kxx::Option<kxx::Box<int>>, kxx::SpinFlavour::Bh> &s)
{
	auto g = s.lock();
	*g = kxx::Box<int>::make(kxx::GFP_ATOMIC, 1).ok();
#ifndef KXX_CONTROL
	*g = kxx::Box<int>::make(kxx::GFP_KERNEL, 2).ok();
#endif
}
