#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Live call dump (SIPALG_CMD_GET_CALLS, `sipalgctl calls`): a call is listed
# from its INVITE with its pinholes (public and real endpoints, expected
# source, waiting with the time left, then flowing with conntrack's packet
# counters), two calls as two, none after BYE; Call-IDs hashed unless
# log_calls_hashed=0, then in clear (cut at 64 bytes); a call with 64
# pinholes (more than one message holds) comes out whole, 40 calls each once
# (the dump resumes over several callbacks); anyone in the namespace may
# list; the JSON parses.  The dialogs are scripted by
# calldump.py with sipdrive.py's functions.
. "$(dirname "$0")/lib.sh"

topology_up
gateway_rules sipalg
if SIPALG_TOP=$TOP python3 "$TOP/selftests/netns/calldump.py" > "$WORK/dump.out" 2>&1; then
	rc=0
else
	rc=1
fi
cat "$WORK/dump.out"
failures=$((failures + $(grep -c '^FAIL' "$WORK/dump.out")))
[ $rc -eq 0 ] || [ "$failures" -ne 0 ] || fail "calldump.py failed without a FAIL line"
finish
