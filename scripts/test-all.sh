#!/usr/bin/env bash
# make test-all: `make test` on every tested configuration, one after the
# other (each rebuilds the modules for its kernel; each kernel is cached under
# its own key), then `make headers`.  The output of each step streams as it
# runs and is kept in build/test-all/<name>.log (`make clean` leaves that
# directory), with the configuration's console log beside it; the run ends
# with one line per configuration and a total, and fails if any of them
# failed.  Each configuration is spelled out in full and runs in a clean
# make environment, so nothing given to `make test-all` (LLVM=1,
# KXX_KERNEL=...) changes what a line tests.  The KCSAN kernel (data races,
# in KASAN's place) is a configuration of its own.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/test-all
configs=(
	"6.12-gcc|make test KXX_KERNEL=6.12 LLVM="
	"6.1-gcc|make test KXX_KERNEL=6.1 LLVM="
	"6.12-clang-kcfi|make test KXX_KERNEL=6.12 LLVM=1"
	"6.12-gcc-kcsan|make test KXX_KERNEL=6.12 LLVM= KXX_KCSAN=1"
	"headers|make headers KXX_KERNEL=6.12 LLVM="
)
summary=()
failed=0
all_start=$(date +%s)
failed_names=()
for c in "${configs[@]}"; do
	name=${c%%|*} cmd=${c#*|}
	echo "kxx: test-all: $name: $cmd"
	start=$(date +%s)
	mkdir -p "$out"
	rm -f build/console-test.log
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u KXX_KERNEL -u LLVM -u KDIR -u KXX_KCSAN -u KXX_LTO \
		-u KXX_CXXFLAGS -u KXX_COVERAGE -u KXX_EXTRA_TESTS -u KXX_DEMO_FAILURE $cmd --no-print-directory 2>&1 |
		tee "$out/$name.log"
	rc=${PIPESTATUS[0]}
	[ -f build/console-test.log ] && cp build/console-test.log "$out/$name-console.log"
	t=$(( $(date +%s) - start ))
	if [ "$name" = headers ]; then
		what="$(grep -c '^kxx: headers: .*with no warnings' "$out/$name.log") distribution trees built"
	else
		what=$(grep -E '^kunit: [0-9]+ passed' "$out/$name.log" | tail -n1)
		what=${what:-no kunit summary}
		grep -q '^kxx: ramdisk: mkfs ok' "$out/$name.log" && what="$what, ramdisk ok"
	fi
	if [ "$rc" -eq 0 ]; then
		verdict=passed
	else
		verdict=FAILED failed=$((failed + 1))
		failed_names+=("$name")
	fi
	summary+=("$(printf 'kxx: test-all: %-16s %-6s %-52s %3dm%02ds' "$name" "$verdict" "$what" $((t / 60)) $((t % 60)))")
done
t=$(( $(date +%s) - all_start ))
# Why each failed, just above the summary (where a log's tail shows it): the
# judge's verdicts, the failing cases and their failed expectations.
for name in "${failed_names[@]}"; do
	cat "$out/$name.log" "$out/$name-console.log" 2>/dev/null |
		grep -E '^kxx: FAIL|kxx: test: step|[^#] not ok |(EXPECTATION|ASSERTION) FAILED|^\[[ 0-9.]+\] +(Expected|but) ' |
		sed "s/^/kxx: test-all: $name: /" | head -n 14
done
printf '%s\n' "${summary[@]}"
echo "kxx: test-all: total: $(( ${#configs[@]} - failed ))/${#configs[@]} passed in $((t / 60))m$(printf %02d $((t % 60)))s"
[ "$failed" -eq 0 ]
