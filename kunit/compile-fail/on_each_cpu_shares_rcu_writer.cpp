// proves: an Rcu Writer cannot be shared with on_each_cpu()'s callable: every CPU would replace through it and drop the same old value (freed twice)
// expect: error: static assertion failed: on_each_cpu\(\) shares only objects every CPU may use at once
// expect-clang: error: static assertion failed.*on_each_cpu\(\) shares only objects every CPU may use at once
#include <kxx/kxx.h>

using Cfg = kxx::Rcu<kxx::RcuBox<int>>;

[[maybe_unused]] static void f(Cfg &cfg)
{
	auto w = cfg.write();
	kxx::on_each_cpu([](const Cfg &) {}, cfg);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([](decltype(w) &held) { held.replace(kxx::RcuBox<int>::make(kxx::GFP_ATOMIC, 1).value()).reset(); }, w);
#endif
}
