/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu.h - per-CPU data, the guards that reach it, on_each_cpu.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   sync/cpu_guard.h    CpuGuard
 *   sync/irq_guard.h    IrqGuard
 *   percpu/this_cpu.h   this_cpu_add/sub/inc/dec
 *   percpu/access.h     with(), read(), sum(), the counters
 *   percpu/allocation.h PerCpuAllocation<T>
 *   percpu/dynamic.h    DynamicPerCpu<T>
 *   percpu/static.h     StaticPerCpu<T>, KXX_DEFINE_PER_CPU
 *   percpu/on_each_cpu.h  on_each_cpu, on_each_cpu_nowait
 */
#ifndef KXX_PERCPU_H
#define KXX_PERCPU_H

#include <kxx/sync/cpu_guard.h>
#include <kxx/sync/irq_guard.h>
#include <kxx/percpu/this_cpu.h>
#include <kxx/percpu/access.h>
#include <kxx/percpu/allocation.h>
#include <kxx/percpu/dynamic.h>
#include <kxx/percpu/static.h>
#include <kxx/percpu/on_each_cpu.h>

#endif /* KXX_PERCPU_H */
