#!/bin/sh
# statements.sh: who said what, scored (make eval-statements).
#
#   sh tests/eval/statements.sh [-v]
#
# Makes a root holding corpora/ (tests/corpora), seeds/ ($SHARED_DIR/seeds)
# and the Reuters stories that statements*.tsv name (unpacked from
# $SHARED_DIR/corpora/reuters21578.tar.gz), then scores the extractor
# (index/quotes.c) against statements.tsv and, apart, against the held-out
# statements-held.tsv (never to be tuned on) with tests/eval/statements:
# precision, recall and wrong-speaker rate, per kind.  A statement judged
# in the other list does not count against precision.  What ../shared
# lacks is left out (and counted as missing).  -v lists each statement.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
STMTS=${STMTS:-./tests/eval/statements}
SHARED_DIR=${SHARED_DIR:-$top/../shared}
v=
[ "${1:-}" = -v ] && v=-v
[ -x "$STMTS" ] || { echo "statements.sh: $STMTS: not built (make tests/eval/statements)" >&2; exit 1; }
w=$(mktemp -d "${TMPDIR:-/tmp}/cfsearch-stmts.XXXXXX")
trap 'rm -rf "$w"' EXIT
ln -s "$top/tests/corpora" "$w/corpora"
[ -d "$SHARED_DIR/seeds" ] && ln -s "$(cd "$SHARED_DIR/seeds" && pwd)" "$w/seeds"
tarball=$SHARED_DIR/corpora/reuters21578.tar.gz
if [ -f "$tarball" ]; then
	cut -f 1 "$here/statements.tsv" "$here/statements-held.tsv" | grep '^reuters21578/' |
		sort -u > "$w/want"
	(cd "$w" && tar xzf "$tarball" -T want) || echo "statements.sh: some Reuters stories are missing" >&2
fi
echo "== statements"
"$STMTS" $v -x "$here/statements-held.tsv" "$w" "$here/statements.tsv"
echo "== statements-held (held out: not to be tuned on)"
"$STMTS" $v -x "$here/statements.tsv" "$w" "$here/statements-held.tsv"
