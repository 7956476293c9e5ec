// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_ram: a RAM-backed block device, /dev/kxxram0, whose pages are kept by
 * C++ on kxx (ram_kxx.cpp).  This file is the block-layer glue: the gendisk
 * and its queue limits, the bio loop, the module parameters and a debugfs
 * file with the storage's statistics.
 *
 *   modprobe kxx_ram size_mb=64
 *   cat /sys/kernel/debug/kxx_ram/stats     pages, discards, ...
 *
 * Reads of never-written sectors return zeroes.  Discard and write-zeroes
 * free the pages they cover; write-zeroes also zeroes the partial pages at
 * its edges.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/version.h>
#include <kxx/bindings.h>
#include <kxx/module.h>
#include "ram.h"

static unsigned long size_mb = 64;
module_param(size_mb, ulong, 0444);
MODULE_PARM_DESC(size_mb, "Size of /dev/kxxram0 in MiB (1 to 1048576, default 64)");

static int kxx_ram_major;
static struct gendisk *kxx_ram_disk;
static struct kxx_ram *kxx_ram_store;
static struct dentry *kxx_ram_debugfs;

/*
 * With LTO (the default), this file is merged with the C++ (Kbuild) and
 * flatten inlines kxx_ram_read() and the rest into the bio loop, as brd's
 * loop has its per-segment work inline.
 */
static void __attribute__((flatten)) kxx_ram_submit_bio(struct bio *bio)
{
	struct kxx_ram *ram = bio->bi_bdev->bd_disk->private_data;
	sector_t sector = bio->bi_iter.bi_sector;
	struct bvec_iter iter;
	struct bio_vec bvec;

	switch (bio_op(bio)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		bio_for_each_segment(bvec, bio, iter) {
			bool nowait = bio->bi_opf & REQ_NOWAIT;
			int err = 0;

			/* The storage works in whole sectors (the queue's limits say so). */
			if (WARN_ON_ONCE((bvec.bv_offset | bvec.bv_len) & (SECTOR_SIZE - 1))) {
				bio_io_error(bio);
				return;
			}
			if (bio_op(bio) == REQ_OP_READ)
				kxx_ram_read(ram, sector, bvec.bv_page, bvec.bv_offset, bvec.bv_len);
			else
				err = kxx_ram_write(ram, sector, bvec.bv_page, bvec.bv_offset,
						    bvec.bv_len, nowait);
			if (err == -ENOMEM && nowait) {
				bio_wouldblock_error(bio);
				return;
			}
			if (err) {
				bio_io_error(bio);
				return;
			}
			sector += bvec.bv_len >> SECTOR_SHIFT;
		}
		break;
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
		kxx_ram_discard(ram, sector, bio->bi_iter.bi_size,
				bio_op(bio) == REQ_OP_WRITE_ZEROES, bio->bi_opf & REQ_NOUNMAP);
		break;
	default:
		bio->bi_status = BLK_STS_NOTSUPP;
		break;
	}
	bio_endio(bio);
}

static const struct block_device_operations kxx_ram_fops = {
	.owner = THIS_MODULE,
	.submit_bio = kxx_ram_submit_bio,
};

static int kxx_ram_stats_show(struct seq_file *m, void *unused)
{
	char buf[256];

	kxx_ram_stats(kxx_ram_store, buf, sizeof(buf));
	seq_puts(m, buf);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kxx_ram_stats);

/*
 * The disk, with the limits of memory: 4 KiB physical blocks, discard and
 * write-zeroes of any size, no rotation, completion before submit_bio()
 * returns.  (Linux 6.9 passes limits to blk_alloc_disk(); 6.11 made the
 * queue flags features of the limits.)
 */
static struct gendisk *kxx_ram_alloc_disk(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	struct queue_limits lim = {
		.physical_block_size = PAGE_SIZE,
		.max_hw_discard_sectors = UINT_MAX,
		.max_discard_segments = 1,
		.discard_granularity = PAGE_SIZE,
		.max_write_zeroes_sectors = UINT_MAX,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
		.features = BLK_FEAT_SYNCHRONOUS | BLK_FEAT_NOWAIT,
#endif
	};
	struct gendisk *disk = blk_alloc_disk(&lim, NUMA_NO_NODE);

	if (IS_ERR(disk))
		return disk;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
	blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
#endif
#else
	struct gendisk *disk = blk_alloc_disk(NUMA_NO_NODE);

	if (!disk)
		return ERR_PTR(-ENOMEM);
	blk_queue_physical_block_size(disk->queue, PAGE_SIZE);
	blk_queue_max_discard_sectors(disk->queue, UINT_MAX);
	disk->queue->limits.discard_granularity = PAGE_SIZE;
	blk_queue_max_write_zeroes_sectors(disk->queue, UINT_MAX);
	blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
	blk_queue_flag_clear(QUEUE_FLAG_ADD_RANDOM, disk->queue);
	blk_queue_flag_set(QUEUE_FLAG_NOWAIT, disk->queue);
#ifdef QUEUE_FLAG_SYNCHRONOUS
	blk_queue_flag_set(QUEUE_FLAG_SYNCHRONOUS, disk->queue);
#endif
#endif
	return disk;
}

static int __init kxx_ram_init(void)
{
	struct gendisk *disk;
	int err;

	if (size_mb < 1 || size_mb > 1024 * 1024) {
		pr_err("kxx_ram: size_mb=%lu is out of range (1 to 1048576)\n", size_mb);
		return -EINVAL;
	}
	kxx_ram_store = kxx_ram_create();
	if (!kxx_ram_store)
		return -ENOMEM;
	err = register_blkdev(0, "kxxram");
	if (err < 0)
		goto out_store;
	kxx_ram_major = err;

	disk = kxx_ram_alloc_disk();
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto out_blkdev;
	}
	disk->major = kxx_ram_major;
	disk->first_minor = 0;
	disk->minors = 1;
	disk->fops = &kxx_ram_fops;
	disk->flags |= GENHD_FL_NO_PART; /* one minor: no partitions to scan for */
	disk->private_data = kxx_ram_store;
	strscpy(disk->disk_name, "kxxram0", DISK_NAME_LEN);
	set_capacity(disk, (sector_t)size_mb << (20 - SECTOR_SHIFT));
	err = add_disk(disk);
	if (err)
		goto out_disk;
	kxx_ram_disk = disk;
	kxx_ram_debugfs = debugfs_create_dir("kxx_ram", NULL);
	debugfs_create_file("stats", 0444, kxx_ram_debugfs, NULL, &kxx_ram_stats_fops);
	pr_info("kxx_ram: /dev/kxxram0, %lu MiB\n", size_mb);
	return 0;

out_disk:
	put_disk(disk);
out_blkdev:
	unregister_blkdev(kxx_ram_major, "kxxram");
out_store:
	kxx_ram_destroy(kxx_ram_store);
	return err;
}
KXX_MODULE_INIT(kxx_ram_init);

static void __exit kxx_ram_exit(void)
{
	debugfs_remove_recursive(kxx_ram_debugfs);
	del_gendisk(kxx_ram_disk);
	put_disk(kxx_ram_disk);
	unregister_blkdev(kxx_ram_major, "kxxram");
	kxx_ram_destroy(kxx_ram_store);
	/* the pages' frees after a grace period run this module's code */
	kxx_rcu_barrier();
	if (kxx_page_count() >= 0) /* counted with CONFIG_DEBUG_VM */
		pr_info("kxx_ram: unloaded, %ld pages still held\n", kxx_page_count());
}
KXX_MODULE_EXIT(kxx_ram_exit);

MODULE_DESCRIPTION("kxx_ram: a RAM disk whose pages are kept by C++ on kxx");
MODULE_LICENSE("GPL");
