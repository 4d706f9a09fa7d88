#!/bin/sh
# End to end: index the sample corpus, search it, exit statuses, JSON.
. "$top_srcdir/tests/lib.sh"
need jq

out=$("$CFSEARCH" index "$CORPORA" 2>"$TMP/err"); rc=$?
is "$rc" 0 "index the sample corpus"
ok "summary line on stderr" grep -q "added, 0 updated, 0 removed, 0 unchanged" "$TMP/err"
is "$out" "" "index prints nothing on stdout"

# the Kursk withdrawal paragraph comes first
first=$("$CFSEARCH" --json -n 1 "Kursk withdrawal" | jq -r '.path + ":" + (.line_start|tostring)')
is "$first" "$CORPORA/02-header-datetime-unknown-key.txt:12" "Kursk withdrawal: the right passage first"

"$CFSEARCH" --color=never "Kursk withdrawal" >"$TMP/out"; rc=$?
is "$rc" 0 "exit 0 when something matched"
ok "text output has rank, title and path:line" \
	grep -q "02-header-datetime-unknown-key.txt:12" "$TMP/out"
ok "no escape sequences when colour is off" sh -c "! grep -q \"$(printf '\033')\" '$TMP/out'"
"$CFSEARCH" --color=always "Kursk withdrawal" >"$TMP/out"
ok "--color=always highlights" grep -q "$(printf '\033')\[1;31mKursk" "$TMP/out"
NO_COLOR=1 "$CFSEARCH" --color=auto "Kursk" >"$TMP/out"
ok "no colour when not a terminal" sh -c "! grep -q \"$(printf '\033')\" '$TMP/out'"

is "$(status "$CFSEARCH" "xylophonequark")" 1 "exit 1 when nothing matched"
is "$(status "$CFSEARCH" --limit nope Kursk)" 2 "exit 2 on a bad option"
is "$(status "$CFSEARCH" --db "$TMP/nowhere" Kursk)" 2 "exit 2 when the database is missing"
"$CFSEARCH" --db "$TMP/nowhere" Kursk 2>"$TMP/err"
ok "errors are prefixed cfsearch:" grep -q "^cfsearch: " "$TMP/err"

# JSON: one valid object per line with the documented fields
"$CFSEARCH" --json -n 5 ceasefire >"$TMP/json"
is "$(wc -l <"$TMP/json" | tr -d ' ')" 5 "-n 5 gives five hits"
ok "every line is valid JSON" sh -c "jq -e . '$TMP/json' >/dev/null"
fields=$(jq -r '[has("rank","score","path","title","line_start","line_end","text","snippet","date","source")] | all' "$TMP/json" | sort -u)
is "$fields" "true" "hits carry the documented fields"
ranks=$(jq -r .rank "$TMP/json" | tr '\n' ' ')
is "$ranks" "1 2 3 4 5 " "ranks count from 1"
# line ranges point at the passage in the file
jq -r '.path + " " + (.line_start|tostring) + " " + .text' "$TMP/json" | head -1 >"$TMP/hit"
read -r p l rest <"$TMP/hit"
word=$(printf '%s' "$rest" | cut -d' ' -f1-3)
ok "line_start is the passage's first line" sh -c 'gzip -cdf "$1" | sed -n "$2p" | grep -qF -- "$3"' _ "$p" "$l" "$word"

# indexing again changes nothing
"$CFSEARCH" index 2>"$TMP/err"
ok "a second run finds nothing to do" grep -q "0 added, 0 updated, 0 removed, 15 unchanged" "$TMP/err"
n1=$("$CFSEARCH" status --json | jq .passages)
"$CFSEARCH" index "$CORPORA" 2>/dev/null
n2=$("$CFSEARCH" status --json | jq .passages)
is "$n2" "$n1" "indexing the same files again does not duplicate passages"

# explicit search command, so a query may start with a command's name
is "$(status "$CFSEARCH" search index)" 1 "cfsearch search index searches for 'index'"

# the default database: CFSEARCH_DB, then XDG_DATA_HOME
unset CFSEARCH_DB
"$CFSEARCH" index -q "$CORPORA/01-header-iso-date.txt"
ok "XDG_DATA_HOME/cfsearch is the default" test -L "$XDG_DATA_HOME/cfsearch/index"
export CFSEARCH_DB="$TMP/db"

# the seeds, when ../shared is there
if have_seeds; then
	export CFSEARCH_DB="$TMP/seeds"
	"$CFSEARCH" index -q "$SEEDS"
	first=$("$CFSEARCH" --json -n 1 "Kursk withdrawal" | jq -r '(.path|split("/")|last) + ":" + (.line_start|tostring)')
	is "$first" "002_f1e7fb6887eaebe9.txt:9" "seeds: the Kursk-withdrawal paragraph of the third seed first"
else
	skip "seeds: Kursk withdrawal" "../shared/seeds is absent"
fi
done_testing
