#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what sipalg's build, demo and tests need, from Debian's archive.
# Usage: scripts/deps.sh [build|vm|check|kunit|fuzz|all]   (default: check)
# Only installs packages that are missing, and says which ones first.
set -euo pipefail

what=${1:-check}

build_pkgs="make gcc libc6-dev pkg-config libmnl-dev kmod linux-headers-amd64 linux-headers-6.12-amd64"
vm_pkgs="qemu-system-x86 busybox-static linux-image-6.12-amd64 linux-image-amd64 sip-tester nftables conntrack iproute2 python3"
check_pkgs="dkms"
# the KUnit test kernel (scripts/kunit-kernel.sh): its source and what building it needs
kunit_pkgs="linux-source-6.12 bc bison flex libelf-dev libssl-dev xz-utils cpio"
fuzz_pkgs="clang valgrind"

case "$what" in
build) pkgs="$build_pkgs" ;;
vm) pkgs="$build_pkgs $vm_pkgs" ;;
check) pkgs="$build_pkgs $vm_pkgs $check_pkgs $kunit_pkgs" ;;
kunit) pkgs="$build_pkgs $vm_pkgs $kunit_pkgs" ;;
fuzz) pkgs="$build_pkgs $fuzz_pkgs" ;;
all) pkgs="$build_pkgs $vm_pkgs $check_pkgs $kunit_pkgs $fuzz_pkgs" ;;
*) echo "usage: $0 [build|vm|check|kunit|fuzz|all]" >&2; exit 2 ;;
esac

missing=()
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "sipalg: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/sipalg-apt.log 2>&1 || {
	echo "sipalg: apt-get install failed; last lines of /tmp/sipalg-apt.log:" >&2
	tail -n 20 /tmp/sipalg-apt.log >&2
	exit 1
}
echo "sipalg: installed ${#missing[@]} packages"
