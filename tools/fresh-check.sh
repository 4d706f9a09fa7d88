#!/bin/sh
# tools/fresh-check.sh: README's promise, checked where it is made.  In a
# pristine Debian 12 root (debootstrap --variant=minbase bookworm), as
# root, in the committed tree (git archive HEAD: uncommitted changes are
# not checked), run README's two commands exactly as written,
#
#     sh tools/demo.sh
#     sh tools/check.sh
#
# one after the other, and print each one's exit status and wall time.
# Also checks that no process of the root outlives a command, and that
# tools/setup.sh installs exactly the packages README's "Building by hand"
# names.  Exits 0 when all of that held, 1 when not, 2 on a usage or
# set-up error.  Takes 20 minutes or more; not run in CI.  Run it before
# resolving an issue that changes set-up.
#
#   sh tools/fresh-check.sh [-m] [-k]
#     -m  also the by-hand route, in a second pristine root: apt-get install
#         the packages README names (and nothing else), then README's
#         command line ("./autogen.sh && ./configure && make && make check")
#     -k  keep the roots afterwards (they are removed otherwise)
#
# Environment:
#   FRESH_DIR     work directory: roots and logs (default: a new
#                 /var/tmp/cfsearch-fresh.XXXXXX, removed when all passed
#                 unless -k)
#   FRESH_CACHE   a directory to keep the pristine root in, as a tarball,
#                 between runs (made right after debootstrap; each run
#                 unpacks a fresh copy); delete the tarball to refresh it
#   FRESH_MIRROR  the Debian mirror (default http://deb.debian.org/debian)
#
# Needs root, git and debootstrap (Debian package debootstrap) on the host.
# The roots reach the mirror as the host does: its /etc/resolv.conf and
# apt proxy settings are copied in, and http_proxy/https_proxy/no_proxy
# are passed on.  ../shared (test data), when it is beside this tree, is
# copied beside the tree in the root.  /proc and /dev/pts are mounted in a
# root, and everything mounted there is unmounted before it is removed.
set -eu

usage() { echo "usage: sh tools/fresh-check.sh [-m] [-k]" >&2; exit 2; }
die() { echo "fresh-check: $*" >&2; exit 2; }
say() { echo "fresh-check: $*"; }

byhand=0 keep=0
while getopts mk opt; do
	case $opt in
	m) byhand=1 ;;
	k) keep=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

top=$(cd "$(dirname "$0")/.." && pwd -P)
suite=bookworm
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
cache=${FRESH_CACHE:-}

[ "$(id -u)" -eq 0 ] || die "run it as root (debootstrap, chroot and mount need it)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed (apt-get install debootstrap)"
command -v git >/dev/null 2>&1 || die "git is not installed"
git -C "$top" rev-parse --verify -q HEAD >/dev/null || die "$top: not a git checkout with a commit"

if [ -n "${FRESH_DIR:-}" ]; then
	mkdir -p "$FRESH_DIR"
	work=$(cd "$FRESH_DIR" && pwd -P)
else
	work=$(mktemp -d /var/tmp/cfsearch-fresh.XXXXXX)
fi
# the mount table escapes odd characters: keep to plain ones
case $work in
*[!A-Za-z0-9/._-]*) die "$work: use a work directory of letters, digits and / . _ -" ;;
esac

# ---- README and setup.sh: the same packages ----
# README's "Building by hand": the packages are the `words` of its
# "Dependencies" paragraph that are package names; the command line is
# the first indented line after it
section=$(sed -n '/^## Building by hand/,/^## /p' "$top/README.md")
readme_pkgs=$(printf '%s\n' "$section" | sed -n '/^Dependencies/,/Then:$/p' |
	grep -o '`[^`]*`' | tr -d '`' | grep -E '^[a-z0-9][a-z0-9.+-]*$' | sort -u)
readme_cmd=$(printf '%s\n' "$section" | sed -n '/Then:$/,$p' |
	sed -n 's/^    \([^ ].*\)$/\1/p' | head -n 1)
setup_pkgs=$(sed -n '/^pkgs="/,/"$/p' "$top/tools/setup.sh" | sed 's/^pkgs="//; s/"$//' |
	tr ' ' '\n' | grep . | sort -u)
pkgline=$(printf '%s\n' "$readme_pkgs" | tr '\n' ' ')
[ -n "$readme_pkgs" ] && [ -n "$readme_cmd" ] || die "README.md: no \"Building by hand\" list or command line found"
[ -n "$setup_pkgs" ] || die "tools/setup.sh: no pkgs=\"...\" list found"

failed=0
if [ "$readme_pkgs" = "$setup_pkgs" ]; then
	say "README and tools/setup.sh name the same packages: $pkgline"
else
	say "README and tools/setup.sh name different packages:"
	printf '%s\n' "$readme_pkgs" >"$work/readme.pkgs"
	printf '%s\n' "$setup_pkgs" >"$work/setup.pkgs"
	diff "$work/readme.pkgs" "$work/setup.pkgs" | sed -n 's/^</  only in README:/p; s/^>/  only in setup.sh:/p'
	failed=1
fi

# ---- the roots ----
roots=""
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
tarball=${cache:+$cache/debian-$suite-minbase-$arch.tar}

# umount_under DIR: unmount what is mounted under DIR, deepest first
umount_under() {
	awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
	while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
}
# mounted_under DIR: is anything still mounted there?
mounted_under() { awk -v d="$1/" 'index($2, d) == 1 { f = 1 } END { exit !f }' /proc/mounts; }
# (sh has no local variables: each function keeps to names of its own)
# leftovers ROOT: the processes running in ROOT (their root directory)
leftovers() {
	for lo_p in /proc/[0-9]*; do
		lo_root=$(readlink "$lo_p/root" 2>/dev/null) || continue
		[ "$lo_root" = "$1" ] && echo "${lo_p#/proc/}"
	done
	:
}
# reap ROOT: name and kill (by pid) the processes left in ROOT; false if any
reap() {
	re_pids=$(leftovers "$1")
	[ -z "$re_pids" ] && return 0
	for re_p in $re_pids; do
		say "  left running: pid $re_p: $({ tr '\0' ' ' <"/proc/$re_p/cmdline"; } 2>/dev/null)"
	done
	for re_p in $re_pids; do kill -KILL "$re_p" 2>/dev/null || :; done
	sleep 1
	return 1
}
# remove ROOT: unmount what is mounted in it, then remove it
remove() {
	umount_under "$1"
	case $1 in
	"$work"/root*) ;;
	*) die "not removing $1: not a root of $work" ;;
	esac
	# never remove a tree while something is mounted in it
	if mounted_under "$1"; then
		say "$1: still mounted, not removed"
		return 1
	fi
	rm -rf "$1"
}
cleanup() {
	for cl_root in $roots; do
		reap "$cl_root" >/dev/null || :
		if [ "$keep" -eq 0 ]; then
			say "removing $cl_root"
			remove "$cl_root" || :
		else
			umount_under "$cl_root"
		fi
	done
	roots=""
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' HUP INT TERM

# pristine DIR: a fresh minbase root in DIR, ready to reach the mirror
pristine() {
	r=$1
	remove "$r" || die "$r: cannot unmount what is mounted there"
	roots="$roots $r"
	t0=$(date +%s)
	if [ -n "$tarball" ] && [ -f "$tarball" ]; then
		mkdir -p "$r"
		tar -xpf "$tarball" --numeric-owner -C "$r"
		how="unpacked $tarball"
	else
		debootstrap --variant=minbase "$suite" "$r" "$mirror" >"$r.debootstrap.log" 2>&1 ||
			{ tail -n 20 "$r.debootstrap.log" >&2; die "debootstrap failed (log: $r.debootstrap.log)"; }
		how="debootstrap --variant=minbase $suite"
		if [ -n "$tarball" ]; then
			mkdir -p "$cache"
			tar -cpf "$tarball.$$" --numeric-owner -C "$r" . && mv "$tarball.$$" "$tarball"
			how="$how (kept in $tarball)"
		fi
	fi
	say "pristine root $r: $how in $(($(date +%s) - t0)) s"
	# the network as the host has it
	rm -f "$r/etc/resolv.conf"
	cat /etc/resolv.conf >"$r/etc/resolv.conf"
	proxy=$(apt-config dump 2>/dev/null | grep -i '^Acquire::[a-z]*::Proxy' || :)
	[ -z "$proxy" ] || printf '%s\n' "$proxy" >"$r/etc/apt/apt.conf.d/00fresh-check-proxy"
	# the committed tree, and the test data beside it
	mkdir -p "$r/src/cfsearch"
	git -C "$top" archive --format=tar HEAD | tar -xf - -C "$r/src/cfsearch"
	if [ -d "$top/../shared" ]; then
		cp -R "$top/../shared" "$r/src/shared"
	fi
	mount -t proc proc "$r/proc"
	# a pty for apt's log, as on any machine (a devpts of its own)
	mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$r/dev/pts"
}

# inroot ROOT NAME COMMAND: COMMAND, by sh as root, in the tree in ROOT,
# with a login's clean environment; its exit status and time are printed
# and its output kept in $work/NAME.log.  False when it failed or left a
# process running.
inroot() {
	ir_root=$1 name=$2 cmd=$3
	t0=$(date +%s)
	# in the background, so that a signal to this script is handled at
	# once (the EXIT trap then kills what runs in the root)
	chroot "$ir_root" /usr/bin/env -i HOME=/root TERM=dumb \
	    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	    ${http_proxy:+http_proxy="$http_proxy"} ${https_proxy:+https_proxy="$https_proxy"} \
	    ${no_proxy:+no_proxy="$no_proxy"} \
	    /bin/sh -c "cd /src/cfsearch && $cmd" </dev/null >"$work/$name.log" 2>&1 &
	rc=0
	wait $! || rc=$?
	secs=$(($(date +%s) - t0))
	say "$(printf '%s' "$cmd" | tr -s '\n\t ' '   '): exit $rc in" \
	    "$((secs / 60)) min $((secs % 60)) s (log: $work/$name.log)"
	good=0
	if [ "$rc" -ne 0 ]; then
		grep -E '^(FAIL|ERROR): ' "$work/$name.log" | head -n 20 | sed 's/^/  | /'
		tail -n 30 "$work/$name.log" | sed 's/^/  | /'
		good=1
	fi
	reap "$ir_root" || { say "  it left processes running"; good=1; }
	return $good
}

rev=$(git -C "$top" rev-parse --short HEAD)
say "tree: $rev (git archive HEAD); work directory: $work"
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	say "note: uncommitted changes in $top are not checked"

# ---- README's two commands ----
pristine "$work/root"
inroot "$work/root" demo "sh tools/demo.sh" || failed=1
inroot "$work/root" check "sh tools/check.sh" || failed=1

# ---- by hand: README's packages, README's command line ----
if [ "$byhand" -eq 1 ]; then
	pristine "$work/root-byhand"
	inroot "$work/root-byhand" byhand-packages "apt-get update -qq &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $pkgline" || failed=1
	inroot "$work/root-byhand" byhand "$readme_cmd" || failed=1
fi

if [ "$failed" -eq 0 ]; then
	say "all passed"
	if [ "$keep" -eq 0 ] && [ -z "${FRESH_DIR:-}" ]; then
		cleanup
		[ -z "$(awk -v d="$work/" 'index($2, d) == 1' /proc/mounts)" ] && rm -rf "$work"
	fi
else
	say "FAILED (logs in $work)"
fi
exit "$failed"
