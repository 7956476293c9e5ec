// proves: the owned members of a removed RcuBox cannot be moved out (and freed) before its grace period: readers may still follow them
// expect: use of deleted function .*Box
// expect-clang: call to deleted constructor of .*Box
#include <kxx/kxx.h>

struct Node {
	kxx::Box<int> inner;
};

[[maybe_unused]] static int f(kxx::XArray<kxx::RcuBox<Node>> &xa)
{
	kxx::Option<kxx::RcuBox<Node>> old = xa.remove(1);
	if (old.is_none())
		return 0;
	int seen = *(*old)->inner; // reading is fine
#ifndef KXX_CONTROL
	kxx::Box<int> stolen = kxx::move((*old)->inner);
#endif
	return seen;
}
