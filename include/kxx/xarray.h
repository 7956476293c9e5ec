/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray.h - XArray<P>: the kernel's XArray, owning what it stores.
 *
 *   XArray<P>          a sparse array of P (any foreign_ownable owner: Box<T>,
 *                      Arc<T>, RcuBox<T>) indexed by unsigned long.  It owns
 *                      every stored P and drops each exactly once: when it is
 *                      removed, replaced, or when the array is destroyed.
 *                      The constructor takes its XaFlags.
 *   XArray<P, Flags>   the same with the flags fixed in the type, as C code
 *                      fixes them by calling xa_lock_irq() or xa_alloc() by
 *                      name: the lock flavour is compiled in, and alloc() and
 *                      reserve() exist only for Alloc/Alloc1 arrays.  This
 *                      is the zero-cost form; with flags chosen at run time
 *                      every lock and unlock tests them (a load and a
 *                      branch), and alloc() checks that the array allocates.
 *   XArray<P>::Guard   the array's lock, held (in the flavour the flags name:
 *                      plain, _irq or _bh) for the Guard's lifetime.  All
 *                      access to entries goes through a Guard, so a forgotten
 *                      lock cannot be written.
 *   StoreError<P>      a failed store: the error and the value, handed back.
 *   Reservation        an index reserved in an Alloc array, to fill later; if
 *                      dropped unfilled, the index is freed again.
 *   XaFlags, XaLimit, XaMark   as xa_init_flags(), struct xa_limit, XA_MARK_n.
 *
 *   XArray<Box<Foo>, XaFlags::Alloc1> xa;    // or: XArray<Box<Foo>> xa(XaFlags::Alloc1);
 *   auto guard = xa.lock();
 *   u32 id = KXX_TRY(guard.alloc(KXX_TRY(Box<Foo>::make(GFP_KERNEL)), GFP_KERNEL));
 *   for (auto e : guard.entries())
 *           pr_foo(e.index, e.value);
 *
 * Borrowed values (get(), iteration) are views valid while the Guard that
 * produced them is held.  load() reads without the lock, under an
 * rcu::ReadGuard, for owners whose memory is freed after a grace period
 * (RcuBox<T>); for others it does not compile.
 *
 * Invariants: xa_ is an initialised struct xarray (sized from the target
 * kernel) whose entries are null, reserved, or pointers that came from
 * ForeignOwnable<P>::into_foreign() and are owned by this XArray.  An XArray
 * neither copies nor moves: the kernel's nodes point back at it.
 */
#ifndef KXX_XARRAY_H
#define KXX_XARRAY_H

#include <kxx/alloc.h>
#include <kxx/bindings.h>
#include <kxx/error.h>
#include <kxx/foreign.h>
#include <kxx/layout.h>
#include <kxx/rcu.h>
#include <kxx/result.h>
#include <kxx/utility.h>

/* Thin wrappers the compiler must inline, whatever its size estimate says. */
#define KXX_INLINE __attribute__((always_inline)) inline

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

enum class XaMark : unsigned int {
	M0 = KXX_XA_MARK_0,
	M1 = KXX_XA_MARK_1,
	M2 = KXX_XA_MARK_2,
};

/* A failed store: why, and the value that was not stored (never leaked). */
template <class P> struct StoreError {
	Error error;
	P value;

	/* For KXX_TRY in a function returning Result<_, Error>: drops value. */
	operator Error() const { return error; }
};

template <foreign_ownable P, XaFlags Fixed = xa_runtime_flags>
class KXX_CAPABILITY("xa_lock") XArray {
	static_assert(ForeignOwnable<P>::align >= 4,
		      "XArray entries must be at least 4-byte aligned: the XArray uses the two "
		      "low bits of every entry to tell pointers from its internal entries");

	using Foreign = ForeignOwnable<P>;

	/* Whether the flags are part of the type (XArray<P, Flags>). */
	static constexpr bool fixed = Fixed != xa_runtime_flags;
	static_assert(!fixed || !(has_flag(Fixed, XaFlags::LockIrq) && has_flag(Fixed, XaFlags::LockBh)),
		      "an XArray's lock is either _irq or _bh, not both");
	/* Whether alloc() and reserve() may be called: unless the type says no. */
	static constexpr bool may_alloc =
	    !fixed || (static_cast<unsigned int>(Fixed) & KXX_XA_FLAGS_TRACK_FREE) != 0;

public:
	using Borrowed = typename Foreign::Borrowed;
	using BorrowedMut = typename Foreign::BorrowedMut;
	class Guard;
	class Reservation;

	/*
	 * Lockdep sees one lock class per XArray type and lock flavour
	 * (plain, _irq, _bh: a class is used one way only), unless
	 * @lock_class names another.  Code that holds the locks of two arrays
	 * of the same type at once gives one of them its own class, made at
	 * that line by KXX_LOCK_CLASS() (as Rust's static_lock_class!()):
	 *
	 *   XArray<Box<Foo>> a, b(XaFlags::None, KXX_LOCK_CLASS());
	 *   XArray<Box<Foo>, XaFlags::Alloc> c, d(KXX_LOCK_CLASS());
	 */
	explicit XArray(XaFlags flags = XaFlags::None) requires(!fixed)
	    : XArray(flags, flavour_lock_class(flags))
	{}
	XArray(XaFlags flags, LockClassKey &lock_class) requires(!fixed) : flags_(flags)
	{
		init(lock_class);
	}
	XArray() requires fixed : XArray(flavour_lock_class(Fixed)) {}
	explicit XArray(LockClassKey &lock_class) requires fixed : flags_(Fixed)
	{
		init(lock_class);
	}

	~XArray()
	{
		// SAFETY: destruction is exclusive access; every present entry
		// came from into_foreign() and is owned here, so taking each
		// back once and dropping it frees it exactly once.  Reserved
		// slots are skipped by xa_find and freed by xa_destroy.
		unsigned long index = 0;
		void *entry = kxx_xa_find(raw(), &index, ULONG_MAX, KXX_XA_PRESENT);
		while (entry) {
			Foreign::from_foreign(entry);
			entry = kxx_xa_find_after(raw(), &index, ULONG_MAX, KXX_XA_PRESENT);
		}
		kxx_xa_destroy(raw());
	}

	XArray(const XArray &) = delete;
	XArray &operator=(const XArray &) = delete;
	XArray(XArray &&) = delete;
	XArray &operator=(XArray &&) = delete;

	/*
	 * Takes the lock (may spin; for _irq/_bh arrays also masks those).
	 * Not on a temporary array: the guard would outlive it.
	 */
	[[nodiscard]] Guard lock() & { return Guard(*this); }
	Guard lock() && = delete;

	/* Takes the lock if it is free, without waiting. */
	Option<Guard> try_lock() && = delete;
	[[nodiscard]] Option<Guard> try_lock() &
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
	 * dropped (RcuBox): xa_load() protects the tree, not the object, so
	 * for Box<T> a concurrent remove() could free it under the reader.
	 */
	Borrowed load(const rcu::ReadGuard &guard, unsigned long index) const requires rcu_freed<P>
	{
		(void)guard;
		return Foreign::borrow(kxx_xa_load(raw(), index));
	}
	/* A temporary guard would end before the borrow is used. */
	Borrowed load(const rcu::ReadGuard &&, unsigned long) const requires rcu_freed<P>
	= delete;

	/* Whether no entry is present or reserved (no lock needed). */
	bool empty() const { return kxx_xa_empty(raw()); }

	XaFlags flags() const
	{
		if constexpr (fixed)
			return Fixed;
		else
			return flags_;
	}

	/* Convenience forms that take the lock for one operation. */
	KXX_INLINE Result<Option<P>, StoreError<P>> store(unsigned long index, P value, Gfp gfp)
	{
		return lock().store(index, move(value), gfp);
	}
	KXX_INLINE Option<P> remove(unsigned long index) { return lock().remove(index); }
	KXX_INLINE Result<void, StoreError<P>> insert(unsigned long index, P value, Gfp gfp)
	{
		return lock().insert(index, move(value), gfp);
	}
	KXX_INLINE Result<u32, StoreError<P>> alloc(P value, Gfp gfp,
						    XaLimit limit = XaLimit::all()) requires may_alloc
	{
		return lock().alloc(move(value), gfp, limit);
	}
	Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all()) & requires may_alloc
	{
		return lock().reserve(gfp, limit);
	}
	/* A reservation on a temporary array would outlive it. */
	Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all()) && = delete;

	/* The lock held: every operation on entries is a method of Guard. */
	class Guard {
	public:
		Guard(const Guard &) = delete;
		Guard &operator=(const Guard &) = delete;
		Guard(Guard &&) = delete;
		Guard &operator=(Guard &&) = delete;
		~Guard() { xa_->unlock_raw(irq_flags_); }

		/* A shared view of the entry at @index; null if none. */
		Borrowed get(unsigned long index) const
		{
			return Foreign::borrow(kxx_xa_load(xa_->raw(), index));
		}
		/* An exclusive view (the lock serialises all writers). */
		BorrowedMut get_mut(unsigned long index)
		{
			return Foreign::borrow_mut(kxx_xa_load(xa_->raw(), index));
		}

		/*
		 * Stores @value at @index and returns what was there.  May drop
		 * and retake the lock to allocate (as __xa_store), so earlier
		 * borrows must not be used afterwards.  On failure the value
		 * comes back in the StoreError.
		 */
		KXX_INLINE Result<Option<P>, StoreError<P>> store(unsigned long index, P value,
								  Gfp gfp)
		{
			int err = 0;
			void *entry = Foreign::into_foreign(move(value));
			void *old = kxx_xa_store(xa_->raw(), index, entry, gfp.bits, &err);
			if (err) {
				// SAFETY: the store failed, so the array did not
				// take entry; it is still ours to take back.
				return StoreError<P>{ Error::from_errno(err),
						      Foreign::from_foreign(entry) };
			}
			// SAFETY: old was stored by this array, so it came
			// from into_foreign() and the array just gave it up.
			return Foreign::try_from_foreign(old);
		}

		/* Removes the entry at @index, giving it to the caller. */
		KXX_INLINE Option<P> remove(unsigned long index)
		{
			// SAFETY: an entry taken out of the array is owned by
			// no one else (the array's invariant).
			return Foreign::try_from_foreign(kxx_xa_erase(xa_->raw(), index));
		}

		/* Stores @value at @index if it is empty (not even reserved). */
		KXX_INLINE Result<void, StoreError<P>> insert(unsigned long index, P value, Gfp gfp)
		{
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_insert(xa_->raw(), index, entry, gfp.bits);
			if (err)
				return StoreError<P>{ Error::from_errno(err),
						      Foreign::from_foreign(entry) };
			return Ok();
		}

		/*
		 * Stores @value at a free index within @limit (Alloc/Alloc1
		 * arrays) and returns the index; EBUSY when @limit is full.
		 */
		KXX_INLINE Result<u32, StoreError<P>> alloc(P value, Gfp gfp,
							    XaLimit limit = XaLimit::all())
		    requires may_alloc
		{
			if (!xa_->tracks_free())
				return misuse_not_alloc(move(value));
			// Written by __xa_alloc() before it returns 0; not read
			// otherwise.
			__attribute__((uninitialized)) u32 id;
			void *entry = Foreign::into_foreign(move(value));
			int err =
			    kxx_xa_alloc(xa_->raw(), &id, entry, limit.min, limit.max, gfp.bits);
			if (err)
				return StoreError<P>{ Error::from_errno(err),
						      Foreign::from_foreign(entry) };
			return id;
		}

		/*
		 * As alloc(), searching from @next and wrapping around within
		 * @limit; @next becomes the id after the one returned.
		 */
		Result<u32, StoreError<P>> alloc_cyclic(P value, u32 &next, Gfp gfp,
							XaLimit limit = XaLimit::all())
		    requires may_alloc
		{
			if (!xa_->tracks_free())
				return misuse_not_alloc(move(value));
			u32 id = 0;
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_alloc_cyclic(xa_->raw(), &id, entry, limit.min, limit.max,
						      &next, gfp.bits);
			if (err)
				return StoreError<P>{ Error::from_errno(err),
						      Foreign::from_foreign(entry) };
			return id;
		}

		/* Reserves a free index within @limit, to fill later. */
		Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all())
		    requires may_alloc
		{
			if (!xa_->tracks_free()) {
				KXX_WARN_MISUSE(
				    "XArray::reserve() on an array without XaFlags::Alloc");
				return code::EINVAL;
			}
			u32 id = 0;
			int err =
			    kxx_xa_alloc(xa_->raw(), &id, nullptr, limit.min, limit.max, gfp.bits);
			if (err)
				return Error::from_errno(err);
			return Reservation(*xa_, id);
		}

		void set_mark(unsigned long index, XaMark mark)
		{
			kxx_xa_set_mark(xa_->raw(), index, static_cast<unsigned int>(mark));
		}
		void clear_mark(unsigned long index, XaMark mark)
		{
			kxx_xa_clear_mark(xa_->raw(), index, static_cast<unsigned int>(mark));
		}
		bool get_mark(unsigned long index, XaMark mark) const
		{
			return kxx_xa_get_mark(xa_->raw(), index, static_cast<unsigned int>(mark));
		}

		/* One present entry, as iteration yields it. */
		struct Entry {
			unsigned long index;
			Borrowed value;
		};

		/*
		 * Present entries in [first, last] with @filter, in index order,
		 * for one pass at a time: the Range holds the cursor (the index
		 * the kernel's xa_find() advances, so it lives in memory), and
		 * its iterators keep everything else in registers.
		 */
		class Range {
		public:
			class Iterator {
			public:
				Entry operator*() const
				{
					return { *index_, Foreign::borrow(entry_) };
				}
				Iterator &operator++()
				{
					entry_ = kxx_xa_find_after(xa_, index_, last_, filter_);
					return *this;
				}
				bool operator==(const Iterator &other) const
				{
					return entry_ == other.entry_;
				}

			private:
				friend class Range;
				Iterator(struct xarray *xa, unsigned long *index, unsigned long last,
					 unsigned int filter, void *entry)
				    : xa_(xa), index_(index), last_(last), filter_(filter),
				      entry_(entry)
				{}

				struct xarray *xa_;
				unsigned long *index_; // the Range's cursor
				unsigned long last_;
				unsigned int filter_;
				void *entry_;
			};

			/* Starts the pass (again) at first. */
			Iterator begin()
			{
				index_ = first_;
				return Iterator(xa_, &index_, last_, filter_,
						kxx_xa_find(xa_, &index_, last_, filter_));
			}
			Iterator end() { return Iterator(nullptr, nullptr, 0, 0, nullptr); }

		private:
			friend class Guard;
			Range(struct xarray *xa, unsigned long first, unsigned long last,
			      unsigned int filter)
			    : xa_(xa), first_(first), last_(last), filter_(filter), index_(first)
			{}

			struct xarray *xa_;
			unsigned long first_, last_;
			unsigned int filter_;
			unsigned long index_;
		};

		Range entries(unsigned long first = 0, unsigned long last = ULONG_MAX) const
		{
			return Range(xa_->raw(), first, last, KXX_XA_PRESENT);
		}
		Range marked(XaMark mark, unsigned long first = 0,
			     unsigned long last = ULONG_MAX) const
		{
			return Range(xa_->raw(), first, last, static_cast<unsigned int>(mark));
		}

	protected:
		explicit Guard(XArray &xa) : xa_(&xa), irq_flags_(xa.lock_raw()) {}

	private:
		friend class XArray;
		static constexpr struct Adopt {
		} adopt{};

		/* For try_lock(): the lock is already held. */
		Guard(XArray &xa, Adopt, unsigned long irq_flags) : xa_(&xa), irq_flags_(irq_flags)
		{}

		template <class R> static R misuse_not_alloc_impl(P value)
		{
			KXX_WARN_MISUSE("XArray::alloc() on an array without XaFlags::Alloc");
			return StoreError<P>{ code::EINVAL, move(value) };
		}
		static Result<u32, StoreError<P>> misuse_not_alloc(P value)
		{
			return misuse_not_alloc_impl<Result<u32, StoreError<P>>>(move(value));
		}

		XArray *xa_;
		unsigned long irq_flags_; // LockIrq arrays: the state to restore
	};

	/*
	 * A Guard that Clang's -Wthread-safety can follow: `ScopedGuard g(xa)`
	 * holds xa's lock for its scope exactly as `auto g = xa.lock()` does,
	 * and lets Clang check data marked KXX_GUARDED_BY(xa).  (Clang 14
	 * cannot follow a guard returned from a function, so lock() is not
	 * annotated.)
	 */
	class KXX_SCOPED_CAPABILITY ScopedGuard : public Guard {
	public:
		explicit ScopedGuard(XArray &xa) KXX_ACQUIRE(xa) : Guard(xa) {}
		~ScopedGuard() KXX_RELEASE() {}
	};

	/*
	 * An index reserved by reserve(): present in the array (so alloc()
	 * skips it) but empty (get() returns null).  fill() stores a value
	 * there; dropping it unfilled frees the index.  The destructor takes
	 * the lock, so when the caller already holds a Guard, use the
	 * release(guard) / fill(guard, ...) forms instead.
	 */
	class Reservation {
	public:
		Reservation(Reservation &&other)
		    : xa_(exchange(other.xa_, nullptr)), index_(other.index_)
		{}
		Reservation(const Reservation &) = delete;
		Reservation &operator=(const Reservation &) = delete;
		Reservation &operator=(Reservation &&) = delete;
		~Reservation()
		{
			if (xa_) {
				auto guard = xa_->lock();
				kxx_xa_release_reserved(xa_->raw(), index_);
			}
		}

		u32 index() const { return index_; }

		/* Stores @value in the reserved slot (consumes the reservation). */
		Result<void, StoreError<P>> fill(P value, Gfp gfp) &&
		{
			auto guard = xa_->lock();
			return move(*this).fill(guard, move(value), gfp);
		}
		Result<void, StoreError<P>> fill(Guard &guard, P value, Gfp gfp) &&
		{
			if (!xa_ || guard.xa_ != xa_) {
				KXX_WARN_MISUSE("Reservation::fill() with another array's guard");
				return StoreError<P>{ code::EINVAL, move(value) };
			}
			void *entry = Foreign::into_foreign(move(value));
			int err = kxx_xa_fill_reserved(xa_->raw(), index_, entry, gfp.bits);
			if (err)
				return StoreError<P>{ Error::from_errno(err),
						      Foreign::from_foreign(entry) };
			xa_ = nullptr; // filled: nothing left to release
			return Ok();
		}

		/* Frees the index now, under a lock the caller already holds. */
		void release(Guard &guard) &&
		{
			if (xa_ && guard.xa_ == xa_) {
				kxx_xa_release_reserved(xa_->raw(), index_);
				xa_ = nullptr;
			} else {
				KXX_WARN_MISUSE(
				    "Reservation::release() with another array's guard");
			}
		}

	private:
		friend class Guard;
		Reservation(XArray &xa, u32 index) : xa_(&xa), index_(index) {}

		XArray *xa_; // null once filled or released
		u32 index_;
	};

private:
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
			    "kxx::XArray");
	}

	/*
	 * Alloc and Alloc1 both include the kernel's TRACK_FREE bit
	 * (xa_track_free()).  Constant when the flags are fixed.
	 */
	bool tracks_free() const
	{
		return static_cast<unsigned int>(flags()) & KXX_XA_FLAGS_TRACK_FREE;
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
		if (has_flag(flags(), XaFlags::LockIrq))
			kxx_xa_unlock_irqrestore(raw(), irq_flags);
		else
			kxx_xa_unlock_bh(raw());
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

	static LockClassKey &flavour_lock_class(XaFlags flags)
	{
		static constinit LockClassKey plain{}, irq{}, bh{};
		if (has_flag(flags, XaFlags::LockIrq))
			return irq;
		return has_flag(flags, XaFlags::LockBh) ? bh : plain;
	}

	using Storage = Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>;
	Storage storage_;
	XaFlags flags_; // as given; Fixed when fixed
};

} // namespace kxx

#undef KXX_INLINE

#endif /* KXX_XARRAY_H */
