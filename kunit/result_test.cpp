// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/result_test.cpp - Error, Option, Result and KXX_TRY.
 *
 * Proves:    kxx/result/error.h, option.h, result.h and try.h (and
 *            core/move.h's rule for move assignment).
 * Suites:    kxx_error, kxx_result, kxx_option.
 *
 * Counters in destructors prove that every owner drops what it owns exactly
 * once.
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
