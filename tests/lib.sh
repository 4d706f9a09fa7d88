# lib.sh: shared helpers for the shell tests (TAP).  Source it.
set -u
: "${top_srcdir:?run through make check}"
: "${CFSEARCH:?run through make check}"
tap_n=0
tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cfsearch-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export CFSEARCH_DB="$TMP/db"
export HOME="$TMP/home"
export XDG_DATA_HOME="$TMP/home/.local/share"
export XDG_CONFIG_HOME="$TMP/home/.config"
unset NO_COLOR CFSEARCH_DEBUG CFSEARCH_VARIANTS
mkdir -p "$HOME"
CORPORA=$(cd "$top_srcdir/tests/corpora" && pwd)
SEEDS="${SHARED_DIR:-$top_srcdir/../shared}/seeds"

ok() { # ok DESCRIPTION COMMAND...: passes when COMMAND succeeds
	desc=$1; shift
	tap_n=$((tap_n + 1))
	if "$@"; then echo "ok $tap_n - $desc"
	else echo "not ok $tap_n - $desc"; tap_failed=$((tap_failed + 1)); fi
}
is() { # is GOT WANT DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" = "$2" ]; then echo "ok $tap_n - $3"
	else
		echo "not ok $tap_n - $3"; tap_failed=$((tap_failed + 1))
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -20
	fi
}
skip() { # skip DESCRIPTION REASON
	tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
# status COMMAND...: prints the exit status of COMMAND (output discarded)
status() { "$@" >/dev/null 2>&1; echo $?; }
have_seeds() { [ -d "$SEEDS" ]; }
# need PROGRAM...: skip the whole script when a program it runs is missing
# (call it before the first test)
need() {
	for need_p; do
		command -v "$need_p" >/dev/null 2>&1 && continue
		echo "1..0 # SKIP $need_p is not installed (tools/setup.sh installs what the tests need)"
		exit 0
	done
}
# unlocked DB: wait (up to a minute) until no process holds DB's indexer
# lock.  A killed indexer's workers hold it until they are gone: use the
# database after a kill only once this is true.
unlocked() { flock -w 60 "$1/cfsearch.lock" true; }
