#!/bin/sh
# What one article may cost the index, whatever its shape: a Title or
# Source header of 15,000 words over 500 short paragraphs once made an
# index of 185 MB (every passage carries them); now they are cut, with a
# warning naming the file.
. "$top_srcdir/tests/lib.sh"

A="$TMP/a"
mkdir -p "$A"
words() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf " w%d", i * 7919 % 100003 }'; }
paras() { awk 'BEGIN { for (i = 0; i < 500; i++) printf "\nParagraph %d about the gerenuk.\n", i }'; }
{ printf 'Title:'; words 15000; printf '\nDate: 2025-03-11\n'; paras; } >"$A/title.txt"
{ printf 'Title: Source\nSource:'; words 15000; printf '\n'; paras; } >"$A/source.txt"
echo "# $(wc -c <"$A/title.txt") bytes each"
"$CFSEARCH" index "$A" 2>"$TMP/err"
is "$?" 0 "indexed"
ok "the long Title: a warning names the file" grep -q "$A/title.txt: Title header of [0-9,]* bytes: cut to 250" "$TMP/err"
ok "the long Source: a warning names the file" grep -q "$A/source.txt: Source header of [0-9,]* bytes: cut to 250" "$TMP/err"
kb=$(du -sk "$CFSEARCH_DB" | cut -f1)
echo "# index: $kb KB"
ok "the index stays small ($kb KB)" test "$kb" -lt 8000
"$CFSEARCH" -n 1 gerenuk >"$TMP/out" 2>/dev/null
is "$?" 0 "searchable"
ok "a hit's title line is short" test "$(head -1 "$TMP/out" | wc -c)" -lt 400
"$CFSEARCH" --json -n 1 'title:w0' >"$TMP/json" 2>/dev/null
is "$(jq -r .path "$TMP/json")" "$A/title.txt" "the title's first words are searchable"

done_testing
