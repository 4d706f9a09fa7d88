#!/bin/sh
# run.sh: measure cfsearch against graded judgments (see README.md).
#
#   tests/eval/run.sh [-v] [-b K1,B] [-x OPTS] [-w DIR] SET [ROOT]
#
# SET is corpora, seeds, reuters, para, para-held, quoted or quoted-held;
# ROOT is the directory the judged paths are relative to (defaults:
# tests/corpora; $SHARED_DIR or ../shared; for reuters, a directory holding
# reuters21578/, else the stories are unpacked from
# $SHARED_DIR/corpora/reuters21578.tar.gz into the work directory; for the
# four sets over all three collections, a directory holding corpora/,
# seeds/ and reuters21578/, else one is made in the work directory from
# tests/corpora, $SHARED_DIR/seeds and the Reuters archive).
#   -v        also print one line per query and system
#   -b K1,B   pass --bm25 K1,B to both cfsearch runs
#   -x OPTS   pass more options to both cfsearch runs (split at spaces)
#   -w DIR    keep the work directory (indexes, runs) in DIR and reuse the
#             indexes found there on the next run
# Prints the table "system P@1 MRR nDCG@10 R@10" for cfsearch,
# cfsearch-plain and fts5.  Needs jq, awk and sqlite3 (with FTS5).
set -eu

usage() {
	echo "usage: $0 [-v] [-b K1,B] [-x OPTS] [-w DIR] SET [ROOT]" >&2
	echo "  SET: corpora, seeds, reuters, para, para-held, quoted or quoted-held" >&2
	exit 2
}
die() { echo "run.sh: $*" >&2; exit 2; }

verbose=0 bm25= keep= extra=
while getopts vb:w:x: opt; do
	case $opt in
	v) verbose=1 ;;
	b) bm25=$OPTARG ;;
	w) keep=$OPTARG ;;
	x) extra=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] && [ $# -le 2 ] || usage
set=$1 root=${2:-}

here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
CFSEARCH=${CFSEARCH:-$top/cfsearch}
shared=${SHARED_DIR:-$top/../shared}
queries=$here/$set.queries
qrels=$here/$set.qrels
case $set in
corpora|seeds|reuters|para|para-held|quoted|quoted-held) ;;
*) usage ;;
esac
[ -f "$queries" ] && [ -f "$qrels" ] || die "no judgments for set '$set'"
[ -x "$CFSEARCH" ] || die "$CFSEARCH: not built"
for t in jq awk sqlite3; do
	command -v $t >/dev/null 2>&1 || die "$t is needed (tools/setup.sh installs it)"
done

if [ -n "$keep" ]; then
	mkdir -p "$keep"; work=$(cd "$keep" && pwd -P)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/cfsearch-eval.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi

# Nothing from the caller's setup may change the results.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
export XDG_DATA_HOME="$work/home/.local/share" LC_ALL=C
unset CFSEARCH_VARIANTS CFSEARCH_DEBUG CFSEARCH_DB NO_COLOR
mkdir -p "$HOME"

case $set in
corpora) root=${root:-$top/tests/corpora}; sub= ;;
seeds) root=${root:-$shared}; sub=seeds ;;
reuters)
	sub=reuters21578
	if [ -z "$root" ]; then
		root=$work/reu
		if [ ! -d "$root/$sub" ]; then
			tgz=$shared/corpora/reuters21578.tar.gz
			[ -f "$tgz" ] || die "$tgz is absent"
			mkdir -p "$root" && tar -xzf "$tgz" -C "$root"
		fi
	fi ;;
*)	# para, para-held, quoted, quoted-held: all three collections at once
	sub=
	if [ -z "$root" ]; then
		root=$work/all
		if [ ! -f "$work/all.made" ]; then
			tgz=$shared/corpora/reuters21578.tar.gz
			[ -f "$tgz" ] || die "$tgz is absent"
			[ -d "$shared/seeds" ] || die "$shared/seeds is absent"
			rm -rf "$root" && mkdir -p "$root" &&
			cp -Rp "$top/tests/corpora" "$root/corpora" &&
			cp -Rp "$shared/seeds" "$root/seeds" &&
			tar -xzf "$tgz" -C "$root" || die "making $root failed"
			: >"$work/all.made"
		fi
	fi
	for d in corpora seeds reuters21578; do
		[ -d "$root/$d" ] || die "$root/$d is absent"
	done ;;
esac
[ -d "$root/$sub" ] || die "$root/${sub:-.} is absent"
root=$(cd "$root" && pwd -P)
target=$root${sub:+/$sub}

# 1. the cfsearch index and, over the same passages, an FTS5 table
db=$work/db fts=$work/fts.db
if [ ! -f "$work/indexed" ] || [ "$(cat "$work/indexed")" != "$target" ]; then
	rm -rf "$db" "$fts"
	"$CFSEARCH" index -q --db "$db" "$target" || die "indexing $target failed"
	find "$target" -name '.*' -prune -o -type f -print | sort |
	xargs "$CFSEARCH" show --json 2>/dev/null |
	jq -r --arg r "$root/" '
		def q: "'\''" + gsub("'\''"; "'\'''\''") + "'\''";
		(.path | ltrimstr($r)) as $p
		| .passages[]
		| "INSERT INTO p VALUES(\($p | q),\(.line_start),\(.line_end),\(.text | q));"' \
		>"$work/passages.sql"
	{
		echo "CREATE VIRTUAL TABLE p USING fts5(path UNINDEXED, line_start UNINDEXED, line_end UNINDEXED, text, tokenize='porter unicode61');"
		echo "BEGIN;"
		cat "$work/passages.sql"
		echo "COMMIT;"
	} | sqlite3 "$fts" || die "building the FTS5 table failed"
	rm -f "$work/passages.sql"
	n1=$("$CFSEARCH" status --json --db "$db" | jq .passages)
	n2=$(sqlite3 "$fts" "SELECT count(*) FROM p;")
	[ "$n1" = "$n2" ] ||
		echo "run.sh: warning: $n1 passages in the index, $n2 in the FTS5 table" >&2
	printf '%s\n' "$target" >"$work/indexed"
fi

# 2. the runs: lines "system qid rank path line_start line_end"
runs=$work/runs
: >"$runs"
tab=$(printf '\t')
while IFS=$tab read -r qid q; do
	case $qid in ''|'#'*) continue ;; esac
	for sys in cfsearch cfsearch-plain; do
		if [ $sys = cfsearch ]; then mode=full; else mode=plain; fi
		"$CFSEARCH" --db "$db" --json -n 10 --rank "$mode" \
			${bm25:+--bm25 "$bm25"} $extra -- "$q" 2>/dev/null |
		jq -r --arg s $sys --arg q "$qid" --arg r "$root/" \
			'[$s, $q, .rank, (.path | ltrimstr($r)), .line_start, .line_end] | @tsv' \
			>>"$runs" || true
	done
done <"$queries"

# FTS5: quoted phrases stay phrases, other words become quoted tokens; all
# of them (AND) first, any of them (OR) when AND matches nothing.
awk -F'\t' '
function sq(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
function add(t) {
	if (t !~ /[[:alnum:]]|[\200-\377]/) return
	gsub(/"/, "\"\"", t); terms[++nt] = "\"" t "\""
}
/^(#|$)/ { next }
{
	qid = $1; s = $2; nt = 0; cur = ""; inq = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\"") { add(cur); cur = ""; inq = !inq }
		else if (!inq && (c == " " || c == "\t")) { add(cur); cur = "" }
		else cur = cur c
	}
	add(cur)
	if (nt == 0) next
	and = terms[1]; or = terms[1]
	for (i = 2; i <= nt; i++) { and = and " AND " terms[i]; or = or " OR " terms[i] }
	printf "SELECT %s, path, line_start, line_end FROM (" \
		"SELECT 1 AS part, bm25(p) AS s, path, line_start, line_end FROM p WHERE p MATCH %s " \
		"UNION ALL SELECT 2, bm25(p), path, line_start, line_end FROM p WHERE p MATCH %s " \
		"AND NOT EXISTS (SELECT 1 FROM p WHERE p MATCH %s)) " \
		"ORDER BY part, s, path, line_start LIMIT 10;\n", sq(qid), sq(and), sq(or), sq(and)
}' "$queries" >"$work/fts.sql"
sqlite3 -separator "$tab" "$fts" <"$work/fts.sql" |
awk -F'\t' '{ r = ($1 == last) ? r + 1 : 1; last = $1
	print "fts5\t" $1 "\t" r "\t" $2 "\t" $3 "\t" $4 }' >>"$runs"

# 3. the figures
awk -F'\t' -v verbose=$verbose '
FILENAME == ARGV[1] {	# queries
	if ($0 ~ /^(#|$)/) next
	q[++nq] = $1; next
}
FILENAME == ARGV[2] {	# qrels: qid path line grade
	if ($0 ~ /^(#|$)/) next
	k = ++nj[$1]; jp[$1, k] = $2; jl[$1, k] = $3; jg[$1, k] = $4; next
}
{	# runs: system qid rank path line_start line_end
	s = $1; id = $2; r = $3
	if (r > 10) next
	g = 0
	for (k = 1; k <= nj[id]; k++)
		if (jp[id, k] == $4 && jl[id, k] + 0 >= $5 + 0 && jl[id, k] + 0 <= $6 + 0 \
		    && !((s, id, k) in used)) {
			used[s, id, k] = 1
			if (jg[id, k] > g) g = jg[id, k]
			if (jg[id, k] >= 1) found[s, id]++
		}
	dcg[s, id] += (2 ^ g - 1) / (log(r + 1) / log(2))
	if (r == 1) { top[s, id] = $4 ":" $5; if (g >= 2) p1[s, id] = 1 }
	if (g >= 2 && !((s, id) in rr)) rr[s, id] = 1 / r
}
END {
	ns = split("cfsearch cfsearch-plain fts5", sys, " ")
	for (i = 1; i <= nq; i++) {
		id = q[i]; m = nj[id]
		for (k = 1; k <= m; k++) gs[k] = jg[id, k]
		for (a = 2; a <= m; a++)	# sort the grades, highest first
			for (b = a; b > 1 && gs[b] > gs[b - 1]; b--) { t = gs[b]; gs[b] = gs[b - 1]; gs[b - 1] = t }
		idcg = 0; nrel = 0
		for (k = 1; k <= m; k++) if (gs[k] >= 1) nrel++
		for (k = 1; k <= m && k <= 10; k++) idcg += (2 ^ gs[k] - 1) / (log(k + 1) / log(2))
		for (j = 1; j <= ns; j++) {
			s = sys[j]
			P = (s, id) in p1 ? 1 : 0
			R = (s, id) in rr ? rr[s, id] : 0
			N = idcg > 0 ? dcg[s, id] / idcg : 0
			C = nrel > 0 ? found[s, id] / nrel : 0
			tp[s] += P; tr[s] += R; tn[s] += N; tc[s] += C
			if (verbose)
				printf "%-6s %-15s P@1 %d  RR %.4f  nDCG@10 %.4f  R@10 %.4f  top %s\n", id, s, P, R, N, C,
					((s, id) in top) ? top[s, id] : "-"
		}
	}
	printf "%-15s %7s %7s %8s %7s\n", "system", "P@1", "MRR", "nDCG@10", "R@10"
	for (j = 1; j <= ns; j++) {
		s = sys[j]
		printf "%-15s %7.4f %7.4f %8.4f %7.4f\n", s, tp[s] / nq, tr[s] / nq, tn[s] / nq, tc[s] / nq
	}
	printf "over %d queries\n", nq
}' "$queries" "$qrels" "$runs"
