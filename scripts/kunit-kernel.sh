#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) a small x86_64 test kernel with KUnit, KASAN, UBSAN, lockdep and
# kmemleak from Debian's linux-source-6.12, for the QEMU rig (selftests/vm/run.sh
# --kernel kunit) and as KDIR for out-of-tree modules.
#
# Usage: scripts/kunit-kernel.sh [--no-build] [--verbose]
#   Prints the kernel's cache directory on stdout, which holds:
#     bzImage          the kernel
#     kernel.release   its version (uname -r)
#     build/           the O= build directory: KDIR for out-of-tree modules
#     modroot/         modules_install output (the in-tree SIP helper as modules)
#     build.log        the build's output
#   --no-build: only print the directory if that kernel is already built
#   (exit 1 otherwise).
#
# Config: tinyconfig + kvm_guest.config + selftests/kunit/config.fragment
# (merged with merge_config.sh -m, then olddefconfig); every option the fragment
# asks for is then checked against the final .config.  The cache directory,
# ${SIPALG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sipalg}/kunit-<hash>, is keyed by
# the fragment's options (not its comments), the kernel source's version and this
# recipe, so the kernel is rebuilt only when one of them changes.  The source is
# extracted once into <cache>/src-min-<version>/, without the big directories
# this config never compiles (their Kconfig and Makefiles only).  Environment:
# KUNIT_SRC (tarball, default /usr/src/linux-source-6.12.tar.xz), KUNIT_JOBS
# (default: the number of CPUs).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
frag=$top/selftests/kunit/config.fragment
tarball=${KUNIT_SRC:-/usr/src/linux-source-6.12.tar.xz}
jobs=${KUNIT_JOBS:-$(nproc)}
cache=${SIPALG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sipalg}
# Bump when the steps below change in a way that changes the kernel.
recipe="tinyconfig kvm_guest.config merge_config-m olddefconfig bzImage modules v1"

nobuild=
verbose=
while [ $# -gt 0 ]; do
	case "$1" in
	--no-build) nobuild=1; shift ;;
	--verbose|-v) verbose=1; shift ;;
	-h|--help) sed -n '3,25p' "$0"; exit 0 ;;
	*) echo "kunit-kernel: unknown argument $1" >&2; exit 2 ;;
	esac
done

say() { echo "kunit-kernel: $*" >&2; }
die() { say "$*"; exit 1; }

[ -r "$frag" ] || die "no $frag"
[ -r "$tarball" ] || die "no $tarball; run scripts/deps.sh kunit"

# The source's version: Debian's package version when dpkg knows the file,
# else the tarball's size and modification time.
pkg=$(dpkg-query -S "$tarball" 2>/dev/null | cut -d: -f1 | head -n 1 || true)
srcver=
[ -z "$pkg" ] || srcver=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)
[ -n "$srcver" ] || srcver=$(stat -c '%s-%Y' "$tarball")
srcver="$(basename "$tarball" .tar.xz)-$srcver"
srcver=${srcver//[^A-Za-z0-9._+-]/_}

hash=$( { echo "$recipe"; echo "$srcver"; grep -E '^(CONFIG_|# CONFIG_)' "$frag"; } |
	sha1sum | cut -c1-12)
dir=$cache/kunit-$hash
src=$cache/src-min-$srcver
out=$dir/build
log=$dir/build.log

if [ -e "$dir/.done" ] && [ -r "$dir/bzImage" ]; then
	echo "$dir"
	exit 0
fi
if [ -n "$nobuild" ]; then
	say "the kernel for this fragment is not built ($dir); run scripts/kunit-kernel.sh"
	exit 1
fi

mkdir -p "$dir"
exec 9> "$dir/.lock"
flock -n 9 || { say "waiting for another build of $dir"; flock 9; }
if [ -e "$dir/.done" ]; then	# built while we waited
	echo "$dir"
	exit 0
fi

start=$(date +%s)
times=

# run LABEL CMD...: log a step's output; show the end of the log if it fails.
run() {
	local label=$1 rc=0
	shift
	say "$label"
	echo "### $label: $*" >> "$log"
	if [ -n "$verbose" ]; then
		"$@" 2>&1 | tee -a "$log" >&2 || rc=$?
	else
		"$@" >> "$log" 2>&1 || rc=$?
	fi
	if [ $rc -ne 0 ]; then
		tail -n 40 "$log" >&2
		die "$label failed (exit $rc); full log: $log"
	fi
}

# Directories of the source this kernel never compiles: only their Kconfig and
# Makefiles are extracted (Kconfig sources every Kconfig file of the tree).
skip=(Documentation sound samples
      arch/alpha arch/arc arch/arm arch/arm64 arch/csky arch/hexagon arch/loongarch
      arch/m68k arch/microblaze arch/mips arch/nios2 arch/openrisc arch/parisc
      arch/powerpc arch/riscv arch/s390 arch/sh arch/sparc arch/um arch/xtensa
      drivers/gpu drivers/media drivers/staging drivers/infiniband drivers/scsi
      drivers/usb drivers/iio drivers/accel drivers/clk drivers/pinctrl
      drivers/net/ethernet drivers/net/wireless)
skip_all=(tools/perf tools/testing)	# not even their Kconfig

# extract DIR: the tarball (decompressed once, multi-threaded) into DIR, minus
# the skipped directories' sources.
extract() {
	local d ex=() inc=()
	for d in "${skip[@]}"; do
		ex+=(--exclude="*/$d")
		inc+=("*/$d/*Kconfig*" "*/$d/*Makefile*")
	done
	for d in "${skip_all[@]}"; do
		ex+=(--exclude="*/$d")
	done
	xz -T0 -dc "$tarball" |
		tee >(tar -x -C "$1" --strip-components=1 --wildcards "${inc[@]}" ||
		      echo fail > "$1/.inc-failed") |
		tar -x -C "$1" --strip-components=1 "${ex[@]}"
	wait
	[ ! -e "$1/.inc-failed" ]
}

# Extract the source once per version, atomically (an interrupted extraction
# leaves only a .tmp directory behind).
if [ ! -e "$src/.extracted" ]; then
	say "extracting $tarball into $src"
	t=$(date +%s)
	rm -rf "$src.tmp"
	mkdir -p "$src.tmp"
	extract "$src.tmp" || die "extracting $tarball failed"
	touch "$src.tmp/.extracted"
	rm -rf "$src"
	mv "$src.tmp" "$src"
	times="extract $(( $(date +%s) - t ))s"
fi

kmake() {
	nice -n 10 make -C "$src" O="$out" "$@"
}

: >> "$log"
mkdir -p "$out"
cp "$frag" "$dir/config.fragment"
if [ ! -e "$dir/.configured" ]; then
	t=$(date +%s)
	rm -f "$out/.config"
	run "tinyconfig" kmake tinyconfig
	run "kvm_guest.config" kmake kvm_guest.config
	run "merge $frag" "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$frag"
	run "olddefconfig" kmake olddefconfig

	# Options dropped by an unmet dependency disappear silently: check them all.
	bad=$(awk '
		FNR == NR {
			if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) {
				n = substr($0, 1, RLENGTH - 1); want[n] = substr($0, RLENGTH + 1)
			} else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) {
				want[$2] = "n"
			}
			next
		}
		match($0, /^CONFIG_[A-Za-z0-9_]+=/) {
			have[substr($0, 1, RLENGTH - 1)] = substr($0, RLENGTH + 1)
		}
		END {
			for (n in want) {
				h = (n in have) ? have[n] : "n"
				if (h != want[n])
					printf "  %s: want %s, have %s\n", n, want[n], h
			}
		}' "$frag" "$out/.config" | sort)
	if [ -n "$bad" ]; then
		say "the final .config ($out/.config) differs from $frag:"
		echo "$bad" >&2
		die "fix the fragment (a dependency is probably missing)"
	fi
	touch "$dir/.configured"
	times="${times:+$times, }config $(( $(date +%s) - t ))s"
	say "config verified: $(grep -cE '^(CONFIG_|# CONFIG_.* is not set)' "$frag") options as requested"
fi

say "building $(kmake -s kernelrelease) in $out with -j$jobs (log: $log); the first build takes ~20 CPU-minutes (10 on 2 idle cores)"
t=$(date +%s)
run "make bzImage modules" kmake -j"$jobs" bzImage modules
times="${times:+$times, }make $(( $(date +%s) - t ))s"
run "make modules_prepare" kmake modules_prepare
rm -rf "$dir/modroot"
run "make modules_install" kmake INSTALL_MOD_PATH="$dir/modroot" modules_install
cp "$out/arch/x86/boot/bzImage" "$dir/bzImage"
kmake -s kernelrelease > "$dir/kernel.release"
touch "$dir/.done"
for old in "$cache"/kunit-*/; do
	[ "${old%/}" = "$dir" ] || say "an older kernel is still in ${old%/} ($(du -sh "$old" | cut -f1)): remove it by hand if unused"
done
say "built in $(( $(date +%s) - start ))s ($times; load average $(cut -d' ' -f1-3 /proc/loadavg)):" \
    "$dir/bzImage ($(du -h "$dir/bzImage" | cut -f1))," \
    "kernel $(cat "$dir/kernel.release")"
echo "$dir"
