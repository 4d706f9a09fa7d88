#!/bin/sh
# Install cfsearch's build and test dependencies from Debian's packages
# (as root, or through sudo), then generate the build system and configure.
# Safe to run again: packages already present are not fetched.
#
# The list is README's "Building by hand" list, word for word: everything
# the build, make check and make distcheck run beyond a minimal Debian 12
# (debootstrap --variant=minbase).  tools/fresh-check.sh checks both.
set -e
cd "$(dirname "$0")/.."
pkgs="gcc g++ make autoconf automake pkg-config libxapian-dev zlib1g-dev
jq sqlite3 mandoc xapian-tools time xapian-omega"
missing=""
for p in $pkgs; do
	# (dpkg -s also succeeds for a package removed but not purged)
	case $(dpkg-query -W -f '${Status}' "$p" 2>/dev/null) in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	if [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; then
		echo "setup.sh: to install$missing, run this as root (or install sudo)" >&2
		exit 1
	fi
	echo "installing:$missing"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	./autogen.sh
fi
if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
	./configure ${CONFIGURE_FLAGS:-}
fi
