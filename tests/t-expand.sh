#!/bin/sh
# Other words for the same thing: a query of seven words or more takes in
# the words that set its best passages apart (pseudo-relevance feedback),
# so a passage that says it in other words is found; --no-expand, short
# queries, operators and quoted words are left alone; CFSEARCH_DEBUG names
# the words added.
. "$top_srcdir/tests/lib.sh"

A="$TMP/articles"
mkdir -p "$A"
# three reports say it in the query's words, and all use "moratorium"
for i in 1 2 3; do
	cat >"$A/report$i.txt" <<EOF2
Title: Report $i

The ministers agreed to stop all testing of the new missiles for a year, under a moratorium signed in Geneva.
EOF2
done
# this one says it in other words only
cat >"$A/other.txt" <<'EOF2'
Title: Other words

The moratorium in Geneva holds, diplomats confirmed on Monday.
EOF2
# enough other passages that "moratorium" is a rare word
i=0
while [ $i -lt 120 ]; do
	printf 'Title: Filler %s\n\nFarmers sold grain at the market on day %s of the season.\n' \
		$i $i >"$A/filler$i.txt"
	i=$((i + 1))
done
"$CFSEARCH" index -q "$A"

# seven words, none of them in other.txt or the fillers
Q='ministers agreed stop testing new missiles signed'
files() { "$CFSEARCH" -n 20 -l "$@" 2>/dev/null | sed 's|.*/||' | sort | tr '\n' ' '; }

case "$(files "$Q")" in
*other.txt*) ok "a sentence finds the passage that says it in other words" true ;;
*) ok "a sentence finds the passage that says it in other words" false ;;
esac
case "$(files --no-expand "$Q")" in
*other.txt*) ok "--no-expand: not" false ;;
*) ok "--no-expand: not" true ;;
esac
is "$("$CFSEARCH" -l --no-expand "$Q" | wc -l | tr -d ' ')" 3 "--no-expand: the three reports"
case "$(files 'ministers agreed missiles')" in
*other.txt*) ok "a short query is not expanded" false ;;
*) ok "a short query is not expanded" true ;;
esac
case "$(files "($Q) AND year")" in
*other.txt*) ok "nor one with operators" false ;;
*) ok "nor one with operators" true ;;
esac
case "$(files "\"ministers\" agreed to stop testing the new missiles")" in
*other.txt*) ok "nor one with quoted words" false ;;
*) ok "nor one with quoted words" true ;;
esac
CFSEARCH_DEBUG=1 "$CFSEARCH" "$Q" >/dev/null 2>"$TMP/err"
ok "CFSEARCH_DEBUG names the words added" grep -q "expanded with: .*moratorium" "$TMP/err"
CFSEARCH_DEBUG=1 "$CFSEARCH" --no-expand "$Q" >/dev/null 2>"$TMP/err"
ok "and says nothing with --no-expand" sh -c "! grep -q 'expanded with' '$TMP/err'"
# the reports still come first: the added words weigh less than the query's
is "$("$CFSEARCH" -l "$Q" | head -3 | sed 's|.*/||' | sort | tr '\n' ' ')" \
	"report1.txt report2.txt report3.txt " "the passages in the query's words stay first"
done_testing
