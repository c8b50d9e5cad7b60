#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/profile.sh's guest part: one flood of PROFILE_KIND (flood -k) through
# the gateway with configuration PROFILE_CFG (none, sip, sipalg) and NAT or not
# (PROFILE_NAT), under `perf record -a -e cpu-clock`.  With -icount shift=0 the
# guest clock counts instructions, so the samples are spread by instructions
# executed.  Writes perf's report to $SIPALG_RESULTS/profile/.
. "$(dirname "$0")/../vm/lib.sh"

kind=${PROFILE_KIND:-invite}
cfg=${PROFILE_CFG:-sipalg}
nat=${PROFILE_NAT:-nat}
n=${PROFILE_N:-6000}
pout=$SIPALG_RESULTS/profile
mkdir -p "$pout"

bench_start
sysctl -qw kernel.perf_event_paranoid=-1 kernel.kptr_restrict=0
cp "$(command -v perf)" /dev/shm/perf || { fail "no perf"; bench_end; }
rules "$cfg" "$nat"
udp_flood "$N_WARM" "" -r 90001 -k "$kind" -P 64 -p 50000 >/dev/null
flush
# profile_flood R PERF-ARGS...: one measured flood (rep R) under perf record.
profile_flood() {
	local r=$1
	shift
	flush
	srv "$FLOOD" udp-sink -l $SRV -n "$n" -t 600000 > "$WORK/sink.out" &
	local spid=$!
	wait_ready "$WORK/sink.out" || fail "sink not ready"
	/dev/shm/perf record -q -a -e cpu-clock "$@" -o /dev/shm/perf.data -- \
		ip netns exec phone "$FLOOD" udp-send -d $SRV -s $PHONE -n "$n" -r "$r" \
		-k "$kind" -P 64 > /dev/null 2>>"$pout/record.err"
	wait $spid
	count=$(sed -n 's/^count=//p' "$WORK/sink.out")
	[ "$count" = "$n" ] || fail "sink got ${count:-nothing} of $n"
	# Guest time per message while perf sampled (its overhead included).
	perf_ns=$(awk -F= '$1 == "first_ns" { f = $2 } $1 == "last_ns" { l = $2 }
		END { printf "%.0f", (l - f) / '"$n"' }' "$WORK/sink.out")
}
# total_per_msg PERIOD: instructions per message over the whole recording
# (every sample stands for PERIOD instructions: -icount, 1 ns = 1 instruction).
total_per_msg() {
	/dev/shm/perf report -i /dev/shm/perf.data --stdio --no-children -n --sort dso -g none |
		awk -v p="$1" -v n="$n" '!/^#/ && NF >= 3 { s += $2 } END { printf "%.0f", s * p / n }'
}
# The flat profile: a sample every 50000 instructions, no call chains, so
# perf itself adds little.  The recording spans the sender's whole run,
# building its messages included (flood's own symbols).
profile_flood 1 -c 50000 -m 1024
tot=$(total_per_msg 50000)
{
	echo "# $kind, $cfg, $nat: $n messages; the flood took $perf_ns instructions per message"
	echo "# (perf's sampling included), the whole recording $tot; self, by symbol:"
	/dev/shm/perf report -i /dev/shm/perf.data --stdio --no-children --sort dso,sym \
		-g none --percent-limit 0.2 | grep -v '^#' | grep . |
		awk -v t="$tot" '{ p = $1; sub(/%/, "", p); printf "%8.0f  %s\n", p * t / 100, $0 }'
} > "$pout/report.txt" 2>"$pout/report.err"
# With call chains (costlier samples, fewer of them).
profile_flood 2 -c 200000 -m 1024 -g
tot=$(total_per_msg 200000)
{
	echo "# with children (call chains, a sample every 200000 instructions; recording $tot per message):"
	/dev/shm/perf report -i /dev/shm/perf.data --stdio --children --sort sym \
		-g none --percent-limit 0.5 | grep -v '^#' | grep . |
		awk -v t="$tot" '{ p = $1; sub(/%/, "", p); printf "%8.0f  %s\n", p * t / 100, $0 }'
} >> "$pout/report.txt" 2>>"$pout/report.err"
pass "profile of $kind $cfg $nat: $(grep -c . "$pout/report.txt") lines"
bench_end
