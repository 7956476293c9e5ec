#!/usr/bin/env python3
"""List the KUnit cases kxx_test must run, from its sources.

    scripts/expected-cases.py FILE.cpp...   > expected-cases.txt

One `suite.case` per KXX_TEST(suite, case) in the files Kbuild compiles into
kxx_test, in the order written.  Comments are skipped, and so are cases
inside `#ifdef KXX_DEMO_FAILURE` unless KXX_DEMO_FAILURE is set in the
environment (the one conditional case).  scripts/check-results.py compares
this list with what ran: a case dropped on the way (a registration bug, an
#if, a rename) fails `make test`.
"""
import os
import re
import sys

CASE = re.compile(r'^\s*KXX_TEST\(\s*(\w+)\s*,\s*(\w+)\s*\)')


def cases(path):
    skip = []  # one entry per open #if: whether it hides what follows
    in_comment = False
    with open(path, errors='replace') as f:
        for line in f:
            if in_comment:
                if '*/' not in line:
                    continue
                line = line.split('*/', 1)[1]
                in_comment = False
            line = re.sub(r'/\*.*?\*/', '', line)
            if '/*' in line:
                line, in_comment = line.split('/*', 1)[0], True
            line = line.split('//', 1)[0]
            d = line.strip()
            if d.startswith('#if'):
                hidden = d.startswith('#ifdef KXX_DEMO_FAILURE') and \
                    not os.environ.get('KXX_DEMO_FAILURE')
                skip.append(hidden)
                continue
            if d.startswith('#endif'):
                if skip:
                    skip.pop()
                continue
            if any(skip):
                continue
            if m := CASE.match(line):
                yield f'{m.group(1)}.{m.group(2)}'


def main():
    for path in sys.argv[1:]:
        for c in cases(path):
            print(c)


if __name__ == '__main__':
    main()
