#!/bin/sh
# Who said what, measured (tests/eval/statements, README.md there): the
# figures on the sample corpora must not fall below those recorded in
# tests/eval/recorded.txt (statements-*), and on the seeds when
# ../shared holds them.  The held-out list is scored apart.
. "$top_srcdir/tests/lib.sh"

STMTS="$top_builddir/tests/eval/statements"
EV="$top_srcdir/tests/eval"
REC="$EV/recorded.txt"

# figure SET KIND METRIC: from "KIND ... METRIC VALUE" of the scorer's output
figure() { printf '%s\n' "$1" | awk -v k="$2" -v m="$3" '$1 == k { for (i = 2; i < NF; i++) if ($i == m) print $(i + 1) }'; }
recorded() { awk -v s="$1" -v m="$2" '$1 == s && $2 == m { print $3 }' "$REC"; }
# at_least GOT WANT DESCRIPTION
at_least() {
	r=$(awk -v g="$1" -v w="$2" 'BEGIN { print (g + 0 >= w - 0.0005) ? "yes" : "no" }')
	is "$r" yes "$3 ($1, recorded $2)"
}

score() { # score ROOT NAME: main and held-out lists over ROOT, against the record
	main=$("$STMTS" -x "$EV/statements-held.tsv" "$1" "$EV/statements.tsv")
	held=$("$STMTS" -x "$EV/statements.tsv" "$1" "$EV/statements-held.tsv")
	for k in direct reported; do
		for m in precision recall; do
			w=$(recorded "statements-$2" "$k-$m")
			[ -n "$w" ] && at_least "$(figure "$main" "$k" "$m")" "$w" "$2: $k $m"
			w=$(recorded "statements-held-$2" "$k-$m")
			[ -n "$w" ] && at_least "$(figure "$held" "$k" "$m")" "$w" "$2, held out: $k $m"
		done
		w=$(recorded "statements-$2" "$k-wrong")
		[ -n "$w" ] && is "$(awk -v g="$(figure "$main" "$k" wrong)" -v w="$w" \
			'BEGIN { print (g + 0 <= w + 0.0005) ? "yes" : "no" }')" yes "$2: $k wrong-speaker rate at most $w"
	done
}

mkdir -p "$TMP/root"
ln -s "$CORPORA" "$TMP/root/corpora"
score "$TMP/root" corpora
if have_seeds; then
	mkdir -p "$TMP/seeds-root"
	ln -s "$SEEDS" "$TMP/seeds-root/seeds"
	score "$TMP/seeds-root" seeds
else
	skip "the seeds' statements" "no seeds in ../shared"
fi
done_testing
