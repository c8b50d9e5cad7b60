#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Scripted SIP dialogs and RTP through the gateway, driven from one process.

Sockets are opened inside the test namespaces (setns), so one script plays
the phone (198.51.100.2, behind gw's NAT) and the server (203.0.113.2) and
decides exactly when each message and each RTP packet is sent.  Media
always starts at the far side (srv sends first, to what the SDP it received
says): a reply to media the phone sent first would cross any NAT.

Usage: sipdrive.py SCENARIO...   (see SCENARIOS at the end; "all" runs all)
Prints "ok: ..." / "FAIL: ..." lines; exits 1 if anything failed.
"""
import ctypes
import os
import random
import re
import socket
import subprocess
import sys
import time

PHONE, PHONE2, GW_PUB, SRV = '198.51.100.2', '198.51.100.3', '203.0.113.1', '203.0.113.2'
TOP = os.environ.get('SIPALG_TOP', os.path.abspath(os.path.join(os.path.dirname(__file__), '../..')))
CTL = os.path.join(TOP, 'userspace/sipalgctl')

_libc = ctypes.CDLL(None, use_errno=True)
_ROOT_NS = os.open('/proc/self/ns/net', os.O_RDONLY)
failures = 0


def in_ns(ns, fn):
    """Run fn() with the network namespace ns current (sockets stay there)."""
    fd = os.open('/var/run/netns/' + ns, os.O_RDONLY)
    try:
        if _libc.setns(fd, 0x40000000) != 0:
            raise OSError(ctypes.get_errno(), 'setns ' + ns)
        return fn()
    finally:
        _libc.setns(_ROOT_NS, 0x40000000)
        os.close(fd)


def udp(ns, addr, port):
    def make():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        return s
    return in_ns(ns, make)


def ok(what):
    print('ok: ' + what, flush=True)


def fail(what):
    global failures
    failures += 1
    print('FAIL: ' + what, flush=True)


def check(what, expected, actual):
    if expected == actual:
        ok('%s (%s)' % (what, actual))
    else:
        fail('%s: expected %s, got %s' % (what, expected, actual))


def run(ns, *cmd):
    return subprocess.run(['ip', 'netns', 'exec', ns] + list(cmd), capture_output=True,
                          text=True).stdout


def gw_expectations():
    """Expectations in gw as (proto, dport) pairs."""
    out = run('gw', 'conntrack', '-L', 'expect')
    return sorted((m.group(1), int(m.group(2))) for m in
                  re.finditer(r'proto=(\d+) .*?dport=(\d+)', out))


def gw_flows_to(port):
    """Conntrack entries in gw whose original destination port is port (UDP)."""
    out = run('gw', 'conntrack', '-L', '-p', 'udp', '--orig-port-dst', str(port))
    return len([ln for ln in out.splitlines() if ln.startswith('udp')])


def stats():
    out = run('gw', CTL, 'stats', '-a')
    return {ln.split()[0]: int(ln.split()[1]) for ln in out.splitlines()
            if len(ln.split()) == 2 and ln.split()[1].isdigit()}


def reset_gw():
    """Fresh conntrack state and counters in gw between scenarios."""
    run('gw', 'conntrack', '-F')
    run('gw', 'conntrack', '-F', 'expect')
    run('gw', CTL, 'reset')


def sysctl(name, value):
    run('gw', 'sysctl', '-qw', 'net.netfilter.sipalg.%s=%s' % (name, value))


# ---- SIP -------------------------------------------------------------------

def sdp(addr, ports, origin=None, extra=''):
    """An SDP body: one audio m= line per port (0 rejects, None omits c=)."""
    lines = ['v=0', 'o=- 1 1 IN IP4 %s' % (origin or addr), 's=-',
             'c=IN IP4 %s' % addr, 't=0 0']
    for p in ports:
        lines += ['m=audio %d RTP/AVP 0' % p, 'a=rtpmap:0 PCMU/8000']
    return '\r\n'.join(lines) + '\r\n' + extra


def request(method, d, cseq, body='', cseq_method=None):
    """A request of dialog d from the phone side."""
    branch = 'z9hG4bK-%08x' % random.getrandbits(32)
    to = '<sip:svc@%s>' % SRV + (';tag=' + d['ttag'] if d.get('ttag') else '')
    hdrs = ['%s sip:svc@%s:5060 SIP/2.0' % (method, SRV),
            'Via: SIP/2.0/UDP %s:5060;branch=%s' % (d['ua'], branch),
            'From: <sip:phone@%s>;tag=%s' % (d['ua'], d['ftag']),
            'To: ' + to,
            'Call-ID: ' + d['callid'],
            'CSeq: %d %s' % (cseq, cseq_method or method),
            'Contact: <sip:phone@%s:5060>' % d['ua'],
            'Max-Forwards: 70']
    if body:
        hdrs.append('Content-Type: application/sdp')
    hdrs.append('Content-Length: %d' % len(body.encode()))
    return ('\r\n'.join(hdrs) + '\r\n\r\n' + body).encode()


def parse(data):
    text = data.decode(errors='replace')
    head, _, body = text.partition('\r\n\r\n')
    lines = head.split('\r\n')
    hdrs = {}
    for ln in lines[1:]:
        name, _, val = ln.partition(':')
        hdrs.setdefault(name.strip().lower(), []).append(val.strip())
    return lines[0], hdrs, body


def response(req, code, reason, ttag, body=''):
    """A response to request bytes req, from srv."""
    _, h, _ = parse(req)
    out = ['SIP/2.0 %d %s' % (code, reason)]
    out += ['Via: ' + v for v in h.get('via', [])]
    to = h['to'][0]
    if 'tag=' not in to:
        to += ';tag=' + ttag
    out += ['From: ' + h['from'][0], 'To: ' + to, 'Call-ID: ' + h['call-id'][0],
            'CSeq: ' + h['cseq'][0], 'Contact: <sip:svc@%s:5060>' % SRV]
    if body:
        out.append('Content-Type: application/sdp')
    out.append('Content-Length: %d' % len(body.encode()))
    return ('\r\n'.join(out) + '\r\n\r\n' + body).encode()


def recv(sock, timeout=3.0):
    sock.settimeout(timeout)
    try:
        data, peer = sock.recvfrom(65535)
        return data, peer
    except socket.timeout:
        return None, None


def media_ports(body):
    """(c= address, [m= ports]) of an SDP body."""
    c = re.search(r'^c=IN IP4 (\S+)', body, re.M)
    return (c.group(1) if c else None,
            [int(p) for p in re.findall(r'^m=\w+ (\d+)', body, re.M)])


class Peers:
    """The phone's and the server's SIP sockets and the server's RTP socket."""

    def __init__(self, phone=PHONE, ns='phone', srv_from=None):
        self.ua = phone
        self.ph = udp(ns, phone, 5060)
        if srv_from:	# another phone talking to the same server sockets
            self.sv, self.rtp, self.owned = srv_from.sv, srv_from.rtp, [self.ph]
        else:
            self.sv, self.rtp = udp('srv', SRV, 5060), udp('srv', SRV, 7000)
            self.owned = [self.ph, self.sv, self.rtp]
        self.srv_peer = None
        self.media = {}		# phone media sockets by port
        self.ns = ns

    def close(self):
        for s in self.owned + list(self.media.values()):
            s.close()

    def phone_media(self, port):
        if port not in self.media:
            self.media[port] = udp(self.ns, self.ua, port)
        return self.media[port]

    def to_srv(self, msg):
        """Phone sends msg; returns it as srv received it (bytes) or None."""
        self.ph.sendto(msg, (SRV, 5060))
        data, peer = recv(self.sv)
        if data:
            self.srv_peer = peer
        return data

    def to_phone(self, msg):
        """Srv answers to where the request came from; the phone's copy."""
        self.sv.sendto(msg, self.srv_peer)
        data, _ = recv(self.ph)
        return data

    def rtp_burst(self, port, n=5, dst=GW_PUB):
        """Srv sends n RTP-sized datagrams to dst:port; how many reach which
        phone media socket (dict port -> count)."""
        for s in self.media.values():
            s.setblocking(False)
            try:
                while True:
                    s.recv(2048)
            except BlockingIOError:
                pass
        for i in range(n):
            self.rtp.sendto(b'\x80\x00' + bytes([0, i]) + bytes(168), (dst, port))
            time.sleep(0.02)
        time.sleep(0.3)
        got = {}
        for p, s in self.media.items():
            got[p] = 0
            try:
                while True:
                    s.recv(2048)
                    got[p] += 1
            except BlockingIOError:
                pass
        return got


def new_dialog(peers, tag):
    return {'callid': '%s-%08x@sipalg.test' % (tag, random.getrandbits(32)),
            'ftag': 'f%08x' % random.getrandbits(32), 'ttag': 't%08x' % random.getrandbits(32),
            'ua': peers.ua}


def establish(p, d, ports, cseq=1, srv_port=7000):
    """INVITE with SDP offering ports, 200 OK from srv (media at srv_port), ACK.
    Returns the public ports srv saw in the offer."""
    for port in ports:
        if port:
            p.phone_media(port)
    got = p.to_srv(request('INVITE', d, cseq, sdp(p.ua, ports)))
    if not got:
        fail('INVITE did not reach srv')
        return []
    _, _, body = parse(got)
    addr, pub = media_ports(body)
    check('offer at srv names the public address', GW_PUB, addr)
    ans = p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [srv_port + 2 * i for i in range(len(ports))])))
    if not ans:
        fail('200 OK did not reach the phone')
    p.to_srv(request('ACK', d, cseq))
    return pub


def invite_flood(p, tag, n, port):
    """n INVITEs of n new calls from the phone (media port + 2 i), paced;
    returns how many reached srv."""
    p.sv.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)	# SO_RCVBUFFORCE: count them all
    for i in range(n):
        d = new_dialog(p, '%s%d' % (tag, i))
        p.ph.sendto(request('INVITE', d, 1, sdp(p.ua, [port + 2 * i])), (SRV, 5060))
        if i % 20 == 19:
            time.sleep(0.05)
    time.sleep(1)
    got = 0
    p.sv.settimeout(0.5)
    try:
        while True:
            p.sv.recvfrom(65535)
            got += 1
    except socket.timeout:
        pass
    return got


# ---- scenarios ---------------------------------------------------------------

def sc_bye(p):
    """BYE ends the media flow already running through the pinhole."""
    d = new_dialog(p, 'bye')
    pub = establish(p, d, [6000])
    check('RTP from srv reaches the phone during the call', {6000: 5}, p.rtp_burst(pub[0]))
    check('one media flow through the pinhole', 1, gw_flows_to(pub[0]))
    p.to_srv(request('BYE', d, 2))
    check('RTP from srv after BYE reaches the phone', {6000: 0}, p.rtp_burst(pub[0]))
    check('expectations left after BYE', [], gw_expectations())
    s = stats()
    check('call_ended_bye', 1, s.get('call_ended_bye'))
    check('media_flow_ended', 1, s.get('media_flow_ended'))
    check('calls_active after BYE', 0, s.get('calls_active'))
    check('pinholes_active after BYE', 0, s.get('pinholes_active'))


def sc_trunk(p):
    """Two calls on one signalling flow: B's INVITE and BYE leave A alone."""
    a, b = new_dialog(p, 'A'), new_dialog(p, 'B')
    pa = establish(p, a, [6000])
    check('call A media', {6000: 5}, p.rtp_burst(pa[0]))
    pb = establish(p, b, [6010], srv_port=7010)
    res = p.rtp_burst(pa[0])
    check('call A media after B\'s INVITE', 5, res[6000])
    check('call B media', 5, p.rtp_burst(pb[0])[6010])
    p.to_srv(request('BYE', b, 2))
    check('call B media after B\'s BYE', 0, p.rtp_burst(pb[0])[6010])
    check('call A media after B\'s BYE', 5, p.rtp_burst(pa[0])[6000])
    s = stats()
    check('calls_active after B\'s BYE', 1, s.get('calls_active'))
    p.to_srv(request('BYE', a, 2))
    check('call A media after A\'s BYE', 0, p.rtp_burst(pa[0])[6000])
    check('expectations left', [], gw_expectations())


def sc_reinvite(p):
    """re-INVITE moving the phone's stream: new port works, old one stops
    once the answer is in; hold opens nothing; resume works again."""
    d = new_dialog(p, 'reinv')
    pub = establish(p, d, [6000])
    check('media before re-INVITE', 5, p.rtp_burst(pub[0])[6000])
    p.phone_media(6100)
    got = p.to_srv(request('INVITE', d, 2, sdp(p.ua, [6100])))
    _, new = media_ports(parse(got)[2])
    check('old port still open while the re-offer is pending', 5, p.rtp_burst(pub[0])[6000])
    p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000])))
    p.to_srv(request('ACK', d, 2))
    check('media to the new port after the answer', 5, p.rtp_burst(new[0])[6100])
    check('media to the old port after the answer', 0, p.rtp_burst(pub[0])[6000])
    s = stats()
    check('pinhole_dropped_offer_answer (RTP+RTCP of the old stream)', 2,
          s.get('pinhole_dropped_offer_answer'))
    check('pinhole_kept (srv\'s unchanged stream, RTP+RTCP)', 2, s.get('pinhole_kept'))
    # Hold: c=0.0.0.0 opens nothing and closes the phone's stream.
    got = p.to_srv(request('INVITE', d, 3, sdp('0.0.0.0', [6100], origin=p.ua)))
    check('hold keeps c=0.0.0.0', '0.0.0.0', media_ports(parse(got)[2])[0])
    p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000], extra='a=recvonly\r\n')))
    p.to_srv(request('ACK', d, 3))
    check('media to the phone while on hold', 0, p.rtp_burst(new[0])[6100])
    ports = [e[1] for e in gw_expectations()]
    check('no pinhole towards the held phone', False, new[0] in ports)
    # Resume.
    got = p.to_srv(request('INVITE', d, 4, sdp(p.ua, [6100])))
    _, res = media_ports(parse(got)[2])
    p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000])))
    p.to_srv(request('ACK', d, 4))
    check('media after resume', 5, p.rtp_burst(res[0])[6100])
    p.to_srv(request('BYE', d, 5))
    check('expectations left after BYE', [], gw_expectations())


def sc_reinvite_fail(p):
    """A re-INVITE the far end refuses leaves the session as it was."""
    d = new_dialog(p, 'refail')
    pub = establish(p, d, [6000])
    p.phone_media(6200)
    got = p.to_srv(request('INVITE', d, 2, sdp(p.ua, [6200])))
    _, new = media_ports(parse(got)[2])
    p.to_phone(response(got, 488, 'Not Acceptable Here', d['ttag']))
    p.to_srv(request('ACK', d, 2))
    check('media to the old port after the refused re-INVITE', 5, p.rtp_burst(pub[0])[6000])
    check('media to the refused port', 0, p.rtp_burst(new[0])[6200])
    check('call still tracked', 1, stats().get('calls_active'))
    p.to_srv(request('BYE', d, 3))


def sc_cancel(p):
    """CANCEL before the answer, and an error answer, close the pinholes."""
    d = new_dialog(p, 'cancel')
    p.phone_media(6000)
    got = p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000])))
    p.to_phone(response(got, 180, 'Ringing', d['ttag']))
    check('pinholes while ringing (RTP+RTCP)', 2, len(gw_expectations()))
    p.to_srv(request('CANCEL', d, 1))
    check('expectations after CANCEL', [], gw_expectations())
    d = new_dialog(p, 'busy')
    got = p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000])))
    check('pinholes for the second INVITE', 2, len(gw_expectations()))
    p.to_phone(response(got, 486, 'Busy Here', d['ttag']))
    check('expectations after 486', [], gw_expectations())
    s = stats()
    check('call_ended_cancel', 1, s.get('call_ended_cancel'))
    check('call_ended_error_response', 1, s.get('call_ended_error_response'))


def sc_signalling_gone(p):
    """The call's signalling conntrack dies: its media flow goes with it."""
    d = new_dialog(p, 'sig')
    pub = establish(p, d, [6000])
    check('media during the call', 5, p.rtp_burst(pub[0])[6000])
    run('gw', 'conntrack', '-D', '-p', 'udp', '--orig-port-dst', '5060')
    check('media after the signalling flow was deleted', 0, p.rtp_burst(pub[0])[6000])
    s = stats()
    check('call_ended_signalling_gone', 1, s.get('call_ended_signalling_gone'))
    check('calls_active', 0, s.get('calls_active'))


def sc_limits(p):
    """max_pinholes_per_call and max_pinholes_per_source hold."""
    sysctl('max_pinholes_per_call', 2)
    d = new_dialog(p, 'lim')
    got = p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000, 6002])))
    check('pinholes of a 2-stream offer with max_pinholes_per_call=2', 2,
          len(gw_expectations()))
    check('pinhole_refused_call_limit', 1, stats().get('pinhole_refused_call_limit'))
    p.to_phone(response(got, 486, 'Busy Here', d['ttag']))
    sysctl('max_pinholes_per_call', 32)
    sysctl('max_pinholes_per_source', 4)
    dialogs = [new_dialog(p, 'src%d' % i) for i in range(3)]
    for i, d in enumerate(dialogs):
        p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000 + 10 * i])))
    check('pinholes of 3 calls from one source with max_pinholes_per_source=4', 4,
          len(gw_expectations()))
    check('pinhole_refused_source_limit', 1, stats().get('pinhole_refused_source_limit'))
    sysctl('max_pinholes_per_source', 512)
    for d in dialogs:
        p.to_srv(request('CANCEL', d, 1))
    check('expectations after CANCELs', [], gw_expectations())


def sc_takeover(p):
    """A call whose BYE was lost leaves its port: the phone's next call on the
    same port takes the pinhole over and gets its media."""
    a = new_dialog(p, 'lost')
    pa = establish(p, a, [6000])
    check('first call media', 5, p.rtp_burst(pa[0])[6000])
    b = new_dialog(p, 'next')
    pb = establish(p, b, [6000], srv_port=7010)
    check('second call on the same phone port: advertised port', pa, pb)
    check('second call media', 5, p.rtp_burst(pb[0])[6000])
    s = stats()
    check('pinhole_taken_over (RTP+RTCP)', 2, s.get('pinhole_taken_over'))
    check('calls_active (the first call stays until it expires)', 2, s.get('calls_active'))
    p.to_srv(request('BYE', b, 2))
    check('media after the second call\'s BYE', 0, p.rtp_burst(pb[0])[6000])


def sc_rtcp_same(p):
    """An a=rtcp naming the RTP port (RFC 5761 5.1.3): one pinhole, the
    a=rtcp port moves with the RTP port; the offer sent again once the
    pinhole and its flow are gone opens it afresh (the record is one, not
    two: a second copy of it was once retired twice, a GP fault)."""
    d = new_dialog(p, 'rtcpsame')
    p.phone_media(6000)
    offer = sdp(p.ua, [6000], extra='a=rtcp:6000 IN IP4 %s\r\n' % p.ua)
    got = p.to_srv(request('INVITE', d, 1, offer))
    if not got:
        fail('INVITE did not reach srv')
        return
    body = parse(got)[2]
    _, pub = media_ports(body)
    rtcp = re.search(r'^a=rtcp:.*$', body, re.M)
    check('a=rtcp at srv: the public RTP port and address', 'a=rtcp:%d IN IP4 %s' % (pub[0], GW_PUB),
          rtcp.group(0).strip() if rtcp else None)
    check('one pinhole for RTP and RTCP', [('17', pub[0])], gw_expectations())
    check('media_rtcp_mux', 1, stats().get('media_rtcp_mux'))
    p.to_phone(response(got, 180, 'Ringing', d['ttag']))
    check('early media from srv reaches the phone', 5, p.rtp_burst(pub[0])[6000])
    # The pinhole and its flow go; the INVITE comes again (a retransmission).
    run('gw', 'conntrack', '-D', '-p', 'udp', '--orig-port-dst', str(pub[0]))
    run('gw', 'conntrack', '-F', 'expect')
    got = p.to_srv(request('INVITE', d, 1, offer))
    if not got:
        fail('INVITE sent again did not reach srv')
        return
    _, again = media_ports(parse(got)[2])
    check('one pinhole again', 1, len(gw_expectations()))
    check('media from srv after the offer came again', 5, p.rtp_burst(again[0])[6000])
    p.to_phone(response(got, 486, 'Busy Here', d['ttag']))
    check('expectations after 486', [], gw_expectations())
    check('pinholes_active after 486', 0, stats().get('pinholes_active'))


def register(p, d, cseq, expires, granted=None):
    """REGISTER from the phone; srv's 200 lists the Contact it got (as the
    registrar saw it) with ;expires=granted, or no Contact when 0.
    Returns the Contact host:port srv saw."""
    msg = request('REGISTER', d, cseq).decode().replace(
        'Max-Forwards: 70', 'Max-Forwards: 70\r\nExpires: %d' % expires)
    msg = msg.replace('REGISTER sip:svc@%s:5060' % SRV, 'REGISTER sip:%s' % SRV)
    got = p.to_srv(msg.encode())
    if not got:
        fail('REGISTER did not reach srv')
        return None
    contact = re.search(r'<sip:phone@([^>]+)>', parse(got)[1]['contact'][0]).group(1)
    granted = expires if granted is None else granted
    resp = response(got, 200, 'OK', d['ttag']).decode()
    resp = re.sub(r'Contact: [^\r]*', 'Contact: <sip:phone@%s>;expires=%d' % (contact, granted)
                  if granted else 'Server: sipdrive', resp)
    p.to_phone(resp.encode())
    return contact


def inbound_invite(p, sock, d, cseq, media_port):
    """srv sends an INVITE with SDP from sock to the phone's public Contact;
    returns it as the phone's SIP socket received it (or None)."""
    body = sdp(SRV, [7020])
    msg = ('INVITE sip:phone@%s SIP/2.0\r\n' % d['contact'] +
           'Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-in%d\r\n' % (SRV, sock.getsockname()[1], cseq) +
           'From: <sip:svc@%s>;tag=in%s\r\n' % (SRV, d['ftag']) +
           'To: <sip:phone@%s>\r\n' % d['contact'] +
           'Call-ID: in-%s\r\nCSeq: %d INVITE\r\n' % (d['callid'], cseq) +
           'Contact: <sip:svc@%s:%d>\r\nMax-Forwards: 70\r\n' % (SRV, sock.getsockname()[1]) +
           'Content-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s' % (len(body), body))
    host, port = d['contact'].split(':')
    sock.sendto(msg.encode(), (host, int(port)))
    got, peer = recv(p.ph, 2.0)
    return got, peer


def sc_register(p):
    """REGISTER opens a pinhole for the registrar only, for the granted time
    (bounded by max_register_expires): an inbound call from another port of the
    registrar reaches the phone and gets media; Expires: 0 closes it."""
    alt = udp('srv', SRV, 5070)
    alt2 = udp('srv', SRV, 5071)
    d = new_dialog(p, 'reg')
    d['contact'] = '%s:5060' % GW_PUB
    got, _ = inbound_invite(p, alt, d, 1, 6000)
    check('INVITE from the registrar\'s other port before REGISTER reaches the phone', None, got)
    sysctl('max_register_expires', 120)
    d['contact'] = register(p, d, 1, 3600)
    check('Contact as the registrar saw it', '%s:5060' % GW_PUB, d['contact'])
    out = run('gw', 'conntrack', '-L', 'expect')
    m = re.search(r'^(\d+) proto=17 src=%s dst=%s sport=0 dport=5060 ' % (SRV, GW_PUB), out, re.M)
    check('registration pinhole for the registrar only', True, m is not None)
    check('its expiry bounded by max_register_expires=120', True, m is not None and 100 < int(m.group(1)) <= 120)
    got, peer = inbound_invite(p, alt, d, 2, 6000)
    check('INVITE from the registrar\'s other port reaches the phone', True, got is not None)
    if got:
        # The phone answers the inbound call; srv sends media first, to its SDP.
        p.phone_media(6000)
        ans = response(got, 200, 'OK', 'ph1', sdp(p.ua, [6000])).decode()
        p.ph.sendto(ans.encode(), peer)
        resp, _ = recv(alt)
        addr, ports = media_ports(parse(resp)[2]) if resp else (None, [])
        check('answer at srv names the public address', GW_PUB, addr)
        if ports:
            check('media of the inbound call reaches the phone', 5, p.rtp_burst(ports[0])[6000])
    s = stats()
    check('register_pinhole', 1, s.get('register_pinhole'))
    check('register_pinhole_matched', 1, s.get('register_pinhole_matched'))
    register(p, d, 2, 0, granted=0)
    check('registration pinhole after Expires: 0', [],
          re.findall(r'^.* sport=0 dport=5060 .*$', run('gw', 'conntrack', '-L', 'expect'), re.M))
    got, _ = inbound_invite(p, alt2, d, 3, 6000)
    check('INVITE from a new registrar port after de-registration', None, got)
    sysctl('max_register_expires', 3600)
    alt.close()
    alt2.close()


def sc_late(p):
    """A 200 OK retransmitted after the BYE does not bring the call back; the
    INVITE retried after a 407 challenge does."""
    d = new_dialog(p, 'late')
    p.phone_media(6000)
    got = p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000])))
    ok200 = response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000]))
    p.to_phone(ok200)
    p.to_srv(request('ACK', d, 1))
    p.to_srv(request('BYE', d, 2))
    p.to_phone(ok200)	# the server's retransmission crossed the BYE
    check('expectations after a 200 OK retransmitted past the BYE', [], gw_expectations())
    s = stats()
    check('call_sdp_after_end', 1, s.get('call_sdp_after_end'))
    check('calls_active', 0, s.get('calls_active'))
    a = new_dialog(p, 'auth')
    got = p.to_srv(request('INVITE', a, 1, sdp(p.ua, [6000])))
    p.to_phone(response(got, 407, 'Proxy Authentication Required', a['ttag']))
    p.to_srv(request('ACK', a, 1))
    check('expectations after the 407', [], gw_expectations())
    pub = establish(p, a, [6000], cseq=2)
    check('media of the call retried after the 407', 5, p.rtp_burst(pub[0])[6000])
    s = stats()
    check('calls tracked (the retry is the same call)', 2, s.get('call_created'))
    check('call_revived (by the retried INVITE)', 1, s.get('call_revived'))
    p.to_srv(request('BYE', a, 3))


def sc_offer_answer(p):
    """SDP wherever it can be: early media in a 183, a late offer in the 200
    answered in the ACK, and an UPDATE moving the stream."""
    d = new_dialog(p, 'early')
    p.phone_media(6000)
    got = p.to_srv(request('INVITE', d, 1, sdp(p.ua, [6000])))
    pub = media_ports(parse(got)[2])[1]
    p.to_phone(response(got, 183, 'Session Progress', d['ttag'], sdp(SRV, [7000])))
    check('early media (183 with SDP) reaches the phone', 5, p.rtp_burst(pub[0])[6000])
    p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000])))
    p.to_srv(request('ACK', d, 1))
    check('media after the 200 repeating the 183\'s SDP', 5, p.rtp_burst(pub[0])[6000])
    # UPDATE (RFC 3311) moves the phone's stream.
    p.phone_media(6300)
    got = p.to_srv(request('UPDATE', d, 2, sdp(p.ua, [6300])))
    new = media_ports(parse(got)[2])[1]
    p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000])))
    check('media to the port the UPDATE moved to', 5, p.rtp_burst(new[0])[6300])
    check('media to the port before the UPDATE', 0, p.rtp_burst(pub[0])[6000])
    p.to_srv(request('BYE', d, 3))
    # Late offer: INVITE without SDP, the offer in the 200, the answer in the ACK.
    d = new_dialog(p, 'lateoffer')
    got = p.to_srv(request('INVITE', d, 1))
    p.to_phone(response(got, 200, 'OK', d['ttag'], sdp(SRV, [7000])))
    got = p.to_srv(request('ACK', d, 1, sdp(p.ua, [6000])))
    addr, pub = media_ports(parse(got)[2])
    check('answer in the ACK names the public address', GW_PUB, addr)
    check('media after a late offer answered in the ACK', 5, p.rtp_burst(pub[0])[6000])
    p.to_srv(request('BYE', d, 2))
    check('expectations left', [], gw_expectations())


def sc_flood(p):
    """An INVITE flood from one source: max_pinholes_per_source holds, and
    another phone's call still gets its media."""
    sysctl('max_pinholes_per_source', 100)
    check('flood INVITEs forwarded to srv', 300, invite_flood(p, 'flood', 300, 10000))
    s = stats()
    check('pinholes of the flooding source', 100, s.get('pinholes_active'))
    check('pinhole_refused_source_limit', 250, s.get('pinhole_refused_source_limit'))
    q = Peers(phone=PHONE2, ns='phone2', srv_from=p)
    try:
        d = new_dialog(q, 'other')
        pub = establish(q, d, [6000])
        check('another phone\'s call during the flood gets media', 5, q.rtp_burst(pub[0])[6000])
        q.to_srv(request('BYE', d, 2))
    finally:
        q.close()
    sysctl('max_pinholes_per_source', 512)


def sc_expect_full(p):
    """A full expectation table: calls degrade with a counted reason and the
    gateway keeps forwarding SIP."""
    # nf_conntrack_expect_max is global: only the initial namespace sets it.
    def expect_max(v=None):
        cmd = ['sysctl', '-n' if v is None else '-qw', 'net.netfilter.nf_conntrack_expect_max' +
               ('' if v is None else '=%s' % v)]
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    old = expect_max()
    expect_max(4)
    try:
        a = new_dialog(p, 'full1')
        pa = establish(p, a, [6000])
        check('first call media (4 pinholes fit)', 5, p.rtp_burst(pa[0])[6000])
        # The table is full at what the first call holds now.
        expect_max(len(gw_expectations()))
        b = new_dialog(p, 'full2')
        p.phone_media(6010)
        got = p.to_srv(request('INVITE', b, 1, sdp(p.ua, [6010])))
        check('INVITE forwarded with the table full', True, got is not None)
        check('pinhole_failed', True, stats().get('pinhole_failed', 0) >= 1)
        if got:
            p.to_phone(response(got, 486, 'Busy Here', b['ttag']))
        p.to_srv(request('BYE', a, 2))
        check('expectations after both calls', [], gw_expectations())
    finally:
        expect_max(old)


def sc_grow(p):
    """Calls outgrow the call tables: they double under traffic, and a call
    they held keeps its media and still ends by BYE."""
    buckets = stats().get('call_table_buckets', 0)
    check('call tables start small (gw made with few conntrack buckets)', True,
          0 < buckets <= 512)
    d = new_dialog(p, 'held')
    pub = establish(p, d, [6000])
    check('media of the call held across the growth, before', {6000: 5}, p.rtp_burst(pub[0]))
    n = 2 * buckets + 50	# more calls than twice the buckets
    check('INVITEs forwarded while the tables grew', n, invite_flood(p, 'grow', n, 20000))
    s = stats()
    check('calls_active', n + 1, s.get('calls_active'))
    check('call_table_grown', True, s.get('call_table_grown', 0) >= 1)
    check('call_table_buckets grew', True, s.get('call_table_buckets', 0) > buckets)
    check('media of the held call, after', {6000: 5}, p.rtp_burst(pub[0]))
    p.to_srv(request('BYE', d, 2))
    check('media of the held call after its BYE', {6000: 0}, p.rtp_burst(pub[0]))
    s = stats()
    check('call_ended_bye', 1, s.get('call_ended_bye'))
    check('calls_active after the BYE', n, s.get('calls_active'))
    run('gw', 'conntrack', '-F')	# the signalling flow goes: every call ends
    s = stats()
    check('calls_active after the signalling went', 0, s.get('calls_active'))
    check('pinholes_active after the signalling went', 0, s.get('pinholes_active'))


SCENARIOS = {
    'bye': sc_bye,
    'trunk': sc_trunk,
    'reinvite': sc_reinvite,
    'reinvite-fail': sc_reinvite_fail,
    'cancel': sc_cancel,
    'signalling-gone': sc_signalling_gone,
    'limits': sc_limits,
    'takeover': sc_takeover,
    'register': sc_register,
    'late': sc_late,
    'offer-answer': sc_offer_answer,
    'flood': sc_flood,
    'expect-full': sc_expect_full,
    'grow': sc_grow,
    'rtcp-same': sc_rtcp_same,
}


def main(names):
    if names == ['all']:
        names = list(SCENARIOS)
    for name in names:
        print('# scenario %s: %s' % (name, SCENARIOS[name].__doc__.splitlines()[0]), flush=True)
        reset_gw()
        peers = Peers()
        try:
            SCENARIOS[name](peers)
        except Exception as e:	# a scenario that crashes has failed
            fail('%s: %r' % (name, e))
        finally:
            peers.close()
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:] or ['all']))
