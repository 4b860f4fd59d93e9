#!/usr/bin/env bash
# unix.sh - the -xa case: sockview -xa against ss -xa and against the floor
# (mindump --unix --format: one unix_diag dump printing each row), on a
# population of unix sockets built by popgen in a private network namespace
# (unix sockets are per namespace: only the population is listed).
#
#   bench/unix.sh [--size 100000] [--runs 5] [--sockview PATH] [--nice N]
#
# Wall time with hyperfine -N (one run per measurement, the order rotating
# every run), peak RSS with /usr/bin/time; prints medians and the ratios
# sockview/floor and sockview/ss, and checks that the three print the same
# number of rows (MISMATCH on stderr otherwise). Needs root, unshare, ss,
# cc, libmnl-dev, hyperfine and GNU time. Never asserts a time.
set -euo pipefail
here=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
size=100000 runs=5 sv= nice=-10
while [[ $# -gt 0 ]]; do
	case $1 in
	--size) size=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--sockview) sv=$(realpath "$2"); shift 2 ;;
	--nice) nice=$2; shift 2 ;;
	--help|-h) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "unix.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z "${BENCH_UNIX_NETNS:-}" ]]; then
	[[ $EUID -eq 0 ]] || { echo "unix.sh: needs root" >&2; exit 2; }
	if [[ -z $sv ]]; then
		cmake -S "$here/.." -B "$here/../build-bench" -DSV_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
		cmake --build "$here/../build-bench" -j2 >/dev/null
		sv=$(realpath "$here/../build-bench/sockview")
	fi
	BENCH_UNIX_NETNS=1 exec unshare -n -- "$BASH" "$0" --size "$size" --runs "$runs" \
		--sockview "$sv" --nice "$nice"
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/sv-bench-unix.XXXXXX")
pop=
cleanup() {
	[[ -z $pop ]] || { kill -TERM "$pop" 2>/dev/null || true; wait "$pop" 2>/dev/null || true; }
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
cc -O2 -Wall -Wextra -o "$W/popgen" "$here/popgen.c" "$here/popgen_net.c" \
	"$here/popgen_build.c" "$here/popgen_util.c"
cc -O2 -Wall -Wextra -o "$W/mindump" "$here/mindump.c" -lmnl
"$W/popgen" --tcp 0 --listen 0 --timewait 0 --udp 0 --hot 0 --unix "$size" \
	--ready "$W/ready" --quiet &
pop=$!
while [[ ! -e $W/ready ]]; do
	kill -0 "$pop" 2>/dev/null || { echo "unix.sh: popgen failed" >&2; exit 1; }
	sleep 0.1
done

declare -A cmd=([sockview]="$sv -xa" [ss]="ss -xa" [floor]="$W/mindump --unix --format")
names=(sockview ss floor)
rows() { $1 2>/dev/null | wc -l; }
n_sv=$(($(rows "${cmd[sockview]}") - 1)) n_ss=$(($(rows "${cmd[ss]}") - 1))
n_fl=$(rows "${cmd[floor]}")
echo "# $size requested: sockview $n_sv rows, ss $n_ss, floor $n_fl"
[[ $n_sv == "$n_ss" && $n_sv == "$n_fl" ]] || echo "MISMATCH: row counts differ" >&2
declare -A wall rss
for ((r = 0; r < runs; r++)); do
	for ((k = 0; k < 3; k++)); do
		n=${names[(r + k) % 3]}
		nice -n "$nice" hyperfine -N --runs 1 --style none --export-json "$W/h.json" \
			-- "${cmd[$n]}" >/dev/null 2>&1
		wall[$n]+="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["times"][0])' "$W/h.json") "
		/usr/bin/time -f '%M' -o "$W/t" ${cmd[$n]} >/dev/null 2>&1
		rss[$n]+="$(tail -n1 "$W/t") "
	done
done
med() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for n in "${names[@]}"; do
	w=$(echo "${wall[$n]}" | med) m=$(echo "${rss[$n]}" | med)
	printf '%-9s median %.4f s  peak RSS %s KiB  (runs: %s)\n' "$n" "$w" "$m" "${wall[$n]}"
	eval "w_$n=$w"
done
python3 -c "import sys; s, ss, f = map(float, sys.argv[1:]); print('sockview/floor %.2fx, sockview/ss %.2fx, ss/floor %.2fx' % (s / f, s / ss, ss / f))" \
	"$w_sockview" "$w_ss" "$w_floor"
