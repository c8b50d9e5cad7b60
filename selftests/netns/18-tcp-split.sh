#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SIP over TCP in pieces (tcp.c): each case is one connection from the phone
# to a server on srv that records the bytes it receives; the phone sends with
# TCP_NODELAY and a pause between pieces, so each piece is its own segment.
#  (a) an INVITE cut in the middle of its SDP, an OPTIONS, and an INVITE of
#      about 3000 bytes in four pieces of at most 1000 (rebuilt whole it is
#      larger than the MTU: it must leave as GSO): held and rebuilt, rewritten
#      with a right Content-Length, the stream still frames at the server,
#      and the server's media reaches the phone through the pinhole;
#  (b) with tcp_buffer at 1024, a 2900-byte INVITE goes through unmodified
#      and counted, and the INVITE after it is rewritten (resync at its end);
#      an INVITE whose rest comes after the sender's retransmission timeout
#      is given up after 2 s, and the stream resyncs at its end;
#  (c) an HTTP POST whose body (a segment of its own) is an INVITE, and an
#      INVITE after data without Content-Length: neither is parsed, no pinhole.
. "$(dirname "$0")/lib.sh"

PY="python3 -S $TOP/selftests/netns/tcpsplit.py"	# -S: starts faster under TCG

topology_up
gateway_rules sipalg
mkdir -p "$WORK/srv"
(srv $PY server 5060 "$WORK/srv" > /dev/null 2>&1 &)
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
sleep 0.5

snap() { gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/$1.stats"; }
# moved FROM TO: D[name] = how much each counter moved between two snapshots.
declare -A D
moved() {
	local k v
	D=()
	awk 'NR == FNR { a[$1] = $2; next } { print $1, $2 - a[$1] }' \
		"$WORK/$1.stats" "$WORK/$2.stats" > "$WORK/moved"
	while read -r k v; do D[$k]=$v; done < "$WORK/moved"
}
# run CASE N: one connection; its stream as the server got it in $WORK/CASE.rcvd.
run() {
	phone $PY client $SRV 5060 $PHONE "$1" > "$WORK/$1.sent"
	sleep 0.5
	$PY check "$WORK/srv/conn-$2.bin" > "$WORK/$1.rcvd"
	log "$1: sent pieces $(awk '{ printf "%s ", $2 }' "$WORK/$1.sent"); the server framed:"
	sed 's/^/#   /' "$WORK/$1.rcvd"
}
nft_count() {
	phone nft list counter inet seg "$1" |
		awk '/packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'
}

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

# (b) a message longer than tcp_buffer
gw sysctl -qw net.netfilter.sipalg.tcp_buffer=1024
snap b0
run overflow 3
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
snap s0
run stall 4
snap s1
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
run slipstream 5
snap c1
moved c0 c1
assert_eq "POST with its INVITE body went through as it was" "POST bytes=602 private" \
	"$(head -n 1 "$WORK/slipstream.rcvd" | cut -d' ' -f1-3)"
assert_eq "the POST was reassembled, then did not parse" "1 1" \
	"${D[tcp_msgs_reassembled]} ${D[parse_error]}"
assert_eq "no request parsed, no pinhole" "0 0" "${D[msg_request]} ${D[pinhole_created]}"
run garbage 6
snap c2
moved c1 c2
assert_eq "INVITE after unframeable data reached the server unmodified" "INVITE bytes=506 private" \
	"$(tail -n +2 "$WORK/garbage.rcvd" | head -n 1 | cut -d' ' -f1-3)"
assert_eq "stream given up once, then its INVITE segment passed unparsed" "1 1" \
	"${D[tcp_desync]} ${D[tcp_not_at_boundary]}"
assert_eq "no request parsed, no pinhole" "0 0" "${D[msg_request]} ${D[pinhole_created]}"
finish
