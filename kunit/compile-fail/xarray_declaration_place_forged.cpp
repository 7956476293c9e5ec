// proves: an XArray's declaration place (its lock class) cannot be made up from a braced list (a null file would be read by lockdep's naming): only the default argument makes one
// expect: error: converting to .kxx::detail::Here. from initializer list would use explicit constructor
// expect-clang: error: no matching constructor for initialization of .kxx::XArray
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	kxx::XArray<kxx::Box<int>> fine(kxx::XaFlags::None);
#ifndef KXX_CONTROL
	kxx::XArray<kxx::Box<int>> forged(kxx::XaFlags::None, { nullptr, 0 });
#endif
}
