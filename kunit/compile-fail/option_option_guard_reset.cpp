// proves: a guard nested in Options is still scope-bound: Option<Option<Guard>>::reset() does not compile (it would end the lock early, under live borrows)
// expect: error: use of deleted function .void kxx::Option<T>::reset\(\) requires +scope_bound_v<T> \[with T = kxx::Option<kxx::XArray<kxx::Box<int> >::Guard>\]
// expect-clang: call to deleted member function 'reset'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::Option<kxx::Option<kxx::XArray<kxx::Box<int>>::Guard>> g(kxx::in_place_fn,
								      [&] { return xa.try_lock(); });
	int v = 0;
	if (g->is_some())
		if (auto p = (**g).get(0))
			v = *p;
#ifndef KXX_CONTROL
	g.reset();
#endif
	return v;
}
