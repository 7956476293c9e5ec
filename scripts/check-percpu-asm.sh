#!/usr/bin/env bash
# Check that kxx's per-CPU counter fast path is what C's this_cpu_add() is on
# x86_64: exactly one add/sub/inc/dec instruction with a %gs: operand, and no
# call other than KASAN's reports or KCSAN's hooks for the (instrumented)
# pointer loads.
#
#   scripts/check-percpu-asm.sh OBJECT
# The probes are the kxx_percpu_probe_* functions in kunit/percpu_test.cpp.
set -uo pipefail
obj=$1
dis=$(objdump -dr --no-show-raw-insn "$obj") || exit 1
probes=$(echo "$dis" | sed -n 's/^[0-9a-f]* <\(kxx_percpu_probe_[a-z_]*\)>:$/\1/p')
[ -n "$probes" ] || { echo "$obj: no kxx_percpu_probe_* functions" >&2; exit 1; }
status=0
n=0
for p in $probes; do
	body=$(echo "$dis" | awk -v f="<$p>:" '$2 == f { on = 1; next } on && /^$/ { exit } on')
	gs=$(echo "$body" | grep -c '%gs:')
	op=$(echo "$body" | grep '%gs:' | awk '{ print $2 }')
	# every call must be one of KASAN's reports or KCSAN's access hooks
	# (named by its relocation): what the sanitizer adds to C as well
	calls=$(( $(echo "$body" | grep -cE '\scall\s') - $(echo "$body" | grep -cE 'R_X86_64_PLT32\s+(__asan_report|__tsan_)') ))
	if [ "$gs" -ne 1 ] || ! [[ $op =~ ^(add|sub|inc|dec)[bwlq]?$ ]] || [ "$calls" -ne 0 ]; then
		echo "$obj: $p is not a single %gs: counter instruction:" >&2
		echo "$body" | sed 's/^/    /' >&2
		status=1
	fi
	n=$((n + 1))
done
[ $status -eq 0 ] && echo "kxx: per-CPU fast path: $n probes, each one %gs: add/inc instruction"
exit $status
