#!/bin/sh
# Hostile names of roots and databases: what a terminal would act on (OSC
# 52, which sets the clipboard; ESC [ 2J, which clears the screen) never
# reaches it raw from index, status, roots, forget or compact; a root's
# name round-trips whatever bytes it holds but NUL.
. "$top_srcdir/tests/lib.sh"

art() { mkdir -p "$(dirname "$1")"; printf 'Title: %s\n\n%s\n' "$2" "$3" >"$1"; }
# noraw FILE: FILE holds no ESC, BEL or CR
noraw() { ! LC_ALL=C grep -q "$(printf '[\033\007\r]')" "$1"; }

# ---- escapes in a root's name and in the database's path ----
R="$TMP/$(printf 'osc\033]52;c;cHduZWQ=\007cls\033[2J')"
D="$TMP/$(printf 'db\033[2Jhere')"
art "$R/a.txt" "Escapes" "an article about the axolotl"
"$CFSEARCH" index --db "$D" "$R" >"$TMP/out" 2>&1
is "$?" 0 "a root with escapes in its name: indexed"
ok "index: no raw escape in its output" noraw "$TMP/out"
for cmd in status roots "status --json" compact; do
	"$CFSEARCH" $cmd --db "$D" >"$TMP/out" 2>&1
	is "$?" 0 "$cmd: done"
	ok "$cmd: no raw escape in its output" noraw "$TMP/out"
done
"$CFSEARCH" status --db "$D" >"$TMP/out" 2>&1
ok "status: the root is shown, made visible" grep -qF 'osc^[]52;c;cHduZWQ=^Gcls^[[2J' "$TMP/out"
ok "status: the database is shown, made visible" grep -qF 'db^[[2Jhere' "$TMP/out"
is "$("$CFSEARCH" status --db "$D" --json | jq -r '.roots[0]')" "$R" "status --json: the root exactly"
"$CFSEARCH" compact --db "$D" >"$TMP/out" 2>&1
ok "compact: the database is named, made visible" grep -qF 'compacted '"$TMP"'/db^[[2Jhere' "$TMP/out"
"$CFSEARCH" forget --db "$D" "$R" >"$TMP/out" 2>&1
is "$?" 0 "forget: done"
ok "forget: no raw escape in its output" noraw "$TMP/out"
ok "forget: the root is named, made visible" grep -qF 'forgot '"$TMP"'/osc^[]52;' "$TMP/out"
"$CFSEARCH" forget --db "$D" "$R" >"$TMP/out" 2>&1
is "$?" 2 "forget again: not a remembered root"
ok "forget again: no raw escape in its error" noraw "$TMP/out"
"$CFSEARCH" status --db "$TMP/$(printf 'none\033[2J')" >"$TMP/out" 2>&1
is "$?" 2 "status where there is no index: exit 2"
ok "status where there is no index: no raw escape" noraw "$TMP/out"

# ---- a root's name that ends in CR, or holds a newline or a backslash ----
for name in "$(printf 'crroot\r')" "$(printf 'new\nline')" 'back\slash' '"quoted"'; do
	export CFSEARCH_DB="$TMP/db-names"
	rm -rf "$CFSEARCH_DB"
	R="$TMP/$name"
	art "$R/a.txt" "Odd root" "an article about the pangolin"
	show=$(printf '%s' "$name" | tr '\r\n\\' '@@/')   # for the descriptions
	"$CFSEARCH" index -q "$R"
	is "$?" 0 "root '$show': indexed"
	is "$("$CFSEARCH" status --json | jq -r '.roots[0]')" "$R" "root '$show': remembered exactly"
	"$CFSEARCH" index 2>"$TMP/err"
	is "$?" 0 "root '$show': a run without PATH finds it"
	ok "root '$show': and finds the file unchanged" grep -q '0 added, 0 updated, 0 removed, 1 unchanged' "$TMP/err"
	"$CFSEARCH" forget "$R" 2>"$TMP/err"
	is "$?" 0 "root '$show': forget"
	ok "root '$show': forget removes its article" grep -q '(1 article removed)' "$TMP/err"
	is "$(status "$CFSEARCH" pangolin)" 1 "root '$show': the article is gone"
done
# a conf written before names were quoted is read as it was written
export CFSEARCH_DB="$TMP/db-old"
R="$TMP/old root"
art "$R/a.txt" "Old" "an article about the tapir"
"$CFSEARCH" index -q "$R"
printf '# remembered by '"'"'cfsearch index'"'"': roots, exclude patterns, shard\nroot %s\nexclude "x\\n"\n' \
    "$R" >"$CFSEARCH_DB/cfsearch.conf"
is "$("$CFSEARCH" roots)" "$R
exclude \"x\\n\"" "an old conf: read raw"
"$CFSEARCH" index 2>"$TMP/err"
is "$?" 0 "an old conf: a run"
ok "an old conf: the root's article unchanged" grep -q '0 added, 0 updated, 0 removed, 1 unchanged' "$TMP/err"
is "$("$CFSEARCH" roots)" "$R
exclude \"x\\n\"" "an old conf: rewritten, it reads the same"

done_testing
