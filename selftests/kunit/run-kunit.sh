#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make kunit`: run by selftests/vm/guest.sh inside the KUnit kernel
# (selftests/vm/run.sh --kernel kunit selftests/kunit/run-kunit.sh).  Loads
# sipalg_kunit.ko (its KUnit suites, sipalg_*, run at load time), prints each
# suite's KTAP results, asks kmemleak about leaks from sipalg code, unloads it,
# and ends with "N passed, N failed" (KTAP test cases of all suites).  Exit
# status: non-zero if a case failed, a suite ran fewer cases than it planned,
# none ran, or kmemleak found a leak.  run.sh scans the kernel log for
# KASAN/UBSAN/lockdep reports separately.
#
# SIPALG_KUNIT_KO overrides the module (default: build/kunit-$(uname -r)/sipalg_kunit.ko).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
ko=${SIPALG_KUNIT_KO:-$top/build/kunit-$(uname -r)/sipalg_kunit.ko}
dbg=/sys/kernel/debug
kmemleak=$dbg/kmemleak

uptime() { cut -d' ' -f1 /proc/uptime; }
t_start=$(uptime)

[ -d $dbg/kunit ] || mount -t debugfs debugfs $dbg 2>/dev/null

fail() {
	echo "run-kunit: $*"
	echo "kunit: 0 passed, 1 failed"
	exit 1
}

[ -r "$ko" ] || fail "$ko missing (make kunit builds it)"
[ -d $dbg/kunit ] || fail "no $dbg/kunit: the kernel lacks CONFIG_KUNIT_DEBUGFS"

# Forget what boot left for kmemleak: only leaks from here on count.
leakcheck=
if [ -w $kmemleak ] && ! grep -qw kmemleak=off /proc/cmdline; then
	echo clear > $kmemleak && leakcheck=1
fi

t_insmod=$(uptime)
insmod "$ko" || fail "insmod $ko failed"
t_ktap=$(uptime)
status=0
passed=0
failed=0
skipped=0
suites=0
for results in $dbg/kunit/sipalg_*/results; do
	[ -r "$results" ] || continue
	suites=$((suites + 1))
	echo "# KTAP from $results"
	cat "$results"
	# Test cases are the results one level down (a 4-space indent); a skipped case is "ok".
	p=$(grep -cE '^    ok [0-9]+ ' "$results")
	f=$(grep -cE '^    not ok [0-9]+ ' "$results")
	planned=$(sed -n 's/^    1\.\.\([0-9]*\)$/\1/p' "$results" | head -n 1)
	if [ "$((p + f))" -eq 0 ] || [ "$((p + f))" != "${planned:-0}" ]; then
		echo "# run-kunit: $((p + f)) results for ${planned:-no} planned cases in $results"
		status=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + $(grep -cE '^    ok [0-9]+ .*# SKIP' "$results")))
done
[ "$suites" -gt 0 ] || fail "no $dbg/kunit/sipalg_*/results after loading $ko"
[ "$failed" -eq 0 ] || status=1
[ "$skipped" -eq 0 ] || echo "# $skipped of the passed cases were skipped"

# kmemleak reports an object that nothing points to, that is older than 5 s and
# unchanged since the previous scan: scan twice, the second time at least 5 s after
# the suite, while the module is loaded (so that backtraces name its functions).
# Boot with kmemleak=off (run.sh --append) to skip this and run about twice as fast.
if [ -n "$leakcheck" ] && echo scan 2>/dev/null > $kmemleak &&
   sleep "$(awk -v t="$t_ktap" '{ d = t + 5 - $1; print (d > 0 ? d : 0) }' /proc/uptime)" &&
   echo scan 2>/dev/null > $kmemleak; then
	if grep -q sipalg $kmemleak; then
		echo "# run-kunit: kmemleak: leaks from sipalg code:"
		sed 's/^/# /' $kmemleak
		status=1
	else
		echo "# kmemleak: $(grep -c '^unreferenced object' $kmemleak) suspected leaks, none from sipalg"
	fi
else
	echo "# kmemleak: off (no leak check)"
fi

rmmod sipalg_kunit || { echo "# run-kunit: rmmod sipalg_kunit failed"; status=1; }

# lockdep switches itself off after its first report (or when it runs out of room).
if [ -r /proc/lockdep_stats ] && grep -qE '^ *debug_locks: *0' /proc/lockdep_stats; then
	echo "# run-kunit: lockdep is off (debug_locks 0): see the kernel log"
	status=1
fi
echo "# seconds since boot: script start $t_start, insmod $t_insmod, KTAP $t_ktap," \
     "done $(uptime)"

echo "kunit: $passed passed, $failed failed"
exit $status
