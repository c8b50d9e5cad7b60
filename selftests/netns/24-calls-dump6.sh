#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The call list over IPv6: a sipp call through NAT66 while `sipalgctl calls`
# is sampled in gw every second.  A sample taken once the server's RTP
# flows shows the call with IPv6 peers and its four pinholes (the phone's
# behind the gateway's public address, the server's own), the table writes
# [address]:port, and the call is gone once sipp's BYE went through.
. "$(dirname "$0")/lib.sh"

CTL=$TOP/userspace/sipalgctl

start_sampler() {
	gw bash -c "while :; do '$CTL' --json calls; '$CTL' calls; sleep 1; done" \
		> "$WORK/calls.samples" 2>&1 &
	echo $! > "$WORK/sampler.pid"
}

# sipp's uas aborts a call when the uac retransmits its INVITE after the
# 200 OK, which an overloaded guest can make happen: one more try then.
for try in 1 2; do
	place_call sipalg udp 6 start_sampler
	sleep 2
	kill "$(cat "$WORK/sampler.pid")" 2>/dev/null
	wait "$(cat "$WORK/sampler.pid")" 2>/dev/null
	[ "$(cat "$WORK/sipalg.rc")" = 0 ] && break
	log "sipp failed (try $try): $(grep -ho 'Aborting call[^:]*' "$WORK"/sipalg-ua*.err | head -n 1)"
done

assert_eq "the call completes" 0 "$(cat "$WORK/sipalg.rc")"
assert_ge "samples taken" 4 "$(grep -c '^{"calls"' "$WORK/calls.samples")"
out=$(python3 - "$WORK/calls.samples" "$PHONE6" "$SRV6" "$GW_PUB6" <<'PY'
import json
import sys

path, phone, srv, gw = sys.argv[1:]
samples = [json.loads(ln)['calls'] for ln in open(path) if ln.startswith('{"calls"')]
flowing = [s for s in samples
           if len(s) == 1 and any(h['state'] == 'flowing' for h in s[0]['pinholes'])]
print('samples', len(samples), 'with media flowing', len(flowing))
if not flowing:
    sys.exit(0)
c = flowing[-1][0]
print('family', c['family'], 'state', c['state'])
s = c['signalling']
print('signalling', s['proto'], s['src'], s['sport'], s['dst'], s['dport'])
for h in c['pinholes']:
    print('pinhole', h['side'], h['public']['addr'], h['public']['port'],
          h['real']['addr'], h['real']['port'], h['source'],
          h['state'] if h['public']['port'] == 6000 else '-')
print('last', json.dumps(samples[-1]))
PY
)
printf '%s\n' "$out" | sed 's/^/# /'
field() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' <<< "$out"; }
assert_eq "a sample with the call and its media flowing" 1 \
	"$(grep -c '^samples [0-9]* with media flowing [1-9]' <<< "$out")"
assert_eq "family, state" "ipv6 state confirmed" "$(field family)"
assert_eq "signalling peers" "udp $PHONE6 5060 $SRV6 5060" "$(field signalling)"
assert_eq "pinholes" "caller $GW_PUB6 6000 $PHONE6 6000 $SRV6 flowing
caller $GW_PUB6 6001 $PHONE6 6001 $SRV6 -
callee $SRV6 7000 $SRV6 7000 $PHONE6 -
callee $SRV6 7001 $SRV6 7001 $PHONE6 -" \
	"$(grep '^pinhole ' <<< "$out" | cut -d' ' -f2-)"
assert_eq "no call once the BYE went through" '[]' "$(field last)"
assert_ge "the table writes [address]:port" 1 \
	"$(awk -v p="[$GW_PUB6]:6000" -v r="[$PHONE6]:6000" -v s="$SRV6" \
		'/^  caller / && $3 == p && $4 == r && $5 == s { n++ } END { print n + 0 }' \
		"$WORK/calls.samples")"
finish
