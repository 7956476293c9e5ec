/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel headers that define everything listed in kxx/layout.def. */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/xarray.h>

