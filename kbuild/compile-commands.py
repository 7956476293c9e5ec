#!/usr/bin/env python3
"""compile_commands.json for kxx's own sources, C++ included.

    kbuild/compile-commands.py KDIR [TOP]

The kernel's generator (scripts/clang-tools/gen_compile_commands.py) skips
C++ objects, and Debian's header packages do not ship it.  This reads the
.cmd files a `make modules` left in TOP (default: this tree): each records
the exact command Kbuild ran, from the kernel tree KDIR.  Only kxx's sources
(*.c, *.cpp under TOP) are listed; the build's own checks chained after the
compiler (`&& ...`) are left out.  The file is written to
TOP/compile_commands.json; the .clangd beside it drops GCC's own options,
which clangd (Clang) does not know (a driver with kxx vendored gets kxx's
.clangd copied to its TOP, unless it has one).
"""
import json
import os
import re
import shlex
import shutil
import sys


def main():
    kdir = os.path.realpath(sys.argv[1])
    top = os.path.realpath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..'))
    entries = {}
    for dirpath, dirnames, names in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in ('.git', 'build')]
        for name in names:
            if not (name.startswith('.') and name.endswith('.o.cmd')):
                continue
            with open(os.path.join(dirpath, name), errors='replace') as f:
                first = f.readline()
            m = re.match(r'(?:saved)?cmd_\S+ := (.*)', first)
            if not m:
                continue
            command = m.group(1).split(' && ')[0].split('; ')[0].strip()
            words = shlex.split(command)
            if '-c' not in words:
                continue
            source = next((w for w in reversed(words) if re.search(r'\.(c|cpp)$', w)), None)
            if source is None:
                continue
            path = os.path.realpath(os.path.join(kdir, source))
            if not path.startswith(top + '/'):
                continue
            entries[path] = {'directory': kdir, 'file': path, 'command': command}
    if not entries:
        sys.exit('kxx: compile-commands: no compile commands found (run make modules first)')
    kit_clangd = os.path.realpath(os.path.join(os.path.dirname(__file__), '..', '.clangd'))
    if os.path.exists(kit_clangd) and not os.path.exists(os.path.join(top, '.clangd')):
        shutil.copyfile(kit_clangd, os.path.join(top, '.clangd'))
    out = os.path.join(top, 'compile_commands.json')
    with open(out, 'w') as f:
        json.dump([entries[k] for k in sorted(entries)], f, indent=1)
        f.write('\n')
    cxx = sum(1 for k in entries if k.endswith('.cpp'))
    print(f'kxx: compile_commands.json: {len(entries)} sources ({cxx} C++, '
          f'{len(entries) - cxx} C) from {kdir}')


if __name__ == '__main__':
    main()
