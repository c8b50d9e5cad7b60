#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SIP over TCP: stream sync (tcp.c), one connection per case as in
# 18-tcp-split.sh.
#  (b) with tcp_buffer at 1024, a 2900-byte INVITE goes through unmodified
#      and counted, and the INVITE after it is rewritten (resync at its end);
#  (b2) an INVITE whose rest comes after the sender's retransmission timeout
#      is given up after 2 s, and the stream resyncs at its end;
#  (c) an HTTP POST whose body (a segment of its own) is an INVITE, and an
#      INVITE after data without Content-Length: neither is parsed, no pinhole.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tcpsplit.sh"

tcp_split_up

# (b) a message longer than tcp_buffer
gw sysctl -qw net.netfilter.sipalg.tcp_buffer=1024
snap b0
run overflow 1
snap b1
moved b0 b1
gw sysctl -qw net.netfilter.sipalg.tcp_buffer=16384
assert_eq "server framed both INVITEs" "INVITE INVITE rest 0" \
	"$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1; s = " " }' "$WORK/overflow.rcvd")"
assert_eq "the long one unmodified, the next one rewritten" \
	"private c=$PHONE public c=$GW_PUB" \
	"$(awk '$1 == "INVITE" { printf "%s%s %s", s, $3, $4; s = " " }' "$WORK/overflow.rcvd")"
assert_eq "overflow counted" 1 "${D[tcp_reassembly_overflow]}"
assert_eq "in sync again at its end" 1 "${D[tcp_resync]}"
assert_eq "forwarded unmodified: the long one" 1 "${D[fwd_unmodified]}"
assert_eq "nothing held" 0 "${D[tcp_segments_held]}"
assert_eq "one request parsed (the second INVITE)" 1 "${D[msg_request]}"

# (b2) the rest of a message comes only after the sender's retransmission
# timeout: it stops sending new data until the held part is acknowledged, so
# after 2 s of holding the message is given up and goes through unmodified;
# its length is known, so the stream is in sync again at its end.
phone_rto_min 200ms	# the usual floor: this sender's timer must fire
snap s0
run stall 2
snap s1
phone_rto_min 3s
moved s0 s1
assert_eq "server framed the INVITE, unmodified, and the OPTIONS, rewritten" \
	"INVITE private OPTIONS public rest 0" \
	"$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1 " " $3; s = " " }' "$WORK/stall.rcvd")"
assert_eq "held part given up once, in sync at the message's end" "1 1" \
	"${D[tcp_reassembly_timeout]} ${D[tcp_resync]}"
assert_ge "held part and its retransmissions dropped while waiting" 2 "${D[tcp_segments_held]}"
assert_eq "the OPTIONS parsed, nothing mid-message" "1 0" "${D[msg_request]} ${D[tcp_not_at_boundary]}"

# (c) SIP where no message starts
snap c0
run slipstream 3
snap c1
moved c0 c1
assert_eq "POST with its INVITE body went through as it was" "POST bytes=602 private" \
	"$(head -n 1 "$WORK/slipstream.rcvd" | cut -d' ' -f1-3)"
assert_eq "the POST was reassembled, then did not parse" "1 1" \
	"${D[tcp_msgs_reassembled]} ${D[parse_error]}"
assert_eq "no request parsed, no pinhole" "0 0" "${D[msg_request]} ${D[pinhole_created]}"
run garbage 4
snap c2
moved c1 c2
assert_eq "INVITE after unframeable data reached the server unmodified" "INVITE bytes=506 private" \
	"$(tail -n +2 "$WORK/garbage.rcvd" | head -n 1 | cut -d' ' -f1-3)"
assert_eq "stream given up once, then its INVITE segment passed unparsed" "1 1" \
	"${D[tcp_desync]} ${D[tcp_not_at_boundary]}"
assert_eq "no request parsed, no pinhole" "0 0" "${D[msg_request]} ${D[pinhole_created]}"
finish
