#!/bin/sh
# Who said what: the speaker: field, cfsearch quotes (--speaker, --sort
# date, --json, shards), cfsearch speakers, show's statements, and
# CFSEARCH_NO_STATEMENTS.
. "$top_srcdir/tests/lib.sh"

A="$TMP/articles"
B="$TMP/more"
mkdir -p "$A" "$B"
cat >"$A/kremlin.txt" <<'EOF2'
Title: Kremlin waits for details
Date: 2025-03-12

Kremlin spokesman Dmitry Peskov said on Wednesday that Moscow was studying the proposal.

"Contacts with the Americans are planned for the coming days," Peskov said.

Russian Foreign Ministry Spokesperson Maria Zakharova stated that Russia would not be coerced into a truce.
EOF2
cat >"$A/jeddah.txt" <<'EOF2'
Title: Rubio carries the plan to Moscow
Date: 2025-03-11

Secretary of State Marco Rubio met the Ukrainian delegation in Jeddah.

"We all eagerly await the Russian response on contacts," Rubio commented.

The talks lasted eight hours and covered contacts, prisoners and energy.
EOF2
cat >"$B/later.txt" <<'EOF2'
Title: Peskov again
Date: 2025-03-20

Dmitry Peskov spoke to reporters in Moscow.

"There have already been contacts, and more will follow," Peskov said.
EOF2
"$CFSEARCH" index -q "$A"

# the speaker: field
out=$("$CFSEARCH" --json speaker:peskov contacts | grep -o '"line_start":[0-9]*' | tr '\n' ' ')
is "$out" '"line_start":6 ' "speaker:peskov contacts: the passage where Peskov speaks of contacts"
out=$("$CFSEARCH" -l speaker:rubio)
is "$out" "$A/jeddah.txt" "speaker:rubio: only the article where Rubio speaks"
is "$(status "$CFSEARCH" speaker:lavrov)" 1 "speaker:lavrov: no match, exit 1"
out=$("$CFSEARCH" -l 'speaker:"maria zakharova"')
is "$out" "$A/kremlin.txt" "speaker:\"maria zakharova\" (a phrase of a list field)"
# a word in the text only is not a speaker
is "$(status "$CFSEARCH" speaker:jeddah)" 1 "a word of the text is not in speaker:"

# quotes
out=$("$CFSEARCH" quotes --speaker peskov --json | grep -o '"speaker":"[^"]*","quote":"[^"]*","kind":"[a-z]*"' | sort | tr '\n' '|')
is "$out" '"speaker":"Dmitry Peskov","quote":"Contacts with the Americans are planned for the coming days","kind":"direct"|"speaker":"Dmitry Peskov","quote":"Moscow was studying the proposal.","kind":"reported"|' \
	"quotes --speaker peskov --json: his statements, speaker, quote and kind"
out=$("$CFSEARCH" quotes --json contacts | grep -c '"path":')
is "$out" 2 "quotes contacts: a statement of each article"
out=$("$CFSEARCH" quotes --json contacts | grep -o '"speaker":"[^"]*"' | sort | tr '\n' ' ')
is "$out" '"speaker":"Dmitry Peskov" "speaker":"Marco Rubio" ' "quotes contacts: Peskov's and Rubio's"
out=$("$CFSEARCH" quotes --no-pager --speaker rubio)
case $out in
*"Marco Rubio, direct, 2025-03-11"*"We all eagerly await"*"jeddah.txt:6"*) r=yes ;;
*) r="$out" ;;
esac
is "$r" yes "quotes as text: speaker, kind, date, words, path:line"
is "$(status "$CFSEARCH" quotes --speaker lavrov)" 1 "quotes: none, exit 1"
is "$(status "$CFSEARCH" quotes)" 2 "quotes without a query or --speaker: exit 2"
out=$("$CFSEARCH" quotes --json -n 1 --speaker zakharova | grep -o '"line_start":[0-9]*')
is "$out" '"line_start":8' "quotes -n 1 --speaker zakharova: her reported statement"

# shards: two databases, --sort date
"$CFSEARCH" index -q --db "$TMP/db2" "$B"
out=$("$CFSEARCH" quotes --db "$CFSEARCH_DB" --db "$TMP/db2" --sort date --json --speaker peskov |
	grep -o '"date":"[^"]*","date_source' | tr '\n' ' ')
is "$out" '"date":"2025-03-20","date_source "date":"2025-03-12","date_source "date":"2025-03-12","date_source ' \
	"quotes over two databases, newest first"

# speakers
out=$("$CFSEARCH" speakers --no-pager contacts)
is "$out" "    1  Dmitry Peskov  (1 direct, 0 reported)
    1  Marco Rubio  (1 direct, 0 reported)" "speakers contacts: who, with counts"
out=$("$CFSEARCH" speakers --json --db "$CFSEARCH_DB" --db "$TMP/db2" contacts | head -1)
is "$out" '{"speaker":"Dmitry Peskov","statements":2,"direct":2,"reported":0}' "speakers --json over shards"

mkdir -p "$TMP/other"
cat >"$TMP/other/spelt.txt" <<'EOF2'
Title: Another spelling
Date: 2025-03-21

Kremlin spokesman Dmitri Peskov said the contacts would continue next week.
EOF2
"$CFSEARCH" index -q --db "$TMP/db4" "$TMP/other"
out=$("$CFSEARCH" speakers --json --db "$TMP/db2" --db "$TMP/db4" contacts)
is "$out" '{"speaker":"Dmitri Peskov","statements":2,"direct":1,"reported":1}' \
	"speakers: Dmitri and Dmitry Peskov are one speaker (name variants)"
out=$("$CFSEARCH" speakers --json --no-variants --db "$TMP/db2" --db "$TMP/db4" contacts | wc -l | tr -d ' ')
is "$out" 2 "speakers --no-variants: two"

# show lists the statements
out=$("$CFSEARCH" show "$A/kremlin.txt" | sed -n '/^statements:/,$p')
is "$out" "statements: 3
[1] line 4, reported, Dmitry Peskov: Moscow was studying the proposal.
[2] line 6, direct, Dmitry Peskov: Contacts with the Americans are planned for the coming days
[3] line 8, reported, Maria Zakharova: Russia would not be coerced into a truce." "show: the statements, with speakers"
out=$("$CFSEARCH" show --json "$A/jeddah.txt" | grep -o '"statements":\[[^]]*\]')
is "$out" '"statements":[{"passage":2,"line":6,"kind":"direct","speaker":"Marco Rubio","quote":"We all eagerly await the Russian response on contacts"}]' "show --json: statements"

# switched off for measuring
CFSEARCH_NO_STATEMENTS=1 "$CFSEARCH" index -q --db "$TMP/db3" "$A"
is "$(status "$CFSEARCH" --db "$TMP/db3" speaker:peskov)" 1 "CFSEARCH_NO_STATEMENTS=1: no speakers indexed"
is "$(status "$CFSEARCH" --db "$TMP/db3" quotes contacts)" 1 "CFSEARCH_NO_STATEMENTS=1: no statements"
done_testing
