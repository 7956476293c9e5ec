/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/kxx.h - everything kxx offers, in one include.
 *
 *   error.h    Error, code::E*          result.h   Result, Option, KXX_TRY
 *   alloc.h    Gfp, Box                 arc.h      Arc, RcuArc, ArcBorrow
 *   atomic.h   Atomic (interior mutability for shared values)
 *   foreign.h  ForeignOwnable           utility.h  move, forward, traits
 *   layout.h   the target kernel's sizes and constants
 *   page.h     Page, RcuPage (alloc_page), PageRef
 *   percpu.h   CpuGuard, PerCpuAllocation, DynamicPerCpu, KXX_DEFINE_PER_CPU
 *   rcu.h      rcu::ReadGuard, Rcu, RcuOld, RcuBox (and RcuArc's RCU traits)
 *   xarray.h   XArray, its Guard, StoreError, Reservation, marks, iteration
 *   xarray_advanced.h   XaCursor, XaReadCursor (xa_state), the entry API
 */
#ifndef KXX_KXX_H
#define KXX_KXX_H

#include <kxx/alloc.h>
#include <kxx/arc.h>
#include <kxx/atomic.h>
#include <kxx/error.h>
#include <kxx/foreign.h>
#include <kxx/layout.h>
#include <kxx/page.h>
#include <kxx/percpu.h>
#include <kxx/rcu.h>
#include <kxx/result.h>
#include <kxx/utility.h>
#include <kxx/xarray.h>
#include <kxx/xarray_advanced.h>

#endif /* KXX_KXX_H */
