// proves: the T of a Mutex is not lent through a temporary Guard (`m.lock()->field` would be used after the unlock)
// expect: use of deleted function .*operator->
// expect-clang: overload resolution selected deleted operator '->'
#include <kxx/kxx.h>

struct Config {
	int max;
};

[[maybe_unused]] static int f(kxx::Mutex<Config> &m)
{
	auto guard = m.lock();
	int *ok = &guard->max;
#ifndef KXX_CONTROL
	int *dangling = &m.lock()->max;
	ok = dangling;
#endif
	return *ok;
}
