#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 5: RTP through established flows, server to phone, NAT.
# With a helper: 64 calls (one INVITE+SDP each, on 64 signalling flows) open
# pinholes; the server's first packet to each advertised port opens the media
# flow through its pinhole.  Without a helper: the phone sends one packet
# first from each media port (symmetric RTP), the server answers on that
# mapping.  Then 64 streams of 172-byte RTP packets are measured.  Media
# conntracks with a helper attached are counted.
. "$(dirname "$0")/lib.sh"

rtp_flood() {
	local n=$1 punch=$2
	phone "$FLOOD" rtp-sink -l $PHONE -m 30000 -P 64 -n "$n" $punch > "$WORK/sink.out" &
	local pid=$!
	wait_ready "$WORK/sink.out" || return 1
	srv "$FLOOD" rtp-send -s $SRV -p 7000 -d $GW_PUB -m 30000 -P 64 -n "$n" > "$WORK/send.out"
	wait $pid
}

bench_start
for rep in $(seq "$REPS"); do
	for cfg in $CONFIGS; do
		rules "$cfg" nat
		punch=
		if [ "$cfg" = none ]; then
			punch="-d $SRV -D 7000"
		else
			udp_flood 64 "$OUT/samples/rtp-nat-$cfg-$rep.txt" -k invite -P 64 -b 1 \
				-m 30000 -r "$rep" > /dev/null
		fi
		rtp_flood 64 "$punch"
		snap "$WORK/before"
		rtp_flood "$N_RTP" ""
		snap "$WORK/after"
		media=$(gw grep -c 'sport=7000 ' /proc/net/nf_conntrack)
		helped=$(gw grep 'sport=7000 ' /proc/net/nf_conntrack | grep -c 'helper=')
		emit rtp-nat "$cfg" "$rep" "$N_RTP" "$WORK/send.out" "$WORK/sink.out" \
			"$WORK/before" "$WORK/after" " media_ct=$media media_ct_helper=$helped"
	done
done
bench_end
