#!/bin/sh
# The benchmark runner (make bench) on a tiny generated corpus: it prints
# the table, runs each query BENCH_REPS times and takes the median.
. "$top_srcdir/tests/lib.sh"

RUN="$top_srcdir/tests/bench/run.sh"
MEASURE="$top_builddir/tests/bench/measure"
export MEASURE GEN CFSEARCH

if ! sqlite3 :memory: "CREATE VIRTUAL TABLE x USING fts5(a)" >/dev/null 2>&1; then
	skip "benchmark runner" "no sqlite3 with FTS5"
	done_testing
	exit
fi

BENCH_REPS=0 sh "$RUN" -n 10 -q >/dev/null 2>"$TMP/err"
is "$? $(cat "$TMP/err")" "2 run.sh: BENCH_REPS: not a positive number: 0" "BENCH_REPS=0 is refused"
is "$(BENCH_REPS=x sh "$RUN" -n 10 -q 2>/dev/null; echo $?)" 2 "BENCH_REPS=x is refused"
is "$(BENCH_REPS=00 sh "$RUN" -n 10 -q 2>/dev/null; echo $?)" 2 "BENCH_REPS=00 is refused"

BENCH_DIR="$TMP/bench" BENCH_REUTERS=no BENCH_REPS=3 sh "$RUN" -n 150 -q >"$TMP/out" 2>"$TMP/err"
is "$?" 0 "the runner finishes"
sed 's/^/# /' "$TMP/out" "$TMP/err"
w="$TMP/bench/run-gen-150"
ok "a cfsearch row with figures" grep -Eq '^cfsearch +[0-9.]+ +[0-9]+ +[0-9.]+ +[0-9.]+ ' "$TMP/out"
ok "an FTS5 row" grep -Eq '^sqlite-fts5 +[0-9.]+ ' "$TMP/out"
ok "it says how the latency was taken" grep -q 'the median of 3 runs' "$TMP/out"
ok "it prints the process floor" \
	grep -Eq '^process floor.*/bin/true [0-9.]+ ms, cfsearch --version [0-9.]+ ms' "$TMP/out"
ok "and the no-change re-index" grep -q '^re-index, no change: ' "$TMP/out"
ok "the queries by date too" \
	grep -Eq '^cfsearch --sort date, the same queries: p50 [0-9.]+ ms, p95 [0-9.]+ ms, p99 [0-9.]+ ms$' "$TMP/out"
if command -v omindex >/dev/null 2>&1; then
	ok "an omindex row" grep -Eq '^omindex +[0-9.]+ +[0-9]+ +[0-9.]+ ' "$TMP/out"
	ok "and cfsearch's ratios to it" grep -Eq '^cfs/omindex +[0-9.]+ +[0-9.]+ +[0-9.]+ ' "$TMP/out"
else
	skip "omindex rows" "omindex not installed (xapian-omega)"
fi

nq=$(wc -l < "$w/queries.tsv" | tr -d ' ')
ok "about 100 queries ($nq)" [ "$nq" -ge 50 ]
for e in cfs fts cfsd; do
	is "$(wc -l < "$w/$e-q-runs.tsv" | tr -d ' ')" "$((3 * nq))" "$e: three runs of each query"
	is "$(wc -l < "$w/$e-q.tsv" | tr -d ' ')" "$nq" "$e: one latency a query"
	# query i's runs are lines i, i + nq, i + 2 nq: their median, by sort
	bad=0 i=1
	while [ $i -le "$nq" ]; do
		m=$(awk -F '\t' -v i=$i -v nq="$nq" '(NR - i) % nq == 0 { print $1 }' "$w/$e-q-runs.tsv" |
			sort -n | sed -n 2p)
		got=$(sed -n "${i}p" "$w/$e-q.tsv" | cut -f 1)
		[ "$m" = "$got" ] || { bad=$((bad + 1)); echo "# query $i: median $m, kept $got"; }
		i=$((i + 1))
	done
	is "$bad" 0 "$e: each query's latency is the median of its runs"
	is "$(awk -F '\t' '$3 > 1' "$w/$e-q.tsv" | wc -l | tr -d ' ')" 0 "$e: every query ran"
done
# the table's p50 is the nearest-rank median of those medians
p50_of() {
	cut -f 1 "$1" | sort -n | awk '{ v[NR] = $1 }
		END { k = int(NR / 2); if (k < NR / 2) k++; printf "%.1f", v[k] * 1000 }'
}
p50=$(p50_of "$w/cfs-q.tsv")
ok "the cfsearch p50 ($p50 ms) is that of the medians" \
	grep -Eq "^cfsearch( +[^ ]+){3} +$p50 " "$TMP/out"
p50=$(p50_of "$w/cfsd-q.tsv")
ok "so is the by-date p50 ($p50 ms)" grep -q "^cfsearch --sort date, the same queries: p50 $p50 ms" "$TMP/out"

done_testing
