#!/bin/sh
# The database directory and the commands that write it (index, forget,
# compact): the one lock and its message, what each does to a directory
# that holds no index, the generations of the index.
. "$top_srcdir/tests/lib.sh"

A="$TMP/archive"
mkdir -p "$A/one" "$A/two"
cp "$CORPORA"/01*.txt "$A/one/"
cp "$CORPORA"/02*.txt "$A/two/"
"$CFSEARCH" index -q "$A/one" "$A/two"
is "$?" 0 "index two roots"
articles() { "$CFSEARCH" status --json | jq .articles; }
all=$(articles)

# locked WHAT COMMAND...: run COMMAND while another process holds the lock,
# having written its pid in the lock file (WHAT: pid) or nothing (WHAT: "");
# $rc gets COMMAND's status, $TMP/err its stderr, $holder the holder's pid
locked() {
	what=$1; shift
	rm -f "$TMP/locked"
	sh -c 'exec 9>"$1/cfsearch.lock"; flock -x 9; [ "$3" = pid ] && printf "%s\n" $$ >&9
	    echo locked >"$2"; exec sleep 5' _ "$CFSEARCH_DB" "$TMP/locked" "$what" &
	holder=$!
	while [ ! -f "$TMP/locked" ]; do sleep 0.05; done
	"$@" 2>"$TMP/err"; rc=$?
	kill "$holder"; wait "$holder" 2>/dev/null
}
for cmd in index compact forget; do
	set -- "$CFSEARCH" "$cmd"
	[ "$cmd" = forget ] && set -- "$@" "$A/two"
	locked pid "$@"
	is "$rc" 75 "$cmd while another holds the lock: exit 75"
	is "$(cat "$TMP/err")" "cfsearch: $CFSEARCH_DB: another indexer is running (pid $holder)" \
	    "$cmd: one line naming the holder's pid"
	locked "" "$@"
	is "$rc" 75 "$cmd, the holder's pid unknown: exit 75"
	is "$(cat "$TMP/err")" "cfsearch: $CFSEARCH_DB: another indexer is running" \
	    "$cmd, the holder's pid unknown: the same line without a pid (not 'pid 0')"
done
is "$(articles)" "$all" "nothing was done while the lock was held"
ok "forget did not forget" sh -c "'$CFSEARCH' roots | grep -qx '$A/two'"

# forget is all or nothing: a root that is not remembered stops it before
# anything is removed
passages() { "$CFSEARCH" status --json | jq .passages; }
before=$(passages)
is "$(status "$CFSEARCH" forget "$A/one" "$TMP/never")" 2 "forget with a root not remembered: exit 2"
is "$(passages)" "$before" "forget with a root not remembered: no passage removed"
is "$(articles)" "$all" "forget with a root not remembered: the counts unchanged"
is "$("$CFSEARCH" roots | tr '\n' ' ')" "$A/one $A/two " "forget with a root not remembered: every root kept"
"$CFSEARCH" forget "$A/one" "$A/one" 2>"$TMP/err"
is "$?" 0 "a root given twice is forgotten once"
is "$(grep -c '^forgot ' "$TMP/err")" 1 "a root given twice: one line"
is "$("$CFSEARCH" roots | tr '\n' ' ')" "$A/two " "only the other root is left"
is "$(articles)" 1 "and its article"
"$CFSEARCH" index -q "$A/one"

# forget and compact where there is no index make nothing there
for cmd in forget compact; do
	set -- "$CFSEARCH" "$cmd" --db "$TMP/none/db"
	[ "$cmd" = forget ] && set -- "$@" "$A/one"
	"$@" 2>"$TMP/err"
	is "$?" 2 "$cmd where there is no index: exit 2"
	is "$(cat "$TMP/err")" "cfsearch: $TMP/none/db: no index here yet (run: cfsearch index PATH)" \
	    "$cmd where there is no index: says so"
	ok "$cmd where there is no index: no directory made" test ! -e "$TMP/none"
done
mkdir -p "$TMP/empty"
"$CFSEARCH" compact --db "$TMP/empty" 2>/dev/null
is "$(ls -A "$TMP/empty")" "" "compact in a directory without an index leaves no lock file"

# a conf that cannot be read is an error, not an empty conf
C="$TMP/badconf"
"$CFSEARCH" index -q --db "$C" "$A/one"
mv "$C/cfsearch.conf" "$C/conf.saved"
mkdir "$C/cfsearch.conf"
for cmd in roots status index forget; do
	set -- "$CFSEARCH" "$cmd" --db "$C"
	[ "$cmd" = forget ] && set -- "$@" "$A/one"
	"$@" >/dev/null 2>"$TMP/err"
	is "$?" 2 "$cmd with a conf that cannot be read: exit 2"
	is "$(cat "$TMP/err")" "cfsearch: $C/cfsearch.conf: Is a directory" \
	    "$cmd with a conf that cannot be read: says why"
done
rmdir "$C/cfsearch.conf"
mv "$C/conf.saved" "$C/cfsearch.conf"
is "$("$CFSEARCH" status --db "$C" --json | jq .articles)" 1 "and nothing was lost"

# the live index moved to another disk and linked back: compact and
# --rebuild swap a new one in and leave no link to the old one behind
for how in compact rebuild; do
	D="$TMP/moved-$how"
	"$CFSEARCH" index -q --db "$D" "$A/one"
	live=$(readlink "$D/index")
	mv "$D/$live" "$TMP/elsewhere-$how"
	ln -s "$TMP/elsewhere-$how" "$D/$live"
	if [ "$how" = compact ]; then
		"$CFSEARCH" compact --db "$D" 2>/dev/null
	else
		"$CFSEARCH" index -q --rebuild --db "$D"
	fi
	is "$?" 0 "$how, the live index a link to another disk: done"
	is "$(cd "$D" && ls -d index.* | tr '\n' ' ')" "$(readlink "$D/index") " \
	    "$how, the live index a link: the old one's link is removed with it"
	is "$(readlink "$D/index")" "index.$((${live#index.} + 1))" \
	    "$how, the live index a link: the next generation is numbered after it"
	is "$("$CFSEARCH" status --db "$D" --json | jq .articles)" 1 "$how, the live index a link: it answers"
done

# a part of the index missing: index fails saying how to rebuild
D="$TMP/noterms"
"$CFSEARCH" index -q --db "$D" "$A/one"
rm "$D/$(readlink "$D/index")/termlist.glass"
touch "$A/one"/*.txt
"$CFSEARCH" index --db "$D" >/dev/null 2>"$TMP/err"
is "$?" 2 "index, termlist.glass removed: exit 2"
ok "index, termlist.glass removed: says to rebuild" grep -q "cfsearch index --rebuild" "$TMP/err"
"$CFSEARCH" index -q --rebuild --db "$D"
is "$?" 0 "termlist.glass removed: --rebuild mends it"
is "$("$CFSEARCH" status --db "$D" --json | jq .articles)" 1 "termlist.glass removed: rebuilt whole"

# the index link replaced by the directory it named (moved by hand):
# compact and --rebuild make it a generation again and go on
for how in compact rebuild index; do
	D="$TMP/dirindex-$how"
	"$CFSEARCH" index -q --db "$D" "$A/one"
	live=$(readlink "$D/index")
	rm "$D/index"
	mv "$D/$live" "$D/index"
	case $how in
	compact) "$CFSEARCH" compact --db "$D" >/dev/null 2>"$TMP/err" ;;
	rebuild) "$CFSEARCH" index --rebuild --db "$D" 2>"$TMP/err" ;;
	index) "$CFSEARCH" index --db "$D" 2>"$TMP/err" ;;
	esac
	is "$?" 0 "$how, the index a directory: done"
	ok "$how, the index a directory: says what it did" grep -q "a directory, not a link to the index: moved to index.2 and linked" "$TMP/err"
	ok "$how, the index a link again" test -L "$D/index"
	is "$(cd "$D" && ls -d index.* | tr '\n' ' ')" "$(readlink "$D/index") " "$how, the index a directory: one generation left"
	is "$("$CFSEARCH" status --db "$D" --json | jq .articles)" 1 "$how, the index a directory: it answers"
done

# a full build in one worker process says its summary once, as in several
for j in 1 2; do
	"$CFSEARCH" index --db "$TMP/jobs$j" --jobs $j "$A/one" "$A/two" 2>"$TMP/err"
	is "$(grep -c ' added, ' "$TMP/err")" 1 "a full build with --jobs $j: one summary line"
	is "$("$CFSEARCH" status --db "$TMP/jobs$j" --json | jq .articles)" "$all" \
	    "a full build with --jobs $j: every article"
done

done_testing
