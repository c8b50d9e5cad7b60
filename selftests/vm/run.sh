#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel under QEMU (TCG) with the host's root file system shared read-only
# over virtio-9p (plus a tmpfs overlay), load nf_sipalg.ko and run test scripts inside.
#
# Usage: selftests/vm/run.sh [--kernel 6.12|6.1|VERSION|/path/vmlinuz] [--timeout SEC]
#                            [--no-module] [--keep DIR] [--icount] [--mem MB]
#                            [--verbose] TEST...
# A TEST is a script path (relative to the repo or absolute) or "shell" for an
# interactive shell. Results come back through a second, writable 9p share. The
# guest's kernel log is scanned for BUG/WARNING/Oops/KASAN/UBSAN/lockdep reports;
# any of them fails the run. Exit status: 0 if every test passed and the log is
# clean, 1 otherwise, 2 for a boot problem or a hung guest (killed at --timeout).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kernel=6.12
timeout=600
module=1
keep=
icount=
mem=1024
verbose=
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
	-h|--help) sed -n '4,14p' "$0"; exit 0 ;;
	*) tests+=("$1"); shift ;;
	esac
done
[ ${#tests[@]} -gt 0 ] || { echo "run.sh: no test given" >&2; exit 2; }

# Resolve the kernel: a short name picks the newest installed Debian image of that series.
case "$kernel" in
/*) vmlinuz=$kernel; kver=$(basename "$vmlinuz" | sed 's/^vmlinuz-//') ;;
*)
	kver=$(ls /boot | sed -n "s/^vmlinuz-\(${kernel//./\\.}[.+-].*amd64\)$/\1/p" | sort -V | tail -n 1)
	[ -n "$kver" ] || kver=$kernel
	vmlinuz=/boot/vmlinuz-$kver
	;;
esac
if [ ! -r "$vmlinuz" ] || [ ! -d "/lib/modules/$kver" ]; then
	echo "run.sh: kernel $kernel not installed (need $vmlinuz and /lib/modules/$kver);" \
	     "run scripts/deps.sh vm" >&2
	exit 2
fi

if [ "$module" = 1 ]; then
	ko=$top/build/$kver/nf_sipalg.ko
	[ -r "$ko" ] || { echo "run.sh: $ko missing; run make KVER=$kver" >&2; exit 2; }
fi

cache=${SIPALG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sipalg}/initramfs
mkdir -p "$cache"
initrd=$cache/initramfs-$kver-$(cat "$top/selftests/vm/initramfs-init" "$0" | sha1sum | cut -c1-12).cpio.gz

# Modules the initramfs needs to mount the 9p root, in load order (from modules.dep).
mod_order() {
	local dep=/lib/modules/$kver/modules.dep want line deps m
	for want in "$@"; do
		line=$(grep -E "/$want\.ko(\.xz|\.zst)?:" "$dep" || true)
		[ -n "$line" ] || continue	# built in
		deps=${line#*:}
		for m in $(echo $deps | tr ' ' '\n' | tac) "${line%%:*}"; do
			echo "$m"
		done
	done | awk '!seen[$0]++'
}

build_initramfs() {
	local d m base
	d=$(mktemp -d)
	mkdir -p "$d"/{bin,dev,proc,sys,lib,lower,upper,newroot}
	cp /bin/busybox "$d/bin/busybox"
	ln -s busybox "$d/bin/sh"
	cp "$top/selftests/vm/initramfs-init" "$d/init"
	chmod +x "$d/init"
	: > "$d/lib/modules.order"
	for m in $(mod_order virtio_pci 9pnet_virtio 9p overlay); do
		base=$(basename "$m"); base=${base%.xz}; base=${base%.zst}
		case "$m" in
		*.xz) xz -dc "/lib/modules/$kver/$m" > "$d/lib/$base" ;;
		*.zst) zstd -qdc "/lib/modules/$kver/$m" > "$d/lib/$base" ;;
		*) cp "/lib/modules/$kver/$m" "$d/lib/$base" ;;
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
	printf 'SIPALG_TESTS="%s"\n' "${tests[*]}"
} > "$out/env"

qemu_args=(
	-machine q35 -cpu max -smp 2 -m "$mem" -nographic -no-reboot
	-kernel "$vmlinuz" -initrd "$initrd"
	-append "console=ttyS0 quiet loglevel=4 panic=-1 oops=panic panic_on_warn=0 sipalg.results=/sipalg-results"
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

# Any kernel splat fails the run, whatever the tests said.
log=$out/dmesg.txt
[ -r "$log" ] || log=$out/console.log
if grep -nE 'BUG[: ]|WARNING:|Oops|KASAN|UBSAN|possible recursive locking|circular locking|inconsistent lock state|suspicious RCU|Call Trace:|kernel panic' "$log" > "$out/splats.txt" 2>/dev/null; then
	echo "run.sh: the guest kernel reported problems ($log):" >&2
	cat "$out/splats.txt" >&2
	grep -nE -A25 'BUG[: ]|WARNING:|Oops|KASAN|UBSAN' "$log" | head -n 80 >&2 || true
	[ $status -ne 0 ] || status=1
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
