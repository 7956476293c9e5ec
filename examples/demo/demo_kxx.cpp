// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_demo's logic, on kxx (the C glue is demo.c):
 *
 *   registry  XArray<RcuBox<Obj>> with Alloc1 ids: writers reserve an id,
 *             build the (then read-only) object, then fill the slot; readers list it
 *             lockless under RCU, and a deleted object is freed only after
 *             every reader that could see it is gone.
 *   config    Rcu<Box<Config>>: "max N" publishes a new Config; readers
 *             never block.
 *   ops       DynamicPerCpu<u64>: one counter per CPU, bumped per command.
 *   errors    Mutex<Errors>: how many commands failed, and the last errno;
 *             commands run in process context (write()), so a sleeping
 *             lock serialises them; the listing reads it before its RCU
 *             section (no sleeping lock inside one).
 *   hw        Revocable<Hw>: the device's hardware, which "unplug" takes
 *             away as a hot-unplug would: revoke() ends every access in
 *             flight before it drops the Hw, and later ones find nothing
 *             (ENODEV) instead of freed memory.
 */
#include <kxx/kxx.h>
#include "demo.h"

using namespace kxx;

namespace {

constexpr unsigned long name_max = 31;
constexpr u32 id_limit = 1024; // "max N" accepts 1..id_limit

struct Obj {
	Obj(u32 id, const char *src, unsigned long len) : id(id)
	{
		for (unsigned long i = 0; i < len; i++)
			name[i] = src[i];
		name[len] = '\0';
	}
	u32 id;
	char name[name_max + 1];
};

struct Config {
	u32 max;
};

struct Errors {
	u64 count;
	long last;
};

struct Hw {
	u32 serial;
};

struct Demo {
	explicit Demo(DynamicPerCpu<u64> counters) : ops(move(counters)) {}

	XArray<RcuBox<Obj>> registry{ XaFlags::Alloc1, KXX_LOCK_CLASS("kxx_demo registry") };
	Rcu<Box<Config>> config;
	DynamicPerCpu<u64> ops;
	Mutex<Errors> errors{ Errors{ 0, 0 } };
	Revocable<Hw> hw{ Hw{ 4242 } };
};

// Owned by the module: made in kxx_demo_create(), freed in kxx_demo_destroy().
Demo *demo;

/* A command line without its trailing newline and spaces. */
struct Line {
	const char *s;
	unsigned long len;

	bool starts_with(const char *word) const
	{
		unsigned long i = 0;
		for (; word[i]; i++)
			if (i >= len || s[i] != word[i])
				return false;
		return true;
	}
	bool equals(const char *word) const
	{
		unsigned long i = 0;
		for (; word[i]; i++)
			if (i >= len || s[i] != word[i])
				return false;
		return i == len; // never reads word past its end
	}
	Line after(unsigned long n) const { return { s + n, len - n }; }
};

Line trim(const char *s, unsigned long len)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	return { s, len };
}

/* A decimal number in [min, max], nothing else on the line. */
Result<u32> parse_u32(Line l, u32 min, u32 max)
{
	if (l.len == 0 || l.len > 10)
		return code::EINVAL;
	u64 v = 0;
	for (unsigned long i = 0; i < l.len; i++) {
		if (l.s[i] < '0' || l.s[i] > '9')
			return code::EINVAL;
		v = v * 10 + (l.s[i] - '0');
	}
	if (v < min || v > max)
		return code::EINVAL;
	return static_cast<u32>(v);
}

Result<u32> add(Line name)
{
	if (name.len == 0)
		return code::EINVAL;
	if (name.len > name_max)
		return code::ENAMETOOLONG;
	for (unsigned long i = 0; i < name.len; i++)
		if (name.s[i] <= ' ' || name.s[i] > '~')
			return code::EINVAL;

	u32 max;
	{
		auto g = rcu::read_lock();
		max = demo->config.dereference(g)->max;
	}
	// Take an id first (the lock is held only inside reserve()), build the
	// object with it outside the lock, then publish it: readers never see
	// a half-built entry, and any early return releases the id.
	auto reserved = demo->registry.reserve(GFP_KERNEL, XaLimit{ 1, max });
	if (reserved.is_err())
		return reserved.error() == code::EBUSY ? code::ENOSPC : reserved.error();
	u32 id = reserved->index();
	RcuBox<Obj> obj = KXX_TRY(RcuBox<Obj>::make(GFP_KERNEL, id, name.s, name.len));
	KXX_TRY(move(*reserved).fill(move(obj)));
	return id;
}

Result<u32> del(Line arg)
{
	u32 id = KXX_TRY(parse_u32(arg, 1, id_limit));
	Option<RcuBox<Obj>> gone = demo->registry.remove(id);
	if (gone.is_none())
		return code::ENOENT;
	return id; // dropped here: freed after a grace period
}

Result<u32> set_max(Line arg)
{
	u32 max = KXX_TRY(parse_u32(arg, 1, id_limit));
	Box<Config> next = KXX_TRY(Box<Config>::make(GFP_KERNEL, Config{ max }));
	Option<RcuOld<Box<Config>>> old = demo->config.replace(move(next));
	return max; // old: freed after a grace period (this may sleep: process context)
}

/* "ping": the hardware's serial, while it is there. */
Result<u32> ping()
{
	auto hw = demo->hw.try_access(); // an RCU read section while it lives
	if (!hw)
		return code::ENODEV;
	return hw->serial;
}

/* "unplug": the hardware goes away, once; accesses in flight end first. */
Result<u32> unplug()
{
	if (!demo->hw.revoke())
		return code::ENODEV;
	return 0;
}

Result<u32> command(Line l)
{
	demo->ops.inc();
	if (l.starts_with("add "))
		return add(l.after(4));
	if (l.starts_with("del "))
		return del(l.after(4));
	if (l.starts_with("max "))
		return set_max(l.after(4));
	if (l.equals("ping"))
		return ping();
	if (l.equals("unplug"))
		return unplug();
	return code::EINVAL;
}

} // namespace

extern "C" int kxx_demo_create(void)
{
	Option<DynamicPerCpu<u64>> ops = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	if (ops.is_none())
		return code::ENOMEM.to_errno();
	Result<Box<Demo>> d = Box<Demo>::make(GFP_KERNEL, *move(ops));
	Result<Box<Config>> cfg = Box<Config>::make(GFP_KERNEL, Config{ 16 });
	if (d.is_err() || cfg.is_err())
		return code::ENOMEM.to_errno(); // whatever was made is freed here
	Option<RcuOld<Box<Config>>> none = (*d)->config.replace(move(cfg).value());
	demo = move(d).value().into_raw();
	return 0;
}

extern "C" void kxx_demo_destroy(void)
{
	// SAFETY: demo came from into_raw() in kxx_demo_create(), and the
	// device is gone, so nothing else can reach it.
	Box<Demo> owned = Box<Demo>::from_raw(exchange(demo, nullptr));
}

extern "C" long kxx_demo_command(const char *line, unsigned long len)
{
	Line l = trim(line, len);
	Result<u32> r = command(l);
	if (r.is_err()) {
		long err = r.error().to_errno();
		demo->errors.with([&](Errors &e) {
			e.count++;
			e.last = err;
		});
		return err;
	}
	if (l.starts_with("add "))
		kxx_pr_info("kxx_demo: added id %u\n", *r);
	return *r;
}

extern "C" long kxx_demo_render(char *buf, unsigned long size)
{
	long n = 0;
	Errors errors = demo->errors.with([](Errors &e) { return e; }); // a copy, before the RCU section
	auto g = rcu::read_lock(); // the whole listing is lockless
	for (u32 id = 1; id <= id_limit; id++)
		if (const Obj *o = demo->registry.load(g, id))
			n += kxx_scnprintf(buf + n, size - n, "%u %s\n", o->id, o->name);
	n += kxx_scnprintf(buf + n, size - n, "max %u\n", demo->config.dereference(g)->max);
	if (!demo->hw.try_access_with([&](const Hw &hw) {
		    n += kxx_scnprintf(buf + n, size - n, "hw serial %u\n", hw.serial);
	    }))
		n += kxx_scnprintf(buf + n, size - n, "hw gone\n");
	n += kxx_scnprintf(buf + n, size - n, "stats");
	demo->ops.for_each_possible_cpu([&](unsigned int cpu, u64 count) {
		n += kxx_scnprintf(buf + n, size - n, " cpu%u=%llu", cpu, count);
	});
	n += kxx_scnprintf(buf + n, size - n, " total=%llu\n", demo->ops.sum());
	n += kxx_scnprintf(buf + n, size - n, "errors %llu last %ld\n", errors.count, errors.last);
	return n;
}
