#!/bin/sh
# The header fields (places:, topics:, people:, orgs:, dateline:, author:,
# keywords:): each filters on its header's words, a plain word found in one
# raises the article, JSON lists them, and an unknown header key stays
# searchable as text.
. "$top_srcdir/tests/lib.sh"

A="$TMP/articles"
mkdir -p "$A"
cat >"$A/gulf.txt" <<'EOF'
Title: Tanker talks stall
Date: 1987-04-01
Source: Harbour Wire
Places: Iran; Kuwait
Topics: crude; shipping
People: Velayati
Orgs: OPEC
Dateline: MANAMA, April 1
Author: Ruth Okoye
Keywords: escorts, reflagging
Edition: late
Shift: overnight desk

The talks about escorting the ships stalled on Tuesday.

Envoys said a second round would follow within weeks.

A third paragraph mentions Kuwait only here.
EOF
cat >"$A/text-only.txt" <<'EOF'
Title: Notes from the region
Date: 1987-04-02
Source: Harbour Wire
Places: Bahrain

Iran and Kuwait were named in the text of this story, about crude and Velayati and OPEC, written by Okoye in Manama.

Its escorts and reflagging are words of the text here, late in the overnight shift.
EOF
"$CFSEARCH" index -q "$A"
paths() { "$CFSEARCH" --json -n 50 --per-article 0 "$@" 2>/dev/null | jq -r '(.path|split("/")|last) + ":" + (.line_start|tostring)' | sort | tr '\n' ' '; }
err() { "$CFSEARCH" "$@" 2>&1 >/dev/null; }
has() { # has TEXT PATTERN DESCRIPTION: TEXT matches the glob *PATTERN*
	case $1 in *$2*) is 1 1 "$3" ;; *) is "$1" "*$2*" "$3" ;; esac
}
g3="gulf.txt:14 gulf.txt:16 gulf.txt:18 "

# 1. each field filters on its header's words, in every passage of the article
is "$(paths places:iran)" "$g3" "places:iran: every passage of the article whose Places holds it"
is "$(paths place:kuwait)" "$g3" "place: is places:"
is "$(paths topics:crude)" "$g3" "topics:"
is "$(paths people:velayati)" "$g3" "people:"
is "$(paths orgs:opec)" "$g3" "orgs:"
is "$(paths dateline:manama)" "$g3" "dateline:"
is "$(paths author:okoye)" "$g3" "author:"
is "$(paths by:okoye)" "$g3" "by: is author:"
is "$(paths keywords:reflagging)" "$g3" "keywords:"
is "$(paths tags:escorts)" "$g3" "tags: is keywords:"
is "$(paths places:bahrain)" "text-only.txt:6 text-only.txt:8 " "another article's places"
is "$(paths 'places:iran second round')" "gulf.txt:16 " "a field beside words filters them"
is "$(paths places:iran -topics:crude)" "" "a field can exclude"
is "$(paths 'places:"kuwait iran"')" "$g3" "a phrase in a list field: its words, in any order"
is "$(paths 'author:"okoye ruth"')" "$g3" "so for author:"
is "$(paths places:syria)" "" "a place not in any header: nothing"
is "$(status "$CFSEARCH" places:syria)" 1 "and exit 1"
is "$(status "$CFSEARCH" 'places:iran NEAR places:kuwait')" 2 "NEAR over a list field: exit 2"
has "$(err 'places:iran NEAR places:kuwait')" "places: a list, without word positions: NEAR cannot join its words" \
	"the error says places: cannot take NEAR"
has "$(err plces:iran)" "did you mean 'places:'" "a misspelt field: did you mean"
is "$(status "$CFSEARCH" plces:iran)" 2 "and exit 2"

# 2. an unknown header key is text of the article's first passage
is "$(paths overnight)" "gulf.txt:14 text-only.txt:8 " "an unknown key's words are found (Shift: overnight desk)"
is "$(paths '"overnight desk"')" "gulf.txt:14 " "as a phrase too"
is "$(paths edition)" "" "the key itself is not a word of the article"

# 3. JSON lists the fields on every hit, the article's first passage or not
json() { "$CFSEARCH" --json -n 50 "$@" 2>/dev/null; }
is "$(json 'second round' | jq -r '.fields.places')" "Iran; Kuwait" "JSON: places on a second passage's hit"
is "$(json 'stalled' | jq -r '[.fields.topics, .fields.people, .fields.orgs, .fields.dateline, .fields.author, .fields.keywords] | join("|")')" \
	"crude; shipping|Velayati|OPEC|MANAMA, April 1|Ruth Okoye|escorts, reflagging" "JSON: every field, named as in queries"
is "$(json 'stalled' | jq -r '.fields | keys | join(" ")')" "author dateline keywords orgs people places topics" \
	"JSON: only the fields the header had"
is "$(json 'crude' | jq -r 'select(.path|endswith("text-only.txt")) | .fields | keys | join(" ")')" "places" \
	"JSON: an article with one field lists one"

# 4. a plain word found in a field raises the article (the header fields'
# part); --rank plain is BM25 alone
B="$TMP/rank"
mkdir -p "$B"
for n in a b c d; do
	printf 'Title: Border notes %s\nDate: 1987-04-0%s\n\nThe border talks resumed on Monday after a pause.\n' \
		"$n" 1 >"$B/$n.txt"
done
printf 'Title: Border notes z\nDate: 1987-04-01\nPlaces: Geneva\n\nThe border talks resumed on Monday after a pause.\n' >"$B/z.txt"
"$CFSEARCH" index -q --db "$TMP/rankdb" "$B"
first() { "$CFSEARCH" --db "$TMP/rankdb" --json -n 1 "$@" 2>/dev/null | jq -r '.path|split("/")|last'; }
is "$(first 'geneva border talks')" "z.txt" "the article whose Places holds a word of the query first"
is "$(first --rank plain 'geneva border talks')" "a.txt" "not with --rank plain"
has "$(CFSEARCH_DEBUG=1 "$CFSEARCH" --db "$TMP/rankdb" -n 1 'geneva border talks' 2>&1 >/dev/null)" \
	"header fields, re-ranking the hits: Query(" "CFSEARCH_DEBUG shows the header fields' part"
has "$(CFSEARCH_DEBUG=1 "$CFSEARCH" --db "$TMP/rankdb" -n 1 'geneva border talks' 2>&1 >/dev/null)" \
	"XLgeneva" "with the place's term"

# fields alone: each must match, as beside words
is "$("$CFSEARCH" -l 'places:iran topics:crude' | sed 's|.*/||')" gulf.txt "two fields alone: the articles of both"
is "$(status "$CFSEARCH" 'places:bahrain topics:crude')" 1 "none has both: nothing"
is "$("$CFSEARCH" -l 'places:bahrain OR topics:crude' | sed 's|.*/||' | sort | tr '\n' ' ')" "gulf.txt text-only.txt " "OR: either"

# a word only a headline holds is looked for in the titles
H="$TMP/headlines"
mkdir -p "$H"
printf 'Title: The envoy'"'"'s quandary\n\nTalks in the capital went on for a second day.\n\nNo statement was issued.\n' >"$H/q.txt"
printf 'Title: Markets\n\nGrain prices held steady in the capital.\n' >"$H/m.txt"
"$CFSEARCH" index -q --db "$TMP/hdb" "$H"
is "$("$CFSEARCH" --db "$TMP/hdb" -l quandary 2>"$TMP/err" | sed 's|.*/||')" q.txt "a headline's word finds its article"
is "$(cat "$TMP/err")" "" "and is not called unknown"
is "$("$CFSEARCH" --db "$TMP/hdb" -l quandary capital 2>/dev/null | head -1 | sed 's|.*/||')" q.txt "with a word of the text, its article first"
is "$(status "$CFSEARCH" --db "$TMP/hdb" zzyzx)" 1 "a word in no title nor text: nothing"
done_testing
