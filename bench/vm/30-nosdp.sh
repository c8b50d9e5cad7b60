#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 3: messages without SDP through the masquerading gateway,
# one flood per kind: OPTIONS keepalives, 180 Ringing, BYE and its 200 (the
# phone answers the server: responses in the flow's original direction).
. "$(dirname "$0")/lib.sh"
bench_start
# Rules and warm-up once per configuration and rep, then a flood per kind.
for rep in $(seq "$REPS"); do
	for cfg in $CONFIGS; do
		rules "$cfg" nat
		udp_flood "$N_WARM" "" -r $((90000 + rep)) -k options -P 64 -p 50000 >/dev/null
		for kind in options ringing bye ok; do
			flush
			snap "$WORK/before"
			udp_flood "$N_NOSDP" "$OUT/samples/nosdp-$kind-$cfg-$rep.txt" -r "$rep" \
				-k "$kind" -P 64
			snap "$WORK/after"
			emit "nosdp-$kind" "$cfg" "$rep" "$N_NOSDP" "$WORK/send.out" \
				"$WORK/sink.out" "$WORK/before" "$WORK/after"
		done
	done
done
bench_end
