#!/usr/bin/env python3
"""The zero-cost check of make test: kxx's hot paths against C's, statically.

kxx_bench holds every benchmark operation twice in one module: C calling
the kernel API (kxx_bench_OP_c, bench/ops.h) and kxx (kxx_bench_OP_kxx,
bench/bench_kxx.cpp), each timing a loop between two clock reads.  This
reads the module's machine code (objdump -dr) and compares, for every
operation, the hot path of the two loops:

  - the region: the basic blocks that can run after the first clock read
    and before the second, without the blocks that only report (KASAN and
    UBSAN reports, BUG, WARN, calls into .text.unlikely);
  - its loops: each loop of the region that no other loop of the region
    holds, and its hot path, the shortest way round it (in instructions)
    from its head back to its head.  That is what every iteration runs: an
    operation that succeeds and finds nothing unusual.  A branch taken only
    when something went wrong (a retry, an old value to free) is a longer
    way round and is not counted; a check that every iteration makes is;
  - the calls on that path.  Where one side calls a function the other
    does not (C's xa_store() is the lock, __xa_store() and the unlock, which
    kxx inlines), the function's own shortest path from entry to return is
    counted in its place, from the module or from the kernel image
    (vmlinux), up to DEPTH levels deep.

The module is built without the sanitizers' instrumentation (a production
kernel's modules have none; Kbuild's KXX_ZERO_COST); where a sanitizer's
call or inline shadow check is still met, it is not counted: a debug
kernel makes them for C and kxx alike.  A kxx hot path fails when it has
more instructions than C's beyond the tolerance below, or still calls a
function more often than C.  Each failure names the operation.  No QEMU
run is needed: make test runs this on every kernel and compiler it builds.

    scripts/zero-cost.py MODULE.ko bench/bench.h [VMLINUX] [--show OP]
"""
import argparse
import collections
import heapq
import re
import subprocess
import sys

# kxx may be this much longer than C (a stated bound, not a measurement):
# register allocation and block order differ between two compilations of
# the same operation.  Calls are compared exactly.
TOLERANCE = 0.05
SLACK = 2
DEPTH = 3

# Kernel functions that are the same step under two names: __xa_cmpxchg()
# calls __xas_nomem(), xas_nomem() that may drop the lock to allocate; kxx
# allocates with the lock held (GFP_NOWAIT here) through xas_nomem().  On
# the hot path neither has anything to allocate.
SAME = {'__xas_nomem': 'xas_nomem'}

# Pairs whose C side is another algorithm, compared by make bench only.
DYNAMIC_ONLY = {
    'xa_store_order': "C's xa_store_range() stores a range, building entries for its aligned "
                      "parts; kxx's store_order() first checks that the range holds at most one "
                      "entry, which it returns",
}

CLOCKS = {'ktime_get', 'ktime_get_ns', 'kxx_bench_clock'}
SANITIZER = re.compile(r'^(__asan_|__tsan_|__kasan_|__kcsan_|__sanitizer_|__msan_)')
COLD = re.compile(r'^(__asan_report|__kasan_report|kasan_report|__ubsan_handle|kxx_bug|kxx_warn|'
                  r'__warn_printk|warn_slowpath|report_bug|__stack_chk_fail|\.text\.unlikely)')
JUMP = re.compile(r'^j[a-z]+$')
KASAN_SHADOW = re.compile(r'\$0xdffffc0000000000\b')
SHADOW_CMP = re.compile(r'^\$0x0,(-?0x[0-9a-f]+)?\(%\w+,%\w+,1\)$')
PREFIXES = ('lock', 'rep', 'repz', 'repnz', 'notrack', 'bnd', 'cs', 'ds', 'data16')


class Insn:
    def __init__(self, addr, mnemonic, operands):
        self.addr, self.mnemonic, self.operands, self.reloc = addr, mnemonic, operands, None

    def op(self):
        return self.mnemonic.split()[-1]

    def target(self):
        m = re.match(r'([0-9a-f]+) <', self.operands)
        return int(m.group(1), 16) if m else None

    def counted(self):
        return not self.op().startswith('nop') and self.op() not in ('endbr64', 'int3')


def parse(text, sections=None):
    """{function: [Insn]} and the functions placed in .text.unlikely sections;
    @sections, if given, gets each function's section and address."""
    functions, unlikely = {}, set()
    current, section = None, ''
    for line in text.splitlines():
        if m := re.match(r'Disassembly of section (\S+):', line):
            section = m.group(1)
        elif m := re.match(r'([0-9a-f]+) <(.+)>:$', line):
            current = functions.setdefault(m.group(2), [])
            if sections is not None:
                sections[m.group(2)] = (section, int(m.group(1), 16))
            if section.startswith('.text.unlikely'):
                unlikely.add(m.group(2))
        elif current is not None and (m := re.match(r'\s+[0-9a-f]+: (R_X86_64_\w+)\s+(\S+)', line)):
            if current:
                current[-1].reloc = re.sub(r'[-+]0x[0-9a-f]+$', '', m.group(2))
        elif current is not None and (m := re.match(r'\s*([0-9a-f]+):\s+(\S+)\s*(.*)$', line)):
            mnemonic, operands = m.group(2), m.group(3)
            while mnemonic in PREFIXES and operands:
                parts = operands.split(None, 1)
                mnemonic, operands = parts[0], parts[1] if len(parts) > 1 else ''
            current.append(Insn(int(m.group(1), 16), mnemonic, operands))
    return functions, unlikely


def marks(module, sections):
    """{function: {address}}: where its KXX_BENCH_HOT() marks are (the
    relocations of .discard.kxx_bench_hot, against a section or a function)."""
    out = subprocess.run(['objdump', '-r', '-j', '.discard.kxx_bench_hot', module], capture_output=True,
                         text=True, check=True).stdout
    starts = collections.defaultdict(list)
    for name, (section, addr) in sections.items():
        starts[section].append((addr, name))
    for v in starts.values():
        v.sort()
    found = collections.defaultdict(set)
    for line in out.splitlines():
        m = re.match(r'[0-9a-f]+\s+R_X86_64_64\s+(\S+?)(?:\+0x([0-9a-f]+))?$', line)
        if not m:
            continue
        symbol, offset = m.group(1), int(m.group(2) or '0', 16)
        if symbol in sections:
            section, addr = sections[symbol][0], sections[symbol][1] + offset
        else:
            section, addr = symbol, offset
        owner = None
        for start, name in starts.get(section, ()):
            if start <= addr:
                owner = name
        if owner:
            found[owner].add(addr)
    return found


def objdump(*args):
    return subprocess.run(['objdump', '-dr', '--no-show-raw-insn', *args], capture_output=True,
                          text=True, check=True).stdout


def callee(insn):
    """The function a call (or a tail jump) goes to, or None."""
    name = insn.op()
    if name.startswith('call'):
        if insn.reloc:
            target = insn.reloc
        elif '*' in insn.operands:
            return 'indirect call'
        else:
            m = re.search(r'<([^+>]+)', insn.operands)
            target = m.group(1) if m else 'call'
    elif name == 'jmp' and (insn.reloc or re.search(r'<[^+>]+>$', insn.operands)):
        target = insn.reloc or re.search(r'<([^+>]+)>$', insn.operands).group(1)
    else:
        return None
    if target == '__x86_return_thunk':
        return None
    if target.startswith('__x86_indirect_thunk') or target.startswith('__x86_indirect_call'):
        return 'indirect call'
    # A local function of the module is relocated against its section.
    if target.startswith('.text.') and not target.startswith('.text.unlikely'):
        target = target[len('.text.'):]
    return SAME.get(target, target)


def returns(insn):
    """A return through the kernel's return thunk."""
    return '__x86_return_thunk' in (insn.reloc or insn.operands)


class Graph:
    """A function's basic blocks: their instruction counts, calls and successors."""

    verbose = False

    def __init__(self, insns, unlikely, marks=()):
        self.insns = insns
        at = {insn.addr: i for i, insn in enumerate(insns)}
        leaders = {0} | {at[a] for a in marks if a in at}
        for i, insn in enumerate(insns):
            op = insn.op()
            if JUMP.match(op) or op.startswith('ret') or op == 'ud2' or callee(insn) in CLOCKS:
                leaders.add(i + 1)
                t = insn.target()
                if JUMP.match(op) and t is not None and t in at and not insn.reloc:
                    leaders.add(at[t])
        order = sorted(l for l in leaders if l < len(insns))
        self.blocks = {}
        for n, first in enumerate(order):
            self.blocks[first] = range(first, order[n + 1] if n + 1 < len(order) else len(insns))
        self.marks = {at[a] for a in marks if a in at}
        self.succ, self.cost, self.calls, self.clock, self.exits = {}, {}, {}, set(), set()
        for first, block in self.blocks.items():
            calls, cost, cold, shadow = collections.Counter(), 0, False, False
            for i in block:
                insn = insns[i]
                c = callee(insn)
                # KASAN's inline checks (the shadow byte of an address, and
                # the branch to its report) are the debug kernel's, as its
                # calls are.
                if KASAN_SHADOW.search(insn.operands) or (
                        insn.op() == 'shr' and insn.operands.startswith('$0x3,') and
                        i + 1 < len(insns) and SHADOW_CMP.match(insns[i + 1].operands)):
                    continue
                if insn.op().startswith('cmp') and SHADOW_CMP.match(insn.operands):
                    shadow = True
                    continue
                if shadow and JUMP.match(insn.op()):
                    shadow = False
                    continue
                if insn.op() == 'ud2' or (c and (COLD.match(c) or c in unlikely)):
                    cold = True
                if c in CLOCKS:
                    self.clock.add(first)
                    continue
                if c and SANITIZER.match(c):
                    continue
                cost += insn.counted()
                if c:
                    calls[c] += 1
            self.cost[first], self.calls[first] = cost, calls
            last = insns[block[-1]]
            op, succ = last.op(), []
            if cold:
                succ = None
            elif op.startswith('ret') or (op == 'jmp' and (callee(last) or returns(last))):
                self.exits.add(first)
            else:
                t = last.target()
                if JUMP.match(op) and t is not None and t in at and not last.reloc:
                    succ.append(at[t])
                if op != 'jmp' and block[-1] + 1 < len(insns):
                    succ.append(block[-1] + 1)
            self.succ[first] = succ

    def shortest(self, sources, targets, allowed):
        """The cheapest path (blocks) from one of @sources into one of @targets,
        through @allowed blocks only; @sources' own cost included."""
        dist, prev, heap = {}, {}, []
        for s in sources:
            if s in allowed and self.succ.get(s) is not None:
                dist[s] = self.cost[s]
                heap.append((dist[s], s))
        heapq.heapify(heap)
        while heap:
            d, b = heapq.heappop(heap)
            if d > dist[b]:
                continue
            for n in self.succ[b] or ():
                if n in targets:
                    if ('end', n) not in dist or d < dist[('end', n)][0]:
                        dist[('end', n)] = (d, b)
                    continue
                if n not in allowed or self.succ.get(n) is None:
                    continue
                if n not in dist or d + self.cost[n] < dist[n]:
                    dist[n], prev[n] = d + self.cost[n], b
                    heapq.heappush(heap, (dist[n], n))
        ends = [(v[0], k[1], v[1]) for k, v in dist.items() if isinstance(k, tuple)]
        if not ends:
            return None
        d, _, b = min(ends)
        path = [b]
        while path[-1] in prev:
            path.append(prev[path[-1]])
        return d, path[::-1]

    def reach(self, first, stop):
        seen, pending = set(), [first]
        while pending:
            b = pending.pop()
            if b in seen or self.succ.get(b) is None:
                continue
            seen.add(b)
            if b not in stop:
                pending.extend(self.succ[b])
        return seen

    def figures(self, path):
        calls = collections.Counter()
        for b in path:
            calls.update(self.calls[b])
        return sum(self.cost[b] for b in path), calls

    def loops_inside(self, mark):
        """The loops inside the loop through @mark: the cycles left among its
        blocks once the mark's own is cut (strongly connected components,
        Tarjan's algorithm)."""
        around = self.reach(mark, set())
        blocks = {b for b in around if mark in self.reach(b, set())} - {mark}
        index, low, stack, on, found = {}, {}, [], set(), []

        def visit(v):
            index[v] = low[v] = len(index)
            stack.append(v)
            on.add(v)
            for w in self.succ[v] or ():
                if w not in blocks:
                    continue
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                component = set()
                while True:
                    w = stack.pop()
                    on.discard(w)
                    component.add(w)
                    if w == v:
                        break
                if len(component) > 1 or v in (self.succ[v] or ()):
                    found.append(component)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 10 * len(self.blocks) + 100))
        for v in sorted(blocks):
            if v not in index:
                visit(v)
        sys.setrecursionlimit(limit)
        return found

    def cycle(self, mark):
        """The shortest way round from @mark back to it that enters every
        loop inside (an operation's loop over CPUs or entries runs, and a
        copy of the loop for a case the compiler proved simpler is not
        taken); None if there is none."""
        inner = self.loops_inside(mark)
        where = {}
        for n, component in enumerate(inner):
            for b in component:
                where[b] = 1 << n
        full = (1 << len(inner)) - 1
        start = (mark, 0)
        dist, prev, heap = {start: self.cost[mark]}, {}, [(self.cost[mark], start)]
        while heap:
            d, state = heapq.heappop(heap)
            if d > dist[state]:
                continue
            b, seen = state
            for n in self.succ[b] or ():
                if self.succ.get(n) is None:
                    continue
                if n == mark:
                    if seen == full:
                        path = [b]
                        while path[-1] != mark or len(path) == 1 and b != mark:
                            state = prev[state]
                            path.append(state[0])
                            if state == start:
                                break
                        return path[::-1] if b != mark else [mark]
                    continue
                nxt = (n, seen | where.get(n, 0))
                if nxt not in dist or d + self.cost[n] < dist[nxt]:
                    dist[nxt], prev[nxt] = d + self.cost[n], state
                    heapq.heappush(heap, (dist[nxt], nxt))
        return None

    def hot(self):
        """The hot path: (instructions, calls) of one iteration through the
        KXX_BENCH_HOT() mark (cycle()); where the compiler left several
        copies of the mark, the costliest copy's."""
        best = None
        for m in sorted(self.marks):
            if self.succ.get(m) is None:
                continue
            path = self.cycle(m)
            if path is None:
                continue
            figures = self.figures(path)
            if best is None or figures[0] > best[0][0]:
                best = (figures, path)
        if best is None:
            raise ValueError('no loop through a KXX_BENCH_HOT() mark')
        if self.verbose:
            for x in best[1]:
                for i in self.blocks[x]:
                    insn = self.insns[i]
                    print(f'    {insn.addr:x}: {insn.mnemonic} {insn.operands} {insn.reloc or ""}')
                print('    --')
        return best[0]

    def entry_to_return(self, wanted=()):
        """The function's hot path: the shortest way from its entry to a
        return that makes as many of the @wanted calls as it can (a function
        that one side calls where the other inlines its body stands for
        that body: its early error returns are not the way it was used)."""
        bit = {name: 1 << n for n, name in enumerate(sorted(wanted))}

        def made(b):
            return sum(v for name, v in bit.items() if self.calls[b][name])
        if self.succ.get(0) is None:
            return 0, collections.Counter()
        start = (0, made(0))
        dist, prev, heap = {start: self.cost[0]}, {}, [(self.cost[0], start)]
        best = None
        while heap:
            d, state = heapq.heappop(heap)
            if d > dist[state]:
                continue
            b, mask = state
            if b in self.exits:
                key = (-bin(mask).count('1'), d)
                if best is None or key < best[0]:
                    best = (key, state)
                continue
            for n in self.succ[b] or ():
                if self.succ.get(n) is None:
                    continue
                nxt = (n, mask | made(n))
                if nxt not in dist or d + self.cost[n] < dist[nxt]:
                    dist[nxt], prev[nxt] = d + self.cost[n], state
                    heapq.heappush(heap, (dist[nxt], nxt))
        if best is None:
            return 0, collections.Counter()
        path, state = [], best[1]
        while True:
            path.append(state[0])
            if state not in prev:
                break
            state = prev[state]
        return self.figures(path[::-1])

    def all_calls(self):
        return set().union(*self.calls.values())


class Bodies:
    """Functions' own hot paths (entry to return), from the module or vmlinux."""

    def __init__(self, module_functions, unlikely, vmlinux):
        self.module, self.unlikely, self.vmlinux = module_functions, unlikely, vmlinux
        self.symbols, self.cache, self.graphs = None, {}, {}

    def get(self, name, others=()):
        """(instructions, calls) of @name's hot path, making what it can of
        @others (calls the other side makes in its place)."""
        graph = self.graph(name)
        if graph is None:
            return None
        wanted = frozenset(graph.all_calls() & set(others))
        if (name, wanted) not in self.cache:
            self.cache[(name, wanted)] = graph.entry_to_return(wanted)
        return self.cache[(name, wanted)]

    def graph(self, name):
        if name in self.graphs:
            return self.graphs[name]
        body = None
        if name in self.module:
            body = Graph(self.module[name], self.unlikely)
        elif self.vmlinux:
            if self.symbols is None:
                self.symbols = {}
                nm = subprocess.run(['nm', '-S', self.vmlinux], capture_output=True, text=True)
                for line in nm.stdout.splitlines():
                    parts = line.split()
                    if len(parts) == 4 and parts[2] in 'Tt':
                        self.symbols.setdefault(parts[3], (int(parts[0], 16), int(parts[1], 16)))
            if name in self.symbols:
                start, size = self.symbols[name]
                functions, unlikely = parse(objdump(f'--start-address={start:#x}',
                                                    f'--stop-address={start + size:#x}', self.vmlinux))
                if name in functions:
                    body = Graph(functions[name], unlikely)
        self.graphs[name] = body
        return body


def settle(sides, bodies, local):
    """Counts a side's excess call's hot path in its place where that explains
    a difference: a function of the module itself (kxx's out-of-line code is
    kxx's cost), one whose own calls are among the other side's excess, or
    any call C makes that kxx does not (C's out-of-line work, such as the
    kernel's bitmap search, that kxx does inline).  A kernel function kxx
    calls and C does not stays an extra call.  Up to DEPTH levels."""
    (c_n, c_calls), (k_n, k_calls) = sides
    for _ in range(DEPTH):
        changed = False
        for name in sorted(set(c_calls) | set(k_calls)):
            diff = k_calls[name] - c_calls[name]
            if not diff or name == 'indirect call':
                continue
            other_excess = {f for f in set(c_calls) | set(k_calls)
                            if (c_calls[f] - k_calls[f]) * (1 if diff > 0 else -1) > 0}
            body = bodies.get(name, other_excess)
            if body is None:
                continue
            n, calls = body
            if name not in local and diff > 0 and not (set(calls) & other_excess):
                continue
            times = abs(diff)
            if diff > 0:
                k_n += (n - 1) * times
                k_calls[name] -= times
                for f, m in calls.items():
                    k_calls[f] += m * times
            else:
                c_n += (n - 1) * times
                c_calls[name] -= times
                for f, m in calls.items():
                    c_calls[f] += m * times
            changed = True
        if not changed:
            break
    return (c_n, +c_calls), (k_n, +k_calls)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('module')
    ap.add_argument('bench_h')
    ap.add_argument('vmlinux', nargs='?')
    ap.add_argument('--verbose', action='store_true', help='with --show: print the hot paths')
    ap.add_argument('--show', help="print both sides' figures for one operation")
    args = ap.parse_args()
    with open(args.bench_h) as f:
        ops = re.findall(r'^\s*X\((\w+), "([^"]*)"\)', f.read(), re.M)
    if not ops:
        print('kxx: zero-cost: FAIL: no operations in ' + args.bench_h)
        return 1
    sections = {}
    functions, unlikely = parse(objdump(args.module), sections)
    hot_marks = marks(args.module, sections)
    bodies = Bodies(functions, unlikely, args.vmlinux)
    local = {f for f in functions if not f.startswith('kxx_bench_')}
    problems, broken, rows = [], [], []
    for op, text in ops:
        if op in DYNAMIC_ONLY:
            print(f'kxx: zero-cost: {op} not compared statically ({DYNAMIC_ONLY[op]})')
            continue
        sides = []
        for side in ('c', 'kxx'):
            name = f'kxx_bench_{op}_{side}'
            if name not in functions:
                broken.append(f'{op}: {name} is not in {args.module}')
                break
            try:
                Graph.verbose = args.verbose and args.show == op
                sides.append(Graph(functions[name], unlikely, hot_marks.get(name, ())).hot())
            except ValueError as e:
                broken.append(f'{op}: {name}: {e}')
                break
        if len(sides) != 2:
            continue
        if args.show in (op, 'all'):
            for side, (n, calls) in zip(('C', 'kxx'), sides):
                print(f'{op}: {side} hot path {n} instructions, calls {dict(calls)}')
        (c_n, c_calls), (k_n, k_calls) = settle(sides, bodies, local)
        if args.show in (op, 'all'):
            for side, (n, calls) in zip(('C', 'kxx'), ((c_n, c_calls), (k_n, k_calls))):
                print(f'{op}: {side} settled {n} instructions, calls {dict(calls)}')
        rows.append((op, c_n, k_n))
        allowed = int(c_n * (1 + TOLERANCE) + SLACK)
        if k_n > allowed:
            problems.append(f'{op} ({text}): kxx {k_n} instructions on its hot path, C {c_n} '
                            f'(allowed {allowed})')
        for name, n in sorted(k_calls.items()):
            if n > c_calls.get(name, 0):
                problems.append(f'{op} ({text}): kxx calls {name} {n} times on its hot path, C '
                                f'{c_calls.get(name, 0)}')
    for p in broken:
        print('kxx: zero-cost: FAIL: ' + p)
    for p in problems:
        print('kxx: zero-cost: FAIL: ' + p)
    if rows:
        worst = max(rows, key=lambda r: r[2] / max(r[1], 1))
        print(f'kxx: zero-cost: {len(rows)} operations compared with C statically (hot-path '
              f'instructions and calls, within {TOLERANCE:.0%} + {SLACK}); largest kxx/C '
              f'{worst[2] / max(worst[1], 1):.2f} ({worst[0]}: {worst[2]} vs {worst[1]})')
    return 1 if broken or problems else 0


if __name__ == '__main__':
    sys.exit(main())
