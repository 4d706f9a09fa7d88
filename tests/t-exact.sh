#!/bin/sh
# Quoted words as written: a passage that holds the quoted word or phrase
# word for word ranks above one that matches it only by its stem (case,
# apostrophes and name variants aside); unquoted words, --rank plain and
# --sort date are left alone.
. "$top_srcdir/tests/lib.sh"

A="$TMP/articles"
mkdir -p "$A"
# the stem-only passages are short and say the word's stem three times:
# BM25 puts them first
cat >"$A/stem.txt" <<'EOF2'
Title: Mission planning

Peacekeeping, peacekeeping and more peacekeeping.

Oil pipeline, oil pipeline: the oil pipeline again.

Kiev envoys met; Kiev envoys left.

The regions stance, the regions stance.
EOF2
cat >"$A/exact.txt" <<'EOF2'
Title: A longer report from the border region

The ministers said on Friday that a force of peacekeepers could be sent to the region once a ceasefire held, though several capitals still had doubts about the plan and its costs.

Engineers inspected the oil pipelines that cross the valley and found damage in two places, officials of the company said after a week of work along the route.

Negotiators said Kyiv envoys would travel to the talks next week if the guarantees on the table were confirmed in writing by all sides.

Diplomats described the region's stance on the proposal as cautious but open, and said that another round of talks was likely before the end of the month.
EOF2
touch -d "2026-01-01 00:00" "$A"/*
"$CFSEARCH" index -q "$A"

top() { "$CFSEARCH" --vimgrep -n 1 "$@" 2>/dev/null | sed 's|.*/||; s|:.*||'; }

is "$(top peacekeepers)" stem.txt "unquoted, the stem's best passage comes first"
is "$(top '"peacekeepers"')" exact.txt "a quoted word: the passage holding it as written first"
is "$(top '"PEACEKEEPERS"')" exact.txt "case aside"
is "$(top '"oil pipelines"')" exact.txt "a quoted phrase as written first"
is "$(top 'oil pipelines')" stem.txt "not quoted: by stems"
is "$(top '"region’s stance"')" exact.txt "a curly apostrophe is the straight one"
is "$(top '"Kyiv envoys"')" stem.txt "name variants count as written (then BM25 decides)"
is "$(top --rank plain '"peacekeepers"')" stem.txt "--rank plain: BM25 alone"
is "$(top --sort date '"peacekeepers"')" stem.txt "--sort date: the date and BM25 alone"
# both match; the order of the two articles is all that changes
is "$("$CFSEARCH" --vimgrep '"peacekeepers"' | wc -l | tr -d ' ')" 2 "no hit is added or lost"
# pages agree: the order does not depend on how many hits a page fetched
P="$TMP/pages"
mkdir -p "$P"
i=0
while [ $i -lt 60 ]; do
	printf 'Title: Stem %s\n\nThe pipeline, pipeline number %s.\n' $i $i >"$P/s$i.txt"
	i=$((i + 1))
done
i=0
while [ $i -lt 30 ]; do
	printf 'Title: Exact %s\n\nThe engineers walked along the pipelines of the northern valley for a long day, report %s.\n' $i $i >"$P/e$i.txt"
	i=$((i + 1))
done
touch -d "2026-01-01 00:00" "$P"/*
"$CFSEARCH" index -q --db "$TMP/pdb" "$P"
ids() { "$CFSEARCH" --db "$TMP/pdb" --all --json "$@" '"pipelines"' | jq -r '.path|split("/")|last'; }
all=$(ids -n 40)
paged=$(for off in 0 8 16 24 32; do ids -n 8 --offset $off; done)
is "$paged" "$all" "pages of 8 are the first 40 at once"
is "$(ids -n 40 | head -30 | grep -c '^e')" 30 "the passages as written come first"
done_testing
