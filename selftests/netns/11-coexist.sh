#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sipalg coexists with the in-tree helper: nf_conntrack_sip/nf_nat_sip load
# while nf_sipalg is loaded (both register conntrack helpers for UDP/TCP), and
# a call through sipalg still works beside them.
. "$(dirname "$0")/lib.sh"

rc=0
modprobe -a nf_conntrack_sip nf_nat_sip 2> "$WORK/modprobe.err" || rc=$?
assert_eq "in-tree SIP helper loads beside nf_sipalg ($(cat "$WORK/modprobe.err"))" 0 "$rc"
assert_eq "both loaded" 2 "$(lsmod | grep -cE '^(nf_sipalg|nf_conntrack_sip) ')"
place_call sipalg
assert_eq "a sipalg call works beside the in-tree helper" 0 "$(cat "$WORK/sipalg.rc")"
assert_ge "and its media gets in" 200 "$(cat "$WORK/sipalg.rtp")"
topology_down
sleep 1
modprobe -r nf_nat_sip nf_conntrack_sip
finish
