// proves: a T larger than kmalloc() can allocate does not compile in Box/Arc/RcuBox::make (the page allocator would warn and fail at run time)
// expect: error: static assertion failed: this T is larger than kmalloc\(\) can allocate
// expect-clang: error: static assertion failed.*this T is larger than kmalloc\(\) can allocate
#include <kxx/kxx.h>

struct Huge {
	unsigned char bytes[64ul << 20];
};

[[maybe_unused]] static void f()
{
	auto fits = kxx::Box<unsigned long>::make(kxx::GFP_KERNEL, 1ul);
#ifndef KXX_CONTROL
	auto huge = kxx::Box<Huge>::make(kxx::GFP_KERNEL);
#endif
}
