// proves: Box is deep-const: a Box inside a value lockless readers share (RcuBox, Arc) cannot have its T replaced or freed through it
// expect: (passing .* discards qualifiers|no match for .operator=|assignment of read-only)
// expect-clang: cannot assign to return value because function 'operator\*' returns a const value
#include <kxx/kxx.h>

struct Node {
	kxx::Box<int> inner;
};

[[maybe_unused]] static int f(kxx::XArray<kxx::RcuBox<Node>> &xa, kxx::Box<int> fresh)
{
	auto g = kxx::rcu::read_lock();
	const Node *n = xa.load(g, 0);
	if (!n)
		return 0;
	int seen = *n->inner; // reading is fine
#ifndef KXX_CONTROL
	*n->inner = 5;
#endif
	return seen + *fresh;
}
