#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`sipalgctl calls`: live calls as the gateway's call table holds them.

Dialogs are scripted with sipdrive.py's functions (phone 198.51.100.2 behind
gw's NAT, srv 203.0.113.2); each dump is read as JSON (parsed with json) and
as the table, and compared with what the call must look like, exactly.
Prints "ok: ..." / "FAIL: ..." lines; exits 1 if anything failed.
"""
import json
import os
import re
import subprocess
import sys
import time

import sipdrive as sd
from sipdrive import GW_PUB, PHONE, SRV, CTL, check, fail, ok, parse, request, response, sdp

NOBODY = ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups']
TIMEOUT = 150		# pinhole_timeout for these calls: a value no other path gives


def ctl(*args, user=None):
    """sipalgctl ARGS in gw (entered with setns: cheaper than ip netns exec)."""
    fd = os.open('/var/run/netns/gw', os.O_RDONLY)

    def enter():
        if sd._libc.setns(fd, 0x40000000) != 0:
            os._exit(126)
    try:
        return subprocess.run((user or []) + [CTL] + list(args), capture_output=True,
                              text=True, preexec_fn=enter, pass_fds=(fd,))
    finally:
        os.close(fd)


def sysctl(name, value):
    """A sysctl of gw, written from here (cheaper than ip netns exec)."""
    path = '/proc/sys/' + name.replace('.', '/')
    if '/' not in name and '.' not in name:
        path = '/proc/sys/net/netfilter/sipalg/' + name

    def write():
        with open(path, 'w') as f:
            f.write('%s\n' % value)
    sd.in_ns('gw', write)


def same(what, want, got):
    """check() for long lists: the values only when they differ."""
    if want == got:
        ok('%s (%d entries)' % (what, len(got)))
    else:
        fail('%s: expected %s, got %s' % (what, want, got))


def dump_datagrams():
    """How many datagrams of the dump sipalgctl --json calls read (strace):
    those with calls in them (the acks and NLMSG_DONE are smaller), less
    the reply that resolved the family."""
    r = ctl('--json', 'calls', user=['strace', '-qq', '-e', 'trace=recvmsg,recvfrom'])
    sizes = [int(n) for n in re.findall(r'^recv(?:msg|from)\(.*= (\d+)$', r.stderr, re.M)]
    print('# datagrams read by sipalgctl calls: %s' % sizes, flush=True)
    return len([n for n in sizes if n > 40]) - 1


def dump():
    """The calls of gw, from sipalgctl --json calls (parsed)."""
    r = ctl('--json', 'calls')
    if r.returncode != 0:
        fail('sipalgctl --json calls: exit %d: %s' % (r.returncode, r.stderr.strip()))
        return []
    try:
        return json.loads(r.stdout)['calls']
    except (ValueError, KeyError) as e:
        fail('sipalgctl --json calls is not the documented JSON (%r): %s' % (e, r.stdout))
        return []


def table():
    """sipalgctl calls: (call lines, pinhole lines), each split into words."""
    out = ctl('calls').stdout.splitlines()
    calls = [ln.split() for ln in out[2:] if not ln.startswith(' ')]
    holes = [ln.split() for ln in out[2:] if ln.startswith('  ')]
    return out, calls, holes


def one_call(calls, what):
    if len(calls) != 1:
        fail('%s: expected one call, got %d: %s' % (what, len(calls), calls))
        return None
    return calls[0]


def in_range(what, lo, hi, val):
    if isinstance(val, int) and lo <= val <= hi:
        ok('%s (%d in %d..%d)' % (what, val, lo, hi))
    else:
        fail('%s: expected %d..%d, got %r' % (what, lo, hi, val))


def hole(side, pub, pub_port, real, real_port, source, state):
    return {'side': side, 'proto': 'udp', 'public': {'addr': pub, 'port': pub_port},
            'real': {'addr': real, 'port': real_port}, 'source': source, 'state': state}


def strip(h):
    """The time-independent fields of a pinhole."""
    return {k: v for k, v in h.items() if k in ('side', 'proto', 'public', 'real',
                                                    'source', 'state')}


def caller_holes(state_rtp='waiting', state_rtcp='waiting', port=6000):
    return [hole('caller', GW_PUB, port, PHONE, port, SRV, state_rtp),
            hole('caller', GW_PUB, port + 1, PHONE, port + 1, SRV, state_rtcp)]


def callee_holes(port=7000):
    return [hole('callee', SRV, port, SRV, port, PHONE, 'waiting'),
            hole('callee', SRV, port + 1, SRV, port + 1, PHONE, 'waiting')]


def sc_dump(p):
    """A live call: early, then confirmed, its pinholes waiting, then flowing."""
    sysctl('pinhole_timeout', TIMEOUT)
    sysctl('net.netfilter.nf_conntrack_acct', 1)
    check('no calls at first', [], dump())
    check('table without calls', '(no calls)', ctl('calls').stdout.strip())

    d = sd.new_dialog(p, 'dump')
    p.phone_media(6000)
    inv = p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000])))
    _, pub = sd.media_ports(parse(inv)[2])
    check('public ports in the offer', [6000], pub)
    c = one_call(dump(), 'after the INVITE')
    if not c:
        return
    check('early: state', 'early', c['state'])
    check('early: offer outstanding from', 'caller', c['offer'])
    check('early: signalling', {'proto': 'udp', 'src': PHONE, 'sport': 5060,
                                'dst': SRV, 'dport': 5060}, c['signalling'])
    check('early: family, zone', ('ipv4', 0), (c['family'], c['zone']))
    check('early: pinholes', caller_holes(), [strip(h) for h in c['pinholes']])
    check('early: npinholes', 2, c['npinholes'])
    for h in c['pinholes']:
        in_range('early: %d expires' % h['public']['port'], TIMEOUT - 5, TIMEOUT, h['expires'])
        check('early: %d counters while waiting' % h['public']['port'], None, h['packets'])
    in_range('early: age', 0, 5, c['age'])
    in_range('early: idle', 0, 5, c['idle'])

    check('hashed Call-ID: 16 hex digits', True,
          re.fullmatch(r'[0-9a-f]{16}', c['call_id']) is not None)
    check('hashed Call-ID does not hold the Call-ID', False,
          d['callid'] in c['call_id'] or d['callid'].split('@')[0] in c['call_id'])
    check('call_id_hashed', True, c['call_id_hashed'])
    hashed = c['call_id']

    p.to_phone(response(inv, 200, 'OK', d['ttag'], sdp(SRV, [7000])))
    p.to_srv(request('ACK', d, 1))
    c = one_call(dump(), 'after 200 OK and ACK')
    if not c:
        return
    check('confirmed: state', 'confirmed', c['state'])
    check('confirmed: no offer outstanding', None, c['offer'])
    check('confirmed: pinholes of both sides', caller_holes() + callee_holes(),
          [strip(h) for h in c['pinholes']])
    check('the hash of a call is stable across dumps', hashed, c['call_id'])

    check('RTP from srv reaches the phone', {6000: 5}, p.rtp_burst(pub[0]))
    c = one_call(dump(), 'after media')
    if not c:
        return
    check('media: pinholes', caller_holes('flowing') + callee_holes(),
          [strip(h) for h in c['pinholes']])
    rtp = c['pinholes'][0]
    check('media: flow counters (5 x 200-byte datagrams in, none back)',
          (5, 1000, 0, 0),
          (rtp['packets'], rtp['bytes'], rtp['reply_packets'], rtp['reply_bytes']))
    check('media: a flowing pinhole has no expiry', None, rtp['expires'])

    out, calls, holes = table()
    print('# sipalgctl calls:\n' + '\n'.join('#   ' + ln for ln in out), flush=True)
    check('table: header', ['CALL-ID', 'STATE', 'OFFER', 'AGE', 'IDLE', 'PROTO', 'FROM', 'TO'],
          out[0].split())
    check('table: one call line', 1, len(calls))
    if calls:
        check('table: call line', [hashed, 'confirmed', '-', 'udp',
                                   '%s:5060' % PHONE, '%s:5060' % SRV],
              calls[0][:3] + calls[0][5:])
    check('table: pinhole lines', [
        ['caller', 'udp', '%s:6000' % GW_PUB, '%s:6000' % PHONE, SRV, 'flowing', '5', 'pkts',
         '1000', 'bytes,', 'back', '0', 'pkts', '0', 'bytes'],
        ['caller', 'udp', '%s:6001' % GW_PUB, '%s:6001' % PHONE, SRV, 'waiting', 'expires'],
        ['callee', 'udp', '%s:7000' % SRV, '%s:7000' % SRV, PHONE, 'waiting', 'expires'],
        ['callee', 'udp', '%s:7001' % SRV, '%s:7001' % SRV, PHONE, 'waiting', 'expires']],
        [h[:15] if h[5] == 'flowing' else h[:7] for h in holes])

    r = ctl('calls', user=NOBODY)
    check('nobody: sipalgctl calls exit', 0, r.returncode)
    check('nobody: sees the call', True, hashed in r.stdout)
    r = ctl('--json', 'calls', user=NOBODY)
    check('nobody: sipalgctl --json calls parses, one call', 1,
          len(json.loads(r.stdout)['calls']) if r.returncode == 0 else r.stderr)

    sysctl('log_calls_hashed', 0)
    c = one_call(dump(), 'log_calls_hashed=0')
    if c:
        check('log_calls_hashed=0: the Call-ID in clear',
              (d['callid'], False, len(d['callid']), False),
              (c['call_id'], c['call_id_hashed'], c['call_id_length'], c['call_id_truncated']))
    out, calls, _ = table()
    check('log_calls_hashed=0: table shows the Call-ID', d['callid'],
          calls[0][0] if calls else None)
    sysctl('log_calls_hashed', 1)
    c = one_call(dump(), 'log_calls_hashed=1 again')
    check('log_calls_hashed=1 again: the same hash', hashed, c and c['call_id'])

    p.to_srv(request('BYE', d, 2))
    check('after BYE: no calls', [], dump())
    check('after BYE: table', '(no calls)', ctl('calls').stdout.strip())


def sc_two(p):
    """Two calls are two entries; a long Call-ID is cut at 64 bytes in clear."""
    sysctl('pinhole_timeout', TIMEOUT)
    sysctl('net.netfilter.nf_conntrack_acct', 0)
    a, b = sd.new_dialog(p, 'A'), sd.new_dialog(p, 'B')
    b['callid'] = 'B' * 70 + '@' + 'x' * 9		# 80 bytes
    pa = sd.establish(p, a, [6000])
    pb = sd.establish(p, b, [6010], srv_port=7010)
    check('call B media', 5, p.rtp_burst(pb[0])[6010])
    calls = dump()
    check('two calls listed', 2, len(calls))
    check('two different hashes', 2, len({c['call_id'] for c in calls}))
    sysctl('log_calls_hashed', 0)
    calls = {c['call_id']: c for c in dump()}
    sysctl('log_calls_hashed', 1)
    check('clear Call-IDs', sorted([a['callid'], b['callid'][:64]]), sorted(calls))
    ca, cb = calls.get(a['callid']), calls.get(b['callid'][:64])
    if not ca or not cb:
        return
    check('call A: pinholes', caller_holes(port=pa[0]) + callee_holes(),
          [strip(h) for h in ca['pinholes']])
    check('call B: pinholes', caller_holes('flowing', port=pb[0]) + callee_holes(7010),
          [strip(h) for h in cb['pinholes']])
    check('call B: long Call-ID truncated, full length kept', (True, 80),
          (cb['call_id_truncated'], cb['call_id_length']))
    check('call A: short Call-ID not truncated', (False, len(a['callid'])),
          (ca['call_id_truncated'], ca['call_id_length']))
    check('nf_conntrack_acct=0: no flow counters',
          [None, None, None, None],
          [cb['pinholes'][0][k] for k in ('packets', 'bytes', 'reply_packets', 'reply_bytes')])
    sysctl('log_calls_hashed', 0)
    out = ctl('calls').stdout
    sysctl('log_calls_hashed', 1)
    check('table: the long Call-ID cut, marked with ...', True,
          (b['callid'][:64] + '...') in out.split())
    p.to_srv(request('BYE', a, 2))
    calls = dump()
    check('after A\'s BYE: one call left', 1, len(calls))
    p.to_srv(request('BYE', b, 2))
    check('after B\'s BYE: none', [], dump())


def sc_big(p):
    """A call with 64 pinholes: more than one netlink message holds, merged."""
    sysctl('max_pinholes_per_call', 64)
    d = sd.new_dialog(p, 'big')
    mine = [20000 + 2 * i for i in range(16)]
    theirs = [30000 + 2 * i for i in range(16)]
    inv = p.to_srv(request('INVITE', d, 1, sdp(p.ua, mine)))
    check('16 streams offered on their own ports', mine, sd.media_ports(parse(inv)[2])[1])
    p.to_phone(response(inv, 200, 'OK', d['ttag'], sdp(SRV, theirs)))
    p.to_srv(request('ACK', d, 1))
    c = one_call(dump(), '64 pinholes')
    if c:
        check('npinholes', 64, c['npinholes'])
        want = []
        for port in mine:
            want += caller_holes(port=port)
        for port in theirs:
            want += callee_holes(port)
        same('all 64 pinholes, in order', want, [strip(h) for h in c['pinholes']])
    in_range('the dump took several datagrams', 2, 10, dump_datagrams())
    out, calls, holes = table()
    check('table: one call line, 64 pinhole lines', (1, 64), (len(calls), len(holes)))
    check('table: no "pinholes shown" note', False, 'shown' in '\n'.join(out))
    p.to_srv(request('BYE', d, 2))
    check('after BYE: no calls', [], dump())
    sysctl('max_pinholes_per_call', 32)


def sc_many(p):
    """40 calls: the dump goes on over several callbacks and lists each once."""
    dialogs = [sd.new_dialog(p, 'm%02d' % i) for i in range(40)]
    for i, d in enumerate(dialogs):
        p.ph.sendto(request('INVITE', d, 1, sdp(p.ua, [40000 + 2 * i])), (SRV, 5060))
        time.sleep(0.01)
    time.sleep(1)
    calls = dump()
    check('40 calls listed', 40, len(calls))
    in_range('the dump took several datagrams', 2, 40, dump_datagrams())
    check('40 different hashes', 40, len({c['call_id'] for c in calls}))
    sysctl('log_calls_hashed', 0)
    calls = dump()
    sysctl('log_calls_hashed', 1)
    got = {c['call_id']: [(h['public']['port'], h['real']['port'], h['state'])
                          for h in c['pinholes']] for c in calls}
    want = {d['callid']: [(40000 + 2 * i, 40000 + 2 * i, 'waiting'),
                          (40001 + 2 * i, 40001 + 2 * i, 'waiting')]
            for i, d in enumerate(dialogs)}
    same('each call once, with its own pinholes', want, got)
    check('table: 40 call lines, 80 pinhole lines', (40, 80), tuple(len(x) for x in table()[1:]))
    for d in dialogs:
        p.ph.sendto(request('CANCEL', d, 1), (SRV, 5060))
    time.sleep(1)
    check('after the CANCELs: no calls', [], dump())


SCENARIOS = {'dump': sc_dump, 'two': sc_two, 'big': sc_big, 'many': sc_many}


def main():
    for name, fn in SCENARIOS.items():
        print('# scenario %s: %s' % (name, fn.__doc__.splitlines()[0]), flush=True)
        t0 = time.monotonic()
        sd.reset_gw()
        peers = sd.Peers()
        try:
            fn(peers)
        except Exception as e:	# a scenario that crashes has failed
            fail('%s: %r' % (name, e))
        finally:
            peers.close()
            sysctl('log_calls_hashed', 1)
        print('# scenario %s: %.1fs' % (name, time.monotonic() - t0), flush=True)
    return 1 if sd.failures else 0


if __name__ == '__main__':
    sys.exit(main())
