/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray.h - XArray<P>: the kernel's XArray, owning what it stores.
 *
 *   XArray<P>          a sparse array of P (any foreign_ownable owner: Box<T>,
 *                      Arc<T>, RcuBox<T>, RcuArc<T>) indexed by unsigned
 *                      long.  It owns every stored P and drops each exactly
 *                      once: when it is removed, replaced, or when the array
 *                      is destroyed.  The constructor takes its XaFlags.
 *   XArray<P, Flags>   the same with the flags fixed in the type, as C code
 *                      fixes them by calling xa_lock_irq() or xa_alloc() by
 *                      name: the lock flavour is compiled in, and alloc() and
 *                      reserve() exist only for Alloc/Alloc1 arrays.  This
 *                      is the zero-cost form; with flags chosen at run time
 *                      every lock and unlock tests them (a load and a
 *                      branch), and alloc() checks that the array allocates.
 *   XArray<P>::Guard   the array's lock, held (in the flavour the flags name:
 *                      plain, irqsave or _bh) for the Guard's lifetime.  All
 *                      access to entries goes through a Guard, so a forgotten
 *                      lock cannot be written.
 *   StoreError<P>      a failed store: the error and the value, handed back.
 *   Reservation        an index reserved in an Alloc array, to fill later; if
 *                      dropped unfilled, the index is freed again, whether or
 *                      not the lock is held at that moment (see below).
 *   XaFlags, XaLimit, XaMark   as xa_init_flags(), struct xa_limit, XA_MARK_n.
 *
 *   XArray<Box<Foo>, XaFlags::Alloc1> xa;    // or: XArray<Box<Foo>> xa(XaFlags::Alloc1);
 *   auto guard = xa.lock();
 *   u32 id = KXX_TRY(guard.alloc(KXX_TRY(Box<Foo>::make(GFP_ATOMIC)), GFP_ATOMIC));
 *   // (under a Guard only non-blocking gfps: GFP_KERNEL is for xa.alloc())
 *   for (auto e : guard.entries())
 *           pr_foo(e.index, e.value);
 *
 * Borrows.  get(), get_mut(), entries() and marked() lend views of entries
 * that are valid while the Guard that produced them is held, and while the
 * entry is not removed or replaced through that Guard (the old owner comes
 * back to the caller, so it lives until the caller drops it).  They exist
 * only on a named Guard: on a temporary one (`xa.lock().get(i)`) they do
 * not compile, since the lock would be gone at the semicolon.  Clang's
 * pass also rejects returning a borrow out of the scope of its Guard
 * ([[clang::lifetimebound]]).  load() reads without the lock, under an
 * rcu::ReadGuard, for owners whose memory is freed a grace period after
 * they are dropped (RcuBox, RcuArc); for others it does not compile.
 *
 * Marks.  XaMark::M0 is also the kernel's XA_FREE_MARK, which tracks free
 * slots in Alloc/Alloc1 arrays: on an array whose type says it allocates,
 * every mark operation with M0 does not compile; with run-time flags it is
 * a misuse report that leaves the array as it was.
 *
 * Locking.  The convenience forms on XArray itself (store, remove, insert,
 * alloc, reserve, fill without a guard) take and release the lock; calling
 * one while holding a Guard of the same array deadlocks (the caller's
 * bug; lockdep reports it, and so does Clang's -Wthread-safety, which
 * follows `auto g = xa.lock()`).
 *
 * Invariants: xa_ is an initialised struct xarray (sized from the target
 * kernel) whose entries are null, reserved, or pointers that came from
 * ForeignOwnable<P>::into_foreign() and are owned by this XArray.  An XArray
 * neither copies nor moves: the kernel's nodes point back at it.
 */
#ifndef KXX_XARRAY_H
#define KXX_XARRAY_H

#include <kxx/alloc.h>
#include <kxx/atomic.h>
#include <kxx/bindings.h>
#include <kxx/error.h>
#include <kxx/foreign.h>
#include <kxx/layout.h>
#include <kxx/rcu.h>
#include <kxx/result.h>
#include <kxx/utility.h>

/* Thin wrappers the compiler must inline, whatever its size estimate says. */
#define KXX_INLINE __attribute__((always_inline)) inline
#define KXX_XA_NO_MULTI                                                                            \
	"multi-index entries need CONFIG_XARRAY_MULTI in the target kernel (distribution kernels "  \
	"have it through CONFIG_TRANSPARENT_HUGEPAGE)"
#define KXX_XA_NO_MULTI_ALLOC                                                                      \
	"multi-index entries on allocating arrays (XaFlags::Alloc, Alloc1) would lose the free "   \
	"mark of all but their first index when erased"
#define KXX_XA_MARK0_ON_ALLOC                                                                      \
	"XaMark::M0 is the kernel's XA_FREE_MARK on allocating arrays (XaFlags::Alloc, Alloc1): "  \
	"marking an entry with it makes alloc() hand its index out again; use XaMark::M1 or M2"

namespace kxx {

enum class XaFlags : unsigned int {
	None = 0,
	Alloc = KXX_XA_FLAGS_ALLOC,
	Alloc1 = KXX_XA_FLAGS_ALLOC1,
	LockIrq = KXX_XA_FLAGS_LOCK_IRQ,
	LockBh = KXX_XA_FLAGS_LOCK_BH,
	Account = KXX_XA_FLAGS_ACCOUNT,
};

static_assert((KXX_XA_FLAGS_ALLOC & KXX_XA_FLAGS_TRACK_FREE) != 0 &&
		  (KXX_XA_FLAGS_ALLOC1 & KXX_XA_FLAGS_TRACK_FREE) != 0,
	      "Alloc and Alloc1 arrays track free entries");
static_assert(KXX_XA_MARK_0 == KXX_XA_FREE_MARK, "XaMark0 is the kernel's XA_FREE_MARK");

/*
 * XArray's second template argument when it is not given: the flags are
 * the constructor's, at run time.  Not a combination of real flags.
 */
inline constexpr XaFlags xa_runtime_flags = static_cast<XaFlags>(~0u);

constexpr XaFlags operator|(XaFlags a, XaFlags b)
{
	return static_cast<XaFlags>(static_cast<unsigned int>(a) | static_cast<unsigned int>(b));
}
constexpr bool has_flag(XaFlags set, XaFlags flag)
{
	return (static_cast<unsigned int>(set) & static_cast<unsigned int>(flag)) ==
	       static_cast<unsigned int>(flag);
}

/* An inclusive range of ids for alloc(), like struct xa_limit. */
struct XaLimit {
	u32 min;
	u32 max;

	static constexpr XaLimit all() { return { 0, U32_MAX }; }
};

/*
 * Mark 0 has a type of its own, XaMark0, so that arrays whose type says
 * they allocate (where it is XA_FREE_MARK) can refuse it at compile time.
 * It converts to XaMark, which holds any of the three.
 */
struct XaMark0 {};

class XaMark {
public:
	static constexpr XaMark0 M0{};
	static const XaMark M1;
	static const XaMark M2;

	constexpr XaMark(XaMark0) : raw_(KXX_XA_MARK_0) {}
	constexpr unsigned int raw() const { return raw_; }
	constexpr bool operator==(const XaMark &) const = default;

private:
	constexpr explicit XaMark(unsigned int raw) : raw_(raw) {}
	unsigned int raw_;
};
inline constexpr XaMark XaMark::M1{ KXX_XA_MARK_1 };
inline constexpr XaMark XaMark::M2{ KXX_XA_MARK_2 };

/*
 * An integer kept in the entry itself, as C's xa_mk_value() keeps it: no
 * memory, nothing to free.  0 .. XaValue::max (LONG_MAX); a larger value
 * is ERANGE from make(), and a compile error as a constant.
 *
 *   XArray<XaValue> counts;
 *   counts.store(7, XaValue(42), GFP_KERNEL);           // a constant
 *   counts.store(8, KXX_TRY(XaValue::make(n)), GFP_KERNEL);
 *   Option<unsigned long> v = guard.get(7);              // a borrow is the value
 */
class XaValue {
public:
	static constexpr unsigned long max = ULONG_MAX >> 1;

	/* A constant: out of range does not compile. */
	consteval XaValue(unsigned long v) : v_(v)
	{
		if (v > max)
			xa_value_out_of_range();
	}
	[[nodiscard]] static Result<XaValue> make(unsigned long v)
	{
		if (v > max)
			return code::ERANGE;
		return XaValue(v, checked);
	}
	unsigned long get() const { return v_; }

private:
	template <class> friend struct ForeignOwnable;
	static constexpr struct Checked {
	} checked{};
	constexpr XaValue(unsigned long v, Checked) : v_(v) {}
	/* Not constexpr: reaching it makes the constant expression invalid. */
	static void xa_value_out_of_range();

	unsigned long v_;
};

/*
 * The kernel tells a value entry by its low bit (1); pointers stored in an
 * XArray are 4-byte aligned, so the two kinds never meet in one encoding.
 */
namespace detail {
inline void *xa_mk_value(unsigned long v)
{
	return reinterpret_cast<void *>((v << 1) | 1);
}
inline bool xa_is_value(const void *entry)
{
	return reinterpret_cast<unsigned long>(entry) & 1;
}
inline unsigned long xa_to_value(const void *entry)
{
	return reinterpret_cast<unsigned long>(entry) >> 1;
}
} // namespace detail

/* A value entry's borrow is the value: None where nothing is stored. */
template <> struct ForeignOwnable<XaValue> {
	static constexpr size_t align = 1; // not a pointer (see xa_entries_ok)
	using Borrowed = Option<unsigned long>;
	using BorrowedMut = Option<unsigned long>;

	static void *into_foreign(XaValue &&v) { return detail::xa_mk_value(v.v_); }
	static XaValue from_foreign(void *entry)
	{
		return XaValue(detail::xa_to_value(entry), XaValue::checked);
	}
	static Option<XaValue> try_from_foreign(void *entry)
	{
		if (!entry)
			return None;
		return from_foreign(entry);
	}
	static Borrowed borrow(void *entry)
	{
		if (!entry)
			return None;
		return detail::xa_to_value(entry);
	}
	static BorrowedMut borrow_mut(void *entry) { return borrow(entry); }
	/*
	 * A value entry holds 0..LONG_MAX (xa_mk_value() drops bit 63): a
	 * larger expected value matches nothing, so it is an internal entry
	 * (sibling 0) that no locked load returns, never a truncated value.
	 */
	static void *as_foreign(const Borrowed &b)
	{
		if (!b)
			return nullptr;
		if (__builtin_expect(*b > (~0ul >> 1), 0))
			return reinterpret_cast<void *>(2ul);
		return detail::xa_mk_value(*b);
	}
};
/* Nothing is freed, so nothing can be freed under a lockless reader. */
template <> inline constexpr bool rcu_freed_v<XaValue> = true;

/*
 * Either an owner P or an integer value, in one array: the kernel's own way
 * of mixing them (the page cache keeps pages and shadow values so).  The
 * low bit tells which, so P's pointers must be 4-byte aligned.
 *
 *   XArray<XaEither<Box<Page>>> cache;
 *   cache.store(i, XaEither<Box<Page>>(move(page)), GFP_KERNEL);
 *   cache.store(j, XaEither<Box<Page>>(XaValue(3)), GFP_KERNEL);
 *   auto e = guard.get(i);      // e.is_value(), e.value(), e.pointer()
 *
 * Invariant: entry_ is null (moved from), a value entry, or a pointer from
 * ForeignOwnable<P>::into_foreign() that this object owns.
 */
template <foreign_ownable P> class XaEither {
	static_assert(ForeignOwnable<P>::align >= 4,
		      "XaEither<P>: P's pointers must leave the low bits free for values");
	using Foreign = ForeignOwnable<P>;

public:
	explicit XaEither(P owner) : entry_(Foreign::into_foreign(move(owner))) {}
	explicit XaEither(XaValue v) : entry_(detail::xa_mk_value(v.get())) {}
	XaEither(XaEither &&other) : entry_(exchange(other.entry_, nullptr)) {}
	XaEither &operator=(XaEither &&other)
	{
		// Take first, then drop: the old P may own other.
		void *old = exchange(entry_, exchange(other.entry_, nullptr));
		drop(old);
		return *this;
	}
	XaEither(const XaEither &) = delete;
	XaEither &operator=(const XaEither &) = delete;
	~XaEither() { drop(exchange(entry_, nullptr)); }

	bool is_value() const { return detail::xa_is_value(entry_); }
	/* The value, or None if this holds an owner. */
	Option<unsigned long> value() const
	{
		if (!is_value())
			return None;
		return detail::xa_to_value(entry_);
	}
	/* Takes the owner out (None for a value); this becomes empty. */
	Option<P> take_owner() &&
	{
		if (!entry_ || is_value())
			return None;
		return Foreign::from_foreign(exchange(entry_, nullptr));
	}

	/* What get() and entries() lend: the value, or a borrow of the owner. */
	class Borrow {
	public:
		explicit operator bool() const { return entry_ != nullptr; }
		bool is_value() const { return detail::xa_is_value(entry_); }
		Option<unsigned long> value() const
		{
			if (!entry_ || !is_value())
				return None;
			return detail::xa_to_value(entry_);
		}
		/* The owner's borrow; null for a value or nothing. */
		typename Foreign::Borrowed pointer() const
		{
			return Foreign::borrow(entry_ && !is_value() ? entry_ : nullptr);
		}

	private:
		friend struct ForeignOwnable<XaEither>;
		explicit Borrow(void *entry) : entry_(entry) {}
		void *entry_;
	};

private:
	friend struct ForeignOwnable<XaEither>;
	struct Raw {
	};
	XaEither(Raw, void *entry) : entry_(entry) {}
	static void drop(void *entry)
	{
		if (entry && !detail::xa_is_value(entry))
			Foreign::from_foreign(entry);
	}

	void *entry_;
};

template <class P> struct ForeignOwnable<XaEither<P>> {
	static constexpr size_t align = 1; // values among the pointers
	using Borrowed = typename XaEither<P>::Borrow;
	using BorrowedMut = typename XaEither<P>::Borrow;

	static void *into_foreign(XaEither<P> &&e)
	{
		void *entry = exchange(e.entry_, nullptr);
		if (!entry)
			kxx_bug("into_foreign() of a moved-from XaEither");
		return entry;
	}
	static XaEither<P> from_foreign(void *entry)
	{
		return XaEither<P>(typename XaEither<P>::Raw{}, entry);
	}
	static Option<XaEither<P>> try_from_foreign(void *entry)
	{
		if (!entry)
			return None;
		return from_foreign(entry);
	}
	static Borrowed borrow(void *entry) { return Borrowed(entry); }
	static BorrowedMut borrow_mut(void *entry) { return Borrowed(entry); }
	static void *as_foreign(const Borrowed &b) { return b.entry_; }
};
/*
 * Lockless readers see an XaEither<P> only where P's lockless borrow is its
 * plain one (RcuBox): an RcuArc read locklessly may only try_clone(), which
 * XaEither's Borrow does not offer.
 */
template <class P>
inline constexpr bool rcu_freed_v<XaEither<P>> =
    rcu_freed_v<P> &&
    same_as<typename detail::RcuBorrowOf<P>::type, typename ForeignOwnable<P>::Borrowed>;

namespace detail {
/* Whether P's entries can live in an XArray: aligned pointers, or values. */
template <class P> inline constexpr bool xa_entries_ok = ForeignOwnable<P>::align >= 4;
template <> inline constexpr bool xa_entries_ok<XaValue> = true;
template <class P> inline constexpr bool xa_entries_ok<XaEither<P>> = true;

/*
 * The foreign pointer a borrow views, for compare_exchange(): the owners'
 * ForeignOwnable says (as_foreign), or the borrow is the pointer.
 */
template <class P, class B> void *borrowed_entry(const B &b)
{
	if constexpr (requires { ForeignOwnable<P>::as_foreign(b); })
		return ForeignOwnable<P>::as_foreign(b);
	else
		return const_cast<void *>(static_cast<const void *>(b));
}
} // namespace detail

/* A compare_exchange() that did not store: why, the value, and what was found. */
template <class P> struct CmpxchgError {
	Error error; // EBUSY: the entry was not the expected one; ENOMEM
	P value;
	typename ForeignOwnable<P>::Borrowed found; // valid while the Guard lives

	bool mismatch() const { return error == code::EBUSY; }
	operator Error() const { return error; }
};

/* A failed store: why, and the value that was not stored (never leaked). */
template <class P> struct StoreError {
	Error error;
	P value;

	/* For KXX_TRY in a function returning Result<_, Error>: drops value. */
	operator Error() const { return error; }
};

/* The advanced API's cursors (kxx/xarray_advanced.h). */
template <foreign_ownable P, XaFlags Fixed, bool Static> class XaCursor;
template <foreign_ownable P, XaFlags Fixed, bool Static> class XaReadCursor;

template <foreign_ownable P, XaFlags Fixed = xa_runtime_flags, bool Static = false>
class KXX_CAPABILITY("xa_lock") XArray {
	static_assert(detail::xa_entries_ok<P>,
		      "XArray entries must be at least 4-byte aligned: the XArray uses the two "
		      "low bits of every entry to tell pointers from values and its internal "
		      "entries (integers go in as XaValue)");

	using Foreign = ForeignOwnable<P>;
	using Storage = Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>;

	/* Whether the flags are part of the type (XArray<P, Flags>). */
	static constexpr bool fixed = Fixed != xa_runtime_flags;
	static_assert(!Static || fixed, "a StaticXArray has its flags in the type");
	static_assert(!fixed || !(has_flag(Fixed, XaFlags::LockIrq) && has_flag(Fixed, XaFlags::LockBh)),
		      "an XArray's lock is either _irq or _bh, not both");
	/* Whether the type says the array allocates (tracks free slots). */
	static constexpr bool fixed_alloc =
	    fixed && (static_cast<unsigned int>(Fixed) & KXX_XA_FLAGS_TRACK_FREE) != 0;
	/* Whether alloc() and reserve() may be called: unless the type says no. */
	static constexpr bool may_alloc = !fixed || fixed_alloc;

public:
	using Borrowed = typename Foreign::Borrowed;
	using BorrowedMut = typename Foreign::BorrowedMut;
	/* What a lockless load() lends (RcuArcBorrow for RcuArc, else Borrowed). */
	using RcuBorrowed = typename detail::RcuBorrowOf<P>::type;
	class Guard;
	class Reservation;
	/* The advanced API, with kxx/xarray_advanced.h: a Guard with a position. */
	using Cursor = XaCursor<P, Fixed, Static>;
	using ReadCursor = XaReadCursor<P, Fixed, Static>;

	/* One present entry, as iteration and find() yield it. */
	template <class B> struct BasicEntry {
		unsigned long index;
		B value;
	};

	/* How a Range lends: under the lock, or under a read guard. */
	struct LendLocked {
		using type = Borrowed;
		static type borrow(void *entry) { return Foreign::borrow(entry); }
	};
	using LendRcu = detail::RcuBorrowOf<P>;

	/*
	 * Present entries in [first, last] with @filter, in index order,
	 * for one pass at a time: the Range holds the cursor (the index
	 * the kernel's xa_find() advances, so it lives in memory), and
	 * its iterators keep everything else in registers.  A multi-index
	 * entry is visited once.
	 */
	template <class Lend, bool Marked = false> class BasicRange {
	public:
		using Entry = BasicEntry<typename Lend::type>;

		class Iterator {
		public:
			Entry operator*() const { return { *index_, Lend::borrow(entry_) }; }
			Iterator &operator++()
			{
				// The marked walk needs a step over multi-index
				// entries that the plain one does not (a type, so
				// the plain loop pays nothing for it).
				if constexpr (Marked)
					entry_ = kxx_xa_find_after_marked(xa_, index_, last_, filter_);
				else
					entry_ = kxx_xa_find_after(xa_, index_, last_, filter_);
				return *this;
			}
			bool operator==(const Iterator &other) const { return entry_ == other.entry_; }

		private:
			friend class BasicRange;
			Iterator(struct xarray *xa, unsigned long *index, unsigned long last,
				 unsigned int filter, void *entry)
			    : xa_(xa), index_(index), last_(last), filter_(filter), entry_(entry)
			{}

			struct xarray *xa_;
			unsigned long *index_; // the Range's cursor
			unsigned long last_;
			unsigned int filter_;
			void *entry_;
		};

		/* Starts the pass (again) at first; empty when refused. */
		Iterator begin() & KXX_LIFETIMEBOUND
		{
			index_ = first_;
			if (!xa_)
				return end();
			void *entry = kxx_xa_find(xa_, &index_, last_, filter_);
			// A multi-index entry starting before first_: report it at first_.
			if (index_ < first_)
				index_ = first_;
			return Iterator(xa_, &index_, last_, filter_, entry);
		}
		Iterator end() { return Iterator(nullptr, nullptr, 0, 0, nullptr); }

	private:
		friend class XArray;
		friend class Guard;
		BasicRange(struct xarray *xa, unsigned long first, unsigned long last,
			   unsigned int filter)
		    : xa_(xa), first_(first), last_(last), filter_(filter), index_(first)
		{}

		struct xarray *xa_; // null: a refused mark, nothing to visit
		unsigned long first_, last_;
		unsigned int filter_;
		unsigned long index_;
	};
	using RcuRange = BasicRange<LendRcu>;

	/*
	 * Lockdep sees one lock class per place an array is declared (and
	 * lock flavour: plain, irq, bh), as C's xa_init() gets one per call
	 * site, named after the type and that place ("kxx::XArray<kxx::Box<
	 * Foo>> (irq, foo.cpp:42)"): arrays of one type used in different
	 * contexts, or held together, are told apart.  @lock_class names
	 * another: KXX_LOCK_CLASS("what") for a name of the driver's own, or
	 * one class shared by several places.  Arrays made at one place (in
	 * a loop, by one Box::make() line) share its class; hold two of them
	 * at once with lock_nested().
	 *
	 *   XArray<Box<Foo>> a, b;                        // two classes
	 *   XArray<Box<Foo>, XaFlags::Alloc> ids(KXX_LOCK_CLASS("foo ids"));
	 */
	explicit XArray(XaFlags flags = XaFlags::None, detail::Here at = detail::Here())
	    requires(!fixed)
	    : flags_(checked(flags))
	{
		init_at(flags, at);
	}
	XArray(XaFlags flags, LockClassKey &lock_class) requires(!fixed) : flags_(checked(flags))
	{
		init(lock_class);
	}
	explicit XArray(detail::Here at = detail::Here()) requires(fixed && !Static) : flags_(Fixed)
	{
		init_at(Fixed, at);
	}
	explicit XArray(LockClassKey &lock_class) requires(fixed && !Static) : flags_(Fixed)
	{
		init(lock_class);
	}

	/*
	 * Drops every entry.  Destroying an array while its lock is held (a
	 * Guard that outlives it, through a heap-allocated or Option'd array)
	 * would free memory the Guard still unlocks: that stops with BUG().
	 */
	~XArray() requires(!Static) { destroy(); }

	/*
	 * StaticXArray<P, Flags> (below): initialised at compile time, as C's
	 * DEFINE_XARRAY_FLAGS() is, byte for byte what the kernel's static
	 * initialiser writes (the layout header has each field), except the
	 * lock's name: lockdep then names its class after the array's symbol.
	 * No constructor runs and none is registered to run at exit: the
	 * module's exit calls exit(), which drops every entry.
	 *
	 * It is given its own address, which only an object of static storage
	 * duration has as a constant: a local one, or one inside an Option,
	 * Box or local struct (whose trivial destructor would let it die with
	 * entries, nodes and Reservations left) does not compile.
	 */
	consteval explicit XArray(const XArray *self) requires(Static)
	    : storage_(static_storage()), flags_(Fixed), self_(self)
	{}
	/* Null would let a local one compile. */
	XArray(decltype(nullptr)) requires(Static) = delete;
	template <int N = 0> consteval XArray() requires(Static) : XArray(this)
	{
		static_assert(N != 0, "a StaticXArray is declared with its own address, at namespace "
				      "scope: constinit StaticXArray<P, Flags> name{ &name };");
	}
	~XArray() requires Static = default;

	/*
	 * A static array's end, from the module's exit: every entry dropped
	 * exactly once, the nodes freed; no Reservation of it may remain
	 * (BUG).  Forgetting it leaks every entry (kmemleak reports them).
	 */
	KXX_EXCLUDES(this) void exit() requires Static
	{
		if (__builtin_expect(self_ != this, 0))
			kxx_bug("kxx::StaticXArray given another object's address");
		destroy();
	}

	XArray(const XArray &) = delete;
	XArray &operator=(const XArray &) = delete;
	XArray(XArray &&) = delete;
	XArray &operator=(XArray &&) = delete;

	/*
	 * Takes the lock (may spin; for _irq/_bh arrays also masks those).
	 * Not on a temporary array: the guard would outlive it.
	 */
	// (The body hands the Guard's capability to the caller, which Clang
	// cannot see inside it; callers are checked against the annotation.)
	[[nodiscard]] Guard lock() & KXX_ACQUIRE(this) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this);
	}
	Guard lock() && = delete;

	/*
	 * lock() at lockdep subclass @Subclass (1 to 7; lock() is 0), as
	 * spin_lock_nested(): two arrays of one class (made at one place)
	 * held at once, always in the same order, which the driver keeps.
	 */
	template <unsigned int Subclass>
	requires(Subclass >= 1 && Subclass < 8)
	[[nodiscard]] Guard lock_nested() & KXX_ACQUIRE(this) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this, Guard::adopt, lock_nested_raw(Subclass));
	}
	template <unsigned int Subclass> Guard lock_nested() && = delete;

	/* Takes the lock if it is free, without waiting. */
	Option<Guard> try_lock() && = delete;
	[[nodiscard]] KXX_EXCLUDES(this) Option<Guard> try_lock() &
	{
		unsigned long irq_flags = 0;
		if (!trylock_raw(irq_flags))
			return None;
		return Option<Guard>(in_place_fn,
				     [&] { return Guard(*this, Guard::adopt, irq_flags); });
	}

	/*
	 * Lockless read: the entry at @index, valid while @guard lives.  Only
	 * for owners whose memory is freed a grace period after they are
	 * dropped (RcuBox, RcuArc): xa_load() protects the tree, not the
	 * object, so for Box<T> a concurrent remove() could free it under the
	 * reader.
	 */
	RcuBorrowed load(const rcu::ReadGuard &guard KXX_LIFETIMEBOUND, unsigned long index) const
	    requires rcu_freed<P>
	{
		(void)guard;
		return detail::RcuBorrowOf<P>::borrow(kxx_xa_load(raw(), index));
	}
	/* A temporary guard would end before the borrow is used. */
	RcuBorrowed load(const rcu::ReadGuard &&, unsigned long) const requires rcu_freed<P>
	= delete;

	/*
	 * Lockless iteration (xa_for_each under rcu_read_lock()): each
	 * element's borrow is valid while @guard lives.  As load(), only
	 * for owners freed a grace period after they are dropped.  It sees
	 * each entry present throughout the walk, and may or may not see
	 * ones stored or removed meanwhile.
	 */
	RcuRange entries(const rcu::ReadGuard &guard KXX_LIFETIMEBOUND, unsigned long first = 0,
			 unsigned long last = ULONG_MAX) const & KXX_LIFETIMEBOUND requires rcu_freed<P>
	{
		(void)guard;
		return RcuRange(raw(), first, last, KXX_XA_PRESENT);
	}
	RcuRange entries(const rcu::ReadGuard &&, unsigned long = 0,
			 unsigned long = ULONG_MAX) const & requires rcu_freed<P>
	= delete;
	/* The Range walks the array: not one that ends at the semicolon. */
	RcuRange entries(const rcu::ReadGuard &, unsigned long = 0,
			 unsigned long = ULONG_MAX) const && requires rcu_freed<P>
	= delete;

	/*
	 * The order of the entry at @index: 2^order indices share it (0 for
	 * a normal entry and for none).  No lock needed.
	 */
	unsigned int get_order(unsigned long index) const
	{
		return kxx_xa_get_order(raw(), index);
	}

	/*
	 * Empties a live array, as xa_destroy() does, but owning: each entry
	 * is taken out under the lock and dropped without it, exactly once.
	 * Reserved indices stay reserved: their Reservations own them.  Not
	 * while holding a Guard of this array.
	 */
	KXX_EXCLUDES(this) void clear() { drain(); }

	/* Whether no entry is present or reserved (no lock needed). */
	bool empty() const { return kxx_xa_empty(raw()); }

	/* The name lockdep reports this array's lock by (null without lockdep). */
	const char *lock_class_name() const { return kxx_xa_lock_name(raw()); }

	XaFlags flags() const
	{
		if constexpr (fixed)
			return Fixed;
		else
			return flags_;
	}

	/*
	 * Convenience forms that take the lock for one operation.  They take
	 * any gfp: with one that may block (GFP_KERNEL, process context) the
	 * kernel drops the lock to allocate, which is fine here, as no
	 * borrow of this call can be outstanding.  On a LockIrq array it also
	 * turns interrupts on to do so, so a blocking gfp with interrupts
	 * already off is a misuse: reported, and the allocation made without
	 * blocking instead.  Not while the caller holds a Guard of this array
	 * (a deadlock).
	 */
	KXX_EXCLUDES(this)
	KXX_INLINE Result<Option<P>, StoreError<P>> store(unsigned long index, P value, Gfp gfp)
	{
		unsigned int bits;
		auto guard = lock_for(gfp, bits);
		return guard.store_raw(index, move(value), bits);
	}
	KXX_EXCLUDES(this) KXX_INLINE Option<P> remove(unsigned long index)
	{
		return lock().remove(index);
	}
	KXX_EXCLUDES(this)
	KXX_INLINE Result<void, StoreError<P>> insert(unsigned long index, P value, Gfp gfp)
	{
		unsigned int bits;
		auto guard = lock_for(gfp, bits);
		return guard.insert_raw(index, move(value), bits);
	}
	KXX_EXCLUDES(this)
	KXX_INLINE Result<u32, StoreError<P>> alloc(P value, Gfp gfp, XaLimit limit = XaLimit::all())
	    requires may_alloc
	{
		unsigned int bits;
		auto guard = lock_for(gfp, bits);
		return guard.alloc_raw(move(value), bits, limit);
	}
	/* An unattached Reservation: its release takes the lock itself. */
	KXX_EXCLUDES(this)
	Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all()) & requires may_alloc
	{
		return reserve_unattached(gfp, [&](Guard &g, unsigned int bits) {
			return g.reserve_raw(bits, limit);
		});
	}
	/* A reservation on a temporary array would outlive it. */
	Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all()) && = delete;

	/* As Guard::reserve_at(), taking the lock; the Reservation is unattached. */
	KXX_EXCLUDES(this) Result<Reservation> reserve_at(unsigned long index, Gfp gfp) &
	{
		return reserve_unattached(gfp, [&](Guard &g, unsigned int bits) {
			return g.reserve_at_raw(index, bits);
		});
	}
	Result<Reservation> reserve_at(unsigned long index, Gfp gfp) && = delete;

	/* As Guard::store_order(), taking the lock; any gfp. */
	template <int N = 0>
	KXX_EXCLUDES(this) Result<Option<P>, StoreError<P>> store_order(unsigned long index,
									unsigned int order, P value,
									Gfp gfp)
	{
		static_assert(KXX_XARRAY_MULTI || N != 0, KXX_XA_NO_MULTI);
		static_assert(!fixed_alloc || N != 0, KXX_XA_NO_MULTI_ALLOC);
		unsigned int bits;
		auto guard = lock_for(gfp, bits);
		return guard.store_order_raw(index, order, move(value), bits);
	}

	/*
	 * The lock held: every operation on entries is a method of Guard.
	 * Neither copied nor moved: the lock's extent is the Guard's scope.
	 */
	class KXX_SCOPED_CAPABILITY Guard {
	public:
		using kxx_scope_bound = void;
		/* What iteration and find() yield: an index and a borrow. */
		using Entry = BasicEntry<Borrowed>;
		using Range = BasicRange<LendLocked>;
		using MarkedRange = BasicRange<LendLocked, true>;

		/* As xa.lock(). */
		explicit Guard(XArray &xa) KXX_ACQUIRE(xa)
		    : xa_(&xa), irq_flags_(xa.lock_raw()), reservations_(nullptr)
		{}
		Guard(const Guard &) = delete;
		Guard &operator=(const Guard &) = delete;
		Guard(Guard &&) = delete;
		Guard &operator=(Guard &&) = delete;
		~Guard() KXX_RELEASE()
		{
			// Reservations made under this Guard and still alive
			// release themselves later, taking the lock.
			if (__builtin_expect(reservations_ != nullptr, 0))
				detach_all();
			xa_->unlock_raw(irq_flags_);
		}

		/* A shared view of the entry at @index; null if none. */
		Borrowed get(unsigned long index) const & KXX_LIFETIMEBOUND
		{
			return Foreign::borrow(kxx_xa_load(xa_->raw(), index));
		}
		Borrowed get(unsigned long index) const && = delete;

		/*
		 * An exclusive view (the lock serialises all writers): T* for
		 * Box<T>.  Owners that lockless readers may see (RcuBox, Arc)
		 * lend a const view here too.
		 */
		BorrowedMut get_mut(unsigned long index) & KXX_LIFETIMEBOUND
		{
			return Foreign::borrow_mut(kxx_xa_load(xa_->raw(), index));
		}
		BorrowedMut get_mut(unsigned long index) && = delete;

		/*
		 * Stores @value at @index and returns what was there.  On failure
		 * the value comes back in the StoreError.  The gfp never blocks:
		 * the lock is held throughout (with GFP_KERNEL the kernel would
		 * drop it to allocate, freeing the way for others to remove
		 * what this Guard's borrows point to, and on LockIrq arrays turn
		 * interrupts back on).  To allocate with GFP_KERNEL, use xa.store().
		 */
		KXX_INLINE Result<Option<P>, StoreError<P>> store(unsigned long index, P value,
								  AtomicGfp gfp)
		{
			return store_raw(index, move(value), gfp.bits());
		}

		/* Removes the entry at @index, giving it to the caller. */
		KXX_INLINE Option<P> remove(unsigned long index)
		{
			// SAFETY: an entry taken out of the array is owned by
			// no one else (the array's invariant).
			return Foreign::try_from_foreign(kxx_xa_erase(xa_->raw(), index));
		}

		/* Stores @value at @index if it is empty (not even reserved). */
		KXX_INLINE Result<void, StoreError<P>> insert(unsigned long index, P value,
							      AtomicGfp gfp)
		{
			return insert_raw(index, move(value), gfp.bits());
		}

		/*
		 * One entry for the 2^@order indices from @index (aligned to
		 * them: else EINVAL), as xa_store_order(): a load of any of
		 * them sees it, a mark on any of them marks it, and it is
		 * dropped once.  It replaces the one entry that was there (and
		 * hands it back): an entry inside the range, or a larger one
		 * containing it, whose indices the new entry then covers too, as
		 * in the kernel.  Several entries in the range: EBUSY (remove
		 * them first; the kernel would lose all but one).  Needs
		 * CONFIG_XARRAY_MULTI in the target kernel.
		 */
		template <int N = 0>
		KXX_INLINE Result<Option<P>, StoreError<P>>
		store_order(unsigned long index, unsigned int order, P value, AtomicGfp gfp)
		{
			static_assert(KXX_XARRAY_MULTI || N != 0, KXX_XA_NO_MULTI);
			static_assert(!fixed_alloc || N != 0, KXX_XA_NO_MULTI_ALLOC);
			return store_order_raw(index, order, move(value), gfp.bits());
		}
		/* The order of the entry at @index (see XArray::get_order()). */
		unsigned int get_order(unsigned long index) const
		{
			return kxx_xa_get_order(xa_->raw(), index);
		}

		/*
		 * Stores @value at @index only if the entry there is @expected
		 * (a borrow of it, as get() lends; by address), as
		 * xa_cmpxchg(); the old owner comes back.  Otherwise the
		 * CmpxchgError holds the value and a borrow of what was found
		 * (EBUSY), or ENOMEM.  A reserved index holds no entry but is
		 * not empty either: it never matches.  At an index of a
		 * multi-index entry it replaces that whole entry, as store().
		 * (Arrays of Arc/RcuArc: only None can be expected.)
		 */
		Result<Option<P>, CmpxchgError<P>> compare_exchange(unsigned long index,
								    const Borrowed &expected, P value,
								    AtomicGfp gfp) &
		{
			return cmpxchg_raw(index, detail::borrowed_entry<P>(expected), move(value),
					   gfp.bits());
		}
		/* The same, storing only where @index is empty (None). */
		Result<Option<P>, CmpxchgError<P>> compare_exchange(unsigned long index, NoneType,
								    P value, AtomicGfp gfp) &
		{
			return cmpxchg_raw(index, nullptr, move(value), gfp.bits());
		}
		/* What was found would be a borrow past the lock. */
		template <class E>
		Result<Option<P>, CmpxchgError<P>> compare_exchange(unsigned long, const E &, P,
								    AtomicGfp) && = delete;

		/*
		 * The first present entry in [first, last] (find) or after
		 * @index (find_after: past the whole of a multi-index entry),
		 * with its index, without a Range; None if there is none.
		 */
		Option<Entry> find(unsigned long first = 0, unsigned long last = ULONG_MAX) const &
		    KXX_LIFETIMEBOUND
		{
			return find_raw(first, last, KXX_XA_PRESENT, false);
		}
		Option<Entry> find_after(unsigned long index, unsigned long last = ULONG_MAX) const &
		    KXX_LIFETIMEBOUND
		{
			return find_raw(index, last, KXX_XA_PRESENT, true);
		}
		Option<Entry> find_marked(XaMark mark, unsigned long first = 0,
					  unsigned long last = ULONG_MAX) const & KXX_LIFETIMEBOUND
		{
			if (!xa_->mark_ok(mark))
				return None;
			return find_raw(first, last, mark.raw(), false);
		}
		Option<Entry> find(unsigned long = 0, unsigned long = ULONG_MAX) const && = delete;
		Option<Entry> find_after(unsigned long, unsigned long = ULONG_MAX) const && = delete;
		Option<Entry> find_marked(XaMark, unsigned long = 0,
					  unsigned long = ULONG_MAX) const && = delete;

		/*
		 * Reserves @index (xa_reserve()), on any array: it reads as
		 * empty, insert() and alloc() skip it, and the Reservation's
		 * fill() cannot fail for lack of memory.  EBUSY if @index is
		 * occupied or reserved.  Attached to this Guard, as reserve().
		 */
		Result<Reservation> reserve_at(unsigned long index, AtomicGfp gfp) &
		{
			return reserve_at_raw(index, gfp.bits());
		}
		Result<Reservation> reserve_at(unsigned long index, AtomicGfp gfp) && = delete;

		/*
		 * Stores @value at a free index within @limit (Alloc/Alloc1
		 * arrays) and returns the index; EBUSY when @limit is full.
		 */
		KXX_INLINE Result<u32, StoreError<P>> alloc(P value, AtomicGfp gfp,
							    XaLimit limit = XaLimit::all())
		    requires may_alloc
		{
			return alloc_raw(move(value), gfp.bits(), limit);
		}

		/*
		 * As alloc(), searching from @next and wrapping around within
		 * @limit; @next becomes the id after the one returned.
		 */
		Result<u32, StoreError<P>> alloc_cyclic(P value, u32 &next, AtomicGfp gfp,
							XaLimit limit = XaLimit::all())
		    requires may_alloc
		{
			if (!xa_->tracks_free())
				return misuse_not_alloc(move(value));
			limit = xa_->alloc_limit(limit);
			u32 id = 0;
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_alloc_cyclic(xa_->raw(), &id, entry, limit.min, limit.max,
						      &next, gfp.bits());
			if (__builtin_expect(err, 0))
				return refused<u32>(err, entry);
			return id;
		}

		/*
		 * Reserves a free index within @limit, to fill later.  The
		 * Reservation is attached to this Guard: dropped while the
		 * Guard lives, it releases the index under this lock; once the
		 * Guard is gone, it takes the lock itself.
		 */
		Result<Reservation> reserve(AtomicGfp gfp, XaLimit limit = XaLimit::all()) &
		    requires may_alloc
		{
			return reserve_raw(gfp.bits(), limit);
		}
		Result<Reservation> reserve(AtomicGfp gfp, XaLimit limit = XaLimit::all()) && = delete;

		/* Marks: never XaMark::M0 on an allocating array (see the top). */
		void set_mark(unsigned long index, XaMark mark)
		{
			if (xa_->mark_ok(mark))
				kxx_xa_set_mark(xa_->raw(), index, mark.raw());
		}
		void clear_mark(unsigned long index, XaMark mark)
		{
			if (xa_->mark_ok(mark))
				kxx_xa_clear_mark(xa_->raw(), index, mark.raw());
		}
		bool get_mark(unsigned long index, XaMark mark) const
		{
			return xa_->mark_ok(mark) &&
			       kxx_xa_get_mark(xa_->raw(), index, mark.raw());
		}
		template <same_as<XaMark0> M> void set_mark(unsigned long, M) requires fixed_alloc
		{
			static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		}
		template <same_as<XaMark0> M> void clear_mark(unsigned long, M) requires fixed_alloc
		{
			static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		}
		template <same_as<XaMark0> M>
		bool get_mark(unsigned long, M) const requires fixed_alloc
		{
			static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
			return false;
		}

		Range entries(unsigned long first = 0, unsigned long last = ULONG_MAX) const &
		    KXX_LIFETIMEBOUND
		{
			return Range(xa_->raw(), first, last, KXX_XA_PRESENT);
		}
		Range entries(unsigned long first = 0, unsigned long last = ULONG_MAX) const && = delete;

		MarkedRange marked(XaMark mark, unsigned long first = 0,
				   unsigned long last = ULONG_MAX) const & KXX_LIFETIMEBOUND
		{
			return MarkedRange(xa_->mark_ok(mark) ? xa_->raw() : nullptr, first, last,
					   mark.raw());
		}
		MarkedRange marked(XaMark mark, unsigned long first = 0,
				   unsigned long last = ULONG_MAX) const && = delete;
		template <same_as<XaMark0> M>
		MarkedRange marked(M, unsigned long = 0, unsigned long = ULONG_MAX) const &
		    requires fixed_alloc
		{
			static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
			return MarkedRange(nullptr, 0, 0, 0);
		}

	private:
		friend class XArray;
		friend class Reservation;
		static constexpr struct Adopt {
		} adopt{};
		static constexpr struct IrqsOn {
		} irqs_on{};
		/* irq_flags_ of a LockIrq Guard taken with xa_lock_irq() (lock_for). */
		static constexpr unsigned long irqs_on_marker = ~0ul;

		Guard(XArray &xa, IrqsOn)
		    : xa_(&xa), irq_flags_(irqs_on_marker), reservations_(nullptr)
		{
			kxx_xa_lock_irq(xa.raw());
		}

		/*
		 * The operations with any gfp bits: the AtomicGfp forms above,
		 * and XArray's convenience forms (no Guard, so no borrow, is
		 * outstanding there), which may pass a blocking gfp.
		 */
		KXX_INLINE Result<Option<P>, StoreError<P>> store_raw(unsigned long index, P value,
								      unsigned int gfp)
		{
			int err = 0;
			void *entry = Foreign::into_foreign(move(value));
			void *old = kxx_xa_store(xa_->raw(), index, entry, gfp, &err);
			if (__builtin_expect(err, 0))
				return refused<Option<P>>(err, entry);
			// SAFETY: old was stored by this array, so it came
			// from into_foreign() and the array just gave it up.
			return Foreign::try_from_foreign(old);
		}
		KXX_INLINE Result<void, StoreError<P>> insert_raw(unsigned long index, P value,
								  unsigned int gfp)
		{
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_insert(xa_->raw(), index, entry, gfp);
			if (__builtin_expect(err, 0))
				return refused<void>(err, entry);
			return Ok();
		}
		KXX_INLINE Result<u32, StoreError<P>> alloc_raw(P value, unsigned int gfp, XaLimit limit)
		{
			if (!xa_->tracks_free())
				return misuse_not_alloc(move(value));
			limit = xa_->alloc_limit(limit);
			// Written by __xa_alloc() before it returns 0; not read
			// otherwise.
			__attribute__((uninitialized)) u32 id;
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_alloc(xa_->raw(), &id, entry, limit.min, limit.max, gfp);
			if (__builtin_expect(err, 0))
				return refused<u32>(err, entry);
			return id;
		}
		KXX_INLINE Result<Option<P>, StoreError<P>>
		store_order_raw(unsigned long index, unsigned int order, P value, unsigned int gfp)
		{
			if (order >= 8 * sizeof(long) || (index & ((1ul << order) - 1)))
				return StoreError<P>{ code::EINVAL, move(value) };
			if (__builtin_expect(xa_->tracks_free(), 0)) {
				KXX_WARN_MISUSE(KXX_XA_NO_MULTI_ALLOC);
				return StoreError<P>{ code::EINVAL, move(value) };
			}
			int err = 0;
			void *entry = Foreign::into_foreign(move(value));
			void *old = kxx_xa_store_order(xa_->raw(), index, order, entry, gfp, &err);
			if (__builtin_expect(err, 0))
				return refused<Option<P>>(err, entry);
			// SAFETY: old was the only entry in the range, stored by
			// this array and now replaced everywhere.
			return Foreign::try_from_foreign(old);
		}
		KXX_INLINE Result<Option<P>, CmpxchgError<P>> cmpxchg_raw(unsigned long index, void *want,
									  P value, unsigned int gfp)
		{
			int status;
			void *entry = Foreign::into_foreign(move(value));
			void *curr = kxx_xa_cmpxchg(xa_->raw(), index, want, entry, gfp, &status);
			if (__builtin_expect(status, 0))
				return cmpxchg_refused(status, entry, curr);
			// SAFETY: curr was replaced by entry: the array gave it up.
			return Foreign::try_from_foreign(curr);
		}
		[[gnu::noinline, gnu::cold]] static Result<Option<P>, CmpxchgError<P>>
		cmpxchg_refused(int err, void *entry, void *found)
		{
			// SAFETY: not stored, so entry is still ours; found is
			// in the array, lent for as long as the Guard lives.
			return CmpxchgError<P>{ Error::from_errno(err), Foreign::from_foreign(entry),
						Foreign::borrow(found) };
		}
		Option<Entry> find_raw(unsigned long index, unsigned long last, unsigned int filter,
				       bool after) const
		{
			unsigned long first = index;
			void *e = after ? kxx_xa_find_after_marked(xa_->raw(), &index, last, filter)
					: kxx_xa_find(xa_->raw(), &index, last, filter);
			if (!e)
				return None;
			// A multi-index entry that starts before @first: its
			// first index in the range (never below where we asked).
			if (index < first)
				index = first;
			return Entry{ index, Foreign::borrow(e) };
		}
		Result<Reservation> reserve_at_raw(unsigned long index, unsigned int gfp)
		{
			// Index 0 of an Alloc1 (ZERO_BUSY) array is the array's own:
			// the kernel empties a reservation there whenever the tree
			// shrinks back to it, under its owner's feet.
			if (index == 0 && (static_cast<unsigned int>(xa_->flags()) &
					   KXX_XA_FLAGS_ZERO_BUSY))
				return code::EBUSY;
			// An insert of nothing stores the reservation marker.
			int err = kxx_xa_insert(xa_->raw(), index, nullptr, gfp);
			if (err)
				return Error::from_errno(err);
			xa_->armed_++; // under the lock
			return Reservation(*this, index);
		}
		Result<Reservation> reserve_raw(unsigned int gfp, XaLimit limit)
		{
			if (!xa_->tracks_free()) {
				KXX_WARN_MISUSE(
				    "XArray::reserve() on an array without XaFlags::Alloc");
				return code::EINVAL;
			}
			limit = xa_->alloc_limit(limit);
			u32 id = 0;
			int err = kxx_xa_alloc(xa_->raw(), &id, nullptr, limit.min, limit.max, gfp);
			if (err)
				return Error::from_errno(err);
			xa_->armed_++; // under the lock
			return Reservation(*this, id);
		}


		/* For try_lock(): the lock is already held. */
		Guard(XArray &xa, Adopt, unsigned long irq_flags)
		    : xa_(&xa), irq_flags_(irq_flags), reservations_(nullptr)
		{}

		[[gnu::cold]] void detach_all()
		{
			while (reservations_)
				reservations_->detach();
		}

		/*
		 * A failed store: the error and the value back.  Out of line and
		 * cold, so the fast path around it keeps its registers.
		 */
		template <class T>
		[[gnu::noinline, gnu::cold]] static Result<T, StoreError<P>> refused(int err, void *entry)
		{
			// SAFETY: the store failed, so the array did not take
			// entry; it is still ours to take back.
			return StoreError<P>{ Error::from_errno(err), Foreign::from_foreign(entry) };
		}

		static Result<u32, StoreError<P>> misuse_not_alloc(P value)
		{
			KXX_WARN_MISUSE("XArray::alloc() on an array without XaFlags::Alloc");
			return StoreError<P>{ code::EINVAL, move(value) };
		}

		XArray *xa_;
		unsigned long irq_flags_; // LockIrq arrays: the state to restore
		// Live reservations made under this Guard (their list).
		Reservation *reservations_;
	};

	/*
	 * A Guard spelled as a declaration (`XArray<P>::ScopedGuard g(xa)`),
	 * the same type as xa.lock()'s.
	 */
	using ScopedGuard = Guard;

	/*
	 * An index reserved by reserve(): present in the array (so alloc()
	 * skips it) but empty (get() returns null).  fill() stores a value
	 * there; dropping it unfilled frees the index.
	 *
	 * A Reservation made by guard.reserve() is attached to that Guard
	 * while it lives: dropped, filled or released then, it uses the held
	 * lock; when the Guard ends first it detaches them, and from then on
	 * the Reservation takes the lock itself.  So every order of
	 * destruction is right: an early return between reserve() and fill(),
	 * a failed fill(), a Reservation declared before or after its Guard.
	 * (One made by xa.reserve() starts detached.)  Moved-from, it holds
	 * nothing: fill() hands the value back with a misuse report.
	 *
	 * Invariant: xa_ is null exactly when there is nothing to release;
	 * guard_ is null or a live Guard of xa_ whose list holds this.
	 */
	class Reservation {
	public:
		Reservation(Reservation &&other)
		    : xa_(exchange(other.xa_, nullptr)), index_(other.index_), guard_(nullptr)
		{
			if (Guard *g = other.guard_) {
				// Take other's place in the Guard's list.
				other.unlink();
				link(*g);
			}
		}
		Reservation(const Reservation &) = delete;
		Reservation &operator=(const Reservation &) = delete;
		Reservation &operator=(Reservation &&) = delete;
		~Reservation()
		{
			if (!xa_)
				return;
			if (guard_) {
				// SAFETY: guard_ is live (invariant), so the lock is
				// held by this thread.
				kxx_xa_release_reserved(xa_->raw(), index_);
				disarm();
			} else {
				Guard guard(*xa_);
				kxx_xa_release_reserved(xa_->raw(), index_);
				disarm();
			}
		}

		unsigned long index() const { return index_; }
		/* Whether it still holds the index (not filled, released or moved from). */
		bool is_armed() const { return xa_ != nullptr; }

		/*
		 * Stores @value in the reserved slot (consumes the reservation);
		 * uses the Guard it is attached to, or takes the lock.  The
		 * reservation made the slot, so nothing is allocated: no gfp.
		 * On failure (the slot was stored over since: EBUSY) the value
		 * comes back and the index stays reserved.
		 */
		Result<void, StoreError<P>> fill(P value) &&
		{
			if (!xa_)
				return misuse(move(value), "Reservation::fill() of an empty reservation");
			if (guard_)
				return move(*this).fill(*guard_, move(value));
			Guard guard(*xa_);
			return move(*this).fill(guard, move(value));
		}
		Result<void, StoreError<P>> fill(Guard &guard, P value) &&
		{
			if (!xa_)
				return misuse(move(value), "Reservation::fill() of an empty reservation");
			if (guard.xa_ != xa_)
				return misuse(move(value),
					      "Reservation::fill() with another array's guard");
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_fill_reserved(xa_->raw(), index_, entry);
			if (err)
				return Guard::template refused<void>(err, entry);
			disarm(); // filled: nothing left to release
			return Ok();
		}

		/* Frees the index now, under a lock the caller already holds. */
		void release(Guard &guard) &&
		{
			if (xa_ && guard.xa_ == xa_) {
				kxx_xa_release_reserved(xa_->raw(), index_);
				disarm();
			} else if (xa_) {
				KXX_WARN_MISUSE(
				    "Reservation::release() with another array's guard");
			}
		}

	private:
		friend class Guard;
		friend class XArray;
		Reservation(Guard &guard, unsigned long index)
		    : xa_(guard.xa_), index_(index), guard_(nullptr)
		{
			link(guard);
		}

		void link(Guard &g)
		{
			guard_ = &g;
			next_ = g.reservations_;
			if (next_)
				next_->pprev_ = &next_;
			pprev_ = &g.reservations_;
			g.reservations_ = this;
		}
		void unlink()
		{
			*pprev_ = next_;
			if (next_)
				next_->pprev_ = pprev_;
			guard_ = nullptr;
		}
		/* The Guard is ending: from now on, take the lock to release. */
		void detach()
		{
			if (guard_)
				unlink();
		}
		/* Filled or released, under the lock: nothing left to release. */
		void disarm()
		{
			detach();
			xa_->armed_--;
			xa_ = nullptr;
		}

		static Result<void, StoreError<P>> misuse(P value, const char *why)
		{
			KXX_WARN_MISUSE(why);
			return StoreError<P>{ code::EINVAL, move(value) };
		}

		XArray *xa_; // null once filled, released or moved from
		unsigned long index_;
		Guard *guard_; // the live Guard it is attached to, or null
		Reservation *next_;
		Reservation **pprev_;
	};

private:
	friend class XaCursor<P, Fixed, Static>;
	friend class XaReadCursor<P, Fixed, Static>;

	/*
	 * The destructor's walk, out of line: inlined into every function that
	 * has an XArray local, its loop would take registers from the code
	 * around it.
	 */
	[[gnu::noinline]] void destroy()
	{
		if (kxx_xa_is_locked(raw()))
			kxx_bug("kxx::XArray destroyed while its lock is held");
		// A Reservation holds a pointer to this array: it would release
		// its index into freed memory.
		if (armed_)
			kxx_bug("kxx::XArray destroyed while Reservations of it remain");
		drain_dying();
		// A ~T that reserved in this dying array kept a Reservation.
		if (armed_)
			kxx_bug("kxx::XArray: a Reservation was made in it while it was destroyed");
		kxx_xa_destroy(raw());
	}

	/*
	 * Drops every present entry.  SAFETY: each came from into_foreign()
	 * and is owned here.  Each is taken out of the array (under the
	 * lock) before its owner is dropped (without it), so a destructor
	 * that reaches this array again (a remove() in ~T) finds nothing,
	 * and every entry is dropped exactly once.
	 */
	[[gnu::noinline]] void drain()
	{
		for (;;) {
			void *entry;
			{
				Guard guard(*this);
				unsigned long index = 0;
				entry = kxx_xa_find(raw(), &index, ULONG_MAX, KXX_XA_PRESENT);
				if (!entry)
					break;
				kxx_xa_erase(raw(), index);
			}
			Foreign::from_foreign(entry);
		}
	}
	/*
	 * The same for a dying array, as xa_destroy() takes its lock:
	 * irqsave whatever the flavour (an array used only from interrupts
	 * is consistent to lockdep at its end too), and at subclass 1, so
	 * that an array dropped while a Guard of its class is held (an
	 * owner of one dropped under another's lock) is no recursion.
	 */
	[[gnu::noinline]] void drain_dying()
	{
		while (void *entry = kxx_xa_take_first(raw()))
			Foreign::from_foreign(entry);
	}

	/*
	 * An array's lock is _irq or _bh, not both: the kernel would unlock
	 * a blocking allocation's lock plainly, with interrupts still off.
	 * Reported; the array is LockIrq (the stricter one).
	 */
	static XaFlags checked(XaFlags flags)
	{
		if (__builtin_expect(has_flag(flags, XaFlags::LockIrq) &&
					     has_flag(flags, XaFlags::LockBh),
				     0)) {
			KXX_WARN_MISUSE("XArray flags LockIrq and LockBh together");
			return static_cast<XaFlags>(static_cast<unsigned int>(flags) &
						    ~static_cast<unsigned int>(XaFlags::LockBh));
		}
		return flags;
	}

	/* The bytes of DEFINE_XARRAY_FLAGS(name, Fixed), but a null name. */
	static consteval Storage static_storage()
	{
		Storage s{};
		auto put = [&s](unsigned long offset, unsigned long v, unsigned int size) {
			for (unsigned int i = 0; i < size; i++)
				s.bytes[offset + i] = static_cast<unsigned char>(v >> (8 * i));
		};
		put(KXX_XA_OFFSET_FLAGS, static_cast<unsigned int>(Fixed), sizeof(unsigned int));
		if (KXX_XA_INIT_SPIN_DEBUG) {
			put(KXX_XA_INIT_MAGIC_OFFSET, KXX_XA_INIT_MAGIC, 4);
			put(KXX_XA_INIT_OWNER_CPU_OFFSET, ~0u, 4);
			put(KXX_XA_INIT_OWNER_OFFSET, ~0ul, sizeof(void *));
		}
		if (KXX_XA_INIT_LOCKDEP)
			put(KXX_XA_INIT_WAIT_INNER_OFFSET, KXX_XA_INIT_WAIT_INNER, 1);
		return s;
	}

	struct xarray *raw() const
	{
		// SAFETY: storage_ has the size and alignment of struct xarray
		// (from the layout header) and is only ever used as one.
		return reinterpret_cast<struct xarray *>(const_cast<Storage *>(&storage_));
	}

	void init(LockClassKey &lock_class)
	{
		// INVARIANT: initialised, and empty.
		kxx_xa_init(raw(), static_cast<unsigned int>(flags()), lock_class.raw(),
			    lock_class.name);
	}

	/* A reservation made under a lock taken for it, detached when it ends. */
	template <class Make> Result<Reservation> reserve_unattached(Gfp gfp, Make make)
	{
		unsigned int bits;
		auto guard = lock_for(gfp, bits);
		Result<Reservation> r = make(guard, bits);
		if (r.is_ok())
			r->detach();
		return r;
	}

	/*
	 * The Guard a convenience form holds and the gfp @bits it allocates
	 * with.  A blocking gfp on a LockIrq or LockBh array: with interrupts
	 * off it is a misuse (the kernel would unlock to allocate, and both
	 * unlocks turn interrupts on): reported, and made non-blocking.  With
	 * interrupts on, a LockIrq lock is taken as C's xa_store_irq() takes
	 * it (not irqsave: the kernel turns interrupts on and may sleep
	 * inside).  Folds to lock() for plain arrays and non-blocking gfps.
	 */
	Guard lock_for(Gfp gfp, unsigned int &bits) KXX_ACQUIRE(this) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		bits = gfp.bits();
		if (plain_lock() || !gfp.may_block())
			return Guard(*this);
		if (__builtin_expect(kxx_irqs_disabled(), 0)) {
			KXX_WARN_MISUSE("a blocking gfp on a LockIrq or LockBh XArray with interrupts off");
			bits &= ~KXX_GFP_DIRECT_RECLAIM;
			return Guard(*this);
		}
		if (!has_flag(flags(), XaFlags::LockIrq))
			return Guard(*this);
		return Guard(*this, Guard::irqs_on);
	}

	/*
	 * Alloc and Alloc1 both include the kernel's TRACK_FREE bit
	 * (xa_track_free()).  Constant when the flags are fixed.
	 */
	/*
	 * Index 0 of an Alloc1 (ZERO_BUSY) array is never handed out: the
	 * kernel marks it free again when an entry stored there is erased,
	 * and would then empty a reservation there when the tree shrinks.
	 * Folds away for fixed flags and a constant limit.
	 */
	XaLimit alloc_limit(XaLimit limit) const
	{
		if ((static_cast<unsigned int>(flags()) & KXX_XA_FLAGS_ZERO_BUSY) && limit.min == 0)
			limit.min = 1;
		return limit;
	}

	bool tracks_free() const
	{
		return static_cast<unsigned int>(flags()) & KXX_XA_FLAGS_TRACK_FREE;
	}

	/*
	 * Mark 0 on an allocating array would clobber XA_FREE_MARK (a used
	 * slot marked free is handed out again).  Fixed allocating arrays do
	 * not compile it as a constant; this refuses it as a value.  Folds
	 * away for constant marks.
	 */
	bool mark_ok(XaMark mark) const
	{
		if (__builtin_expect(mark.raw() == KXX_XA_MARK_0 && tracks_free(), 0)) {
			KXX_WARN_MISUSE("XaMark::M0 on an allocating XArray (it is XA_FREE_MARK)");
			return false;
		}
		return true;
	}

	/*
	 * With fixed flags the lock flavour is a constant and each Guard
	 * compiles to the one lock call C would make.  With run-time flags
	 * it is one test, with the plain lock as the expected path.
	 */
	bool plain_lock() const
	{
		constexpr unsigned int special = static_cast<unsigned int>(XaFlags::LockIrq) |
						 static_cast<unsigned int>(XaFlags::LockBh);
		if constexpr (fixed)
			return (static_cast<unsigned int>(Fixed) & special) == 0;
		else
			return __builtin_expect((static_cast<unsigned int>(flags_) & special) == 0, 1);
	}
	/*
	 * The plain lock is the inline fast path.  The _irq and _bh flavours
	 * are inline too when the flags are fixed, and out of line (cold) when
	 * they are chosen at run time, so a Guard stays small enough for the
	 * compiler to inline every operation around it.  LockIrq arrays use
	 * the irqsave form, so a Guard is right in any context: process
	 * context, or an interrupt handler (where the _irq form would wrongly
	 * re-enable interrupts on unlock).  Returns the state to restore.
	 */
	unsigned long lock_raw()
	{
		if (plain_lock()) {
			kxx_xa_lock(raw());
			return 0;
		}
		if constexpr (fixed)
			return lock_special();
		else
			return lock_flavoured();
	}
	[[gnu::noinline]] unsigned long lock_nested_raw(unsigned int subclass)
	{
		if (plain_lock()) {
			kxx_xa_lock_nested(raw(), subclass);
			return 0;
		}
		if (has_flag(flags(), XaFlags::LockIrq))
			return kxx_xa_lock_irqsave_nested(raw(), subclass);
		kxx_xa_lock_bh_nested(raw(), subclass);
		return 0;
	}
	bool trylock_raw(unsigned long &irq_flags)
	{
		if (plain_lock())
			return kxx_xa_trylock(raw());
		if constexpr (fixed)
			return trylock_special(irq_flags);
		else
			return trylock_flavoured(irq_flags);
	}
	void unlock_raw(unsigned long irq_flags)
	{
		if (plain_lock())
			kxx_xa_unlock(raw());
		else if constexpr (fixed)
			unlock_special(irq_flags);
		else
			unlock_flavoured(irq_flags);
	}

	/* The _irq (irqsave) and _bh flavours, as the flags say. */
	unsigned long lock_special()
	{
		if (has_flag(flags(), XaFlags::LockIrq))
			return kxx_xa_lock_irqsave(raw());
		kxx_xa_lock_bh(raw());
		return 0;
	}
	bool trylock_special(unsigned long &irq_flags)
	{
		if (has_flag(flags(), XaFlags::LockIrq))
			return kxx_xa_trylock_irqsave(raw(), &irq_flags);
		return kxx_xa_trylock_bh(raw());
	}
	void unlock_special(unsigned long irq_flags)
	{
		if (!has_flag(flags(), XaFlags::LockIrq))
			kxx_xa_unlock_bh(raw());
		else if (__builtin_expect(irq_flags == Guard::irqs_on_marker, 0))
			kxx_xa_unlock_irq(raw());
		else
			kxx_xa_unlock_irqrestore(raw(), irq_flags);
	}
	[[gnu::noinline, gnu::cold]] unsigned long lock_flavoured() { return lock_special(); }
	[[gnu::noinline, gnu::cold]] bool trylock_flavoured(unsigned long &irq_flags)
	{
		return trylock_special(irq_flags);
	}
	[[gnu::noinline, gnu::cold]] void unlock_flavoured(unsigned long irq_flags)
	{
		unlock_special(irq_flags);
	}

	/* init() with the class of the declaration @at, for @flags' lock flavour. */
	[[gnu::noinline]] void init_at(XaFlags flags, detail::Here at)
	{
		constexpr const char *type =
		    detail::Join<detail::Lit<"kxx::XArray<">, detail::TypeName<P>,
				 detail::Lit<">">>::value.s;
		const char *flavour = has_flag(flags, XaFlags::LockIrq)  ? "irq"
				      : has_flag(flags, XaFlags::LockBh) ? "bh"
									 : nullptr;
		const char *name;
		auto *key =
		    kxx_site_lock_class(type, flavour, at.file, at.line, &name);
		// INVARIANT: initialised, and empty.
		kxx_xa_init(raw(), static_cast<unsigned int>(this->flags()), key, name);
	}

	Storage storage_;
	XaFlags flags_; // as given; Fixed when fixed
	// Armed Reservations (made and not yet filled or released): written
	// under the lock; destroying the array with any left is a bug.
	unsigned long armed_ = 0;
	struct NotStatic {};
	[[no_unique_address]] conditional_t<Static, const XArray *, NotStatic> self_{};
};

/*
 * An XArray at namespace scope with no constructor at load and no
 * destructor at unload, as C's DEFINE_XARRAY_FLAGS():
 *
 *   constinit StaticXArray<Box<Foo>, XaFlags::Alloc1> foo_ids{ &foo_ids };
 *   ...
 *   static void __exit foo_exit(void) { foo_ids.exit(); }
 *
 * Its lock is a lockdep class of its own, named after the symbol.  Only
 * with static storage duration (namespace scope, a static member or a
 * function-local static): its own address must be a constant.
 */
template <foreign_ownable P, XaFlags Flags = XaFlags::None>
using StaticXArray = XArray<P, Flags, true>;

/*
 * Every CPU may use one array at once: each operation takes the lock itself.
 * on_each_cpu()'s callable runs in hard interrupts, where only a LockIrq
 * lock may be taken (a plain or BH one would deadlock against a holder the
 * interrupt stopped): arrays whose type does not say LockIrq are lent as
 * const, for lockless reads only.
 */
template <foreign_ownable P, XaFlags F, bool S> inline constexpr bool cpu_shared_v<XArray<P, F, S>> = true;
template <foreign_ownable P, XaFlags F, bool S>
inline constexpr bool cpu_shared_const_v<XArray<P, F, S>> =
    F == xa_runtime_flags || !has_flag(F, XaFlags::LockIrq);

} // namespace kxx

#undef KXX_INLINE
#undef KXX_XA_MARK0_ON_ALLOC
#undef KXX_XA_NO_MULTI
#undef KXX_XA_NO_MULTI_ALLOC

#endif /* KXX_XARRAY_H */
