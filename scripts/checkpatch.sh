#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's checkpatch.pl over sipalg's C sources.  checkpatch.pl comes
# from Debian's linux-source-6.12 (extracted once into the cache).
# Ignored: MACRO_ARG_UNUSED (the counters.h X-macro uses one argument per
# expansion by design).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${SIPALG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sipalg}/checkpatch
cp=$cache/scripts/checkpatch.pl

if [ ! -x "$cp" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$tarball" ]; then
		echo "checkpatch: no /usr/src/linux-source-*.tar.xz; run scripts/deps.sh check" >&2
		exit 1
	fi
	mkdir -p "$cache"
	dir=$(basename "$tarball" .tar.xz)
	tar -xJf "$tarball" -C "$cache" --strip-components=1 \
		"$dir/scripts/checkpatch.pl" "$dir/scripts/spelling.txt" \
		"$dir/scripts/const_structs.checkpatch"
fi

cd "$top"
files=$(git ls-files -co --exclude-standard 'module/*.c' 'module/*.h' 'userspace/*.c' 'include/*.h' 2>/dev/null ||
	ls module/*.[ch] userspace/*.c include/uapi/linux/*.h)
"$cp" --no-tree --terse --show-types --ignore MACRO_ARG_UNUSED -f $files
echo "checkpatch: $(echo $files | wc -w) files clean"
