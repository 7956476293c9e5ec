#!/usr/bin/env python3
"""Judge a kxx test run from its console log.

Runs the kernel's own KTAP parser (tools/testing/kunit/kunit.py parse, which
exits 0 even when tests fail) and reads its JSON, then checks:
  - every expected suite ran,
  - no case failed or crashed,
  - the console holds no kernel splat (BUG/WARNING/KASAN/lockdep/RCU/...),
  - the guest reached the end of its script.
Prints `kunit: N passed, M failed` (plus `, K skipped`) as its last line and
exits non-zero if anything above is wrong.
"""
import argparse
import json
import os
import re
import subprocess
import sys

SPLATS = [
    'BUG:', 'WARNING:', 'KASAN', 'possible circular locking', 'possible recursive locking',
    'suspicious RCU usage', 'sleeping function called from invalid context', 'Oops',
    'Kernel panic', 'Call Trace:', 'UBSAN:', 'general protection fault', 'INFO: task',
    'INFO: rcu', 'lockdep is turned off', 'list_add corruption',
    'list_del corruption', 'ODEBUG:', 'stack-protector:', 'CFI failure',
    # A softirq handler that returned with preemption or BHs still off: the
    # kernel repairs the count and says only this.
    'huh, entered softirq',
    # kmemleak gave up: it would count no leak from here on.
    'Cannot allocate a kmemleak_object', 'Kernel memory leak detector disabled',
    # A splat may be among what the console dropped.
    'printk messages dropped',
]

# Taint flags a run must not raise (/proc/sys/kernel/tainted, printed by the
# guest at its end): B bad page, D died, W warning, L soft lockup.  O (an
# out-of-tree module) is every kxx run's.
BAD_TAINT = {5: 'B (bad page)', 7: 'D (died)', 9: 'W (a warning)', 14: 'L (soft lockup)'}


def cases(group, suite=None):
    """Yield (suite, case, status) for every leaf case in kunit.py's JSON."""
    for case in group.get('test_cases', []):
        yield suite, case['name'], case['status']
    for sub in group.get('sub_groups', []):
        yield from cases(sub, sub['name'] if suite is None else suite)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--log', required=True)
    ap.add_argument('--kunit-py', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--qemu-status', type=int, default=0)
    ap.add_argument('--compile-fail', type=int, default=None,
                    help='compile-fail cases rejected (for the summary)')
    ap.add_argument('--compile-fail-cases', type=int, default=None,
                    help='compile-fail cases in the tree: every one must be rejected')
    ap.add_argument('--expected-cases', default=None,
                    help='suite.case per line (scripts/expected-cases.py): exactly these must run')
    ap.add_argument('--skips-allowed', default=None,
                    help='suite.case: reason per line; any other SKIP fails the run')
    ap.add_argument('--soundness', default=None,
                    help='docs/soundness.md: a case cited there may not be allowed to skip')
    ap.add_argument('--ramdisk', action='store_true',
                    help='kxx_ram was loaded: its check must report its summary line')
    ap.add_argument('--kunit-only', action='store_true',
                    help='the guest ran only the suites (make coverage): no demo, driver or '
                         'reliability figures are expected')
    ap.add_argument('--no-self-test', action='store_true',
                    help='judge only (the self-test runs the judge on doctored logs)')
    ap.add_argument('suites', nargs='*', help='suites that must have run')
    args = ap.parse_args()

    problems = []
    with open(args.log, errors='replace') as f:
        console = f.read().splitlines()

    # The kernel prints an empty KTAP stream ("1..0") at boot for its
    # built-in suites; the parser reads one stream, so give it the part of
    # the console that follows the guest's start.
    # With the test guest script, the KUnit run is marked (later module
    # loads run no suites and must not add streams).
    begin = [i for i, l in enumerate(console) if 'kxx-guest: ktap-begin' in l]
    end = [i for i, l in enumerate(console) if 'kxx-guest: ktap-end' in l]
    # The guest scripts of make test and make coverage mark their KUnit run
    # once: without the marks, the checks below that read the run's figures
    # could not tell a missing figure from a run that had none.
    if len(begin) != 1 or len(end) != 1 or begin[0] > end[0]:
        problems_early = ['the KUnit run is not marked once (kxx-guest: ktap-begin/ktap-end): '
                          f'{len(begin)} begin and {len(end)} end marks']
    else:
        problems_early = []
    start = next((i for i, l in enumerate(console) if 'kxx-guest: booted' in l), 0)
    region = console[begin[0]:end[0]] if begin and end else console[start:]
    # Linux 6.1 prints no top-level KTAP header ("KTAP version 1", "1..N")
    # for the suites of a loaded module, only each suite's indented one: the
    # parser would then take the suite indentation for the whole stream's.
    # Give such a stream the header newer kernels print.
    region = [re.sub(r'^\[[ 0-9.]+\] ', '', l) for l in region]
    first = next((l for l in region if re.search(r'K?TAP version \d+$', l)), None)
    if first is not None and first.startswith(' '):
        top = sum(1 for l in region if re.match(r'(not )?ok \d+ ', l))
        at = region.index(first)
        region[at:at] = ['KTAP version 1', f'1..{top}']
    ktap = args.json[:-len('.json')] + '.ktap' if args.json.endswith('.json') else args.json + '.ktap'
    with open(ktap, 'w') as f:
        f.write('\n'.join(region) + '\n')
    # The JSON of an earlier run must never be read as this one's.
    if os.path.exists(args.json):
        os.remove(args.json)
    try:
        proc = subprocess.run([sys.executable, args.kunit_py, 'parse', '--json=' + args.json, ktap],
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        proc = subprocess.CompletedProcess([], 124, '', 'kunit.py parse: timed out')
    # kunit.py exits 1 when a test failed, so its status says little: the
    # JSON it writes is what counts.
    print(proc.stdout, end='')
    print(proc.stderr, end='', file=sys.stderr)

    # A stream the parser could not follow (a suite without its result line,
    # a crash) is an error, whatever the cases say.
    if m := re.search(r'Testing complete\..*errors: (\d+)', proc.stdout):
        problems.append(f'the KTAP parser found {m.group(1)} errors in the stream')
    if proc.returncode not in (0, 1) or 'Traceback' in proc.stderr or \
            not re.search(r'Testing complete\.', proc.stdout):
        problems.append(f'the KTAP parser did not finish (status {proc.returncode}): the stream '
                        'is not readable')
    # Whatever the parser made of it, a case or suite reported "not ok" in
    # the run fails it.
    for line in region:
        if re.match(r'\s*not ok \d+ ', line):
            problems.append('the run: ' + line.strip())
    # A skip passes nothing: only cases on the allow-list may skip, with
    # their reason, and none that docs/soundness.md cites as proof.
    allowed = {}
    if args.skips_allowed:
        with open(args.skips_allowed) as f:
            for line in f:
                line = line.split('#', 1)[0].strip()
                if line:
                    name, _, why = line.partition(':')
                    allowed[name.strip()] = why.strip()
    cited = ''
    if args.soundness:
        with open(args.soundness) as f:
            cited = f.read()
    for name in allowed:
        if f'`{name}`' in cited:
            problems.append(f'{name} may skip (kunit/skips-allowed.txt) but docs/soundness.md cites it')

    passed = failed = skipped = 0
    seen = set()
    ran = []
    try:
        with open(args.json) as f:
            results = json.load(f)
        for suite, case, status in cases(results):
            seen.add(suite)
            ran.append(f'{suite}.{case}')
            if status == 'PASS':
                passed += 1
            elif status == 'SKIP':
                skipped += 1
                if f'{suite}.{case}' not in allowed:
                    problems.append(f'{suite}.{case}: SKIP (a skip is a failure unless '
                                    'kunit/skips-allowed.txt says why)')
            else:
                failed += 1
                problems.append(f'{suite}.{case}: {status}')
    except (OSError, ValueError) as e:
        problems.append(f'no KUnit results parsed: {e}')

    # Every case written in the sources ran, and nothing else.
    if args.expected_cases:
        with open(args.expected_cases) as f:
            expected = [l.strip() for l in f if l.strip()]
        for name in sorted(set(expected) - set(ran)):
            problems.append(f'{name}: written in the sources but did not run')
        for name in sorted(set(ran) - set(expected)):
            problems.append(f'{name}: ran but is not in the sources')
        if len(ran) != len(set(ran)):
            problems.append('a case ran twice in the first run')

    # Later loads of kxx_test (the load/unload cycles) run every suite again
    # on kernels that do not filter a module's suites (6.1): each result
    # there counts too.
    if end:
        later = [l for l in (re.sub(r'^\[[ 0-9.]+\] ', '', x) for x in console[end[0]:])
                 if re.match(r'    (not )?ok \d+ ', l)]
        if later and args.expected_cases and len(later) % max(len(ran), 1):
            problems.append(f'the later loads of kxx_test reported {len(later)} cases, not a '
                            f'multiple of the {len(ran)} of the first run: a case went missing')
        for line in console[end[0]:]:
            text = re.sub(r'^\[[ 0-9.]+\] ', '', line)
            if re.match(r'\s*not ok \d+ ', text):
                problems.append('a later load of kxx_test: ' + text.strip())
            elif re.match(r'\s*ok \d+ .*# SKIP', text):
                name = re.sub(r'^\s*ok \d+ (\S+).*', r'\1', text)
                if not any(n.endswith('.' + name) for n in allowed):
                    problems.append('a later load of kxx_test skipped: ' + text.strip())

    problems[:0] = problems_early

    # The guest script's own failures (a module that did not load or unload).
    for line in console:
        if 'kxx-guest: FAIL' in line:
            problems.append(line[line.index('kxx-guest:'):].strip())

    for suite in args.suites:
        if suite not in seen:
            problems.append(f'suite {suite} did not run')

    tolerated, kcsan_lines = known_kernel_races(console)
    for i, line in enumerate(console):
        if i not in kcsan_lines and any(s in line for s in SPLATS):
            problems.append('console: ' + line.strip())
    if tolerated:
        print(f'kxx: kcsan: {len(tolerated)} report(s) of the kernel\'s own races tolerated: ' +
              '; '.join(sorted(set(tolerated))))

    # A kCFI kernel (make test LLVM=1) must enforce: the boot says it uses
    # kCFI (or FineIBT, its patched form), and a failure is not let pass.
    config = os.path.join(os.path.dirname(os.path.abspath(args.kunit_py)), '../../../.config')
    try:
        with open(config) as f:
            options = set(l.strip() for l in f)
    except OSError:
        options = set()
    # The kernel is the one the run claims: its checkers are on and live.
    if options:
        if 'CONFIG_KCSAN=y' in options:
            if not any('kcsan: enabled early' in l for l in console):
                problems.append('the KCSAN kernel did not enable KCSAN at boot')
            if not any(re.search(r'kcsan: selftest: (\d+)/\1 tests passed', l) for l in console):
                problems.append("KCSAN's boot self-test did not pass: it would find no race")
        elif 'CONFIG_KASAN=y' not in options:
            problems.append('the kernel has neither KASAN nor KCSAN: not a test kernel')
        for need in ('CONFIG_PROVE_LOCKING=y', 'CONFIG_PROVE_RCU=y', 'CONFIG_DEBUG_ATOMIC_SLEEP=y'):
            if need not in options:
                problems.append(f'the kernel lacks {need[:-2]}: not a test kernel')
    if 'CONFIG_CFI_CLANG=y' in options:
        if 'CONFIG_CFI_PERMISSIVE=y' in options:
            problems.append('kCFI is permissive (CONFIG_CFI_PERMISSIVE=y): a mismatch would pass')
        if not any(re.search(r'Using (kCFI|FineIBT)', l) for l in console):
            problems.append('the kernel has CONFIG_CFI_CLANG but did not report using kCFI')

    taint = figure_of(console, r'kxx-guest: tainted: (\d+)')
    if taint is None:
        problems.append('the guest did not report its taint flags')
    else:
        for bit, what in BAD_TAINT.items():
            if int(taint) >> bit & 1:
                problems.append(f'the kernel is tainted {what}')
    if not any(re.search(r'^(\[[ 0-9.]+\] )?kxx-guest: done', l) for l in console):
        problems.append('the guest did not finish (crash or timeout; see the console log)')
    if args.qemu_status != 0:
        problems.append(f'QEMU exited with status {args.qemu_status}')

    # Reliability figures the suites and the guest script report.
    def figure(pattern):
        return figure_of(console, pattern)
    stress = figure(r'kxx-reliability: stress operations: (\d+)')
    injected = figure(r'kxx-reliability: allocation failures injected: (\d+)')
    cycles = figure(r'kxx-guest: load-unload cycles: (\d+)')
    leaks = figure(r'kxx-guest: kmemleak: (\d+|unavailable)')
    demo = figure(r'kxx-demo: (\d+ passed, \d+ failed)')
    for line in console:
        if 'kxx-demo: FAIL' in line:
            problems.append(line[line.index('kxx-demo:'):].strip())
    if begin and not args.kunit_only and demo is None:
        problems.append('the kxx_demo transcript did not run to its end')
    elif begin and not args.kunit_only and not re.fullmatch(r'([1-9]\d*) passed, 0 failed', demo):
        problems.append(f'the kxx_demo transcript: {demo}')
    vendored = figure(r'kxx_vendored: (ok \d+)')
    if begin and not args.kunit_only and vendored != 'ok 112':
        problems.append(f'the vendored driver did not report "ok 112" (got {vendored})')
    unload = figure(r'kxx-guest: unload: (\S+ of \d+|none) callbacks ran before rmmod returned')
    for line in console:
        if 'kxx_unload: FAIL' in line:
            problems.append(line[line.index('kxx_unload:'):].strip())
    failed_init = figure(r'kxx-guest: unload: failed init: (\S+ of \d+|none) callbacks ran before '
                         r'insmod returned')
    if begin and not args.kunit_only:
        m = re.fullmatch(r'(\d+) of (\d+)', unload or '')
        if not m or m.group(1) != m.group(2) or int(m.group(2)) <= 0:
            problems.append('kxx_unload: its callbacks had not all run when rmmod returned '
                            f'(got {unload})')
        m = re.fullmatch(r'(\d+) of (\d+)', failed_init or '')
        if not m or m.group(1) != m.group(2) or int(m.group(2)) <= 0:
            problems.append('kxx_unload fail_init=1: its callbacks had not all run when insmod '
                            f'returned (got {failed_init})')
    if args.kunit_only:
        begin = []
    # Every figure of the reliability line is required, each with its floor.
    if begin:
        if cycles is None or int(cycles) != 20:
            problems.append(f'{cycles or 0} of 20 load/unload cycles succeeded')
        if leaks is None or leaks == 'unavailable':
            problems.append('kmemleak gave no figure (it must run: CONFIG_DEBUG_KMEMLEAK)')
        elif int(leaks) != 0:
            problems.append(f'kmemleak: {leaks} new leaks (listed in the console log)')
        if stress is None or int(stress) <= 0:
            problems.append('no stress operations reported (kxx_stress.report)')
        if injected is None or int(injected) <= 0:
            problems.append('no allocation failures injected (kxx_fault.report)')
        if args.compile_fail_cases is not None and args.compile_fail != args.compile_fail_cases:
            problems.append(f'{args.compile_fail} of {args.compile_fail_cases} compile-fail cases '
                            'were rejected')
    ramdisk = figure(r'kxx-guest: ramdisk: (mkfs ok, \d+ files verified, \d+ discards under readers, '
                     r'fsck clean, (\d+|unavailable) leaks)$')
    for line in console:
        if 'kxx-guest: ramdisk: FAIL' in line:
            problems.append(line[line.index('ramdisk:'):].strip())
    if args.ramdisk and begin and ramdisk is None:
        problems.append('the kxx_ram check did not run to its end (no "kxx-guest: ramdisk: mkfs ok" line)')
    if ramdisk is not None:
        print('kxx: ramdisk: ' + ramdisk)
        if not ramdisk.endswith(' 0 leaks'):
            problems.append('kxx_ram: ' + ramdisk)
    if begin:
        parts = [f'demo checks {demo or "-"}', f'vendored driver {vendored or "-"}',
                 f'unload callbacks {unload or "-"}',
                 f'failed-init callbacks {failed_init or "-"}',
                 f'stress operations {stress or "-"}',
                 f'allocation failures injected {injected or "-"}',
                 f'kmemleak new leaks {leaks or "-"}',
                 f'load/unload cycles {cycles or "-"}']
        if args.compile_fail is not None:
            parts.append(f'compile-fail cases rejected {args.compile_fail}')
        print('kxx: reliability: ' + ', '.join(parts))

    if not problems and not failed and not args.no_self_test and begin:
        if self_test(console, args.json):
            problems.append('self-test: the judge let a doctored log pass')
    for p in problems[:40]:
        print('kxx: FAIL: ' + p)
    if len(problems) > 40:
        print(f'kxx: FAIL: ... and {len(problems) - 40} more')
    print(f'kxx: console log: {args.log}')
    summary = f'kunit: {passed} passed, {failed} failed'
    if skipped:
        summary += f', {skipped} skipped'
    print(summary)
    return 1 if problems or failed else 0


KNOWN_RACES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           '..', 'qemu', 'kcsan-known-races.txt')

# KCSAN saves at most 64 frames of a stack and drops its own before
# printing: a stack printed this long may have lost its callers.
KCSAN_CUT_FRAMES = 56
# A frame as KCSAN prints it: a symbol and offset, a module's in brackets.
FRAME = re.compile(r'^(\S+)\+0x[0-9a-f]+/0x[0-9a-f]+( \[\w+\])?$')
KXX_FRAME = re.compile(r'\[kxx\w*\]$')
# x86-64's module mapping (a module's static data lies there).
MODULES = (0xffffffffa0000000, 0xfffffffffeffffff)


def known_kernel_races(console):
    """The KCSAN reports that are the kernel's own races, not kxx's.

    Returns their titles and the indices of their title lines (which the
    splat scan then skips).  A report passes only with exactly two
    accesses, each a header and a stack of well-formed frames, and in one
    of two shapes:

    - the kernel's alone: neither stack holds a frame of a kxx module,
      neither is long enough for KCSAN to have cut it, and the bytes are
      not a module's.  Two of the kernel's paths raced (ext4's journal, the
      memory manager's fault-around, the VFS's timestamps of a block
      device written by two processes): kxx is on neither call chain, as
      a KCSAN kernel's kxx modules make no tail call
      (scripts/check-tail-calls.sh), which would leave no frame of kxx's;
    - the XArray's mark race (qemu/kcsan-known-races.txt), where kxx's read
      cursor inlines the kernel's marked search: one access a plain write
      (or read-write) whose first frame is a listed WRITER (the kernel's
      mark update, made under the array's lock), the other a plain read
      of the same bytes (same address and size).
    """
    writers = set()
    with open(KNOWN_RACES) as f:
        for line in f:
            words = line.split('#', 1)[0].split()
            if words:
                writers.add(words[0])
    text = [re.sub(r'^\[[ 0-9.]+\] ', '', l) for l in console]
    titles, lines = [], set()
    for i, line in enumerate(text):
        m = re.match(r'BUG: KCSAN: data-race in (.+) / (.+)$', line)
        if not m:
            continue
        accesses = read_accesses(text, i)
        if accesses is None or len(accesses) != 2:
            continue
        if not any(len(x[4]) >= KCSAN_CUT_FRAMES or any(KXX_FRAME.search(f) for f in x[4]) or
                   MODULES[0] <= int(x[1], 16) <= MODULES[1] for x in accesses):
            titles.append(f'{m.group(1)} / {m.group(2)} (no kxx frame)')
        else:
            writes = [x for x in accesses if x[0] in ('write', 'read-write')]
            reads = [x for x in accesses if x[0] == 'read']
            if len(writes) != 1 or len(reads) != 1 or writes[0][1:3] != reads[0][1:3] or \
                    writes[0][3][0] not in writers:
                continue
            titles.append(f'{writes[0][3][0]} / a lock-free marked search')
        # Only the title: a splat another CPU printed into the block
        # still counts.
        lines.add(i)
    return titles, lines


def read_accesses(text, title):
    """The accesses of the KCSAN report whose title is text[title]: (kind,
    address, size, first frames' functions, frame lines) each, or None
    where a line of the report is not of its layout (another CPU's output
    inside a stack could hide a frame)."""
    accesses, k = [], title + 1
    if k >= len(text) or text[k].strip():
        return None
    k += 1
    while k < len(text):
        a = re.match(r'(\S+(?: \(\w+\))?) to (0x[0-9a-f]+) of (\d+) bytes by .+:$', text[k])
        if not a:
            break
        frames, k = [], k + 1
        while k < len(text) and text[k].strip():
            f = text[k].strip()
            if not FRAME.match(f):
                return None
            frames.append(f)
            k += 1
        if not frames:
            return None
        accesses.append((a.group(1), a.group(2), int(a.group(3)),
                         [FRAME.match(f).group(1) for f in frames], frames))
        k += 1
    return accesses


def figure_of(console, pattern):
    for line in console:
        if m := re.search(pattern, line):
            return m.group(1)
    return None


def kcsan_report(read='read', writer='xas_clear_mark', at='0xffff888003a5dd90', reader=None):
    """A KCSAN report as 6.12 prints it, of a race qemu/kcsan-known-races.txt lists."""
    reader = reader or '_ZN12_GLOBAL__N_111race_threadEPvj'
    lines = ['=' * 66, f'BUG: KCSAN: data-race in {reader} [kxx_test] / {writer}', '',
             'write to 0xffff888003a5dd90 of 8 bytes by task 69 on cpu 0:',
             f' {writer}+0xa5/0x1c0', ' __xa_clear_mark+0x68/0x90',
             f' {reader}+0x1c9/0x7a0 [kxx_test]', ' kthread+0x18a/0x1c0', '',
             f'{read} to {at} of 8 bytes by task 72 on cpu 3:',
             f' {reader}+0x461/0x7a0 [kxx_test]', ' kthread+0x18a/0x1c0', '',
             'value changed: 0x9249249249249249 -> 0x0000000000000000', '',
             'Reported by Kernel Concurrency Sanitizer on:',
             'CPU: 3 UID: 0 PID: 72 Comm: kxx_test/3 Tainted: G           O     N 6.12.118 #1',
             'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)', '=' * 66]
    return ['[    9.000000] ' + l for l in lines]


def kernel_kcsan_report(writer='folio_remove_rmap_ptes', reader='next_uptodate_folio',
                        under=None, frames=5, at='0xffffea0000a1c430', inside=None):
    """A KCSAN report of two of the kernel's own paths (an exiting process's
    unmap against another's fault-around), as 6.12 prints it.  @under puts
    a kxx frame at the bottom of the reader's stack; @frames makes the
    writer's stack that long; @inside is a line another CPU printed into
    the reader's stack."""
    ws = [f' {writer}+0x197/0x1a0', ' unmap_page_range+0x144c/0x2530',
          ' unmap_vmas+0x23d/0x3a0', ' exit_mmap+0x1ae/0x6b0', ' do_exit+0x427/0x15d0']
    ws = (ws + [' do_group_exit+0x139/0x140'] * frames)[:frames]
    rs = [f' {reader}+0x3e/0x2b0', ' filemap_map_pages+0x1c5/0x8e0',
          ' do_fault+0x2f1/0x7c0', ' exc_page_fault+0x398/0x10d0']
    if inside:
        rs.insert(2, inside)
    if under:
        rs.append(f' {under}+0x61/0x90 [kxx_test]')
    lines = ['=' * 66, f'BUG: KCSAN: data-race in {writer} / {reader}', '',
             f'write to {at} of 8 bytes by task 301 on cpu 1:', *ws, '',
             f'read to {at} of 8 bytes by task 305 on cpu 0:', *rs, '',
             'value changed: 0xffff888004a1c2d1 -> 0x0000000000000000', '',
             'Reported by Kernel Concurrency Sanitizer on:',
             'CPU: 0 UID: 0 PID: 305 Comm: sh Tainted: G           O     N 6.12.118 #1',
             'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)', '=' * 66]
    return ['[    9.000000] ' + l for l in lines]


def self_test(console, json_of_run):
    """The same judge fails the same log with one thing wrong in it.

    A run that passes is doctored four ways (a case failing, a case
    skipping, a case missing, a module that did not unload) and judged
    again: each must fail, or this judge would let that through.
    """
    import shutil
    import tempfile
    first = next(i for i, l in enumerate(console) if 'kxx-guest: ktap-begin' in l)
    at = next(i for i in range(first, len(console))
              if re.search(r'^(\[[ 0-9.]+\] )?    ok \d+ \w+\s*$', console[i]))
    case = console[at]
    doctored = {
        'a failing case': console[:at] + [case.replace('ok ', 'not ok ', 1)] + console[at + 1:],
        'a skipped case': console[:at] + [case.rstrip() + ' # SKIP doctored'] + console[at + 1:],
        'a missing case': console[:at] + console[at + 1:],
        'a failed unload': console + ['kxx-guest: FAIL: rmmod kxx_vendored'],
        # A line another CPU printed inside a suite's header stops the
        # parser; with the case failing too, only the judge's own reading
        # of the run and its refusal of an unfinished parse are left.
        'a failing case the parser cannot reach':
            console[:first + 2] + ['[    1.000000] random: crng init done'] + console[first + 2:at] +
            [case.replace('ok ', 'not ok ', 1)] + console[at + 1:],
        'no mark of the KUnit run': console[:first] + console[first + 1:],
        'a warning taint': [l.replace('kxx-guest: tainted: ', 'kxx-guest: tainted: 512 was ')
                            for l in console],
        # The tolerated kernel race's shape, one thing changed: a kxx
        # function as the writer, a reader that writes, another word.
        'a KCSAN report of a write by kxx code':
            console[:at] + kcsan_report(writer='kxx_xas_store') + console[at:],
        'a KCSAN report whose reader wrote':
            console[:at] + kcsan_report(read='read-write') + console[at:],
        'a KCSAN report of a read of another word':
            console[:at] + kcsan_report(at='0xffff888003a5dd98') + console[at:],
        # Two of the kernel's paths, one thing changed: a kxx frame under
        # them, a stack long enough to have been cut, another CPU's line
        # inside a stack (it could hide a kxx frame), a module's bytes.
        'a KCSAN report of the kernel\'s paths called from kxx code':
            console[:at] + kernel_kcsan_report(under='kxx_ram_submit_bio') + console[at:],
        'a KCSAN report of the kernel\'s paths with a stack KCSAN may have cut':
            console[:at] + kernel_kcsan_report(frames=KCSAN_CUT_FRAMES) + console[at:],
        'a KCSAN report of the kernel\'s paths with another CPU\'s line in a stack':
            console[:at] + kernel_kcsan_report(inside='random: crng init done') + console[at:],
        'a KCSAN report of the kernel\'s paths on a module\'s bytes':
            console[:at] + kernel_kcsan_report(at='0xffffffffc0a01040') + console[at:],
    }
    # And the tolerated shape itself passes (or the judge could fail a run
    # on the kernel's own race).
    passing = {'a KCSAN report of the XArray\'s own mark race':
               console[:at] + kcsan_report() + console[at:],
               'a KCSAN report of two of the kernel\'s paths, no kxx frame on either':
               console[:at] + kernel_kcsan_report() + console[at:]}
    argv = [a for a in sys.argv[1:]]
    with tempfile.TemporaryDirectory() as tmp:
        for what, lines in doctored.items():
            log = os.path.join(tmp, 'console.log')
            with open(log, 'w') as f:
                f.write('\n'.join(lines) + '\n')
            # The real run's results lie where this one's would go: a judge
            # that read them would pass.
            results = os.path.join(tmp, 'results.json')
            shutil.copyfile(json_of_run, results)
            run = [sys.executable, os.path.abspath(__file__)] + argv + [
                '--log', log, '--json', results, '--no-self-test']
            if subprocess.run(run, capture_output=True).returncode == 0:
                print(f'kxx: self-test: the judge passed a log with {what}')
                return 1
        for what, lines in passing.items():
            log = os.path.join(tmp, 'console.log')
            with open(log, 'w') as f:
                f.write('\n'.join(lines) + '\n')
            results = os.path.join(tmp, 'results.json')
            run = [sys.executable, os.path.abspath(__file__)] + argv + [
                '--log', log, '--json', results, '--no-self-test']
            if subprocess.run(run, capture_output=True).returncode != 0:
                print(f'kxx: self-test: the judge failed the run for {what}')
                return 1
    print('kxx: self-test: the same log with a failing, skipped or missing case, a failed '
          'unload, a failing case the parser cannot reach, no run marks, a warning taint or a '
          'KCSAN report other than the kernel\'s own races (no kxx frame on either whole stack, '
          'or the XArray\'s mark race listed), fails the run; with those it passes')
    return 0


if __name__ == '__main__':
    sys.exit(main())
