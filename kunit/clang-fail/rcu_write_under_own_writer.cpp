// proves: an Rcu's self-locking writes (replace, copy_update) are rejected while a Writer of that Rcu is held (they would deadlock)
// expect: cannot call function 'replace' while rcu writers 'r' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Rcu<kxx::Box<int>> &r, kxx::Box<int> a, kxx::Box<int> b)
{
	{
		auto w = r.write();
		auto old = w.replace(kxx::move(a)); // through the Writer: fine
	}
	auto w = r.write();
#ifndef KXX_CONTROL
	auto old = r.replace(kxx::move(b));
#endif
}
