#!/bin/sh
# What index walks: never a database directory (its own or another's);
# symbolic links (a root is its real path; a file is one article however
# it is reached); exclude patterns (gitignore's, warned of when they match
# nothing, dropped with forget --exclude).
. "$top_srcdir/tests/lib.sh"

art() { mkdir -p "$(dirname "$1")"; printf 'Title: %s\n\n%s\n' "$2" "$3" >"$1"; }
files() { "$CFSEARCH" status --json | jq .articles; }
paths() { "$CFSEARCH" --json -n 100 --per-article 1 "$1" 2>/dev/null | jq -r .path | sort | tr '\n' ' '; }

# ---- a database inside the folder indexed ----
W="$TMP/work"
art "$W/a.txt" "One" "an article about the okapi"
art "$W/sub/b.txt" "Two" "another about the okapi"
mkdir -p "$W/other"
"$CFSEARCH" index -q --db "$W/other/db" "$W/sub"    # another database in the tree
cd "$W" || exit 1
"$CFSEARCH" index --db ./db . 2>"$TMP/err"
is "$?" 0 "index --db ./db .: done"
ok "index --db ./db .: the two articles" grep -q "^2 added, 0 updated, 0 removed, 0 unchanged" "$TMP/err"
"$CFSEARCH" index --db ./db 2>"$TMP/err"
ok "a second run: nothing changed (the lock and conf are no articles)" \
    grep -q "^0 added, 0 updated, 0 removed, 2 unchanged" "$TMP/err"
is "$("$CFSEARCH" --db ./db --json -n 100 okapi | jq -r .path | grep -c '/db/\|/other/')" 0 \
    "no file of either database is an article"
"$CFSEARCH" index --db ./db2 ./db 2>"$TMP/err"
is "$?" 2 "a database directory as a root: exit 2"
ok "a database directory as a root: says so" grep -q "db: a database directory, or inside one: not indexed" "$TMP/err"
"$CFSEARCH" index --db ./db2 "./db/$(readlink db/index)" 2>/dev/null
is "$?" 2 "a directory inside a database as a root: exit 2"
ok "and not remembered" test ! -s ./db2/cfsearch.conf
cd "$TMP" || exit 1

# ---- symbolic links ----
export CFSEARCH_DB="$TMP/db-links"
S="$TMP/seeds"
art "$S/x/one.txt" "One" "the first article about the quagga"
art "$S/two.txt" "Two" "the second article about the quagga"
ln -s seeds "$TMP/seedlink"
"$CFSEARCH" index -q "$S"
"$CFSEARCH" index "$TMP/seedlink" 2>"$TMP/err"
is "$?" 0 "a link to a root: indexed"
ok "a link to a root: the same root, nothing added" grep -q "^0 added, 0 updated, 0 removed, 2 unchanged" "$TMP/err"
is "$("$CFSEARCH" roots)" "$S" "a link to a root: one root, its real path"
is "$(paths quagga)" "$S/two.txt $S/x/one.txt " "a link to a root: each article once"
# a link inside the root to a file and to a directory of the root
ln -s two.txt "$S/latest.txt"
ln -s x "$S/xlink"
# and two links to a directory outside every root
O="$TMP/outside"
art "$O/far.txt" "Far" "an article about the quagga from outside"
ln -s "$O" "$S/out1"
ln -s "$O" "$S/out2"
"$CFSEARCH" index 2>"$TMP/err"
is "$?" 0 "links inside a root: indexed"
is "$(paths quagga)" "$S/out1/far.txt $S/two.txt $S/x/one.txt " \
    "links inside a root: a file of the root once, under its own path; one outside once"
"$CFSEARCH" index 2>"$TMP/err"
ok "links inside a root: the next run changes nothing" grep -q "^0 added, 0 updated, 0 removed, 3 unchanged" "$TMP/err"
rm "$S/out1"
"$CFSEARCH" index 2>"$TMP/err"
is "$(paths quagga)" "$S/out2/far.txt $S/two.txt $S/x/one.txt " "the first link removed: the file is found through the other"
# a root given as a link to a directory inside another root
"$CFSEARCH" index "$TMP/seedlink/x" 2>"$TMP/err"
is "$("$CFSEARCH" roots | tr '\n' ' ')" "$S $S/x " "a link to a directory: its real path remembered"
is "$(paths quagga)" "$S/out2/far.txt $S/two.txt $S/x/one.txt " "and no article twice"
"$CFSEARCH" forget "$TMP/seedlink/x" 2>/dev/null
is "$?" 0 "forget through a link to the root"

# ---- exclude patterns ----
export CFSEARCH_DB="$TMP/db-ex"
E="$TMP/ex"
art "$E/corpora/10.txt" "Ten" "the zebu ten"
art "$E/corpora/20.txt" "Twenty" "the zebu twenty"
art "$E/corpora/drafts/d.txt" "Draft" "the zebu draft"
art "$E/drafts/top.txt" "Top draft" "the zebu top draft"
art "$E/keep/drafts" "A file named drafts" "the zebu file"
art "$E/a/corpora/11.txt" "Deep" "the zebu deep"
all=$(find "$E" -type f | wc -l | tr -d ' ')
# try PATTERN WANT DESCRIPTION: index with --exclude PATTERN; WANT files left
try() {
	rm -rf "$CFSEARCH_DB"
	"$CFSEARCH" index --exclude "$1" "$E" 2>"$TMP/err"
	is "$(files)" "$2" "--exclude '$1': $3"
}
try 'drafts/' 4 "directories named drafts at any depth, not a file so named"
try 'corpora/drafts' 5 "relative to the root"
try '/drafts' 5 "a leading / anchors to the root"
try '*/corpora/1*' 5 "* within one component, from the root"
try '**/corpora/1*' 4 "** any number of components"
try 'corpora/**' 3 "everything below corpora"
try '*.txt' 1 "a name at any depth, as before"
try "$E/corpora/*.txt" 4 "a full path, as patterns were written before"
try 'nothing-here/' "$all" "a pattern that matches nothing excludes nothing"
ok "a pattern that matches nothing: a warning names it" grep -q "exclude 'nothing-here/' matched nothing" "$TMP/err"
# remembered patterns; forget --exclude drops one
rm -rf "$CFSEARCH_DB"
"$CFSEARCH" index -q --exclude 'drafts/' --exclude '*.none' "$E" 2>/dev/null
is "$(files)" 4 "two patterns remembered"
"$CFSEARCH" index 2>"$TMP/err"
ok "a remembered pattern that matches nothing is warned of on a run over every root" grep -q "exclude '\*.none' matched nothing" "$TMP/err"
"$CFSEARCH" forget --exclude 'drafts/' 2>"$TMP/err"
is "$?" 0 "forget --exclude: done"
ok "forget --exclude: says so" grep -q "forgot exclude 'drafts/'" "$TMP/err"
is "$("$CFSEARCH" roots | grep -c '^exclude')" 1 "forget --exclude: the other pattern stays"
"$CFSEARCH" index -q 2>/dev/null
is "$(files)" "$all" "forget --exclude: the next run indexes what it excluded"
"$CFSEARCH" forget --exclude 'never-given' 2>"$TMP/err"
is "$?" 2 "forget --exclude of a pattern not remembered: exit 2"
ok "forget --exclude of a pattern not remembered: says so" grep -q "'never-given': not a remembered exclude pattern" "$TMP/err"
"$CFSEARCH" forget 2>/dev/null
is "$?" 2 "forget with neither a root nor --exclude: exit 2"

done_testing
