// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit shims: C++ test cases (kxx/testing/kunit.h) report through the real KUnit
 * failure path, so KTAP output, file:line and the test's status are exactly
 * what a C KUNIT_EXPECT_* would produce.  Also the test support (context
 * probes, per-CPU threads, fault injection) that does not need KUnit.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/xarray.h>
#include <kxx/testing/bindings.h>
#include "../src/compat.h"

#if IS_ENABLED(CONFIG_KUNIT)
/* Reporting into KUnit (only the test module, on kernels with KUnit). */

static void kxx_kunit_vfail(struct kunit *test, const char *file, int line,
			    bool is_assert, const char *fmt, va_list *args)
{
	const struct kunit_loc loc = { .line = line, .file = file };
	struct kunit_fail_assert assert = {};
	struct va_format vaf = { .fmt = fmt, .va = args };

	kxx_kunit_report(test, &loc, is_assert, &assert.assert, kunit_fail_assert_format,
			 KUNIT_SUBTEST_INDENT "%pV", &vaf);
}

void kxx_kunit_fail(struct kunit *test, const char *file, int line, bool is_assert,
		    const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	kxx_kunit_vfail(test, file, line, is_assert, fmt, &args);
	va_end(args);
}

static void kxx_kunit_show(char *buf, size_t len, const struct kxx_kunit_value *v)
{
	switch (v->kind) {
	case KXX_KUNIT_SIGNED:
		snprintf(buf, len, "%lld (0x%llx)", v->s, (unsigned long long)v->s);
		break;
	case KXX_KUNIT_UNSIGNED:
		snprintf(buf, len, "%llu (0x%llx)", v->u, v->u);
		break;
	case KXX_KUNIT_BOOL:
		snprintf(buf, len, "%s", v->u ? "true" : "false");
		break;
	case KXX_KUNIT_POINTER:
		snprintf(buf, len, "%px", v->p);
		break;
	default:
		snprintf(buf, len, "<value not printable>");
		break;
	}
}

void kxx_kunit_fail_binary(struct kunit *test, const char *file, int line, bool is_assert,
			   const char *lhs, const char *op, const char *rhs,
			   const struct kxx_kunit_value *lval,
			   const struct kxx_kunit_value *rval)
{
	char l[48], r[48];

	kxx_kunit_show(l, sizeof(l), lval);
	kxx_kunit_show(r, sizeof(r), rval);
	kxx_kunit_fail(test, file, line, is_assert,
		       "Expected %s %s %s, but\n"
		       KUNIT_SUBSUBTEST_INDENT "%s == %s\n"
		       KUNIT_SUBSUBTEST_INDENT "%s == %s",
		       lhs, op, rhs, lhs, l, rhs, r);
}

void kxx_kunit_info(struct kunit *test, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	kunit_info(test, "%pV", &vaf);
	va_end(args);
}

void kxx_kunit_skip(struct kunit *test, const char *why)
{
	kunit_mark_skipped(test, "%s", why);
}

#endif /* CONFIG_KUNIT */

/* Test support that does not need KUnit (also used by kxx_bench). */

bool kxx_kunit_irqs_disabled(void)
{
	return irqs_disabled();
}

bool kxx_kunit_bh_disabled(void)
{
	return in_softirq();
}

static DEFINE_XARRAY_ALLOC1(kxx_kunit_static_xa);

const void *kxx_kunit_static_xarray(unsigned long *name_offset)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	*name_offset = offsetof(struct xarray, xa_lock.rlock.dep_map.name);
#else
	*name_offset = SIZE_MAX;
#endif
	return &kxx_kunit_static_xa;
}

bool kxx_kunit_in_task(void)
{
	return in_task();
}

unsigned int kxx_kunit_raw_cpu(void)
{
	return raw_smp_processor_id();
}

struct kxx_kunit_mover {
	struct task_struct *target, *helper;
	atomic_t cpu; /* the CPU to move to, plus one; 0 while not asked */
};

static int kxx_kunit_mover_main(void *data)
{
	struct kxx_kunit_mover *m = data;
	int cpu;

	while (!(cpu = atomic_read(&m->cpu)) && !kthread_should_stop())
		schedule_timeout_interruptible(1);
	if (cpu)
		set_cpus_allowed_ptr(m->target, cpumask_of(cpu - 1));
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

struct kxx_kunit_mover *kxx_kunit_move_me_start(void)
{
	struct kxx_kunit_mover *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->target = current;
	m->helper = kthread_run(kxx_kunit_mover_main, m, "kxx_mover");
	if (IS_ERR(m->helper)) {
		kfree(m);
		return NULL;
	}
	get_task_struct(m->helper);
	return m;
}

void kxx_kunit_move_me_now(struct kxx_kunit_mover *m, unsigned int cpu)
{
	atomic_set(&m->cpu, cpu + 1);
}

void kxx_kunit_move_me_finish(struct kxx_kunit_mover *m)
{
	if (!m)
		return;
	kthread_stop(m->helper);
	put_task_struct(m->helper);
	set_cpus_allowed_ptr(m->target, cpu_possible_mask);
	kfree(m);
}

struct kxx_kunit_thread {
	struct task_struct *task;
	long (*fn)(void *arg, unsigned int cpu);
	void *arg;
	unsigned int cpu;
	long result;
	atomic_t *running; /* the threads that have entered fn */
};

struct kxx_kunit_threads {
	unsigned int count;
	atomic_t running;
	struct kxx_kunit_thread thread[];
};

static int kxx_kunit_thread_main(void *data)
{
	struct kxx_kunit_thread *t = data;

	atomic_inc(t->running);
	t->result = t->fn(t->arg, t->cpu);
	/* Stay until stopped, so kthread_stop() finds us either way. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

struct kxx_kunit_threads *kxx_kunit_threads_start(long (*fn)(void *arg, unsigned int cpu),
						  void *arg)
{
	struct kxx_kunit_threads *threads;
	unsigned int cpu, n = 0;

	threads = kzalloc(struct_size(threads, thread, nr_cpu_ids), GFP_KERNEL);
	if (!threads)
		return NULL;
	for_each_online_cpu(cpu) {
		struct kxx_kunit_thread *t = &threads->thread[n];
		struct task_struct *task;

		t->fn = fn;
		t->arg = arg;
		t->cpu = cpu;
		t->running = &threads->running;
		task = kthread_create_on_cpu(kxx_kunit_thread_main, t, cpu, "kxx_test/%u");
		if (IS_ERR(task))
			break;
		get_task_struct(task);
		t->task = task;
		threads->count = ++n;
		wake_up_process(task);
	}
	/*
	 * Return once every thread runs its function: a test's writer then
	 * starts under readers that are there, however late a busy host
	 * lets a new thread's vCPU run it.
	 */
	while (atomic_read(&threads->running) < threads->count)
		msleep(1);
	return threads;
}

long kxx_kunit_threads_stop(struct kxx_kunit_threads *threads)
{
	long sum = 0;
	unsigned int i;

	if (!threads)
		return -ENOMEM;
	for (i = 0; i < threads->count; i++) {
		kthread_stop(threads->thread[i].task);
		put_task_struct(threads->thread[i].task);
		sum += threads->thread[i].result;
	}
	kfree(threads);
	return sum;
}

bool kxx_kunit_thread_should_stop(void)
{
	return kthread_should_stop();
}

unsigned int kxx_kunit_online_cpus(void)
{
	return num_online_cpus();
}

void kxx_kunit_msleep(unsigned int ms)
{
	msleep(ms);
}

void kxx_kunit_cond_resched(void)
{
	cond_resched();
}

unsigned long long kxx_kunit_now_ns(void)
{
	return ktime_get_ns();
}

bool kxx_kunit_fail_allocations(bool on)
{
#ifdef CONFIG_FAULT_INJECTION
	current->make_it_fail = on;
	return true;
#else
	return false;
#endif
}

struct kxx_kunit_softirq {
	struct timer_list timer;
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
};

static void kxx_kunit_softirq_main(struct timer_list *timer)
{
	struct kxx_kunit_softirq *s = from_timer(s, timer, timer);

	s->fn(s->arg);
	complete(&s->done);
}

void kxx_kunit_in_softirq(void (*fn)(void *arg), void *arg)
{
	struct kxx_kunit_softirq s = { .fn = fn, .arg = arg };

	init_completion(&s.done);
	timer_setup_on_stack(&s.timer, kxx_kunit_softirq_main, 0);
	mod_timer(&s.timer, jiffies);
	wait_for_completion(&s.done);
	del_timer_sync(&s.timer);
	destroy_timer_on_stack(&s.timer);
}
