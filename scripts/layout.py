#!/usr/bin/env python3
"""The README's list of headers, one line per file, kept true.

    scripts/layout.py [--write]

Each header in include/kxx opens with its title line
(` * kxx/area/name.h - what it holds.`).  The README's Layout section
lists every header with that title, between the markers
<!-- headers: begin --> and <!-- headers: end -->.  Without --write, the
list is checked: a header missing, one listed that is gone, a title that
differs, or a header over 450 lines (one concept, read in one pass) fails.
With --write, the list is rewritten from the headers.
"""
import glob
import os
import re
import sys

TOP = os.path.realpath(os.path.join(os.path.dirname(__file__), '..'))
LIMIT = 450
BEGIN, END = '<!-- headers: begin -->', '<!-- headers: end -->'


def headers():
    rows, problems = [], []
    paths = glob.glob(os.path.join(TOP, 'include/kxx/**/*.h'), recursive=True)
    for path in sorted(paths, key=lambda p: (os.path.dirname(p), p)):
        name = os.path.relpath(path, os.path.join(TOP, 'include'))
        with open(path) as f:
            text = f.read().split('\n')
        title = next((m.group(1).strip() for l in text[:6]
                      if (m := re.match(r'\s*\*\s*' + re.escape(name) + r'\s+-\s+(.*)', l))), None)
        if title is None:
            problems.append(f'{name}: no title line (" * {name} - ...")')
            title = ''
        if len(text) - 1 > LIMIT:
            problems.append(f'{name}: {len(text) - 1} lines (at most {LIMIT}: split it along its concepts)')
        rows.append(f'| `{name}` | {title} |')
    return rows, problems


def main():
    rows, problems = headers()
    block = '\n'.join([BEGIN, '| header | holds |', '| --- | --- |'] + rows + [END])
    readme = os.path.join(TOP, 'README.md')
    with open(readme) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit('kxx: layout: README.md has no header list markers')
    a, b = text.index(BEGIN), text.index(END) + len(END)
    if '--write' in sys.argv[1:]:
        with open(readme, 'w') as f:
            f.write(text[:a] + block + text[b:])
    elif text[a:b] != block:
        problems.append('README.md: the header list differs from the headers '
                        '(scripts/layout.py --write rewrites it)')
    for p in problems:
        print('kxx: layout: ' + p)
    if problems:
        sys.exit(1)
    print(f'kxx: layout: {len(rows)} headers, none over {LIMIT} lines, '
          'each listed in the README with its title')


if __name__ == '__main__':
    main()
