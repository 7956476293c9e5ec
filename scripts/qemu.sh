#!/usr/bin/env bash
# Boot the test kernel in QEMU (TCG), load kxx modules, collect the console.
#
#   scripts/qemu.sh --test|--run|--bench KDIR BUILD_DIR MODULE.ko...
#
# --run   streams the whole console and exits with QEMU's status.
# --bench the same, showing only the benchmark's lines.
# --test  shows progress lines only, then checks the console: KUnit results
#         through the kernel's own KTAP parser, expected suites present, no
#         kernel splat; the last line is `kunit: N passed, M failed`.
#
# Environment: KXX_SMP (CPUs, default 4), KXX_MEM (default 2G), KXX_TIMEOUT
# (seconds, default 1800), KXX_GUEST_SCRIPT (run instead of insmod/rmmod),
# KXX_GUEST_TOOLS (host programs copied into the guest's /bin with their
# shared libraries, e.g. "mkfs.ext4 e2fsck" or "fio"; /etc/mke2fs.conf comes
# with mkfs.ext4),
# KXX_CMDLINE (extra kernel command line), KXX_QEMU_ARGS (extra QEMU options),
# KXX_KUNIT_ONLY=1 (--test: the guest script ran only the suites).
set -uo pipefail

mode=$1 kdir=$2
build=$(mkdir -p "$3" && cd "$3" && pwd)
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
bzimage=$kdir/arch/x86/boot/bzImage
cpio_tool=$kdir/usr/gen_init_cpio
for f in "$bzimage" "$cpio_tool"; do
	[ -e "$f" ] || { echo "kxx: $f missing: KDIR=$kdir is a build-only tree; boot needs a built kernel" >&2; exit 1; }
done

# --- initramfs: busybox, /init, the modules -----------------------------------
gcc -static -O2 -Wall -Wextra -Werror -o "$build/kxx-files" "$top/qemu/kxx-files.c" || exit 1

# Spec lines for host programs in /bin, with the shared libraries (and the
# dynamic loader) ldd names, at the paths the programs look for them.
guest_tools() {
	local t path libs
	declare -A dirs=([/bin]=1 [/etc]=1)
	for t in "$@"; do
		path=$(PATH=$PATH:/sbin:/usr/sbin command -v "$t") ||
			{ echo "kxx: $t not found on the host (scripts/deps.sh installs it)" >&2; exit 1; }
		echo "file /bin/$t $(realpath "$path") 755 0 0"
		[ "$t" = mkfs.ext4 ] && echo "file /etc/mke2fs.conf /etc/mke2fs.conf 644 0 0"
		libs+=" $(ldd "$path" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')"
	done
	for l in $(echo $libs | tr ' ' '\n' | sort -u); do
		local d=$(dirname "$l") p=
		for part in ${d//\// }; do
			p=$p/$part
			[ -n "${dirs[$p]:-}" ] || { echo "dir $p 755 0 0"; dirs[$p]=1; }
		done
		echo "file $l $(realpath "$l") 755 0 0"
	done
}

busybox=$(command -v busybox || echo /bin/busybox)
spec=$build/initramfs.list
{
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	for d in bin etc mnt proc sys tmp kxx; do echo "dir /$d 755 0 0"; done
	echo "file /bin/busybox $busybox 755 0 0"
	echo "file /init $top/qemu/init 755 0 0"
	names=()
	for m in "$@"; do
		echo "file /kxx/$(basename "$m") $top/$m 644 0 0"
		names+=("$(basename "$m")")
	done
	echo "${names[*]}" > "$build/modules"
	echo "file /kxx/modules $build/modules 644 0 0"
	for g in "$top"/qemu/*.sh; do echo "file /kxx/$(basename "$g") $g 755 0 0"; done
	[ -n "${KXX_GUEST_SCRIPT:-}" ] && echo "file /kxx/guest.sh $KXX_GUEST_SCRIPT 755 0 0"
	# The file workload of the kxx_ram check (static: no libraries).
	echo "file /bin/kxx-files $build/kxx-files 755 0 0"
	[ -z "${KXX_GUEST_TOOLS:-}" ] || guest_tools $KXX_GUEST_TOOLS
} > "$spec"
"$cpio_tool" "$spec" | gzip -1 > "$build/initramfs.cpio.gz" || exit 1

# --- boot -----------------------------------------------------------------------
name=${mode#--}
log=$build/console-$name.log
smp=${KXX_SMP:-4}
echo "kxx: booting $(basename "$kdir") in QEMU (TCG, $smp CPUs); console log: $log"
qemu=(qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "${KXX_MEM:-2G}"
	-kernel "$bzimage" -initrd "$build/initramfs.cpio.gz"
	-append "console=ttyS0 panic=-1 rdinit=/init ${KXX_CMDLINE:-}"
	-display none -monitor none -serial stdio -no-reboot ${KXX_QEMU_ARGS:-})
start=$(date +%s)
if [ "$mode" = --run ]; then
	timeout "${KXX_TIMEOUT:-1800}" "${qemu[@]}" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
elif [ "$mode" = --bench ]; then
	timeout "${KXX_TIMEOUT:-1800}" "${qemu[@]}" </dev/null 2>&1 | tee "$log" |
		grep --line-buffered -E 'kxx-bench: (op|scaling|start)|kxx-ram-bench: (start|run|FAIL|kxx_ram)' |
		sed -u 's/^\[[ 0-9.]*\] /kxx: guest: /'
	rc=${PIPESTATUS[0]}
else
	timeout "${KXX_TIMEOUT:-1800}" "${qemu[@]}" </dev/null 2>&1 | tee "$log" |
		grep --line-buffered -E '^(\[[ 0-9.]+\] )?(kxx-guest:|kxx-demo:|    # Subtest:|    (not )?ok [0-9]+ )' |
		sed -u 's/^\[[ 0-9.]*\] /kxx: guest: /'
	rc=${PIPESTATUS[0]}
fi
echo "kxx: QEMU exited ($rc) after $(( $(date +%s) - start ))s"
[ "$rc" -eq 124 ] && echo "kxx: guest timed out after ${KXX_TIMEOUT:-1800}s" >&2

if [ "$mode" = --run ] || [ "$mode" = --bench ]; then
	grep -Eq '^(\[[ 0-9.]+\] )?kxx-guest: done' "$log" || { echo "kxx: guest did not finish" >&2; exit 1; }
	exit 0
fi

# Expected suites: the ones registered in the modules themselves.
suites=$(for m in "$@"; do nm "$top/$m"; done | sed -n 's/.* kxx_suite_\(.*\)$/\1/p' | sort -u)
kunit_py=$kdir/tools/testing/kunit/kunit.py
# Expected cases: every KXX_TEST in the sources Kbuild compiles into kxx_test.
expected=
for m in "$@"; do
	[ "$(basename "$m")" = kxx_test.ko ] || continue
	expected=$build/expected-cases.txt
	python3 "$top/scripts/expected-cases.py" "$top"/kunit/*_test.cpp "$top"/kunit/generated/*.cpp \
		$(ls "$top"/kunit/extra/*.cpp 2>/dev/null) > "$expected" || exit 1
done
exec python3 "$top/scripts/check-results.py" --log "$log" --kunit-py "$kunit_py" \
	--json "$build/kunit-results.json" --qemu-status "$rc" \
	${expected:+--expected-cases "$expected"} \
	--skips-allowed "$top/kunit/skips-allowed.txt" --soundness "$top/docs/soundness.md" \
	${KXX_COMPILE_FAIL:+--compile-fail "$KXX_COMPILE_FAIL"} ${KXX_KUNIT_ONLY:+--kunit-only} \
	${KXX_COMPILE_FAIL_CASES:+--compile-fail-cases "$KXX_COMPILE_FAIL_CASES"} \
	$(for m in "$@"; do [ "$(basename "$m")" != kxx_ram.ko ] || echo --ramdisk; done) $suites
