#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Signalling conntracks deleted under traffic: while the phone opens TCP
# connections with INVITEs (every other one in two segments, so the gateway
# holds the first) and sends UDP INVITEs, the gateway deletes the SIP
# conntracks again and again (as a flush, masquerade's cleanup or GC would).
# The helper's destroy callback then runs while another CPU may be handling a
# segment of the same conntrack; the TCP state it frees must stay valid for
# that CPU.  Nothing may crash (the rig fails on any kernel report; make check
# also runs this test in the KASAN kernel), and a call placed afterwards
# still gets its media.
. "$(dirname "$0")/lib.sh"

SECS=${CT_DELETE_SECS:-8}
topology_up
gateway_rules sipalg
(srv python3 -S "$TOP/selftests/netns/ctchurn.py" sink 5060 > /dev/null 2>&1 &)
sleep 1
gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/before.stats"
phone python3 -S "$TOP/selftests/netns/ctchurn.py" client $SRV 5060 "$SECS" > "$WORK/client.out" &
client=$!
# The deleting side, in gw: TCP and UDP signalling conntracks, for as long
# as the client runs (it starts slowly in the KASAN kernel); what conntrack
# says it deleted goes to deleted.log.
while kill -0 $client 2> /dev/null; do
	gw conntrack -D -p tcp --orig-port-dst 5060
	gw conntrack -D -p udp --orig-port-dst 5060
	sleep 0.05
done 2> "$WORK/deleted.log" > /dev/null
wait $client
sleep 0.5
gw "$TOP/userspace/sipalgctl" stats -a > "$WORK/after.stats"
deleted=$(sed -n 's/.*: \([0-9]*\) flow entries have been deleted.*/\1/p' "$WORK/deleted.log" |
	awk '{ n += $1 } END { print n + 0 }')
log "client: $(tr '\n' ' ' < "$WORK/client.out")"
log "signalling conntracks deleted: $deleted"
cnt() { awk -v n="$2" '$1 == n { print $2 }' "$1"; }
delta() { echo $(( $(cnt "$WORK/after.stats" "$1") - $(cnt "$WORK/before.stats" "$1") )); }
log "counters moved:"
awk 'NR == FNR { b[$1] = $2; next } ($1 in b) && $2 != b[$1] { printf "#   %s %d\n", $1, $2 - b[$1] }' \
	"$WORK/before.stats" "$WORK/after.stats"

assert_ge "TCP messages sent" 20 "$(cnt "$WORK/client.out" tcp_msgs)"
assert_ge "UDP messages sent" 5 "$(cnt "$WORK/client.out" udp_msgs)"
assert_ge "signalling conntracks deleted under traffic" 10 "$deleted"
assert_ge "requests the helper parsed" 10 "$(delta msg_request)"
assert_ge "TCP segments held (first halves of split INVITEs)" 1 "$(delta tcp_segments_held)"

# Afterwards: an ordinary call over TCP, its media from the server.
place_call sipalg tcp
assert_eq "call over TCP afterwards completes" 0 "$(cat "$WORK/sipalg.rc")"
assert_ge "server's RTP reaching the phone" 200 "$(cat "$WORK/sipalg.rtp")"
finish
