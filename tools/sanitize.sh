#!/bin/sh
# Build cfsearch out of tree with AddressSanitizer (LeakSanitizer included)
# and UndefinedBehaviorSanitizer, and run make check.  Exits non-zero when
# the build or a test fails, or when a sanitizer reported anything (reports
# are collected in files, since the tests often discard the stderr of the
# commands they run).
#
#   tools/sanitize.sh            build into _build-asan/ (kept between runs)
#   SANITIZE_DIR=DIR tools/sanitize.sh
#
# automake refuses a VPATH build of a source tree that is configured in
# place, so the working tree (tracked files and new ones not ignored) is
# copied to _build-asan/src first, keeping modification times so that later
# runs rebuild only what changed.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
B=${SANITIZE_DIR:-$top/_build-asan}
jobs=${JOBS:-2}
mkdir -p "$B"
B=$(cd "$B" && pwd)

if [ -f "$top/config.status" ] || [ -f "$top/Makefile" ]; then
	if ! command -v git >/dev/null 2>&1; then
		echo "sanitize.sh: $top is configured in place: git is needed to copy" \
		    "its files (apt-get install git), or run 'make distclean' there first" >&2
		exit 2
	fi
	if ! git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		echo "sanitize.sh: $top is configured in place and is not a git" \
		    "checkout; run 'make distclean' there first" >&2
		exit 2
	fi
	mkdir -p "$B/src"
	# regular files only: a stray build product is harmless, a missing
	# source is not
	git -C "$top" ls-files -co --exclude-standard -z |
	    (cd "$top" && xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\0" "$f"; done' _) |
	    (cd "$top" && tar --null -T - -cf -) | tar -xf - -C "$B/src"
	src=$B/src
	# the test suite looks for ../shared beside the source tree
	if [ -d "$top/../shared" ] && [ ! -e "$B/shared" ]; then
		ln -s "$(cd "$top/.." && pwd)/shared" "$B/shared"
	fi
else
	src=$top
fi

if [ ! -x "$src/configure" ]; then
	(cd "$src" && ./autogen.sh)
fi
mkdir -p "$B/build"
cd "$B/build"
if [ ! -f Makefile ]; then
	"$src/configure" --enable-asan --enable-ubsan \
	    CC="${CC:-gcc}" CXX="${CXX:-g++}" CFLAGS="${CFLAGS:--g -O1}" \
	    CXXFLAGS="${CXXFLAGS:--g -O1}"
fi

san=$B/reports
rm -rf "$san"
mkdir -p "$san"
# Reports go to files named after the process; any such file is a failure.
ASAN_OPTIONS="detect_leaks=1:exitcode=99:check_initialization_order=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$san/asan"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$san/ubsan"
LSAN_OPTIONS="log_path=$san/lsan"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

rc=0
make -j"$jobs" || exit 1
make -j"$jobs" check || rc=1
if [ "$rc" -ne 0 ] && [ -f test-suite.log ]; then
	cat test-suite.log
fi
reports=$(find "$san" -type f | sort)
if [ -n "$reports" ]; then
	echo "sanitize.sh: sanitizer reports:" >&2
	for f in $reports; do
		echo "==== $f" >&2
		cat "$f" >&2
	done
	rc=1
fi
if [ "$rc" -eq 0 ]; then
	echo "sanitize.sh: make check passed under ASan+UBSan, no reports"
fi
exit "$rc"
