#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh KVER...: the DKMS package builds nf_sipalg.ko for each kernel.
# Uses private --sourcetree/--dkmstree directories: nothing is installed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
tmp=$(mktemp -d /tmp/sipalg-dkms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/src/sipalg-$ver" "$tmp/dkms"
# What a release tarball holds: the files git knows, less tests and docs.
(cd "$top" && git ls-files -co --exclude-standard Kbuild dkms.conf module include) |
	(cd "$top" && xargs cp --parents -t "$tmp/src/sipalg-$ver")

d=(--sourcetree "$tmp/src" --dkmstree "$tmp/dkms")
dkms add -m sipalg -v "$ver" "${d[@]}" > "$tmp/add.log" 2>&1 || { cat "$tmp/add.log"; exit 1; }
rc=0
for k in "$@"; do
	if dkms build -m sipalg -v "$ver" -k "$k" "${d[@]}" > "$tmp/build-$k.log" 2>&1 &&
	   ko=$(find "$tmp/dkms/sipalg/$ver/$k" -name 'nf_sipalg.ko*' | head -n 1) &&
	   [ -n "$ko" ] && modinfo -F vermagic "$ko" | grep -q "^$k "; then
		echo "ok - dkms build sipalg/$ver -k $k ($(basename "$ko"))"
	else
		echo "not ok - dkms build sipalg/$ver -k $k"
		tail -n 30 "$tmp/build-$k.log"
		find "$tmp/dkms" -name make.log -exec tail -n 30 {} \;
		rc=1
	fi
done
exit $rc
