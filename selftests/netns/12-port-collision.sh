#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two phones behind the gateway both use media port 6000 (phones ship with the
# same defaults) and both call the same server.  The second call cannot have
# public port 6000 again: sipalg advertises another port of the same parity
# (6002), delivers the server's media sent there to phone2:6000, and makes
# phone2's own RTP leave the gateway from 6002 too (symmetric RTP, RFC 4961),
# although phone2 sends first, before any packet came in.
. "$(dirname "$0")/lib.sh"

topology_up
gateway_rules sipalg
# Call A goes to a second server port; the helper is attached there as well.
gw nft add rule inet sipalg_gw prerouting udp dport 5070 ct helper set '"sip-udp"'
count_udp_in phone rtpA 6000
count_udp_in phone2 rtpB 6000
count_udp_in srv from6002 7000 udp sport 6002
count_udp_in srv from6000 7000 udp sport 6000
watch_expect calls

# Call A: phone -> srv:5070, answered, no media at all: its pinhole on the
# gateway's port 6000 stays open for the whole call.
sipp_bg srv uasA -sf "$SIPP_DIR/uas_hold.xml" -i $SRV -p 5070 -mi $SRV -mp 7100 -m 1 \
	-key gwpub $GW_PUB
sipp_bg phone uacA -sf "$SIPP_DIR/uac_silent.xml" $SRV:5070 -i $PHONE -p 5060 \
	-mi $PHONE -mp 6000 -m 1 -d 30000
for _ in $(seq 100); do
	grep -q "dport=6000 " "$WORK/calls.expect" && break
	sleep 0.2
done
log "call A up"

# Call B: phone2 -> srv:5060; phone2 plays RTP right after its ACK, the server
# starts 3 s later, to what its SDP says.
sipp_bg srv uasB -sf "$SIPP_DIR/uas_play.xml" -i $SRV -p 5060 -mi $SRV -mp 7000 -m 1 \
	-key gwpub $GW_PUB -d 3000
sipp_fg phone2 uacB -sf "$SIPP_DIR/uac_play.xml" $SRV:5060 -i $PHONE2 -p 5060 \
	-mi $PHONE2 -mp 6000 -m 1 -d 12000 -timeout 60s
rcB=$?
log "call B ended: $rcB"
sleep 0.5
unwatch_expect calls
gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/gw.stats"
received_msgs uasB | grep -E '^(c|m)=' > "$WORK/B.sdp"
log "call B SDP at the server:"; sed 's/^/#   /' "$WORK/B.sdp"
log "pinholes:"; grep NEW "$WORK/calls.expect" | sed 's/^/#   /'
log "counters:"; grep -v ' 0$' "$WORK/gw.stats" | sed 's/^/#   /'
gstat() { awk -v n="$1" '$1 == n { print $2 }' "$WORK/gw.stats"; }

assert_eq "call B completes" 0 "$rcB"
assert_eq "call B's SDP advertises the next free port of the same parity" 1 \
	"$(grep -c '^m=audio 6002 ' "$WORK/B.sdp")"
assert_eq "call B's SDP names the gateway" 1 "$(grep -c "^c=IN IP4 $GW_PUB\$" "$WORK/B.sdp")"
assert_eq "call B's pinholes: RTP 6002, RTCP 6003" 2 \
	"$(grep NEW "$WORK/calls.expect" | grep -cE "src=$SRV dst=$GW_PUB sport=0 dport=600[23] ")"
assert_ge "server's RTP to 6002 reaches phone2" 200 "$(counted phone2 rtpB)"
assert_eq "and none of it reaches phone (call A)" 0 "$(counted phone rtpA)"
assert_ge "phone2's RTP leaves the gateway from the advertised port 6002" 200 \
	"$(counted srv from6002)"
assert_eq "none of phone2's RTP leaves from 6000" 0 "$(counted srv from6000)"
assert_eq "one port remapped" 1 "$(gstat pinhole_port_remapped)"
assert_eq "phone2's first outbound RTP got the symmetric mapping" 1 \
	"$(gstat media_symmetric_snat)"
finish
