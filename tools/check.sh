#!/bin/sh
# Build cfsearch and run the whole test suite: make check, then make distcheck.
set -e
cd "$(dirname "$0")/.."
sh tools/setup.sh
make -j2
make -j2 check
# the packaging check runs the suite again: the usual sizes will do
(unset CFSEARCH_TEST_TINY; make -j2 distcheck)
