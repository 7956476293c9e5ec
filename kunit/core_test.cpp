// SPDX-License-Identifier: GPL-2.0
/*
 * Suites for the core vocabulary: Error, Result, Option, KXX_TRY, Gfp, Box,
 * Arc and ForeignOwnable.  Counters in destructors prove that every owner
 * drops what it owns exactly once.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {

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

/*
 * kxx::code has every errno of the target kernel's <linux/errno.h>
 * (generated from those headers), not a hand-picked few: the ones a driver
 * returns, with the values C computes (the layout table's copies).
 */
KXX_TEST(kxx_error, every_kernel_errno_is_named)
{
	struct {
		Error e;
		long c;
	} const named[] = {
		{ code::EIO, -KXX_EIO },	       { code::EPERM, -KXX_EPERM },
		{ code::EFAULT, -KXX_EFAULT },	       { code::ENODEV, -KXX_ENODEV },
		{ code::EOPNOTSUPP, -KXX_EOPNOTSUPP }, { code::ERESTARTSYS, -KXX_ERESTARTSYS },
		{ code::EPROBE_DEFER, -KXX_EPROBE_DEFER },
	};
	for (const auto &n : named)
		KXX_EXPECT_EQ(test, n.e.to_errno(), n.c);
	KXX_EXPECT_TRUE(test, code::EWOULDBLOCK == code::EAGAIN); // an alias, resolved
	KXX_EXPECT_TRUE(test, Error::from_errno(-KXX_EIO) == code::EIO);

	unsigned int count = 0;
#define KXX_ERRNO(name, value) count++;
#include <kxx_errno.h>
#undef KXX_ERRNO
	KXX_EXPECT_GT(test, count, 130u); // 6.12 has about 150
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

/*
 * The accessors of std::expected: error() as a reference for every value
 * category (r.error().value on an lvalue Result<_, StoreError<P>>), value_or,
 * and_then, transform, or_else.
 */
KXX_TEST(kxx_result, accessors_as_std_expected)
{
	Tracked::reset();
	{
		Result<int, StoreError<Box<Tracked>>> failed =
		    StoreError<Box<Tracked>>{ code::EBUSY, Box<Tracked>::make(GFP_KERNEL, 7).value() };
		KXX_ASSERT_FALSE(test, failed.has_value());
		KXX_EXPECT_TRUE(test, failed.error().error == code::EBUSY);
		KXX_EXPECT_EQ(test, failed.error().value->value, 7); // read in place, on an lvalue
		const auto &view = failed;
		KXX_EXPECT_EQ(test, view.error().value->value, 7);
		Box<Tracked> back = move(failed).error().value; // taken out of an rvalue
		KXX_EXPECT_EQ(test, back->value, 7);
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);

	Result<int> ok = 5, err = code::ENOSPC;
	KXX_EXPECT_EQ(test, ok.value_or(9), 5);
	KXX_EXPECT_EQ(test, err.value_or(9), 9);
	auto halve = [](int v) -> Result<int> {
		if (v % 2)
			return code::EINVAL;
		return v / 2;
	};
	KXX_EXPECT_TRUE(test, Result<int>(8).and_then(halve).value() == 4);
	KXX_EXPECT_TRUE(test, ok.and_then(halve).error() == code::EINVAL);
	KXX_EXPECT_TRUE(test, err.and_then(halve).error() == code::ENOSPC);
	KXX_EXPECT_EQ(test, ok.transform([](int v) { return v * 10L; }).value(), 50L);
	KXX_EXPECT_TRUE(test, err.transform([](int v) { return v * 10L; }).error() == code::ENOSPC);
	auto retry = [](const Error &e) -> Result<int> { return e == code::ENOSPC ? 0 : -1; };
	KXX_EXPECT_EQ(test, err.or_else(retry).value(), 0);
	KXX_EXPECT_EQ(test, ok.or_else(retry).value(), 5);

	Result<void> done = Ok(), failed_void = code::EAGAIN;
	KXX_EXPECT_TRUE(test, done.has_value());
	KXX_EXPECT_TRUE(test, failed_void.error() == code::EAGAIN);
	KXX_EXPECT_TRUE(test, move(done).and_then([]() -> Result<void> { return code::EIO; })
				  .error() == code::EIO);
}

/*
 * Assignment takes the source before it drops the old value: the source
 * may live inside that value.  Each owner, popping a list through its own
 * next link (`head = move(head->next)`), under KASAN.
 */
namespace {

struct OptNode {
	static inline int live;
	explicit OptNode(int v) : v(v) { live++; }
	~OptNode() { live--; }
	int v;
	Option<Box<OptNode>> next;
};

struct BoxNode {
	static inline int live;
	explicit BoxNode(int v) : v(v) { live++; }
	~BoxNode() { live--; }
	int v;
	Option<Box<BoxNode>> next;
};

struct ArcNode {
	static inline int live;
	explicit ArcNode(int v) : v(v) { live++; }
	~ArcNode() { live--; }
	int v;
	Option<Arc<ArcNode>> next;
};

struct ResNode {
	static inline int live;
	explicit ResNode(int v) : v(v), next(code::ENOENT) { live++; }
	~ResNode() { live--; }
	int v;
	Result<Box<ResNode>> next;
};

} // namespace

KXX_TEST(kxx_result, assignment_from_inside_the_old_value)
{
	OptNode::live = BoxNode::live = ResNode::live = ArcNode::live = 0;
	{
		Option<Box<OptNode>> head;
		Box<BoxNode> bhead = Box<BoxNode>::make(GFP_KERNEL, 4).value();
		Result<Box<ResNode>> rhead = code::ENOENT;
		Arc<ArcNode> ahead = Arc<ArcNode>::make(GFP_KERNEL, 4).value();
		for (int i = 0; i < 4; i++) {
			Box<OptNode> n = Box<OptNode>::make(GFP_KERNEL, i).value();
			n->next = move(head);
			head = move(n);
			Box<BoxNode> b = Box<BoxNode>::make(GFP_KERNEL, i).value();
			b->next = move(bhead);
			bhead = move(b);
			Box<ResNode> r = Box<ResNode>::make(GFP_KERNEL, i).value();
			r->next = move(rhead);
			rhead = move(r);
		}
		int popped = 0;
		for (int want = 3; head.is_some(); want--, popped++) {
			KXX_EXPECT_EQ(test, (*head)->v, want);
			head = move((*head)->next); // Option: the source lives in what is dropped
		}
		KXX_EXPECT_EQ(test, popped, 4);
		KXX_EXPECT_EQ(test, OptNode::live, 0);

		for (popped = 0; bhead->next.is_some(); popped++)
			bhead = move(*bhead->next); // Box::operator=
		KXX_EXPECT_EQ(test, popped, 4);
		KXX_EXPECT_EQ(test, bhead->v, 4);
		KXX_EXPECT_EQ(test, BoxNode::live, 1);

		for (popped = 0; rhead.is_ok(); popped++)
			rhead = move((*rhead)->next); // Result::operator=
		KXX_EXPECT_EQ(test, popped, 4);
		KXX_EXPECT_TRUE(test, rhead.error() == code::ENOENT);
		KXX_EXPECT_EQ(test, ResNode::live, 0);

		// Arc: a copy from inside the T that the last reference frees
		{
			Arc<ArcNode> second = Arc<ArcNode>::make(GFP_KERNEL, 5).value();
			ahead = move(second); // ahead's first node dropped
			Arc<ArcNode> third = Arc<ArcNode>::make(GFP_KERNEL, 6).value();
			// give ahead's node a next link, then replace ahead by it
			const_cast<ArcNode &>(*ahead).next = move(third); // set up only
			ahead = *ahead->next; // copy from inside the only reference
			KXX_EXPECT_EQ(test, ahead->v, 6);
			KXX_EXPECT_EQ(test, ahead.ref_count(), 1u);
			KXX_EXPECT_EQ(test, ArcNode::live, 1);
		}

		// self-assignment keeps the value
		Option<Box<OptNode>> self = Box<OptNode>::make(GFP_KERNEL, 9).ok();
		Option<Box<OptNode>> &alias = self;
		self = move(alias);
		KXX_EXPECT_TRUE(test, self.is_some() && (*self)->v == 9);
		Box<BoxNode> &balias = bhead;
		bhead = move(balias);
		KXX_EXPECT_EQ(test, bhead->v, 4);
	}
	KXX_EXPECT_EQ(test, OptNode::live, 0);
	KXX_EXPECT_EQ(test, BoxNode::live, 0);
	KXX_EXPECT_EQ(test, ResNode::live, 0);
	KXX_EXPECT_EQ(test, ArcNode::live, 0);
}

/* What carries nothing, or an error, through: copied, mapped, chained. */
KXX_TEST(kxx_result, empty_and_error_paths_carry_through)
{
	Option<int> some = 3, none;
	Option<int> copy = some, empty_copy = none;
	KXX_EXPECT_EQ(test, copy.value(), 3);
	KXX_EXPECT_TRUE(test, empty_copy.is_none());
	KXX_EXPECT_TRUE(test, none.transform([](int v) { return v > 0; }).is_none());

	Result<int> failed = code::EINVAL;
	KXX_EXPECT_TRUE(test, move(failed).ok().is_none());
	Result<int> gone = code::ENOENT;
	Result<int> moved = move(gone);
	KXX_EXPECT_TRUE(test, moved.is_err() && moved.error() == code::ENOENT);

	Result<void> busy = code::EBUSY;
	bool ran = false;
	auto chained = move(busy).and_then([&] {
		ran = true;
		return Result<int>(1);
	});
	KXX_EXPECT_FALSE(test, ran);
	KXX_EXPECT_TRUE(test, chained.is_err() && chained.error() == code::EBUSY);
	Result<void> refused = code::EPERM;
	Result<void> taken = move(refused);
	KXX_EXPECT_TRUE(test, taken.is_err() && taken.error() == code::EPERM);
}

KXX_TEST(kxx_option, accessors_as_std_optional)
{
	Option<int> some = 4, none;
	KXX_EXPECT_TRUE(test, some.has_value());
	KXX_EXPECT_EQ(test, some.value_or(1), 4);
	KXX_EXPECT_EQ(test, none.value_or(1), 1);
	auto positive = [](int v) -> Option<int> { return v > 0 ? Some(v) : None; };
	KXX_EXPECT_EQ(test, some.and_then(positive).value(), 4);
	KXX_EXPECT_TRUE(test, none.and_then(positive).is_none());
	KXX_EXPECT_EQ(test, some.transform([](int v) { return v > 3; }).value(), true);
	KXX_EXPECT_EQ(test, none.or_else([] { return Option<int>(7); }).value(), 7);

	Tracked::reset();
	{
		Option<Box<Tracked>> owner = Box<Tracked>::make(GFP_KERNEL, 3).ok();
		Option<int> seen = move(owner).transform([](Box<Tracked> b) { return b->value; });
		KXX_EXPECT_EQ(test, *seen, 3);
		KXX_EXPECT_EQ(test, Tracked::live(), 0); // the Box moved into f and died there
	}
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

} // namespace

KXX_TEST(kxx_box, gfp_zero_memory_is_zeroed)
{
	KXX_EXPECT_NE(test, (GFP_KERNEL | GFP_ZERO).bits(), GFP_KERNEL.bits());
	KXX_EXPECT_EQ(test, (GFP_KERNEL | GFP_ZERO).bits() & GFP_ZERO.bits(), GFP_ZERO.bits());

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

/*
 * A failed allocation is ENOMEM and builds nothing.  (A T too large for
 * kmalloc() does not compile: cf:box_larger_than_kmalloc; the failure is
 * injected here.)
 */
template <class Owner> void check_make_fails_with_enomem(kxx::kunit::Test &test)
{
	Tracked::reset();
	KXX_ASSERT_TRUE(test, kxx::kunit::FailAllocations::available());
	bool enomem;
	{
		kxx::kunit::FailAllocations fail;
		Result<Owner> r = Owner::make(GFP_KERNEL, 1);
		enomem = r.is_err() && r.error() == code::ENOMEM;
	}
	KXX_EXPECT_TRUE(test, enomem);
	KXX_EXPECT_EQ(test, Tracked::constructed, 0); // nothing built, nothing to leak
}

KXX_TEST(kxx_box, allocation_failure_is_enomem)
{
	check_make_fails_with_enomem<Box<Tracked>>(test);
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
	check_make_fails_with_enomem<Arc<Tracked>>(test);
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
static_assert(is_same_v<ForeignOwnable<Arc<int>>::BorrowedMut, ArcBorrow<int>>);
static_assert(is_same_v<ForeignOwnable<RcuBox<int>>::BorrowedMut, const int *>);

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
