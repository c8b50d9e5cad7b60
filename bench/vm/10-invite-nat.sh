#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 1 (NAT): INVITE+SDP flood from phone to srv through the
# masquerading gateway, 64 signalling flows, sendmmsg batches of 32.
. "$(dirname "$0")/lib.sh"
bench_start
for rep in $(seq "$REPS"); do
	for cfg in $CONFIGS; do
		measure_udp invite-nat "$cfg" "$rep" nat "$N_INVITE" -k invite -P 64
	done
done
bench_end
