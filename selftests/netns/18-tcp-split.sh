#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SIP over TCP in pieces, reassembled (tcp.c): each case is one connection
# from the phone to a server on srv that records the bytes it receives; the
# phone sends with TCP_NODELAY and a short pause between pieces, so each
# piece is its own segment.
#  (a) an INVITE cut in the middle of its SDP, an OPTIONS, and an INVITE of
#      about 3000 bytes in four pieces of at most 1000 (rebuilt whole it is
#      larger than the MTU: it must leave as GSO): held and rebuilt, rewritten
#      with a right Content-Length, the stream still frames at the server,
#      and the server's media reaches the phone through the pinhole;
#  (a2) the same after the rebuilt INVITE is lost on its way to the server;
#  (a6) over IPv6.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tcpsplit.sh"

tcp_split_up
# Data segments the phone sends, by IP length (20 + 32 bytes of TCP header
# with timestamps, 20 + 20 without).
phone nft -f - <<-'NFT'
table inet seg {
	counter first { }
	counter data { }
	chain out {
		type filter hook output priority filter; policy accept;
		tcp dport 5060 ip length { 421, 453 } counter name first
		tcp dport 5060 ip length > 72 counter name data
	}
}
NFT

# (a) split messages
snap a0
t0=$(date +%s)
run split 1
snap a1
moved a0 a1
log "counters moved:"; diff "$WORK/a0.stats" "$WORK/a1.stats" | sed -n 's/^> /#   /p'
assert_ge "the 401-byte first piece left the phone as a segment of its own" 1 "$(nft_count first)"
assert_ge "the phone sent at least 7 data segments" 7 "$(nft_count data)"
assert_eq "server framed INVITE, OPTIONS, INVITE and nothing else" \
	"INVITE OPTIONS INVITE rest 0" "$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1; s = " " }' "$WORK/split.rcvd")"
assert_eq "no inside address in what the server got (but Call-ID)" 0 \
	"$(grep -c ' private ' "$WORK/split.rcvd")"
assert_eq "both SDPs name the gateway" "c=$GW_PUB c=$GW_PUB" \
	"$(awk '$1 == "INVITE" { printf "%s%s", s, $4; s = " " }' "$WORK/split.rcvd")"
assert_eq "split messages reassembled" 2 "${D[tcp_msgs_reassembled]}"
assert_ge "segments held (1 + 3 pieces, and retransmissions of them)" 4 "${D[tcp_segments_held]}"
assert_eq "requests parsed (INVITE, OPTIONS, INVITE)" 3 "${D[msg_request]}"
assert_eq "Content-Length rewritten in both INVITEs" 2 "${D[rewrite_content_length]}"
assert_eq "SDP c= rewritten (session c= of both INVITEs)" 2 "${D[rewrite_sdp_conn]}"
assert_eq "pinholes opened (RTP + RTCP for each INVITE)" 4 "${D[pinhole_created]}"
assert_eq "nothing forwarded unmodified" 0 "${D[fwd_unmodified]}"
assert_eq "no segment passed unparsed" 0 "${D[tcp_not_at_boundary]}"
assert_eq "nothing out of order, no overflow, no desync" "0 0 0" \
	"${D[tcp_out_of_order]} ${D[tcp_reassembly_overflow]} ${D[tcp_desync]}"
# The server sends media first, to what the rewritten SDP of the split INVITE says.
port=$(awk '$1 == "INVITE" { sub("m=", "", $5); print $5; exit }' "$WORK/split.rcvd")
count_udp_in phone rtp 6000
srv $PY udp $GW_PUB "$port" 20
sleep 0.5
assert_eq "server's media to $GW_PUB:$port reaches the phone on 6000" 20 "$(counted phone rtp)"
log "(a) took $(( $(date +%s) - t0 )) s"

# (a2) the rebuilt INVITE is lost after the gateway (srv drops the first big
# data packet): the phone's retransmission starts where the rebuilt segment
# did and is rewritten again the same way (from the copy of the message if
# it is only its first piece); a retransmitted second piece on its own goes
# as it is and ends inside what the rewritten one covers.
srv nft -f - <<-'NFT'
table inet lose {
	chain in {
		type filter hook input priority filter; policy accept;
		tcp dport 5060 ip length > 450 quota until 600 bytes counter drop
	}
}
NFT
snap l0
run lost 2
snap l1
moved l0 l1
srv nft delete table inet lose
assert_eq "the server got one INVITE, rewritten, then the OPTIONS" \
	"INVITE public c=$GW_PUB OPTIONS public c=- rest 0" \
	"$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1 " " $3 " " $4; s = " " }' "$WORK/lost.rcvd")"
assert_ge "the lost INVITE was retransmitted" 1 "${D[tcp_retransmit]}"
assert_eq "INVITE parsed and rewritten twice, OPTIONS once" "3 2" \
	"${D[msg_request]} ${D[rewrite_content_length]}"
assert_eq "nothing forwarded unmodified or passed unparsed" "0 0" \
	"${D[fwd_unmodified]} ${D[tcp_not_at_boundary]}"

# (a6) over IPv6 (NAT66): a 2600-byte OPTIONS in three pieces, rebuilt whole
# (GSO over IPv6), and one after it.
snap v0
run split6 3 $SRV6 $PHONE6
snap v1
moved v0 v1
assert_eq "server framed both, no inside address" "OPTIONS public OPTIONS public rest 0" \
	"$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1 " " $3; s = " " }' "$WORK/split6.rcvd")"
assert_eq "reassembled once, both parsed, nothing unmodified" "1 2 0" \
	"${D[tcp_msgs_reassembled]} ${D[msg_request]} ${D[fwd_unmodified]}"
assert_ge "pieces held" 2 "${D[tcp_segments_held]}"
finish
