#!/bin/sh
# statements.sh: what finding statements (issue 22) costs the indexer.
#
#   sh tests/bench/statements.sh [N]
#
# Generates N articles (default 10000) with tests/bench/gen into
# $BENCH_DIR/statements-N (kept and reused), then builds fresh indexes of
# them with CFSEARCH_NO_STATEMENTS=1 (no statements) and without it, and
# prints the extra of each figure in per cent: wall time and peak RSS
# (tests/bench/measure) of one build, CPU time (user + system, bash's
# time) of a second build (on a shared machine wall time measures the
# others too), bytes on disk.  Environment: CFSEARCH, GEN, MEASURE as for
# run.sh; BENCH_DIR (default /tmp/cfsearch-bench); BENCH_SEED (1987);
# BENCH_CORPUS, a directory of articles to measure instead (Reuters).
set -eu
LC_ALL=C
export LC_ALL
CFSEARCH=${CFSEARCH:-./cfsearch}
GEN=${GEN:-./tests/bench/gen}
MEASURE=${MEASURE:-./tests/bench/measure}
BENCH_DIR=${BENCH_DIR:-/tmp/cfsearch-bench}
SEED=${BENCH_SEED:-1987}
N=${1:-10000}

corpus=${BENCH_CORPUS:-$BENCH_DIR/statements-$N}
if [ -z "${BENCH_CORPUS:-}" ] && [ ! -f "$corpus/.complete" ]; then
	rm -rf "$corpus"
	mkdir -p "$corpus"
	"$GEN" -s "$SEED" "$N" "$corpus" >/dev/null
	touch "$corpus/.complete"
fi
w=$BENCH_DIR/statements-run
rm -rf "$w"
mkdir -p "$w"
# CPU seconds (user + system) of a command and what it waited for: wall
# time alone says more about the other users of a shared machine.
cpu() { # cpu OUT CMD...
	out=$1; shift
	bash -c 'TIMEFORMAT="%3U %3S"; { time "$@" >/dev/null 2>&1; } 2>"$0"' "$out" "$@"
}
for mode in off on; do
	if [ $mode = off ]; then
		CFSEARCH_NO_STATEMENTS=1 "$MEASURE" -q "$w/$mode.tsv" -- \
			"$CFSEARCH" index -q --db "$w/$mode.db" "$corpus"
		rm -rf "$w/$mode.db"
		CFSEARCH_NO_STATEMENTS=1 cpu "$w/$mode.cpu" "$CFSEARCH" index -q --db "$w/$mode.db" "$corpus"
	else
		"$MEASURE" -q "$w/$mode.tsv" -- "$CFSEARCH" index -q --db "$w/$mode.db" "$corpus"
		rm -rf "$w/$mode.db"
		cpu "$w/$mode.cpu" "$CFSEARCH" index -q --db "$w/$mode.db" "$corpus"
	fi
	du -sb "$w/$mode.db" | cut -f 1 > "$w/$mode.bytes"
done
c0=$(awk '{ print $1 + $2 }' "$w/off.cpu"); c1=$(awk '{ print $1 + $2 }' "$w/on.cpu")
q=$("$CFSEARCH" speakers --db "$w/on.db" --json -n 1000000 said 2>/dev/null |
	awk -F'"statements":' 'NF > 1 { split($2, a, ","); n += a[1] } END { print n + 0 }')
t0=$(cut -f 1 "$w/off.tsv"); t1=$(cut -f 1 "$w/on.tsv")
r0=$(cut -f 2 "$w/off.tsv"); r1=$(cut -f 2 "$w/on.tsv")
b0=$(cat "$w/off.bytes"); b1=$(cat "$w/on.bytes")
printf 'articles: %s (%s)\n' "$(find "$corpus" -type f ! -name '.*' | wc -l | tr -d ' ')" "$corpus"
printf '%-22s %12s %12s %8s\n' "" "without" "with" "extra"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%-22s %12.2f %12.2f %7.1f%%\n", "build time (s)", a, b, (b - a) * 100 / a }'
awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%-22s %12.2f %12.2f %7.1f%%\n", "build CPU (s)", a, b, (b - a) * 100 / a }'
awk -v a="$b0" -v b="$b1" 'BEGIN { printf "%-22s %12d %12d %7.1f%%\n", "index size (bytes)", a, b, (b - a) * 100 / a }'
awk -v a="$r0" -v b="$r1" 'BEGIN { printf "%-22s %12d %12d %7.1f%%\n", "peak RSS (KiB)", a, b, (b - a) * 100 / a }'
echo "statements in passages holding 'said': $q"
echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)"
