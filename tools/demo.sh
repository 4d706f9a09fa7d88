#!/bin/sh
# Build cfsearch, index the bundled sample articles into ./sample-db and
# search them for "Kursk withdrawal".
set -e
cd "$(dirname "$0")/.."
sh tools/setup.sh
make -j2
./cfsearch index --db sample-db tests/corpora
./cfsearch --db sample-db "Kursk withdrawal"
