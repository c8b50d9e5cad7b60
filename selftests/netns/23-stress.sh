#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and faults: sipp calls with SDP at a sustained rate over UDP and TCP
# leave no call, pinhole or expectation behind; an INVITE flood from one
# source stays within max_pinholes_per_source while another phone's call gets
# media; a full expectation table degrades calls with a counted reason while
# SIP keeps flowing; nf_sipalg is unloaded and reloaded under load, and the
# gateway namespace is deleted with calls alive — no splat (the rig scans the
# kernel log), and calls work again afterwards; the call tables grow under
# traffic without losing a call.  STRESS_CALLS and STRESS_RATE
# set the load (default 100 per transport at 10/s; make stress runs more).
. "$(dirname "$0")/lib.sh"

calls=${STRESS_CALLS:-100}
rate=${STRESS_RATE:-10}
export SIPP_FG_TIMEOUT=$((calls / rate + 60))
drive() { SIPALG_TOP=$TOP python3 "$TOP/selftests/netns/sipdrive.py" "$@" > "$WORK/drive.out" 2>&1
	cat "$WORK/drive.out"; failures=$((failures + $(grep -c '^FAIL' "$WORK/drive.out"))); }
ctl() { gw "$TOP/userspace/sipalgctl" "$@"; }
gauge_zero() {	# gauge_zero WHAT: no call, pinhole or expectation left
	assert_eq "$1: calls_active" 0 "$(sipalg_stat calls_active)"
	assert_eq "$1: pinholes_active" 0 "$(sipalg_stat pinholes_active)"
	assert_eq "$1: expectations" 0 "$(gw conntrack -L expect 2>/dev/null | grep -c proto=)"
}

topology_up
gateway_rules sipalg
for tp in udp tcp; do
	t=(); [ $tp = tcp ] && t=(-t t1)
	ctl reset
	log "load: $calls calls over $tp at $rate/s"
	# -nr: no UDP retransmissions.  On a slow (TCG, busy) guest an INVITE
	# retransmitted after the 200 OK makes sipp's built-in uas abort the call.
	sipp_bg srv "uas-$tp" -sn uas -i $SRV -p 5060 -nr "${t[@]}"
	sipp_fg phone "uac-$tp" -nr -sn uac $SRV:5060 -i $PHONE -p 5060 -mi $PHONE -mp 6000 \
		-r "$rate" -m "$calls" "${t[@]}"
	rc=$?
	stop_sipp
	sleep 0.5
	ok_calls=$(awk -F'|' '/Successful call/ { gsub(/ /, "", $3); print $3 }' "$WORK/uac-$tp.out")
	log "$tp load: sipp exit $rc, $ok_calls of $calls calls successful"
	# Each Call-ID is one call, whatever was retransmitted or arrived late.
	assert_eq "$tp load: calls tracked" "$calls" "$(sipalg_stat call_created)"
	ended=$(( $(sipalg_stat call_ended_bye) + $(sipalg_stat call_ended_cancel) +
		 $(sipalg_stat call_ended_error_response) ))
	assert_eq "$tp load: calls tracked = ended + active" "$calls" \
		"$((ended + $(sipalg_stat calls_active)))"
	assert_ge "$tp load: calls ended by BYE (at least the successful ones)" "${ok_calls:-0}" \
		"$(sipalg_stat call_ended_bye)"
	# A host too slow for the rate makes sipp give up on calls (no BYE):
	# those stay until their signalling goes, which the flush below does.
	if [ "$rc" -eq 0 ]; then gauge_zero "$tp load"; fi
	gw conntrack -F >/dev/null 2>&1
	gauge_zero "$tp load, signalling flushed"
done

drive flood expect-full

log "unload under load: rmmod while sipp calls"
ctl reset
sipp_bg srv uas-unload -sn uas -i $SRV -p 5060
sipp_bg phone uac-unload -sn uac $SRV:5060 -i $PHONE -p 5060 -mi $PHONE -mp 6000 \
	-r "$rate" -m $((rate * 8)) -timeout 60s
sleep 3
assert_ge "calls tracked before the unload" 1 "$(sipalg_stat call_created)"
gw nft delete table inet sipalg_gw
rc=1
for i in $(seq 50); do rmmod nf_sipalg 2>/dev/null && { rc=0; break; }; sleep 0.1; done
assert_eq "rmmod nf_sipalg under load" 0 $rc
insmod "$SIPALG_KO"
assert_eq "insmod again" 0 $?
gw nft -D LAN=gw-in -D WAN=gw-out -f "$WORK/gw.nft"
sleep 3
stop_sipp
drive bye

log "namespace deletion with calls alive"
sipp_bg srv uas-ns -sn uas -i $SRV -p 5060
sipp_bg phone uac-ns -sn uac $SRV:5060 -i $PHONE -p 5060 -mi $PHONE -mp 6000 -r "$rate" \
	-m $((rate * 8)) -d 10000 -timeout 60s
sleep 3
assert_ge "calls alive in gw before it is deleted" 1 "$(sipalg_stat calls_active)"
stop_sipp
ip netns del gw
sleep 2
# The new gw starts with small call tables (a quarter of the conntrack
# buckets, at least 256): the grow scenario makes them double under traffic.
buckets=$(sysctl -n net.netfilter.nf_conntrack_buckets)
sysctl -qw net.netfilter.nf_conntrack_buckets=1024
topology_up
sysctl -qw net.netfilter.nf_conntrack_buckets="$buckets"
gateway_rules sipalg
drive bye grow
finish
