#!/usr/bin/env bash
# run.sh - integration tests: sockview against ss (iproute2) as the oracle,
# on real sockets in a private network namespace.
#
# Usage: tests/integration/run.sh PATH-TO-SOCKVIEW
#
# Needs root, unshare(1), ss(8), ip(8) and python3. Without them it prints
# "SKIP: ..." and exits 77 (ctest's SKIP_RETURN_CODE), except with CI=true,
# where a skip is a failure (exit 1). Re-executes itself in `unshare -n`,
# brings lo up with extra addresses (127.0.0.2/8, ::2/128), starts
# population.py, runs filters.py, checks.py, procs.py (-p, JSON, -s),
# dumps.py (-D), unix.py (the unix tables against ss, with a population
# of its own), misc.py (mptcp, sctp, dccp, tipc, xdp, vsock), linknl.py
# (packet and netlink sockets of its own, against ss), churn.py (listings
# while connections come and go), details.py (the socket details against
# ss), resolve.py (-r) and bound.py (-B) in namespaces of their own, stops
# the population
# and ends with the line "N passed, M failed" (the checks of all scripts).
# SV_INTEGRATION_PARTS="details churn" runs only those scripts (in the
# order of the full run). Exit status: 0 when nothing failed, else 1.
set -euo pipefail

case ${BASH_SOURCE[0]} in
*/*) here=$(cd "${BASH_SOURCE[0]%/*}" && pwd) ;;
*) here=$PWD ;;
esac

skip() {
	if [[ "${CI:-}" == true ]]; then
		echo "FAIL: $1 (CI=true: a skipped integration test is a failure)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}

if [[ $# -ne 1 ]]; then
	echo "usage: $0 PATH-TO-SOCKVIEW" >&2
	exit 2
fi
sv=$1
[[ $sv == /* ]] || sv=$PWD/$sv
if [[ ! -x $sv ]]; then
	echo "FAIL: no executable sockview at '$1'"
	echo "0 passed, 1 failed"
	exit 1
fi

if [[ -z "${SV_INTEGRATION_NETNS:-}" ]]; then
	[[ $EUID -eq 0 ]] || skip "integration tests need root (network namespaces)"
	for tool in unshare ss ip python3; do
		command -v "$tool" >/dev/null 2>&1 ||
			skip "integration tests need '$tool' (not found in PATH)"
	done
	unshare -n true 2>/dev/null ||
		skip "cannot create a network namespace (unshare -n failed)"
	SV_INTEGRATION_NETNS=1 exec unshare -n -- "$BASH" "$0" "$sv"
fi

# ------------------------------------------------ inside the namespace
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockview-integration.XXXXXX")
pop=
cleanup() {
	if [[ -n $pop ]]; then
		kill -TERM "$pop" 2>/dev/null || true
		wait "$pop" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

setup_fail() {
	echo "not ok - setup: $1"
	echo "0 passed, 1 failed"
	exit 1
}

ip link set lo up || setup_fail "ip link set lo up"
ip addr add 127.0.0.2/8 dev lo || setup_fail "adding 127.0.0.2 to lo"
if [[ ! -e /proc/sys/net/ipv6 ]]; then
	setup_fail "IPv6 is disabled in this kernel; the population needs ::1"
fi
ip -6 addr add ::2/128 dev lo nodad || setup_fail "adding ::2 to lo"

echo "# sockview: $sv"
echo "# ss: $(ss -V 2>&1 | head -1)"
echo "# kernel: $(uname -r), ip_local_port_range: $(tr '\t' ' ' </proc/sys/net/ipv4/ip_local_port_range)"

python3 "$here/population.py" main "$tmp/ready" "$tmp/manifest.json" &
pop=$!
deadline=$((SECONDS + 20))
while [[ ! -e $tmp/ready ]]; do
	if ! kill -0 "$pop" 2>/dev/null; then
		wait "$pop" || true
		pop=
		setup_fail "population.py exited before it was ready"
	fi
	((SECONDS < deadline)) || setup_fail "population.py not ready after 20 s"
	sleep 0.02
done

# filters.py first (filter expressions, bytecode, record/replay: issue 3),
# while the population is as it was made; then checks.py, whose last checks
# start and end side populations of their own; then procs.py (-p against
# ss, -p as nobody, JSON against the table, -s against ss -s), which adds
# its holder processes on 127.0.0.7 and a bulk side population of its own;
# then misc.py (mptcp with net.mptcp.enabled=1 set in this namespace, the
# tables this kernel cannot dump, with XDP and vsock sockets of its own);
# then linknl.py, with its interface and packet and netlink sockets
# (removed when it ends); then churn.py, whose clients come and go on
# 127.0.0.9:7000; then details.py (-o -e -m -i...), whose connections on
# 127.0.0.8 and ::1 ports 7700-7703 carry traffic; last resolve.py (-r) and
# bound.py (-B), netns.py (-N), allnetns.py (--all-netns) and events.py
# (-K, -E), each in namespaces of its own
# every part, in the order they run
parts="filters checks procs dumps unix procnet misc linknl churn details resolve bound netns allnetns why watch events shape prom"
rc=0 passed=0 failed=0
for part in $parts; do
	case " ${SV_INTEGRATION_PARTS:-$part} " in
	*" $part "*) ;;
	*) continue ;;
	esac
	prc=0
	# stdout also kept, so the failures can be repeated at the end (a CI
	# log shows its tail)
	python3 "$here/$part.py" "$sv" "$tmp/manifest.json" "$tmp/$part.counts" |
		tee "$tmp/$part.log"
	prc=${PIPESTATUS[0]}
	if [[ ! -s $tmp/$part.counts ]]; then
		echo "not ok - $part.py ended early (exit $prc)"
		failed=$((failed + 1))
		rc=1
		continue
	fi
	read -r p f <"$tmp/$part.counts"
	passed=$((passed + p))
	failed=$((failed + f))
	((prc == 0)) || rc=$prc
done

# the population must still be there: every check ran against it
if ! kill -0 "$pop" 2>/dev/null; then
	echo "not ok - population.py was alive during all checks"
	failed=$((failed + 1))
else
	echo "ok - population.py was alive during all checks"
	passed=$((passed + 1))
fi

if ((failed > 0)); then
	echo "# the failures again:"
	for part in $parts; do
		[[ -f $tmp/$part.log ]] || continue
		awk -v p="$part" '/^not ok/ { n = 16 } n > 0 && (/^not ok/ || /^#/) { print "# " p ": " $0; n-- }' "$tmp/$part.log"
	done
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $rc -eq 0 ]]
