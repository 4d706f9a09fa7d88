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

done_testing
