#!/bin/sh
# forget: killed at any point (kill -9), it leaves a state that converges:
# the root is still remembered (forget it again) or its articles are gone,
# never articles that no root holds; index removes such articles (left by
# earlier versions), and forget accepts their place.
. "$top_srcdir/tests/lib.sh"

G="$TMP/gen"
mkdir -p "$G"
"$GEN" -s 7 -p 100 600 "$G/a" >/dev/null
"$GEN" -s 8 -p 100 100 "$G/b" >/dev/null
BASE="$TMP/base"
"$CFSEARCH" index -q --db "$BASE" "$G/a" "$G/b"
is "$?" 0 "index two roots"
only_b=$("$CFSEARCH" index -q --db "$TMP/only-b" "$G/b" && "$CFSEARCH" status --db "$TMP/only-b" --json | jq .articles)
# what the index of b alone holds: its articles, no path below a
a_hits() { "$CFSEARCH" --json -n 1000 --per-article 1 ceasefire 2>/dev/null | jq -r .path | grep -c "^$G/a/"; }
articles() { "$CFSEARCH" status --json | jq .articles; }
remembered() { "$CFSEARCH" roots | grep -qx "$G/a"; }

# converge WHAT: after a killed forget, what a user does (forget again when
# the root is still remembered, then index) ends with b's articles alone
converge() {
	if remembered; then
		"$CFSEARCH" forget "$G/a" 2>/dev/null
		is "$?" 0 "$1: the root still remembered: forget it again"
	else
		"$CFSEARCH" index -q 2>/dev/null
		is "$?" 0 "$1: the root forgotten: index"
	fi
	is "$(articles)" "$only_b" "$1: b's articles alone are left"
	is "$(a_hits)" 0 "$1: no search finds an article below the forgotten root"
	"$CFSEARCH" index -q 2>/dev/null
	is "$(articles)" "$only_b" "$1: and a run of index keeps it so"
	ok "$1: the root is not remembered" sh -c "! '$CFSEARCH' roots | grep -qx '$G/a'"
}

# forget in the background, killed with SIGKILL when $1 says so; waits for
# it before anything reads the database
killed_forget() {
	export CFSEARCH_DB="$TMP/db-$1"
	rm -rf "$CFSEARCH_DB"
	cp -R "$BASE" "$CFSEARCH_DB"
	is "$(a_hits)" "$(a_hits)" "$1: a copy of the index"   # warms the cache
	"$CFSEARCH" forget "$G/a" >/dev/null 2>&1 &
	pid=$!
	case $1 in
	conf) # as soon as the conf no longer names the root
		while kill -0 $pid 2>/dev/null && grep -qx "root $G/a" "$CFSEARCH_DB/cfsearch.conf"; do
			:
		done ;;
	*) sleep "$1" ;;
	esac
	kill -KILL $pid 2>/dev/null
	wait $pid   # never read the database while it may still write
	echo "# forget killed ($1): status $?; root remembered: $(remembered && echo yes || echo no)"
}

for when in conf 0.2 0.8; do
	killed_forget $when
	converge "killed forget ($when)"
done

# articles below no remembered root, as a forget killed in an earlier version left them:
# the conf forgets the root, its articles stay
export CFSEARCH_DB="$TMP/db-orphans"
cp -R "$BASE" "$CFSEARCH_DB"
grep -v "^root $G/a\$" "$BASE/cfsearch.conf" >"$CFSEARCH_DB/cfsearch.conf"
"$CFSEARCH" forget "$G/a" 2>"$TMP/err"
is "$?" 0 "forget the place of articles that no root holds"
ok "it says so" grep -q "not a remembered root: 600 articles that no root held removed" "$TMP/err"
is "$(articles)" "$only_b" "forget of their place removes them"
rm -rf "$CFSEARCH_DB"
cp -R "$BASE" "$CFSEARCH_DB"
grep -v "^root $G/a\$" "$BASE/cfsearch.conf" >"$CFSEARCH_DB/cfsearch.conf"
"$CFSEARCH" index 2>"$TMP/err"
is "$?" 0 "index with articles that no root holds"
ok "index removes them" grep -q "0 added, 0 updated, 600 removed, 100 unchanged" "$TMP/err"
is "$(articles)" "$only_b" "index leaves b's articles alone"
# every root forgotten, the articles left: index (and --rebuild) removes
# them rather than saying there is nothing to index
for how in index rebuild; do
	rm -rf "$CFSEARCH_DB"
	cp -R "$BASE" "$CFSEARCH_DB"
	grep -v "^root " "$BASE/cfsearch.conf" >"$CFSEARCH_DB/cfsearch.conf"
	if [ $how = index ]; then "$CFSEARCH" index 2>"$TMP/err"
	else "$CFSEARCH" index --rebuild 2>"$TMP/err"; fi
	is "$?" 0 "no root, articles left: $how"
	ok "no root, articles left: $how removes them" grep -q "0 added, 0 updated, 700 removed" "$TMP/err"
	is "$(articles)" 0 "no root, articles left: $how leaves none"
	"$CFSEARCH" index 2>"$TMP/err"
	is "$?" 2 "then: nothing to index"
	ok "then: it says so" grep -q "nothing to index" "$TMP/err"
done

done_testing
