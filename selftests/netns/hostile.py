#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hostile SIP through the gateway: hostile.py udp|tcp DST_IP PORT.

Prints one line per message: "<name> <bytes> <expected counter>", where the
counter is the one sipalg must move for it (parse_error, sdp_error,
pinhole_refused_family, tcp_segments_held).  Every message is sent once.
"""
import socket
import sys

SRC = "198.51.100.2"


def invite(body=b"", clen=None, extra=b""):
    if clen is None:
        clen = str(len(body)).encode()
    return (b"INVITE sip:x@203.0.113.2 SIP/2.0\r\n"
            b"Via: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bK1\r\n"
            b"From: <sip:a@198.51.100.2>;tag=1\r\nTo: <sip:x@203.0.113.2>\r\n"
            b"Call-ID: h1\r\nCSeq: 1 INVITE\r\n" + extra +
            b"Content-Type: application/sdp\r\nContent-Length: " + clen + b"\r\n\r\n" + body)


def sdp(media=b"m=audio 6000 RTP/AVP 0\r\n", conn=b"c=IN IP4 198.51.100.2\r\n"):
    return b"v=0\r\no=a 1 1 IN IP4 198.51.100.2\r\ns=-\r\n" + conn + b"t=0 0\r\n" + media


GOOD = invite(sdp())
UDP = [
    ("truncated", GOOD[:len(GOOD) // 2], "parse_error"),
    ("clen_20_digits", invite(sdp(), clen=b"99999999999999999999"), "parse_error"),
    ("clen_negative", invite(sdp(), clen=b"-5"), "parse_error"),
    ("clen_beyond_body", invite(sdp(), clen=b"4000"), "parse_error"),
    ("nul_in_header", invite(sdp(), extra=b"Subject: a\x00b\r\n"), "parse_error"),
    ("64k_header_line", invite(sdp(), extra=b"Subject: " + b"x" * 60000 + b"\r\n"), "parse_error"),
    ("2000_headers", invite(sdp(), extra=b"X-A: y\r\n" * 2000), "parse_error"),
    ("garbage", bytes(range(256)) * 4, "parse_error"),
    ("300_media", invite(sdp(media=b"m=audio 7000 RTP/AVP 0\r\n" * 300)), "sdp_error"),
    ("c_ip4_bracketed_v6", invite(sdp(conn=b"c=IN IP4 [::1]\r\n")), "sdp_error"),
    ("c_ip6_nine_groups", invite(sdp(conn=b"c=IN IP6 1:2:3:4:5:6:7:8:9\r\n")), "sdp_error"),
    ("c_ip6_in_v4_call", invite(sdp(conn=b"c=IN IP6 ::ffff:1.2.3.4\r\n")), "pinhole_refused_family"),
]


def main():
    mode, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((SRC, 5060))
        for name, msg, counter in UDP:
            s.sendto(msg, (dst, port))
            print(name, len(msg), counter)
        return
    # TCP: a stream that starts in the middle of a message.  It is framed
    # (it ends with a Content-Length body) but does not parse.
    s = socket.create_connection((dst, port), source_address=(SRC, 0))
    mid = GOOD[40:]
    s.sendall(mid)
    print("tcp_mid_message", len(mid), "parse_error")
    # A stream whose first segment ends inside a message: held (dropped)
    # while the rest may come, never parsed as it is.
    s = socket.create_connection((dst, port), source_address=(SRC, 0))
    s.sendall(GOOD[:100])
    print("tcp_partial", 100, "tcp_segments_held")
    s.close()


if __name__ == "__main__":
    main()
