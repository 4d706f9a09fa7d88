#!/bin/sh
# The per-article cap: an article shows at most --per-article passages (2)
# among the passages with every word; one that has fewer such passages may
# show as many again among the rest (each tier is a ranking of its own);
# what it hid is said; pages agree.
. "$top_srcdir/tests/lib.sh"

A="$TMP/articles"
mkdir -p "$A"
{
	printf 'Title: The withdrawal\n\n'
	for i in 1 2 3 4 5; do
		printf 'Kursk withdrawal: the Kursk withdrawal, step %s of the withdrawal from Kursk.\n\n' $i
	done
} >"$A/one.txt"
for i in 1 2 3; do
	printf 'Title: Elsewhere %s\n\nA long report on many things, among them a withdrawal from a town that is not named here, and the weather, the harvest and the roads of region %s.\n' $i $i >"$A/other$i.txt"
done
# one passage with both words, three with one of them only
{
	printf 'Title: Mixed\n\n'
	printf 'Kursk and the withdrawal, both named once in a long sentence about many other matters too.\n\n'
	for i in 1 2 3; do
		printf 'Kursk, Kursk and Kursk again in paragraph %s.\n\n' $i
	done
} >"$A/mixed.txt"
touch -d "2026-01-01 00:00" "$A"/*
"$CFSEARCH" index -q "$A"

n_of() { # n_of FILE OPTIONS... QUERY: passages of FILE among the hits
	f=$1; shift
	"$CFSEARCH" --json -n 50 "$@" | jq -r '.path' | grep -c "/$f\$"
}
is "$(n_of one.txt 'Kursk withdrawal')" 2 "two passages of an article"
is "$(n_of one.txt --per-article 4 'Kursk withdrawal')" 4 "--per-article 4: four"
is "$("$CFSEARCH" --json -n 50 --per-article 2 'Kursk withdrawal' | jq -r 'select(.path|endswith("/one.txt")) | .more_in_article' | head -1)" 3 \
	"and the three hidden are said"
is "$(n_of mixed.txt --per-article 1 'Kursk withdrawal')" 1 "--per-article 1: an article that filled it with every word shows no more"
is "$(n_of mixed.txt --per-article 2 --all-words 'Kursk withdrawal')" 1 "--all-words: the first tier alone"
is "$(n_of mixed.txt 'Kursk withdrawal')" 3 "the default: one with every word, two of the rest"
is "$(n_of mixed.txt --per-article 0 'Kursk withdrawal')" 4 "--per-article 0: no cap"
is "$(n_of one.txt --sort date 'Kursk withdrawal')" 2 "by date, the cap is the cap"
is "$("$CFSEARCH" -l 'Kursk withdrawal' | grep -c '/one.txt$')" 1 "-l: each article once"
# pages agree: the first ten by pages of three are the first ten at once
all=$("$CFSEARCH" --json -n 10 'Kursk OR withdrawal' | jq -r '.path + ":" + (.line_start|tostring)')
paged=$(for off in 0 3 6 9; do
	"$CFSEARCH" --json -n 3 --offset $off 'Kursk OR withdrawal' | jq -r '.path + ":" + (.line_start|tostring)'
done | head -10)
is "$paged" "$all" "pages cut from the same ranking"
done_testing
