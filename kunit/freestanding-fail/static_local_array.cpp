// SPDX-License-Identifier: GPL-2.0
// proves: a function-local static XArray (what a new user writes for "one
// array for the driver") is refused by the freestanding check with its
// cause and fix, not only with the symbols it needs.
// expect: cause: a static object with a destructor
#include <kxx/kxx.h>

using namespace kxx;

XArray<Box<u32>> &ids();
XArray<Box<u32>> &ids()
{
	static XArray<Box<u32>> xa(XaFlags::Alloc);
	return xa;
}
