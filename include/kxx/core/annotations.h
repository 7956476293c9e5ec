/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/annotations.h - attributes for Clang's checks and for the inliner.
 *
 * Wraps:     none (compiler attributes).
 * Types:     none.  Macros: KXX_CAPABILITY, KXX_SCOPED_CAPABILITY, KXX_ACQUIRE,
 *            KXX_RELEASE, KXX_GUARDED_BY, KXX_PT_GUARDED_BY, KXX_REQUIRES,
 *            KXX_EXCLUDES, KXX_NO_THREAD_SAFETY_ANALYSIS (Clang's thread-safety
 *            analysis), KXX_LIFETIMEBOUND ([[clang::lifetimebound]]) and
 *            KXX_INLINE (always inlined).
 * Promises:  docs/soundness.md, "2. Borrows" (a borrow is not returned out of
 *            its guard's scope) and "3. Locking" (data marked KXX_GUARDED_BY is
 *            not touched without the lock).
 * Tests:     the Clang pass (scripts/clang-pass.sh) and kunit/clang-fail/:
 *            guarded_field_without_guard, xarray_call_under_own_guard,
 *            rcu_write_under_own_writer, xarray_borrow_outlives_guard,
 *            xarray_range_outlives_guard, cursor_borrow_outlives_cursor, ...
 *
 * All are no-ops under GCC, which builds the kernel modules; `make test`
 * runs Clang's analysis over the C++ sources.
 */
#ifndef KXX_CORE_ANNOTATIONS_H
#define KXX_CORE_ANNOTATIONS_H

/*
 * Clang thread-safety analysis (-Wthread-safety): lock types are
 * capabilities, guards are scoped capabilities, and data can be marked as
 * guarded by a lock.  No-ops under GCC, which builds the kernel modules;
 * `make test` runs Clang's analysis over the C++ sources.
 */
#if defined(__clang__)
#define KXX_CAPABILITY(name) __attribute__((capability(name)))
#define KXX_SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define KXX_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define KXX_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define KXX_GUARDED_BY(lock) __attribute__((guarded_by(lock)))
#define KXX_PT_GUARDED_BY(lock) __attribute__((pt_guarded_by(lock)))
#define KXX_REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define KXX_EXCLUDES(...) __attribute__((locks_excluded(__VA_ARGS__)))
#define KXX_NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))
#else
#define KXX_CAPABILITY(name)
#define KXX_SCOPED_CAPABILITY
#define KXX_ACQUIRE(...)
#define KXX_RELEASE(...)
#define KXX_GUARDED_BY(lock)
#define KXX_PT_GUARDED_BY(lock)
#define KXX_REQUIRES(...)
#define KXX_EXCLUDES(...)
#define KXX_NO_THREAD_SAFETY_ANALYSIS
#endif

/*
 * [[clang::lifetimebound]]: what a function returns (a borrow, a range, a
 * reservation) depends on this argument, or on *this when written after the
 * member function's qualifiers.  Clang then rejects returning such a value
 * out of the scope it depends on (the Clang pass builds with -Werror); GCC
 * ignores it.
 */
#if defined(__clang__)
#define KXX_LIFETIMEBOUND [[clang::lifetimebound]]
#else
#define KXX_LIFETIMEBOUND
#endif

/*
 * Thin wrappers the compiler must inline, whatever its size estimate says
 * (KXX_INLINE declares an inline function, KXX_ALWAYS_INLINE is the bare
 * attribute).  A coverage build (make coverage defines KXX_COVERAGE) keeps
 * every function out of line instead, so that gcov counts each line once
 * per template instance, not once per inlined copy.
 */
#ifdef KXX_COVERAGE
#define KXX_INLINE inline
#define KXX_ALWAYS_INLINE
#else
#define KXX_INLINE __attribute__((always_inline)) inline
#define KXX_ALWAYS_INLINE [[gnu::always_inline]]
#endif

/*
 * A failure path that builds and returns a Result (a refused store): out of
 * line and cold under GCC, which keeps its fast path's registers and its
 * callers' inlining (inline, it grew kxx_ram's write path past GCC's
 * inlining limit: +1,070 instructions a page written); inline under Clang,
 * which returned the Result from an out-of-line call through memory, zero-
 * filled on every call (+7 instructions a store).  Both measured in make bench.
 */
#if defined(__clang__)
#define KXX_COLD_RESULT KXX_ALWAYS_INLINE
#else
#define KXX_COLD_RESULT [[gnu::noinline, gnu::cold]]
#endif

#endif /* KXX_CORE_ANNOTATIONS_H */
