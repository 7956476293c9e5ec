// proves: an Error cannot be made from a bare int; only from_errno() or a named code
// expect: (is private|no matching function|could not convert|conversion from)
#include <kxx/kxx.h>

[[maybe_unused]] static kxx::Error f(int e)
{
	kxx::Error checked = kxx::Error::from_errno(e);
#ifndef KXX_CONTROL
	kxx::Error raw = e;
#endif
	return checked;
}
