// proves: an owner whose pointers may be 2-byte aligned cannot be stored in an XArray
// expect: XArray entries must be at least 4-byte aligned
#include <kxx/kxx.h>

struct Packed {
	char *p;
};

template <> struct kxx::ForeignOwnable<Packed> {
	static constexpr kxx::size_t align = 2; // e.g. pointers into a char buffer
	using Borrowed = const char *;
	using BorrowedMut = char *;
	static void *into_foreign(Packed &&v) { return v.p; }
	static Packed from_foreign(void *p) { return Packed{ static_cast<char *>(p) }; }
	static kxx::Option<Packed> try_from_foreign(void *p) { return from_foreign(p); }
	static Borrowed borrow(void *p) { return static_cast<const char *>(p); }
	static BorrowedMut borrow_mut(void *p) { return static_cast<char *>(p); }
};
static_assert(kxx::foreign_ownable<Packed>);

[[maybe_unused]] static void f()
{
	kxx::XArray<kxx::Box<char>> fine;
#ifndef KXX_CONTROL
	kxx::XArray<Packed> bad;
#endif
}
