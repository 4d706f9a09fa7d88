#!/bin/sh
# Searching as a diplomatic-news reader means it: ranking, query language,
# name variants, duplicates, spelling suggestions.
. "$top_srcdir/tests/lib.sh"
need jq

"$CFSEARCH" index -q "$CORPORA"
top1() { "$CFSEARCH" --json -n 1 "$@" | jq -r '(.path|split("/")|last) + ":" + (.line_start|tostring)'; }
files() { "$CFSEARCH" --json -n 50 "$@" | jq -r '.path|split("/")|last' | sort -u | tr '\n' ' '; }

# ranking
is "$(top1 security guarantees)" "03-header-rfc2822.txt:13" "security guarantees: the paragraph that says it beats the securities/guaranteed decoy"
is "$(top1 Kursk withdrawal)" "02-header-datetime-unknown-key.txt:12" "words standing together beat scattered ones"
is "$(top1 Kursk withdrawal xyzzyplugh)" "02-header-datetime-unknown-key.txt:12" "a word that matches nothing does not empty the result"
"$CFSEARCH" --json -n 50 Kursk withdrawal | jq -r '.text' >"$TMP/t"
first_partial=$(awk '!(/Kursk/ && /withdraw/) {print NR; exit}' "$TMP/t")
last_full=$(awk '/Kursk/ && /withdraw/ {n=NR} END {print n}' "$TMP/t")
ok "passages with every word come before those missing one ($last_full < $first_partial)" test "$last_full" -lt "$first_partial"
# schema 2: stems with positions, so a phrase matches other inflections
is "$(top1 '"security guarantee"')" "03-header-rfc2822.txt:13" "a quoted phrase finds another inflection of its words"
is "$("$CFSEARCH" --json -n 50 '"security guarantee"' | jq -r .text | grep -ci 'security guarantee' | tr -d ' ')" \
	"$("$CFSEARCH" --json -n 50 '"security guarantee"' | wc -l | tr -d ' ')" "and only passages where the words stand together"
ok "status shows schema 3" sh -c "\"$CFSEARCH\" status | grep -q '^schema: *3\$'"
is "$("$CFSEARCH" status --json | jq .schema)" 3 "status --json: schema"
plain=$("$CFSEARCH" --json -n 1 --rank plain security guarantees | jq -r '.path|split("/")|last')
echo "# --rank plain puts $plain first"

# the title contributes, below the text
A="$TMP/titles"; mkdir -p "$A"
printf 'Title: Grain deal in Istanbul\nDate: 2025-03-01\n\nShips carried wheat across the sea under the new arrangement.\n' >"$A/a.txt"
printf 'Title: Weather report\nDate: 2025-03-01\n\nShips carried wheat across the sea under the new arrangement.\n' >"$A/b.txt"
export CFSEARCH_DB="$TMP/titles.db"
"$CFSEARCH" index -q "$A"
is "$("$CFSEARCH" --all --json wheat Istanbul | jq -r '.path|split("/")|last' | head -1)" "a.txt" "the title adds to its passages"
sa=$("$CFSEARCH" --all --json wheat Istanbul | jq -r .score | sed -n 1p)
sb=$("$CFSEARCH" --all --json wheat Istanbul | jq -r .score | sed -n 2p)
printf 'Title: Note\nDate: 2025-03-01\n\nShips carried wheat to Istanbul under the new arrangement.\n' >"$A/c.txt"
"$CFSEARCH" index -q
sc=$("$CFSEARCH" --all --json wheat Istanbul | jq -r 'select(.path|endswith("c.txt")) | .score')
ok "a title match adds to the score ($sa > $sb)" awk "BEGIN{exit !($sa > $sb)}"
ok "but less than the same word in the text ($sa < $sc)" awk "BEGIN{exit !($sa < $sc)}"

# equal scores: newer first, then path, then line, whatever the indexing order
B="$TMP/ties"; mkdir -p "$B/x" "$B/y"
for d in x y; do for f in 1 2; do
	printf 'Title: Same\nDate: 2025-03-0%s\n\nIdentical text about a prisoner exchange.\n' "$f" >"$B/$d/$f.txt"
done; done
export CFSEARCH_DB="$TMP/ties1"
"$CFSEARCH" index -q "$B/x" "$B/y"
o1=$("$CFSEARCH" --all --per-article 0 --json prisoner | jq -r '.path' | sed "s|$B/||" | tr '\n' ' ')
export CFSEARCH_DB="$TMP/ties2"
"$CFSEARCH" index -q "$B/y/2.txt"; "$CFSEARCH" index -q "$B/x/1.txt"; "$CFSEARCH" index -q "$B/y"; "$CFSEARCH" index -q "$B/x"
o2=$("$CFSEARCH" --all --per-article 0 --json prisoner | jq -r '.path' | sed "s|$B/||" | tr '\n' ' ')
is "$o1" "x/2.txt y/2.txt x/1.txt y/1.txt " "ties: newest first, then by path"
is "$o2" "$o1" "ties: the same order whatever order the files were indexed in"
export CFSEARCH_DB="$TMP/db"

# per-article cap
n=$("$CFSEARCH" --json -n 50 --all Ukraine | jq -r .path | sort | uniq -c | sort -rn | awk 'NR==1{print $1}')
is "$n" 2 "at most 2 passages of one article by default"
n=$("$CFSEARCH" --json -n 50 --all --per-article 1 Ukraine | jq -r .path | sort | uniq -c | sort -rn | awk 'NR==1{print $1}')
is "$n" 1 "--per-article 1"
n=$("$CFSEARCH" --json -n 50 --all --per-article 0 Ukraine | jq -r .path | sort | uniq -c | sort -rn | awk 'NR==1{print $1}')
ok "--per-article 0: no cap ($n)" test "$n" -gt 2

# The title's part is added after the match (it is kept out of the query so
# that Xapian can stop early); by date it stays in the query.  Either way a
# passage's score must be the same.
scores() { "$CFSEARCH" --json --all --per-article 0 -n 500 "$@" | jq -r '"\(.path) \(.line_start) \(.score)"' | sort; }
for qq in "Ukraine peace talks" "ceasefire" "grain corridor Odesa" "security guarantees"; do
	a=$(scores $qq); b=$(scores --sort date $qq)
	ok "title re-ranking: scores equal to the title in the query ($qq)" test -n "$a" -a "$a" = "$b"
done
# pages agree: the first 20 are page 1 then page 2
ids() { "$CFSEARCH" --json "$@" | jq -r '"\(.path) \(.line_start)"'; }
for qq in "Ukraine" "talks" "Russia Ukraine" "ceasefire talks"; do
	a=$(ids -n 20 $qq); b=$(ids -n 10 $qq; ids -n 10 --offset 10 $qq)
	ok "pages agree ($qq: $(echo "$a" | wc -l) hits)" test -n "$a" -a "$a" = "$b"
done
CFSEARCH_DEBUG=1 "$CFSEARCH" Ukraine peace 2>"$TMP/err" >/dev/null
ok "CFSEARCH_DEBUG shows the title re-ranking" grep -q "^title, re-ranking the hits: " "$TMP/err"

# query language
is "$(status "$CFSEARCH" 'envoy AND')" 2 "a malformed query: exit 2"
"$CFSEARCH" 'envoy AND' 2>"$TMP/err"
is "$(wc -l <"$TMP/err" | tr -d ' ')" 1 "a malformed query: one line"
ok "a malformed query: the message says so" grep -q "^cfsearch: bad query" "$TMP/err"
is "$(top1 '"security guarantees')" "03-header-rfc2822.txt:13" "an unclosed quote runs to the end"
is "$(status "$CFSEARCH" '(ceasefire OR truce')" 0 "an unclosed bracket is assumed closed"
is "$(files '"security guarantees"')" "03-header-rfc2822.txt " "a quoted phrase matches only the phrase"
is "$(files 'Kursk NEAR region')" "02-header-datetime-unknown-key.txt 07-mixed-paragraphs.txt 09-lead-in-colon.txt " "NEAR"
is "$(files 'ceasefire NEAR/2 grain')" "" "NEAR/2 is strict"
ok "a trailing * expands" sh -c "\"$CFSEARCH\" --json 'negotiat*' | jq -r .text | grep -qi 'negotiations'"
is "$(files title:truce)" "02-header-datetime-unknown-key.txt 03-header-rfc2822.txt 08-page-boilerplate.txt 09-lead-in-colon.txt " "title: searches titles"
is "$(files title:truce Kursk)" "02-header-datetime-unknown-key.txt 09-lead-in-colon.txt " "title: beside other words filters"
ok "source: searches sources" sh -c "\"$CFSEARCH\" --json 'source:\"harbor wire\" ceasefire' | jq -r .source | sort -u | grep -qx 'Harbor Wire'"
is "$("$CFSEARCH" --json 'source:"harbor wire" ceasefire' | jq -r .source | sort -u)" "Harbor Wire" "source: filters to that source"
dates=$("$CFSEARCH" --json -n 50 --since 2025-03-12 --until 2025-03-13 Ukraine | jq -r .date | cut -c1-10 | sort -u | tr '\n' ' ')
is "$dates" "2025-03-12 2025-03-13 " "--since and --until"
dates=$("$CFSEARCH" --json -n 50 'date:2025-03-12..2025-03-13 Ukraine' | jq -r .date | cut -c1-10 | sort -u | tr '\n' ' ')
is "$dates" "2025-03-12 2025-03-13 " "date:A..B"
sorted=$("$CFSEARCH" --json -n 50 --sort date Ukraine | jq -r '.date // "none"' | cut -c1-10)
is "$(printf '%s\n' "$sorted" | grep -v none)" "$(printf '%s\n' "$sorted" | grep -v none | sort -r)" "--sort date: newest first"
is "$(status "$CFSEARCH" --since 'next tuesday' Kyiv)" 2 "--since with a bad date: exit 2"
is "$(status "$CFSEARCH" --since 1987-02-30 Kyiv)" 2 "--since with an impossible date: exit 2"
is "$(status "$CFSEARCH" --bm25 2 Kyiv)" 2 "--bm25 needs K1,B"
s1=$("$CFSEARCH" --json -n 1 --bm25 1.2,0.75 Kyiv | jq .score)
s2=$("$CFSEARCH" --json -n 1 --bm25 0.5,0.2 Kyiv | jq .score)
ok "--bm25 changes the scores ($s1, $s2)" test "$s1" != "$s2"
CFSEARCH_DEBUG=1 "$CFSEARCH" Kursk >/dev/null 2>"$TMP/err"
ok "CFSEARCH_DEBUG prints the query" grep -q "^cfsearch: query: Query(" "$TMP/err"

# name variants
v=$(files Zelenskiy)
for f in 01-header-iso-date.txt 02-header-datetime-unknown-key.txt 04-headline-repeated.txt; do
	case "$v" in *"$f"*) ok "Zelenskiy finds $f" true ;; *) ok "Zelenskiy finds $f" false ;; esac
done
ok "--no-variants: Zelenskiy finds fewer" test "$(files --no-variants Zelenskiy | wc -w)" -lt "$(echo "$v" | wc -w)"
want=$(for f in "$CORPORA"/*; do gzip -cdf "$f" | grep -q "Volodymyr Zelensk" && basename "$f"; done | sort | tr '\n' ' ')
is "$(files '"Volodymyr Zelenskiy"')" "$want" "variants inside a phrase"
ok "Kiev finds Kyiv" sh -c "\"$CFSEARCH\" --json Kiev | jq -r .text | grep -q Kyiv"
ok "Odessa finds Odesa" sh -c "\"$CFSEARCH\" --json Odessa | jq -r .text | grep -q Odesa"
mkdir -p "$XDG_CONFIG_HOME/cfsearch"
echo "kherson | chersonesos" >"$XDG_CONFIG_HOME/cfsearch/variants.txt"
ok "the user's variants file extends the list" sh -c "\"$CFSEARCH\" --json chersonesos | jq -r .text | grep -q Kherson"
echo "sudzha | sudja" >"$TMP/more.txt"
ok "CFSEARCH_VARIANTS adds a file" sh -c "CFSEARCH_VARIANTS='$TMP/more.txt' \"$CFSEARCH\" --json sudja | jq -r .text | grep -q Sudzha"
ok "a straight apostrophe finds a curly one" sh -c "\"$CFSEARCH\" --json \"Moscow's\" | jq -r .text | grep -q 'Moscow’s'"
ok "a curly apostrophe finds a straight one" sh -c "\"$CFSEARCH\" --json \"Russia’s\" | jq -r .text | grep -q \"Russia's\""
ok "intelligence sharing finds intelligence-sharing (U+2011)" sh -c "\"$CFSEARCH\" --json -n 50 '\"intelligence sharing\"' | jq -r .path | grep -q 11-typography"

# duplicates
"$CFSEARCH" --json '"door to dialogue remains open"' >"$TMP/dup"
is "$(wc -l <"$TMP/dup" | tr -d ' ')" 1 "the same quote in four articles is shown once"
is "$(jq .also_in_count "$TMP/dup")" 3 "also_in_count counts the other articles"
is "$(jq '.also_in|length' "$TMP/dup")" 3 "also_in lists them"
"$CFSEARCH" --color=never '"door to dialogue remains open"' >"$TMP/dup.txt"
ok "text output says also in 3 other articles" grep -q "(also in 3 other articles)" "$TMP/dup.txt"
is "$("$CFSEARCH" --all --json '"door to dialogue remains open"' | wc -l | tr -d ' ')" 4 "--all shows each copy"
# a wire story in 30 papers, and 12 different stories below it: the first
# candidates fetched are mostly copies, and the page must still be full
W="$TMP/wire"; mkdir -p "$W"
i=0
while [ $i -lt 30 ]; do
	printf 'Title: Copy %s\n\nThe narwhal envoys met the narwhal delegation at the narwhal summit on the pier.\n' \
	    $i >"$W/copy$i.txt"
	i=$((i + 1))
done
i=0
while [ $i -lt 12 ]; do
	printf 'Title: Other %s\n\nA narwhal was seen near harbour %s by fishermen of village number %s, weeks %s ago.\n' \
	    $i $i $((i * 7)) $((i + 3)) >"$W/other$i.txt"
	i=$((i + 1))
done
"$CFSEARCH" index -q --db "$TMP/wire.db" "$W"
"$CFSEARCH" --db "$TMP/wire.db" --json -n 10 narwhal >"$TMP/wire.json"
is "$(wc -l <"$TMP/wire.json" | tr -d ' ')" 10 "many copies folded: still a full page of 10"
is "$(jq -s '.[0].also_in_count' "$TMP/wire.json")" 29 "many copies folded: the first counts the other 29"
CFSEARCH_DEBUG=1 "$CFSEARCH" --db "$TMP/wire.db" -n 10 narwhal 2>"$TMP/err" >/dev/null
is "$(grep -c '^cfsearch: query: ' "$TMP/err")" 1 "CFSEARCH_DEBUG: the query once, however often more hits are fetched"

# did you mean
"$CFSEARCH" ceasfire >/dev/null 2>"$TMP/err"; rc=$?
ok "did you mean, for a word not in the index" grep -q 'did you mean "ceasefire"' "$TMP/err"
is "$rc" 1 "a misspelt lone word matches nothing (exit 1)"
done_testing
