#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""SIP traffic for 25-ct-delete.sh, while the gateway deletes its conntracks.

  ctchurn.py sink PORT            on srv: accept TCP connections and read them
                                  to the end, and read UDP datagrams, on PORT
  ctchurn.py client DST PORT SECS on the phone: for SECS seconds, TCP
                                  connections (each: INVITEs with SDP, every
                                  other one in two segments, so the gateway
                                  holds the first) and a UDP INVITE between
                                  them; connections the gateway's NAT breaks
                                  are given up.  Prints "tcp_conns N",
                                  "tcp_msgs N", "udp_msgs N", "tcp_errors N"
"""
import socket
import sys
import threading
import time

from tcpsplit import request, sdp


def sink(port):
    t = socket.socket()
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind(("0.0.0.0", port))
    t.listen(64)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("0.0.0.0", port))

    def read(c):
        try:
            while c.recv(65536):
                pass
        except OSError:
            pass
        c.close()

    def udp():
        while True:
            u.recv(65536)

    threading.Thread(target=udp, daemon=True).start()
    while True:
        c, _ = t.accept()
        threading.Thread(target=read, args=(c,), daemon=True).start()


def client(dst, port, secs):
    end = time.time() + secs
    n = conns = tcp_msgs = udp_msgs = errors = 0
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    while time.time() < end:
        conns += 1
        try:
            s = socket.create_connection((dst, port), timeout=2)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(4):
                n += 1
                msg = request("INVITE", n, sdp(6000 + 2 * (n % 500)))
                if n % 2:
                    cut = len(msg) - 60
                    s.sendall(msg[:cut])
                    time.sleep(0.005)
                    s.sendall(msg[cut:])
                else:
                    s.sendall(msg)
                tcp_msgs += 1
            s.close()
        except OSError:
            errors += 1
        n += 1
        u.sendto(request("INVITE", n, sdp(6000 + 2 * (n % 500))).replace(b"/TCP", b"/UDP"),
                 (dst, port))
        udp_msgs += 1
    print("tcp_conns", conns)
    print("tcp_msgs", tcp_msgs)
    print("udp_msgs", udp_msgs)
    print("tcp_errors", errors)


def main():
    if sys.argv[1] == "sink":
        sink(int(sys.argv[2]))
    elif sys.argv[1] == "client":
        client(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
