#!/bin/sh
# What index says and what status says: exit statuses that do not mislead
# (a file deleted during the walk is a removal; a file made readable is
# read again), a killed run said to be unfinished, a running indexer
# named, a wait not counted as the run's time; routine notices summarised;
# the progress line on a terminal (done/total, %, time left, never a
# message glued to it); status --json's numbers and times.
. "$top_srcdir/tests/lib.sh"

art() { mkdir -p "$(dirname "$1")"; printf 'Title: %s\n\n%s\n' "$2" "$3" >"$1"; }
G="$TMP/gen"
mkdir -p "$G"
"$GEN" -s 3 -p 100 1500 "$G/a" >/dev/null

# ---- a file deleted during the walk is a removal, not an error ----
export CFSEARCH_DB="$TMP/db-del"
# one directory: it is read whole before its first file is
F="$TMP/flat"
mkdir -p "$F"
n=1000
for f in $(find "$G/a" -type f | sort); do n=$((n + 1)); mv "$f" "$F/$n.txt"; done
"$CFSEARCH" index -q --batch 50 --jobs 1 "$F" 2>"$TMP/err" &
pid=$!
while [ ! -L "$CFSEARCH_DB/index" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
# from the last file in walk order back: the walk meets the deletions
ls "$F" | sort -r | head -n 600 | (cd "$F" && xargs rm -f)
wait $pid
is "$?" 0 "files deleted during the walk: exit 0"
ok "files deleted during the walk: no error" sh -c "! grep -q 'No such file' '$TMP/err'"
# those read before they were deleted are removed by the next run
"$CFSEARCH" index 2>"$TMP/err"
ok "the next run: nothing added or updated" grep -q "^0 added, 0 updated, [0-9,]* removed, 900 unchanged" "$TMP/err"
"$CFSEARCH" index 2>"$TMP/err"
is "$(sed 's/ in .*//' "$TMP/err")" "0 added, 0 updated, 0 removed, 900 unchanged" "and the one after finds the index settled"
is "$("$CFSEARCH" status --json | jq .files)" 900 "every file left, none deleted, is recorded"

# ---- a file that could not be read is read again when its mode changes ----
U=$(mktemp -d /tmp/cfsearch-nobody.XXXXXX)
chmod 777 "$U"
if [ "$(id -u)" -ne 0 ]; then
	asuser() { "$@"; }
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	asuser() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$U" "$@"; }
else
	asuser=""
fi
if command -v asuser >/dev/null 2>&1; then
	mkdir -m 777 "$U/a"
	art "$U/a/open.txt" "Open" "an open article"
	art "$U/a/secret.txt" "Secret" "a secret article about the numbat"
	chmod 644 "$U/a/open.txt"
	chmod 000 "$U/a/secret.txt"
	asuser "$CFSEARCH" index -q --db "$U/db" "$U/a" 2>/dev/null
	is "$?" 3 "an unreadable file: exit 3"
	chmod 644 "$U/a/secret.txt"   # the mtime does not change, the ctime does
	asuser "$CFSEARCH" index --db "$U/db" 2>"$TMP/err"
	is "$?" 0 "made readable (chmod): the next run reads it, exit 0"
	ok "made readable: added" grep -q "^1 added, 0 updated, 0 removed, 1 unchanged" "$TMP/err"
	is "$(asuser "$CFSEARCH" --db "$U/db" --json numbat 2>/dev/null | jq -r .path)" "$U/a/secret.txt" \
	    "made readable: found"
else
	skip "a file made readable" "root without setpriv"
fi
rm -rf "$U"

# ---- a killed update: status says it did not finish ----
export CFSEARCH_DB="$TMP/db-kill"
"$GEN" -s 4 -p 100 1200 "$G/b" >/dev/null
# 200 files indexed, then 1,000 more to add: an update with much to do
K="$TMP/k"
mkdir -p "$K"
find "$G/b" -type f | sort >"$TMP/list"
n=0
while read -r f; do n=$((n + 1)); cp "$f" "$K/$n.txt"; [ $n -eq 200 ] && "$CFSEARCH" index -q "$K"; done <"$TMP/list"
before=$("$CFSEARCH" status --json | jq .passages)
"$CFSEARCH" index -q --batch 20 "$K" 2>/dev/null &
pid=$!
# until the run has committed some of its work
while [ "$("$CFSEARCH" status --json 2>/dev/null | jq .passages)" = "$before" ]; do
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
done
"$CFSEARCH" status >"$TMP/running" 2>&1
kill -KILL $pid 2>/dev/null
if wait $pid; then   # nothing reads the database before the indexer is gone
	skip "a killed update" "the update finished before it could be killed"
else
	ok "a run under way: status names the indexer" grep -q "^indexer:   running now (pid $pid)" "$TMP/running"
	ok "a run under way: status says so" grep -q "^last run:  under way since" "$TMP/running"
	"$CFSEARCH" status >"$TMP/out"
	ok "killed: status says the last run did not finish" grep -q "^last run:  .*, did not finish" "$TMP/out"
	ok "killed: no indexer is said to run" sh -c "! grep -q '^indexer:' '$TMP/out'"
	is "$("$CFSEARCH" status --json | jq -c '.last_run | [.outcome, .finished, .seconds]')" \
	    '["unfinished",false,null]' "killed: status --json says so"
	live=$(xapian-delve -A XP -1 "$CFSEARCH_DB/index" | tail -n +2 | wc -l | tr -d ' ')
	is "$("$CFSEARCH" status --json | jq .articles)" "$live" \
	    "killed: the article count is the index's as it is ($live)"
fi
"$CFSEARCH" index -q
is "$("$CFSEARCH" status --json | jq -c '.last_run | [.outcome, .finished]')" '["ok",true]' \
    "the next run completes it"

# ---- a first build under way ----
export CFSEARCH_DB="$TMP/db-first"
"$CFSEARCH" index -q --batch 20 "$G/b" 2>/dev/null &
pid=$!
seen=""
while kill -0 $pid 2>/dev/null; do
	if "$CFSEARCH" status >"$TMP/out" 2>/dev/null; then seen=1; break; fi
	sleep 0.02
done
wait $pid
if [ -n "$seen" ]; then
	ok "a first build: status names the indexer" grep -q "^indexer:   running now (pid $pid)" "$TMP/out"
	ok "a first build: and says it is under way" grep -q "^last run:  never (the first is under way)\|^last run:  under way" "$TMP/out"
else
	skip "a first build under way" "it finished too soon"
fi

# ---- --wait is not the run's time ----
export CFSEARCH_DB="$TMP/db-wait"
art "$TMP/w/a.txt" "Wait" "an article"
"$CFSEARCH" index -q "$TMP/w"
sh -c 'exec 9>"$1/cfsearch.lock"; flock -x 9; echo locked >"$2"; exec sleep 2' _ "$CFSEARCH_DB" "$TMP/locked" &
holder=$!
while [ ! -f "$TMP/locked" ]; do sleep 0.05; done
"$CFSEARCH" index --wait 30 2>"$TMP/err"
wait $holder
ok "--wait: the time of the run alone" grep -q "^0 added, 0 updated, 0 removed, 1 unchanged in 0\.[0-9] s (after waiting [12]\.[0-9] s for another indexer)\$" "$TMP/err"

# ---- status: what it counts ----
export CFSEARCH_DB="$TMP/db-counts"
S="$TMP/counts"
art "$S/a.txt" "A" "the first article"
art "$S/b.txt" "B" "the second article"
printf 'Title: Header only\nDate: 2025-03-11\n' >"$S/h.txt"
: >"$S/empty.txt"
"$CFSEARCH" index -q "$S" 2>/dev/null
"$CFSEARCH" status >"$TMP/out"
ok "status: files, with text, with no text, skipped" \
    grep -q "^files:     4 seen by the indexer: 2 with text, 1 with no text (only a header), 1 skipped (empty or binary)\$" "$TMP/out"
ok "status: articles say what they are" grep -q "^articles:  2 (files with text: what searches find)\$" "$TMP/out"
"$CFSEARCH" status --json >"$TMP/json"
is "$(jq -c '[.files, .articles, .no_text, .skipped, .unreadable]' "$TMP/json")" "[4,2,1,1,0]" "status --json: the counts"
is "$(jq -r '[.files, .articles, .no_text, .skipped, .unreadable, .passages, .size, .schema] | map(type) | unique | join(",")' "$TMP/json")" \
    "number" "status --json: counts are numbers"
is "$(jq -r '[.indexer_pid, .shard] | map(type) | join(",")' "$TMP/json")" "null,null" "status --json: no indexer, no shard: null"
ok "status --json: the start in ISO 8601" sh -c "jq -r .last_run.start '$TMP/json' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\$'"
is "$(jq -r '.last_run | [.seconds, .added, .unchanged] | map(type) | unique | join(",")' "$TMP/json")" "number" \
    "status --json: the last run's numbers are numbers"
is "$(jq -c '.last_run | [.outcome, .finished, .added, .skipped]' "$TMP/json")" '["ok",true,3,1]' "status --json: the last run's counts"

# ---- the progress line, under a pseudo-terminal 80 columns wide ----
if command -v script >/dev/null 2>&1; then
	for j in 1 2; do
		export CFSEARCH_DB="$TMP/db-pty$j"
		COLUMNS=80 script -qc "stty cols 80 2>/dev/null; '$CFSEARCH' index -j $j '$G/b' '$TMP/counts'" /dev/null >"$TMP/pty" 2>&1 </dev/null
		tr '\r' '\n' <"$TMP/pty" | sed "s/$(printf '\033')\\[K//g" >"$TMP/lines"
		total=$(find "$G/b" "$TMP/counts" -type f | wc -l | tr -d ' ')
		ok "-j $j: progress shows done/total and a percentage" grep -q "^[0-9,]*/[0-9,]* files ([0-9]*%)" "$TMP/lines"
		ok "-j $j: and the time left" grep -q " s left" "$TMP/lines"
		ok "-j $j: it reaches the end ($total files)" grep -q "^\([0-9,]*\)/\1 files (100%)" "$TMP/lines"
		is "$(grep -c ' added, ' "$TMP/lines")" 1 "-j $j: the summary once"
		ok "-j $j: no message glued to the progress line" sh -c "! grep -q '.cfsearch: ' '$TMP/lines'"
		is "$(awk '{ if (length($0) > m) m = length($0) } END { print (m < 80) }' "$TMP/lines")" 1 "-j $j: no line wider than the terminal"
		ok "-j $j: the notices summarised" grep -q "^cfsearch: 1 file had only a header, no text ('cfsearch index -v' lists them)" "$TMP/lines"
	done
else
	skip "the progress line" "no script(1)"
fi

done_testing
