// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_demo: a misc character device, /dev/kxx_demo, keeping a registry of
 * named objects.  This file is the C glue (device registration, file
 * operations, copying from and to user space); the logic is C++ on kxx, in
 * demo_kxx.cpp.
 *
 *   echo "add NAME" > /dev/kxx_demo    register NAME under a new id (logged)
 *   echo "del ID"   > /dev/kxx_demo    remove it (freed after a grace period)
 *   echo "max N"    > /dev/kxx_demo    at most N entries (1..1024)
 *   echo ping       > /dev/kxx_demo    reach the (simulated) hardware
 *   echo unplug     > /dev/kxx_demo    hot-unplug it: later pings are ENODEV
 *   cat /dev/kxx_demo                  "id name" lines, then per-CPU stats
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <kxx/bindings.h>
#include <kxx/module.h>
#include "demo.h"

#define KXX_DEMO_MAX_LINE 128
#define KXX_DEMO_LISTING (64 * 1024)

static ssize_t kxx_demo_write(struct file *file, const char __user *ubuf, size_t len,
			      loff_t *ppos)
{
	char line[KXX_DEMO_MAX_LINE];
	long ret;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, len))
		return -EFAULT;
	line[len] = '\0';
	ret = kxx_demo_command(line, len);
	return ret < 0 ? ret : len;
}

/* A snapshot of the listing, made at open, so reads see one consistent text. */
struct kxx_demo_snapshot {
	long len;
	char text[];
};

static int kxx_demo_open(struct inode *inode, struct file *file)
{
	struct kxx_demo_snapshot *snap;

	snap = kvmalloc(sizeof(*snap) + KXX_DEMO_LISTING, GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	snap->len = kxx_demo_render(snap->text, KXX_DEMO_LISTING);
	if (snap->len < 0) {
		long err = snap->len;

		kvfree(snap);
		return err;
	}
	file->private_data = snap;
	return 0;
}

static ssize_t kxx_demo_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct kxx_demo_snapshot *snap = file->private_data;

	return simple_read_from_buffer(ubuf, len, ppos, snap->text, snap->len);
}

static int kxx_demo_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations kxx_demo_fops = {
	.owner = THIS_MODULE,
	.open = kxx_demo_open,
	.read = kxx_demo_read,
	.write = kxx_demo_write,
	.release = kxx_demo_release,
	.llseek = default_llseek,
};

static struct miscdevice kxx_demo_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kxx_demo",
	.fops = &kxx_demo_fops,
	.mode = 0666,
};

static int __init kxx_demo_init(void)
{
	int err = kxx_demo_create();

	if (err)
		return err;
	err = misc_register(&kxx_demo_dev);
	if (err)
		kxx_demo_destroy();
	return err;
}
KXX_MODULE_INIT(kxx_demo_init);

static void __exit kxx_demo_exit(void)
{
	misc_deregister(&kxx_demo_dev);
	kxx_demo_destroy();
}
/* then waits for the deferred frees: they run this module's code */
KXX_MODULE_EXIT(kxx_demo_exit);

MODULE_DESCRIPTION("kxx demo: a registry of named objects behind /dev/kxx_demo");
MODULE_LICENSE("GPL");
