#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Generate fixture trees for the vmlat reader's host tests and benchmark, in
# the exact formats of docs/abi.md v1: NAME/debugfs/vmlat/ (what the module
# exports) and NAME/module/vmlat/{parameters/,version} (its sysfs side).
# Values come from a seeded generator, so every run writes the same bytes.
#
#   mkfixture.py OUTDIR none2|kvm4|stage2|thread2|cpu64|cpu64full|watch|
#                       variants|all
#
# tests/reader/fixtures/ holds the output of "all" and "variants";
# cpu64 and watch (the watch, stage watch and wait pairs) are generated
# at test and benchmark time. stage2 (both
# wake-up stages on) and thread2 (the thread stage only; the user stage's
# files there but never enabled, so no user keys) follow docs/abi.md's
# "Stages" of issue 16: each wake-up's lateness is irq + stolen + sched,
# and of the irq part the IRQ's own stolen part is summed (irq_stolen, not
# a fourth part: the expiry's min(lateness, steal)).
import bisect
import os
import random
import subprocess
import sys

# the bucket layout, from its one reference outside C (checked against
# abi/vmlat_hist.c by tests/unit/test_bucket_ref.c): "index lower upper"
BUCKET_REF = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          '..', 'lib', 'check-hist.awk')


def load_buckets():
    out = subprocess.run(['awk', '-v', 'dump_buckets=1', '-f', BUCKET_REF],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         check=True, universal_newlines=True).stdout
    rows = [tuple(map(int, line.split())) for line in out.splitlines()]
    if [r[0] for r in rows] != list(range(len(rows))):
        raise SystemExit('%s: not a bucket table' % BUCKET_REF)
    return [(lo, hi) for _, lo, hi in rows]


BOUNDS = load_buckets()
LOWERS = [lo for lo, _ in BOUNDS]
TOP = len(BOUNDS) - 1


def bucket_index(v):
    return bisect.bisect_right(LOWERS, v) - 1


def bucket_bounds(i):
    return BOUNDS[i]


class Hist:
    def __init__(self):
        self.counts = {}
        self.n = 0
        self.mn = 0
        self.mx = 0
        self.sum = 0

    def add(self, v):
        i = bucket_index(v)
        self.counts[i] = self.counts.get(i, 0) + 1
        self.mn = v if self.n == 0 else min(self.mn, v)
        self.mx = max(self.mx, v)
        self.n += 1
        self.sum += v

    def merge(self, o):
        for i, c in o.counts.items():
            self.counts[i] = self.counts.get(i, 0) + c
        if o.n:
            self.mn = o.mn if self.n == 0 else min(self.mn, o.mn)
            self.mx = max(self.mx, o.mx)
        self.n += o.n
        self.sum += o.sum

    def text(self, kind, cpu, period_us, elapsed, missed):
        out = ['# vmlat-hist v1 hist=%s cpu=%s' % (kind, cpu),
               '# unit=ns period_us=%d elapsed_ns=%d' % (period_us, elapsed),
               '# samples=%d missed=%d min=%d max=%d sum=%d' %
               (self.n, missed, self.mn, self.mx, self.sum),
               '# lower_ns upper_ns count']
        for i in sorted(self.counts):
            lo, hi = bucket_bounds(i)
            out.append('%d %d %d' % (lo, hi, self.counts[i]))
        return '\n'.join(out) + '\n'


class Cpu:
    def __init__(self, cpu, source):
        self.cpu = cpu
        self.source = source
        self.h = {'lateness': Hist(), 'steal': Hist(), 'residual': Hist()}
        self.missed = 0
        self.elapsed = 0
        self.max_at = 0
        self.self_ns = []
        self.steal_ns = 0
        self.steal_exp = 0
        self.stolen = 0
        self.active = 0
        # the wake-up stages on: name -> {part: Hist}, their misses, and
        # of their irq part's sum the IRQs' stolen part
        self.stages = {}
        self.stage_misses = {}
        self.stage_irq_stolen = {}
        # of their irq part, the rest after irq_stolen by the expiries'
        # cause (the causes file)
        self.stage_cause = {}
        # the residual by cause (docs/steal.md): unreported, guest,
        # undetermined
        self.cause = [0, 0, 0]

    def sample(self, rnd, t_ns, period_ns, steal_rate):
        lat = int(rnd.lognormvariate(8.3, 0.6))      # ~4 us typical
        if rnd.random() < 0.002:
            lat += int(rnd.uniform(50e3, 4e6))       # a host hiccup
        steal = 0
        if self.source != 'none' and rnd.random() < steal_rate:
            steal = int(rnd.uniform(1e6, 12e6))
            lat += int(steal * rnd.uniform(0.3, 1.0))
        if lat > self.h['lateness'].mx:
            self.max_at = t_ns
        if lat > period_ns:
            self.missed += lat // period_ns
        self.h['lateness'].add(lat)
        # the expiry's stolen part: a stage's irq part is this lateness,
        # so this is the irq part's stolen part too (irq_stolen)
        part = irq_stolen = min(lat, steal)
        if self.source != 'none':
            self.h['steal'].add(steal)
            self.steal_ns += steal
            self.steal_exp += steal > 0
            self.stolen += part
        self.h['residual'].add(lat - part)
        # its cause, from the lateness alone, so that the generator's
        # sequence (and every other figure) stays as it was
        cause = (0, 0, 0, 0, 1, 1, 2)[lat % 7]
        self.cause[cause] += lat - part
        self.self_ns.append(int(rnd.uniform(250, 700)) +
                            (4000 if rnd.random() < 0.001 else 0))
        for name, parts in self.stages.items():
            if rnd.random() < 0.01:
                self.stage_misses[name] += 1
                continue
            # the woken task: the IRQ's lateness, steal after the IRQ
            # (sometimes), then scheduling delay inside the guest
            stolen = int(rnd.uniform(5e5, 8e6)) if (
                self.source != 'none' and rnd.random() < 0.02) else 0
            sched = int(rnd.lognormvariate(9.0, 0.8))
            if rnd.random() < 0.005:
                sched += int(rnd.uniform(1e5, 3e6))
            total = lat + stolen + sched
            for part, v in (('total', total), ('irq', lat),
                            ('stolen', stolen), ('sched', sched)):
                parts[part].add(v)
            self.stage_irq_stolen[name] += irq_stolen
            self.stage_cause[name][cause] += lat - irq_stolen
            if 'return' in parts and parts['total'].n > 1:
                parts['return'].add(int(rnd.lognormvariate(7.8, 0.4)))

    def causes_lines(self, cpu, extra_key):
        """the CPU's lines of causes (docs/abi.md): its expiries', then
        each stage's"""
        more = ' future_key_ns=42' if extra_key else ''
        lat = self.h['lateness']
        out = ['cpu=%s stage=irq samples=%d lateness_ns=%d stolen_ns=%d %s '
               'sched_ns=0%s' % (cpu, lat.n, lat.sum, self.stolen,
                                 causes_keys(self.cause), more)]
        for name in ('thread', 'user'):
            if name not in self.stages:
                continue
            parts = self.stages[name]
            out.append('cpu=%s stage=%s samples=%d lateness_ns=%d '
                       'stolen_ns=%d %s sched_ns=%d%s' %
                       (cpu, name, parts['total'].n, parts['total'].sum,
                        self.stage_irq_stolen[name] + parts['stolen'].sum,
                        causes_keys(self.stage_cause[name]),
                        parts['sched'].sum, more))
        return out

    def summary_line(self):
        lat = self.h['lateness']
        s = self.self_ns
        out = ('cpu=%d active=%d samples=%d missed=%d elapsed_ns=%d '
               'min_ns=%d avg_ns=%d max_ns=%d max_at_ns=%d self_min_ns=%d '
               'self_avg_ns=%d self_max_ns=%d steal_source=%s' %
               (self.cpu, self.active, lat.n, self.missed, self.elapsed,
                lat.mn, lat.sum // lat.n if lat.n else 0, lat.mx,
                self.max_at, min(s) if s else 0,
                sum(s) // len(s) if s else 0, max(s) if s else 0,
                self.source))
        if self.source != 'none':
            out += (' steal_ns=%d steal_ms_per_s=%s steal_expiries=%d '
                    'stolen_ns=%d stolen_share=%s steal_stale_reads=0' %
                    (self.steal_ns, ms_per_s(self.steal_ns, self.elapsed),
                     self.steal_exp, self.stolen,
                     share(self.stolen, lat.sum)))
        # the raw sums behind avg_ns and self_avg_ns (docs/abi.md)
        out += (' trace_stops=0 hardirq_misses=0 snapshot_ipis=0 '
                'lateness_sum_ns=%d self_sum_ns=%d' % (lat.sum, sum(s)))
        for name in ('thread', 'user'):
            if name in self.stages:
                out += stage_keys(name, self.stages[name],
                                  self.stage_misses[name],
                                  self.stage_irq_stolen[name])
        out += ''.join(' %s_ns=%d' % (n, v)
                       for n, v in zip(CAUSES, self.cause))
        out += ''.join(' %s_share=%s' % (n, share(v, lat.sum))
                       for n, v in zip(CAUSES, self.cause))
        return out


CAUSES = ('unreported', 'guest', 'undetermined')


def causes_keys(sums):
    return ' '.join('%s_ns=%d' % (n, v) for n, v in zip(CAUSES, sums))


def stage_keys(name, parts, misses, irq_stolen):
    """a stage's summary keys, in abi/vmlat_summary.c's order"""
    t = parts['total']
    n = t.n
    out = ' %s_samples=%d %s_misses=%d %s_avg_ns=%d %s_max_ns=%d' % (
        name, n, name, misses, name, t.sum // n if n else 0, name, t.mx)
    for part in ('irq', 'stolen', 'sched'):
        out += ' %s_%s_avg_ns=%d' % (name, part,
                                     parts[part].sum // n if n else 0)
    for part in ('stolen', 'sched'):
        out += ' %s_%s_share=%s' % (name, part, share(parts[part].sum, t.sum))
    out += ' %s_irq_stolen_share=%s' % (name, share(irq_stolen, t.sum))
    if name == 'user':
        r = parts['return']
        out += (' user_return_samples=%d user_return_avg_ns=%d '
                'user_return_max_ns=%d' %
                (r.n, r.sum // r.n if r.n else 0, r.mx))
    out += ' %s_sum_ns=%d' % (name, t.sum)
    for part in ('irq', 'stolen', 'sched'):
        out += ' %s_%s_sum_ns=%d' % (name, part, parts[part].sum)
    out += ' %s_irq_stolen_sum_ns=%d' % (name, irq_stolen)
    if name == 'user':
        out += ' user_return_sum_ns=%d' % parts['return'].sum
    return out


# ratios truncated, as the module prints them (docs/abi.md)
def ms_per_s(steal, elapsed):
    if not elapsed:
        return '0.000'
    milli = steal * 1000000 // elapsed
    return '%d.%03d' % (milli // 1000, milli % 1000)


def share(part, whole):
    e4 = part * 10000 // whole if whole else 0
    return '%d.%04d' % (e4 // 10000, e4 % 10000)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


STAGE_PARTS = {'thread': ('total', 'irq', 'stolen', 'sched'),
               'user': ('total', 'irq', 'stolen', 'sched', 'return')}


def build(nr_possible, sampled, source, seconds, period_us, seed,
          steal_rate=0.03, extra_key=False, stages=(), stage_files=False,
          causes=False):
    rnd = random.Random(seed)
    cpus = []
    period_ns = period_us * 1000
    for c in range(nr_possible):
        cpu = Cpu(c, source)
        for name in stages:
            cpu.stages[name] = {p: Hist() for p in STAGE_PARTS[name]}
            cpu.stage_misses[name] = 0
            cpu.stage_irq_stolen[name] = 0
            cpu.stage_cause[name] = [0, 0, 0]
        if c in sampled:
            cpu.active = 1
            cpu.elapsed = seconds * 1000000000 + rnd.randint(0, 999999)
            t = 4000000000 + c * 1000
            for _ in range(seconds * 1000000 // period_us):
                t += period_ns
                cpu.sample(rnd, t, period_ns, steal_rate)
        cpus.append(cpu)
    return {'cpus': cpus, 'source': source, 'period_us': period_us,
            'sampled': sampled, 'extra_key': extra_key,
            'stages': stages, 'stage_files': stage_files,
            'causes': causes}


def cpulist(cpus):
    out, i = [], 0
    cpus = sorted(cpus)
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        out.append(str(cpus[i]) if i == j else '%d-%d' % (cpus[i], cpus[j]))
        i = j + 1
    return ','.join(out)


def emit(root, fx):
    dbg = os.path.join(root, 'debugfs', 'vmlat')
    mod = os.path.join(root, 'module', 'vmlat')
    cpus, src, period = fx['cpus'], fx['source'], fx['period_us']
    kinds = {'lateness': 'hist', 'steal': 'steal', 'residual': 'residual'}
    for kind, fname in kinds.items():
        allh, missed, elapsed = Hist(), 0, 0
        for c in cpus:
            write(os.path.join(dbg, 'per_cpu', 'cpu%d' % c.cpu, fname),
                  c.h[kind].text(kind, c.cpu, period, c.elapsed, c.missed))
            allh.merge(c.h[kind])
            missed += c.missed
            elapsed += c.elapsed
        write(os.path.join(dbg, fname),
              allh.text(kind, 'all', period, elapsed, missed))
    # the stages' files: there from load, empty until the stage is on
    for name in ('thread', 'user') if fx['stage_files'] else ():
        for part in STAGE_PARTS[name]:
            kind = name if part == 'total' else name + '_' + part
            allh, missed, elapsed = Hist(), 0, 0
            for c in cpus:
                h = c.stages[name][part] if name in c.stages else Hist()
                m = c.stage_misses.get(name, 0)
                write(os.path.join(dbg, 'per_cpu', 'cpu%d' % c.cpu, kind),
                      h.text(kind, c.cpu, period, c.elapsed, m))
                allh.merge(h)
                missed += m
                elapsed += c.elapsed
            write(os.path.join(dbg, kind),
                  allh.text(kind, 'all', period, elapsed, missed))
    # summary
    header = '# enabled=1 period_us=%d cpus=%s' % (period,
                                                  cpulist(fx['sampled']))
    if fx['extra_key']:
        # a newer module's header: resolution_ns, then a key no reader
        # knows yet
        header += ' resolution_ns=1 future_key_ns=42'
    lines = ['# vmlat-summary v1', header]
    for c in cpus:
        line = c.summary_line()
        if fx['extra_key']:
            line += ' future_key_ns=42'
        lines.append(line)
    a = Cpu(0, src)
    lat = Hist()
    for c in cpus:
        lat.merge(c.h['lateness'])
    a.active = sum(c.active for c in cpus)
    a.missed = sum(c.missed for c in cpus)
    a.elapsed = sum(c.elapsed for c in cpus)
    a.self_ns = sum((c.self_ns for c in cpus), [])
    a.steal_ns = sum(c.steal_ns for c in cpus)
    a.steal_exp = sum(c.steal_exp for c in cpus)
    a.stolen = sum(c.stolen for c in cpus)
    a.cause = [sum(c.cause[i] for c in cpus) for i in range(3)]
    a.h['lateness'] = lat
    worst = max(cpus, key=lambda c: c.h['lateness'].mx)
    a.max_at = worst.max_at
    for name in fx['stages']:
        a.stages[name] = {p: Hist() for p in STAGE_PARTS[name]}
        a.stage_misses[name] = sum(c.stage_misses[name] for c in cpus)
        a.stage_irq_stolen[name] = sum(c.stage_irq_stolen[name]
                                       for c in cpus)
        a.stage_cause[name] = [sum(c.stage_cause[name][i] for c in cpus)
                               for i in range(3)]
        for c in cpus:
            for p, h in c.stages[name].items():
                a.stages[name][p].merge(h)
    line = a.summary_line().replace('cpu=0 ', 'cpu=all ', 1)
    lines.append(line)
    write(os.path.join(dbg, 'summary'), '\n'.join(lines) + '\n')
    # causes: a module from the per-stage causes on (an older one has none)
    if fx['causes']:
        lines = ['# vmlat-causes v1']
        for c in cpus:
            lines += c.causes_lines(c.cpu, fx['extra_key'])
        lines += a.causes_lines('all', fx['extra_key'])
        write(os.path.join(dbg, 'causes'), '\n'.join(lines) + '\n')
    reason = {'none': 'no hypervisor steal clock (bare metal or emulator)',
              'kvm': 'MSR_KVM_STEAL_TIME enabled, reading kvm_steal_time'}
    write(os.path.join(dbg, 'steal_source'),
          '# vmlat-steal-source v1\n' +
          ''.join('cpu=%d source=%s reason=%s\n' % (c.cpu, src, reason[src])
                  for c in cpus))
    params = {'enabled': 'Y', 'period_us': str(period),
              'cpus': cpulist(fx['sampled']), 'reset': '0',
              'steal': 'auto', 'trace_threshold_ns': '0',
              'stop_tracing_ns': '0'}
    if fx['stage_files']:
        params.update({'thread': 'Y' if 'thread' in fx['stages'] else 'N',
                       'thread_prio': '95',
                       'user': 'Y' if 'user' in fx['stages'] else 'N'})
    for k, v in params.items():
        write(os.path.join(mod, 'parameters', k), v + '\n')
    write(os.path.join(mod, 'version'), '0.1.0\n')


def fixture(kind):
    if kind == 'none2':
        return build(2, [0, 1], 'none', 2, 1000, 1)
    if kind == 'kvm4':
        return build(4, [0, 1, 2], 'kvm', 2, 1000, 2, extra_key=True,
                     causes=True)
    if kind == 'stage2':
        return build(2, [0, 1], 'kvm', 2, 1000, 5, stages=('thread', 'user'),
                     stage_files=True, causes=True)
    if kind == 'thread2':
        return build(2, [0, 1], 'none', 1, 1000, 6, stages=('thread',),
                     stage_files=True, causes=True)
    if kind == 'cpu64':
        return build(64, list(range(64)), 'kvm', 1, 1000, 3)
    if kind == 'cpu64full':
        # worst case for parsing: every one of the 529 buckets non-empty
        fx = build(64, list(range(64)), 'kvm', 1, 1000, 3)
        for c in fx['cpus']:
            for h in c.h.values():
                for i in range(TOP + 1):
                    h.add(bucket_bounds(i)[0])
        return fx
    raise SystemExit('unknown fixture ' + kind)


def watch_pair(out):
    """watch_a then watch_b: b adds 500 samples on cpu0 with a new max,
    and 300 on cpu1 whose values stay below cpu1's running max; their
    residual by cause: cpu0 1624750 ns unreported and 5777777 guest,
    cpu1 6000000 undetermined."""
    fx = build(2, [0, 1], 'kvm', 1, 1000, 4, steal_rate=0.0)
    emit(os.path.join(out, 'watch_a'), fx)
    c0, c1 = fx['cpus']
    for i in range(500):
        c0.h['lateness'].add(3000 + i)
        c0.h['steal'].add(0)
        c0.h['residual'].add(3000 + i)
        c0.self_ns.append(400)
    c0.h['lateness'].add(7777777)          # new exact max on cpu0
    c0.h['steal'].add(2000000)
    c0.h['residual'].add(5777777)
    c0.steal_ns += 2000000
    c0.steal_exp += 1
    c0.stolen += 2000000
    c0.self_ns.append(400)
    c0.max_at = 9000000000
    c0.missed += 7
    # the residual's causes: the 500 small ones unreported, the new
    # max's residual the guest's; cpu1's undetermined
    c0.cause[0] += sum(3000 + i for i in range(500))
    c0.cause[1] += 5777777
    c1.cause[2] += 300 * 20000
    for i in range(300):
        c1.h['lateness'].add(20000)         # bucket 19968..20479
        c1.h['steal'].add(0)
        c1.h['residual'].add(20000)
        c1.self_ns.append(400)
    c0.elapsed += 1000000000
    c1.elapsed += 1000000000
    emit(os.path.join(out, 'watch_b'), fx)


def stage_watch_pair(out):
    """swatch_a then swatch_b: b adds 100 thread-stage wake-ups on cpu0,
    each 10000 ns = irq 1000 + stolen 0 + sched 9000, below cpu0's max;
    of each irq part, 400 ns was the IRQ's own stolen part"""
    fx = build(2, [0, 1], 'kvm', 1, 1000, 7, stages=('thread',),
               stage_files=True)
    emit(os.path.join(out, 'swatch_a'), fx)
    c0 = fx['cpus'][0]
    parts = c0.stages['thread']
    for _ in range(100):
        for part, v in (('total', 10000), ('irq', 1000), ('stolen', 0),
                        ('sched', 9000)):
            parts[part].add(v)
        c0.stage_irq_stolen['thread'] += 400
    emit(os.path.join(out, 'swatch_b'), fx)


# the wake-ups of tests/reader/run.sh's wait lines L1..L3 (cpu0, seq 101,
# 102, 105): lateness, irq, irq_stolen, stolen, sched, return (0: none)
WAIT_LINES = ((5000, 1000, 600, 3000, 1000, 0),
              (9000, 2000, 1500, 0, 7000, 2500),
              (7000, 1000, 1000, 5000, 1000, 2000))


# the causes of WAIT_LINES' expiries (CAUSES' indexes), as their cause=
WAIT_CAUSES = (1, 0, 1)


def wait_pair(out, causes=False):
    """wait_a then wait_b: b adds the wake-ups of WAIT_LINES to cpu0's
    user stage, as the module records those vmlat wait reads: the two
    expiries skipped between seq 102 and 105 are its misses. With
    @causes, wait_c and wait_d: a module with the causes file"""
    fx = build(2, [0, 1], 'kvm', 1, 1000, 8, stages=('user',),
               stage_files=True, causes=causes)
    emit(os.path.join(out, 'wait_c' if causes else 'wait_a'), fx)
    c0 = fx['cpus'][0]
    parts = c0.stages['user']
    for (lat, irq, irq_stolen, stolen, sched, ret), cause in zip(
            WAIT_LINES, WAIT_CAUSES):
        for part, v in (('total', lat), ('irq', irq), ('stolen', stolen),
                        ('sched', sched)):
            parts[part].add(v)
        if ret:
            parts['return'].add(ret)
        c0.stage_irq_stolen['user'] += irq_stolen
        c0.stage_cause['user'][cause] += irq - irq_stolen
    c0.stage_misses['user'] += 2
    emit(os.path.join(out, 'wait_d' if causes else 'wait_b'), fx)


def variants(out):
    """Broken copies of none2 (and one of thread2), one defect each, for
    the error tests."""
    import shutil
    base = os.path.join(out, 'none2')
    emit(base, fixture('none2'))

    def copy(name):
        dst = os.path.join(out, name)
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(base, dst)
        return os.path.join(dst, 'debugfs', 'vmlat')

    def edit(path, fn):
        with open(path) as f:
            text = f.read()
        with open(path, 'w') as f:
            f.write(fn(text))

    def second_row(text, fn):
        lines = text.split('\n')
        rows = [i for i, l in enumerate(lines) if l and l[0] != '#']
        lines[rows[1]] = fn(lines[rows[1]])
        return '\n'.join(lines)

    def bump(line, by):
        lo, hi, c = line.split()
        return '%s %s %d' % (lo, hi, int(c) + by)

    d = copy('malformed_bucket')        # a row that is no bucket
    edit(os.path.join(d, 'per_cpu/cpu0/hist'),
         lambda t: second_row(t, lambda l: '%s %d %s' % (
             l.split()[0], int(l.split()[1]) + 1, l.split()[2])))
    d = copy('malformed_counts')        # rows sum above samples
    edit(os.path.join(d, 'hist'), lambda t: second_row(t, lambda l: bump(l, 5)))
    d = copy('truncated_rows')          # rows missing: sum below samples
    edit(os.path.join(d, 'hist'),
         lambda t: '\n'.join(t.split('\n')[:-6]) + '\n')
    d = copy('truncated_cut')           # cut in the middle of a line
    edit(os.path.join(d, 'per_cpu/cpu1/hist'),
         lambda t: t[:len(t) // 2].rstrip('\n') + ' 1')
    d = copy('truncated_summary')       # the cpu=all line is gone
    edit(os.path.join(d, 'summary'),
         lambda t: '\n'.join(t.split('\n')[:-2]) + '\n')
    d = copy('future_v2')               # a module speaking ABI v2
    for root, _, files in os.walk(d):
        for f in files:
            edit(os.path.join(root, f), lambda t: t.replace(' v1', ' v2', 1))
    d = copy('wrong_format')            # another file where hist should be
    edit(os.path.join(d, 'hist'),
         lambda t: t.replace('# vmlat-hist v1', '# vmlat-histogram v1', 1))
    d = copy('malformed_summary')       # garbage in a number
    edit(os.path.join(d, 'summary'),
         lambda t: t.replace('samples=2000', 'samples=2k00', 1))
    # garbage in a number of causes (a copy of thread2: none2 is from a
    # module before causes)
    d = os.path.join(out, 'malformed_causes')
    shutil.rmtree(d, ignore_errors=True)
    emit(d, fixture('thread2'))
    d = os.path.join(d, 'debugfs', 'vmlat')
    edit(os.path.join(d, 'causes'),
         lambda t: t.replace(' guest_ns=', ' guest_ns=x', 1))


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__ or 'usage: mkfixture.py OUTDIR KIND')
    out, kind = sys.argv[1], sys.argv[2]
    if kind == 'watch':
        watch_pair(out)
        stage_watch_pair(out)
        wait_pair(out)
        wait_pair(out, causes=True)
        return
    if kind == 'variants':
        variants(out)
        return
    kinds = ['none2', 'kvm4', 'stage2', 'thread2'] if kind == 'all' else [kind]
    for k in kinds:
        emit(os.path.join(out, k), fixture(k))


if __name__ == '__main__':
    main()
