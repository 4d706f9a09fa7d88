#!/bin/sh
# What a stranger with only the man pages runs into: queries that must not
# be misread, messages that must not mislead, several databases, the
# config file, a pager that is not there.
. "$top_srcdir/tests/lib.sh"
need jq
export LC_ALL=C.UTF-8

A="$TMP/articles"
mkdir -p "$A"
cat >"$A/summit.txt" <<'EOF2'
Title: Leaders meet in Geneva
Date: 1987-03-02

Gorbachev and Reagan met for talks on arms control; Khomeini was not discussed.

The Kremlin said a ceasefire in the Gulf was possible. Gorbachev repeated it.

Later, Gorbachev said the ceasefire would hold.
EOF2
cat >"$A/gulf.txt" <<'EOF2'
Title: Tanker hit in the Gulf
Date: 1987-03-15

A tanker was hit near the strait. Gorbachev called for calm, and Khomeini spoke.

Perez de Cuellar, the secretary general, urged a ceasefire.
EOF2
{
	printf 'Title: A long report\nDate: 1987-04-20\nSource: %s\n\n' \
		"The Very Long Name of a Wire Service That Goes On"
	for i in 1 2 3 4 5 6; do
		printf 'Gorbachev spoke at length about the arms talks and the Gulf, sentence %s. ' $i
	done
	printf '\n'
} >"$A/a-rather-long-file-name-for-the-report-on-the-talks.txt"
for i in 1 2 3; do
	printf 'Title: Note %s\nDate: 1987-04-0%s\n\nKhomeini and Perez de Cuellar, note %s.\n' \
		$i $i $i >"$A/note$i.txt"
done
"$CFSEARCH" index -q "$A"
err() { "$CFSEARCH" "$@" 2>&1 >/dev/null; }
bad() { # bad QUERY PATTERN: exit 2, one line, saying PATTERN
	e=$(err -- "$1")
	is "$(status "$CFSEARCH" -- "$1")" 2 "'$1': exit 2"
	is "$(printf '%s\n' "$e" | wc -l | tr -d ' ')" 1 "'$1': one line"
	case "$e" in
	*"$2"*) ok "'$1': says '$2'" true ;;
	*) ok "'$1': says '$2' ($e)" false ;;
	esac
}

# 7. nothing silently read as something else
bad 'tanker --Gorbachev' "one sign before a word"
bad '+-Gorbachev' "one sign before a word"
bad '-+Gorbachev' "one sign before a word"
bad '*fire' "a wildcard is one '*' at the end of a word"
bad 'G**' "a wildcard is one '*' at the end of a word"
bad 'Gor*chev' "a wildcard is one '*' at the end of a word"
bad '"cease* talks"' "'*' inside a \"phrase\""
long=$(printf 'x%.0s' $(seq 1 100))
bad "tanker $long" "more than 64 bytes"
is "$(status "$CFSEARCH" -c 'Gorb*')" 0 "a wildcard at the end still works"
ok "one sign still works" test "$("$CFSEARCH" -c 'Gorbachev -tanker')" != "$("$CFSEARCH" -c Gorbachev)"

# 8. messages that say what is true
e=$(err title:Kremlin)
case "$e" in
*'"kremlin" is in no title (it is in the text'*) ok "a word in no title is said to be in no title" true ;;
*) ok "a word in no title is said to be in no title ($e)" false ;;
esac
ok "and nothing is suggested for it" sh -c "! \"$CFSEARCH\" title:Kremlin 2>&1 | grep -q 'did you mean'"
for pair in Gorbachov:gorbachev Khomeni:khomeini Cuelar:cuellar; do
	w=${pair%%:*} want=${pair#*:}
	ok "$w: did you mean \"$want\"" sh -c "\"$CFSEARCH\" $w 2>&1 | grep -q 'did you mean \"$want\"'"
done
ok "a transposition is one edit" sh -c "\"$CFSEARCH\" Gorbahcev 2>&1 | grep -q 'did you mean \"gorbachev\"'"
many=$(for l in a b c d f g h i j k l m n o p q r s t u; do printf 'Gorbach%sv ' $l; done)
n=$(err -c $many | wc -l | tr -d ' ')
ok "did-you-mean lines are capped ($n)" test "$n" -le 6
ok "and the rest are counted" sh -c "\"$CFSEARCH\" -c $many 2>&1 | grep -q 'more words of the query not in the index'"
if command -v script >/dev/null 2>&1; then
	script -qc "\"$CFSEARCH\" --no-pager --color=never Gorbachev convoyzz" /dev/null >"$TMP/tty" 2>&1
	ok "'no passage has all of' said on the first page" grep -q 'no passage has all' "$TMP/tty"
	script -qc "\"$CFSEARCH\" --no-pager --color=never --offset 1 Gorbachev convoyzz" /dev/null >"$TMP/tty" 2>&1
	ok "but not past it" sh -c "grep -q '^2\\. ' \"$TMP/tty\" && ! grep -q 'no passage has all' \"$TMP/tty\""
else
	skip "'no passage has all of' not said past the first page" "script is not installed"
fi
e=$(err index -j 0 "$A")
is "$(printf '%s\n' "$e" | wc -l | tr -d ' ')" 1 "-j 0: one error ($e)"
ok "-j 0: the range that is allowed" sh -c "\"$CFSEARCH\" index -j 0 \"$A\" 2>&1 | grep -q 'from 1 to 64'"
e=$(err --db "$CFSEARCH_DB" --db "$TMP/nonexistent" tanker)
is "$e" "cfsearch: $TMP/nonexistent: no index here (run: cfsearch index PATH, or give --db)" \
	"a missing database among several is named"
is "$(status "$CFSEARCH" roots --db "$TMP/nonexistent")" 2 "roots of a missing database: exit 2"
ok "and the database is named" sh -c "\"$CFSEARCH\" roots --db \"$TMP/nonexistent\" 2>&1 | grep -q '$TMP/nonexistent: no index here'"

# 13. one database given twice counts once
ln -s "$CFSEARCH_DB" "$TMP/link"
one=$("$CFSEARCH" -c tanker)
is "$("$CFSEARCH" -c --db "$CFSEARCH_DB" --db "$CFSEARCH_DB" tanker)" "$one" "--db x --db x: each hit once"
is "$("$CFSEARCH" -c --db "$CFSEARCH_DB" --db "$TMP/link" tanker)" "$one" "--db x --db link-to-x: each hit once"
is "$("$CFSEARCH" --json --db "$CFSEARCH_DB" --db "$TMP/link/" tanker | wc -l | tr -d ' ')" 1 "and the hits once"

# 12. the config file
mkdir -p "$XDG_CONFIG_HOME/cfsearch"
conf="$XDG_CONFIG_HOME/cfsearch/config"
printf -- '-n 1\n--json\n' >"$conf"
is "$("$CFSEARCH" Gorbachev | wc -l | tr -d ' ')" 1 "config: '-n 1' (a value after a space)"
printf -- '--limit 1\n--json\n' >"$conf"
is "$("$CFSEARCH" Gorbachev | wc -l | tr -d ' ')" 1 "config: '--limit 1'"
printf -- '-n1\n--json\n' >"$conf"
is "$("$CFSEARCH" Gorbachev | wc -l | tr -d ' ')" 1 "config: '-n1'"
ok "--no-json undoes the config's --json" sh -c "\"$CFSEARCH\" --no-json Gorbachev | grep -q '^1\\. '"
rm -f "$conf"
"$CFSEARCH" --color=never --full Gorbachev >"$TMP/full"
"$CFSEARCH" --color=never Gorbachev >"$TMP/snip"
printf -- '--full\n' >"$conf"
"$CFSEARCH" --color=never --no-full Gorbachev >"$TMP/nofull"
ok "--no-full undoes the config's --full" cmp -s "$TMP/snip" "$TMP/nofull"
ok "(which made a difference)" sh -c "! cmp -s \"$TMP/snip\" \"$TMP/full\""
printf -- '--limit\n' >"$conf"
is "$(status "$CFSEARCH" Gorbachev)" 2 "config: an option without its value: exit 2"
ok "and the message names the file and line" sh -c "\"$CFSEARCH\" Gorbachev 2>&1 | grep -q 'config:1: --limit needs a value'"
printf -- 'nonsense here\n' >"$conf"
is "$(status "$CFSEARCH" --help)" 0 "a bad config line leaves --help working"
ok "and --help prints the usage" sh -c "\"$CFSEARCH\" --help | grep -q '^usage:'"
is "$(status "$CFSEARCH" --version)" 0 "and --version"
printf -- '--db=%s\n' "$TMP/nonexistent" >"$conf"
is "$(status "$CFSEARCH" -c tanker)" 0 "CFSEARCH_DB comes before the config's --db"
is "$(status "$CFSEARCH" status)" 0 "for every command"
is "$(CFSEARCH_DB= status "$CFSEARCH" -c tanker)" 2 "without CFSEARCH_DB, the config's --db"
is "$(status "$CFSEARCH" -c --db "$TMP/nonexistent" tanker)" 2 "the command line before both"
rm -f "$conf"

# 16. --full wraps to the width; the line of date, source and path fits
"$CFSEARCH" --color=never --full -n 50 Gorbachev >"$TMP/full"
n=$(grep -v '/[^ ]*:[0-9]*$' "$TMP/full" | wc -L | tr -d ' ')
ok "--full: every line fits 80 columns ($n)" test "$n" -le 80
ok "--full: the long passage is all there" grep -q 'sentence 6\.' "$TMP/full"
n=$(grep -c 'The Very Long Name of a Wire Service.*a-rather-long' "$TMP/full")
is "$n" 0 "a path that does not fit beside date and source goes on its own line"
ok "date and source stay together" grep -q '^   1987-04-20 · The Very Long Name of a Wire Service' "$TMP/full"
ok "the path follows, as editors take it" grep -q '^   /.*a-rather-long-file-name-for-the-report-on-the-talks.txt:5$' "$TMP/full"

# 9. dates: month names in queries, ranges that leave no day
# the articles of the hits, against --since and --until with ISO dates
arts() { "$CFSEARCH" --json -n 100 --per-article 1 "$@" | jq -r .path | sort | tr '\n' ' '; }
m=$(arts --since 1987-03-01 --until 1987-03-31 Gorbachev)
ok "some articles of March 1987 ($m)" test -n "$m"
is "$(arts 'date:"March 1987" Gorbachev')" "$m" 'date:"March 1987"'
is "$(arts 'date:"2 Mar 1987" Gorbachev')" "$(arts --since 1987-03-02 --until 1987-03-02 Gorbachev)" \
	'date:"2 Mar 1987"'
is "$(arts 'date:"1 Mar 1987".."14 Mar 1987" Gorbachev')" \
	"$(arts --since 1987-03-01 --until 1987-03-14 Gorbachev)" 'date:"1 Mar 1987".."14 Mar 1987"'
is "$(status "$CFSEARCH" --since 1987-04 --until 1987-03 Gorbachev)" 2 "--since after --until: exit 2"
ok "and it says why" sh -c "\"$CFSEARCH\" --since 1987-04 --until 1987-03 Gorbachev 2>&1 | grep -q 'leave no day'"
is "$(status "$CFSEARCH" 'date:1987-03 date:1987-04 Gorbachev')" 2 "two date: ranges that do not meet: exit 2"
is "$("$CFSEARCH" -c 'date:1987-03 date:1987-03-10.. Gorbachev')" "1 passage in 1 article" "two that meet: both apply"
is "$(status "$CFSEARCH" 'date:1987-03')" 2 "date: alone: exit 2"
ok "saying to add a word" sh -c "\"$CFSEARCH\" date:1987-03 2>&1 | grep -q 'add a word'"

# 5, 6. name variants: not other people's names; possessives; the user's file
printf 'Title: Kyiv talks\nDate: 1987-05-01\n\nVolodymyr spoke in Kyiv. Kyiv'"'"'s mayor listened.\n' >"$A/kyiv.txt"
printf 'Title: Moscow\nDate: 1987-05-02\n\nVladimir spoke in Moscow.\n' >"$A/moscow.txt"
"$CFSEARCH" index -q
is "$("$CFSEARCH" -l Vladimir | sed 's,.*/,,')" "moscow.txt" "Vladimir does not find Volodymyr"
is "$("$CFSEARCH" -l "Kiev's" | sed 's,.*/,,')" "kyiv.txt" "Kiev's finds Kyiv's"
is "$("$CFSEARCH" -c "Kiev's")" "$("$CFSEARCH" -c Kiev)" "and as many passages as Kiev"
printf '\320\234\320\236\320\241\320\232\320\222\320\220 | moscow\n' >"$TMP/variants.txt"
is "$(CFSEARCH_VARIANTS="$TMP/variants.txt" "$CFSEARCH" -l "$(printf '\320\274\320\276\321\201\320\272\320\262\320\260')" | sed 's,.*/,,')" \
	"moscow.txt" "a Cyrillic spelling in CFSEARCH_VARIANTS, whatever its case"
e=$(CFSEARCH_VARIANTS="$TMP/none.txt" "$CFSEARCH" Moscow 2>&1 >/dev/null)
ok "a CFSEARCH_VARIANTS that is not there is warned about ($e)" sh -c "printf '%s' \"\$1\" | grep -q 'none.txt: No such file'" sh "$e"
printf 'moscow | moskva\nlonely\n' >"$TMP/variants.txt"
e=$(CFSEARCH_VARIANTS="$TMP/variants.txt" "$CFSEARCH" Moscow 2>&1 >/dev/null)
ok "a line without '|' is warned about, with file and line ($e)" sh -c "printf '%s' \"\$1\" | grep -q 'variants.txt:2: no .|. between spellings'" sh "$e"

# 10. --vimgrep: the column in bytes, as vim counts it
printf 'Title: Accents\nDate: 1987-05-03\n\nÀ Genève, été: Gorbachev.\n' >"$A/geneve.txt"
"$CFSEARCH" index -q
v=$("$CFSEARCH" --vimgrep Gorbachev | grep geneve.txt)
col=$(printf '%s' "$v" | cut -d: -f3)
want=$(($(printf 'À Genève, été: ' | wc -c) + 1))
is "$col" "$want" "--vimgrep: the byte column"

# 18. CFSEARCH_DEBUG with --count prints the query too
ok "CFSEARCH_DEBUG with -c prints the query" sh -c "CFSEARCH_DEBUG=1 \"$CFSEARCH\" -c Gorbachev 2>&1 | grep -q '^cfsearch: query: '"

# 15. show: how the bytes were read is among the warnings
printf 'Title: Latin\n\nM\374nchen talks went on.\n' >"$TMP/latin1.txt"
ok "show: the Windows-1252 warning" sh -c "\"$CFSEARCH\" show \"$TMP/latin1.txt\" | grep -q '^warning: .*Windows-1252'"
is "$("$CFSEARCH" show --json "$TMP/latin1.txt" | jq -r '.warnings[]' | grep -c Windows-1252)" 1 "show --json: the same warning"

# 15. a derived title, whole in JSON (the index keeps it cut)
D="$TMP/derived"
mkdir -p "$D"
printf 'Date: 1987-05-04\n\nThe foreign ministers of the two countries met again on Monday in a long session about the border, officials said. Nothing was agreed.\n\nA second paragraph mentions zanzibarite once.\n' >"$D/untitled.txt"
"$CFSEARCH" index -q --db "$TMP/derived-db" "$D"
want='The foreign ministers of the two countries met again on Monday in a long session about the border, officials said'
is "$("$CFSEARCH" --db "$TMP/derived-db" --json ministers | jq -r .title)" "$want" "search --json: the whole derived title"
is "$("$CFSEARCH" --db "$TMP/derived-db" --json zanzibarite | jq -r '.title + " " + (.title_derived|tostring)')" "$want true" \
	"also for a hit in a later passage, marked derived"
is "$("$CFSEARCH" show --json "$D/untitled.txt" | jq -r .title)" "$want" "show --json: the whole derived title"

# 14. the indexer's counts: "1 passage"; forget counts articles, not
# files that could not be read
B="$TMP/bad"
mkdir -p "$B"
printf 'Title: One\n\nOne paragraph only.\n' >"$B/one.txt"
printf '\037\213\010\000not gzip at all' >"$B/broken.txt.gz"
"$CFSEARCH" index -v --db "$TMP/bad-db" "$B" >"$TMP/out" 2>&1
ok "index -v: (1 passage)" grep -q 'one.txt (1 passage)$' "$TMP/out"
"$CFSEARCH" forget --db "$TMP/bad-db" "$B" >"$TMP/out" 2>&1
ok "forget: the article, not the unreadable file" grep -q "forgot $B (1 article removed)" "$TMP/out"

# 11. a pager that cannot run loses no output
if command -v script >/dev/null 2>&1; then
	for how in "--pager=nonexistent-pager" "CFSEARCH_PAGER=nonexistent-pager" "PAGER=/no/such/pager"; do
		case $how in
		--*) script -qc "\"$CFSEARCH\" --color=never $how tanker" /dev/null >"$TMP/p" 2>&1 ;;
		*) script -qc "env $how \"$CFSEARCH\" --color=never tanker" /dev/null >"$TMP/p" 2>&1 ;;
		esac
		ok "$how: the hits are printed" grep -q 'Tanker hit in the Gulf' "$TMP/p"
		ok "$how: with a warning" grep -q 'cannot run .*printing without a pager' "$TMP/p"
	done
else
	skip "a pager that cannot run" "script is not installed"
fi
done_testing
