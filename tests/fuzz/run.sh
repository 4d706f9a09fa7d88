#!/bin/sh
# tests/fuzz/run.sh [SECONDS]: build the libFuzzer harnesses with clang
# (-fsanitize=fuzzer,address,undefined) and run each for SECONDS (default
# 60), one after the other, at low priority.
#
#   FUZZERS="article query"   which harnesses to run (default both)
#   FUZZ_DIR=DIR              build and keep corpora there (default: a new
#                             temporary directory, removed when all passed)
#   FUZZ_JOBS=N               libFuzzer -jobs/-workers (default 1)
#   CLANG, CLANGXX            the compilers (default clang, clang++)
#
# Seeds: tests/fixtures/articles, tests/corpora (and gunzipped copies of
# its gzip files), tests/fuzz/regress/article-* and ../shared/seeds when
# there for articles; the lines of tests/fuzz/queries.txt and
# tests/fuzz/regress/query-* for queries.  A crash, leak, timeout or
# out-of-memory input is left in DIR/artifacts/; add it to tests/fuzz/regress/ (article-* or query-*) and
# tests/test_regress replays it in make check.  Exits non-zero when a
# harness failed.
set -eu
secs=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
CLANG=${CLANG:-clang}
CLANGXX=${CLANGXX:-clang++}
FUZZERS=${FUZZERS:-article query}
jobs=${FUZZ_JOBS:-1}
keep=1
if [ -z "${FUZZ_DIR:-}" ]; then
	FUZZ_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cfs-fuzz.XXXXXX")
	keep=0
fi
mkdir -p "$FUZZ_DIR"
W=$(cd "$FUZZ_DIR" && pwd)
B=$W/build
mkdir -p "$B/obj" "$W/artifacts"

command -v "$CLANG" >/dev/null || { echo "run.sh: $CLANG not found" >&2; exit 2; }

# ---- build ----
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cat >"$B/config.h" <<'EOF'
/* config.h for the fuzz build (tests/fuzz/run.sh) */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#define PACKAGE "cfsearch"
#define PACKAGE_NAME "cfsearch"
#define PACKAGE_VERSION "fuzz"
#define PACKAGE_STRING "cfsearch fuzz"
#define VERSION "fuzz"
EOF
{
	echo '/* generated from data/variants.txt; do not edit */'
	echo 'const char variants_builtin[] ='
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$top/data/variants.txt"
	echo ';'
} >"$B/variants-data.c"

xapian_cflags=$(pkg-config --cflags xapian-core 2>/dev/null || xapian-config --cxxflags)
xapian_libs=$(pkg-config --libs xapian-core 2>/dev/null || xapian-config --libs)
zlib_libs=$(pkg-config --libs zlib 2>/dev/null || echo -lz)
cppflags="-I$B -I$top/src -I$top/tests/fuzz -DPKGDATADIR=\"/nonexistent\" -DSYSCONFDIR=\"/nonexistent\" -DFUZZ_SRCDIR=\"$top\""
cflags="-std=c11 -g -O1 -Wall -Wextra $san"

# every C file of the library: all of src/ and index/ but main()
objs=""
# (and below, the C++ of the Xapian layer)
for f in $(cd "$top" && ls src/*.c index/*.c); do
	case $f in src/main.c | src/variants-data.c) continue ;; esac
	o=$B/obj/$(echo "$f" | tr / _ | sed 's/\.c$/.o/')
	# shellcheck disable=SC2086
	"$CLANG" $cppflags $cflags -fsanitize=fuzzer-no-link -c "$top/$f" -o "$o"
	objs="$objs $o"
done
for f in $(cd "$top" && ls src/*.cc src/xapian/*.cc 2>/dev/null); do
	o=$B/obj/$(echo "$f" | tr / _ | sed 's/\.cc$/.o/')
	# shellcheck disable=SC2086
	"$CLANGXX" $cppflags -std=c++11 -g -O1 $san -fsanitize=fuzzer-no-link $xapian_cflags \
	    -c "$top/$f" -o "$o"
	objs="$objs $o"
done
# shellcheck disable=SC2086
"$CLANG" $cppflags $cflags -c "$B/variants-data.c" -o "$B/obj/variants-data.o"
objs="$objs $B/obj/variants-data.o"
for h in article query; do
	# shellcheck disable=SC2086
	"$CLANG" $cppflags $cflags -fsanitize=fuzzer -c "$top/tests/fuzz/fuzz_$h.c" \
	    -o "$B/obj/fuzz_$h.o"
	# shellcheck disable=SC2086
	"$CLANGXX" -g $san -fsanitize=fuzzer "$B/obj/fuzz_$h.o" $objs $xapian_libs \
	    $zlib_libs -lm -o "$B/fuzz_$h"
done

# ---- seeds ----
S=$W/seeds-article
mkdir -p "$S"
for f in "$top"/tests/fixtures/articles/* "$top"/tests/corpora/* \
    "$top"/tests/fuzz/regress/article-* "$top"/../shared/seeds/*; do
	[ -f "$f" ] || continue
	cp "$f" "$S/"
	if gzip -t "$f" 2>/dev/null; then
		gzip -dc "$f" >"$S/$(basename "$f").plain"
	fi
done
S=$W/seeds-query
mkdir -p "$S"
i=0
while IFS= read -r line; do
	i=$((i + 1))
	printf '%s' "$line" >"$S/q$i"
done <"$top/tests/fuzz/queries.txt"
for f in "$top"/tests/fuzz/regress/query-*; do
	[ -f "$f" ] && cp "$f" "$S/"
done

# ---- run ----
rc=0
for h in $FUZZERS; do
	case $h in
	article) max=65536; dict="" ;;
	query) max=1024; dict="-dict=$top/tests/fuzz/query.dict" ;;
	*) echo "run.sh: no harness '$h'" >&2; exit 2 ;;
	esac
	C=$W/corpus-$h
	mkdir -p "$C"
	echo "== fuzz_$h: $secs s, corpus $C" >&2
	par=""
	[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
	# shellcheck disable=SC2086
	if ! (cd "$W" && TMPDIR=$W CFS_FUZZ_SRCDIR=$top nice -n 19 "$B/fuzz_$h" \
	    -max_len=$max -timeout=10 -rss_limit_mb=2048 -max_total_time="$secs" \
	    -print_final_stats=1 $par $dict \
	    -artifact_prefix="$W/artifacts/$h-" "$C" "$W/seeds-$h" \
	    >"$W/fuzz_$h.log" 2>&1); then
		rc=1
		echo "run.sh: fuzz_$h failed; see $W/fuzz_$h.log and $W/artifacts/" >&2
	fi
	grep -E '^(stat::|#[0-9]+ +DONE)|^==[0-9]+==ERROR|^SUMMARY' "$W/fuzz_$h.log" >&2 || true
	if [ "$jobs" -gt 1 ]; then
		cat "$W"/fuzz-*.log >>"$W/fuzz_$h.log" 2>/dev/null || true
		rm -f "$W"/fuzz-*.log
	fi
done
if [ "$rc" -eq 0 ] && [ "$keep" -eq 0 ]; then
	rm -rf "$W"
else
	echo "run.sh: results in $W" >&2
fi
exit "$rc"
