#!/bin/sh
# Results a reader can take in: snippets that fit the terminal, what the
# cap left out, totals, file lists, editor lines, a pager, the user's
# defaults.  Terminal output is read under a pseudo-terminal (script).
. "$top_srcdir/tests/lib.sh"

"$CFSEARCH" index -q "$CORPORA"
# tty WIDTH COMMAND...: run under a pseudo-terminal WIDTH columns wide
tty() {
	w=$1; shift
	cmd=""
	for a in "$@"; do cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"; done
	script -qc "stty cols $w rows 50; $cmd" /dev/null | tr -d '\r'
}
if ! command -v script >/dev/null 2>&1; then
	skip "terminal output" "script (bsdutils) is not installed"
	done_testing; exit
fi
# the widest line of stdin, in characters, but for the lines that end in
# a path (paths are never cut)
widest() { grep -v '/[^ ]*:[0-9]*$' | wc -L | tr -d ' '; }
export LC_ALL=C.UTF-8

for w in 80 60; do
	tty $w "$CFSEARCH" --color=never --no-pager ceasefire >"$TMP/out$w"
	n=$(widest <"$TMP/out$w")
	ok "at $w columns every line fits ($n)" test "$n" -le "$w"
done
# at most three snippet lines a hit: hits are separated by blank lines;
# each has a title, a line of date/source/path, the snippet, maybe a note
most=$(awk 'BEGIN { RS = "" } { n = split($0, l, "\n"); s = n - 2; for (i = 3; i <= n; i++) if (l[i] ~ /^   \(/ || l[i] ~ /^   \/.*:[0-9]+$/) s--; if (s > m) m = s } END { print m }' "$TMP/out80")
ok "at most three lines of snippet a hit ($most)" test "$most" -le 3 -a "$most" -ge 1
ok "the totals on a terminal" grep -Eq '^10 of about [0-9,]+ passages in [0-9,]+ articles$' "$TMP/out80"
# a small result is counted, not guessed: the figures of --count
is "$(sed -n 's/^10 of about //p' "$TMP/out80")" "$("$CFSEARCH" --count ceasefire)" "the totals are --count's when few match"
"$CFSEARCH" --color=never ceasefire >"$TMP/piped"
ok "no totals when piped" sh -c "! grep -q 'of about' \"$TMP/piped\""
n=$(widest <"$TMP/piped")
ok "piped: the same layout at 80 columns ($n)" test "$n" -le 80
ok "piped: path:line, as editors take it" grep -Eq '^   .*/[0-9][0-9]-[a-z-]*\.txt(\.gz)?:[0-9]+$' "$TMP/piped"
ok "no line ranges (path:19-21 opens in no editor)" sh -c "! grep -Eq ':[0-9]+-[0-9]+$' \"$TMP/piped\""
"$CFSEARCH" --color=never --full ceasefire >"$TMP/full"
t=$("$CFSEARCH" --json -n 1 ceasefire | jq -r .text)
ok "--full prints the whole passage" sh -c "sed 's/^   //' \"$TMP/full\" | tr '\n' ' ' | grep -qF \"\$1\"" sh "$t"
ok "a title made from the text says so" sh -c "\"$CFSEARCH\" --color=never --per-article 0 -n 50 Zelenskiy | grep -q '(from the text)'"
tty 50 "$CFSEARCH" --color=never --no-pager Zelenskiy >"$TMP/narrow"
ok "a long title is cut at the width" grep -q '^[0-9]*\. .*…' "$TMP/narrow"

# what the cap left out is said
"$CFSEARCH" --json --all -n 500 Ukraine >"$TMP/capped"
"$CFSEARCH" --json --all -n 500 --per-article 0 Ukraine >"$TMP/uncapped"
more=$(jq -s 'map(.more_in_article) | add' "$TMP/capped")
diff=$(($(wc -l <"$TMP/uncapped") - $(wc -l <"$TMP/capped")))
is "$more" "$diff" "more_in_article adds up to what the cap left out"
ok "more_in_article: some ($more)" test "$more" -gt 0
ok "the text says so" sh -c "\"$CFSEARCH\" --all -n 500 Ukraine | grep -Eq '^   \\(\\+[0-9]+ more in this article\\)'"

# --count
is "$("$CFSEARCH" --count ceasefire)" "$("$CFSEARCH" --json --all --per-article 0 -n 1000 ceasefire | wc -l | tr -d ' ') passages in $("$CFSEARCH" --json --all --per-article 1 -n 1000 ceasefire | wc -l | tr -d ' ') articles" "--count: passages and articles, exact"
is "$("$CFSEARCH" --count --json ceasefire | jq -c 'keys')" '["articles","passages"]' "--count --json"
is "$(status "$CFSEARCH" --count xyzzyq)" 1 "--count of nothing: exit 1"
# every kind of query: the figures are those of the hits, all of them
for q in '"security guarantees"' 'security guarantees' 'ceasefire AND talks' \
	'ceasefire NEAR talks' 'ceasefire -Kursk' 'date:2000-01-01.. ceasefire' 'title:ceasefire' \
	'ceasefire OR Kursk'; do
	p=$("$CFSEARCH" --json --all --per-article 0 -n 10000 -- "$q" | wc -l | tr -d ' ')
	a=$("$CFSEARCH" --json --all --per-article 1 -n 10000 -- "$q" | wc -l | tr -d ' ')
	is "$("$CFSEARCH" --count -- "$q")" "$p passage$([ "$p" = 1 ] || echo s) in $a article$([ "$a" = 1 ] || echo s)" "--count $q: as many as the hits"
done

# -l: one path an article, best first
"$CFSEARCH" -l ceasefire >"$TMP/files"
is "$(wc -l <"$TMP/files" | tr -d ' ')" "$("$CFSEARCH" --count --json ceasefire | jq .articles)" "-l: every matching article"
is "$(sort -u "$TMP/files" | wc -l | tr -d ' ')" "$(wc -l <"$TMP/files" | tr -d ' ')" "-l: each once"
is "$(head -1 "$TMP/files")" "$("$CFSEARCH" --json -n 1 ceasefire | jq -r .path)" "-l: the best first"
is "$(grep -vc '^/' "$TMP/files")" 0 "-l: nothing but paths"

# --vimgrep: path:line:column:text, where the match is in the file
"$CFSEARCH" --vimgrep -n 20 withdrawal >"$TMP/vim"
bad=0
while IFS= read -r l; do
	f=${l%%:*}; r=${l#*:}; line=${r%%:*}; r=${r#*:}; col=${r%%:*}
	word=$(gzip -cdf "$f" | sed -n "${line}p" | cut -c"$col"- | cut -c1-8 | tr 'A-Z' 'a-z')
	case $word in withdraw*) ;; *) bad=$((bad + 1)); echo "# $l: '$word'" ;; esac
done <"$TMP/vim"
ok "--vimgrep: every line:column is the match ($(wc -l <"$TMP/vim") lines)" test "$bad" -eq 0 -a -s "$TMP/vim"

# a pager on a terminal, as git: CFSEARCH_PAGER, PAGER; --no-pager; not when piped
printf '#!/bin/sh\necho paged >"%s/paged"\ncat\n' "$TMP" >"$TMP/pager"
chmod +x "$TMP/pager"
CFSEARCH_PAGER="$TMP/pager" tty 80 "$CFSEARCH" ceasefire >/dev/null
ok "on a terminal, output goes through the pager" test -f "$TMP/paged"
rm -f "$TMP/paged"
CFSEARCH_PAGER="$TMP/pager" tty 80 "$CFSEARCH" --no-pager ceasefire >/dev/null
ok "--no-pager: not" test ! -f "$TMP/paged"
CFSEARCH_PAGER="$TMP/pager" "$CFSEARCH" ceasefire >/dev/null
ok "piped: not" test ! -f "$TMP/paged"

# a date on every article: the header's, else one written near the top,
# else the file's time; --sort date by the full time; --sort oldest
D="$TMP/dated"
mkdir -p "$D"
printf 'Title: Early\nDate: 2025-03-12T04:53:00Z\n\nThe envoy landed before dawn.\n' >"$D/early.txt"
printf 'Title: Late\nDate: 2025-03-12T13:34:00Z\n\nThe envoy spoke in the afternoon.\n' >"$D/late.txt"
printf 'Envoy talks resume\n\nMOSCOW, March 10, 2025 (Reuters) - The envoy met officials.\n' >"$D/dateline.txt"
printf 'Title: Undated\n\nOfficials said on 9 March 2025 that the envoy would come.\n' >"$D/first-para.txt"
printf 'Title: No year\n\nThe envoy arrived on March 8 for talks.\n' >"$D/noyear.txt"
touch -d '2025-03-01 12:00:00 UTC' "$D/noyear.txt"
"$CFSEARCH" index -q --db "$TMP/dated.db" "$D"
js() { "$CFSEARCH" --db "$TMP/dated.db" --json -n 20 "$@" envoy | jq -r '(.path|split("/")|last) + " " + .date + " " + .date_source'; }
is "$(js | sort | tr '\n' ';')" \
	"dateline.txt 2025-03-10 text;early.txt 2025-03-12T04:53:00Z header;first-para.txt 2025-03-09 text;late.txt 2025-03-12T13:34:00Z header;noyear.txt 2025-03-01T12:00:00Z file;" \
	"dates from the header, the text, the file, and date_source says which"
is "$(js --sort date | cut -d' ' -f1 | tr '\n' ' ')" "late.txt early.txt dateline.txt first-para.txt noyear.txt " \
	"--sort date: by the full time (13:34 before 04:53 of the same day)"
is "$(js --sort oldest | cut -d' ' -f1 | tr '\n' ' ')" "noyear.txt first-para.txt dateline.txt early.txt late.txt " \
	"--sort oldest"
is "$(js --since 2025-03-09 --until 2025-03-10 | cut -d' ' -f1 | sort | tr '\n' ' ')" "dateline.txt first-para.txt " \
	"--since and --until take the dates from the text"
is "$(js --since 2025-03-12 --until 2025-03-12 | wc -l | tr -d ' ')" 2 "--until a day includes its afternoon"
ok "show says where the date came from" sh -c "\"$CFSEARCH\" show \"$D/dateline.txt\" | grep -q '^date: *2025-03-10  (from the text)'"
is "$("$CFSEARCH" show --json "$D/noyear.txt" | jq -r .date_source)" file "show --json: date_source"

# the user's defaults
mkdir -p "$XDG_CONFIG_HOME/cfsearch"
printf '# mine\n--per-article=1\n--color=never\n\n--full\n' >"$XDG_CONFIG_HOME/cfsearch/config"
n=$("$CFSEARCH" --json -n 50 --all Ukraine | jq -r .path | sort | uniq -c | sort -rn | awk 'NR==1{print $1}')
is "$n" 1 "a default from the config file (--per-article=1)"
n=$("$CFSEARCH" --json -n 50 --all --per-article 3 Ukraine | jq -r .path | sort | uniq -c | sort -rn | awk 'NR==1{print $1}')
is "$n" 3 "the command line overrides it"
is "$(status "$CFSEARCH" status)" 0 "a search default does not trouble other commands"
printf -- '--db=%s/nowhere\n' "$TMP" >>"$XDG_CONFIG_HOME/cfsearch/config"
is "$(CFSEARCH_DB= status "$CFSEARCH" ceasefire)" 2 "--db from the config file (without CFSEARCH_DB)"
is "$(status "$CFSEARCH" --db "$CFSEARCH_DB" ceasefire)" 0 "--db on the command line replaces it"
printf -- '--jsno\n' >>"$XDG_CONFIG_HOME/cfsearch/config"
e=$("$CFSEARCH" ceasefire 2>&1 >/dev/null)
ok "an unknown option in it names the file and line ($e)" sh -c "printf '%s' \"$e\" | grep -q 'config:7: unknown option'"
rm -f "$XDG_CONFIG_HOME/cfsearch/config"
done_testing
