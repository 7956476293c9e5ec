// proves: a borrow (PageRef, ArcBorrow) cannot be taken through a temporary Option or Result of its owner, or from a temporary Arc: the owner is freed at the end of the expression, and assigning the borrow to a variable would keep it (Clang's lifetime check sees only initialisation)
// expect: error: use of deleted function .T\* kxx::detail::ValueAccess<D, T>::operator->\(\) && requires !\(is_trivially_destructible_v<T>\) \[with D = kxx::Option<kxx::BasicPage<kxx::PageFree::Now> >; T = kxx::BasicPage<kxx::PageFree::Now>\]
// expect-clang: error: (call to deleted member function 'operator->'|overload resolution selected deleted operator '->')
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Page> &xa)
{
	kxx::PageRef kept;
	auto held = xa.remove(2);
	if (held.is_some())
		kept = held->borrow(); // the Option is a named local: fine
#ifndef KXX_CONTROL
	kxx::PageRef r;
	r = xa.remove(3)->borrow();
	r.zero(0, 16);
#endif
}
