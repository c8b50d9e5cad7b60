#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The call over IPv6, twice: through NAT66 (the ruleset's masquerade applies
# to IPv6 too) and as a pure firewall without NAT (srv routes to the inside
# prefix; the gateway still drops new inbound flows).  Both need sipalg's
# pinholes for the server's media; only NAT66 needs the SDP rewritten.
. "$(dirname "$0")/lib.sh"

place_call sipalg udp 6
mv "$WORK/sipalg.sdp" "$WORK/nat66.sdp"
mv "$WORK/sipalg.rtp" "$WORK/nat66.rtp"
mv "$WORK/sipalg.rc" "$WORK/nat66.rc"
mv "$WORK/sipalg.expect" "$WORK/nat66.expect"
mv "$WORK/sipalg.stats" "$WORK/nat66.stats"
mv "$WORK/sipalg-uas.msg" "$WORK/nat66-uas.msg"

# No NAT for IPv6: accept in the NAT chain before masquerade; srv gets a route.
place_call sipalg udp 6 "gw nft insert rule inet sipalg_gw postrouting meta nfproto ipv6 accept;
	ip -n srv -6 route add 2001:db8:1::/64 via $GW_PUB6"

assert_eq "NAT66: call completes" 0 "$(cat "$WORK/nat66.rc")"
assert_eq "NAT66: SDP c= is the gateway's public IPv6 address" 1 \
	"$(grep -c "^c=IN IP6 $GW_PUB6\$" "$WORK/nat66.sdp")"
assert_eq "NAT66: SDP o= is the gateway's public IPv6 address" 1 \
	"$(grep -c "^o=phone .* IN IP6 $GW_PUB6\$" "$WORK/nat66.sdp")"
assert_eq "NAT66: RTP+RTCP pinholes to the gateway" 2 \
	"$(grep NEW "$WORK/nat66.expect" | grep -cE "src=$SRV6 dst=$GW_PUB6 sport=0 dport=600[01] ")"
assert_ge "NAT66: server's RTP reaching the phone" 200 "$(cat "$WORK/nat66.rtp")"
assert_eq "NAT66: Via names the gateway in brackets" 1 \
	"$(received_msgs nat66-uas | sed -n '/^INVITE/,/^$/p' | grep -c "^Via: SIP/2.0/UDP \[$GW_PUB6\]:5060")"

assert_eq "no NAT: call completes" 0 "$(cat "$WORK/sipalg.rc")"
assert_eq "no NAT: SDP keeps the phone's own address" 1 \
	"$(grep -c "^c=IN IP6 $PHONE6\$" "$WORK/sipalg.sdp")"
assert_eq "no NAT: RTP+RTCP pinholes straight to the phone" 2 \
	"$(grep NEW "$WORK/sipalg.expect" | grep -cE "src=$SRV6 dst=$PHONE6 sport=0 dport=600[01] ")"
assert_ge "no NAT: server's RTP reaching the phone through the firewall" 200 \
	"$(cat "$WORK/sipalg.rtp")"
assert_eq "no NAT: no rewrite at all" 0 \
	"$(awk '$1 ~ /^rewrite_/ { n += $2 } END { print n + 0 }' "$WORK/sipalg.stats")"
finish
