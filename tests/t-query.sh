#!/bin/sh
# Everyday queries and options do what they say, or say what they cannot
# do: possessives, phrases beside NEAR, exclusions, dates, partial
# matches, spelling suggestions, options anywhere.
. "$top_srcdir/tests/lib.sh"

A="$TMP/articles"
mkdir -p "$A"
cat >"$A/possessive.txt" <<'EOF'
Title: Moscow weighs the proposal
Date: 1987-04-01
Source: Harbour Wire

Officials described Russia's stance as cautious, while Kyiv’s position hardened.

Valéry Giscard d'Estaing once said the U.S. and Europe needed each other; the tanker convoy sailed.

Analysts said intelligence-sharing had resumed.
EOF
cat >"$A/tanker-march.txt" <<'EOF'
Title: A tanker in the Gulf
Date: 1987-03-15

The tanker was hit near the strait, and oil prices rose.
EOF
cat >"$A/tanker-may.txt" <<'EOF'
Title: Another tanker
Date: 1987-05-20

A second tanker was escorted through the strait while gas prices fell.
EOF
cat >"$A/security.txt" <<'EOF'
Title: Guarantees
Date: 1987-04-15

Security guarantees for Ukraine were discussed at length by the ministers.

The ministers spoke about security and, much later, about guarantees of a different kind.
EOF
cat >"$A/near.txt" <<'EOF'
Title: Distances

Crude prices rose and naphtha fell.

Alpha one two three four five six seven eight nine ten omega.

Beta one two three four five six seven eight nine ten eleven gamma.
EOF
"$CFSEARCH" index -q "$A"
paths() { "$CFSEARCH" --json -n 50 "$@" 2>/dev/null | jq -r '(.path|split("/")|last) + ":" + (.line_start|tostring)' | sort | tr '\n' ' '; }
err() { "$CFSEARCH" "$@" 2>&1 >/dev/null; }

# 1. one tokeniser: possessives, curly apostrophes, elisions, hyphens, U.S.
is "$(paths '"Russia'\''s stance"')" "possessive.txt:5 " "a phrase with a possessive matches"
is "$(paths '"Russia’s stance"')" "possessive.txt:5 " "so does the curly apostrophe"
is "$(paths "Russia's stance" --all-words)" "possessive.txt:5 " "and the unquoted form"
is "$(paths '"Kyiv'\''s position"')" "possessive.txt:5 " "a straight apostrophe finds a curly one in a phrase"
is "$(paths "d'Estaing")" "possessive.txt:7 " "an elision is one word"
is "$(paths '"U.S. and Europe"')" "possessive.txt:7 " "U.S. in a phrase"
is "$(paths '"intelligence sharing"')" "possessive.txt:9 " "a phrase finds hyphenated words"
is "$(paths 'intelligence-sharing')" "possessive.txt:9 " "hyphenated words are a phrase"

# 2. what cannot be read as written is an error, one line, exit 2
is "$(paths '"security guarantees" NEAR Ukraine')" "security.txt:4 " "a phrase NEAR a word: the phrase, with the word near it"
is "$(paths '"security guarantees" NEAR/2 ministers')" "" "NEAR/2 after a phrase is strict"
# NEAR/n and ADJ/n: n words between, no more
is "$(paths 'crude NEAR/3 naphtha')" "near.txt:3 " "NEAR/3: three words between"
is "$(paths 'naphtha NEAR/2 crude')" "" "NEAR/2: not four"
is "$(paths 'crude ADJ/3 naphtha')" "near.txt:3 " "ADJ/3: three words between, in order"
is "$(paths 'naphtha ADJ/3 crude')" "" "ADJ: not in the other order"
is "$(paths 'alpha NEAR omega')" "near.txt:5 " "NEAR: ten words between"
is "$(paths 'beta NEAR gamma')" "" "NEAR: not eleven"
for q in 'oil NEAR/x gas' 'oil NEAR' 'NEAR gas' 'envoy AND' 'OR envoy' '-oil' 'NOT oil' \
	'-oil -gas' '(oil OR gas) NEAR strait' 'date:1987-02-30 tanker' 'date:1987-05..1987-04 tanker' \
	'date:1987-03-99 tanker' 'sorce:harbour' ')tanker' 'date:1987'; do
	is "$(status "$CFSEARCH" -- "$q")" 2 "'$q': exit 2"
	e=$(err -- "$q")
	is "$(printf '%s\n' "$e" | wc -l | tr -d ' ')" 1 "'$q': one line"
	case "$e" in
	"cfsearch: bad query: "*) ok "'$q': says it is a bad query" true ;;
	*) ok "'$q': says it is a bad query ($e)" false ;;
	esac
	case "$e" in
	*Xapian*|*QueryParser*|*Error:*) ok "'$q': no raw Xapian message ($e)" false ;;
	*) ok "'$q': no raw Xapian message" true ;;
	esac
done
ok "NEAR/x says how to write it" sh -c "\"$CFSEARCH\" 'oil NEAR/x gas' 2>&1 | grep -q 'NEAR/5'"
ok "an exclusion alone: nothing to look for" sh -c "\"$CFSEARCH\" -- -oil 2>&1 | grep -q 'nothing to look for'"
ok "a mistyped field names the field meant" sh -c "\"$CFSEARCH\" sorce:harbour 2>&1 | grep -q \"did you mean 'source:'\""
is "$(paths 'tanker 10:30')" "possessive.txt:7 tanker-march.txt:4 tanker-may.txt:4 " "a colon in a word is no field"

# 3. dates in queries, one parser for options and queries
is "$(paths 'date:1987-04-01 tanker')" "possessive.txt:7 " "date: one day"
is "$(paths 'date:1987-03 tanker')" "tanker-march.txt:4 " "date: a month"
is "$(paths 'date:1987 tanker')" "possessive.txt:7 tanker-march.txt:4 tanker-may.txt:4 " "date: a year"
is "$(paths 'date:1987-04.. tanker')" "possessive.txt:7 tanker-may.txt:4 " "date: an open range"
is "$(paths 'date:..1987-04 tanker')" "possessive.txt:7 tanker-march.txt:4 " "date: open at the start"
is "$(paths 'date:1987-04..1987-04 tanker')" "possessive.txt:7 " "date: a month to itself"
is "$(status "$CFSEARCH" 'date:March tanker')" 2 "date: a month without its year is an error"
is "$(paths 'tanker' --since 1987-04 --until 1987-04)" "possessive.txt:7 " "--until of a month includes the whole month"
is "$(paths 'tanker' --since 1987-04-02)" "tanker-may.txt:4 " "--since a day"
is "$(paths 'tanker' --since 7d)" "" "--since 7d: nothing from 1987"
is "$(paths 'date:2025-03..today tanker')" "" "date: to today"
is "$(status "$CFSEARCH" --since yesterday tanker)" 1 "--since yesterday is a date (nothing matched)"
is "$(status "$CFSEARCH" --since 1987-02-30 tanker)" 2 "--since an impossible date: exit 2"
ok "the same words for both" sh -c "\"$CFSEARCH\" --since 1987-02-30 tanker 2>&1 | grep -q 'no such date' &&
	\"$CFSEARCH\" 'date:1987-02-30 tanker' 2>&1 | grep -q 'no such date'"
ok "a reversed range says so" sh -c "\"$CFSEARCH\" 'date:1987-05..1987-04 tanker' 2>&1 | grep -q 'ends before it starts'"

# 4. when no passage holds every word, say so
is "$("$CFSEARCH" --json tanker convoyzz 2>/dev/null | jq -r .all_words | sort -u)" "false" "all_words false when a word is nowhere"
is "$("$CFSEARCH" --json tanker strait 2>/dev/null | jq -r .all_words | sort -u | tr '\n' ' ')" "false true " "all_words per hit"
is "$("$CFSEARCH" --json --sort date tanker strait 2>/dev/null | jq -r '(.path|split("/")|last) + " " + (.all_words|tostring)' | sort | tr '\n' ' ')" \
	"possessive.txt false tanker-march.txt true tanker-may.txt true " "all_words by date too"
is "$(status "$CFSEARCH" --all-words tanker convoyzz)" 1 "--all-words: none has both, exit 1"
is "$(paths --all-words tanker strait)" "tanker-march.txt:4 tanker-may.txt:4 " "--all-words: only passages with both"
if command -v script >/dev/null 2>&1; then
	script -qc "\"$CFSEARCH\" --color=never tanker convoyzz" /dev/null >"$TMP/tty" 2>&1
	ok "on a terminal: no passage has all of them, said once" \
		sh -c "grep -c 'no passage has all of: tanker convoyzz; showing passages with some of them' \"$TMP/tty\" | grep -qx 1"
else
	skip "on a terminal: no passage has all of them" "script (bsdutils) is not installed"
fi
ok "not when stderr is no terminal" sh -c "! \"$CFSEARCH\" tanker convoyzz 2>&1 >/dev/null | grep -q 'no passage'"

# 5. did you mean: close and common only; never for a value a field has,
# never for a word found through a variant
ok "a misspelt word gets a suggestion" sh -c "\"$CFSEARCH\" tankr 2>&1 | grep -q 'did you mean \"tanker\"'"
ok "a field value that exists gets none" sh -c "! \"$CFSEARCH\" source:harbour tanker 2>&1 | grep -q 'did you mean'"
ok "nor a rare lookalike" sh -c "! \"$CFSEARCH\" Valeryy 2>&1 | grep -q 'did you mean'"
printf 'Title: Kyiv\nDate: 1987-04-02\n\nZelenskyy spoke to reporters.\n' >"$A/variant.txt"
"$CFSEARCH" index -q
ok "a word found through a variant is not 'not in the index'" \
	sh -c "! CFSEARCH_DEBUG=1 \"$CFSEARCH\" Zelenskij 2>&1 | grep -q 'not in the index'"
is "$(status "$CFSEARCH" Zelenskij)" 0 "and it finds the variant"

# 6. options anywhere; -- ends them; global options before the command
is "$(paths tanker --since 1987-04-02)" "tanker-may.txt:4 " "an option after the query is an option"
is "$("$CFSEARCH" tanker --json -n 1 | wc -l | tr -d ' ')" 1 "--json and -n after the query"
is "$("$CFSEARCH" tanker -n1 --json | jq -r .rank)" 1 "-n1"
is "$("$CFSEARCH" --db "$CFSEARCH_DB" status --json | jq -r .articles)" 6 "--db before the command"
is "$("$CFSEARCH" status --db "$CFSEARCH_DB" --json | jq -r .articles)" 6 "--db after it"
is "$(status "$CFSEARCH" -- --json)" 2 "after --, --json is the query (two signs: an error)"
ok "an unknown option names the closest real one" sh -c "\"$CFSEARCH\" --jsn tanker 2>&1 | grep -q \"did you mean '--json'\""
is "$(status "$CFSEARCH" --jsn tanker)" 2 "an unknown option: exit 2"
ok "an option of another command says whose it is" sh -c "\"$CFSEARCH\" index --json 2>&1 | grep -q 'does not apply'"
is "$(status "$CFSEARCH" -n 0 tanker)" 2 "-n 0 is an error"
ok "-word that is no option says how to exclude a word" sh -c "\"$CFSEARCH\" tanker -oil 2>&1 | grep -q 'quote the whole query'"
is "$(status "$CFSEARCH" search status)" 1 "search: a query that is a command's name"

# schema 1 indexes are refused with the advice to rebuild
if command -v xapian-metadata >/dev/null 2>&1; then
	"$CFSEARCH" index -q --db "$TMP/old" "$A"
	xapian-metadata set "$TMP/old/index" schema "" 2>/dev/null
	e=$(err --db "$TMP/old" tanker)
	is "$(printf '%s\n' "$e" | wc -l | tr -d ' ')" 1 "schema 1: one line"
	ok "schema 1: says to rebuild ($e)" sh -c "printf '%s' \"$e\" | grep -q \"cfsearch index --rebuild\""
	is "$(status "$CFSEARCH" --db "$TMP/old" tanker)" 2 "schema 1: exit 2"
	is "$(status "$CFSEARCH" index -q --db "$TMP/old")" 2 "schema 1: index refuses too"
	is "$(status "$CFSEARCH" index -q --rebuild --db "$TMP/old")" 0 "--rebuild builds it anew"
	is "$(paths --db "$TMP/old" tanker strait --all-words)" "tanker-march.txt:4 tanker-may.txt:4 " "and it is searched again"
else
	skip "schema 1 refused" "xapian-metadata (xapian-tools) is not installed"
fi
done_testing
