/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx_demo: the interface between the C glue (demo.c: misc device, file
 * operations, module init/exit) and the C++ logic (demo_kxx.cpp).  Plain C
 * types only; errors are negative errnos.
 */
#ifndef KXX_DEMO_H
#define KXX_DEMO_H

#ifdef __cplusplus
extern "C" {
#endif

int kxx_demo_create(void);
void kxx_demo_destroy(void);
/*
 * One command line ("add NAME", "del ID", "max N"): 0 or a positive id on
 * success, a negative errno otherwise.
 */
long kxx_demo_command(const char *line, unsigned long len);
/* The listing a read returns: "id name" lines, then the stats lines. */
long kxx_demo_render(char *buf, unsigned long size);

#ifdef __cplusplus
}
#endif

#endif /* KXX_DEMO_H */
