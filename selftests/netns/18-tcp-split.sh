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
#  (a3) the server receives nothing until the OPTIONS after the rebuilt
#      INVITE has reached the gateway: the INVITE's retransmission must
#      still arrive rewritten and where it belongs in the server's stream;
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
# data packet): whatever piece of it the phone retransmits (the first, the
# second, both collapsed), the gateway rebuilds the whole INVITE from the
# copy of its original bytes and rewrites it again the same way.
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

# (a3) srv drops all the phone's data until the phone has sent the OPTIONS
# (0.5 s after the INVITE) and 1 s more: the OPTIONS reaches the gateway
# while the rebuilt INVITE before it is not acknowledged.  seqadj keeps one
# correction point per direction: had the OPTIONS been rewritten then (it is
# 3 bytes shorter), the correction for the INVITE's 5 bytes would apply to
# the INVITE's own retransmission, and the server's duplicate ACKs would
# acknowledge 5 bytes of it it never got.  The gateway must move the
# sequence numbers seqadj gets wrong (the server's duplicate ACKs, the
# INVITE's retransmission) by what the INVITE's correction point says.
srv nft -f - <<-'NFT'
table inet deaf {
	counter lost { }
	chain in {
		type filter hook input priority filter; policy accept;
		tcp dport 5060 ip length > 100 counter name lost drop
	}
}
NFT
snap d0
t0=$(date +%s)
phone $PY client $SRV 5060 $PHONE deaf > "$WORK/deaf.sent" &
cpid=$!
for i in $(seq 100); do
	[ "$(grep -c piece "$WORK/deaf.sent")" -ge 3 ] && break
	sleep 0.1
done
log "deaf: the phone sent the OPTIONS after $(( $(date +%s) - t0 )) s"
sleep 1
lost=$(srv nft list counter inet deaf lost |
	awk '/packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }')
srv nft delete table inet deaf
log "deaf: the server's drop removed after $(( $(date +%s) - t0 )) s, $lost packets lost"
# The phone's retransmission timeout is at least 3 s (phone_rto_min); the
# INVITE and OPTIONS rewritten are 796 bytes.
for i in $(seq 300); do
	[ "$(cat "$WORK/srv/conn-3.bin" 2> /dev/null | wc -c)" -ge 796 ] && break
	sleep 0.1
done
log "deaf: the server had $(wc -c < "$WORK/srv/conn-3.bin") bytes"
wait $cpid
sleep 0.5
$PY check "$WORK/srv/conn-3.bin" > "$WORK/deaf.rcvd"
snap d1
moved d0 d1
log "deaf: sent pieces $(awk '{ printf "%s ", $2 }' "$WORK/deaf.sent"); the server framed:"
sed 's/^/#   /' "$WORK/deaf.rcvd"
log "counters moved:"; diff "$WORK/d0.stats" "$WORK/d1.stats" | sed -n 's/^> /#   /p'
assert_ge "the server lost the phone's data at first (the rebuilt INVITE at least)" 1 "$lost"
assert_eq "the server got the INVITE, rewritten, then the OPTIONS" \
	"INVITE public c=$GW_PUB OPTIONS public c=- rest 0" \
	"$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1 " " $3 " " $4; s = " " }' "$WORK/deaf.rcvd")"
assert_ge "ACKs or the retransmission moved to the INVITE's correction point" 1 \
	"${D[tcp_seq_preadjusted]:-0}"
assert_eq "nothing forwarded unmodified or passed unparsed" "0 0" \
	"${D[fwd_unmodified]} ${D[tcp_not_at_boundary]}"
log "(a3) took $(( $(date +%s) - t0 )) s"

# (a6) over IPv6 (NAT66): a 2600-byte OPTIONS in three pieces, rebuilt whole
# (GSO over IPv6), and one after it.
snap v0
run split6 4 $SRV6 $PHONE6
snap v1
moved v0 v1
assert_eq "server framed both, no inside address" "OPTIONS public OPTIONS public rest 0" \
	"$(awk '{ printf "%s%s", s, $1 == "rest" ? $1 " " $2 : $1 " " $3; s = " " }' "$WORK/split6.rcvd")"
assert_eq "reassembled once, both parsed, nothing unmodified" "1 2 0" \
	"${D[tcp_msgs_reassembled]} ${D[msg_request]} ${D[fwd_unmodified]}"
assert_ge "pieces held" 2 "${D[tcp_segments_held]}"
finish
