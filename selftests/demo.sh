#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the VM: one SIP call through a NAT gateway without a
# helper and one with sipalg, told the way a gateway operator would look at it.
. "$(dirname "$0")/netns/lib.sh"

say() { printf '%s\n' "$*"; }
hr() { say "------------------------------------------------------------------------"; }

hr
say "sipalg demo: a phone behind NAT calls a server on the public side."
say
say "   phone $PHONE  ---  [ gw $GW_IN | $GW_PUB ]  ---  srv $SRV"
say
say "The gateway masquerades the inside network and drops new inbound"
say "connections unless conntrack relates them to an existing one"
say "(examples/gateway.nft). The server has no route to the inside network."
say "The server answers the call and SENDS AUDIO FIRST (236 RTP packets) to"
say "the address and port in the SDP it received; the phone sends no audio."
hr

place_call none > "$WORK/none.log" 2>&1
place_call sipalg > "$WORK/sipalg.log" 2>&1

say "1) Without a SIP helper"
say "   SDP the phone sent, as the server received it:"
sed 's/^/      /' "$WORK/none.sdp"
say "   -> it names $PHONE, an address that means nothing outside."
say "   RTP packets that reached the phone: $(cat "$WORK/none.rtp") of 236"
hr
say "2) With sipalg (nft: ct helper \"sip-udp\" { type \"sipalg\" protocol udp })"
say "   SDP as the phone sent it:"
sent_msgs sipalg-uac | grep -E '^(o|c|m)=' | head -n 3 | sed 's/^/      /'
say "   SDP as the server received it (rewritten by the gateway):"
sed 's/^/      /' "$WORK/sipalg.sdp"
say "   Pinholes the gateway opened (conntrack expectations):"
grep NEW "$WORK/sipalg.expect" |
	sed -E 's/.*proto=17 src=([^ ]+) dst=([^ ]+) sport=0 dport=([0-9]+).*/      udp from \1 (any port) to \2:\3/' | sort -u
say "   RTP packets that reached the phone: $(cat "$WORK/sipalg.rtp") of 236"
say "   sipalg counters on the gateway (sipalgctl stats):"
grep -v ' 0$' "$WORK/sipalg.stats" | sed 's/^/      /'
hr
if [ "$(cat "$WORK/sipalg.rtp")" -ge 200 ] && [ "$(cat "$WORK/none.rtp")" -eq 0 ]; then
	say "Result: the server's audio crossed the NAT because of sipalg."
else
	say "Result: UNEXPECTED - see $WORK"
	failures=1
fi
finish
