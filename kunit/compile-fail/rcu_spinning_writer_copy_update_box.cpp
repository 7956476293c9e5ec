// proves: copy_update() through a spinning Writer of a Box cannot hand back an RcuOld to drop under the writers' lock with interrupts off
// expect: error: static assertion failed: an update through a spinning Writer hands back an RcuOld
// expect-clang: error: static assertion failed.*an update through a spinning Writer hands back an RcuOld
#include <kxx/kxx.h>

using Cfg = kxx::Rcu<kxx::Box<int>, kxx::RcuWriters::SpinIrqsave>;

[[maybe_unused]] static void f(Cfg &cfg)
{
	auto next = [](const int *cur) { return kxx::Box<int>::make(kxx::GFP_ATOMIC, cur ? *cur + 1 : 0).ok(); };
#ifdef KXX_CONTROL
	auto old = cfg.copy_update(next);
#else
	auto w = cfg.write();
	auto old = w.copy_update(next);
#endif
}
