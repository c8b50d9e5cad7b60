#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tunables: one value, two doors.  Every tunable is a sysctl under
# net.netfilter.sipalg and a key of `sipalgctl get/set`, both the same value
# of the same network namespace, both refusing what is out of range (sipalgctl
# shows the module's message).  Each namespace starts at the defaults and
# keeps its own values.  Anyone reads; changing needs CAP_NET_ADMIN over the
# namespace, which the root of an unprivileged user namespace has over its own.
. "$(dirname "$0")/lib.sh"

CTL=$TOP/userspace/sipalgctl
A=sipalg-cfg-a
B=sipalg-cfg-b
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }
# sctl NS KEY: the sysctl's value; ctl_get NS KEY [COLUMN]: sipalgctl's
# VALUE (column 2) or DEFAULT (3) of KEY.
sctl() { ip netns exec "$1" sysctl -n "net.netfilter.sipalg.$2" 2>&1; }
ctl_get() {
	ip netns exec "$1" "$CTL" get "$2" 2>&1 | awk -v k="$2" -v c="${3:-2}" '$1 == k { print $c }'
}
# refused WHAT EXPECTED-MESSAGE COMMAND...: the command fails, saying so.
refused() {
	local what=$1 msg=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && grep -qF -- "$msg" <<< "$out"; then
		pass "$what (exit $rc: $out)"
	else
		fail "$what: expected failure with \"$msg\", got exit $rc: $out"
	fi
}

cleanup() {
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	return 0
}
cleanup
ip netns add $A
ip netns add $B

# Defaults, as the brief of each tunable says: KEY SYSCTL-VALUE SIPALGCTL-VALUE.
defaults="mode 0 enforce
ice 0 leave
direct_media 1 1
min_media_port 1024 1024
max_media 16 16
max_calls 262144 262144
max_pinholes_per_call 32 32
max_pinholes_per_source 512 512
pinhole_timeout 180 180
signalling_timeout 3600 3600
max_register_expires 3600 3600
tcp_buffer 16384 16384
parse_error_action 0 forward
log_calls_hashed 1 1"

log "one table: the sysctl directory and sipalgctl list the same keys"
keys_sysctl=$(a ls /proc/sys/net/netfilter/sipalg | sort | tr '\n' ' ')
keys_ctl=$(a "$CTL" get | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')
keys_want=$(cut -d' ' -f1 <<< "$defaults" | sort | tr '\n' ' ')
assert_eq "sysctl keys are the tunables" "$keys_want" "$keys_sysctl"
assert_eq "sipalgctl keys are the sysctl keys" "$keys_sysctl" "$keys_ctl"
assert_eq "sysctl files are rw-r--r--" "" \
	"$(a find /proc/sys/net/netfilter/sipalg -type f ! -perm 0644)"
log "sipalgctl get:"; a "$CTL" get | sed 's/^/#   /'

log "defaults in a new namespace and in the initial one, through both doors"
# Every value in one go: "key:value" from the sysctl files, sipalgctl's table.
sysctl_a=$(a sh -c 'cd /proc/sys/net/netfilter/sipalg && grep . *')
sysctl_init=$(cd /proc/sys/net/netfilter/sipalg && grep . *)
ctl_a=$(a "$CTL" get)
while read -r key num word; do
	assert_eq "$A: $key default via sysctl" "$num" \
		"$(awk -F: -v k="$key" '$1 == k { print $2 }' <<< "$sysctl_a")"
	assert_eq "$A: $key default via sipalgctl" "$word" \
		"$(awk -v k="$key" '$1 == k { print $2 }' <<< "$ctl_a")"
	assert_eq "$A: $key DEFAULT column" "$word" \
		"$(awk -v k="$key" '$1 == k { print $3 }' <<< "$ctl_a")"
	assert_eq "init_net: $key default via sysctl" "$num" \
		"$(awk -F: -v k="$key" '$1 == k { print $2 }' <<< "$sysctl_init")"
done <<< "$defaults"
assert_eq "sipalgctl get mode: range is the words" "enforce|observe" "$(ctl_get $A mode 4)"
assert_eq "sipalgctl get pinhole_timeout: range" "10..86400" "$(ctl_get $A pinhole_timeout 4)"
assert_eq "sipalgctl get KEY shows the description" 1 \
	"$(a "$CTL" get pinhole_timeout | grep -c '^# .*seconds')"
assert_eq "sipalgctl --json get mode" 1 \
	"$(a "$CTL" --json get mode | grep -c '"mode":{"value":"enforce","default":"enforce","type":"enum","min":0,"max":1,"words":\["enforce","observe"\]')"

log "set with sipalgctl, seen by sysctl"
a "$CTL" set pinhole_timeout 300
assert_eq "sipalgctl set pinhole_timeout 300: exit" 0 $?
assert_eq "... sysctl shows 300" 300 "$(sctl $A pinhole_timeout)"
a "$CTL" set mode observe
assert_eq "sipalgctl set mode observe: exit" 0 $?
assert_eq "... sysctl shows 1" 1 "$(sctl $A mode)"
a "$CTL" set parse_error_action drop && a "$CTL" set ice 1
assert_eq "sipalgctl set parse_error_action drop, ice 1: exit" 0 $?
assert_eq "... sysctl parse_error_action" 1 "$(sctl $A parse_error_action)"
assert_eq "... sipalgctl shows ice as a word" strip "$(ctl_get $A ice)"

log "set with sysctl, seen by sipalgctl"
a sysctl -qw net.netfilter.sipalg.max_media=4
assert_eq "sysctl max_media=4: exit" 0 $?
assert_eq "... sipalgctl shows 4" 4 "$(ctl_get $A max_media)"
a bash -c 'echo 0 > /proc/sys/net/netfilter/sipalg/mode'
assert_eq "write 0 to .../mode: exit" 0 $?
assert_eq "... sipalgctl shows enforce" enforce "$(ctl_get $A mode)"
a sysctl -qw net.netfilter.sipalg.min_media_port=65535 net.netfilter.sipalg.direct_media=0
assert_eq "... sipalgctl min_media_port at its maximum" 65535 "$(ctl_get $A min_media_port)"
assert_eq "... sipalgctl direct_media" 0 "$(ctl_get $A direct_media)"

log "out of range: refused by both doors, nothing changes"
refused "sysctl pinhole_timeout=5" "out of range" \
	a sysctl -w net.netfilter.sipalg.pinhole_timeout=5
refused "write 86401 to .../pinhole_timeout" "out of range" \
	a bash -c 'echo 86401 > /proc/sys/net/netfilter/sipalg/pinhole_timeout'
refused "sysctl mode=2" "out of range" a sysctl -w net.netfilter.sipalg.mode=2
refused "sysctl min_media_port=0" "out of range" a sysctl -w net.netfilter.sipalg.min_media_port=0
refused "sysctl tcp_buffer=abc" "Invalid argument" a sysctl -w net.netfilter.sipalg.tcp_buffer=abc
refused "sipalgctl set pinhole_timeout 5 (the module's message)" \
	"sipalgctl: pinhole_timeout must be 10..86400" a "$CTL" set pinhole_timeout 5
refused "sipalgctl set max_pinholes_per_call 256" \
	"max_pinholes_per_call must be 1..255" a "$CTL" set max_pinholes_per_call 256
refused "sipalgctl set mode 2" "mode must be 0..1 (enforce|observe)" a "$CTL" set mode 2
refused "sipalgctl set mode bogus" 'mode takes one of enforce|observe, not "bogus"' \
	a "$CTL" set mode bogus
refused "sipalgctl set tcp_buffer -1" 'tcp_buffer takes 1024..65535, not "-1"' \
	a "$CTL" set tcp_buffer -1
refused "sipalgctl set no_such_key 1" "unknown tunable" a "$CTL" set no_such_key 1
refused "sipalgctl get no_such_key" "unknown tunable" a "$CTL" get no_such_key
assert_eq "pinhole_timeout unchanged (sysctl)" 300 "$(sctl $A pinhole_timeout)"
assert_eq "pinhole_timeout unchanged (sipalgctl)" 300 "$(ctl_get $A pinhole_timeout)"
assert_eq "mode unchanged" enforce "$(ctl_get $A mode)"
assert_eq "max_pinholes_per_call unchanged" 32 "$(sctl $A max_pinholes_per_call)"
assert_eq "tcp_buffer unchanged" 16384 "$(sctl $A tcp_buffer)"

log "namespaces keep their own values"
b "$CTL" set pinhole_timeout 60
assert_eq "$B: pinhole_timeout set to 60" 60 "$(sctl $B pinhole_timeout)"
assert_eq "$A: pinhole_timeout still 300" 300 "$(sctl $A pinhole_timeout)"
assert_eq "$B: max_media still the default" 16 "$(ctl_get $B max_media)"
assert_eq "$B: parse_error_action still forward" forward "$(ctl_get $B parse_error_action)"
assert_eq "init_net: pinhole_timeout still 180" 180 "$(sysctl -n net.netfilter.sipalg.pinhole_timeout)"
assert_eq "init_net: max_media still 16" 16 "$("$CTL" get max_media | awk '$1 == "max_media" { print $2 }')"

log "unprivileged: reads, does not change"
out=$(a "${NOBODY[@]}" "$CTL" get 2>&1)
assert_eq "nobody: sipalgctl get works" "300" "$(awk '$1 == "pinhole_timeout" { print $2 }' <<< "$out")"
a "${NOBODY[@]}" "$CTL" stats -a > /dev/null 2>&1
assert_eq "nobody: sipalgctl stats works" 0 $?
assert_eq "nobody: sysctl read works" 300 "$(a "${NOBODY[@]}" sysctl -n net.netfilter.sipalg.pinhole_timeout)"
refused "nobody: sipalgctl set" "setting pinhole_timeout needs CAP_NET_ADMIN" \
	a "${NOBODY[@]}" "$CTL" set pinhole_timeout 100
refused "nobody: sipalgctl set with a word" "setting mode needs CAP_NET_ADMIN" \
	a "${NOBODY[@]}" "$CTL" set mode observe
refused "nobody: sipalgctl reset" "resetting counters needs CAP_NET_ADMIN" \
	a "${NOBODY[@]}" "$CTL" reset
refused "nobody: sysctl write" "permission denied" \
	a "${NOBODY[@]}" sysctl -w net.netfilter.sipalg.pinhole_timeout=100
assert_eq "pinhole_timeout unchanged by nobody" 300 "$(sctl $A pinhole_timeout)"

log "unprivileged user, root of its own user and network namespace: changes its own"
[ -w /proc/sys/kernel/unprivileged_userns_clone ] && echo 1 > /proc/sys/kernel/unprivileged_userns_clone
out=$("${NOBODY[@]}" unshare -Urn sh -c "
	cat /proc/sys/net/netfilter/sipalg/pinhole_timeout &&
	echo 250 > /proc/sys/net/netfilter/sipalg/pinhole_timeout &&
	cat /proc/sys/net/netfilter/sipalg/pinhole_timeout &&
	'$CTL' set mode observe && cat /proc/sys/net/netfilter/sipalg/mode &&
	'$CTL' reset && echo reset-ok" 2>&1 | tr '\n' ' ')
assert_eq "userns root: default, sysctl write, sipalgctl set, reset" "180 250 1 reset-ok " "$out"
assert_eq "userns root changed nothing outside: init_net mode" 0 "$(sysctl -n net.netfilter.sipalg.mode)"
assert_eq "userns root changed nothing outside: $A pinhole_timeout" 300 "$(sctl $A pinhole_timeout)"

cleanup
finish
