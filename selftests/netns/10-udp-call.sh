#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real SIP call over UDP/IPv4 from phone to srv through the masquerading gw.
# The server sends RTP first, to what its received SDP says; the phone sends
# none.  With sipalg the SDP names the gateway's public address and a pinhole
# lets the RTP in; without a helper the same call gets no media at all.
. "$(dirname "$0")/lib.sh"

place_call none
place_call sipalg

# Without a helper: the SDP leaks the inside address and no RTP gets in.
assert_eq "no helper: call completes" 0 "$(cat "$WORK/none.rc")"
assert_eq "no helper: server's RTP reaching the phone" 0 "$(cat "$WORK/none.rtp")"
assert_eq "no helper: SDP c= names the inside address" 1 \
	"$(grep -c "^c=IN IP4 $PHONE\$" "$WORK/none.sdp")"

# With sipalg: the SDP names the gateway, the pinhole lets the media in.
assert_eq "sipalg: call completes" 0 "$(cat "$WORK/sipalg.rc")"
assert_eq "sipalg: SDP c= is the gateway's public address" 1 \
	"$(grep -c "^c=IN IP4 $GW_PUB\$" "$WORK/sipalg.sdp")"
assert_eq "sipalg: SDP o= is the gateway's public address" 1 \
	"$(grep -c "^o=phone .* IN IP4 $GW_PUB\$" "$WORK/sipalg.sdp")"
assert_eq "sipalg: m= keeps the phone's port (free on the gateway)" 1 \
	"$(grep -c '^m=audio 6000 ' "$WORK/sipalg.sdp")"
assert_eq "sipalg: no inside address in the SDP" 0 "$(grep -c "$PHONE" "$WORK/sipalg.sdp")"
# SIP headers too: the server sees only the public side, anywhere but in the
# Call-ID, which is an opaque token that must never be changed.
assert_eq "sipalg: inside address nowhere in what the server received (but Call-ID)" 0 \
	"$(received_msgs sipalg-uas | grep -v '^Call-ID:' | grep -c '198\.51\.100\.')"
assert_eq "no helper: inside address in what the server received" 1 \
	"$(received_msgs none-uas | grep -q '198\.51\.100\.' && echo 1)"
assert_eq "sipalg: Via, From and Contact of the INVITE name the gateway" 3 \
	"$(received_msgs sipalg-uas | sed -n '/^INVITE/,/^$/p' |
	   grep -cE "^(Via: SIP/2.0/UDP |From: .*<sip:phone@|Contact: <sip:phone@)$GW_PUB:5060")"
# On the way back the phone reads its own address again: Via sent-by and received=.
assert_eq "sipalg: responses' Via translated back for the phone (180, 200)" 2 \
	"$(received_msgs sipalg-uac | grep -cE "^Via: SIP/2.0/UDP $PHONE:5060;branch=[^;]*;received=$PHONE\$")"
assert_eq "sipalg: RTP and RTCP pinholes to the public address" 2 \
	"$(grep "NEW" "$WORK/sipalg.expect" | grep -cE "src=$SRV dst=$GW_PUB sport=0 dport=600[01] ")"
assert_eq "sipalg: pinholes towards the server's media (RTP+RTCP)" 2 \
	"$(grep "NEW" "$WORK/sipalg.expect" | grep -cE "src=$PHONE dst=$SRV sport=0 dport=700[01] ")"
# g711a.pcap holds 236 RTP packets; allow for a few lost at the very end.
assert_ge "sipalg: server's RTP reaching the phone" 200 "$(cat "$WORK/sipalg.rtp")"

# The counters tell the same story, exactly.
assert_eq "no helper: sipalg saw no message" 0 "$(stat none msg_request)"
assert_eq "sipalg: requests seen (INVITE, ACK, BYE)" 3 "$(stat sipalg msg_request)"
assert_eq "sipalg: responses seen (180, 200, 200)" 3 "$(stat sipalg msg_response)"
assert_eq "sipalg: by method: INVITE ACK BYE OPTIONS" "1 1 1 0" \
	"$(stat sipalg req_invite) $(stat sipalg req_ack) $(stat sipalg req_bye) $(stat sipalg req_options)"
assert_eq "sipalg: by class: 1xx 2xx 4xx" "1 2 0" \
	"$(stat sipalg resp_1xx) $(stat sipalg resp_2xx) $(stat sipalg resp_4xx)"
assert_eq "sipalg: SDP bodies parsed (offer, answer)" 2 "$(stat sipalg sdp_parsed)"
assert_eq "sipalg: pinholes created" 4 "$(stat sipalg pinhole_created)"
assert_eq "sipalg: pinholes used by the server's RTP" 1 "$(stat sipalg pinhole_matched)"
assert_eq "sipalg: o= rewritten" 1 "$(stat sipalg rewrite_sdp_origin)"
assert_eq "sipalg: session c= rewritten" 1 "$(stat sipalg rewrite_sdp_conn)"
assert_eq "sipalg: Content-Length fixed (the public address is one byte shorter)" 1 \
	"$(stat sipalg rewrite_content_length)"
assert_eq "sipalg: nothing forwarded unmodified" 0 "$(stat sipalg fwd_unmodified)"
assert_eq "sipalg: Via rewritten (INVITE, ACK, BYE out; 180, 200, 200 back)" 6 \
	"$(stat sipalg rewrite_via)"
assert_eq "sipalg: Contact rewritten (the phone's, in the INVITE)" 1 "$(stat sipalg rewrite_contact)"
assert_eq "sipalg: From rewritten (3 requests out, 3 responses back)" 6 "$(stat sipalg rewrite_from_to)"
assert_eq "sipalg: Request-URI untouched (names the server)" 0 "$(stat sipalg rewrite_request_uri)"
assert_eq "sipalg: Record-Route naming the inside host rewritten" 1 "$(stat sipalg rewrite_route)"
assert_eq "sipalg: the server sees the Record-Route on the gateway" 1 \
	"$(received_msgs sipalg-uas | grep -c "^Record-Route: <sip:$GW_PUB:5060;lr>")"

# The same counters as JSON and in the Prometheus text format.
assert_eq "sipalgctl --json: pinhole_created" 4 \
	"$(gw "$TOP/userspace/sipalgctl" --json stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["stats"]["pinhole_created"])')"
assert_eq "sipalgctl --prometheus: pinhole_created" 1 \
	"$(gw "$TOP/userspace/sipalgctl" --prometheus stats | grep -c '^sipalg_pinhole_created_total 4$')"
finish
