// SPDX-License-Identifier: GPL-2.0
/*
 * Suites for the core vocabulary: Error, Result, Option, KXX_TRY, Gfp, Box,
 * Arc and ForeignOwnable.  Counters in destructors prove that every owner
 * drops what it owns exactly once.
 */
#include <kxx/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

namespace {

/* Counts constructions and destructions of live objects. */
struct Tracked {
	static inline int constructed;
	static inline int destroyed;
	static void reset() { constructed = destroyed = 0; }
	static int live() { return constructed - destroyed; }

	explicit Tracked(int v) : value(v) { constructed++; }
	Tracked(Tracked &&other) : value(other.value) { constructed++; }
	Tracked(const Tracked &) = delete;
	~Tracked() { destroyed++; }

	int value;
};

Result<int> parse_digit(char c)
{
	if (c < '0' || c > '9')
		return code::EINVAL;
	return c - '0';
}

Result<int> sum_digits(const char *s)
{
	int sum = 0;
	for (; *s; s++)
		sum += KXX_TRY(parse_digit(*s));
	return sum;
}

Result<void> check_positive(int v)
{
	if (v <= 0)
		return Err(code::ERANGE);
	return Ok();
}

Result<Box<Tracked>> make_checked(int v)
{
	KXX_TRY(check_positive(v));
	Box<Tracked> b = KXX_TRY(Box<Tracked>::make(GFP_KERNEL, v));
	b->value *= 2;
	return b;
}

} // namespace

/* --- Error ------------------------------------------------------------- */

KXX_TEST(kxx_error, errno_round_trip)
{
	const Error codes[] = { code::ENOMEM, code::EBUSY,  code::EINVAL, code::ENOSPC,
				code::EEXIST, code::ENOENT, code::EAGAIN };
	const int values[] = { -KXX_ENOMEM, -KXX_EBUSY,	 -KXX_EINVAL, -KXX_ENOSPC,
			       -KXX_EEXIST, -KXX_ENOENT, -KXX_EAGAIN };

	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		KXX_EXPECT_EQ(test, codes[i].to_errno(), values[i]);
		KXX_EXPECT_TRUE(test, Error::from_errno(values[i]) == codes[i]);
	}
	KXX_EXPECT_EQ(test, code::ENOMEM.to_errno(), -12);
	KXX_EXPECT_FALSE(test, code::ENOMEM == code::EBUSY);
}

KXX_TEST(kxx_error, invalid_errno_becomes_einval)
{
	kxx::kunit::ExpectMisuse misuse;

	KXX_EXPECT_TRUE(test, Error::from_errno(0) == code::EINVAL);
	KXX_EXPECT_TRUE(test, Error::from_errno(12) == code::EINVAL);
	KXX_EXPECT_TRUE(test, Error::from_errno(-100000) == code::EINVAL);
	KXX_EXPECT_EQ(test, misuse.count(), 3ul);
}

/* --- Result and KXX_TRY ------------------------------------------------- */

/*
 * No padding in Option and Result (their flag fills what would be padding,
 * and Error is a word): GCC 12 then drops INIT_STACK_ALL_ZERO's fill of a
 * named local (see detail::Tag).  Their sizes are those of the parts.
 */
static_assert(sizeof(Error) == sizeof(void *));
static_assert(sizeof(Option<Box<int>>) == 2 * sizeof(void *));
static_assert(sizeof(Result<Box<int>>) == 2 * sizeof(void *));
static_assert(sizeof(Result<void>) == 2 * sizeof(void *));
static_assert(sizeof(Option<u32>) == 2 * sizeof(u32));
static_assert(sizeof(Option<u8>) == 2);

KXX_TEST(kxx_result, ok_and_err)
{
	Result<int> a = 7;
	Result<int> b = code::ENOSPC;
	Result<int> c = Ok(8);
	Result<int> d = Err(code::EEXIST);

	KXX_EXPECT_TRUE(test, a.is_ok());
	KXX_EXPECT_FALSE(test, a.is_err());
	KXX_EXPECT_EQ(test, *a, 7);
	KXX_EXPECT_EQ(test, a.value(), 7);
	KXX_EXPECT_TRUE(test, b.is_err());
	KXX_EXPECT_EQ(test, b.error().to_errno(), -KXX_ENOSPC);
	KXX_EXPECT_EQ(test, c.value(), 8);
	KXX_EXPECT_TRUE(test, d.error() == code::EEXIST);

	Result<void> v = Ok();
	Result<void> e = code::EBUSY;
	KXX_EXPECT_TRUE(test, v.is_ok());
	KXX_EXPECT_TRUE(test, e.is_err());
	KXX_EXPECT_TRUE(test, e.error() == code::EBUSY);
}

KXX_TEST(kxx_result, try_propagates_first_error)
{
	Result<int> good = sum_digits("1234");
	KXX_ASSERT_TRUE(test, good.is_ok());
	KXX_EXPECT_EQ(test, *good, 10);

	Result<int> bad = sum_digits("12x4");
	KXX_ASSERT_TRUE(test, bad.is_err());
	KXX_EXPECT_TRUE(test, bad.error() == code::EINVAL);
}

KXX_TEST(kxx_result, try_moves_owners_and_drops_once)
{
	Tracked::reset();
	{
		Result<Box<Tracked>> r = make_checked(21);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, r.value()->value, 42);
		KXX_EXPECT_EQ(test, Tracked::live(), 1);

		Box<Tracked> owned = move(r).value();
		KXX_EXPECT_EQ(test, owned->value, 42);
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);
	KXX_EXPECT_EQ(test, Tracked::constructed, 1); // Box moves the pointer, not the T

	Result<Box<Tracked>> err = make_checked(-1);
	KXX_ASSERT_TRUE(test, err.is_err());
	KXX_EXPECT_TRUE(test, err.error() == code::ERANGE);
	KXX_EXPECT_EQ(test, Tracked::constructed, 1); // the error path built nothing
}

KXX_TEST(kxx_result, move_assignment_drops_old_value)
{
	Tracked::reset();
	{
		Result<Tracked> r = Tracked(1);
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
		r = Result<Tracked>(code::EAGAIN);
		KXX_EXPECT_EQ(test, Tracked::live(), 0);
		KXX_EXPECT_TRUE(test, r.error() == code::EAGAIN);
		r = Result<Tracked>(Tracked(2));
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
		KXX_EXPECT_EQ(test, r->value, 2);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);
}

KXX_TEST(kxx_result, misuse_warns_and_is_safe)
{
	kxx::kunit::ExpectMisuse misuse;

	Result<int> err = code::ENOMEM;
	KXX_EXPECT_EQ(test, err.value(), 0); // safe default, not garbage
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);

	Result<int> ok = 5;
	KXX_EXPECT_TRUE(test, ok.error() == code::EINVAL);
	KXX_EXPECT_EQ(test, misuse.count(), 2ul);

	Result<void> v = Ok();
	KXX_EXPECT_TRUE(test, v.error() == code::EINVAL);
	KXX_EXPECT_EQ(test, misuse.count(), 3ul);
}

/* --- Option ------------------------------------------------------------- */

KXX_TEST(kxx_option, some_none_take)
{
	Option<int> none;
	Option<int> none2 = None;
	Option<int> some = Some(3);

	KXX_EXPECT_TRUE(test, none.is_none());
	KXX_EXPECT_TRUE(test, none2.is_none());
	KXX_EXPECT_TRUE(test, some.is_some());
	KXX_EXPECT_EQ(test, *some, 3);

	Option<int> taken = some.take();
	KXX_EXPECT_TRUE(test, some.is_none());
	KXX_EXPECT_EQ(test, taken.value(), 3);
	KXX_EXPECT_EQ(test, move(none).value_or(9), 9);
}

KXX_TEST(kxx_option, move_only_values_drop_once)
{
	Tracked::reset();
	{
		Option<Box<Tracked>> a = Box<Tracked>::make(GFP_KERNEL, 5).ok();
		KXX_ASSERT_TRUE(test, a.is_some());
		KXX_EXPECT_EQ(test, (*a)->value, 5);

		Option<Box<Tracked>> b;
		b = move(a); // move-assign transfers
		KXX_EXPECT_TRUE(test, b.is_some());
		KXX_EXPECT_EQ(test, Tracked::live(), 1);

		b = Box<Tracked>::make(GFP_KERNEL, 6).ok(); // replaces: old one dropped
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
		KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
		KXX_EXPECT_EQ(test, b.value()->value, 6);

		Option<Box<Tracked>> c = b.take();
		KXX_EXPECT_TRUE(test, b.is_none());
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
		c.reset();
		KXX_EXPECT_EQ(test, Tracked::live(), 0);
	}
	KXX_EXPECT_EQ(test, Tracked::constructed, 2);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 2);
}

KXX_TEST(kxx_option, empty_value_is_safe)
{
	kxx::kunit::ExpectMisuse misuse;
	Option<int> none;

	KXX_EXPECT_EQ(test, none.value(), 0);
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
}

/* --- Box ------------------------------------------------------------------ */

KXX_TEST(kxx_box, make_destroys_once)
{
	Tracked::reset();
	{
		Result<Box<Tracked>> made = Box<Tracked>::make(GFP_KERNEL, 1);
		KXX_ASSERT_TRUE(test, made.is_ok());
		Box<Tracked> a = move(made).value();
		Box<Tracked> b = move(a);
		KXX_EXPECT_NULL(test, a.get());
		KXX_EXPECT_EQ(test, b->value, 1);
		(*b).value = 2;
		KXX_EXPECT_EQ(test, b.get()->value, 2);
		KXX_EXPECT_EQ(test, Tracked::live(), 1);

		Box<Tracked> c = Box<Tracked>::make(GFP_ATOMIC, 3).value();
		c = move(b); // the T c held is dropped, b's moves in
		KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
		KXX_EXPECT_EQ(test, c->value, 2);
	}
	KXX_EXPECT_EQ(test, Tracked::constructed, 2);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 2);
}

namespace {

/* A user-provided constructor that leaves the bytes as allocated. */
struct Uninit {
	Uninit() {}
	unsigned char bytes[512];
};

struct alignas(64) OverAligned {
	int v = 1;
};

struct Huge {
	unsigned char bytes[64ul << 20]; // beyond KMALLOC_MAX_SIZE
};

} // namespace

KXX_TEST(kxx_box, gfp_zero_memory_is_zeroed)
{
	KXX_EXPECT_NE(test, (GFP_KERNEL | GFP_ZERO).bits, GFP_KERNEL.bits);
	KXX_EXPECT_EQ(test, (GFP_KERNEL | GFP_ZERO).bits & GFP_ZERO.bits, GFP_ZERO.bits);

	for (int round = 0; round < 8; round++) {
		Result<Box<Uninit>> r = Box<Uninit>::make(GFP_KERNEL | GFP_ZERO);
		KXX_ASSERT_TRUE(test, r.is_ok());
		unsigned int nonzero = 0;
		for (unsigned char byte : (*r)->bytes)
			nonzero += byte != 0;
		KXX_EXPECT_EQ(test, nonzero, 0u);
		(*r)->bytes[round] = 0xff; // dirty the slab object for the next round
	}
}

KXX_TEST(kxx_box, over_aligned_type_is_aligned)
{
	for (int i = 0; i < 16; i++) {
		Result<Box<OverAligned>> r = Box<OverAligned>::make(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(r->get()) % 64, 0ul);
		KXX_EXPECT_EQ(test, (*r)->v, 1);
	}
}

KXX_TEST(kxx_box, allocation_failure_is_enomem)
{
	Tracked::reset();
	Result<Box<Huge>> r = Box<Huge>::make(GFP_KERNEL | GFP_NOWARN);
	KXX_ASSERT_TRUE(test, r.is_err());
	KXX_EXPECT_TRUE(test, r.error() == code::ENOMEM);

	struct HugeTracked {
		Tracked t{ 0 };
		Huge h;
	};
	Result<Box<HugeTracked>> r2 = Box<HugeTracked>::make(GFP_KERNEL | GFP_NOWARN);
	KXX_EXPECT_TRUE(test, r2.is_err());
	KXX_EXPECT_EQ(test, Tracked::constructed, 0); // nothing built, nothing to leak
}

KXX_TEST(kxx_box, raw_round_trip)
{
	Tracked::reset();
	Box<Tracked> b = Box<Tracked>::make(GFP_KERNEL, 9).value();
	Tracked *raw = b.into_raw();
	KXX_EXPECT_NULL(test, b.get());
	KXX_EXPECT_EQ(test, Tracked::live(), 1); // released, not dropped
	{
		Box<Tracked> back = Box<Tracked>::from_raw(raw);
		KXX_EXPECT_EQ(test, back->value, 9);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
}

/* --- Arc ------------------------------------------------------------------ */

KXX_TEST(kxx_arc, clone_and_drop_count)
{
	Tracked::reset();
	{
		Arc<Tracked> a = Arc<Tracked>::make(GFP_KERNEL, 4).value();
		KXX_EXPECT_EQ(test, a.ref_count(), 1u);
		KXX_EXPECT_EQ(test, a->value, 4);
		{
			Arc<Tracked> b = a.clone();
			Arc<Tracked> c = b; // copy is a clone too
			KXX_EXPECT_EQ(test, a.ref_count(), 3u);
			KXX_EXPECT_TRUE(test, c.ptr_eq(a));
			KXX_EXPECT_EQ(test, &*c, &*a);
		}
		KXX_EXPECT_EQ(test, a.ref_count(), 1u);
		KXX_EXPECT_EQ(test, Tracked::destroyed, 0);

		Arc<Tracked> moved = move(a);
		KXX_EXPECT_EQ(test, moved.ref_count(), 1u);
		KXX_EXPECT_EQ(test, a.ref_count(), 0u);

		Arc<Tracked> other = Arc<Tracked>::make(GFP_KERNEL, 5).value();
		other = moved; // drops other's only reference
		KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
		KXX_EXPECT_EQ(test, moved.ref_count(), 2u);
	}
	KXX_EXPECT_EQ(test, Tracked::constructed, 2);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 2);
}

KXX_TEST(kxx_arc, allocation_failure_is_enomem)
{
	Result<Arc<Huge>> r = Arc<Huge>::make(GFP_KERNEL | GFP_NOWARN);
	KXX_ASSERT_TRUE(test, r.is_err());
	KXX_EXPECT_TRUE(test, r.error() == code::ENOMEM);
}

/* --- ForeignOwnable ------------------------------------------------------- */

static_assert(foreign_ownable<Box<int>>);
static_assert(foreign_ownable<Arc<int>>);
static_assert(!foreign_ownable<int>);
static_assert(!foreign_ownable<int *>);
static_assert(ForeignOwnable<Box<char>>::align >= 4);
static_assert(ForeignOwnable<Arc<char>>::align >= 4);
static_assert(ForeignOwnable<Box<OverAligned>>::align == 64);
static_assert(is_same_v<ForeignOwnable<Box<int>>::Borrowed, const int *>);
static_assert(is_same_v<ForeignOwnable<Box<int>>::BorrowedMut, int *>);
static_assert(is_same_v<ForeignOwnable<Arc<int>>::BorrowedMut, const int *>);

KXX_TEST(kxx_foreign, box_round_trip)
{
	using F = ForeignOwnable<Box<Tracked>>;

	Tracked::reset();
	void *p = into_foreign(Box<Tracked>::make(GFP_KERNEL, 11).value());
	KXX_ASSERT_NOT_NULL(test, p);
	KXX_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(p) % F::align, 0ul);
	KXX_EXPECT_EQ(test, F::borrow(p)->value, 11);
	F::borrow_mut(p)->value = 12; // exclusive view writes through
	KXX_EXPECT_EQ(test, F::borrow(p)->value, 12);
	KXX_EXPECT_EQ(test, Tracked::live(), 1);

	Box<Tracked> back = from_foreign<Box<Tracked>>(p);
	KXX_EXPECT_EQ(test, back->value, 12);
	KXX_EXPECT_TRUE(test, try_from_foreign<Box<Tracked>>(nullptr).is_none());
	KXX_EXPECT_NULL(test, F::borrow(nullptr));
	back = Box<Tracked>::make(GFP_KERNEL, 0).value();
	KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
}

KXX_TEST(kxx_foreign, arc_round_trips_keep_count)
{
	using F = ForeignOwnable<Arc<Tracked>>;

	Tracked::reset();
	{
		Arc<Tracked> a = Arc<Tracked>::make(GFP_KERNEL, 3).value();
		void *p[4];
		for (auto &slot : p)
			slot = into_foreign(a.clone());
		KXX_EXPECT_EQ(test, a.ref_count(), 5u);
		KXX_EXPECT_EQ(test, F::borrow(p[2])->value, 3);
		KXX_EXPECT_EQ(test, F::borrow(p[0]), &*a);
		KXX_EXPECT_NULL(test, F::borrow(nullptr));
		for (auto &slot : p) {
			Option<Arc<Tracked>> back = try_from_foreign<Arc<Tracked>>(slot);
			KXX_EXPECT_TRUE(test, back.is_some());
		}
		KXX_EXPECT_EQ(test, a.ref_count(), 1u);
		KXX_EXPECT_EQ(test, Tracked::destroyed, 0);
	}
	KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
}
