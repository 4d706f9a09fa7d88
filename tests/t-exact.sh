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
done_testing
