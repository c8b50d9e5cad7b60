#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 2: the INVITE+SDP flood with a new signalling flow per
# INVITE (a new source port each: conntrack, NAT mapping and helper per
# message), through the masquerading gateway.
. "$(dirname "$0")/lib.sh"
bench_start
for rep in $(seq "$REPS"); do
	for cfg in $CONFIGS; do
		measure_udp newflow-nat "$cfg" "$rep" nat "$N_NEWFLOW" -k invite -N -p 2000
	done
done
bench_end
