#!/bin/sh
# Bad input: each odd file gets a clear message naming it, nothing crashes,
# the rest is indexed and the index stays searchable.  Sizes and times of
# the large cases are printed as TAP comments.
. "$top_srcdir/tests/lib.sh"
need jq iconv

A="$TMP/archive"
mkdir -p "$A"
# a crash (a signal) shows as a status above 128
crashed() { [ "$1" -ge 128 ]; }
# the first path that a JSON search finds
first() { "$CFSEARCH" --json -n 1 "$@" 2>/dev/null | jq -r .path; }
has() { grep -qF -- "$2" "$1"; }
# TIMED FILE COMMAND...: run, keeping seconds and peak KB in FILE ("? ?"
# without GNU time)
TIME=/usr/bin/time
[ -x "$TIME" ] && "$TIME" -f '%e %M' true 2>/dev/null || TIME=""
timed() {
	out=$1; shift
	if [ -n "$TIME" ]; then
		"$TIME" -o "$out" -f '%e %M' "$@"
	else
		echo "? ?" >"$out"; "$@"
	fi
}
# the figures: GNU time puts "Command exited with non-zero status N" first
fig() { tail -n 1 "$1"; }
kb_under() { # kb_under FILE LIMIT_KB: the peak in FILE (if known) is below
	set -- "$(fig "$1" | cut -d' ' -f2)" "$2"
	[ "$1" = "?" ] || [ "$1" -lt "$2" ]
}
secs_under() { # secs_under FILE LIMIT
	set -- "$(fig "$1" | cut -d' ' -f1)" "$2"
	[ "$1" = "?" ] || awk -v s="$1" -v l="$2" 'BEGIN { exit !(s < l) }'
}
# bounded DESCRIPTION kb|secs FILE LIMIT: the figure in FILE is below
# LIMIT; a skip without GNU time, which gives the figures
bounded() {
	if [ "$(fig "$3" | cut -d' ' -f1)" = "?" ]; then
		skip "$1" "GNU time is not installed (/usr/bin/time, Debian package time)"
	else
		ok "$1" "${2}_under" "$3" "$4"
	fi
}
figures() {
	set -- $(fig "$1")
	if [ "$2" = "?" ]; then echo "time unknown"; else echo "$1 s, $(($2 / 1024)) MB peak"; fi
}
# control characters in FILE once cfsearch's own SGR colours are removed
nosgr() { sed "s/$(printf '\033')\\[[0-9;]*m//g" "$1" | tr -d '\n' | LC_ALL=C grep -c '[[:cntrl:]]'; }

# ---- small odd files ----
art() { printf 'Title: %s\nDate: 2025-03-11\n\n%s\n' "$2" "$3" >"$A/$1"; }
art good.txt "Good article" "A readable article about the grain corridor near Odesa."
: >"$A/empty.txt"
printf '  \n\t\n \r\n\n' >"$A/blank.txt"
printf 'Title: Only a header\nDate: 2025-03-11\nSource: Wire\n' >"$A/header-only.txt"
printf 'Title: Binary\n\nsome text\0with a NUL byte\n' >"$A/nul.txt"
printf 'Title: Latin-1\n\nCaf\351 society in M\374nchen discusses the quagmire\n' >"$A/latin1.txt"
# "Hello UTF-16 zanzibar" in UTF-16LE and BE, with BOMs
printf 'Hello UTF-16 zanzibar\n' | iconv -f UTF-8 -t UTF-16LE >"$TMP/le" &&
    { printf '\377\376'; cat "$TMP/le"; } >"$A/utf16le.txt"
printf 'Hello UTF-16 zanzibarbe\n' | iconv -f UTF-8 -t UTF-16BE >"$TMP/be" &&
    { printf '\376\377'; cat "$TMP/be"; } >"$A/utf16be.txt"
printf 'Title: Gzip\n\nA compressed article about the truncation of pipelines.\n' |
    gzip -c >"$TMP/ok.gz"
head -c 30 "$TMP/ok.gz" >"$A/truncated.gz"
{ head -c 12 "$TMP/ok.gz"; printf 'this is no deflate stream at all'; } >"$A/corrupt.gz"
# routine notices are counted and summarised; -v lists them
"$CFSEARCH" index --db "$TMP/db-quiet" "$A" >"$TMP/out" 2>"$TMP/err"
is "$?" 3 "odd files: exit 3 (some files could not be read)"
ok "without -v: header only, summarised" has "$TMP/err" "cfsearch: 1 file had only a header, no text ('cfsearch index -v' lists them)"
ok "without -v: empty files, summarised" has "$TMP/err" "cfsearch: 2 files were skipped as empty ('cfsearch index -v' lists them)"
ok "without -v: no notice names a file" sh -c "! grep -q 'header-only.txt\|empty.txt\|utf16le.txt\|latin1.txt' '$TMP/err'"
ok "without -v: errors still name theirs" has "$TMP/err" "$A/corrupt.gz: corrupt gzip data"
"$CFSEARCH" index -v --db "$TMP/db" "$A" >"$TMP/out" 2>"$TMP/err"
rc=$?
is "$rc" 3 "odd files, -v: exit 3 (some files could not be read)"
ok "empty file: named, skipped" has "$TMP/err" "$A/empty.txt: skipped: empty file"
ok "white space only: named, skipped" has "$TMP/err" "$A/blank.txt: skipped: empty file"
ok "header only: named, nothing to index" has "$TMP/err" "$A/header-only.txt: only a header, no text"
ok "NUL bytes: skipped as binary" has "$TMP/err" "$A/nul.txt: skipped: binary file (NUL bytes)"
ok "invalid UTF-8: read as Windows-1252" has "$TMP/err" "$A/latin1.txt: not valid UTF-8, read as Windows-1252"
is "$(first München)" "$A/latin1.txt" "invalid UTF-8: its text is found (Windows-1252 decoded)"
ok "UTF-16LE: converted" has "$TMP/err" "$A/utf16le.txt: UTF-16LE, converted to UTF-8"
ok "UTF-16BE: converted" has "$TMP/err" "$A/utf16be.txt: UTF-16BE, converted to UTF-8"
is "$(first zanzibar)" "$A/utf16le.txt" "UTF-16LE: its text is found"
is "$(first zanzibarbe)" "$A/utf16be.txt" "UTF-16BE: its text is found"
ok "truncated gzip: named" has "$TMP/err" "$A/truncated.gz: truncated gzip data"
ok "corrupt gzip: named" has "$TMP/err" "$A/corrupt.gz: corrupt gzip data"
is "$(first Odesa)" "$A/good.txt" "the rest is indexed"
is "$(status "$CFSEARCH" status)" 0 "status works"
ok "no crash, no sanitizer report" sh -c "! grep -qi 'sanitizer\\|runtime error\\|abort' '$TMP/err'"
sed 's/^/# /' "$TMP/err"
rm -f "$A"/*.gz

# ---- a gzip bomb: 1 GiB of zeros, about 1 MB compressed ----
head -c 1073741824 /dev/zero | gzip -1 >"$A/bomb.gz"
echo "# bomb.gz: $(wc -c <"$A/bomb.gz") bytes for 1 GiB"
timed "$TMP/t" "$CFSEARCH" index --db "$TMP/db" "$A" >/dev/null 2>"$TMP/err"
rc=$?
is "$rc" 3 "gzip bomb: exit 3"
ok "gzip bomb: refused past 256 MiB" has "$TMP/err" "$A/bomb.gz: over 256 MiB once decompressed"
echo "# gzip bomb: $(figures "$TMP/t")"
bounded "gzip bomb: memory bounded (< 1.5 GB)" kb "$TMP/t" 1500000
is "$(first Odesa)" "$A/good.txt" "gzip bomb: the index still answers"
rm -f "$A/bomb.gz"

# ---- a 200 MB article, a single 10 MB line ----
B="$TMP/big"
mkdir -p "$B"
yes 'The delegations met again in Geneva on Tuesday to discuss the ceasefire.' |
    head -c 209715200 >"$B/big.txt"
timed "$TMP/t" "$CFSEARCH" index --db "$TMP/db" "$B" >/dev/null 2>"$TMP/err"
rc=$?
is "$rc" 0 "200 MB file: indexed"
ok "200 MB file: warned that only part of it is indexed" has "$TMP/err" "$B/big.txt: too long: only its first 20000 passages are indexed"
echo "# 200 MB file: $(figures "$TMP/t")"
# about twice the file (its bytes, then its text); a sanitizer build adds
# its quarantine and red zones
limit=614400
grep -q __asan_init "$CFSEARCH" 2>/dev/null && limit=1638400
bounded "200 MB file: memory bounded (< $((limit / 1024)) MB)" kb "$TMP/t" "$limit"
bounded "200 MB file: time bounded (< 120 s)" secs "$TMP/t" 120
is "$(first Geneva)" "$B/big.txt" "200 MB file: searchable"
rm -f "$B/big.txt"
yes 'Sentences without end run on and on in the monsoon' | head -c 10485760 | tr '\n' ' ' >"$B/line.txt"
timed "$TMP/t" "$CFSEARCH" index --db "$TMP/db" "$B" >/dev/null 2>"$TMP/err"
is "$?" 0 "a single 10 MB line: indexed"
echo "# 10 MB line: $(figures "$TMP/t")"
is "$(first monsoon)" "$B/line.txt" "a single 10 MB line: searchable"
n=$("$CFSEARCH" show --json "$B/line.txt" | jq '[.passages[] | select((.text | utf8bytelength) > 1200)] | length')
is "$n" 0 "a single 10 MB line: no passage over 1200 bytes"
rm -rf "$B"
"$CFSEARCH" index -q --db "$TMP/db" "$A" 2>/dev/null

# ---- unreadable file and directory (as an unprivileged user) ----
U=$(mktemp -d /tmp/cfsearch-nobody.XXXXXX)
chmod 777 "$U"
can=1
if [ "$(id -u)" -ne 0 ]; then
	asuser() { "$@"; }
	who="$(id -un)"
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	asuser() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$U" "$@"; }
	who=nobody
else
	can=0
fi
if [ "$can" -eq 1 ]; then
	mkdir -m 777 "$U/a" "$U/a/closed"
	art2() { printf 'Title: %s\n\n%s\n' "$2" "$3" >"$1"; chmod 644 "$1"; }
	art2 "$U/a/open.txt" "Open" "an open article about the archipelago"
	art2 "$U/a/secret.txt" "Secret" "a secret article"
	art2 "$U/a/closed/inner.txt" "Inner" "an inner article"
	chmod 000 "$U/a/secret.txt" "$U/a/closed"
	asuser "$CFSEARCH" index --db "$U/db" "$U/a" >/dev/null 2>"$U/err"
	rc=$?
	is "$rc" 3 "unreadable ($who): exit 3"
	ok "unreadable file: named with its cause" has "$U/err" "$U/a/secret.txt: Permission denied"
	ok "unreadable directory: named with its cause" has "$U/err" "$U/a/closed: Permission denied"
	is "$(grep -c . "$U/err")" 3 "each named once (and a summary line)"
	is "$(asuser "$CFSEARCH" --db "$U/db" --json archipelago 2>/dev/null | jq -r .path)" \
	    "$U/a/open.txt" "unreadable: the rest is indexed"
	chmod 755 "$U/a/closed"
	chmod 644 "$U/a/secret.txt"
else
	skip "unreadable file and directory" "running as root without setpriv"
fi
rm -rf "$U"

# ---- symbolic link loops ----
L="$TMP/links"
mkdir -p "$L/sub"
art2() { printf 'Title: %s\n\n%s\n' "$2" "$3" >"$1"; }
art2 "$L/sub/real.txt" "Real" "a real article about the isthmus"
ln -s self.txt "$L/self.txt"
ln -s .. "$L/sub/up"
"$CFSEARCH" index --db "$TMP/db" "$L" >/dev/null 2>"$TMP/err"
is "$?" 3 "symbolic link loops: exit 3"
ok "a link to itself: named" has "$TMP/err" "$L/self.txt: symbolic link loop"
ok "a link to its parent: not followed, no error (what it names is in the root)" \
    sh -c "! grep -q 'sub/up' '$TMP/err'"
is "$(first isthmus)" "$L/sub/real.txt" "symbolic link loops: the rest is indexed once"

# ---- a remembered root gone during a rebuild (parallel workers) ----
G="$TMP/gone"
mkdir -p "$G/one" "$G/two"
art2 "$G/one/a.txt" "One" "the first root"
art2 "$G/two/b.txt" "Two" "the second root"
"$CFSEARCH" index -q --db "$TMP/gonedb" "$G/one" "$G/two" 2>/dev/null
rm -rf "$G/two"
"$CFSEARCH" index -q --rebuild --db "$TMP/gonedb" 2>"$TMP/err"
is "$?" 2 "a missing root in a rebuild: refused (exit 2)"
is "$(grep -c "$G/two: No such file" "$TMP/err")" 1 "a missing root: named once"
is "$("$CFSEARCH" status --db "$TMP/gonedb" --json | jq .articles)" 2 "a missing root: its article is kept"
rm -rf "$G" "$TMP/gonedb"

# ---- odd names: spaces, a newline, bytes that are not UTF-8, escapes ----
N="$TMP/names"
mkdir -p "$N"
art2 "$N/with space.txt" "Spaces" "platypus one"
art2 "$N/new
line.txt" "Newline" "platypus two"
art2 "$N/$(printf 'caf\351.txt')" "Latin" "platypus three"
art2 "$N/$(printf 'esc\033[31mred\007.txt')" "Escape" "platypus four"
printf 'not gzip' >"$N/$(printf 'bad\033]0;pwned\007.gz')"
printf '\037\213' | cat - "$N/$(printf 'bad\033]0;pwned\007.gz')" >"$TMP/x" &&
    mv "$TMP/x" "$N/$(printf 'bad\033]0;pwned\007.gz')"
"$CFSEARCH" index -v --db "$TMP/db" "$N" >/dev/null 2>"$TMP/err"
is "$?" 3 "odd names: indexed (one corrupt file)"
ok "odd names: no escape or bell in messages" sh -c "! grep -q \"\$(printf '[\\033\\007]')\" '$TMP/err'"
ok "odd names: the corrupt one is named, made visible" grep -q '/bad^\[\]0;pwned^G\.gz: corrupt gzip data' "$TMP/err"
"$CFSEARCH" --json -n 10 platypus >"$TMP/json" 2>/dev/null
is "$(jq -s length "$TMP/json")" 4 "odd names: JSON valid, every file found"
ok "odd names: the JSON paths name the files" sh -c "jq -r .path '$TMP/json' | grep -q 'with space.txt'"
is "$(jq -r --arg p "$N/new
line.txt" 'select(.path == $p) | .title' "$TMP/json")" "Newline" \
    "odd names: a newline in a name is kept exactly in the JSON path"
"$CFSEARCH" --color=always -n 10 platypus >"$TMP/text" 2>/dev/null
is "$(nosgr "$TMP/text")" 0 "odd names: text output holds no control characters but SGR colours"
ok "odd names: a non-UTF-8 name is shown as U+FFFD" grep -qF "caf$(printf '\357\277\275').txt" "$TMP/text"

# ---- hostile names of roots: escapes (OSC 52, ESC [ 2J), a CR at the end ----
# (tests/t-names.sh has the details)
H="$TMP/$(printf 'h\033]52;c;cHduZWQ=\007\033[2J')"
HC="$TMP/$(printf 'hcr\r')"
mkdir -p "$H" "$HC"
art2 "$H/a.txt" "Hostile" "the hostile tarsier"
art2 "$HC/a.txt" "Carriage" "the carriage tarsier"
HDB="$TMP/$(printf 'hdb\033[2J')"
"$CFSEARCH" index --db "$HDB" "$H" "$HC" >"$TMP/out" 2>&1
is "$?" 0 "hostile root names: indexed"
for cmd in status roots compact index forget; do
	set -- "$cmd"
	[ "$cmd" = forget ] && set -- forget "$H"
	"$CFSEARCH" "$@" --db "$HDB" >>"$TMP/out" 2>&1
	is "$?" 0 "hostile root names: $1"
done
ok "hostile root names: no raw ESC, BEL or CR from any of them" \
    sh -c "! LC_ALL=C grep -q \"\$(printf '[\\033\\007\\r]')\" '$TMP/out'"
"$CFSEARCH" index --db "$HDB" 2>"$TMP/err"
ok "a root ending in CR: found again, unchanged" grep -q "^0 added, 0 updated, 0 removed, 1 unchanged" "$TMP/err"
"$CFSEARCH" forget --db "$HDB" "$HC" 2>"$TMP/err"
ok "a root ending in CR: forgotten with its article" grep -q "(1 article removed)" "$TMP/err"
is "$(status "$CFSEARCH" --db "$HDB" tarsier)" 1 "hostile root names: nothing left"

# ---- control characters and ANSI escapes in article text ----
E="$TMP/escapes"
mkdir -p "$E"
printf 'Title: x\033[31m\n\nred \033]0;pwned\007 text about the quokka\033[2J\n' >"$E/ansi.txt"
"$CFSEARCH" index -q --db "$TMP/db" "$E" 2>/dev/null
"$CFSEARCH" --color=always quokka >"$TMP/text" 2>/dev/null
is "$?" 0 "escapes: found"
is "$(nosgr "$TMP/text")" 0 "escapes: search --color=always sends no ESC but its own SGR colours"
ok "escapes: made visible" grep -q 'red ^\[\]0;pwned^G text' "$TMP/text"
"$CFSEARCH" show "$E/ansi.txt" >"$TMP/text" 2>&1
is "$(nosgr "$TMP/text")" 0 "escapes: show sends none either"
"$CFSEARCH" --json quokka >"$TMP/json" 2>/dev/null
is "$(jq -r .title "$TMP/json")" "$(printf 'x\033[31m')" "escapes: JSON keeps them, escaped"
ok "escapes: JSON holds no raw ESC" sh -c "! grep -q \"\$(printf '\\033')\" '$TMP/json'"

# ---- files deleted and replaced while the indexer runs ----
R="$TMP/racing"
"$GEN" -s 5 -p 100 2000 "$R"
find "$R" -name '*.txt' | sort >"$TMP/list"
mutate() { # delete, rewrite, swap for a FIFO or a directory, in a loop
	i=0
	while [ ! -e "$TMP/stop" ]; do
		i=$((i + 1))
		f=$(sed -n "$((i * 37 % 2000 + 1))p" "$TMP/list")
		case $((i % 4)) in
		0) rm -f "$f" ;;
		1) printf 'Title: Rewritten %s\n\nrewritten while indexing\n' "$i" >"$f.tmp" &&
		    mv -f "$f.tmp" "$f" ;;
		2) rm -rf "$f"; mkfifo "$f" 2>/dev/null ;;
		3) rm -rf "$f"; mkdir -p "$f" ;;
		esac
	done
}
rm -f "$TMP/stop"
mutate &
mpid=$!
timed "$TMP/t" "$CFSEARCH" index --db "$TMP/race" --batch 100 "$R" >/dev/null 2>"$TMP/err"
rc1=$?
# -c: a file deleted between find and touch must not come back empty
find "$R" -name '*.txt' -type f -exec touch -c {} + 2>/dev/null
"$CFSEARCH" index --db "$TMP/race" --batch 100 >/dev/null 2>>"$TMP/err"
rc2=$?
touch "$TMP/stop"
wait "$mpid"
echo "# racing: $(grep -c . "$TMP/err") messages, e.g.: $(grep -v 'added,' "$TMP/err" | head -1)"
ok "racing: first run finished ($rc1)" test "$rc1" -eq 0 -o "$rc1" -eq 3
ok "racing: second run finished ($rc2)" test "$rc2" -eq 0 -o "$rc2" -eq 3
ok "racing: no crash" sh -c "! grep -qi 'sanitizer\\|runtime error\\|abort\\|terminate' '$TMP/err'"
is "$(status "$CFSEARCH" status --db "$TMP/race")" 0 "racing: the index opens"
"$CFSEARCH" index --db "$TMP/race" >/dev/null 2>"$TMP/err"
is "$?" 0 "racing: a quiet re-run succeeds"
summary=$("$CFSEARCH" index --db "$TMP/race" 2>&1 >/dev/null | tail -1 | sed 's/ unchanged.*//')
ok "racing: and converges ($summary)" test "${summary%, *}" = "0 added, 0 updated, 0 removed"
# a file that failed while it was being swapped (a FIFO or a directory for
# a moment) stays failed until it changes again: retry those
"$CFSEARCH" index --db "$TMP/race" --retry-failed -q
# every non-empty regular file (an empty one is skipped, by design)
have=$(find "$R" -name '*.txt' -type f -size +0 | wc -l)
got=$("$CFSEARCH" status --db "$TMP/race" --json | jq .articles)
is "$got" "$have" "racing: every file left is indexed"
rm -rf "$R" "$TMP/race"

# ---- many tiny files: 20,000, or $CFSEARCH_TEST_TINY (CI: a million) ----
NT=${CFSEARCH_TEST_TINY:-20000}
# each takes a 4 KB block: a million want about 5 GB
free_kb=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
if [ "$NT" -gt 20000 ] && [ "${free_kb:-0}" -lt $(( NT * 5 + 1048576 )) ]; then
	echo "# only ${free_kb} KB free: 20000 tiny files instead of $NT"
	NT=20000
fi
ND=$(( NT > 100000 ? 1000 : 100 ))
T="$TMP/tiny"
mkdir -p "$T"
i=0
while [ $i -lt $ND ]; do mkdir "$T/d$i"; i=$((i + 1)); done
awk -v d="$T" -v n="$NT" -v nd="$ND" 'BEGIN {
	for (i = 0; i < n; i++) {
		f = sprintf("%s/d%d/t%07d.txt", d, i % nd, i)
		printf "Title: Tiny %d\n\nword%d and the tiny marmoset\n", i, i > f
		close(f)
	}
}'
timed "$TMP/t" "$CFSEARCH" index -q --db "$TMP/tinydb" "$T" 2>"$TMP/err"
is "$?" 0 "$NT tiny files: indexed"
echo "# $NT tiny files, first run: $(figures "$TMP/t")"
bounded "$NT tiny files: memory bounded (< 400 MB)" kb "$TMP/t" 409600
bounded "$NT tiny files: time bounded (< 1 ms a file)" secs "$TMP/t" "$(( NT / 1000 + 5 ))"
timed "$TMP/t" "$CFSEARCH" index -q --db "$TMP/tinydb" 2>"$TMP/err"
is "$?" 0 "$NT tiny files: a run with nothing to do"
echo "# $NT tiny files, nothing to do: $(figures "$TMP/t")"
bounded "$NT tiny files, nothing to do: memory bounded (< 400 MB)" kb "$TMP/t" 409600
is "$("$CFSEARCH" status --db "$TMP/tinydb" --json | jq .articles)" "$NT" "$NT tiny files: all there"
k=$(( NT * 61 / 100 ))
is "$(first --db "$TMP/tinydb" "word$k")" "$T/d$(( k % ND ))/$(printf 't%07d.txt' "$k")" \
    "$NT tiny files: searchable"
rm -rf "$T" "$TMP/tinydb"

# ---- odd queries ----
q() { # q DESCRIPTION QUERY...: no crash, 0/1 (or 2 with a one-line reason)
	d=$1; shift
	timed "$TMP/t" "$CFSEARCH" -n 5 -- "$@" >/dev/null 2>"$TMP/err"
	rc=$?
	if crashed "$rc" || [ "$rc" -gt 2 ]; then
		ok "query $d: no crash (status $rc)" false
	elif [ "$rc" -eq 2 ]; then
		ok "query $d: refused with a reason" grep -q '^cfsearch: bad query' "$TMP/err"
	else
		ok "query $d: answered ($rc)" true
	fi
	bounded "query $d: bounded time ($(figures "$TMP/t"))" secs "$TMP/t" 30
}
# shellcheck disable=SC2046
q "of 10,000 words" $(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "w%d ", i % 700 }')
# shellcheck disable=SC2046
q "of 1,000 words" $(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "w%d ", i }')
# shellcheck disable=SC2046
q "of 400 phrases" $(awk 'BEGIN { for (i = 0; i < 400; i++) printf "\"grain w%d\" ", i }')
q "with an unbalanced quote" '"grain corridor'
q "with an unbalanced bracket" '(grain OR (corridor'
q "with a closing bracket" 'grain))) OR ((('
q "a*" 'a*'
q "*" '*'
q "* alone in a phrase" '"* *"'
q "of 300 wildcards" "$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "%c* ", 97 + i % 26 }')"
q "NEAR at the start" 'NEAR grain'
q "a bad date range" 'date:x..y'
q "control characters" "$(printf 'grain\001\033[31m\177')"
q "invalid UTF-8" "$(printf 'gr\377ain \300\200')"
is "$(first Odesa)" "$A/good.txt" "after all that, the index answers"
is "$(status "$CFSEARCH" status)" 0 "and status is fine"

done_testing
