#!/bin/sh
# The man pages lint clean, and document every option --help lists.
. "$top_srcdir/tests/lib.sh"

if command -v mandoc >/dev/null 2>&1; then
	for page in "$top_srcdir"/man/*.[1-9]; do
		out=$(mandoc -Tlint -W warning "$page" 2>&1)
		is "$out" "" "mandoc -Tlint is clean for $(basename "$page")"
	done
else
	skip "mandoc -Tlint" "mandoc is not installed (apt-get install mandoc)"
fi

# every long option in --help is in the man page
opts=$("$CFSEARCH" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
missing=""
for o in $opts; do
	name=${o#--}
	# mdoc writes --name as "Fl \-name" with "\-" escapes for hyphens
	esc=$(printf '%s' "$name" | sed 's/-/\\\\-/g')
	grep -q "Fl \\\\-$esc" "$top_srcdir/man/cfsearch.1" || missing="$missing $o"
done
is "$missing" "" "every option in --help is documented in cfsearch(1)"

# every command in --help is in the man page
for c in search index show status roots forget compact quotes speakers timeline; do
	ok "command $c is documented" grep -q "^\.Cm $c" "$top_srcdir/man/cfsearch.1"
done

# every environment variable the code reads is documented
vars=$(grep -ho 'getenv("[A-Z_]*")' "$top_srcdir"/src/*.c "$top_srcdir"/index/*.c |
	sed 's/getenv("\(.*\)")/\1/' | sort -u)
missing=""
for v in $vars; do
	grep -q "^\.It Ev $v" "$top_srcdir/man/cfsearch.1" || missing="$missing $v"
done
is "$missing" "" "every environment variable read is documented in ENVIRONMENT"
done_testing
