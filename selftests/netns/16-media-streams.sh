#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One offer, six media sections: every active one gets its pinholes, exactly
# as RFC 5761/3605 say (rtcp-mux: one; a=rtcp: where it says, with its
# address rewritten; odd RTP port as written; port 0: none) — the in-tree
# helper stops after three streams, opens port-1 for odd ports and port+1
# for RTCP whatever a=rtcp says.
. "$(dirname "$0")/lib.sh"

CALL_UAC=uac_media.xml place_call sipalg
offer() { grep NEW "$WORK/sipalg.expect" | grep -oE "src=$SRV dst=$GW_PUB sport=0 dport=[0-9]+ " |
	sed 's/.*dport=//; s/ $//' | sort -n | tr '\n' ' '; }

assert_eq "call completes" 0 "$(cat "$WORK/sipalg.rc")"
assert_eq "pinholes for the offer: 6000 (rtcp-mux), 6011+6020, 6030+6031, 6040+6041, 6050+6051" \
	"6000 6011 6020 6030 6031 6040 6041 6050 6051 " "$(offer)"
assert_eq "a=rtcp address rewritten to the gateway" 1 \
	"$(grep -c "^a=rtcp:6031 IN IP4 $GW_PUB\$" "$WORK/sipalg.offer-rcvd")"
assert_eq "a=rtcp without address kept" 1 "$(grep -c '^a=rtcp:6020$' "$WORK/sipalg.offer-rcvd")"
assert_eq "six m= lines reach the server, ports as offered" \
	"6000 6011 0 6030 6040 6050 " \
	"$(grep '^m=' "$WORK/sipalg.offer-rcvd" | awk '{ printf "%s ", $2 }')"
assert_ge "server's RTP on the rtcp-mux audio stream reaching the phone" 200 \
	"$(cat "$WORK/sipalg.rtp")"
assert_eq "rtcp-mux counted" 1 "$(stat sipalg media_rtcp_mux)"
assert_eq "rejected stream counted" 1 "$(stat sipalg media_disabled)"
assert_eq "pinholes created (9 offer + 2 answer)" 11 "$(stat sipalg pinhole_created)"
finish
