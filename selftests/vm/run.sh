#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel under QEMU (TCG) with the host's root file system shared read-only
# over virtio-9p (plus a tmpfs overlay), load nf_sipalg.ko and run test scripts inside.
#
# Usage: selftests/vm/run.sh [--kernel 6.12|6.1|VERSION|kunit|/path/vmlinuz] [--timeout SEC]
#                            [--no-module] [--keep DIR] [--icount] [--mem MB]
#                            [--append "KERNEL ARGS"] [--verbose] TEST...
# --kernel kunit boots the KUnit/KASAN/lockdep kernel of scripts/kunit-kernel.sh (build it
# first, e.g. with make kunit), as does a path to a bzImage with a kernel.release file
# beside it; nf_sipalg.ko then comes from build/kunit-<version>/.
# A TEST is a script path (relative to the repo or absolute) or "shell" for an
# interactive shell. Results come back through a second, writable 9p share. The
# guest's kernel log is scanned for BUG/WARNING/Oops/KASAN/UBSAN/lockdep reports;
# any of them fails the run. Exit status: 0 if every test passed and the log is
# clean, 1 otherwise, 2 for a boot problem or a hung guest (killed at --timeout).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kernel=6.12
timeout=
module=1
keep=
icount=
mem=1024
verbose=
extra_append=
tests=()

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--no-module) module=0; shift ;;
	--keep) keep=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--mem) mem=$2; shift 2 ;;
	--verbose) verbose=1; shift ;;
	--append) extra_append="$extra_append $2"; shift 2 ;;
	-h|--help) sed -n '4,17p' "$0"; exit 0 ;;
	*) tests+=("$1"); shift ;;
	esac
done
[ ${#tests[@]} -gt 0 ] || { echo "run.sh: no test given" >&2; exit 2; }
# Default limit: boot plus 5 minutes per test (each test has its own limit too).
timeout=${timeout:-$((120 + 300 * ${#tests[@]}))}

# Resolve the kernel: a short name picks the newest installed Debian image of that series;
# "kunit" the test kernel scripts/kunit-kernel.sh built for the current config fragment.
case "$kernel" in
kunit)
	kdir=$("$top/scripts/kunit-kernel.sh" --no-build) || exit 2
	vmlinuz=$kdir/bzImage
	;;
/*) vmlinuz=$kernel ;;
*)
	kver=$(ls /boot | sed -n "s/^vmlinuz-\(${kernel//./\\.}[.+-].*amd64\)$/\1/p" | sort -V | tail -n 1)
	[ -n "$kver" ] || kver=$kernel
	vmlinuz=/boot/vmlinuz-$kver
	;;
esac
# A kunit-kernel.sh kernel: its version in kernel.release beside the bzImage, its modules
# (if any) in modroot/; what the initramfs needs is built in.  Else: a Debian kernel.
kunitk=
if [ "${vmlinuz#/}" != "$vmlinuz" ] && [ -r "$(dirname "$vmlinuz")/kernel.release" ]; then
	kunitk=1
	kver=$(cat "$(dirname "$vmlinuz")/kernel.release")
	moddir=$(dirname "$vmlinuz")/modroot/lib/modules/$kver
	[ -r "$vmlinuz" ] || { echo "run.sh: $vmlinuz missing; run make kunit" >&2; exit 2; }
else
	[ -n "${kver:-}" ] || kver=$(basename "$vmlinuz" | sed 's/^vmlinuz-//')
	moddir=/lib/modules/$kver
	if [ ! -r "$vmlinuz" ] || [ ! -d "$moddir" ]; then
		echo "run.sh: kernel $kernel not installed (need $vmlinuz and $moddir);" \
		     "run scripts/deps.sh vm" >&2
		exit 2
	fi
fi

if [ "$module" = 1 ]; then
	if [ -n "$kunitk" ]; then
		ko=$top/build/kunit-$kver/nf_sipalg.ko
		[ -r "$ko" ] || { echo "run.sh: $ko missing; run make kunit" >&2; exit 2; }
	else
		ko=$top/build/$kver/nf_sipalg.ko
		[ -r "$ko" ] || { echo "run.sh: $ko missing; run make KVER=$kver" >&2; exit 2; }
	fi
fi

# Modules the initramfs needs to mount the 9p root, in load order (from modules.dep);
# none for a kernel without modules.dep (everything it needs is built in).
mod_order() {
	local dep=$moddir/modules.dep want line deps m
	[ -r "$dep" ] || return 0
	for want in "$@"; do
		line=$(grep -E "/$want\.ko(\.xz|\.zst)?:" "$dep" || true)
		[ -n "$line" ] || continue	# built in
		deps=${line#*:}
		for m in $(echo $deps | tr ' ' '\n' | tac) "${line%%:*}"; do
			echo "$m"
		done
	done | awk '!seen[$0]++'
}
initrd_mods=$(mod_order virtio_pci 9pnet_virtio 9p overlay)

cache=${SIPALG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sipalg}/initramfs
mkdir -p "$cache"
initrd=$cache/initramfs-$kver-$( { cat "$top/selftests/vm/initramfs-init" "$0"
	echo "$moddir" $initrd_mods; } | sha1sum | cut -c1-12).cpio.gz

build_initramfs() {
	local d m base
	d=$(mktemp -d)
	mkdir -p "$d"/{bin,dev,proc,sys,lib,lower,upper,newroot}
	cp /bin/busybox "$d/bin/busybox"
	ln -s busybox "$d/bin/sh"
	cp "$top/selftests/vm/initramfs-init" "$d/init"
	chmod +x "$d/init"
	: > "$d/lib/modules.order"
	for m in $initrd_mods; do
		base=$(basename "$m"); base=${base%.xz}; base=${base%.zst}
		case "$m" in
		*.xz) xz -dc "$moddir/$m" > "$d/lib/$base" ;;
		*.zst) zstd -qdc "$moddir/$m" > "$d/lib/$base" ;;
		*) cp "$moddir/$m" "$d/lib/$base" ;;
		esac
		echo "$base" >> "$d/lib/modules.order"
	done
	(cd "$d" && find . | cpio -o -H newc --quiet | gzip -1) > "$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	rm -rf "$d"
}
[ -r "$initrd" ] || build_initramfs

out=${keep:-$(mktemp -d /tmp/sipalg-vm.XXXXXX)}
mkdir -p "$out"
chmod 0777 "$out"
rm -f "$out"/rc "$out"/results "$out"/dmesg.txt
{
	echo "SIPALG_TOP=$top"
	echo "SIPALG_KVER=$kver"
	echo "SIPALG_MODULE=$module"
	echo "SIPALG_KO=${ko:-}"
	echo "SIPALG_MODDIR=$moddir"
	printf 'SIPALG_TESTS="%s"\n' "${tests[*]}"
	env | grep -E '^(STRESS_[A-Z_]+|SIPALG_TEST_TIMEOUT)=[0-9]+$' || true	# 23-stress.sh
} > "$out/env"

append="console=ttyS0 quiet loglevel=4 panic=-1 oops=panic panic_on_warn=0 sipalg.results=/sipalg-results"
# KASAN: report every bad access, not just the first one.  no5lvl: with -cpu max
# the guest has LA57, and a boot on a loaded host once ended in a storm of KASAN
# "wild-memory-access" reports on every 5-level direct-map address from an
# interrupt during identify_cpu() (0.009 s), then hung; presumably the window
# where the boot CPU's feature bits are cleared.  4-level paging avoids it.
[ -z "$kunitk" ] || append="$append kasan_multi_shot no5lvl"
append="$append$extra_append"
qemu_args=(
	-machine q35 -cpu max -smp 2 -m "$mem" -nographic -no-reboot
	-kernel "$vmlinuz" -initrd "$initrd"
	-append "$append"
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot
	-fsdev local,id=res,path="$out",security_model=none,multidevs=remap
	-device virtio-9p-pci,fsdev=res,mount_tag=results
	-nic none
)
[ -z "$icount" ] || qemu_args+=(-icount shift=0,sleep=off)

start=$(date +%s)
rc=0
if [ "${tests[*]}" = shell ]; then
	qemu-system-x86_64 "${qemu_args[@]}" || rc=$?
else
	timeout -k 10 "$timeout" qemu-system-x86_64 "${qemu_args[@]}" \
		< /dev/null > "$out/console.log" 2>&1 || rc=$?
fi
secs=$(( $(date +%s) - start ))

status=0
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "run.sh: guest did not finish within ${timeout}s; killed. Last console lines:" >&2
	tail -n 30 "$out/console.log" >&2
	status=2
elif [ ! -r "$out/rc" ]; then
	echo "run.sh: guest stopped without results (qemu exit $rc). Console:" >&2
	tail -n 40 "$out/console.log" >&2
	status=2
fi
# A guest that stopped early (a panic, a hang): which test was running, and how far it got.
if [ $status -eq 2 ] && [ "${tests[*]}" != shell ]; then
	running=
	for t in "${tests[@]}"; do
		n=$(basename "$t" .sh)
		grep -qE "^(not )?ok - $n " "$out/results" 2>/dev/null && continue
		running=$n
		break
	done
	if [ -n "$running" ]; then
		echo "run.sh: it stopped while $running ran; its last lines:" >&2
		tail -n 8 "$out/$running.log" 2>/dev/null | sed 's/^/#   /' >&2
		echo "stopped during: $running" >> "$out/digest.txt"
	fi
fi

# Any kernel splat fails the run, whatever the tests said.
log=$out/dmesg.txt
[ -r "$log" ] || log=$out/console.log
if grep -nE 'BUG[: ]|WARNING:|Oops|KASAN|UBSAN|possible recursive locking|circular locking|inconsistent lock state|suspicious RCU|Call Trace:|[Kk]ernel panic|general protection' "$log" > "$out/splats.txt" 2>/dev/null; then
	echo "run.sh: the guest kernel reported problems ($log):" >&2
	cat "$out/splats.txt" >&2
	grep -nE -A25 'BUG[: ]|WARNING:|Oops|KASAN|UBSAN|Kernel panic|general protection' "$log" | head -n 80 >&2 || true
	[ $status -ne 0 ] || status=1
	# The first report in a few lines: what, where, who, and the innermost frames.
	awk '/BUG[: ]|WARNING:|Oops|general protection|KASAN|UBSAN|kernel panic|Kernel panic/ && !h { h = 1; print; next }
	     h && /RIP: |Workqueue:|Comm:|Kernel Offset:/ && n++ < 5 { print }
	     h && /Call Trace:/ { ct = 1; next }
	     ct && !/ \? / && f++ < 10 { print }' "$log" | sed 's/^.*\[ *[0-9.]*\] //' | cut -c1-160 >> "$out/digest.txt"
fi
if [ -s "$out/digest.txt" ]; then
	sed 's/^/digest: /' "$out/digest.txt" >&2
fi

if [ -r "$out/rc" ]; then
	if [ -n "$verbose" ]; then
		for t in "${tests[@]}"; do
			cat "$out/$(basename "$t" .sh).log" 2>/dev/null
		done
	fi
	[ -r "$out/results" ] && cat "$out/results"
	grc=$(cat "$out/rc")
	[ "$grc" = 0 ] || [ $status -ne 0 ] || status=1
fi
echo "vm: kernel $kver, ${secs}s, results in $out"
[ -n "$keep" ] || [ $status -ne 0 ] || rm -rf "$out"
exit $status
