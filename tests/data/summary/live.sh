#!/bin/bash
# live.sh - compare "sockview -s" with ss -s on live sockets, or capture the
# fixtures of tests/test_summary.c. Needs root (unshare -n) and python3.
#   live.sh compare CMD [ARGS...]   e.g. live.sh compare build/sockview -s
#   live.sh capture DIR             writes DIR/<population>/{net/*,ss-s.txt}
# Each population (population.py) is built in a fresh network namespace;
# "host" is the caller's namespace as it is. Exit 0 if all identical.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
POPS="empty basic mixed big v6only"

if [ "$(id -u)" != 0 ]; then
	echo "live.sh: SKIP: needs root for unshare -n" >&2
	exit 77
fi

# Runs "$@" while population $1 holds its sockets in this namespace.
with_population() {
	local pop=$1 tmp rc
	shift
	tmp=$(mktemp -d)
	mkfifo "$tmp/hold"
	python3 "$HERE/population.py" "$pop" <"$tmp/hold" >"$tmp/ready" &
	exec 3>"$tmp/hold"
	for _ in $(seq 600); do
		grep -q ready "$tmp/ready" 2>/dev/null && break
		sleep 0.1
	done
	"$@"
	rc=$?
	exec 3>&-
	wait
	rm -rf "$tmp"
	return $rc
}

# ss -s around CMD until ss gives the same twice (global counters such as
# TCP alloc move with the host's traffic), then compares.
compare_once() {
	local name=$1 a b c
	shift
	a=$(mktemp) b=$(mktemp) c=$(mktemp)
	for _ in 1 2 3 4 5 6 7 8; do
		ss -s >"$a"; "$@" >"$b"; ss -s >"$c"
		cmp -s "$a" "$c" && break
	done
	if cmp -s "$a" "$b"; then
		echo "identical: $name ($(sed -n 2p "$a"))"
		rm -f "$a" "$b" "$c"
		return 0
	fi
	echo "DIFFERENT: $name"
	diff "$a" "$b" | cat -A
	rm -f "$a" "$b" "$c"
	return 1
}

# Copies the three files, ss -s, and the files again, until both copies match.
capture_once() {
	local dir=$1 f t
	t=$(mktemp -d)
	mkdir -p "$dir/net" "$t/1" "$t/2"
	for _ in $(seq 20); do
		for f in sockstat sockstat6 snmp; do cat /proc/net/$f >"$t/1/$f"; done
		ss -s >"$t/ss-s.txt"
		for f in sockstat sockstat6 snmp; do cat /proc/net/$f >"$t/2/$f"; done
		diff -rq "$t/1" "$t/2" >/dev/null && break
	done
	cp "$t"/1/* "$dir/net/" && cp "$t/ss-s.txt" "$dir/"
	rm -rf "$t"
	echo "captured: $dir ($(sed -n 2p "$dir/ss-s.txt"))"
}

case "${1:-}" in
_inner)
	shift
	pop=$1 mode=$2
	shift 2
	if [ "$mode" = compare ]; then
		with_population "$pop" compare_once "$pop" "$@"
	else
		with_population "$pop" capture_once "$1/$pop"
	fi
	;;
compare)
	shift
	fail=0
	compare_once host "$@" || fail=1
	for pop in $POPS; do
		unshare -n "$0" _inner "$pop" compare "$@" || fail=1
	done
	exit $fail
	;;
capture)
	for pop in $POPS; do
		unshare -n "$0" _inner "$pop" capture "$2"
	done
	;;
*)
	sed -n '2,7p' "$0" >&2
	exit 2
	;;
esac
