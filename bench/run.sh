#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: sipalg against no helper and against the in-tree nf_conntrack_sip
# (+ nf_nat_sip), on the same traffic, in one VM boot, configurations
# alternating.  Builds what it needs, boots Debian's 6.12 kernel with
# -icount shift=0 (guest time = instructions executed: deterministic and
# independent of other load on the host), runs bench/vm/[0-9]*.sh, prints one
# table and writes it to bench/results.md.
#
# The expectation hash is sized on the kernel command line (modprobe passes
# nf_conntrack.expect_hashsize on): held calls keep 4 expectations each, and
# a gateway sized for them would not chain them 80 deep in 512 buckets.
#
# Usage: bench/run.sh [--wall] [--keep DIR] [--kernel 6.12|VERSION] [ITEM...]
#   ITEM: a bench/vm script number or name part (10 11 20 30 40 50 60, rtp, ...)
#   --wall: no -icount; plain TCG wall-clock time (swings 2-4x: a rough look only).
# Sizes (environment): REPS (3), N_INVITE (10000), N_NEWFLOW (6000), N_NOSDP
# (4000 per kind), N_TCP (4000), N_RTP (20000), N_CALLS (100000), N_WARM (1000),
# EXPECT_HASHSIZE (65536).
# The issue's full method is REPS=5 N_INVITE=20000 (about twice as long).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
wall=
keep=
kernel=6.12
items=()
while [ $# -gt 0 ]; do
	case "$1" in
	--wall) wall=1; shift ;;
	--keep) keep=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	-h|--help) sed -n '3,17p' "$0"; exit 0 ;;
	*) items+=("$1"); shift ;;
	esac
done

kver=$(ls /boot | sed -n "s/^vmlinuz-\(${kernel//./\\.}[.+-].*amd64\)$/\1/p" | sort -V | tail -n 1)
[ -n "$kver" ] || kver=$kernel
make -s userspace "build/$kver/nf_sipalg.ko"
make -s -C bench/flood

tests=()
for t in bench/vm/[0-9]*.sh; do
	if [ ${#items[@]} -eq 0 ]; then
		tests+=("$t")
		continue
	fi
	for i in "${items[@]}"; do
		case "$(basename "$t")" in *"$i"*) tests+=("$t"); break ;; esac
	done
done
[ ${#tests[@]} -gt 0 ] || { echo "bench: no bench/vm script matches ${items[*]}" >&2; exit 2; }

out=${keep:-$(mktemp -d /tmp/sipalg-bench.XXXXXX)}
mkdir -p "$out"
rm -rf "$out/bench"
: > "$out/bench.conf"
for v in REPS N_INVITE N_NEWFLOW N_NOSDP N_TCP N_RTP N_CALLS N_WARM CONFIGS; do
	[ -z "${!v:-}" ] || printf '%s="%s"\n' "$v" "${!v}" >> "$out/bench.conf"
done

# The commit, read without git (HEAD, then the ref it names, loose or packed).
commit=unknown
if [ -r .git/HEAD ]; then
	head=$(cat .git/HEAD)
	case "$head" in
	ref:*)
		ref=${head#ref: }
		if [ -r ".git/$ref" ]; then
			commit=$(cat ".git/$ref")
		elif [ -r .git/packed-refs ]; then
			commit=$(awk -v r="$ref" '$2 == r { print $1 }' .git/packed-refs)
		fi
		;;
	*) commit=$head ;;
	esac
fi
commit=${commit:0:12}

echo "bench: ${tests[*]} on $kver${wall:+ (wall clock)}; results in $out" >&2
start=$(date +%s)
# The guest's per-test limit counts guest time (instructions, plus idle time
# skipped over): raise it on the kernel command line (passed on to init).
rc=0
icount=--icount
[ -z "$wall" ] || icount=
selftests/vm/run.sh $icount --kernel "$kver" --keep "$out" \
	--timeout $((600 + 900 * ${#tests[@]})) \
	--append "SIPALG_TEST_TIMEOUT=36000 nf_conntrack.expect_hashsize=${EXPECT_HASHSIZE:-65536}" \
	"${tests[@]}" >&2 || rc=$?
echo "bench: VM run took $(( $(date +%s) - start ))s" >&2
[ -r "$out/bench/raw.txt" ] || { echo "bench: no results (VM exit $rc)" >&2; exit 1; }

python3 bench/report.py "$out/bench" ${wall:+--wall} --kernel "$kver" --commit "$commit" \
	--date "$(date -u +%Y-%m-%dT%H:%MZ)" > "$out/results.md"
cat "$out/results.md"
cp "$out/results.md" bench/results.md
echo "bench: table written to bench/results.md; raw data in $out/bench" >&2
exit $rc
