#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 1 (no NAT): the same flood through a routing gateway (the
# server has a route to the inside range; no masquerade).
. "$(dirname "$0")/lib.sh"
bench_start
for rep in $(seq "$REPS"); do
	for cfg in $CONFIGS; do
		measure_udp invite-nonat "$cfg" "$rep" nonat "$N_INVITE" -k invite -P 64
	done
done
bench_end
