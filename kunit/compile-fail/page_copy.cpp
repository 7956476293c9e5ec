// proves: a Page has one owner: copying it does not compile (two owners would free it twice)
// expect: error: use of deleted function .kxx::BasicPage<Free>::BasicPage\(const kxx::BasicPage<Free>&\)
// expect-clang: call to deleted constructor
#include <kxx/kxx.h>

[[maybe_unused]] static kxx::Result<void> f()
{
	kxx::Page page = KXX_TRY(kxx::Page::alloc(kxx::GFP_KERNEL));
	kxx::Page moved(kxx::move(page));
#ifndef KXX_CONTROL
	kxx::Page second(moved);
#endif
	return {};
}
