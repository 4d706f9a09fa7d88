#!/bin/sh
# Fuzz both harnesses for a few minutes each, on both cores, as CI does
# (.ci/run), and fail on any finding.  Installs clang and its fuzzer
# runtime from Debian's packages when they are missing (as root).
#
#   tools/fuzz-ci.sh [SECONDS]   default 150 a harness
#
# A finding is left in a kept directory, named on stderr with its input
# in base64, to add to tests/fuzz/regress/ once fixed.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-150}
if ! command -v clang >/dev/null 2>&1 ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "fuzz-ci.sh: clang and libclang-rt-14-dev are needed (apt-get install" \
		    "clang libclang-rt-14-dev, as root)" >&2
		exit 2
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    clang libclang-rt-14-dev >/dev/null
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/cfs-fuzz-ci.XXXXXX")
if FUZZ_DIR="$dir" FUZZ_JOBS=${FUZZ_JOBS:-2} sh tests/fuzz/run.sh "$secs"; then
	rm -rf "$dir"
	echo "fuzz-ci.sh: no finding in $secs s a harness"
	exit 0
fi
for f in "$dir"/artifacts/*; do
	[ -f "$f" ] || continue
	echo "fuzz-ci.sh: finding $(basename "$f"): $(base64 -w0 "$f")" >&2
done
echo "fuzz-ci.sh: results kept in $dir" >&2
exit 1
