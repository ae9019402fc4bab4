#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Independent checks of the vmlat reader's machine-readable output against
# the fixture files it read: the expected numbers are recomputed here from
# the debugfs text, with Python's own parsers (json, csv,
# prometheus_client), never by the reader's code. One sub-command per
# check; exit 0 when it holds, 1 with a reason on stderr when not.
import csv
import io
import json
import os
import struct
import sys
import zlib

ULL_MAX = 18446744073709551615


def read_hist(path):
    hdr, rows = {}, []
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0].startswith('# vmlat-hist v1'), path
    for line in lines:
        if line.startswith('#'):
            for tok in line[1:].split():
                if '=' in tok:
                    k, v = tok.split('=', 1)
                    hdr[k] = v
        else:
            lo, hi, c = map(int, line.split())
            rows.append((lo, hi, c))
    return hdr, rows


def percentile(rows, samples, mx, ppm):
    rank = max(1, -(-samples * ppm // 1000000))
    seen = 0
    for lo, hi, c in rows:
        seen += c
        if seen >= rank:
            return min(hi, mx)
    return mx


def fail(msg):
    sys.stderr.write('check.py: %s\n' % msg)
    sys.exit(1)


def hist_files(root, kind):
    name = {'lateness': 'hist'}.get(kind, kind)
    out = {}
    for d in sorted(os.listdir(os.path.join(root, 'per_cpu'))):
        out[int(d[3:])] = read_hist(os.path.join(root, 'per_cpu', d, name))
    out['all'] = read_hist(os.path.join(root, name))
    return out


PCTS = {'p50': 500000, 'p90': 900000, 'p99': 990000, 'p99.9': 999000,
        'p99.99': 999900}

# the wake-up stages' summary keys, as docs/abi.md lists them (in the
# module's order): present only once a stage has figures
# (irq_stolen: of the irq part, the IRQ's own stolen part)
STAGE_KEYS = {
    'thread': ['thread_samples', 'thread_misses', 'thread_avg_ns',
               'thread_max_ns', 'thread_irq_avg_ns', 'thread_stolen_avg_ns',
               'thread_sched_avg_ns', 'thread_stolen_share',
               'thread_sched_share', 'thread_irq_stolen_share',
               'thread_sum_ns', 'thread_irq_sum_ns', 'thread_stolen_sum_ns',
               'thread_sched_sum_ns', 'thread_irq_stolen_sum_ns'],
    'user': ['user_samples', 'user_misses', 'user_avg_ns', 'user_max_ns',
             'user_irq_avg_ns', 'user_stolen_avg_ns', 'user_sched_avg_ns',
             'user_stolen_share', 'user_sched_share',
             'user_irq_stolen_share', 'user_return_samples',
             'user_return_avg_ns', 'user_return_max_ns', 'user_sum_ns',
             'user_irq_sum_ns', 'user_stolen_sum_ns', 'user_sched_sum_ns',
             'user_irq_stolen_sum_ns', 'user_return_sum_ns'],
}
STAGE_KINDS = {'thread': ['thread', 'thread_irq', 'thread_stolen',
                          'thread_sched'],
               'user': ['user', 'user_irq', 'user_stolen', 'user_sched',
                        'user_return']}


def summary_lines(root):
    with open(os.path.join(root, 'summary')) as f:
        return [dict(t.split('=', 1) for t in l.split())
                for l in f if l.startswith('cpu=')]


def stages_of(root):
    lines = summary_lines(root)
    return [st for st in ('thread', 'user')
            if any(st + '_samples' in l for l in lines)]


CAUSE_NAMES = ('unreported', 'guest', 'undetermined')
CAUSES_SUMS = ['samples', 'lateness_ns', 'stolen_ns', 'unreported_ns',
               'guest_ns', 'undetermined_ns', 'sched_ns']


def causes_of(root):
    """the causes file's lines as {cpu: {stage: {key: int}}}; None when
    the module has no causes file"""
    path = os.path.join(root, 'causes')
    if not os.path.exists(path):
        return None
    out = {}
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                continue
            kv = dict(t.split('=', 1) for t in line.split())
            cpu = kv['cpu'] if kv['cpu'] == 'all' else int(kv['cpu'])
            out.setdefault(cpu, {})[kv['stage']] = {
                k: int(kv[k]) for k in CAUSES_SUMS}
    return out


def want_pcts(root, kind, cpu):
    hdr, rows = hist_files(root, kind)[cpu]
    n = int(hdr['samples'])
    return {name: (percentile(rows, n, int(hdr['max']), ppm) if n else None)
            for name, ppm in PCTS.items()}


def check_hist_json(root, kind, doc):
    files = hist_files(root, kind)
    d = json.loads(doc)
    if d['abi'] != 'v1' or d['hist'] != kind or d['unit'] != 'ns':
        fail('header fields wrong: %r' % {k: d[k] for k in ('abi', 'hist')})
    if len(d['cpus']) != len(files):
        fail('%d cpu objects, expected %d' % (len(d['cpus']), len(files)))
    for c in d['cpus']:
        hdr, rows = files[c['cpu']]
        if [tuple(b) for b in c['buckets']] != rows:
            fail('cpu %s buckets differ from the file' % c['cpu'])
        for k in ('samples', 'missed'):
            if c[k] != int(hdr[k]):
                fail('cpu %s %s %s != %s' % (c['cpu'], k, c[k], hdr[k]))
        if c['max_ns'] != int(hdr['max']) or c['min_ns'] != int(hdr['min']):
            fail('cpu %s min/max differ' % c['cpu'])
        for name, ppm in PCTS.items():
            want = (percentile(rows, int(hdr['samples']), int(hdr['max']),
                               ppm) if int(hdr['samples']) else None)
            if c['percentiles_ns'][name] != want:
                fail('cpu %s %s=%s, expected %s' %
                     (c['cpu'], name, c['percentiles_ns'][name], want))


def check_summary_json(root, doc):
    files = hist_files(root, 'lateness')
    summ = {}
    with open(os.path.join(root, 'summary')) as f:
        for line in f:
            if line.startswith('cpu='):
                kv = dict(t.split('=', 1) for t in line.split())
                summ[kv['cpu'] if kv['cpu'] == 'all' else int(kv['cpu'])] = kv
    d = json.loads(doc)
    if len(d['cpus']) != len(summ):
        fail('%d rows, expected %d' % (len(d['cpus']), len(summ)))
    for c in d['cpus']:
        kv = summ[c['cpu']]
        for k in ('samples', 'missed', 'min_ns', 'max_ns', 'max_at_ns',
                  'elapsed_ns', 'self_max_ns', 'avg_ns', 'self_avg_ns',
                  'hardirq_misses', 'snapshot_ipis', 'trace_stops',
                  'lateness_sum_ns', 'self_sum_ns'):
            if c[k] != int(kv[k]):
                fail('cpu %s %s %s != %s' % (c['cpu'], k, c[k], kv[k]))
        if c['steal_source'] != kv['steal_source']:
            fail('steal_source differs')
        if kv['steal_source'] == 'none':
            if c['steal_ns'] is not None or c['steal_ms_per_s'] is not None:
                fail('steal must be null (unknown) without a source')
        elif (c['steal_ns'] != int(kv['steal_ns']) or
              abs(c['steal_ms_per_s'] - float(kv['steal_ms_per_s'])) > 1e-9):
            fail('cpu %s steal differs' % c['cpu'])
        hdr, rows = files[c['cpu']]
        p = c['percentiles_ns']
        if int(hdr['samples']):
            want = [percentile(rows, int(hdr['samples']), int(hdr['max']),
                               ppm) for ppm in PCTS.values()]
            got = [p[k] for k in PCTS]
            if got != want:
                fail('cpu %s percentiles %s != %s' % (c['cpu'], got, want))
            if got != sorted(got) or got[-1] > c['max_ns']:
                fail('percentiles not ordered or above max')
    stages = stages_of(root)
    for c in d['cpus']:
        kv = summ[c['cpu']]
        for st in ('thread', 'user'):
            keys = STAGE_KEYS[st] + [st + '_percentiles_ns']
            if st not in stages:
                if any(k in c for k in keys):
                    fail('%s keys without the stage having figures' % st)
                continue
            for k in STAGE_KEYS[st]:
                want = kv.get(k)
                if want is None:
                    if c[k] is not None:
                        fail('cpu %s %s must be null' % (c['cpu'], k))
                elif (float(c[k]) if '.' in want else c[k]) != \
                        (float(want) if '.' in want else int(want)):
                    fail('cpu %s %s %s != %s' % (c['cpu'], k, c[k], want))
            if c[st + '_percentiles_ns'] != want_pcts(root, st, c['cpu']):
                fail('cpu %s %s percentiles differ from the %s file' %
                     (c['cpu'], st, st))
    # causes: each line's object is the file's lines of its CPU, by stage;
    # none without the file (an older module)
    causes = causes_of(root)
    for c in d['cpus']:
        want = causes.get(c['cpu']) if causes is not None else None
        if c.get('causes') != want:
            fail('cpu %s causes %s, the file says %s' %
                 (c['cpu'], c.get('causes'), want))


# the residual by cause, last on a summary line (docs/abi.md)
CAUSE_KEYS = ['unreported_ns', 'guest_ns', 'undetermined_ns',
              'unreported_share', 'guest_share', 'undetermined_share']


def check_hist_csv(root, kind, doc):
    files = hist_files(root, kind)
    rd = list(csv.DictReader(io.StringIO(doc)))
    if not rd or list(rd[0].keys()) != ['cpu', 'hist', 'lower_ns',
                                        'upper_ns', 'count']:
        fail('bad CSV header')
    for key, (hdr, rows) in files.items():
        got = [(int(r['lower_ns']), int(r['upper_ns']), int(r['count']))
               for r in rd if r['cpu'] == str(key)]
        if got != rows:
            fail('cpu %s CSV rows differ from the file' % key)


def check_summary_csv(root, doc):
    rd = list(csv.DictReader(io.StringIO(doc)))
    want = ['cpu', 'active', 'samples', 'missed', 'elapsed_ns', 'min_ns',
            'avg_ns', 'p50_ns', 'p90_ns', 'p99_ns', 'p99.9_ns', 'p99.99_ns',
            'max_ns', 'max_at_ns', 'self_min_ns', 'self_avg_ns',
            'self_max_ns', 'steal_source', 'steal_ns', 'steal_ms_per_s',
            'steal_expiries', 'stolen_ns', 'stolen_share',
            'steal_stale_reads', 'trace_stops', 'hardirq_misses',
            'snapshot_ipis', 'lateness_sum_ns', 'self_sum_ns']
    stages = stages_of(root)
    for st in stages:
        for k in STAGE_KEYS[st]:
            want.append(k)
            if k == st + '_avg_ns':
                want += ['%s_%s_ns' % (st, p) for p in PCTS]
    want += CAUSE_KEYS
    # each stage's causes, from the causes file where the module has it
    causes = causes_of(root)
    if causes is not None:
        for st in stages:
            want += ['%s_%s_ns' % (st, n) for n in CAUSE_NAMES]
    if not rd or list(rd[0].keys()) != want:
        fail('bad CSV header %s' % (list(rd[0].keys()) if rd else None))
    with open(os.path.join(root, 'summary')) as f:
        lines = [l.split() for l in f if l.startswith('cpu=')]
    if len(rd) != len(lines):
        fail('%d rows, expected %d' % (len(rd), len(lines)))
    for r, toks in zip(rd, lines):
        kv = dict(t.split('=', 1) for t in toks)
        for k in want:
            if k in kv and r[k] != kv[k]:
                fail('row %s: %s=%s, the file says %s' %
                     (r['cpu'], k, r[k], kv[k]))
        if kv['steal_source'] == 'none' and r['steal_ns'] != '':
            fail('steal must be empty without a source')
        cpu = 'all' if kv['cpu'] == 'all' else int(kv['cpu'])
        for st in stages if causes is not None else ():
            line = causes.get(cpu, {}).get(st)
            for n in CAUSE_NAMES:
                v = r['%s_%s_ns' % (st, n)]
                if v != (str(line[n + '_ns']) if line else ''):
                    fail('row %s %s_%s_ns=%s, causes says %s' %
                         (cpu, st, n, v, line))
        for st in stages:
            pc = want_pcts(root, st, cpu)
            for p in PCTS:
                v = r['%s_%s_ns' % (st, p)]
                if (int(v) if v else None) != pc[p]:
                    fail('row %s %s_%s_ns=%s, the file gives %s' %
                         (cpu, st, p, v, pc[p]))


def prom_families(doc):
    from prometheus_client.parser import text_string_to_metric_families
    return {f.name: f for f in text_string_to_metric_families(doc)}


def check_hist_prom(root, per_cpu, doc):
    fams = prom_families(doc)
    with open(os.path.join(root, 'steal_source')) as f:
        has_steal = any('source=none' not in l for l in f
                        if l.startswith('cpu='))
    want = {'vmlat_lateness_seconds', 'vmlat_residual_seconds'}
    if has_steal:
        want.add('vmlat_steal_seconds')
    for st in stages_of(root):
        want |= {'vmlat_%s_seconds' % k for k in STAGE_KINDS[st]}
    if set(fams) != want:
        fail('families %s, expected %s' % (sorted(fams), sorted(want)))
    for name, fam in fams.items():
        if fam.type != 'histogram':
            fail('%s is a %s' % (name, fam.type))
        kind = name[len('vmlat_'):-len('_seconds')]
        files = hist_files(root, kind)
        series = {}
        for s in fam.samples:
            cpu = s.labels.get('cpu', 'all')
            series.setdefault(cpu, []).append(s)
        if per_cpu and 'all' in series:
            fail('--per-cpu must not add an aggregate series')
        if not per_cpu and list(series) != ['all']:
            fail('aggregate output has cpu labels')
        for cpu, samples in series.items():
            hdr, rows = files['all' if cpu == 'all' else int(cpu)]
            buckets = [s for s in samples if s.name.endswith('_bucket')]
            les = [s.labels['le'] for s in buckets]
            if len(les) - 1 > 30 or les[-1] != '+Inf':
                fail('%d le boundaries, or no +Inf' % (len(les) - 1))
            prev = -1
            for s in buckets:
                le = s.labels['le']
                if le == '+Inf':
                    want_c = int(hdr['samples'])
                else:
                    le_ns = round(float(le) * 1e9)
                    if not any(hi == le_ns for lo, hi, c in rows) and \
                       not is_bucket_upper(le_ns):
                        fail('le=%s is not a bucket boundary' % le)
                    want_c = sum(c for lo, hi, c in rows if hi <= le_ns)
                if s.value != want_c or s.value < prev:
                    fail('%s cpu %s le=%s: %s, expected %s' %
                         (name, cpu, le, s.value, want_c))
                prev = s.value
            cnt = [s for s in samples if s.name.endswith('_count')][0]
            sm = [s for s in samples if s.name.endswith('_sum')][0]
            if cnt.value != int(hdr['samples']) or \
               abs(sm.value - int(hdr['sum']) / 1e9) > 1e-9:
                fail('%s cpu %s count/sum differ' % (name, cpu))


def is_bucket_upper(ns):
    """ns is a bucket's upper bound, by the bucket layout's reference
    outside C (mkfixture.py reads it from tests/lib/check-hist.awk)"""
    from mkfixture import BOUNDS
    return any(hi == ns for _, hi in BOUNDS)


def check_summary_prom(root, per_cpu, doc):
    fams = prom_families(doc)
    with open(os.path.join(root, 'summary')) as f:
        lines = [dict(t.split('=', 1) for t in l.split())
                 for l in f if l.startswith('cpu=')]
    rows = [l for l in lines if (l['cpu'] != 'all') == per_cpu]
    for name in ('vmlat_samples', 'vmlat_missed_periods',
                 'vmlat_lateness_max_seconds', 'vmlat_steal_source_info',
                 'vmlat_lateness_percentile_seconds'):
        if name not in fams:
            fail('family %s missing' % name)
    got = {s.labels.get('cpu', 'all'): s.value
           for s in fams['vmlat_samples'].samples
           if s.name == 'vmlat_samples_total'}
    want = {l['cpu']: float(l['samples']) for l in rows}
    if got != want:
        fail('vmlat_samples_total %s, expected %s' % (got, want))
    mx = {s.labels.get('cpu', 'all'): s.value
          for s in fams['vmlat_lateness_max_seconds'].samples}
    for l in rows:
        if abs(mx[l['cpu']] - int(l['max_ns']) / 1e9) > 1e-12:
            fail('max of cpu %s differs' % l['cpu'])
    steal = fams.get('vmlat_steal_ratio')
    n = len(steal.samples) if steal else 0
    want_n = sum(1 for l in rows if l['steal_source'] != 'none')
    if n != want_n:
        fail('%d steal ratio samples, expected %d' % (n, want_n))
    stages = stages_of(root)
    if not stages and any(f.startswith('vmlat_stage') or
                          f.startswith('vmlat_user') for f in fams):
        fail('stage families without a stage having figures')
    for st in stages:
        for fam, key, scale in (('vmlat_stage_wakeups', '_samples', 1),
                                ('vmlat_stage_misses', '_misses', 1),
                                ('vmlat_stage_lateness_max_seconds',
                                 '_max_ns', 1e9),
                                ('vmlat_stage_lateness_seconds',
                                 '_sum_ns', 1e9)):
            got = {s.labels.get('cpu', 'all'): s.value
                   for s in fams[fam].samples
                   if s.labels['stage'] == st and
                   not s.name.endswith('_created')}
            want = {l['cpu']: int(l[st + key]) / scale for l in rows}
            if any(abs(got[c] - want[c]) > 1e-9 for c in want) or \
                    set(got) != set(want):
                fail('%s{stage=%s} %s, expected %s' % (fam, st, got, want))
        for part in ('irq', 'stolen', 'sched'):
            got = {s.labels.get('cpu', 'all'): s.value
                   for s in fams['vmlat_stage_part_seconds'].samples
                   if s.labels['stage'] == st and s.labels['part'] == part}
            want = {l['cpu']: int(l['%s_%s_sum_ns' % (st, part)]) / 1e9
                    for l in rows}
            if any(abs(got[c] - want[c]) > 1e-9 for c in want):
                fail('part %s of %s: %s, expected %s' % (part, st, got, want))
        # of the irq part, the IRQ's own stolen part: a family of its own
        # (a sub-part: summing the parts must still give the lateness)
        fam = fams.get('vmlat_stage_irq_stolen_seconds')
        got = {s.labels.get('cpu', 'all'): s.value
               for s in (fam.samples if fam else [])
               if s.labels['stage'] == st and
               not s.name.endswith('_created')}
        want = {l['cpu']: int(l[st + '_irq_stolen_sum_ns']) / 1e9
                for l in rows}
        if set(got) != set(want) or \
                any(abs(got[c] - want[c]) > 1e-9 for c in want):
            fail('irq_stolen of %s: %s, expected %s' % (st, got, want))
    # the rest of the irq part by cause: a series a stage and cause, from
    # the causes file (none without it)
    causes = causes_of(root)
    fam = fams.get('vmlat_stage_residual_seconds')
    got = {(s.labels.get('cpu', 'all'), s.labels['stage'],
            s.labels['cause']): s.value
           for s in (fam.samples if fam else [])
           if not s.name.endswith('_created')}
    want = {}
    for l in rows if causes is not None else ():
        cpu = l['cpu'] if l['cpu'] == 'all' else int(l['cpu'])
        for st, line in causes.get(cpu, {}).items():
            if st == 'irq':
                continue
            for n in CAUSE_NAMES:
                want[(l['cpu'], st, n)] = line[n + '_ns'] / 1e9
    if set(got) != set(want) or \
            any(abs(got[k] - want[k]) > 1e-9 for k in want):
        fail('vmlat_stage_residual_seconds_total %s, expected %s' %
             (got, want))


def png_nonblank(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        fail('not a PNG')
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        ln, typ = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if typ == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        elif typ == b'IDAT':
            idat += body
        pos += 12 + ln
    if depth != 8 or ctype not in (2, 6):
        fail('unexpected PNG depth %d colour type %d' % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours, inked, total = set(), 0, 0
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        for x in range(0, stride, bpp):
            px = bytes(line[x:x + 3])
            colours.add(px)
            total += 1
            # background and panel fills are near white: not ink
            if min(px) < 0xf0 and (bpp == 3 or line[x + 3]):
                inked += 1
        prev = line
    if len(colours) < 4 or inked < total * 0.01:
        fail('blank picture: %d colours, %d of %d pixels inked' %
             (len(colours), inked, total))
    print('%dx%d, %d colours, %.1f%% inked' % (w, h, len(colours),
                                              100.0 * inked / total))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    doc = sys.stdin.read() if cmd != 'png' else None
    if cmd == 'hist-json':
        check_hist_json(args[0], args[1], doc)
    elif cmd == 'summary-json':
        check_summary_json(args[0], doc)
    elif cmd == 'hist-csv':
        check_hist_csv(args[0], args[1], doc)
    elif cmd == 'summary-csv':
        check_summary_csv(args[0], doc)
    elif cmd == 'hist-prom':
        check_hist_prom(args[0], args[1] == 'per-cpu', doc)
    elif cmd == 'summary-prom':
        check_summary_prom(args[0], args[1] == 'per-cpu', doc)
    elif cmd == 'png':
        png_nonblank(args[0])
    else:
        fail('unknown check ' + cmd)


if __name__ == '__main__':
    main()
