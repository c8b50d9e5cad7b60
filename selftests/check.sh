#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything `make check` runs, with one summary line at the end:
#   parser unit tests, sipalgctl build, module builds (W=1, -Werror) for each
#   kernel in CHECK_KVERS, checkpatch, DKMS builds, and the VM selftests
#   (selftests/netns/[0-9]*.sh) booted on each kernel in CHECK_KVERS.
# Exits non-zero if anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kvers=${CHECK_KVERS:?CHECK_KVERS not set (run make check)}
tests=${TESTS:-$(ls selftests/netns/[0-9]*.sh)}
pass=0
fail=0
failed=()
start=$(date +%s)
log=$(mktemp -d /tmp/sipalg-check.XXXXXX)

step() {	# step NAME COMMAND...: one check
	local name=$1
	shift
	printf '== %s\n' "$name"
	if "$@" > "$log/step.out" 2>&1; then
		pass=$((pass + 1))
		echo "ok - $name"
	else
		fail=$((fail + 1))
		failed+=("$name")
		tail -n 40 "$log/step.out"
		echo "not ok - $name"
	fi
}

counted() {	# counted NAME OUTPUT-FILE RC: add a runner's "N passed, N failed"
	local name=$1 out=$2 rc=$3 line p f
	line=$(grep -E '([0-9]+) passed, ([0-9]+) failed' "$out" | tail -n 1)
	p=$(echo "$line" | sed -nE 's/.*([^0-9]|^)([0-9]+) passed.*/\2/p')
	f=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# the runner itself failed (boot problem, kernel splat)
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -eq 0 ] || failed+=("$name")
	echo "$name: $p passed, $f failed"
}

echo "== parser unit tests"
make -s -C selftests/unit run > "$log/unit.out" 2>&1
rc=$?
grep -E '^(not ok|FAIL)' "$log/unit.out"
counted "unit" "$log/unit.out" $rc

step "build sipalgctl" make -s userspace
for k in $kvers; do
	step "build nf_sipalg.ko for $k (W=1 -Werror)" make -s "build/$k/nf_sipalg.ko"
done
step "checkpatch" scripts/checkpatch.sh

echo "== dkms"
selftests/dkms-check.sh $kvers > "$log/dkms.out" 2>&1
rc=$?
cat "$log/dkms.out"
p=$(grep -c '^ok' "$log/dkms.out")
f=$(grep -c '^not ok' "$log/dkms.out")
[ $rc -eq 0 ] || [ "$f" -gt 0 ] || f=1
pass=$((pass + p)); fail=$((fail + f))
[ "$f" -eq 0 ] || failed+=("dkms")

for k in $kvers; do
	echo "== VM selftests on $k"
	if [ ! -e "build/$k/nf_sipalg.ko" ]; then
		fail=$((fail + 1)); failed+=("VM $k (no module)")
		continue
	fi
	selftests/vm/run.sh --kernel "/boot/vmlinuz-$k" $tests 2>&1 | tee "$log/vm-$k.out"
	counted "VM $k" "$log/vm-$k.out" "${PIPESTATUS[0]}"
done

secs=$(( $(date +%s) - start ))
echo
echo "make check: ${secs}s"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'failed: %s\n' "${failed[@]}"
fi
rm -rf "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
