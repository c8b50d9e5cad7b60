#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input through the gateway (UDP, fragmented UDP, TCP): truncated
# messages, absurd Content-Lengths, NUL bytes, a 60 KB header line, 2000
# headers, garbage, 300 m= lines, malformed c= addresses, a TCP stream that
# starts mid-message, one whose segment ends inside a message.  Each is
# forwarded unmodified (the default; the partial TCP message is held) and
# moves its counter; nothing crashes (the rig fails on any kernel splat); a normal
# call placed right after still gets its media.
. "$(dirname "$0")/lib.sh"

topology_up
gateway_rules sipalg
count_udp_in srv sip 5060
srv nft add rule inet sipalg_count_sip input tcp dport 5060 tcp flags \& \(syn\|fin\|rst\) == 0 \
	meta l4proto tcp counter
# A TCP sink on srv (in a subshell: its end needs no job report).
(srv python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 5060)); s.listen(4)
while True:
    c, _ = s.accept()
    while c.recv(65536):
        pass
' &)
sleep 0.5
phone python3 "$TOP/selftests/netns/hostile.py" udp $SRV 5060 > "$WORK/udp.sent"
phone python3 "$TOP/selftests/netns/hostile.py" tcp $SRV 5060 > "$WORK/tcp.sent"
sleep 1
gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/gw.stats"
log "sent:"; sed 's/^/#   /' "$WORK/udp.sent" "$WORK/tcp.sent"
log "counters:"; grep -v ' 0$' "$WORK/gw.stats" | sed 's/^/#   /'
gstat() { awk -v n="$1" '$1 == n { print $2 }' "$WORK/gw.stats"; }
want() { cat "$WORK/udp.sent" "$WORK/tcp.sent" | awk -v c="$1" '$3 == c' | wc -l; }

assert_eq "every hostile datagram reached the server (none silently dropped)" \
	"$(wc -l < "$WORK/udp.sent")" "$(counted srv sip)"
assert_eq "parse errors counted, one per unparsable message" "$(want parse_error)" \
	"$(gstat parse_error)"
# The held partial message is given up after 2 s (a slow VM may get there
# before the counters are read): counted once, then each retransmission of
# it passes unparsed.
assert_eq "unparsable messages forwarded unmodified" \
	"$(($(want parse_error) + $(gstat tcp_reassembly_timeout) + $(gstat tcp_not_at_boundary)))" \
	"$(gstat fwd_unmodified)"
assert_eq "SDP errors counted (300 m=, malformed c=)" "$(want sdp_error)" "$(gstat sdp_error)"
assert_eq "IPv6 media in an IPv4 call refused" "$(want pinhole_refused_family)" \
	"$(gstat pinhole_refused_family)"
# Held, and its retransmissions too, while the 2 s the rest may take run.
assert_ge "TCP segment ending inside a message held, not parsed" "$(want tcp_segments_held)" \
	"$(gstat tcp_segments_held)"
assert_eq "and not parsed as a message" 0 "$(gstat tcp_msgs_reassembled)"
assert_eq "no pinhole opened by any of it" 0 "$(gstat pinhole_created)"
assert_eq "nothing dropped" 0 "$(( $(gstat drop_nomem) + $(gstat drop_parse_error) ))"

# A normal call right after still works.
place_call sipalg
assert_eq "normal call after the attack completes" 0 "$(cat "$WORK/sipalg.rc")"
assert_ge "and its media gets in" 200 "$(cat "$WORK/sipalg.rtp")"
finish
