#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Policies, on real calls: an ICE offer is left alone (ice=leave, default) or
# stripped of ICE and rewritten (ice=strip); observe mode plans and counts
# everything but changes no byte and opens no pinhole.
. "$(dirname "$0")/lib.sh"

save() { for f in rc rtp sdp expect stats offer-sent offer-rcvd; do mv "$WORK/sipalg.$f" "$WORK/$1.$f"; done; }
gstat() { awk -v n="$2" '$1 == n { print $2 }' "$WORK/$1.stats"; }

CALL_UAC=uac_ice.xml place_call sipalg
save leave
CALL_UAC=uac_ice.xml place_call sipalg udp 4 "gw sysctl -qw net.netfilter.sipalg.ice=1"
save strip
place_call sipalg udp 4 "gw $TOP/userspace/sipalgctl set mode observe"
save observe

assert_eq "ice=leave: call completes" 0 "$(cat "$WORK/leave.rc")"
assert_eq "ice=leave: the offer's SDP reaches the server byte for byte" "" \
	"$(diff "$WORK/leave.offer-sent" "$WORK/leave.offer-rcvd")"
assert_eq "ice=leave: counted" 1 "$(gstat leave ice_left_alone)"
assert_eq "ice=leave: no pinhole for the ICE offer (only for the answer)" 0 \
	"$(grep NEW "$WORK/leave.expect" | grep -c "dst=$GW_PUB ")"

assert_eq "ice=strip: call completes" 0 "$(cat "$WORK/strip.rc")"
assert_eq "ice=strip: no ICE attribute left in the offer" 0 \
	"$(grep -cE '^a=(candidate|ice-)' "$WORK/strip.offer-rcvd")"
assert_eq "ice=strip: the rest is rewritten (c=)" 1 \
	"$(grep -c "^c=IN IP4 $GW_PUB\$" "$WORK/strip.offer-rcvd")"
assert_eq "ice=strip: other lines kept" "$(grep -vcE '^a=(candidate|ice-)' "$WORK/strip.offer-sent")" \
	"$(wc -l < "$WORK/strip.offer-rcvd")"
assert_ge "ice=strip: server's RTP reaching the phone" 200 "$(cat "$WORK/strip.rtp")"
assert_eq "ice=strip: counted" 1 "$(gstat strip ice_stripped)"

assert_eq "observe: call completes" 0 "$(cat "$WORK/observe.rc")"
assert_eq "observe: the offer's SDP is unchanged" "" \
	"$(diff "$WORK/observe.offer-sent" "$WORK/observe.offer-rcvd")"
assert_eq "observe: no expectation created" 0 "$(grep -c NEW "$WORK/observe.expect")"
assert_eq "observe: pinholes it would have opened (offer + answer, RTP + RTCP)" 4 \
	"$(gstat observe observe_pinholes_planned)"
assert_ge "observe: rewrites it would have made" 10 "$(gstat observe observe_rewrites_planned)"
assert_eq "observe: nothing created" 0 "$(gstat observe pinhole_created)"
assert_eq "observe: so no media gets in" 0 "$(cat "$WORK/observe.rtp")"
finish
