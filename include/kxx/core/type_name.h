/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/type_name.h - names built at compile time (lockdep class names).
 *
 * Wraps:     none (__PRETTY_FUNCTION__).
 * Types:     detail::FixedString<N> (a string as a structural value),
 *            detail::TypeName<T> (how the compiler spells T), detail::Lit<S> (a
 *            literal) and detail::Join<Parts...> (one static string made of
 *            them).  Only the joined name reaches the object file.
 * Promises:  docs/soundness.md, "3. Locking" (lock classes named after the type
 *            and the place).
 * Tests:     kunit/xarray_lock_test.cpp
 *            (kxx_xarray.lock_classes_are_named_after_their_declaration),
 *            kunit/rcu_test.cpp (kxx_rcu.writer_lock_named_after_the_type).
 */
#ifndef KXX_CORE_TYPE_NAME_H
#define KXX_CORE_TYPE_NAME_H

#include <kxx/core/types.h>

namespace kxx {

namespace detail {

template <size_t N> struct FixedString {
	constexpr FixedString() : s{} {}
	constexpr FixedString(const char (&text)[N]) : s{}
	{
		for (size_t i = 0; i < N; i++)
			s[i] = text[i];
	}
	char s[N];
};

constexpr size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* The offset just past the first @needle in @hay, or 0. */
constexpr size_t str_after(const char *hay, const char *needle)
{
	for (size_t i = 0; hay[i]; i++) {
		size_t j = 0;
		while (needle[j] && hay[i + j] == needle[j])
			j++;
		if (!needle[j])
			return i + j;
	}
	return 0;
}

/*
 * How the compiler spells T, cut out of __PRETTY_FUNCTION__ ("... [with
 * T = X]" from GCC, "... [T = X]" from Clang).  Only the joined name below
 * ends up in the object file.
 */
template <class T> struct TypeName {
	static constexpr const char *pretty() { return __PRETTY_FUNCTION__; }
	static constexpr size_t first()
	{
		size_t gcc = str_after(pretty(), "[with T = ");
		return gcc ? gcc : str_after(pretty(), "[T = ");
	}
	static constexpr size_t last()
	{
		const char *p = pretty();
		size_t i = first();
		while (p[i] && p[i] != ';')
			i++;
		return p[i] ? i : str_len(p) - 1; // before "; ..." or the final ']'
	}
	static_assert(first() != 0, "kxx: unknown __PRETTY_FUNCTION__ format");
	static constexpr size_t size = last() - first();
	static constexpr const char *data() { return pretty() + first(); }
};

/* A string literal as a part of Join. */
template <FixedString S> struct Lit {
	static constexpr size_t size = sizeof(S.s) - 1;
	static constexpr const char *data() { return S.s; }
};

/* Parts (TypeName, Lit) joined into one static string: Join<...>::value.s. */
template <class... Parts> struct Join {
	static constexpr size_t size = (Parts::size + ...);
	static constexpr FixedString<size + 1> make()
	{
		FixedString<size + 1> out;
		size_t at = 0;
		(
		    [&] {
			    for (size_t i = 0; i < Parts::size; i++)
				    out.s[at++] = Parts::data()[i];
		    }(),
		    ...);
		return out;
	}
	static constexpr FixedString<size + 1> value = make();
};

} // namespace detail

} // namespace kxx

#endif /* KXX_CORE_TYPE_NAME_H */
