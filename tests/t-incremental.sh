#!/bin/sh
# Incremental, cron-safe indexing: roots, changes, locking, signals, crashes.
. "$top_srcdir/tests/lib.sh"
need jq flock

A="$TMP/archive"
mkdir -p "$A/2025"
article() { # article FILE TITLE BODY
	printf 'Title: %s\nDate: 2025-03-11\n\n%s\n' "$2" "$3" >"$1"
}
summary() { "$CFSEARCH" index "$@" 2>&1 >/dev/null | tail -1 | sed 's/ in [0-9.]* s$//'; }
hits() { "$CFSEARCH" --json -n 100 "$@" 2>/dev/null | jq -r .path | sed "s|^$A/||" | sort | tr '\n' ' '; }

article "$A/2025/a.txt" "Talks in Jeddah" "Delegations met in Jeddah to discuss a ceasefire."
article "$A/2025/b.txt" "Grain corridor" "Ships left Odesa under the grain corridor deal."
is "$(summary "$A")" "2 added, 0 updated, 0 removed, 0 unchanged" "first run adds"
is "$("$CFSEARCH" roots)" "$A" "the root is remembered"
is "$(summary)" "0 added, 0 updated, 0 removed, 2 unchanged" "index with no PATH reindexes the roots"

# new, changed, deleted, moved
article "$A/2025/c.txt" "Prisoner exchange" "A prisoner exchange was agreed in Istanbul."
article "$A/2025/a.txt" "Talks in Jeddah" "Delegations met in Riyadh instead, to discuss a truce."
rm "$A/2025/b.txt"
is "$(summary)" "1 added, 1 updated, 1 removed, 0 unchanged" "new, changed and deleted files"
is "$(hits Riyadh)" "2025/a.txt " "a changed file is found by its new text"
is "$(hits title:Jeddah)" "2025/a.txt " "its title is still searchable"
is "$("$CFSEARCH" --json ceasefire | jq -r .path)" "" "its old passage is gone"
is "$(hits Odesa)" "" "a deleted file is gone"
mkdir -p "$A/moved"
mv "$A/2025/c.txt" "$A/moved/c2.txt"
is "$(summary)" "1 added, 0 updated, 1 removed, 1 unchanged" "a moved file: added under the new name, removed under the old"
is "$(hits prisoner)" "moved/c2.txt " "a moved file is found under its new path only"

# same content, new mtime: a stat and a hash, no reindex
touch -d '2030-01-01 00:00:00' "$A/2025/a.txt"
out=$("$CFSEARCH" index -v 2>&1)
ok "a touched file is not reindexed" sh -c "printf '%s' \"\$1\" | grep -q 'unchanged $A/2025/a.txt (content)'" _ "$out"

# rewritten within the same second, same size, same mtime: still caught
now=$(date +%s)
article "$A/2025/d.txt" "Same second" "version one of this text"
touch -d "@$now" "$A/2025/d.txt"
"$CFSEARCH" index -q
article "$A/2025/d.txt" "Same second" "version two of this text"
touch -d "@$now" "$A/2025/d.txt"
is "$(summary)" "0 added, 1 updated, 0 removed, 2 unchanged" "a rewrite in the same second with the same size is caught"

# excludes are remembered
article "$A/2025/e.draft" "Draft" "an embargoed draft about sanctions"
"$CFSEARCH" index -q --exclude '*.draft'
is "$(hits embargoed)" "" "--exclude skips matching files"
"$CFSEARCH" index -q
is "$(hits embargoed)" "" "excludes are remembered"
ok "roots lists the exclude" sh -c "\"$CFSEARCH\" roots | grep -qx 'exclude \*.draft'"

# files that cannot be read: named, skipped, status 3, rest indexed
printf 'not really gzip' | gzip -c | head -c 20 >"$A/2025/broken.gz"
ln -s "$A/nowhere" "$A/2025/dangling.txt"
article "$A/2025/f.txt" "Fine" "a perfectly readable article about monitoring"
"$CFSEARCH" index 2>"$TMP/err"; rc=$?
is "$rc" 3 "exit 3 when some files could not be read"
ok "the corrupt gzip file is named with its cause" grep -q "broken.gz: .*gzip" "$TMP/err"
ok "the dangling link is named" grep -q "dangling.txt: dangling symbolic link" "$TMP/err"
is "$(hits monitoring)" "2025/f.txt " "the rest was indexed"
"$CFSEARCH" index 2>"$TMP/err"; rc=$?
ok "an unchanged failed file is not retried" sh -c "! grep -q broken.gz '$TMP/err'"
"$CFSEARCH" index --retry-failed 2>"$TMP/err"
ok "--retry-failed tries it again" grep -q broken.gz "$TMP/err"
rm "$A/2025/broken.gz" "$A/2025/dangling.txt"

# a missing root does not empty the index
mv "$A" "$TMP/unmounted"
"$CFSEARCH" index 2>"$TMP/err"; rc=$?
is "$rc" 3 "a missing root is an error"
ok "its articles are kept" sh -c "[ -n \"\$(\"$CFSEARCH\" --json Riyadh)\" ]"
mv "$TMP/unmounted" "$A"

# forget
article "$TMP/other.txt" "Other root" "an article about the Sudan conference"
"$CFSEARCH" index -q "$TMP/other.txt"
is "$(hits Sudan | wc -w | tr -d ' ')" 1 "a second root is indexed"
"$CFSEARCH" forget "$TMP/other.txt" 2>/dev/null
is "$("$CFSEARCH" --json Sudan)" "" "forget removes a root's articles"
is "$("$CFSEARCH" roots | grep -c other.txt)" 0 "and the root"
is "$(status "$CFSEARCH" forget "$TMP/never")" 2 "forgetting an unknown root is an error"

# status
"$CFSEARCH" status >"$TMP/status"
ok "status names the database" grep -q "database: *$CFSEARCH_DB" "$TMP/status"
ok "status counts articles" grep -q "articles: *4" "$TMP/status"
ok "status shows the last run" grep -q "last run: .*ok" "$TMP/status"
is "$("$CFSEARCH" status --json | jq -r '.roots[0]')" "$A" "status --json lists the roots"

# two indexers: the second exits 75 naming the first; --wait waits.  The
# holder keeps the lock until told to let go (a fixed time could run out
# before the second indexer starts, on a busy machine).
sh -c 'exec 9<>"$1/cfsearch.lock"; flock -x 9; printf "%s\n" $$ >&9; echo locked >"$2"
	i=0; while [ ! -f "$3" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done' \
	_ "$CFSEARCH_DB" "$TMP/locked" "$TMP/release" &
holder=$!
while [ ! -f "$TMP/locked" ]; do sleep 0.1; done
"$CFSEARCH" index 2>"$TMP/err"; rc=$?
is "$rc" 75 "a second indexer exits with 75"
ok "the message names the running one's pid" grep -q "another indexer is running (pid $holder)" "$TMP/err"
"$CFSEARCH" index --wait 60 -q & waiter=$!
sleep 0.5
: >"$TMP/release"
wait $waiter; rc=$?
is "$rc" 0 "--wait waits for the first to finish"
wait $holder

# compact keeps everything searchable
before=$(hits Riyadh)
"$CFSEARCH" compact 2>/dev/null; rc=$?
is "$rc" 0 "compact succeeds"
is "$(hits Riyadh)" "$before" "searches work after compaction"
is "$(summary)" "0 added, 0 updated, 0 removed, 4 unchanged" "the compacted index keeps the file records"

# searches go on while the index is compacted and swapped
export CFSEARCH_DB="$TMP/compacting"
"$CFSEARCH" index -q "$CORPORA"
( for i in 1 2 3 4 5; do "$CFSEARCH" compact 2>/dev/null; done ) & pid=$!
fails=0; runs=0
while kill -0 $pid 2>/dev/null; do
	"$CFSEARCH" -n 3 ceasefire >/dev/null 2>"$TMP/serr" || { fails=$((fails + 1)); cat "$TMP/serr" >&2; }
	runs=$((runs + 1))
done
wait $pid
echo "# $runs searches ran during five compactions"
is "$fails" 0 "no search failed while the index was compacted and swapped"
is "$(ls -d "$CFSEARCH_DB"/index.* | wc -l | tr -d ' ')" 1 "compaction leaves one database behind"
export CFSEARCH_DB="$TMP/db"

# ---- signals and crashes over a bigger generated archive ----
# started PID: wait until the indexer PID (a first build into $CFSEARCH_DB)
# has forked its workers and they have opened their parts: by then it
# handles SIGINT and SIGTERM (before, SIGTERM would kill it outright, and
# SIGINT, ignored by a background job, not at all).  False when it ended
# first.
started() {
	n=0
	while [ $n -lt 600 ]; do
		for d in "$CFSEARCH_DB"/index.*.part0; do [ -d "$d" ] && return 0; done
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}
G="$TMP/gen"
"$GEN" -s 7 -p 100 1500 "$G"
export CFSEARCH_DB="$TMP/clean"
"$CFSEARCH" index -q "$G"
clean_status=$("$CFSEARCH" status --json | jq -c '[.articles,.passages]')
top() { for q in ceasefire "security guarantees" Kursk 'withdrawal NEAR troops'; do
	"$CFSEARCH" --json -n 5 "$q" | jq -r '.path + ":" + (.line_start|tostring)'; done | sed "s|$G/||"; }
clean_top=$(top)

# a full build in one process and in three agree
export CFSEARCH_DB="$TMP/one"
"$CFSEARCH" index -q --jobs 1 "$G"
is "$("$CFSEARCH" status --json | jq -c '[.articles,.passages]')" "$clean_status" "--jobs 1 and the default build hold the same"
is "$(top)" "$clean_top" "--jobs 1 and the default build rank alike"
export CFSEARCH_DB="$TMP/three"
"$CFSEARCH" index -q --jobs 3 "$G"
is "$(top)" "$clean_top" "--jobs 3 ranks alike"
is "$(ls "$CFSEARCH_DB" | tr '\n' ' ')" "cfsearch.conf cfsearch.lock index index.2 " "the parts are merged and removed"

export CFSEARCH_DB="$TMP/term"
"$CFSEARCH" index --batch 50 "$G" 2>"$TMP/err" & pid=$!
started $pid
sleep 0.4
kill -TERM $pid
wait $pid; rc=$?
is "$rc" 143 "SIGTERM: exit 143"
ok "SIGTERM: it says it committed" grep -q "interrupted: committed" "$TMP/err"
ok "SIGTERM: the index opens" "$CFSEARCH" status
"$CFSEARCH" index -q
is "$("$CFSEARCH" status --json | jq -c '[.articles,.passages]')" "$clean_status" "SIGTERM: a re-run ends with the same articles and passages"
is "$(top)" "$clean_top" "SIGTERM: and the same top hits"

export CFSEARCH_DB="$TMP/int"
"$CFSEARCH" index --batch 50 "$G" 2>/dev/null & pid=$!
started $pid
sleep 0.4
kill -INT $pid
wait $pid; rc=$?
is "$rc" 130 "SIGINT: exit 130"

export CFSEARCH_DB="$TMP/kill"
"$CFSEARCH" index --batch 50 "$G" 2>/dev/null & pid=$!
started $pid
sleep 0.5
kill -KILL $pid
wait $pid
# its workers die with it, but not at once: they hold the lock till then
ok "kill -9: the workers are gone within a minute" unlocked "$CFSEARCH_DB"
ok "kill -9: the last commit opens" "$CFSEARCH" status
ok "kill -9: and is searchable" sh -c "\"$CFSEARCH\" ceasefire >/dev/null; [ \$? -le 1 ]"
"$CFSEARCH" index -q; rc=$?
is "$rc" 0 "kill -9: the next run completes"
is "$("$CFSEARCH" status --json | jq -c '[.articles,.passages]')" "$clean_status" "kill -9: same articles and passages as a clean build"
is "$(top)" "$clean_top" "kill -9: same top hits as a clean build"

# searches never fail while the index is being written
export CFSEARCH_DB="$TMP/busy"
"$CFSEARCH" index -q --batch 20 "$G" & pid=$!
while [ ! -L "$CFSEARCH_DB/index" ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
fails=0; runs=0
while kill -0 $pid 2>/dev/null; do
	"$CFSEARCH" -n 3 ceasefire >/dev/null 2>"$TMP/serr"; rc=$?
	runs=$((runs + 1))
	[ $rc -le 1 ] || { fails=$((fails + 1)); cat "$TMP/serr" >&2; }
done
wait $pid
echo "# $runs searches ran during the indexing"
is "$fails" 0 "no search failed while the indexer was writing"
done_testing
