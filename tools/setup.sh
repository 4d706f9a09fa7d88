#!/bin/sh
# Install cfsearch's build and test dependencies from Debian's packages
# (as root, or through sudo), then generate the build system and configure.
# Safe to run again: packages already present are not fetched.
set -e
cd "$(dirname "$0")/.."
pkgs="gcc g++ make autoconf automake pkg-config libxapian-dev xapian-tools
zlib1g-dev mandoc sqlite3 jq xapian-omega"
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	echo "installing:$missing"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	./autogen.sh
fi
if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
	./configure ${CONFIGURE_FLAGS:-}
fi
