#!/bin/sh
# run.sh: the cfsearch benchmark (issue 6), run by `make bench`.
#
#   sh tests/bench/run.sh [-n SIZES] [-q]
#
# For each size N (default "10000 100000", or $BENCH_SIZES) it generates N
# articles with tests/bench/gen (once: kept in $BENCH_DIR and reused), and
# when the Reuters-21578 stories are available it does the same over them.
# On each corpus it measures:
#   1. cfsearch: a full index build into a fresh database (wall time, peak
#      RSS of the process tree, bytes on disk);
#   2. SQLite FTS5 over the same passages (as `cfsearch show --json` gives
#      them): create, insert all in one transaction, optimize;
#   3. about 100 queries derived from the corpus, each run as a whole
#      process (cfsearch, and the sqlite3 command-line tool with FTS5),
#      $BENCH_REPS times: the median of its runs is its latency; and the
#      same queries through cfsearch --sort date (newest first);
#   4. a no-change re-index by cfsearch;
#   5. omindex, if installed (indexing only).
# and prints one table per corpus.  See tests/bench/README.md.
#
# Environment: CFSEARCH, GEN, MEASURE (the programs; default: ./cfsearch,
# ./tests/bench/gen, ./tests/bench/measure), SQLITE3 (default sqlite3),
# BENCH_DIR (default /tmp/cfsearch-bench), BENCH_SIZES, BENCH_SEED (1987),
# BENCH_REUTERS (the tarball; "no" to skip), BENCH_REPS (runs of each
# query, default 3: its median counts).
set -eu
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
srcroot=$(cd "$here/../.." && pwd)
CFSEARCH=${CFSEARCH:-./cfsearch}
GEN=${GEN:-./tests/bench/gen}
MEASURE=${MEASURE:-./tests/bench/measure}
SQLITE3=${SQLITE3:-sqlite3}
BENCH_DIR=${BENCH_DIR:-/tmp/cfsearch-bench}
SEED=${BENCH_SEED:-1987}
SIZES=${BENCH_SIZES:-"10000 100000"}
REPS=${BENCH_REPS:-3}
REUTERS=${BENCH_REUTERS:-$srcroot/../shared/corpora/reuters21578.tar.gz}
quiet=0

while [ $# -gt 0 ]; do
	case $1 in
	-n) [ $# -ge 2 ] || { echo "run.sh: -n needs an argument" >&2; exit 2; }
	    SIZES=$2; shift 2 ;;
	-q) quiet=1; shift ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "usage: run.sh [-n SIZES] [-q]" >&2; exit 2 ;;
	esac
done

case $REPS in
''|*[!0-9]*) REPS=0 ;;
esac
[ "$REPS" -gt 0 ] || { echo "run.sh: BENCH_REPS: not a positive number: ${BENCH_REPS:-}" >&2; exit 2; }

abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
CFSEARCH=$(abs "$CFSEARCH"); GEN=$(abs "$GEN"); MEASURE=$(abs "$MEASURE")
for p in "$CFSEARCH" "$GEN" "$MEASURE"; do
	[ -x "$p" ] || { echo "run.sh: $p: not built (run make first)" >&2; exit 1; }
done
command -v "$SQLITE3" >/dev/null 2>&1 || { echo "run.sh: $SQLITE3 not found" >&2; exit 1; }
"$SQLITE3" :memory: "CREATE VIRTUAL TABLE x USING fts5(a)" 2>/dev/null ||
	{ echo "run.sh: $SQLITE3 has no FTS5" >&2; exit 1; }
mkdir -p "$BENCH_DIR"

say() { [ $quiet = 1 ] || echo "bench: $*" >&2; }

# field N of the last line of a measure output file
mfield() { tail -n 1 "$1" | cut -f "$2"; }

# bench_corpus NAME DIR: the whole benchmark over the articles under DIR
bench_corpus() {
	name=$1 corpus=$2
	w=$BENCH_DIR/run-$name
	rm -rf "$w"
	mkdir -p "$w"

	find "$corpus" -type f ! -name '.*' | sort > "$w/files"
	narticles=$(wc -l < "$w/files" | tr -d ' ')
	textbytes=$(tr '\n' '\0' < "$w/files" | xargs -0 cat | wc -c | tr -d ' ')
	say "$name: $narticles articles, $textbytes bytes"

	# -- 1. cfsearch full build
	say "$name: cfsearch index"
	"$MEASURE" -q "$w/cfs-index.tsv" -- "$CFSEARCH" index -q --db "$w/cfs.db" "$corpus" ||
		{ echo "run.sh: cfsearch index failed (status $?)" >&2; return 1; }
	cfs_t=$(mfield "$w/cfs-index.tsv" 1); cfs_rss=$(mfield "$w/cfs-index.tsv" 2)
	cfs_bytes=$(du -sb "$w/cfs.db" | cut -f 1)

	# -- 2. the same passages into SQLite FTS5.  The export is cached
	# next to the corpus and not timed.
	pdb=$corpus.passages.db
	if [ ! -s "$pdb" ] || [ "$corpus/.complete" -nt "$pdb" ]; then
		say "$name: exporting passages"
		rm -f "$pdb" "$pdb.tmp" "$w/passages.jsonl"
		tr '\n' '\0' < "$w/files" | xargs -0 -n 2000 "$CFSEARCH" show --json > "$w/passages.jsonl"
		"$SQLITE3" "$pdb.tmp" ".mode ascii" ".separator \"\\037\" \"\\n\"" \
			"CREATE TABLE j(line TEXT);" ".import '$w/passages.jsonl' j" \
			"CREATE TABLE p AS SELECT json_extract(j.line, '\$.path') AS path,
			   json_extract(e.value, '\$.line_start') AS ls,
			   json_extract(e.value, '\$.line_end') AS le,
			   json_extract(e.value, '\$.text') AS text
			 FROM j, json_each(j.line, '\$.passages') AS e ORDER BY j.rowid, e.key;" \
			"DROP TABLE j;" "VACUUM;"
		mv "$pdb.tmp" "$pdb"
		rm -f "$w/passages.jsonl"
	fi
	npassages=$("$SQLITE3" "$pdb" "SELECT count(*) FROM p")
	say "$name: FTS5 build ($npassages passages)"
	cat > "$w/fts-build.sql" <<EOF
ATTACH '$pdb' AS s;
BEGIN;
CREATE VIRTUAL TABLE t USING fts5(path UNINDEXED, line_start UNINDEXED,
  line_end UNINDEXED, text, tokenize='porter unicode61');
INSERT INTO t(path, line_start, line_end, text) SELECT path, ls, le, text FROM s.p;
COMMIT;
INSERT INTO t(t) VALUES('optimize');
EOF
	"$MEASURE" -q "$w/fts-index.tsv" -- "$SQLITE3" -init "$w/fts-build.sql" "$w/fts.db" .quit ||
		{ echo "run.sh: FTS5 build failed" >&2; return 1; }
	fts_t=$(mfield "$w/fts-index.tsv" 1); fts_rss=$(mfield "$w/fts-index.tsv" 2)
	fts_bytes=$(du -sb "$w/fts.db" | cut -f 1)

	# -- 3. queries
	make_queries "$pdb" > "$w/queries.tsv"
	nq=$(wc -l < "$w/queries.tsv" | tr -d ' ')
	say "$name: $nq queries per engine"
	# warm up the page cache and the binaries, untimed
	head -n 5 "$w/queries.tsv" | while IFS='	' read -r kind cq fq; do
		"$CFSEARCH" --db "$w/cfs.db" -n 10 "$cq" >/dev/null 2>&1 || :
		fts_query "$w/fts.db" "$fq" >/dev/null 2>&1 || :
	done
	# each query REPS times, the engines alternating; a query's time is
	# the median of its runs (one slow run on a VM then moves nothing)
	# (cfsd: cfsearch again, newest first; FTS5's table has no date)
	: > "$w/cfs-q-runs.tsv"; : > "$w/fts-q-runs.tsv"; : > "$w/cfsd-q-runs.tsv"
	rep=0
	while [ $rep -lt "$REPS" ]; do
		while IFS='	' read -r kind cq fq; do
			"$MEASURE" -q "$w/cfs-q-runs.tsv" -- "$CFSEARCH" --db "$w/cfs.db" -n 10 "$cq" || :
			"$MEASURE" -q "$w/fts-q-runs.tsv" -- "$SQLITE3" -readonly "$w/fts.db" "$(fts_sql "$fq")" || :
			"$MEASURE" -q "$w/cfsd-q-runs.tsv" -- \
			    "$CFSEARCH" --db "$w/cfs.db" -n 10 --sort date "$cq" || :
		done < "$w/queries.tsv"
		rep=$((rep + 1))
	done
	for e in cfs fts cfsd; do
		bad=$(awk -F '\t' '$3 > 1' "$w/$e-q-runs.tsv" | wc -l | tr -d ' ')
		[ "$bad" = 0 ] || echo "run.sh: $name: $e: $bad query runs failed" >&2
		# runs are matched to queries by line: one missing shifts all
		got=$(wc -l < "$w/$e-q-runs.tsv" | tr -d ' ')
		[ "$got" = $((REPS * nq)) ] ||
			{ echo "run.sh: $name: $e: $got runs recorded, not $((REPS * nq))" >&2; return 1; }
		medians "$w/$e-q-runs.tsv" "$nq" > "$w/$e-q.tsv"
	done
	set -- $(pcts "$w/cfs-q.tsv"); cfs_p50=$1 cfs_p95=$2 cfs_p99=$3
	set -- $(pcts "$w/fts-q.tsv"); fts_p50=$1 fts_p95=$2 fts_p99=$3
	set -- $(pcts "$w/cfsd-q.tsv"); date_p50=$1 date_p95=$2 date_p99=$3
	set -- $(sort -n -k 2 "$w/cfs-q-runs.tsv" | tail -n 1 | cut -f 2); cfs_qrss=$1
	# what any process costs on this machine, for reading the latencies
	floor_true=$(floor /bin/true)
	floor_cfs=$(floor "$CFSEARCH" --version)
	floor_sql=$(floor "$SQLITE3" :memory: "SELECT 1")

	# -- 4. no-change re-index
	say "$name: cfsearch re-index (no change)"
	"$MEASURE" -q "$w/cfs-reindex.tsv" -- "$CFSEARCH" index -q --db "$w/cfs.db" ||
		echo "run.sh: cfsearch re-index failed" >&2
	re_t=$(mfield "$w/cfs-reindex.tsv" 1); re_rss=$(mfield "$w/cfs-reindex.tsv" 2)

	# -- 5. omindex, when installed
	om=
	if command -v omindex >/dev/null 2>&1; then
		say "$name: omindex"
		if "$MEASURE" -q "$w/om-index.tsv" -- omindex --db "$w/omega.db" --url / "$corpus"; then
			om="$(mfield "$w/om-index.tsv" 1) $(mfield "$w/om-index.tsv" 2) $(du -sb "$w/omega.db" | cut -f 1)"
		fi
	fi

	{
	echo
	echo "== $name: $narticles articles, $npassages passages, $textbytes bytes of text ($(date -u +%Y-%m-%d), $(nproc) CPUs)"
	awk -v n="$narticles" -v tb="$textbytes" \
	    -v ct="$cfs_t" -v cr="$cfs_rss" -v cb="$cfs_bytes" -v c50="$cfs_p50" -v c95="$cfs_p95" -v c99="$cfs_p99" -v cq="$cfs_qrss" \
	    -v ft="$fts_t" -v fr="$fts_rss" -v fb="$fts_bytes" -v f50="$fts_p50" -v f95="$fts_p95" -v f99="$fts_p99" \
	    -v om="$om" -v rt="$re_t" -v rr="$re_rss" -v nq="$nq" -v reps="$REPS" \
	    -v f1="$floor_true" -v f2="$floor_cfs" -v f3="$floor_sql" \
	    -v d50="$date_p50" -v d95="$date_p95" -v d99="$date_p99" '
	function row(e, t, rss, b, p50, p95, p99) {
		printf "%-13s %8.2f %10.0f %9.3f %8s %8s %8s %9.1f %9.1f %11.0f\n", e, tb / t / 1e6, n / t,
		    b / tb, p50, p95, p99, rss / 1024, t, b
	}
	BEGIN {
		printf "%-13s %8s %10s %9s %8s %8s %8s %9s %9s %11s\n", "engine", "MB/s", "articles/s",
		    "idx/text", "p50 ms", "p95 ms", "p99 ms", "RSS MB", "build s", "idx bytes"
		row("cfsearch", ct, cr, cb, c50, c95, c99)
		row("sqlite-fts5", ft, fr, fb, f50, f95, f99)
		if (om != "") { split(om, o, " "); row("omindex", o[1], o[2], o[3], "-", "-", "-") }
		printf "%-13s %8.2f %10.2f %9.2f %8.2f %8.2f %8.2f %9.2f %9.2f %11.2f\n", "cfs/fts5",
		    ft / ct, ft / ct, cb / fb, c50 / f50, c95 / f95, c99 / f99, cr / fr, ct / ft, cb / fb
		if (om != "")
			printf "%-13s %8.2f %10.2f %9.2f %8s %8s %8s %9.2f %9.2f %11.2f\n", "cfs/omindex",
			    o[1] / ct, o[1] / ct, cb / o[3], "-", "-", "-", cr / o[2], ct / o[1], cb / o[3]
		printf "(%d queries per engine, each a whole process, the median of %d runs; cfsearch query peak RSS %.1f MB)\n", nq, reps, cq / 1024
		printf "cfsearch --sort date, the same queries: p50 %s ms, p95 %s ms, p99 %s ms\n", d50, d95, d99
		printf "process floor, median of 21 runs: /bin/true %.1f ms, cfsearch --version %.1f ms, sqlite3 :memory: \"SELECT 1\" %.1f ms\n", f1, f2, f3
		printf "re-index, no change: %.3f s = %.2f%% of the full build (peak RSS %.1f MB)\n",
		    rt, 100 * rt / ct, rr / 1024
	}'
	} | tee "$w/results.txt"
}

# fts_sql QUERY: the SQL the sqlite3 tool runs for one FTS5 query
fts_sql() {
	q=$(printf '%s' "$1" | sed "s/'/''/g")
	printf "SELECT path, line_start, snippet(t, 3, '[', ']', '...', 16) FROM t WHERE t MATCH '%s' ORDER BY bm25(t) LIMIT 10;" "$q"
}
fts_query() { "$SQLITE3" -readonly "$1" "$(fts_sql "$2")"; }

# medians FILE NQ: FILE holds runs of NQ queries one after the other
# (seconds, RSS KiB, status); print one line a query: the median of its
# seconds (of an even number of runs, the lower middle one), its largest
# RSS and status.
medians() {
	awk -F '\t' -v nq="$2" '{ i = (NR - 1) % nq; t[i, ++n[i]] = $1
		if ($2 > r[i]) r[i] = $2; if ($3 > st[i]) st[i] = $3 }
	END {
		for (i = 0; i < nq; i++) {
			for (a = 1; a <= n[i]; a++)   # insertion sort of a few runs
				for (b = a; b > 1 && t[i, b - 1] > t[i, b]; b--) {
					x = t[i, b]; t[i, b] = t[i, b - 1]; t[i, b - 1] = x }
			printf "%s\t%d\t%d\n", t[i, int((n[i] + 1) / 2)], r[i], st[i]
		}
	}' "$1"
}

# floor CMD...: median wall milliseconds of 21 runs of CMD, output dropped
floor() {
	f=$BENCH_DIR/floor.tsv
	: > "$f"
	k=0
	while [ $k -lt 21 ]; do
		"$MEASURE" -q "$f" -- "$@" || :
		k=$((k + 1))
	done
	cut -f 1 "$f" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f\n", v[11] * 1000 }'
	rm -f "$f"
}

# pcts FILE: p50 p95 p99 in milliseconds of column 1 (nearest rank)
pcts() {
	cut -f 1 "$1" | sort -n | awk '{ v[NR] = $1 }
	function p(q,  k) { k = int(q * NR); if (k < q * NR) k++; if (k < 1) k = 1; return v[k] * 1000 }
	END { printf "%.1f %.1f %.1f\n", p(0.50), p(0.95), p(0.99) }'
}

# make_queries PASSAGES_DB: about 100 queries, one a line:
#   KIND <TAB> cfsearch query <TAB> FTS5 query
# derived deterministically from a sample of the passages: single words
# (frequent, rare), pairs, triples, phrases from actual passages, and
# rare/frequent mixes.  cfsearch's plain words mean "any, all first", so
# the FTS5 equivalent joins them with OR.
make_queries() {
	n=$("$SQLITE3" "$1" "SELECT count(*) FROM p")
	step=$(( n / 20000 )); [ $step -ge 1 ] || step=1
	"$SQLITE3" "$1" "SELECT replace(replace(text, char(10), ' '), char(9), ' ') FROM p WHERE rowid % $step = 0 LIMIT 20000" |
	awk '
	function words(s, a,   i, m, t) {
		m = split(tolower(s), t, /[^a-z]+/); i = 0
		for (k = 1; k <= m; k++) if (length(t[k]) >= 3) a[++i] = t[k]
		return i
	}
	{ m = words($0, w); for (i = 1; i <= m; i++) cnt[w[i]]++
	  # phrase candidates: from every 97th passage, 2 or 3 words
	  if (NR % 97 == 1 && np < 20) {
		# adjacent words of letters only, no punctuation in between
		len = 2 + np % 2; m = split($0, t, / +/)
		for (st = 4; st + len - 1 <= m; st++) {
			ok = 1
			for (i = st; i < st + len; i++) if (t[i] !~ /^[A-Za-z][a-z]+$/) ok = 0
			if (ok) break
		}
		if (ok && st + len - 1 <= m) {
			s = tolower(t[st]); for (i = st + 1; i < st + len; i++) s = s " " tolower(t[i]); ph[++np] = s
		}
	  } }
	END { for (x in cnt) print cnt[x] "\t" x; for (i = 1; i <= np; i++) print "P\t" ph[i] }' > "$BENCH_DIR/.vocab.$$"
	grep -v '^P' "$BENCH_DIR/.vocab.$$" | sort -t '	' -k 1,1nr -k 2,2 | cut -f 2 > "$BENCH_DIR/.ranked.$$"
	grep -v '^P' "$BENCH_DIR/.vocab.$$" | awk -F '\t' '$1 == 1 { print $2 }' | sort > "$BENCH_DIR/.rare.$$"
	grep '^P' "$BENCH_DIR/.vocab.$$" | cut -f 2 > "$BENCH_DIR/.phr.$$"
	awk -v rankf="$BENCH_DIR/.ranked.$$" -v raref="$BENCH_DIR/.rare.$$" -v phrf="$BENCH_DIR/.phr.$$" '
	function q(kind, s,   m, t, i, f) {
		m = split(s, t, " "); f = "\"" t[1] "\""
		for (i = 2; i <= m; i++) f = f " OR \"" t[i] "\""
		print kind "\t" s "\t" f
	}
	BEGIN {
		while ((getline l < rankf) > 0) r[++nr] = l
		while ((getline l < raref) > 0) x[++nx] = l
		while ((getline l < phrf) > 0) ph[++np] = l
		if (nx < 20) for (i = nx + 1; i <= 20; i++) x[i] = r[nr - i + 1 + nx]
		if (nx < 20) nx = 20
		mid = nr > 2000 ? 2000 : nr
		for (i = 0; i < 20; i++) q("frequent", r[1 + 5 * i])
		for (i = 0; i < 20; i++) q("rare", x[1 + int(i * nx / 20)])
		for (i = 0; i < 15; i++) q("pair", r[100 + 37 * i] " " r[150 + 53 * i])
		for (i = 0; i < 10; i++) q("triple", r[1 + 3 * i] " " r[60 + 41 * i] " " r[300 + 97 * i])
		for (i = 1; i <= np; i++) print "phrase\t\"" ph[i] "\"\t\"" ph[i] "\""
		for (i = 0; i < 15; i++) q("mix", x[1 + int((2 * i + 1) * nx / 30)] " " r[1 + 2 * i])
	}'
	rm -f "$BENCH_DIR/.vocab.$$" "$BENCH_DIR/.ranked.$$" "$BENCH_DIR/.rare.$$" "$BENCH_DIR/.phr.$$"
}

for n in $SIZES; do
	corpus=$BENCH_DIR/gen-$SEED-$n
	if [ ! -f "$corpus/.complete" ]; then
		say "generating $n articles (seed $SEED) in $corpus"
		rm -rf "$corpus" "$corpus.passages.db"
		"$GEN" -s "$SEED" "$n" "$corpus"
		: > "$corpus/.complete"
	fi
	bench_corpus "gen-$n" "$corpus"
done

if [ "$REUTERS" != no ] && [ -f "$REUTERS" ]; then
	corpus=$BENCH_DIR/reuters
	if [ ! -f "$corpus/.complete" ]; then
		say "unpacking $REUTERS"
		rm -rf "$corpus" "$corpus.passages.db"
		mkdir -p "$corpus"
		gzip -dc "$REUTERS" | (cd "$corpus" && tar xf -)
		: > "$corpus/.complete"
	fi
	bench_corpus reuters "$corpus"
fi
