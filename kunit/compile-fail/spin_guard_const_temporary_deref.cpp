// proves: a const temporary Guard lends nothing either: `*locked()` of a helper returning `const Guard` does not compile (the const borrow would be read after the unlock)
// expect: use of deleted function .*operator\*
// expect-clang: overload resolution selected deleted operator '\*'
#include <kxx/kxx.h>

struct Stats {
	int hits;
};

[[maybe_unused]] static int f(kxx::SpinLock<Stats> &s)
{
	auto locked = [&]() -> const kxx::SpinLock<Stats>::Guard { return s.lock(); };
	int n;
	{
		const auto g = locked();
		n = g->hits + (*g).hits;
	}
#ifndef KXX_CONTROL
	const Stats &dangling = *locked();
	n += dangling.hits;
#endif
	return n;
}
