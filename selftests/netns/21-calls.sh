#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Call state: BYE ends the media flow already running (the in-tree helper
# only removes unused expectations), two calls on one trunk flow stay apart,
# early media (183), late offer (200/ACK) and UPDATE work,
# re-INVITE moves/holds/resumes media and a refused one changes nothing,
# CANCEL and error answers close pinholes, a dead signalling flow takes its
# calls' media with it, per-call and per-source pinhole limits hold, a late
# 200 OK does not resurrect an ended call, the INVITE retried after a 407
# does, a REGISTER lets the registrar call the phone back, and an a=rtcp
# naming the RTP port gets one pinhole, also when its offer comes again.
# The dialogs are scripted by sipdrive.py; the server always sends media first.
. "$(dirname "$0")/lib.sh"

topology_up
gateway_rules sipalg
if SIPALG_TOP=$TOP python3 "$TOP/selftests/netns/sipdrive.py" \
	bye trunk reinvite reinvite-fail offer-answer cancel late signalling-gone limits \
	takeover register rtcp-same > "$WORK/drive.out" 2>&1; then
	rc=0
else
	rc=1
fi
cat "$WORK/drive.out"
failures=$((failures + $(grep -c '^FAIL' "$WORK/drive.out")))
[ $rc -eq 0 ] || [ "$failures" -ne 0 ] || fail "sipdrive.py failed without a FAIL line"
finish
