#!/usr/bin/env python3
"""Tabulate kxx_bench output: C vs kxx vs C-through-helpers, per mode.

Reads the console logs of the icount run and the plain-TCG run, prints one
table per mode (ns per operation; in icount mode a nanosecond is a guest
instruction) with kxx/C and helper/C ratios, the scaling figures, writes all
of it as JSON, and ends with `bench: worst kxx/C ratio R (icount)`.  Exits 1
when that ratio is above the bar (1.01) on a GCC kernel; for a Clang kernel
(--report-only) the ratios are reported, not judged: the bar is GCC's.
"""
import argparse
import json
import re
import sys

BAR = 1.01
OP = re.compile(r'kxx-bench: op (\S+) (\d+) (\d+) (\d+) "([^"]*)"')
SCALING = re.compile(r'kxx-bench: scaling (\d+) (\d+) (\d+)')


def parse(path):
    ops, scaling, done = [], [], False
    with open(path, errors='replace') as f:
        for line in f:
            if m := OP.search(line):
                c, kxx, helper = (int(x) / 100 for x in m.group(2, 3, 4))
                ops.append({'op': m.group(1), 'what': m.group(5), 'c': c, 'kxx': kxx,
                            'helper': helper,
                            'kxx_c': kxx / c if c else None,
                            'helper_c': helper / c if c else None})
            elif m := SCALING.search(line):
                scaling.append({'readers': int(m.group(1)), 'lockless_per_s': int(m.group(2)),
                                'locked_per_s': int(m.group(3))})
            elif 'kxx-bench: done' in line:
                done = True
    return ops, scaling, done


def table(title, unit, ops):
    print(f'\n{title}')
    print(f'{"operation":<40} {"C":>10} {"kxx":>10} {"C-helper":>10} {"kxx/C":>7} {"helper/C":>9}')
    for o in ops:
        ratio = lambda r: f'{r:.2f}' if r is not None else '-'
        print(f'{o["what"]:<40} {o["c"]:>10.2f} {o["kxx"]:>10.2f} {o["helper"]:>10.2f} '
              f'{ratio(o["kxx_c"]):>7} {ratio(o["helper_c"]):>9}')
    print(f'({unit} per operation, median of the rounds)')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--icount', required=True)
    ap.add_argument('--tcg', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--report-only', action='store_true',
                    help='a Clang kernel: print the worst ratio, do not judge it')
    args = ap.parse_args()

    icount, _, icount_done = parse(args.icount)
    tcg, scaling, tcg_done = parse(args.tcg)
    problems = []
    if not icount_done or not icount:
        problems.append(f'the icount run did not finish (see {args.icount})')
    if not tcg_done or not tcg:
        problems.append(f'the TCG run did not finish (see {args.tcg})')

    table('icount mode (-icount shift=0): guest instructions per operation', 'instructions',
          icount)
    table('plain TCG: wall-clock nanoseconds per operation (noisy)', 'ns', tcg)
    if scaling:
        print('\nscaling: XArray reads per second, one reader kthread per CPU (plain TCG)')
        print(f'{"readers":>7} {"lockless load":>14} {"locked get":>11}')
        for s in scaling:
            print(f'{s["readers"]:>7} {s["lockless_per_s"]:>14} {s["locked_per_s"]:>11}')

    with open(args.json, 'w') as f:
        json.dump({'icount': icount, 'tcg': tcg, 'scaling': scaling, 'bar': BAR}, f, indent=2)
    print(f'\nkxx: results written to {args.json}')

    ratios = [(o['kxx_c'], o['op']) for o in icount if o['kxx_c'] is not None]
    worst = max(ratios) if ratios else (float('inf'), '-')
    for p in problems:
        print('kxx: FAIL: ' + p)
    over = worst[0] > BAR and not args.report_only
    if over:
        print(f'kxx: FAIL: {worst[1]} costs {worst[0]:.2f}x its C baseline (bar: {BAR})')
    elif worst[0] > BAR:
        print(f'kxx: note: {worst[1]} costs {worst[0]:.2f}x its C baseline '
              f'(the bar, {BAR}, is for GCC kernels; reported only)')
    print(f'bench: worst kxx/C ratio {worst[0]:.2f} (icount)')
    return 1 if problems or over else 0


if __name__ == '__main__':
    sys.exit(main())
