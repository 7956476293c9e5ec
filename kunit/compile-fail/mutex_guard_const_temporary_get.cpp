// proves: a const temporary Mutex Guard lends nothing either: `locked().get()` of a helper returning `const Guard` does not compile (the const borrow would be read after the unlock)
// expect: use of deleted function .*get
// expect-clang: call to deleted member function 'get'
#include <kxx/kxx.h>

struct Config {
	int max;
};

[[maybe_unused]] static int f(kxx::Mutex<Config> &m)
{
	auto locked = [&]() -> const kxx::Mutex<Config>::Guard { return m.lock(); };
	int n;
	{
		const auto g = locked();
		n = g.get().max;
	}
#ifndef KXX_CONTROL
	const Config &dangling = locked().get();
	n += dangling.max;
#endif
	return n;
}
