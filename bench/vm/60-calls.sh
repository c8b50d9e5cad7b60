#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, item 6: concurrent calls.  A call is an INVITE+SDP (2 media, 4
# pinholes) on its own signalling flow, and nothing ends it.  Held: N_CALLS calls spread over 8 server addresses
# (with NAT and direct_media a pinhole is (server, public port): one server
# address has room for about 64512 / 4 two-stream calls).  Reported: live
# pinholes, evicted ones (created - live), slab memory per call.  Then the
# trunk case: 2000 calls on ONE signalling flow.  Not timed.
. "$(dirname "$0")/lib.sh"
bench_start
for k in 3 4 5 6 7 8 9; do srv ip addr add 203.0.113.$k/24 dev out0; done
# Eight phone addresses, 198.51.100.100-107: call i comes from the i % 8th,
# so no two calls share a media endpoint (a phone uses a port for one call
# at a time; sipalg hands a reused endpoint over to the newer call).
for k in $(seq 100 107); do phone ip addr add 198.51.100.$k/24 dev in0; done
# Unreplied UDP flows last 30 s: without a helper (which keeps its signalling
# flows alive) the first calls' conntracks would be gone before the count.
gw sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3600
for cfg in $CONFIGS; do
	rules "$cfg" nat
	snap "$WORK/before"
	first=0
	while [ "$first" -lt "$N_CALLS" ]; do
		n=$((N_CALLS - first < 20000 ? N_CALLS - first : 20000))
		srv "$FLOOD" udp-sink -l 0.0.0.0 -n "$n" > "$WORK/sink.out" &
		pid=$!
		wait_ready "$WORK/sink.out" || break
		phone "$FLOOD" udp-send -d $SRV -s 198.51.100.100 -n "$n" -i "$first" -k invite -N -A 8 -B 8 \
			-p 2000 -w 13000 > "$WORK/send.out"
		wait $pid
		first=$((first + n))
	done
	snap "$WORK/after"
	emit calls-nat "$cfg" 1 "$N_CALLS" "$WORK/send.out" "$WORK/sink.out" \
		"$WORK/before" "$WORK/after" \
		" expect_slab=$(awk '$1 == "nf_conntrack_expect" { print $2 "x" $4 }' /proc/slabinfo)"
	# The trunk: every call on one signalling flow.
	rules "$cfg" nat
	snap "$WORK/before"
	udp_flood 2000 "" -k invite -P 1 -r 77 > /dev/null
	snap "$WORK/after"
	emit trunk-nat "$cfg" 1 2000 "$WORK/send.out" "$WORK/sink.out" "$WORK/before" "$WORK/after"
done
bench_end
