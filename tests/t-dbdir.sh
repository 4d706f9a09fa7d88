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

# a full build in one worker process says its summary once, as in several
for j in 1 2; do
	"$CFSEARCH" index --db "$TMP/jobs$j" --jobs $j "$A/one" "$A/two" 2>"$TMP/err"
	is "$(grep -c ' added, ' "$TMP/err")" 1 "a full build with --jobs $j: one summary line"
	is "$("$CFSEARCH" status --db "$TMP/jobs$j" --json | jq .articles)" "$all" \
	    "a full build with --jobs $j: every article"
done

done_testing
