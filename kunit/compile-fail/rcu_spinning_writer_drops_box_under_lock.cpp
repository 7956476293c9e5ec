// proves: a spinning Writer of an owner not freed through RCU (Box) cannot hand back an RcuOld, which C++ would drop under the writers' lock with interrupts off, waiting for a grace period there
// expect: error: static assertion failed: an update through a spinning Writer hands back an RcuOld
// expect-clang: error: static assertion failed.*an update through a spinning Writer hands back an RcuOld
#include <kxx/kxx.h>

using Cfg = kxx::Rcu<kxx::Box<int>, kxx::RcuWriters::SpinIrqsave>;

[[maybe_unused]] static void f(Cfg &cfg, kxx::Box<int> b)
{
#ifdef KXX_CONTROL
	auto old = cfg.replace(kxx::move(b)); // the lock is let go before old is returned
#else
	auto w = cfg.write();
	auto old = w.replace(kxx::move(b));
#endif
}
