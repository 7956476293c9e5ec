#!/bin/sh
# The kxx_ram check of `make test`, run by qemu/test.sh in the debug guest:
# real clients on /dev/kxxram0 (the module DKMS built from the package).
#
#  1. mkfs.ext4 on the first 48 MiB of the 64 MiB disk, mount it, write
#     3000 files of seeded random content (qemu/kxx-files.c), remount and
#     verify every checksum (the data comes back from the disk);
#  2. 20 rounds of discards under readers.  One reader process re-reads
#     and verifies 200 of the files with O_DIRECT; another reads the last
#     MiB of the disk, outside the filesystem, and requires every 4 KiB
#     block to hold either its data or zeroes (a read racing the discard of
#     its very page sees the page or the hole, never freed memory).  Each
#     round writes and deletes 50 more files and runs fstrim (ext4
#     discards the freed blocks), then fills the raw region, checks it,
#     discards it (BLKDISCARD) and checks that it reads back as zeroes;
#  3. write-zeroes (BLKZEROOUT) over ranges that start and end inside
#     pages, the bytes around them checked; 4 processes writing the 512-byte
#     sectors of fresh pages interleaved (racing first writes), every
#     sector checked;
#  4. umount, e2fsck -f -n, rmmod: every page goes back to the allocator
#     (the module counts the pages it holds, in the debug kernel, and
#     reports 0 after its exit; kmemleak, scanned later by test.sh, finds
#     no leaked slab object);
#  5. a second, 16 MiB disk filled and blkdiscarded whole: no page is left.
#
# Progress lines are "kxx-guest: ramdisk: ...", a failure is "kxx-guest:
# ramdisk: FAIL: why", and the last line, "kxx-guest: ramdisk: result ...",
# carries the figures (test.sh adds the kmemleak count to them).
dev=/dev/kxxram0
mnt=/mnt/kxxram
stats=/sys/kernel/debug/kxx_ram/stats
files=3000
readers=1
rounds=20
raw_offset=$((63 << 20))
raw_len=$((1 << 20))

say() { echo "kxx-guest: ramdisk: $*"; }
fail() {
	say "FAIL: $*"
	touch /tmp/stop # the readers, if running
	wait
	umount $mnt 2>/dev/null
	rmmod kxx_ram 2>/dev/null
	exit 1
}
stat_of() { awk -v k="$1" '$1 == k { print $2 }' $stats; }

ln -sf /proc/self/mounts /etc/mtab # e2fsprogs checks what is mounted there
insmod /kxx/kxx_ram.ko size_mb=64 || fail "insmod kxx_ram.ko"
[ -b $dev ] || fail "$dev did not appear"

mkfs.ext4 -q -F -b 4096 $dev 48M > /tmp/mkfs.log 2>&1 || fail "mkfs.ext4: $(tail -n 3 /tmp/mkfs.log)"
mkdir -p $mnt
mount -t ext4 $dev $mnt || fail "mount"
mkdir $mnt/keep $mnt/churn
kxx-files write $mnt/keep 1 0 $files /tmp/keep.manifest > /dev/null || fail "writing $files files"
umount $mnt || fail "umount"
mount -t ext4 $dev $mnt || fail "mount again"
out=$(kxx-files verify $mnt/keep /tmp/keep.manifest 2>&1) || fail "after remount: $out"
verified=${out#verified }
verified=${verified% files}
say "mkfs.ext4 ok, $verified files verified after a remount, $(stat_of pages) pages in use"

# Discards under readers.
head -n 200 /tmp/keep.manifest > /tmp/read.manifest
discards0=$(stat_of discards)
pages0=$(stat_of discarded_pages)
rm -f /tmp/stop
pids=
for r in $(seq $readers); do
	kxx-files readers $mnt/keep /tmp/read.manifest /tmp/stop > /tmp/reader$r.log 2>&1 &
	pids="$pids $!"
done
kxx-files raw-readers $dev $raw_offset $raw_len 5 /tmp/stop > /tmp/reader$((readers + 1)).log 2>&1 &
pids="$pids $!"
for round in $(seq $rounds); do
	rm -f /tmp/churn.manifest
	kxx-files write $mnt/churn 2 $((round * 1000)) 50 /tmp/churn.manifest > /dev/null ||
		fail "round $round: writing files"
	sync
	rm -f $mnt/churn/*
	sync
	fstrim $mnt || fail "round $round: fstrim"
	kxx-files fill $dev $raw_offset $raw_len 5 > /dev/null || fail "round $round: fill"
	out=$(kxx-files check $dev $raw_offset $raw_len 5 2>&1) || fail "round $round: $out"
	out=$(kxx-files discard $dev $raw_offset $raw_len 2>&1) || fail "round $round: $out"
	out=$(kxx-files check $dev $raw_offset $raw_len zero 2>&1) ||
		fail "round $round: after blkdiscard: $out"
done
touch /tmp/stop
r=0
for pid in $pids; do
	r=$((r + 1))
	wait $pid || fail "reader $r: $(cat /tmp/reader$r.log)"
	say "$(cat /tmp/reader$r.log)"
done
discards=$(( $(stat_of discards) - discards0 ))
freed=$(( $(stat_of discarded_pages) - pages0 ))
[ "$discards" -ge $((2 * rounds)) ] || fail "only $discards discard requests reached the driver"
[ "$freed" -gt 0 ] || fail "the discards freed no page"
say "$discards discards under $((readers + 1)) readers freed $freed pages; $(cat $stats | tr '\n' ' ')"

# Write-zeroes inside pages: offset and length (bytes) in a 64 KiB region
# of the raw MiB.
for w in 512:3072 3584:1024 1536:12288 4096:8192 0:65536; do
	off=${w%:*} len=${w#*:}
	kxx-files fill $dev $raw_offset 65536 9 > /dev/null || fail "write-zeroes $w: fill"
	out=$(kxx-files zeroout $dev $((raw_offset + off)) $len 2>&1) || fail "write-zeroes $w: $out"
	out=$(kxx-files check $dev $raw_offset 65536 9 $off $len 2>&1) || fail "write-zeroes $w: $out"
done
say "write-zeroes over 5 ranges in and across pages: zeroes inside, data around"

# Racing first writes: fresh pages, their sectors written by 4 processes
# (at least 3 times over 1 MiB; how often two first writes meet is up to
# timing, so rounds go on, up to 30, until the losing side's path, which
# writes into the winner's page, has run at least once).
races0=$(stat_of lost_races)
i=0
while [ $i -lt 3 ] || { [ $(( $(stat_of lost_races) - races0 )) -eq 0 ] && [ $i -lt 30 ]; }; do
	i=$((i + 1))
	out=$(kxx-files discard $dev $raw_offset $raw_len 2>&1) || fail "before the sector race: $out"
	out=$(kxx-files sectors $dev $raw_offset $((1 << 20)) $i 4 2>&1) || fail "racing first writes: $out"
done
lost=$(( $(stat_of lost_races) - races0 ))
[ $lost -gt 0 ] || fail "in $i rounds of racing first writes, no write lost the race: its path never ran"
say "$i times $out ($lost first writes lost the race and wrote into the winner's page)"

umount $mnt || fail "umount at the end"
e2fsck -f -n $dev > /tmp/fsck.log 2>&1 || fail "e2fsck -f -n: $(cat /tmp/fsck.log)"
in_use=$(stat_of pages)
rmmod kxx_ram || fail "rmmod kxx_ram"
# The module counts the pages it holds (CONFIG_DEBUG_VM) and reports them
# after its exit has waited for the last grace period.
held=$(dmesg | sed -n 's/.*kxx_ram: unloaded, \(-*[0-9]*\) pages still held.*/\1/p' | tail -n 1)
[ "$held" = 0 ] || fail "after rmmod, kxx_ram still held '$held' pages (of $in_use)"
say "fsck clean; rmmod gave back all $in_use pages"

# blkdiscard(8) of a whole disk, unmounted: every page goes.
insmod /kxx/kxx_ram.ko size_mb=16 || fail "insmod kxx_ram.ko again"
kxx-files fill $dev 0 $((16 << 20)) 11 > /dev/null || fail "filling the second disk"
filled=$(stat_of pages)
blkdiscard $dev || fail "blkdiscard $dev"
out=$(kxx-files check $dev 0 $((16 << 20)) zero 2>&1) || fail "after blkdiscard: $out"
[ "$(stat_of pages)" -eq 0 ] || fail "$(stat_of pages) pages left after discarding the whole disk"
rmmod kxx_ram || fail "rmmod kxx_ram (second disk)"
held=$(dmesg | sed -n 's/.*kxx_ram: unloaded, \(-*[0-9]*\) pages still held.*/\1/p' | tail -n 1)
[ "$held" = 0 ] || fail "after the second rmmod, kxx_ram still held '$held' pages"
say "blkdiscard of a whole 16 MiB disk freed all $filled pages; it reads back as zeroes"
say "result mkfs ok, $verified files verified, $discards discards under readers, fsck clean"
