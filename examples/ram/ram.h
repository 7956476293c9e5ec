/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx_ram: the interface between the block-layer glue (ram.c: gendisk, bio
 * iteration, queue limits, module init/exit) and the storage (ram_kxx.cpp:
 * the pages, on kxx).  Plain C types only; errors are negative errnos.
 *
 * Sectors are 512 bytes.  A segment (@page, @offset, @len) lies within one
 * page and is a whole number of sectors, as bio_for_each_segment() yields.
 */
#ifndef KXX_RAM_H
#define KXX_RAM_H

#ifdef __cplusplus
extern "C" {
#endif

struct page;
struct kxx_ram;

/* An empty disk; NULL if it cannot be allocated. */
struct kxx_ram *kxx_ram_create(void);
/* Frees the disk and every page (after a grace period: rcu_barrier() next). */
void kxx_ram_destroy(struct kxx_ram *ram);

/* Copies from the disk at @sector into the segment (zeroes where never written). */
void kxx_ram_read(struct kxx_ram *ram, unsigned long long sector, struct page *page,
		  unsigned int offset, unsigned int len);
/*
 * Copies the segment to the disk at @sector, allocating pages on first write
 * (without blocking if @nowait).  0, or -ENOMEM with part of it written.
 */
int kxx_ram_write(struct kxx_ram *ram, unsigned long long sector, struct page *page,
		  unsigned int offset, unsigned int len, bool nowait);
/*
 * Discard (@zeroes false) or write zeroes (@zeroes true) over @bytes at
 * @sector.  Whole pages are freed, unless @keep_pages (write-zeroes with
 * REQ_NOUNMAP), which zeroes them in place; with @zeroes the partial pages
 * at the edges are zeroed in place, so the whole range reads back as zeroes.
 */
void kxx_ram_discard(struct kxx_ram *ram, unsigned long long sector, unsigned int bytes,
		     bool zeroes, bool keep_pages);
/* The statistics debugfs shows: "name value" lines. */
long kxx_ram_stats(struct kxx_ram *ram, char *buf, unsigned long size);

#ifdef __cplusplus
}
#endif

#endif /* KXX_RAM_H */
