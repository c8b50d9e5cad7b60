# SPDX-License-Identifier: GPL-2.0
#
# Shared by 18-tcp-split.sh and 19-tcp-sync.sh (sourced after lib.sh): the
# topology with the gateway's rules and, on srv, a server that records each
# TCP connection's bytes (tcpsplit.py); counter snapshots and one connection
# per case.

PY="python3 -S $TOP/selftests/netns/tcpsplit.py"	# -S: starts faster under TCG

# phone_rto_min TIME: the phone's retransmission timeout floor.  Held data is
# not acknowledged: a sender whose timer fires between the pieces of a message
# sends nothing new (cwnd 1) until the hold is given up.  On a loaded host the
# VM can stall longer than the usual 200 ms floor between two pieces sent
# 20 ms apart, so the cases that must not stall raise it.
phone_rto_min() {
	ip -n phone route change default via $GW_IN rto_min "$1"
	ip -n phone -6 route change default via 2001:db8:1::1 rto_min "$1"
}

# tcp_split_up: topology, rules, the recording server on srv port 5060
# (waits until it listens), a 3 s retransmission timeout floor on the phone.
tcp_split_up() {
	local i
	topology_up
	gateway_rules sipalg
	phone_rto_min 3s
	mkdir -p "$WORK/srv"
	(srv $PY server 5060 "$WORK/srv" > /dev/null 2>&1 &)
	for i in $(seq 100); do
		[ -e "$WORK/srv/listening" ] && break
		sleep 0.2
	done
}

# snap NAME: the gateway's counters now, to $WORK/NAME.stats.
snap() { gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/$1.stats"; }
# moved FROM TO: D[name] = how much each counter moved between two snapshots.
declare -A D
moved() {
	local k v
	D=()
	awk 'NR == FNR { a[$1] = $2; next } { print $1, $2 - a[$1] }' \
		"$WORK/$1.stats" "$WORK/$2.stats" > "$WORK/moved"
	while read -r k v; do D[$k]=$v; done < "$WORK/moved"
}
# run CASE N [DST SRC]: the phone's connection N (from 1) sends tcpsplit.py's
# CASE; its stream as the server got it, framed, in $WORK/CASE.rcvd.
run() {
	phone $PY client "${3:-$SRV}" 5060 "${4:-$PHONE}" "$1" > "$WORK/$1.sent"
	sleep 0.5
	$PY check "$WORK/srv/conn-$2.bin" > "$WORK/$1.rcvd"
	log "$1: sent pieces $(awk '{ printf "%s ", $2 }' "$WORK/$1.sent"); the server framed:"
	sed 's/^/#   /' "$WORK/$1.rcvd"
}
# nft_count NAME: packets counted by the phone's counter NAME (table seg).
nft_count() {
	phone nft list counter inet seg "$1" |
		awk '/packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'
}
