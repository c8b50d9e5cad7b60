#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 4: INVITE+SDP over TCP, many messages on few connections
# (8, one write() per message, TCP_NODELAY, no autocorking: one message per
# segment), through the masquerading gateway.
. "$(dirname "$0")/lib.sh"

tcp_flood() {
	local n=$1 samples=$2
	srv "$FLOOD" tcp-sink -l $SRV -P 8 ${samples:+-S "$samples"} > "$WORK/sink.out" &
	local pid=$!
	wait_ready "$WORK/sink.out" || return 1
	phone "$FLOOD" tcp-send -d $SRV -s $PHONE -P 8 -n "$n" -r "$3" > "$WORK/send.out"
	wait $pid
}

bench_start
phone sysctl -qw net.ipv4.tcp_autocorking=0
for rep in $(seq "$REPS"); do
	for cfg in $CONFIGS; do
		rules "$cfg" nat
		tcp_flood "$N_WARM" "" $((90000 + rep))
		flush
		snap "$WORK/before"
		tcp_flood "$N_TCP" "$OUT/samples/tcp-nat-$cfg-$rep.txt" "$rep"
		snap "$WORK/after"
		emit tcp-nat "$cfg" "$rep" "$N_TCP" "$WORK/send.out" "$WORK/sink.out" \
			"$WORK/before" "$WORK/after"
	done
done
bench_end
