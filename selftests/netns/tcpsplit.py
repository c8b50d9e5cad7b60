#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""SIP over TCP in pieces, for 18-tcp-split.sh.

  tcpsplit.py server PORT DIR     accept connections, each one's bytes to DIR/conn-N.bin
  tcpsplit.py client DST PORT SRC CASE
                                  one connection from SRC, CASE's pieces sent with
                                  TCP_NODELAY and a short pause between, so each
                                  piece is its own segment; prints "piece LEN" lines
  tcpsplit.py check FILE          frame a received stream by Content-Length (none:
                                  no body): one line per message, then "rest N"
                                  (bytes left over)
  tcpsplit.py udp DST PORT N      send N datagrams to DST:PORT
"""
import os
import re
import socket
import sys
import threading
import time

PHONE_ADDR = "198.51.100.2"


def sdp(port, pad=0):
    body = ("v=0\r\n"
            f"o=- 1 1 IN IP4 {PHONE_ADDR}\r\n"
            "s=-\r\n"
            f"c=IN IP4 {PHONE_ADDR}\r\n"
            "t=0 0\r\n"
            f"m=audio {port} RTP/AVP 0 8 101\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:8 PCMA/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\n")
    if pad:
        body += "a=x-pad:" + "p" * pad + "\r\n"
    return body.encode()


def request(method, n, body=b"", ctype="application/sdp", extra="", phone=PHONE_ADDR,
            srv="203.0.113.2"):
    head = (f"{method} sip:srv@{srv} SIP/2.0\r\n"
            f"Via: SIP/2.0/TCP {phone}:5060;branch=z9hG4bK-{method.lower()}-{n}\r\n"
            f"From: <sip:phone@{phone}>;tag=t{n}\r\n"
            f"To: <sip:srv@{srv}>\r\n"
            f"Call-ID: split-{n}@phone\r\n"
            f"CSeq: {n} {method}\r\n"
            f"Contact: <sip:phone@{phone}:5060;transport=tcp>\r\n"
            "Max-Forwards: 70\r\n" + extra)
    if body:
        head += f"Content-Type: {ctype}\r\n"
    head += f"Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def cases(name):
    """A list of pieces (bytes); each is sent by one send()."""
    if name == "split":
        # INVITE cut in the middle of its SDP; an OPTIONS after it; an INVITE
        # of about 3000 bytes (more than the MTU) in four pieces, the first
        # ending inside its headers: rebuilt whole, it must leave as GSO.
        inv = request("INVITE", 1, sdp(6000))
        cut = inv.index(b"m=audio") + 4
        big = request("INVITE", 3, sdp(6002, pad=1200), extra="X-Pad: " + "x" * 1200 + "\r\n")
        return [inv[:cut], inv[cut:], request("OPTIONS", 2),
                big[:400], big[400:1400], big[1400:2400], big[2400:]]
    if name == "split6":
        # Over IPv6 (NAT66): an OPTIONS of about 2500 bytes in three pieces,
        # cut inside its headers, then a small one.
        kw = {"phone": "[2001:db8:1::2]", "srv": "[2001:db8:2::2]"}
        big = request("OPTIONS", 1, extra="X-Pad: " + "x" * 2300 + "\r\n", **kw)
        return [big[:200], big[200:1200], big[1200:], request("OPTIONS", 2, **kw)]
    if name == "lost":
        # As "split": the test drops the rebuilt INVITE on its way to the
        # server, so the phone retransmits it.  Then an OPTIONS.
        inv = request("INVITE", 1, sdp(6014))
        cut = inv.index(b"m=audio") + 4
        return [inv[:cut], inv[cut:], (1.0, request("OPTIONS", 2))]
    if name == "deaf":
        # As "lost", but the test keeps the server from receiving anything
        # until the OPTIONS, sent 0.5 s after the INVITE, has reached the
        # gateway: the phone then retransmits both (collapsed into one
        # segment, or the INVITE's first piece alone) after its timeout.
        inv = request("INVITE", 1, sdp(6016))
        cut = inv.index(b"m=audio") + 4
        return [inv[:cut], inv[cut:], (0.5, request("OPTIONS", 2)), (8.0, b"")]
    if name == "overflow":
        # About 3000 bytes, headers in the first piece; then a small INVITE.
        big = request("INVITE", 1, sdp(6004, pad=2400))
        cut = big.index(b"m=audio")
        return [big[:cut], big[cut:], request("INVITE", 2, sdp(6006))]
    if name == "slipstream":
        # An HTTP POST whose body, in a segment of its own, is a SIP INVITE.
        inv = request("INVITE", 1, sdp(6008))
        post = (b"POST /upload HTTP/1.1\r\nHost: 203.0.113.2:5060\r\n"
                b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % len(inv))
        return [post, inv]
    if name == "stall":
        # An INVITE cut in its SDP, the rest only after 1 s: the sender's
        # retransmission timer fires first, after which it sends nothing new
        # until the held part is acknowledged.  Then an OPTIONS.
        inv = request("INVITE", 1, sdp(6012))
        cut = inv.index(b"m=audio") + 4
        return [inv[:cut], (1.0, inv[cut:]), request("OPTIONS", 2), (3.5, b"")]
    if name == "garbage":
        # Something without Content-Length first, then an INVITE.
        return [b"HELLO there\r\nX-Thing: 1\r\n\r\n", request("INVITE", 1, sdp(6010))]
    raise SystemExit("unknown case " + name)


def server(port, outdir):
    s = socket.socket(socket.AF_INET6)	# and IPv4, mapped
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    s.listen(8)
    open(os.path.join(outdir, "listening"), "w").close()
    n = 0

    def serve(c, path):
        with open(path, "wb", buffering=0) as f:
            while True:
                b = c.recv(65536)
                if not b:
                    break
                f.write(b)
        c.close()

    while True:
        c, _ = s.accept()
        n += 1
        threading.Thread(target=serve, args=(c, os.path.join(outdir, f"conn-{n}.bin")),
                         daemon=True).start()


def client(dst, port, src, name):
    s = socket.socket(socket.AF_INET6 if ":" in dst else socket.AF_INET)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.bind((src, 0))
    s.connect((dst, port))
    for i, piece in enumerate(cases(name)):
        # A pause shorter than the retransmission timeout (200 ms at least):
        # long enough for a segment per piece, as a stack writing a message
        # in parts would send it.  (delay, bytes) sets another one.
        delay, piece = piece if isinstance(piece, tuple) else (0.02 if i else 0, piece)
        time.sleep(delay)
        if piece:
            s.sendall(piece)
            print("piece", len(piece), flush=True)
    time.sleep(0.5)
    s.close()


def check(path):
    data = open(path, "rb").read()
    off = 0
    while off < len(data):
        end = data.find(b"\r\n\r\n", off)
        if end < 0:
            break
        head = data[off:end].decode("latin-1")
        m = re.search(r"(?im)^(?:content-length|l)\s*:\s*(\d+)\s*$", head)
        clen = int(m.group(1)) if m else 0
        body = data[end + 4:end + 4 + clen]
        if len(body) < clen:
            break
        msg = data[off:end + 4 + clen].decode("latin-1")
        first = head.split("\r\n", 1)[0]
        conn = re.findall(r"(?m)^c=IN IP4 (\S+)\r$", msg)
        media = re.findall(r"(?m)^m=audio (\d+) ", msg)
        # Call-ID keeps the inside name by design; everything else must not.
        private = ("private" if re.search(r"(?m)^(?!Call-ID:).*(198\.51\.100\.|2001:db8:1::)", msg)
                   else "public")
        print(f"{first.split()[0]} bytes={len(msg)} {private} c={','.join(conn) or '-'} "
              f"m={','.join(media) or '-'}")
        off = end + 4 + clen
    print("rest", len(data) - off)


def udp(dst, port, n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(n):
        s.sendto(b"\x80" + b"\0" * 171, (dst, port))
        time.sleep(0.01)


def main():
    mode = sys.argv[1]
    if mode == "server":
        server(int(sys.argv[2]), sys.argv[3])
    elif mode == "client":
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif mode == "check":
        check(sys.argv[2])
    elif mode == "udp":
        udp(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
