#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared part of the `make bench` guest scripts (bench/vm/[0-9]*.sh), run inside
# the test VM booted by bench/run.sh with -icount shift=0: the guest's clock
# then counts executed instructions (1 ns = 1 instruction), so the guest time
# of a flood divided by its messages is instructions per message for the whole
# guest (sender, gateway, sink, kernel threads).  CPU 1 is taken offline: all
# the work runs on one vCPU, in one instruction stream.
#
# Each flood appends one line of key=value pairs to $OUT/raw.txt; bench/run.sh
# turns them into the table.  Configurations alternate: none, sip (the in-tree
# nf_conntrack_sip + nf_nat_sip), sipalg, none, sip, ...

. "$(dirname "${BASH_SOURCE[0]}")/../../selftests/netns/lib.sh"

OUT=$SIPALG_RESULTS/bench
mkdir -p "$OUT/samples"
FLOOD=/dev/shm/flood
SIPALGCTL=$TOP/userspace/sipalgctl
# bench/run.sh's settings (reps, message counts); defaults for a direct run.
[ -r "$SIPALG_RESULTS/bench.conf" ] && . "$SIPALG_RESULTS/bench.conf"
REPS=${REPS:-3}
N_INVITE=${N_INVITE:-10000}
N_NEWFLOW=${N_NEWFLOW:-6000}
N_NOSDP=${N_NOSDP:-4000}
N_TCP=${N_TCP:-4000}
N_RTP=${N_RTP:-20000}
N_CALLS=${N_CALLS:-100000}
N_WARM=${N_WARM:-1000}
CONFIGS=${CONFIGS:-none sip sipalg}
EXPECT_MAX=${EXPECT_MAX:-1048576}
CT_MAX=${CT_MAX:-1048576}
CT_BUCKETS=${CT_BUCKETS:-262144}

# Once per boot (idempotent).
bench_setup() {
	[ -e /run/sipalg-bench-setup ] && return 0
	# One vCPU: one instruction stream, no cross-CPU wakeups to account for.
	if [ -w /sys/devices/system/cpu/cpu1/online ]; then
		for c in /sys/devices/system/cpu/cpu[1-9]*/online; do echo 0 > "$c"; done
	fi
	# The in-tree helper cannot register on port 5060 next to nf_sipalg (the
	# helper core refuses two helpers on the same tuple: EBUSY).  The port
	# only matters for automatic assignment, which is off: a ct helper object
	# attaches it by name ("sip-0": the first of its ports, not the default one), whatever the port.
	modprobe nf_conntrack_sip ports=5062 || return 1
	modprobe nf_nat_sip || return 1
	# Defaults in a 1 GiB guest: expect_max 128, conntrack max 8192.  The
	# in-tree helper drops half of the INVITEs ("cannot add expectation")
	# at 128; these are global (init_net) sysctls.
	sysctl -qw net.netfilter.nf_conntrack_expect_max=$EXPECT_MAX
	sysctl -qw net.netfilter.nf_conntrack_max=$CT_MAX
	# A gateway sized for a million conntracks gives them a quarter as
	# many hash buckets, not 8192.  nf_sipalg
	# sizes its call tables from this when a namespace starts (gw starts
	# after this), then grows them.  The expectation hash is sized on the
	# kernel command line (bench/run.sh).
	sysctl -qw net.netfilter.nf_conntrack_buckets=$CT_BUCKETS
	# One CPU: veth's backlog must not overflow while the sender runs.
	sysctl -qw net.core.netdev_max_backlog=100000
	# The timed part must not touch the 9p root: a vCPU waiting for QEMU's
	# I/O is idle, and -icount sleep=off then jumps the guest clock to the
	# next timer.  flood is static and runs from tmpfs; it writes its
	# output only before and after the timed part.
	cp "$TOP/bench/flood/flood" "$FLOOD" || return 1
	touch /run/sipalg-bench-setup
	{
		echo "kernel=$(uname -r)"
		echo "cpus_online=$(nproc)"
		echo "expect_max=$(sysctl -n net.netfilter.nf_conntrack_expect_max)"
		echo "expect_hashsize=$(cat /sys/module/nf_conntrack/parameters/expect_hashsize)"
		echo "conntrack_max=$(sysctl -n net.netfilter.nf_conntrack_max)"
		echo "conntrack_buckets=$(sysctl -n net.netfilter.nf_conntrack_buckets)"
		echo "netdev_max_backlog=$(sysctl -n net.core.netdev_max_backlog)"
		echo "sipalg max_pinholes_per_source=65535 (one phone floods)"
		echo "clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
		echo "reps=$REPS n_invite=$N_INVITE n_newflow=$N_NEWFLOW n_nosdp=$N_NOSDP"
		echo "n_tcp=$N_TCP n_rtp=$N_RTP n_calls=$N_CALLS n_warm=$N_WARM"
	} > "$OUT/setup.txt"
}

# rules CFG nat|nonat: the example gateway ruleset with the helper CFG attached
# (none: no helper), masquerading or routing.
rules() {
	local cfg=$1 nat=$2 f=$WORK/gw.nft
	case $cfg in
	none) grep -v 'ct helper set' "$TOP/examples/gateway.nft" > "$f" ;;
	sip) sed 's/type "sipalg"/type "sip-0"/' "$TOP/examples/gateway.nft" > "$f" ;;
	sipalg) cp "$TOP/examples/gateway.nft" "$f" ;;
	esac
	if [ "$nat" = nonat ]; then
		sed -i '/masquerade/d' "$f"
		srv ip route replace 198.51.100.0/24 via $GW_PUB
	else
		srv ip route del 198.51.100.0/24 2>/dev/null
	fi
	gw nft -D LAN=gw-in -D WAN=gw-out -f "$f"
	# The floods come from one phone: sipalg's per-source pinhole limit
	# (512 by default) would refuse most of their pinholes, and a refused
	# pinhole is cheaper than an opened one.  The in-tree helper has no
	# such limit: lift it, so both open every pinhole.
	gw "$SIPALGCTL" set max_pinholes_per_source 65535 >/dev/null
	flush
}

flush() {
	gw conntrack -F >/dev/null 2>&1
	gw conntrack -F expect >/dev/null 2>&1
	return 0
}

# Counters of the gateway namespace, one "name value" a line: conntrack's
# per-CPU statistics (summed), live expectations and conntracks, sipalg's.
# One process in gw (every process costs a second or more of TCG time).
snap() {
	gw bash -c 'cat /proc/net/stat/nf_conntrack
		echo "live.expect $(wc -l < /proc/net/nf_conntrack_expect)"
		echo "live.conntrack $(wc -l < /proc/net/nf_conntrack)"
		"$1" stats -a 2>/dev/null | sed "s/^/sa./"
		sed -n "s/^Slab: *\([0-9]*\).*/mem.slab_kb \1/p" /proc/meminfo' - "$SIPALGCTL" |
	awk 'function hex(s,   v, i) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	$1 == "entries" { for (i = 1; i <= NF; i++) name[i] = $i; next }
	NF > 2 { for (i = 1; i <= NF; i++) sum[i] += hex($i); next }
	{ print }
	END { for (i in name) if (name[i] != "entries") print "ct." name[i], sum[i] }' > "$1"
}

wait_ready() {
	local _
	for _ in $(seq 600); do
		grep -q '^ready' "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "no ready in $1" >&2
	return 1
}

# emit ITEM CFG REP N SENDOUT SINKOUT BEFORE AFTER [EXTRA]: one line of
# raw.txt from the flood outputs and the counters' change (live.* as they are,
# mem.* both ways: dmem.* the change).
emit() {
	awk -v head="item=$1 cfg=$2 rep=$3 n=$4" -v extra="${9:-}" '
		FILENAME == ARGV[1] && /^(start_ns|msg_bytes)=/ { split($0, kv, "="); v[kv[1]] = kv[2] }
		FILENAME == ARGV[2] && /^(last_ns|count|bytes)=/ { split($0, kv, "="); v[kv[1]] = kv[2] }
		FILENAME == ARGV[3] { b[$1] = $2 }
		FILENAME == ARGV[4] {
			if ($1 ~ /^live\./)
				d = d sprintf(" %s=%s", $1, $2)
			else if ($1 ~ /^mem\./)
				d = d sprintf(" %s=%s d%s=%d", $1, $2, $1, $2 - b[$1])
			else if ($2 != b[$1])
				d = d sprintf(" %s=%d", $1, $2 - b[$1])
		}
		END {
			printf "%s count=%s bytes=%s msg_bytes=%s ns=%d%s%s\n", head, v["count"],
				v["bytes"], v["msg_bytes"], v["last_ns"] - v["start_ns"], d, extra
		}' "$5" "$6" "$7" "$8" >> "$OUT/raw.txt"
	echo "# $1 $2 rep $3 done"
}

# udp_flood N SAMPLES SENDER-ARGS...: one UDP flood from phone to srv:5060;
# leaves $WORK/send.out and $WORK/sink.out.
udp_flood() {
	local n=$1 samples=$2
	shift 2
	srv "$FLOOD" udp-sink -l $SRV -n "$n" -c 8 ${samples:+-S "$samples"} > "$WORK/sink.out" &
	local pid=$!
	wait_ready "$WORK/sink.out" || return 1
	phone "$FLOOD" udp-send -d $SRV -s $PHONE -n "$n" "$@" > "$WORK/send.out"
	wait $pid
}

# measure_udp ITEM CFG REP NAT N SENDER-ARGS...: rules, warm-up, flush, the
# measured flood, one line of results.
measure_udp() {
	local item=$1 cfg=$2 rep=$3 nat=$4 n=$5
	shift 5
	rules "$cfg" "$nat"
	udp_flood "$N_WARM" "" -r $((90000 + rep)) "$@" -p 50000 >/dev/null
	flush
	snap "$WORK/before"
	udp_flood "$n" "$OUT/samples/$item-$cfg-$rep.txt" -r "$rep" "$@"
	snap "$WORK/after"
	emit "$item" "$cfg" "$rep" "$n" "$WORK/send.out" "$WORK/sink.out" \
		"$WORK/before" "$WORK/after"
}

bench_start() {
	bench_setup || { fail "bench setup (modprobe nf_conntrack_sip, nf_nat_sip)"; finish; }
	topology_up
	log "setup: $(tr '\n' ' ' < "$OUT/setup.txt")"
}

bench_end() {
	topology_down
	rm -rf "$WORK"
	exit "$failures"
}
