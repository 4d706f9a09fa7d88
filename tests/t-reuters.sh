#!/bin/sh
# All 21,578 Reuters stories (from ../shared, when present) index with no
# error, with sensible titles, dates and passages; an unchanged re-run is a
# small fraction of the full build.
. "$top_srcdir/tests/lib.sh"
need jq

tarball="${SHARED_DIR:-$top_srcdir/../shared}/corpora/reuters21578.tar.gz"
if [ ! -f "$tarball" ]; then
	skip "Reuters-21578" "../shared/corpora/reuters21578.tar.gz is absent"
	done_testing; exit
fi
tar -xzf "$tarball" -C "$TMP"
R="$TMP/reuters21578"
n=$(find "$R" -type f | wc -l | tr -d ' ')
is "$n" 21578 "the tarball holds 21,578 stories"

start=$(date +%s.%N)
"$CFSEARCH" index "$R" 2>"$TMP/err"; rc=$?
full=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $start}")
is "$rc" 0 "every story indexes (exit 0)"
ok "the stories with a header and no text: one line" \
    grep -q "^cfsearch: 2,535 files had only a header, no text ('cfsearch index -v' lists them)\$" "$TMP/err"
is "$(grep -v ' added, ' "$TMP/err" | grep -v 'only a header, no text' | grep -c .)" 0 "no other warning and no error"
sed 's/^/# /' "$TMP/err"
json=$("$CFSEARCH" status --json)
articles=$(echo "$json" | jq .articles)
ok "stories with a body become articles ($articles)" test "$articles" -gt 18000

# spot checks, against the stories' own headers
for f in 1987/02/26/reuters-00001.txt 1987/03/23/reuters-08516.txt 1987/04/07/reuters-14300.txt; do
	[ -f "$R/$f" ] || continue
	want_title=$(sed -n 's/^Title: //p' "$R/$f" | head -1)
	want_date=$(sed -n 's/^Date: //p' "$R/$f" | head -1 | cut -c1-10)
	"$CFSEARCH" show --json "$R/$f" >"$TMP/show"
	is "$(jq -r .title "$TMP/show")" "$want_title" "$f: title from the header"
	is "$(jq -r .date "$TMP/show" | cut -c1-10)" "$want_date" "$f: date from the header"
	ok "$f: no passage is the Reuter sign-off" sh -c "! jq -r '.passages[].text' '$TMP/show' | grep -qx 'Reuter'"
	ok "$f: paragraphs split at the indents" test "$(jq '.passages|length' "$TMP/show")" -ge 2
done

# searching works, with dates
top=$("$CFSEARCH" --json -n 1 "cocoa Bahia" | jq -r .title)
ok "cocoa Bahia finds a cocoa story ($top)" sh -c "echo '$top' | grep -qi cocoa"
is "$("$CFSEARCH" --json -n 20 --since 1987-04-01 oil | jq -r .date | cut -c1-7 | sort -u | grep -vc '^1987-0[4-9]\|^1987-1')" 0 "--since over the stories"

# did you mean: a name spelt one letter off, even a rare name, and the
# closest word rather than a frequent one further off
for pair in Gorbachov:gorbachev Khomeni:khomeini Cuelar:cuellar; do
	w=${pair%%:*} want=${pair#*:}
	ok "$w: did you mean \"$want\"" sh -c "\"$CFSEARCH\" $w 2>&1 | grep -q 'did you mean \"$want\"'"
done

# an unchanged re-run
start=$(date +%s.%N)
"$CFSEARCH" index 2>"$TMP/err"
again=$(awk "BEGIN{printf \"%.2f\", $(date +%s.%N) - $start}")
ok "an unchanged re-run touches nothing" grep -q "0 added, 0 updated, 0 removed, 21,578 unchanged" "$TMP/err"
echo "# full build ${full} s, unchanged re-run ${again} s"
done_testing
