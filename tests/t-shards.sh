#!/bin/sh
# One search over shards served by xapian-tcpsrv gives the same answer as a
# single index of the whole corpus; a shard that goes down is named.
. "$top_srcdir/tests/lib.sh"
need jq setsid

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
	skip "shards" "xapian-tcpsrv is not installed (apt-get install xapian-tools)"
	done_testing; exit
fi

C="$TMP/corpus"
mkdir -p "$C"
"$GEN" -s 11 -p 50 400 "$C/gen"
cp -R "$CORPORA" "$C/samples"
"$CFSEARCH" index -q --db "$TMP/single" "$C"
for k in 1 2 3; do
	"$CFSEARCH" index -q --db "$TMP/shard$k" --shard "$k/3" "$C"
done
total=0
for k in 1 2 3; do
	n=$("$CFSEARCH" status --db "$TMP/shard$k" --json | jq .articles)
	total=$((total + n))
	ok "shard $k holds some articles ($n)" test "$n" -gt 0
done
is "$total" "$("$CFSEARCH" status --db "$TMP/single" --json | jq .articles)" "the shards partition the articles"
is "$("$CFSEARCH" roots --db "$TMP/shard2" | grep '^shard')" "shard 2/3" "the shard is remembered"
is "$(status "$CFSEARCH" index --db "$TMP/shard2" --shard 1/3)" 2 "changing a shard needs --rebuild"

# Serve each shard on a free port.  xapian-tcpsrv signals its whole process
# group when stopped, so each runs in a group of its own: the shell starts
# no job as a group leader, so setsid execs the server itself and $! is
# both its pid and its group.  They are stopped with the shell's own kill:
# SIGKILL to the group (the server's SIGTERM handler can hang, and the
# children serving connections are in the group too), then wait.
pids=""
stop() { # stop PID: kill the server's group and reap it
	kill -KILL -"$1" 2>/dev/null
	wait "$1" 2>/dev/null
	set -- "$1" "$pids"
	pids=""
	for q in $2; do [ "$q" = "$1" ] || pids="$pids $q"; done
}
stop_servers() { for p in $pids; do stop "$p"; done; }
trap 'stop_servers; rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM   # the EXIT trap stops the servers then too
stub="$TMP/shards.stub"
: >"$stub"
port=$((20000 + $$ % 20000))
for k in 1 2 3; do
	tries=0
	while :; do
		tries=$((tries + 1))
		port=$((port + 1))
		setsid xapian-tcpsrv --interface 127.0.0.1 --port $port "$TMP/shard$k/index" \
			>"$TMP/srv$k.log" 2>&1 &
		pid=$!
		pids="$pids $pid"
		# up to 30 s to listen, for a busy machine
		i=0
		while [ $i -lt 300 ] && ! grep -q "Listening" "$TMP/srv$k.log" &&
			kill -0 $pid 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
		grep -q "Listening" "$TMP/srv$k.log" && break
		stop $pid   # it did not listen (the port taken?): the next port
		if [ $tries -ge 20 ]; then
			ok "xapian-tcpsrv serves shard $k" false
			sed 's/^/# /' "$TMP/srv$k.log"
			done_testing; exit
		fi
	done
	eval "port$k=$port pid$k=$pid"
	echo "remote 127.0.0.1:$port" >>"$stub"
done

same() { # same DESCRIPTION SEARCH-ARGS...: single index and shards agree
	desc=$1; shift
	"$CFSEARCH" --db "$TMP/single" --json "$@" | jq -c '[.rank,.path,.line_start,(.score*1000|round),.also_in_count,.more_in_article,.matches,.snippet]' >"$TMP/a"
	"$CFSEARCH" --db "$stub" --json "$@" | jq -c '[.rank,.path,.line_start,(.score*1000|round),.also_in_count,.more_in_article,.matches,.snippet]' >"$TMP/b"
	if [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b"; then ok "$desc" true
	else ok "$desc" false; diff "$TMP/a" "$TMP/b" | head -5 | sed 's/^/# /'; fi
}
same "plain words" ceasefire talks
same "a phrase" '"security guarantees"'
same "words that stand together rank first" Kursk withdrawal
same "name variants" Zelenskiy
same "name variants inside a phrase" '"Volodymyr Zelensky"'
same "NEAR" 'ceasefire NEAR energy'
same "wildcard" 'negotiat*'
same "title: and source:" 'title:grain OR source:harbor'
same "date filters" --since 2025-03-12 --until 2025-03-14 ceasefire
same "date: range" 'date:2025-03-10..2025-03-13 Moscow'
same "date sort" --sort date -n 20 Kyiv
same "duplicates folded" '"door to dialogue remains open"'
same "per-article cap" --per-article 1 -n 20 Ukraine
same "generated vocabulary" -n 20 sanctions delegation
"$CFSEARCH" --db "$TMP/single" --color=always Kursk withdrawal >"$TMP/a"
"$CFSEARCH" --db "$stub" --color=always Kursk withdrawal >"$TMP/b"
if cmp -s "$TMP/a" "$TMP/b"; then ok "highlighted text output is the same" true
else ok "highlighted text output is the same" false; diff "$TMP/a" "$TMP/b" | head -5 | sed 's/^/# /'; fi
"$CFSEARCH" --db "$stub" Zelenskyj 2>"$TMP/err" >/dev/null
ok "did you mean works over shards" grep -q 'did you mean' "$TMP/err"
is "$(status "$CFSEARCH" --db "$TMP/shard1/index" --db "$TMP/shard2/index" --db "$TMP/shard3/index" --json ceasefire)" 0 "several --db are searched as one"

# a shard goes down
stop "$pid2"
"$CFSEARCH" --db "$stub" ceasefire >/dev/null 2>"$TMP/err"; rc=$?
is "$rc" 2 "a shard down: the search fails"
ok "the error names the shard" grep -q "127.0.0.1:$port2" "$TMP/err"
"$CFSEARCH" --db "$stub" --partial --json -n 50 ceasefire >"$TMP/part" 2>"$TMP/err"; rc=$?
is "$rc" 0 "--partial answers from the other shards"
ok "--partial says the answer is partial, naming the shard" grep -q "partial results: .*127.0.0.1:$port2" "$TMP/err"
n=$(jq -r .path "$TMP/part" | sort -u | wc -l)
ok "--partial returns the other shards' hits ($n articles)" test "$n" -gt 0
ok "--partial does not advise --partial" sh -c "! grep -q 'with --partial' \"$TMP/err\""

# a stub line "auto DIR" naming a cfsearch database directory
echo "auto $TMP/shard1" >"$TMP/auto.stub"
is "$(status "$CFSEARCH" --db "$TMP/auto.stub" ceasefire)" 0 "auto DIR: a cfsearch database directory in a stub"

# a shard that answers the handshake and then stalls: named and left out
# with --partial, within the time limit; an error without it
pport=$((port1 + 100))
tries=0
while :; do
	tries=$((tries + 1))
	pport=$((pport + 1))
	setsid "$STALLPROXY" "$pport" "$port1" 100 >"$TMP/proxy.log" 2>&1 &
	ppid=$!
	pids="$pids $ppid"
	i=0
	while [ $i -lt 300 ] && ! grep -q Listening "$TMP/proxy.log" 2>/dev/null &&
		kill -0 $ppid 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	grep -q Listening "$TMP/proxy.log" && break
	stop $ppid
	if [ $tries -ge 20 ]; then
		ok "the stalling proxy listens" false
		done_testing; exit
	fi
done
echo "remote 127.0.0.1:$pport" >"$TMP/stalled.stub"
t0=$(date +%s)
"$CFSEARCH" --partial --timeout 2 --db "$TMP/stalled.stub" --db "$TMP/shard3" --json ceasefire \
	>"$TMP/stall" 2>"$TMP/err"; rc=$?
t1=$(date +%s)
is "$rc" 0 "a stalled shard with --partial: the others answer"
ok "the stalled shard is named" grep -q "partial results: .*127.0.0.1:$pport" "$TMP/err"
ok "within the time limit ($((t1 - t0)) s for --timeout 2)" test $((t1 - t0)) -le 3
ok "with hits" test -s "$TMP/stall"
t0=$(date +%s)
"$CFSEARCH" --timeout 2 --db "$TMP/stalled.stub" --db "$TMP/shard3" ceasefire >/dev/null 2>"$TMP/err"; rc=$?
t1=$(date +%s)
is "$rc" 2 "a stalled shard without --partial: an error"
ok "naming it" grep -q "127.0.0.1:$pport" "$TMP/err"
ok "and how --partial would answer" grep -q "with --partial" "$TMP/err"
ok "also within the time limit ($((t1 - t0)) s)" test $((t1 - t0)) -le 3
done_testing
