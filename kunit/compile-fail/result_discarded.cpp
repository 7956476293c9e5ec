// proves: a Result cannot be ignored: an unchecked failure is a build error
// expect: ignoring return(ed)? value .*(nodiscard|Result)
#include <kxx/kxx.h>

[[maybe_unused]] static kxx::Result<int> may_fail(int v)
{
	if (v < 0)
		return kxx::code::EINVAL;
	return v;
}

[[maybe_unused]] static int f()
{
	kxx::Result<int> checked = may_fail(1);
#ifndef KXX_CONTROL
	may_fail(2);
#endif
	return checked.is_ok() ? *checked : 0;
}
