// proves: a StaticXArray is declared with its own address (so that only static storage compiles); a bare declaration says how
// expect: error: static assertion failed: a StaticXArray is declared with its own address
// expect-clang: error: static assertion failed.*a StaticXArray is declared with its own address
#include <kxx/kxx.h>

using Ids = kxx::StaticXArray<kxx::Box<int>, kxx::XaFlags::Alloc1>;

constinit Ids good{ &good };
#ifndef KXX_CONTROL
constinit Ids bare;
#endif
