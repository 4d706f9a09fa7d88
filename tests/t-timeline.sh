#!/bin/sh
# cfsearch timeline and --timeline: passages and articles per period, the
# period from the span or --by, filters respected, file-dated articles
# left out and said so, --json, and the chart fitted to a terminal's width
# (a pseudo-terminal of 60 columns), with blocks in UTF-8 and '#' in C.
. "$top_srcdir/tests/lib.sh"
need script

A="$TMP/articles"
mkdir -p "$A"
art() { # art NAME DATE TEXT
	printf 'Title: %s\nDate: %s\n\n%s\n' "$1" "$2" "$3" >"$A/$1.txt"
}
art one 2025-03-03 "The ceasefire talks opened in Jeddah."
art two 2025-03-11 "The ceasefire plan went to Moscow."
art three 2025-03-11 "A ceasefire was the subject of a call.

Another paragraph on the ceasefire and on energy."
art four 2025-03-12 "Peskov said the ceasefire needed study."
art five 2025-05-20 "A late word on the ceasefire."
printf 'Title: undated\n\nA ceasefire story without a date of its own.\n' >"$A/undated.txt"
"$CFSEARCH" index -q "$A"

out=$("$CFSEARCH" timeline --json ceasefire | head -3)
is "$out" '{"period":"2025-03-03","passages":1,"articles":1}
{"period":"2025-03-10","passages":4,"articles":3}
{"period":"2025-03-17","passages":0,"articles":0}' "a span of 11 weeks: by week (Mondays), empty weeks too"
is "$("$CFSEARCH" timeline --json ceasefire | wc -l | tr -d ' ')" 12 "every week from the first to the last"
out=$("$CFSEARCH" timeline --json --by month ceasefire)
is "$out" '{"period":"2025-03","passages":5,"articles":4}
{"period":"2025-04","passages":0,"articles":0}
{"period":"2025-05","passages":1,"articles":1}' "--by month"
out=$("$CFSEARCH" --timeline --json --until 2025-03-31 ceasefire)
is "$out" '{"period":"2025-03-03","passages":1,"articles":1}
{"period":"2025-03-04","passages":0,"articles":0}
{"period":"2025-03-05","passages":0,"articles":0}
{"period":"2025-03-06","passages":0,"articles":0}
{"period":"2025-03-07","passages":0,"articles":0}
{"period":"2025-03-08","passages":0,"articles":0}
{"period":"2025-03-09","passages":0,"articles":0}
{"period":"2025-03-10","passages":0,"articles":0}
{"period":"2025-03-11","passages":3,"articles":2}
{"period":"2025-03-12","passages":1,"articles":1}' "--timeline --until: a short span, by day"
out=$("$CFSEARCH" timeline --json 'date:2025-03-11 ceasefire')
is "$out" '{"period":"2025-03-11","passages":3,"articles":2}' "date: narrows it"
out=$("$CFSEARCH" timeline --json title:four ceasefire)
is "$out" '{"period":"2025-03-12","passages":1,"articles":1}' "a field narrows it"
is "$(status "$CFSEARCH" timeline --by year ceasefire)" 2 "--by year: an error"
is "$(status "$CFSEARCH" timeline nosuchword)" 1 "nothing matches: exit 1"

# the chart, in a pseudo-terminal 60 columns wide
chart() { # chart LOCALE ARGS...: the chart as a 60-column terminal shows it
	loc=$1; shift
	LC_ALL=$loc script -qec "stty cols 60; $CFSEARCH timeline --no-pager $*" /dev/null | tr -d '\r'
}
out=$(chart C.UTF-8 --by month ceasefire)
is "$out" "6 passages in 5 articles, by month, 2025-03 to 2025-05
2025-03  █████████████████████████████████████ 5 ◀ busiest
2025-04                                        0
2025-05  ███████▍                              1 ◀ 2nd
not counted: 1 passage of articles dated by their file's time" "the chart: blocks (eighths), fitted to 60 columns, the busiest labelled, the file-dated said"
out=$(chart C --by month ceasefire | sed -n 2,4p)
is "$out" "2025-03  ##################################### 5 <- busiest
2025-04                                        0
2025-05  #######                               1 <- 2nd" "ASCII when the locale is not UTF-8"
w=$(printf '%s\n' "$out" | awk '{ if (length($0) > m) m = length($0) } END { print m }')
is "$w" 59 "its widest line leaves the 60th column free"
out=$(LC_ALL=C script -qec "stty cols 100; $CFSEARCH timeline --no-pager --by month ceasefire" /dev/null |
	tr -d '\r' | awk 'NR == 2 { print length($0) }')
is "$out" 99 "a wider terminal, longer bars"
done_testing
