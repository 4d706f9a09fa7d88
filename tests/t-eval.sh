#!/bin/sh
# Search quality: the figures of tests/eval must not fall below the
# recorded ones, and cfsearch must beat the FTS5 baseline on the corpora.
# The held-out sets (para-held, quoted-held) are not checked here: their
# figures are for make eval to report, not for tuning against.
. "$top_srcdir/tests/lib.sh"

EVAL="$top_srcdir/tests/eval"
RECORDED="$EVAL/recorded.txt"
need jq sqlite3
if ! sqlite3 :memory: "CREATE VIRTUAL TABLE x USING fts5(a)" >/dev/null 2>&1; then
	skip "search quality" "no sqlite3 with FTS5"
	done_testing
	exit
fi

# check SET OUTPUT: compare the cfsearch row of OUTPUT with the record
check() {
	sname=$1 out=$2
	for m in P@1 MRR nDCG@10 R@10; do
		got=$(awk -v m="$m" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == m) c = i }
			$1 == "cfsearch" { print $c }' "$out")
		want=$(awk -v s="$sname" -v m="$m" '$1 == s && $2 == m { print $3 }' "$RECORDED")
		if [ -z "$got" ] || [ -z "$want" ]; then
			is "${got:-none}/${want:-none}" "figure/record" "$sname $m: figure and record present"
			continue
		fi
		ok "$sname $m: $got is not below the recorded $want" \
			awk -v g="$got" -v w="$want" 'BEGIN { exit !(g + 0.0005 >= w) }'
	done
}

sh "$EVAL/run.sh" corpora >"$TMP/corpora.out" 2>"$TMP/err"; rc=$?
is "$rc" 0 "the runner measures the corpora set"
sed 's/^/# /' "$TMP/corpora.out"
check corpora "$TMP/corpora.out"
for m in 2 3 4; do
	name=$(awk -v c=$m 'NR == 1 { print $c }' "$TMP/corpora.out")
	ok "corpora $name: cfsearch beats fts5" awk -v c=$m '
		$1 == "cfsearch" { a = $c } $1 == "fts5" { b = $c }
		END { exit !(a != "" && b != "" && a + 0 > b + 0) }' "$TMP/corpora.out"
done
is "$(sh "$EVAL/run.sh" corpora 2>/dev/null)" "$(cat "$TMP/corpora.out")" \
	"the figures are the same on a second run"

if have_seeds; then
	sh "$EVAL/run.sh" seeds "$SEEDS/.." >"$TMP/seeds.out" 2>"$TMP/err"; rc=$?
	is "$rc" 0 "the runner measures the seeds set"
	sed 's/^/# /' "$TMP/seeds.out"
	check seeds "$TMP/seeds.out"
else
	skip "seeds: quality figures" "../shared/seeds is absent"
fi

# the paraphrase and quoted-wording sets, over corpora, seeds and Reuters
# in one root (one index for both, built from ../shared)
tarball="$SEEDS/../corpora/reuters21578.tar.gz"
if have_seeds && [ -f "$tarball" ]; then
	for s in para quoted; do
		SHARED_DIR="$SEEDS/.." sh "$EVAL/run.sh" -w "$TMP/all" $s >"$TMP/$s.out" 2>"$TMP/err"; rc=$?
		is "$rc" 0 "the runner measures the $s set"
		[ "$rc" = 0 ] || sed 's/^/# /' "$TMP/err"
		sed 's/^/# /' "$TMP/$s.out"
		check $s "$TMP/$s.out"
	done
else
	skip "para, quoted: quality figures" "../shared/seeds or the Reuters tarball is absent"
fi
done_testing
