#!/usr/bin/env python3
"""On a KCSAN kernel, kxx's modules make no tail call into the kernel.

The judge (scripts/check-results.py) counts a KCSAN report whose two
stacks hold no frame of a kxx module as the kernel's own race.  That holds
only if kxx code on a call chain leaves its frame there: a function that
ends in a jump to the kernel (a tail call) has left the stack before the
callee runs.  kbuild/kxx.mk builds kxx's C and C++ with
-fno-optimize-sibling-calls on KCSAN kernels; this checks the modules'
machine code: no jump to a symbol the module does not define, but the
return thunk.

    scripts/check-tail-calls.py MODULE.ko...
"""
import re
import subprocess
import sys

# A return (`jmp __x86_return_thunk`), not a call.
RETURNS = {'__x86_return_thunk'}


def main():
    bad, jumps = [], 0
    for ko in sys.argv[1:]:
        undefined = set(subprocess.run(['nm', '-u', '--format=just-symbols', ko], check=True,
                                       capture_output=True, text=True).stdout.split())
        dis = subprocess.run(['objdump', '-dr', '--no-show-raw-insn', ko], check=True,
                             capture_output=True, text=True).stdout.splitlines()
        function = None
        for n, line in enumerate(dis):
            if m := re.match(r'^[0-9a-f]+ <(.+)>:$', line):
                function = m.group(1)
                continue
            if not re.search(r':\s+(cs )?jmp\s', line) or n + 1 >= len(dis):
                continue
            r = re.search(r'R_X86_64_(?:PLT32|PC32)\s+([^\s+-]+)', dis[n + 1])
            if not r or r.group(1) not in undefined:
                continue
            jumps += 1
            if r.group(1) not in RETURNS:
                bad.append(f'{ko}: {function} tail-calls {r.group(1)}')
        if not dis:
            bad.append(f'{ko}: no machine code')
    for b in bad[:20]:
        print('kxx: tail calls: FAIL: ' + b)
    if len(bad) > 20:
        print(f'kxx: tail calls: FAIL: ... and {len(bad) - 20} more')
    if bad:
        return 1
    print(f'kxx: tail calls: none into the kernel in {len(sys.argv) - 1} modules '
          f'({jumps} jumps out are returns): a KCSAN stack without a kxx frame has no kxx caller')
    return 0


if __name__ == '__main__':
    sys.exit(main())
