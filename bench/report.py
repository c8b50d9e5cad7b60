#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw lines of bench/vm/*.sh (DIR/raw.txt) into make bench's table.

usage: bench/report.py DIR [--wall] [--kernel K] [--commit C] [--date D]
Prints markdown: the table, the checks, the targets, the method.
"""
import re
import statistics
import sys

GW_PUB = '203.0.113.1'
PHONE = '198.51.100.2'
CFGS = ['none', 'sip', 'sipalg']
NAMES = {'none': 'no helper', 'sip': 'in-tree sip', 'sipalg': 'sipalg'}
ITEMS = [
    ('invite-nat', '1. INVITE+SDP, NAT', 'msg'),
    ('invite-nonat', '1. INVITE+SDP, no NAT', 'msg'),
    ('newflow-nat', '2. INVITE+SDP, new flow per INVITE, NAT', 'msg'),
    ('nosdp-options', '3. OPTIONS (no SDP), NAT', 'msg'),
    ('nosdp-ringing', '3. 180 Ringing (no SDP), NAT', 'msg'),
    ('nosdp-bye', '3. BYE (no SDP), NAT', 'msg'),
    ('nosdp-ok', '3. 200 OK to BYE (no SDP), NAT', 'msg'),
    ('tcp-nat', '4. INVITE+SDP over TCP (8 connections), NAT', 'msg'),
    ('rtp-nat', '5. RTP, 64 established streams, NAT', 'pkt'),
]


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            kv = dict(p.split('=', 1) for p in line.split() if '=' in p)
            for k, v in kv.items():
                if re.fullmatch(r'-?\d+', v):
                    kv[k] = int(v)
            rows.append(kv)
    return rows


def samples_check(d, item, cfg, rep):
    """SDP in the messages the server received: rewritten to the public address?"""
    path = '%s/samples/%s-%s-%s.txt' % (d, item, cfg, rep)
    try:
        text = open(path, 'rb').read().decode('latin-1')
    except OSError:
        return None
    if item.startswith('tcp'):
        msgs = [m for m in re.split(r'(?=INVITE sip:)', text) if m.startswith('INVITE')][:-1]
    else:
        msgs = [m.split('\n', 1)[1] for m in text.split('=== sample ')[1:]]
    ok = bad = 0
    nat = item.endswith('-nat') and cfg != 'none'
    want = GW_PUB if nat else PHONE
    for m in msgs:
        head, sep, body = m.partition('\r\n\r\n')
        if not sep or 'v=0' not in body:
            continue
        cl = re.search(r'\r\nContent-Length: *(\d+)', head)
        body = body[:int(cl.group(1))] if cl else body
        c = re.findall(r'^[co]=IN IP4 (\S+)', body, re.M)
        good = cl and len(body.encode('latin-1')) == int(cl.group(1)) and c and \
            all(a == want for a in c)
        if nat and (PHONE + ':') in head.split('Call-ID')[0]:
            good = False
        ok, bad = (ok + 1, bad) if good else (ok, bad + 1)
    return ok, bad


def fmt_k(x):
    return '%.1f' % (x / 1000.0)


def main():
    args = sys.argv[1:]
    d = args[0]
    wall = '--wall' in args
    meta = {}
    for k in ('--kernel', '--commit', '--date'):
        if k in args:
            meta[k[2:]] = args[args.index(k) + 1]
    rows = parse(d + '/raw.txt')
    setup = {}
    try:
        for line in open(d + '/setup.txt'):
            for p in line.split():
                if '=' in p:
                    k, v = p.split('=', 1)
                    setup[k] = v
    except OSError:
        pass
    unit = 'ns (wall)' if wall else 'k-instr'
    out = []
    out.append('# make bench results\n')
    out.append('date: %s, kernel: %s (guest: %s), commit: %s\n' % (
        meta.get('date', '?'), setup.get('kernel', '?'), meta.get('kernel', '?'),
        meta.get('commit', '?')))
    if wall:
        out.append('**--wall: plain TCG wall-clock timing, swings 2-4x on a shared host; '
                   'use for nothing but a rough look.**\n')
    out.append('Guest: 1 vCPU online, -icount shift=0 (1 ns of guest time = 1 instruction), '
               'sized for up to 1M conntracks as an operator would: nf_conntrack_expect_max '
               'raised from 128 to %s, nf_conntrack_max from 8192 to %s, conntrack hash '
               'from 8192 to %s buckets, expectation hash from 512 to %s buckets '
               '(nf_conntrack.expect_hashsize); netdev_max_backlog %s. '
               'Medians of %s reps (min-max); configurations alternate in one boot.\n' % (
                   setup.get('expect_max', '?'), setup.get('conntrack_max', '?'),
                   setup.get('conntrack_buckets', '?'), setup.get('expect_hashsize', '?'),
                   setup.get('netdev_max_backlog', '?'), setup.get('reps', '?')))
    out.append('| item | config | %s/msg median (min-max) | msgs/s | extra vs none | '
               'throughput vs none | vs in-tree | pinholes/msg | checks |' % unit)
    out.append('|---|---|---|---|---|---|---|---|---|')
    summary = {}
    for item, title, per in ITEMS:
        med = {}
        for cfg in CFGS:
            rs = [r for r in rows if r.get('item') == item and r.get('cfg') == cfg]
            if not rs:
                continue
            per_msg = [r['ns'] / r['n'] for r in rs]
            m = statistics.median(per_msg)
            med[cfg] = m
            checks = []
            lost = [r['n'] - r.get('count', 0) for r in rs if not item.startswith('tcp')]
            if any(lost):
                checks.append('LOST %s' % max(lost))
            if item.startswith('tcp'):
                short = [r for r in rs if r.get('bytes', 0) < 0.95 * r['n'] * r.get('msg_bytes', 0)]
                if short:
                    checks.append('SHORT STREAM')
            ph = statistics.median([r.get('ct.expect_create', 0) / r['n'] for r in rs])
            live = max(r.get('live.expect', 0) for r in rs)
            if ph:
                checks.append('live pinholes at end %d' % live)
            if cfg == 'sipalg':
                seen = [r.get('sa.msg_request', 0) + r.get('sa.msg_response', 0) +
                        r.get('sa.parse_error', 0) for r in rs]
                if per == 'pkt':
                    checks.append('helper calls/RTP pkt %.3f' %
                                  (max(seen) / rs[0]['n']))
                elif min(seen) != rs[0]['n'] or max(seen) != rs[0]['n']:
                    checks.append('parsed %s of %d' % (sorted(set(seen)), rs[0]['n']))
                for c in ('parse_error', 'fwd_unmodified', 'pinhole_failed', 'sdp_error',
                          'tcp_not_at_boundary', 'drop_nomem', 'rewrite_too_many_edits',
                          'pinhole_port_remapped'):
                    v = max(r.get('sa.' + c, 0) for r in rs)
                    if v:
                        checks.append('%s %d' % (c, v))
            if per == 'pkt' and cfg != 'none':
                h = max(r.get('media_ct_helper', 0) for r in rs)
                mc = min(r.get('media_ct', 0) for r in rs)
                checks.append('media conntracks with a helper %d of %d' % (h, mc))
            for c in ('ct.insert_failed', 'ct.drop', 'ct.early_drop', 'ct.invalid'):
                v = max(r.get(c, 0) for r in rs)
                if v:
                    checks.append('%s %d' % (c, v))
            sc = [samples_check(d, item, cfg, r['rep']) for r in rs]
            sc = [s for s in sc if s]
            if sc and sum(s[0] + s[1] for s in sc):
                ok = sum(s[0] for s in sc)
                tot = sum(s[0] + s[1] for s in sc)
                what = 'SDP rewritten' if item.endswith('-nat') and cfg != 'none' \
                    else 'SDP as sent'
                checks.append('%s %d/%d sampled' % (what, ok, tot))
            ks = sorted(per_msg)
            rate = 1e9 / m
            extra = ratio = vs = ''
            if cfg != 'none' and 'none' in med:
                extra = '%+.1fk' % ((m - med['none']) / 1000)
                ratio = '%.3fx' % (med['none'] / m)
            if cfg == 'sipalg' and 'sip' in med and 'none' in med:
                ein, eus = med['sip'] - med['none'], m - med['none']
                vs = '%.2fx its throughput' % (med['sip'] / m)
                if ein > 0.02 * med['none']:
                    vs = '%.2f of its extra, %s' % (eus / ein, vs)
            out.append('| %s | %s | %s (%s-%s) | %s | %s | %s | %s | %s | %s |' % (
                title, NAMES[cfg], fmt_k(m), fmt_k(ks[0]), fmt_k(ks[-1]),
                '{:,.0f}'.format(rate), extra, ratio, vs,
                '%.2f' % ph, '; '.join(checks) or 'ok'))
        summary[item] = med
    # item 6
    for item, title in (('calls-nat', '6. calls held, new flow each, 8 servers'),
                        ('trunk-nat', '6. calls on one signalling flow (trunk)')):
        for cfg in CFGS:
            rs = [r for r in rows if r.get('item') == item and r.get('cfg') == cfg]
            if not rs:
                continue
            r = rs[0]
            created = r.get('ct.expect_create', 0)
            live = r.get('live.expect', 0)
            line = 'calls %d, pinholes created %d, live %d, evicted %d' % (
                r['n'], created, live, created - live)
            if item == 'calls-nat':
                line += ', conntracks %d' % r.get('live.conntrack', 0)
                line += ', slab %+d KiB = %.0f bytes/call' % (
                    r.get('dmem.slab_kb', 0), r.get('dmem.slab_kb', 0) * 1024.0 / r['n'])
            if cfg == 'sipalg' and r.get('sa.pinhole_failed'):
                line += ', pinhole_failed %d' % r['sa.pinhole_failed']
            out.append('| %s | %s | - | - | - | - | - | %.2f | %s |' % (
                title, NAMES[cfg], created / r['n'], line))
    out.append('')
    # targets
    out.append('## Targets\n')

    def target(desc, ok):
        out.append('- %s: %s' % (desc, 'met' if ok else '**not met**'))
    m = summary.get('invite-nat', {})
    if all(c in m for c in CFGS):
        ein, eus = m['sip'] - m['none'], m['sipalg'] - m['none']
        target('INVITE+SDP with NAT, sipalg extra cost <= 1/4 of in-tree (%+.1fk vs %+.1fk, '
               'limit %+.1fk)' % (eus / 1000, ein / 1000, ein / 4000), eus <= ein / 4)
        target('INVITE+SDP with NAT, >= 0.5x no-helper throughput (%.3fx)' %
               (m['none'] / m['sipalg']), m['none'] / m['sipalg'] >= 0.5)
    for item in ('nosdp-options', 'nosdp-ringing', 'nosdp-bye', 'nosdp-ok'):
        m = summary.get(item, {})
        if 'none' in m and 'sipalg' in m:
            x = (m['sipalg'] - m['none']) / m['none']
            target('%s: sipalg extra <= 10%% of no-helper cost (%+.1f%%)' % (item, 100 * x),
                   x <= 0.10)
    rt = [r for r in rows if r.get('item') == 'rtp-nat' and r.get('cfg') == 'sipalg']
    if rt:
        calls = max(r.get('sa.msg_request', 0) + r.get('sa.msg_response', 0) +
                    r.get('sa.parse_error', 0) for r in rt)
        target('0 helper invocations per RTP packet (%d in %d packets)' %
               (calls, rt[0]['n']), calls == 0 and
               max(r.get('media_ct_helper', 0) for r in rt) == 0)
    cs = [r for r in rows if r.get('item') == 'calls-nat' and r.get('cfg') == 'sipalg']
    if cs:
        r = cs[0]
        ev = r.get('ct.expect_create', 0) - r.get('live.expect', 0)
        target('>= 100k concurrent calls without eviction (held %d, evicted %d pinholes)' %
               (r['n'], ev), r['n'] >= 100000 and ev == 0)
    out.append('')
    print('\n'.join(out))


if __name__ == '__main__':
    main()
