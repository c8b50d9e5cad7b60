#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The same call over one TCP connection.  NAT makes the INVITE shorter (the
# public address has one digit less), so Content-Length changes and the TCP
# stream is re-sequenced: the server must still parse every later message on
# that connection (ACK, BYE), and the answer's media must get in.
. "$(dirname "$0")/lib.sh"

place_call sipalg tcp

assert_eq "call over TCP completes (server parsed INVITE, ACK, BYE on one connection)" 0 \
	"$(cat "$WORK/sipalg.rc")"
assert_eq "SDP c= is the gateway's public address" 1 \
	"$(grep -c "^c=IN IP4 $GW_PUB\$" "$WORK/sipalg.sdp")"
assert_eq "inside address nowhere in what the server received (but Call-ID)" 0 \
	"$(received_msgs sipalg-uas | grep -v '^Call-ID:' | grep -c '198\.51\.100\.')"
assert_eq "Via names TCP and the gateway" 1 \
	"$(received_msgs sipalg-uas | sed -n '/^INVITE/,/^$/p' | grep -c "^Via: SIP/2.0/TCP $GW_PUB:")"
# The body the server got is exactly as long as its Content-Length says.
received_msgs sipalg-uas | sed -n '/^INVITE /,/^a=rtpmap/p' | awk '
	/^Content-Length:/ { cl = $2 }
	/^$/ { body = 1; next }
	body { n += length($0) + 2 }
	END { print (cl == n) ? "match" : "mismatch " cl " vs " n }' > "$WORK/clen"
assert_eq "Content-Length matches the rewritten body" match "$(cat "$WORK/clen")"
assert_ge "server's RTP reaching the phone" 200 "$(cat "$WORK/sipalg.rtp")"
assert_eq "Content-Length rewritten once (INVITE)" 1 "$(stat sipalg rewrite_content_length)"
assert_eq "requests seen (INVITE, ACK, BYE)" 3 "$(stat sipalg msg_request)"
assert_eq "responses seen (180, 200, 200)" 3 "$(stat sipalg msg_response)"
assert_eq "no segment left unparsed" 0 "$(stat sipalg tcp_not_at_boundary)"
assert_eq "nothing forwarded unmodified" 0 "$(stat sipalg fwd_unmodified)"
finish
