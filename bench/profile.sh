#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where the instructions go: one flood through the gateway under perf, in an
# -icount guest (samples every 20000 instructions).  Not part of make bench.
#
# Usage: bench/profile.sh [KIND [CFG [nat|nonat]]]
#   KIND: invite (default), options, ringing, bye, ok (bench/flood kinds)
#   CFG: sipalg (default), sip (in-tree), none
# Prints the flat profile (dso, symbol) and the one with children.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kver=$(ls /boot | sed -n 's/^vmlinuz-\(6\.12[.+-].*amd64\)$/\1/p' | sort -V | tail -n 1)
make -s userspace "build/$kver/nf_sipalg.ko"
make -s -C bench/flood
out=$(mktemp -d /tmp/sipalg-profile.XXXXXX)
# bench/vm/lib.sh reads bench.conf from the results directory.
printf 'PROFILE_KIND=%s\nPROFILE_CFG=%s\nPROFILE_NAT=%s\n' "${1:-invite}" "${2:-sipalg}" \
	"${3:-nat}" > "$out/bench.conf"
[ -z "${PROFILE_N:-}" ] || echo "PROFILE_N=$PROFILE_N" >> "$out/bench.conf"
selftests/vm/run.sh --icount --kernel "$kver" --keep "$out" --timeout 1800 \
	--append "SIPALG_TEST_TIMEOUT=36000 nf_conntrack.expect_hashsize=${EXPECT_HASHSIZE:-65536}" \
	bench/profile/guest.sh >&2 || true
cat "$out/profile/report.txt" 2>/dev/null || { echo "profile: no report; see $out" >&2; exit 1; }
echo "profile: raw data in $out" >&2
