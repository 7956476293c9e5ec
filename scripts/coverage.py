#!/usr/bin/env python3
"""make coverage, the host side: decode the guest's gcov counts and report.

    scripts/coverage.py TOP BUILD_DIR SERIAL_FILE

SERIAL_FILE holds what qemu/coverage.sh wrote to the guest's second serial
port: per profiled object "gcda PATH", its .gcda in base64, "gcda-end", and a
final "gcda-count N".  PATH is debugfs's copy of the object's build path, so
each .gcda lands beside its .gcno in this tree (and nowhere else).  gcov then
(gcov's JSON, from the gcov of the compiler that built the objects) gives
per-line counts, merged over template instances (collect()); genhtml
writes BUILD_DIR/coverage/index.html, and the last line is

    coverage: include/kxx L% lines, B% branches; src/*.c L% lines

BUILD_DIR/coverage/uncovered.txt lists, per header, the lines of include/kxx
that no test reached.
"""
import base64
import json
import os
import re
import subprocess
import sys


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'kxx: coverage: {" ".join(cmd[:2])} failed:\n{proc.stderr[-3000:]}')
    return proc.stdout


def collect(top, gcov):
    """{file: {line: {instance: (count, [branch counts])}}} from every .gcda.

    gcov's JSON names the function each line belongs to, so a template's
    instances (and a header's copies in several objects) are told apart and
    merged here, per line: a line ran if any instance ran it, and a branch
    of a line is taken if any instance of the same shape took it.
    """
    data = {}
    for dirpath, _, names in os.walk(top):
        for name in sorted(n for n in names if n.endswith('.gcda')):
            out = run([gcov, '--json-format', '--branch-probabilities', '--stdout',
                       '--object-directory', dirpath, os.path.join(dirpath, name)])
            for doc in out.splitlines():
                doc = doc.strip()
                if not doc.startswith('{'):
                    continue
                report = json.loads(doc)
                cwd = report.get('current_working_directory', dirpath)
                for f in report['files']:
                    path = os.path.realpath(os.path.join(cwd, f['file']))
                    per_line = data.setdefault(path, {})
                    for line in f['lines']:
                        inst = per_line.setdefault(line['line_number'], {})
                        key = line.get('function_name', '')
                        counts = [b['count'] for b in line['branches'] if not b.get('throw')]
                        old = inst.get(key)
                        if old and len(old[1]) == len(counts):
                            counts = [x + y for x, y in zip(old[1], counts)]
                        inst[key] = ((old[0] if old else 0) + line['count'], counts)
    return data


# Unreached lines that docs/soundness.md section 6 explains: (path prefix,
# pattern of the line, pattern of the line before it or None).
EXPLAINED = [
    ('include/kxx/', r'kxx_bug\(|__builtin_unreachable\(\)|detail::bad_access\(', None),
    ('include/kxx/core/misuse.h', r'bad_access\(const char \*why\)|kxx_bug\(why\);', None),
    ('include/kxx/testing/', r'.', None),  # the harness's failure reports
    ('include/kxx/page/page.h', r'return None;', r'if \(n < 0\)'),  # pages_held() without DEBUG_VM
    ('include/kxx/percpu/', r'return None;', r'if \(!p\)|if \(alloc\.is_none\(\)\)'),
    ('include/kxx/xarray/cursor.h', r'return old\.error\(\);', r'if \(old\.is_err\(\)\)'),
]


def explained(name, src, i):
    before = next((src[j].strip() for j in range(i - 1, -1, -1) if src[j].strip()), '')
    return any(name.startswith(prefix) and re.search(line, src[i]) and
               (prev is None or re.search(prev, before))
               for prefix, line, prev in EXPLAINED)


INSTANCE_BRANCHES = [0, 0]


def write_info(path, files):
    """An lcov tracefile of @files, instances merged per line (collect())."""
    with open(path, 'w') as out:
        out.write('TN:\n')
        for name in sorted(files):
            out.write(f'SF:{name}\n')
            lf = lh = brf = brh = 0
            for number in sorted(files[name]):
                inst = files[name][number]
                count = sum(c for c, _ in inst.values())
                out.write(f'DA:{number},{count}\n')
                lf += 1
                lh += count > 0
                shapes = {}
                if path.endswith('include-kxx.info'):
                    for _, branches in inst.values():
                        INSTANCE_BRANCHES[0] += sum(1 for n in branches if n > 0)
                        INSTANCE_BRANCHES[1] += len(branches)
                for _, branches in inst.values():
                    if branches:
                        merged = shapes.setdefault(len(branches), [0] * len(branches))
                        for i, n in enumerate(branches):
                            merged[i] += n
                for block, (_, merged) in enumerate(sorted(shapes.items())):
                    for i, n in enumerate(merged):
                        out.write(f'BRDA:{number},{block},{i},{n if count else "-"}\n')
                        brf += 1
                        brh += n > 0
            out.write(f'LF:{lf}\nLH:{lh}\nBRF:{brf}\nBRH:{brh}\nend_of_record\n')


def summary(info):
    """(lines hit, lines found, branches hit, branches found) of an lcov file."""
    lh = lf = bh = bf = 0
    with open(info) as f:
        for line in f:
            key, _, value = line.strip().partition(':')
            if key in ('LH', 'LF', 'BRH', 'BRF'):
                n = int(value)
                lh += n if key == 'LH' else 0
                lf += n if key == 'LF' else 0
                bh += n if key == 'BRH' else 0
                bf += n if key == 'BRF' else 0
    return lh, lf, bh, bf


def uncovered(info, top):
    """{file: [line, ...]} of the lines with a count of 0."""
    out, current = {}, None
    with open(info) as f:
        for line in f:
            if line.startswith('SF:'):
                current = os.path.relpath(line[3:].strip(), top)
            elif line.startswith('DA:') and current:
                number, count = line[3:].strip().split(',')[:2]
                if count == '0':
                    out.setdefault(current, []).append(int(number))
    return out


def ranges(numbers):
    spans, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            spans.append((start, prev))
            start = prev = n
    if start is not None:
        spans.append((start, prev))
    return ', '.join(f'{a}' if a == b else f'{a}-{b}' for a, b in spans)


def pct(hit, found):
    return 100.0 * hit / found if found else 0.0


def main():
    top, build, serial = (os.path.realpath(a) for a in sys.argv[1:4])
    out = os.path.join(build, 'coverage')
    os.makedirs(out, exist_ok=True)
    with open(serial, errors='replace') as f:
        text = f.read().replace('\r', '')
    files = re.findall(r'^gcda (\S+)\n(.*?)^gcda-end$', text, re.M | re.S)
    count = re.search(r'^gcda-count (\d+)$', text, re.M)
    if not count or int(count.group(1)) != len(files) or not files:
        sys.exit(f'kxx: coverage: the guest sent {len(files)} count files '
                 f'of {count.group(1) if count else "an unknown number"}')
    written = 0
    for path, data in files:
        host = path[len('/sys/kernel/debug/gcov'):]
        if not host.startswith(top + '/'):
            continue  # another tree's object (the kernel's own: not profiled here)
        with open(host, 'wb') as f:
            f.write(base64.b64decode(data))
        written += 1
    if not written:
        sys.exit(f'kxx: coverage: none of the {len(files)} count files belongs to {top}')
    # Every profiled object of the test module sent its counts: a missing
    # one would leave its lines out of the figures, not count them unrun.
    # (kunit/unload/ is another module, kxx_unload, which this run does not
    # load.)
    missing = []
    for part in ('kunit', 'src', 'testing'):
        for dirpath, dirs, names in os.walk(os.path.join(top, part)):
            dirs[:] = [d for d in dirs if os.path.join(dirpath, d) != os.path.join(top, 'kunit', 'unload')]
            for n in names:
                if n.endswith('.gcno') and not os.path.exists(os.path.join(dirpath, n[:-5] + '.gcda')):
                    missing.append(os.path.relpath(os.path.join(dirpath, n), top))
    if missing:
        sys.exit('kxx: coverage: no counts came back for ' + ', '.join(sorted(missing)))

    gcov = os.environ.get('KXX_GCOV', 'gcov-12')
    lines = collect(top, gcov)
    lib = os.path.join(out, 'include-kxx.info')
    shims = os.path.join(out, 'src.info')
    write_info(lib, {f: v for f, v in lines.items() if f.startswith(top + '/include/kxx/')})
    write_info(shims, {f: v for f, v in lines.items()
                       if re.fullmatch(re.escape(top) + r'/src/[^/]+\.c', f)})
    run(['genhtml', '--quiet', '--branch-coverage', '--prefix', top, '--title', 'kxx coverage',
         '--output-directory', out, lib, shims, '--rc', 'lcov_branch_coverage=1'])

    unreached = uncovered(lib, top)
    with open(os.path.join(out, 'uncovered.txt'), 'w') as f:
        for name, lines in sorted(unreached.items()):
            f.write(f'{name}: {ranges(lines)}\n')
    # docs/soundness.md section 6 says what kinds of line no test reaches;
    # any other unreached line fails, named.
    unexplained = []
    for name, lines in sorted(unreached.items()):
        with open(os.path.join(top, name)) as f:
            src = f.read().split('\n')
        for n in lines:
            if not explained(name, src, n - 1):
                unexplained.append(f'{name}:{n}: {src[n - 1].strip()}')
    for u in unexplained:
        print('kxx: coverage: unreached, and not of a kind docs/soundness.md section 6 lists: ' + u)
    lh, lf, bh, bf = summary(lib)
    sh, sf, _, _ = summary(shims)
    print(f'kxx: coverage: {written} count files; report {os.path.relpath(out, top)}/index.html, '
          f'unreached lines {os.path.relpath(out, top)}/uncovered.txt')
    ih, inf = INSTANCE_BRANCHES
    print(f'kxx: coverage: branches counted per template instance instead: {pct(ih, inf):.1f}% '
          f'({ih} of {inf}); the figure below counts a branch of a line taken when any instance '
          'took it')
    print(f'coverage: include/kxx {pct(lh, lf):.1f}% lines, {pct(bh, bf):.1f}% branches; '
          f'src/*.c {pct(sh, sf):.1f}% lines')
    if unexplained:
        sys.exit(1)


if __name__ == '__main__':
    main()
