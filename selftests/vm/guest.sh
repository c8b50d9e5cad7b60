#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs as PID 1 inside the test VM (after switch_root): set up a minimal system,
# load nf_sipalg.ko, run each requested test with a time limit, write results,
# the kernel log and an exit code into /sipalg-results, then power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
R=/sipalg-results
export SIPALG_RESULTS=$R
set -a; . $R/env; set +a	# tests see SIPALG_KO etc.

mount -t proc proc /proc
mount -t sysfs sysfs /sys
# /tmp stays the overlay's (host /tmp below, tmpfs upper): a checkout under /tmp must stay visible.
mount -t tmpfs tmpfs /run
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname sipalg-vm
ip link set lo up
ulimit -c 0

# A kernel whose modules are not installed on the host (the KUnit kernel): point
# /lib/modules/<version> (in the tmpfs overlay) at the directory run.sh names, so that
# modprobe finds its modules.dep and modules.builtin.
kver=$(uname -r)
if [ ! -e "/lib/modules/$kver" ] && [ -d "${SIPALG_MODDIR:-}" ]; then
	mkdir -p /lib/modules && ln -s "$SIPALG_MODDIR" "/lib/modules/$kver"
fi

finish() {
	dmesg > $R/dmesg.txt
	echo "$1" > $R/rc
	sync
	poweroff -f
	sleep 30
}

if [ "$SIPALG_TESTS" = shell ]; then
	echo "sipalg rig: interactive shell; the repo is at $SIPALG_TOP; exit to power off"
	cd "$SIPALG_TOP" && setsid -c bash -i
	finish 0
fi

if [ "$SIPALG_MODULE" = 1 ]; then
	modprobe -a nf_conntrack nf_nat nf_tables nft_ct || { echo "modprobe failed" > $R/results; finish 2; }
	if ! insmod "$SIPALG_KO" 2> $R/insmod.err; then
		echo "not ok - insmod $SIPALG_KO: $(cat $R/insmod.err)" > $R/results
		finish 2
	fi
fi

pass=0
fail=0
: > $R/results
cd "$SIPALG_TOP"
for t in $SIPALG_TESTS; do
	name=$(basename "$t" .sh)
	logf=$R/$name.log
	start=$(date +%s)
	timeout -k 5 "${SIPALG_TEST_TIMEOUT:-300}" bash "$t" > "$logf" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok - $name (${secs}s)" >> $R/results
	else
		fail=$((fail + 1))
		[ $rc -eq 124 ] && echo "# $name timed out" >> "$logf"
		echo "not ok - $name (exit $rc, ${secs}s)" >> $R/results
		sed 's/^/#   /' "$logf" | tail -n 40 >> $R/results
	fi
done

if [ "$SIPALG_MODULE" = 1 ]; then
	# Unloading must work after every test (no leaked references).
	# Namespaces are torn down asynchronously; their nft helper objects hold
	# references on the module until then.
	for _ in $(seq 30); do
		rmmod nf_sipalg 2> $R/rmmod.err && break
		sleep 1
	done
	if lsmod | grep -q '^nf_sipalg '; then
		fail=$((fail + 1))
		echo "not ok - rmmod nf_sipalg: $(cat $R/rmmod.err)" >> $R/results
	fi
fi
echo "vm-tests: $pass passed, $fail failed" >> $R/results
[ $fail -eq 0 ] && finish 0
finish 1
