#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shell library for sipalg's network-namespace tests (run inside the test VM).
#
#   phone  (198.51.100.2, 2001:db8:1::2) --+
#                                          +-- gw --- srv (203.0.113.2, 2001:db8:2::2)
#   phone2 (198.51.100.3, 2001:db8:1::3) --+   198.51.100.1 | 203.0.113.1
#                                              (bridge gw-in | gw-out)
#
# gw forwards, masquerades on its public side and refuses new inbound
# connections unless conntrack relates them (examples/gateway.nft).  srv has no
# route to the inside ranges, as on the real Internet.

set -u
TOP=${SIPALG_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SIPP_DIR=$TOP/selftests/sipp
PHONE=198.51.100.2
PHONE2=198.51.100.3
PHONE6=2001:db8:1::2
GW_PUB6=2001:db8:2::1
SRV6=2001:db8:2::2
GW_IN=198.51.100.1
GW_PUB=203.0.113.1
SRV=203.0.113.2
WORK=$(mktemp -d "${SIPALG_RESULTS:-/tmp}/work-$(basename "$0" .sh).XXXXXX")
failures=0

T0=$(date +%s.%N)
log() { printf '# [%5.1fs] %s\n' "$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN { print a - b }')" "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
pass() { printf 'ok: %s\n' "$*"; }
phone() { ip netns exec phone "$@"; }
phone2() { ip netns exec phone2 "$@"; }
gw() { ip netns exec gw "$@"; }
srv() { ip netns exec srv "$@"; }

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
	if [ "$2" = "$3" ]; then pass "$1 ($3)"; else fail "$1: expected $2, got $3"; fi
}
# assert_ge WHAT MIN ACTUAL
assert_ge() {
	if [ "$3" -ge "$2" ] 2>/dev/null; then pass "$1 ($3 >= $2)"; else fail "$1: expected >= $2, got $3"; fi
}

topology_down() {
	local ns pids
	# A process left in a namespace keeps it (and its nft helper objects,
	# which hold references on nf_sipalg) alive.
	for ns in phone phone2 gw srv; do
		pids=$(ip netns pids $ns 2>/dev/null)
		[ -z "$pids" ] || kill -9 $pids 2>/dev/null
	done
	ip netns del phone 2>/dev/null
	ip netns del phone2 2>/dev/null
	ip netns del gw 2>/dev/null
	ip netns del srv 2>/dev/null
	return 0
}

topology_up() {
	topology_down
	ip netns add phone
	ip netns add phone2
	ip netns add gw
	ip netns add srv
	local ns i=1
	for ns in phone gw srv phone2; do ip -n $ns link set lo up; done
	ip -n gw link add gw-in type bridge
	ip link add out0 netns srv type veth peer name gw-out netns gw
	for ns in phone phone2; do
		ip link add in0 netns $ns type veth peer name port$i netns gw
		ip -n gw link set port$i master gw-in
		ip -n gw link set port$i up
		i=$((i + 1))
	done
	ip -n phone addr add $PHONE/24 dev in0
	ip -n phone addr add $PHONE6/64 dev in0 nodad
	ip -n phone2 addr add $PHONE2/24 dev in0
	ip -n phone2 addr add 2001:db8:1::3/64 dev in0 nodad
	for ns in phone phone2; do
		ip -n $ns link set in0 up
		ip -n $ns route add default via $GW_IN
		ip -n $ns -6 route add default via 2001:db8:1::1
	done
	ip -n gw addr add $GW_IN/24 dev gw-in
	ip -n gw addr add 2001:db8:1::1/64 dev gw-in nodad
	ip -n gw addr add $GW_PUB/24 dev gw-out
	ip -n gw addr add $GW_PUB6/64 dev gw-out nodad
	ip -n gw link set gw-in up
	ip -n gw link set gw-out up
	gw sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip -n srv addr add $SRV/24 dev out0
	ip -n srv addr add $SRV6/64 dev out0 nodad
	ip -n srv link set out0 up
	# srv: connected routes only; nothing leads to the inside ranges.
}

# gateway_rules [sipalg|none]: the example ruleset, with or without the helper.
gateway_rules() {
	local mode=${1:-sipalg}
	if [ "$mode" = none ]; then
		grep -v 'ct helper set' "$TOP/examples/gateway.nft" > "$WORK/gw.nft"
	else
		cp "$TOP/examples/gateway.nft" "$WORK/gw.nft"
	fi
	gw nft -D LAN=gw-in -D WAN=gw-out -f "$WORK/gw.nft"
	gw conntrack -F >/dev/null 2>&1
	gw conntrack -F expect >/dev/null 2>&1
	return 0
}

# watch_expect NAME: log every new expectation in gw to $WORK/NAME.expect.
watch_expect() {
	gw sysctl -qw net.netfilter.nf_conntrack_events=1
	ip netns exec gw stdbuf -oL conntrack -E expect > "$WORK/$1.expect" 2>/dev/null &
	echo $! > "$WORK/$1.expect.pid"
	# Events before it subscribes are lost; 0.3 s was too short on a
	# loaded host.
	sleep 1
}

unwatch_expect() {
	gw sysctl -qw net.netfilter.nf_conntrack_events=1
	kill "$(cat "$WORK/$1.expect.pid")" 2>/dev/null
	wait "$(cat "$WORK/$1.expect.pid")" 2>/dev/null
	return 0
}

# count_udp_in NS NAME PORT [MATCH...]: count UDP datagrams to PORT arriving
# in NS (and matching the extra nft MATCH, e.g. "udp sport 6002").
count_udp_in() {
	local ns=$1 name=$2 port=$3
	shift 3
	ip netns exec "$ns" nft -f - <<-NFT
	table inet sipalg_count_$name
	delete table inet sipalg_count_$name
	table inet sipalg_count_$name {
		counter pkts { }
		chain input {
			type filter hook input priority filter; policy accept;
			udp dport $port $* counter name pkts
		}
	}
	NFT
}

# counted NS NAME: packets counted so far.
counted() {
	ip netns exec "$1" nft list counter inet "sipalg_count_$2" pkts |
		awk '/packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'
}

# sipp_uas NS NAME ARGS...: start sipp with one of our scenarios in the background.
sipp_bg() {
	local ns=$1 name=$2
	shift 2
	(cd "$WORK" && ip netns exec "$ns" sipp "$@" -bg -trace_msg \
		-message_file "$WORK/$name.msg" -trace_err -error_file "$WORK/$name.err" \
		> "$WORK/$name.out" 2>&1)
}

# SIPP_FG_TIMEOUT: seconds before a foreground sipp is killed (0: never).
sipp_fg() {
	local ns=$1 name=$2
	shift 2
	(cd "$WORK" && timeout -k 5 "${SIPP_FG_TIMEOUT:-0}" ip netns exec "$ns" sipp "$@" -trace_msg \
		-message_file "$WORK/$name.msg" -trace_err -error_file "$WORK/$name.err" \
		> "$WORK/$name.out" 2>&1)
}

stop_sipp() {
	pkill -x sipp 2>/dev/null
	sleep 0.2
	pkill -9 -x sipp 2>/dev/null
	return 0
}

# SIP messages as a peer received them, from sipp's message log.
received_msgs() {
	tr -d '\r' < "$WORK/$1.msg" |
		awk '/^----------------------------------------------- /{ p = 0 } /message received/{ p = 1; next } p'
}

# SIP messages as a peer sent them.
sent_msgs() {
	tr -d '\r' < "$WORK/$1.msg" |
		awk '/^----------------------------------------------- /{ p = 0 } /message sent/{ p = 1; next } p'
}

# invite_sdp: the SDP body of the first INVITE in a message log.
invite_sdp() {
	awk 'st == 0 && /^INVITE / { st = 1; next }
	     st == 1 && /^$/ { st = 2; next }
	     st == 2 { if (/^[a-z]=/) print; else exit }'
}

# sipalg_stat NAME: one counter of the gateway namespace (0 if absent).
sipalg_stat() {
	local v
	v=$(gw "$TOP/userspace/sipalgctl" stats -a 2>/dev/null | awk -v n="$1" '$1 == n { print $2 }')
	echo "${v:-0}"
}

# place_call MODE [udp|tcp] [4|6] [SETUP]: one call with sipp from phone to
# srv through gw, MODE sipalg (helper attached) or none; over UDP (default)
# or one TCP connection; over IPv4 (default) or IPv6; SETUP is a command run
# once the gateway's rules are loaded; CALL_UAC picks the phone's scenario.  The server sends RTP first, to what
# its received SDP says; the phone sends none.  Leaves in $WORK: MODE.rc (uac
# exit), MODE.rtp (RTP datagrams that reached the phone), MODE.sdp (o=/c=/m=
# as the server received them), MODE.expect (expectation events in gw),
# MODE.stats (sipalgctl stats -a in gw), MODE-uac.msg / MODE-uas.msg (sipp
# message logs).
place_call() {
	local mode=$1 rc tp=() srv=$SRV phone=$PHONE gwpub=$GW_PUB remote=$SRV
	[ "${2:-udp}" = tcp ] && tp=(-t t1)
	if [ "${3:-4}" = 6 ]; then
		srv=$SRV6 phone=$PHONE6 gwpub=$GW_PUB6 remote="[$SRV6]"
	fi
	topology_up
	log "$mode: topology up"
	gateway_rules "$mode"
	[ -z "${4:-}" ] || eval "$4"
	log "$mode: rules loaded"
	count_udp_in phone rtp 6000
	# -nr: no retransmissions.  The tests count messages and rewrites
	# exactly; on a loaded host (a kernel build beside the VM) sipp
	# retransmitted the INVITE before the 180, and every count was off.
	# Nothing is lost between namespaces.
	sipp_bg srv "$mode-uas" -sf "$SIPP_DIR/uas_play.xml" -i $srv -p 5060 -mi $srv -mp 7000 -m 1 \
		-nr -key gwpub $gwpub "${tp[@]}"
	log "$mode: uas started"
	watch_expect "$mode"
	log "$mode: calling"
	sipp_fg phone "$mode-uac" -sf "$SIPP_DIR/${CALL_UAC:-uac_silent.xml}" $remote:5060 -i $phone -p 5060 \
		-mi $phone -mp 6000 -m 1 -d 8000 -timeout 60s -nr "${tp[@]}"
	rc=$?
	log "$mode: call ended"
	sleep 0.5
	unwatch_expect "$mode"
	echo "$rc" > "$WORK/$mode.rc"
	counted phone rtp > "$WORK/$mode.rtp"
	# An INVITE retransmitted on a slow guest repeats its SDP: each line once.
	received_msgs "$mode-uas" | grep -E '^(o|c|m)=' | awk '!seen[$0]++' > "$WORK/$mode.sdp"
	# The offer's SDP body as sent and as received.
	sent_msgs "$mode-uac" | invite_sdp > "$WORK/$mode.offer-sent"
	received_msgs "$mode-uas" | invite_sdp > "$WORK/$mode.offer-rcvd"
	gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/$mode.stats"
	stop_sipp
	log "$mode: sipp exit $rc, RTP packets reaching the phone: $(cat "$WORK/$mode.rtp")"
	log "$mode: SDP as the server received it:"; sed 's/^/#   /' "$WORK/$mode.sdp"
	log "$mode: pinholes during the call:"; sed 's/^/#   /' "$WORK/$mode.expect"
	log "$mode: sipalg counters in gw:"; grep -v ' 0$' "$WORK/$mode.stats" | sed 's/^/#   /'
}

# stat MODE NAME: a counter as sipalgctl showed it after place_call MODE.
stat() { awk -v n="$2" '$1 == n { print $2 }' "$WORK/$1.stats"; }

finish() {
	stop_sipp
	topology_down
	if [ "$failures" -ne 0 ]; then
		log "work files kept in $WORK"
		exit 1
	fi
	rm -rf "$WORK"
	exit 0
}
