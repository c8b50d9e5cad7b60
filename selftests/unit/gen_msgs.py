#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Regenerate selftests/unit/msgs/*.sip (exact bytes, CRLF unless noted).

"@CLEN@" is replaced by the body length.  The unit tests assert values from
these files, so change them together.
"""
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "msgs")


def msg(hdrs, body="", eol="\r\n", clen=True):
    body = body.replace("\n", eol) if body else ""
    text = eol.join(hdrs) + eol
    text = text.replace("@CLEN@", str(len(body.encode())))
    return (text + eol + body).encode()


def sdp(lines):
    return "".join(line + "\n" for line in lines)


SDP_2STREAM = sdp([
    "v=0",
    "o=alice 2890844526 2890844526 IN IP4 192.168.1.10",
    "s=-",
    "c=IN IP4 192.168.1.10",
    "t=0 0",
    "m=audio 49170 RTP/AVP 0 8 97 101",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:8 PCMA/8000",
    "a=rtpmap:97 iLBC/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-15",
    "a=ptime:20",
    "a=sendrecv",
    "m=video 51372 RTP/AVP 31 34",
    "a=rtpmap:31 H261/90000",
    "a=rtpmap:34 H263/90000",
    "a=rtcp:51373",
])

FILES = {}

FILES["invite_basic.sip"] = msg([
    "INVITE sip:bob@biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK776asdhds;rport",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: \"Alice, A.\" <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:alice@192.168.1.10:5060;transport=udp>",
    "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, UPDATE",
    "Supported: replaces, timer",
    "User-Agent: sipalg-test/1.0",
    "Content-Type: application/sdp",
    "Content-Length: @CLEN@",
], SDP_2STREAM)

FILES["invite_compact_lf.sip"] = msg([
    "INVITE sip:bob@10.0.0.2:5062;transport=tcp;maddr=10.0.0.9 SIP/2.0",
    "v: SIP/2.0/TCP 10.0.0.1 : 5070 ; branch=z9hG4bKabc ; received=1.2.3.4",
    "VIA :SIP / 2.0 / UDP proxy.example.com;branch=z9hG4bKdef",
    "f: <sip:alice@10.0.0.1>;tag=x1",
    "t:\tsip:bob@10.0.0.2",
    "i: compact-1@10.0.0.1",
    "CSEQ:   7    INVITE",
    "m: <sip:alice@10.0.0.1:5070>",
    "Subject: a folded",
    "   subject line",
    "c: application/SDP",
    "l:@CLEN@",
], sdp([
    "v=0",
    "o=- 1 1 IN IP4 10.0.0.1",
    "s=-",
    "t=0 0",
    "m=audio 4000 RTP/AVP 0",
    "c=IN IP4 10.0.0.1",
]), eol="\n")

FILES["invite_ipv6.sip"] = msg([
    "INVITE sip:bob@[2001:db8::2]:5060 SIP/2.0",
    "Via: SIP/2.0/UDP [2001:DB8:0:0:0:0:0:1]:5060;branch=z9hG4bK6;received=2001:db8::99;rport=5061",
    "Max-Forwards: 70",
    "To: <sip:bob@[2001:db8::2]>",
    "From: <sip:alice@[2001:db8::1]>;tag=v6",
    "Call-ID: v6call@2001:db8::1",
    "CSeq: 1 INVITE",
    "Contact: <sip:alice@[2001:db8::1]:5060>",
    "Content-Type: application/sdp",
    "Content-Length: @CLEN@",
], sdp([
    "v=0",
    "o=alice 1 1 IN IP6 2001:db8::1",
    "s=-",
    "c=IN IP6 2001:db8::1",
    "t=0 0",
    "m=audio 6000 RTP/AVP 0",
    "a=rtcp:6001 IN IP6 2001:db8::1",
]))

FILES["register_contacts.sip"] = msg([
    "REGISTER sip:registrar.example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bKreg1, SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKx",
    "Via: SIP/2.0/TCP 10.2.2.2:5080;branch=z9hG4bKy",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@example.com>",
    "From: Bob <sip:bob@example.com>;tag=456248",
    "Call-ID: 843817637684230@998sdasdh09",
    "CSeq: 1826 REGISTER",
    "Contact: \"Bob, mobile\" <sip:bob@192.168.1.20:5060>;expires=3600, <sip:bob@[2001:db8::5]>;q=0.5",
    "Contact: sip:bob@bob-pc.example.com;expires=60",
    "Expires: 7200",
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
    "Content-Length: 0",
], "")

FILES["resp_200_sdp.sip"] = msg([
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3",
    "Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2",
    "Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=40000",
    "Record-Route: <sip:server10.biloxi.example.com;lr>, <sip:bigbox3.site3.atlanta.example.com;lr>",
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:bob@192.168.2.20>",
    "Content-Type: application/sdp",
    "Content-Length: @CLEN@",
], sdp([
    "v=0",
    "o=bob 2808844564 2808844564 IN IP4 192.168.2.20",
    "s=-",
    "c=IN IP4 192.168.2.20",
    "t=0 0",
    "m=audio 3456 RTP/AVP 0",
    "a=rtpmap:0 PCMU/8000",
    "m=video 0 RTP/AVP 31",
]))

FILES["bye.sip"] = msg([
    "BYE sip:alice@192.168.1.10:5060 SIP/2.0",
    "Via: SIP/2.0/UDP 192.168.2.20:5060;branch=z9hG4bKnashds10",
    "Max-Forwards: 70",
    "From: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
    "To: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 231 BYE",
    "Content-Length: 0",
], "")

FILES["options_noclen.sip"] = msg([
    "OPTIONS sip:carol@chicago.example.com SIP/2.0",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
    "Max-Forwards: 70",
    "To: <sip:carol@chicago.example.com>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710",
    "CSeq: 63104 OPTIONS",
    "Accept: application/sdp",
], "hello body\n")

MP_BODY = ("--unique-boundary-1\n"
           "Content-Type: application/sdp\n"
           "\n"
           "v=0\n"
           "o=- 1 1 IN IP4 198.51.100.7\n"
           "s=-\n"
           "c=IN IP4 198.51.100.7\n"
           "t=0 0\n"
           "m=audio 20000 RTP/AVP 0\n"
           "\n"
           "--unique-boundary-1\n"
           "Content-Type: application/isup; version=itu-t92+\n"
           "\n"
           "binary-ish isup data\n"
           "--unique-boundary-1--\n")

FILES["invite_multipart.sip"] = msg([
    "INVITE sip:+15551234@gw.example.com;user=phone SIP/2.0",
    "Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKmp",
    "Max-Forwards: 70",
    "To: <tel:+15551234>",
    "From: <sip:alice@198.51.100.7>;tag=mp1",
    "Call-ID: mp@198.51.100.7",
    "CSeq: 1 INVITE",
    "Contact: <sip:alice@198.51.100.7>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed ;boundary=\"unique-boundary-1\"",
    "Content-Length: @CLEN@",
], MP_BODY)

FILES["invite_ice.sip"] = msg([
    "INVITE sip:bob@example.org SIP/2.0",
    "Via: SIP/2.0/UDP 192.168.1.30:5060;branch=z9hG4bKice",
    "Max-Forwards: 70",
    "To: <sip:bob@example.org>",
    "From: <sip:carol@example.org>;tag=ice",
    "Call-ID: ice@192.168.1.30",
    "CSeq: 1 INVITE",
    "Contact: <sip:carol@192.168.1.30>",
    "Content-Type: application/sdp",
    "Content-Length: @CLEN@",
], sdp([
    "v=0",
    "o=- 5 5 IN IP4 192.168.1.30",
    "s=-",
    "a=ice-ufrag:8hhY",
    "a=ice-pwd:asd88fgpdd777uzjYhagZg",
    "t=0 0",
    "m=audio 45664 RTP/AVP 0",
    "c=IN IP4 203.0.113.9",
    "a=rtcp:45665 IN IP4 203.0.113.9",
    "a=rtcp-mux",
    "a=candidate:1 1 UDP 2130706431 192.168.1.30 8998 typ host",
    "a=candidate:2 1 UDP 1694498815 203.0.113.9 45664 typ srflx raddr 192.168.1.30 rport 8998",
    "a=end-of-candidates",
    "a=sendrecv",
    "m=video 45666/2 RTP/AVP 31",
    "c=IN IP4 203.0.113.9",
    "a=candidate:1 1 UDP 2130706431 192.168.1.30 9000 typ host",
    "a=recvonly",
]))

FILES["invite_hold.sip"] = msg([
    "INVITE sip:bob@192.0.2.4 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKhold",
    "Max-Forwards: 70",
    "To: <sip:bob@192.0.2.4>;tag=b",
    "From: <sip:alice@192.0.2.1>;tag=a",
    "Call-ID: hold@192.0.2.1",
    "CSeq: 2 INVITE",
    "Contact: <sip:alice@192.0.2.1>",
    "Content-Type: application/sdp",
    "Content-Length: @CLEN@",
], sdp([
    "v=0",
    "o=alice 1 2 IN IP4 192.0.2.1",
    "s=-",
    "c=IN IP4 0.0.0.0",
    "t=0 0",
    "a=sendonly",
    "m=audio 49170 RTP/AVP 0",
    "m=video 49172 RTP/AVP 31",
    "a=inactive",
    "m=image 49174 udptl t38",
    "c=IN IP6 ::",
]))

FILES["notify_cr.sip"] = msg([
    "NOTIFY sip:alice@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKcr",
    "To: <sip:alice@192.0.2.1>;tag=a",
    "From: <sip:pres@192.0.2.9>;tag=p",
    "Call-ID: cr-only",
    "CSeq: 5 NOTIFY",
    "Event: presence",
    "l: @CLEN@",
], "open", eol="\r")

media16 = ["v=0", "o=- 16 16 IN IP4 192.168.7.7", "s=many", "c=IN IP4 192.168.7.7", "t=0 0"]
for i in range(16):
    kind = ["audio", "video", "text", "application"][i % 4]
    media16 += ["m=%s %d RTP/AVP 0 8 96" % (kind, 20000 + 2 * i),
                "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:96 opus/48000/2", "a=fmtp:96 useinbandfec=1",
                "a=rtcp:%d" % (20001 + 2 * i), "a=sendrecv", "a=mid:m%d" % i,
                "a=ssrc:%d cname:stream%d@example" % (1000 + i, i),
                "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid"]
FILES["invite_16media.sip"] = msg([
    "INVITE sip:conf@mcu.example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.168.7.7:5060;branch=z9hG4bK16m;rport",
    "Max-Forwards: 70",
    "To: <sip:conf@mcu.example.com>",
    "From: \"Room 7\" <sip:room7@example.com>;tag=16m",
    "Call-ID: 16media@192.168.7.7",
    "CSeq: 1 INVITE",
    "Contact: <sip:room7@192.168.7.7:5060>",
    "Content-Type: application/sdp",
    "Content-Length: @CLEN@",
], sdp(media16))

if __name__ == "__main__":
    for name, data in FILES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(name, len(data))
