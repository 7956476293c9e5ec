// SPDX-License-Identifier: GPL-2.0
/*
 * kxx-files: the file workload of the kxx_ram check (qemu/ramdisk.sh), built
 * static on the host and run in the test guest.
 *
 *   kxx-files write DIR SEED FIRST COUNT MANIFEST
 *       create DIR/fNNNNN for NNNNN in [FIRST, FIRST+COUNT): seeded
 *       pseudo-random sizes (1 byte to 16 KiB) and contents; append
 *       "name size checksum" to MANIFEST (FNV-1a 64 of the contents)
 *   kxx-files verify DIR MANIFEST [direct]
 *       read every file of MANIFEST back (with O_DIRECT: from the disk,
 *       not the page cache) and compare size and checksum
 *   kxx-files readers DIR MANIFEST STOPFILE
 *       verify with O_DIRECT over and over until STOPFILE exists
 *   kxx-files fill DEV OFFSET LEN SEED
 *   kxx-files check DEV OFFSET LEN SEED|zero [ZOFFSET ZLEN]
 *       write a seeded pattern to a region of a block device, or check
 *       that the region holds it (or zeroes; or zeroes in the window
 *       [ZOFFSET, ZOFFSET + ZLEN) of the region and the pattern around it),
 *       with O_DIRECT
 *   kxx-files discard|zeroout DEV OFFSET LEN
 *       BLKDISCARD or BLKZEROOUT (REQ_OP_WRITE_ZEROES) over the byte range
 *       (which may start and end inside pages), also while the disk has a
 *       mounted filesystem elsewhere (blkdiscard(8) opens it exclusively)
 *   kxx-files raw-readers DEV OFFSET LEN SEED STOPFILE
 *       read the region over and over with O_DIRECT until STOPFILE exists,
 *       while it is filled and discarded: every 4 KiB block must hold the
 *       pattern or zeroes, nothing else
 *   kxx-files sectors DEV OFFSET LEN SEED NPROC
 *       NPROC processes write the region's 512-byte sectors interleaved
 *       (first writes racing on every page), then every sector is checked
 *
 * Prints one result line; exits 1 on the first mismatch, naming it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FILE (16 * 1024)
#define ALIGN 4096
#define CHUNK (1024 * 1024)

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static uint64_t rng_seed(uint64_t seed, uint64_t index)
{
	uint64_t s = (seed + 1) * 0x9e3779b97f4a7c15ull ^ (index + 1) * 0xbf58476d1ce4e5b9ull;
	return s ? s : 1;
}

static void fill_bytes(unsigned char *buf, size_t len, uint64_t *s)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t v = rng_next(s);
		memcpy(buf + i, &v, len - i < 8 ? len - i : 8);
	}
}

static uint64_t fnv1a(const unsigned char *buf, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ buf[i]) * 0x100000001b3ull;
	return h;
}

static void *aligned(size_t len)
{
	void *p;
	if (posix_memalign(&p, ALIGN, len)) {
		perror("posix_memalign");
		exit(2);
	}
	return p;
}

static int do_write(const char *dir, uint64_t seed, long first, long count, const char *manifest)
{
	unsigned char *buf = aligned(MAX_FILE);
	FILE *m = fopen(manifest, "a");
	if (!m) {
		perror(manifest);
		return 2;
	}
	for (long i = first; i < first + count; i++) {
		uint64_t s = rng_seed(seed, i);
		size_t size = 1 + rng_next(&s) % MAX_FILE;
		char name[4096];
		fill_bytes(buf, size, &s);
		snprintf(name, sizeof(name), "%s/f%05ld", dir, i);
		int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd)) {
			fprintf(stderr, "kxx-files: writing %s: %s\n", name, strerror(errno));
			return 1;
		}
		fprintf(m, "f%05ld %zu %016llx\n", i, size, (unsigned long long)fnv1a(buf, size));
	}
	if (fclose(m)) {
		perror(manifest);
		return 2;
	}
	printf("wrote %ld files\n", count);
	return 0;
}

/* One pass over the manifest: the number of files verified, or -1. */
static long verify_pass(const char *dir, const char *manifest, int direct, unsigned char *buf)
{
	FILE *m = fopen(manifest, "r");
	char file[64], name[4096];
	unsigned long long want;
	size_t size;
	long n = 0;

	if (!m) {
		perror(manifest);
		return -1;
	}
	while (fscanf(m, "%63s %zu %llx", file, &size, &want) == 3) {
		snprintf(name, sizeof(name), "%s/%s", dir, file);
		int fd = open(name, O_RDONLY | (direct ? O_DIRECT : 0));
		if (fd < 0) {
			fprintf(stderr, "kxx-files: %s: %s\n", name, strerror(errno));
			fclose(m);
			return -1;
		}
		size_t got = 0;
		for (;;) {
			ssize_t r = read(fd, buf + got, MAX_FILE + ALIGN - got);
			if (r < 0) {
				fprintf(stderr, "kxx-files: reading %s: %s\n", name, strerror(errno));
				close(fd);
				fclose(m);
				return -1;
			}
			if (r == 0)
				break;
			got += r;
		}
		close(fd);
		if (got != size || fnv1a(buf, got) != want) {
			fprintf(stderr, "kxx-files: MISMATCH %s: %zu bytes, checksum %016llx; expected %zu, %016llx\n",
				name, got, (unsigned long long)fnv1a(buf, got), size, want);
			fclose(m);
			return -1;
		}
		n++;
	}
	fclose(m);
	return n;
}

static int do_verify(const char *dir, const char *manifest, int direct)
{
	unsigned char *buf = aligned(MAX_FILE + ALIGN);
	long n = verify_pass(dir, manifest, direct, buf);
	if (n < 0)
		return 1;
	printf("verified %ld files\n", n);
	return 0;
}

static int do_readers(const char *dir, const char *manifest, const char *stop)
{
	unsigned char *buf = aligned(MAX_FILE + ALIGN);
	long passes = 0, files = 0;
	struct stat st;

	while (stat(stop, &st) != 0) {
		long n = verify_pass(dir, manifest, 1, buf);
		if (n < 0)
			return 1;
		passes++;
		files += n;
	}
	printf("reader: %ld passes, %ld files verified\n", passes, files);
	return 0;
}

static int open_region(const char *dev, int flags, long long offset, long long len)
{
	int fd = open(dev, flags | O_DIRECT);

	if (fd < 0 || offset % ALIGN || len % ALIGN) {
		fprintf(stderr, "kxx-files: %s: %s\n", dev, fd < 0 ? strerror(errno) : "unaligned region");
		exit(2);
	}
	return fd;
}

/* What the region holds after `fill`: the whole of it, in memory. */
static unsigned char *region_pattern(long long offset, long long len, uint64_t seed)
{
	uint64_t s = rng_seed(seed, (uint64_t)offset);
	unsigned char *want = aligned(len);

	for (long long done = 0; done < len; done += CHUNK)
		fill_bytes(want + done, len - done < CHUNK ? len - done : CHUNK, &s);
	return want;
}

static int do_region(int check, const char *dev, long long offset, long long len, const char *seed,
		     long long zoff, long long zlen)
{
	int zero = check && !strcmp(seed, "zero");
	unsigned char *buf = aligned(CHUNK), *want;
	int fd = open_region(dev, check ? O_RDONLY : O_WRONLY, offset, len);

	want = region_pattern(offset, len, zero ? 0 : strtoull(seed, NULL, 0));
	if (zero)
		memset(want, 0, len);
	if (zlen)
		memset(want + zoff, 0, zlen);
	for (long long done = 0; done < len; done += CHUNK) {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		if (check) {
			if (pread(fd, buf, n, offset + done) != (ssize_t)n) {
				fprintf(stderr, "kxx-files: reading %s: %s\n", dev, strerror(errno));
				return 1;
			}
			for (size_t i = 0; i < n; i++)
				if (buf[i] != want[done + i]) {
					fprintf(stderr, "kxx-files: MISMATCH %s at byte %lld: %02x, expected %02x\n",
						dev, offset + done + (long long)i, buf[i], want[done + i]);
					return 1;
				}
		} else if (pwrite(fd, want + done, n, offset + done) != (ssize_t)n) {
			fprintf(stderr, "kxx-files: writing %s: %s\n", dev, strerror(errno));
			return 1;
		}
	}
	close(fd);
	printf("%s %lld bytes\n", check ? "checked" : "filled", len);
	return 0;
}

static int do_range_ioctl(int zero, const char *dev, long long offset, long long len)
{
	uint64_t range[2] = { (uint64_t)offset, (uint64_t)len };
	int fd = open(dev, O_WRONLY);

	if (fd < 0 || ioctl(fd, zero ? BLKZEROOUT : BLKDISCARD, range)) {
		fprintf(stderr, "kxx-files: %s %s %lld+%lld: %s\n", zero ? "BLKZEROOUT" : "BLKDISCARD",
			dev, offset, len, strerror(errno));
		return 1;
	}
	close(fd);
	printf("%s %lld bytes at %lld\n", zero ? "zeroed" : "discarded", len, offset);
	return 0;
}

static int do_raw_readers(const char *dev, long long offset, long long len, uint64_t seed,
			  const char *stop)
{
	unsigned char *want = region_pattern(offset, len, seed), *buf = aligned(CHUNK);
	static const unsigned char zeroes[ALIGN];
	long passes = 0, data = 0, holes = 0;
	int fd = open_region(dev, O_RDONLY, offset, len);
	struct stat st;

	while (stat(stop, &st) != 0) {
		for (long long done = 0; done < len; done += CHUNK) {
			size_t n = len - done < CHUNK ? len - done : CHUNK;
			if (pread(fd, buf, n, offset + done) != (ssize_t)n) {
				fprintf(stderr, "kxx-files: reading %s: %s\n", dev, strerror(errno));
				return 1;
			}
			for (size_t b = 0; b < n; b += ALIGN) {
				if (!memcmp(buf + b, want + done + b, ALIGN)) {
					data++;
				} else if (!memcmp(buf + b, zeroes, ALIGN)) {
					holes++;
				} else {
					fprintf(stderr, "kxx-files: MISMATCH %s: the 4 KiB at %lld are neither the data nor zeroes\n",
						dev, offset + done + (long long)b);
					return 1;
				}
			}
		}
		passes++;
	}
	printf("raw reader: %ld passes, %ld blocks of data and %ld of zeroes\n", passes, data, holes);
	return 0;
}

static void sector_pattern(unsigned char *buf, uint64_t seed, long long sector)
{
	uint64_t s = rng_seed(seed, (uint64_t)sector);
	fill_bytes(buf, 512, &s);
}

static int do_sectors(const char *dev, long long offset, long long len, uint64_t seed, int nproc)
{
	unsigned char *buf = aligned(ALIGN), *want = aligned(512);
	int fd = open_region(dev, O_RDWR, offset, len), bad = 0;

	for (int k = 0; k < nproc; k++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid)
			continue;
		for (long long sec = offset / 512 + k; sec < (offset + len) / 512; sec += nproc) {
			sector_pattern(buf, seed, sec);
			if (pwrite(fd, buf, 512, sec * 512) != 512) {
				fprintf(stderr, "kxx-files: writing sector %lld: %s\n", sec, strerror(errno));
				_exit(1);
			}
		}
		_exit(0);
	}
	for (int k = 0; k < nproc; k++) {
		int status;
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	}
	if (bad)
		return 1;
	for (long long sec = offset / 512; sec < (offset + len) / 512; sec++) {
		sector_pattern(want, seed, sec);
		if (pread(fd, buf, 512, sec * 512) != 512 || memcmp(buf, want, 512)) {
			fprintf(stderr, "kxx-files: MISMATCH %s: sector %lld lost its write\n", dev, sec);
			return 1;
		}
	}
	printf("%lld sectors written by %d processes, all verified\n", len / 512, nproc);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "write"))
		return do_write(argv[2], strtoull(argv[3], NULL, 0), atol(argv[4]), atol(argv[5]),
				argv[6]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "verify"))
		return do_verify(argv[2], argv[3], argc == 5 && !strcmp(argv[4], "direct"));
	if (argc == 5 && !strcmp(argv[1], "readers"))
		return do_readers(argv[2], argv[3], argv[4]);
	if (argc == 6 && !strcmp(argv[1], "fill"))
		return do_region(0, argv[2], atoll(argv[3]), atoll(argv[4]), argv[5], 0, 0);
	if ((argc == 6 || argc == 8) && !strcmp(argv[1], "check")) {
		long long zoff = argc == 8 ? atoll(argv[6]) : 0, zlen = argc == 8 ? atoll(argv[7]) : 0;
		if (zoff < 0 || zlen < 0 || zoff + zlen > atoll(argv[4]))
			return 2;
		return do_region(1, argv[2], atoll(argv[3]), atoll(argv[4]), argv[5], zoff, zlen);
	}
	if (argc == 5 && (!strcmp(argv[1], "zeroout") || !strcmp(argv[1], "discard")))
		return do_range_ioctl(!strcmp(argv[1], "zeroout"), argv[2], atoll(argv[3]),
				      atoll(argv[4]));
	if (argc == 7 && !strcmp(argv[1], "raw-readers"))
		return do_raw_readers(argv[2], atoll(argv[3]), atoll(argv[4]), strtoull(argv[5], NULL, 0),
				      argv[6]);
	if (argc == 7 && !strcmp(argv[1], "sectors"))
		return do_sectors(argv[2], atoll(argv[3]), atoll(argv[4]), strtoull(argv[5], NULL, 0),
				  atoi(argv[6]));
	fprintf(stderr, "usage: see the top of qemu/kxx-files.c\n");
	return 2;
}
