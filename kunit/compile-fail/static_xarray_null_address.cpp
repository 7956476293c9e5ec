// proves: a StaticXArray given a null address (so that a local one would compile) does not compile
// expect: error: use of deleted function .kxx::XArray<P, Fixed, Static>::XArray\(std::nullptr_t\) requires  Static
// expect-clang: error: call to deleted constructor of .*XArray
#include <kxx/kxx.h>

using Ids = kxx::StaticXArray<kxx::Box<int>>;

[[maybe_unused]] static void f()
{
	static constinit Ids kept{ &kept };
#ifndef KXX_CONTROL
	Ids local{ nullptr };
#endif
}
