#!/usr/bin/env bash
# run.sh - sockview against ss (iproute2) and the kernel's floor (mindump),
# on the same socket population, in a private network namespace.
#
#   bench/run.sh [--sizes 10000,100000] [--runs 5] [--with-1m] [--smoke]
#                [--sockview PATH] [--procs P] [--nice N] [--netns NxS]
#
# For each size: `unshare -n`, lo up, popgen builds the population, then each
# case runs sockview, ss and the floor (mindump) alternately, the order
# rotating every run: wall time with hyperfine -N (bash's clock around
# /usr/bin/time without it), peak RSS with /usr/bin/time -f '%e %M'. Prints
# medians and ratios. --smoke: one tiny population, one run, and a check that
# sockview and ss print the same number of -tan rows; exit status 1 if they
# differ or anything fails. Timings are never asserted. --nice N: run the
# measurements at niceness N (default -10: less disturbed by other load on a
# shared machine; 0 to leave it). --sizes none: only the --netns case.
# --netns NxS (default 50x1000, 2x200 with
# --smoke, 0: none): --all-netns -tan over N namespaces of S TCP sockets
# against a loop of nsenter --net=... ss -tan over them. Needs root. See
# bench/README.md.
set -uo pipefail

case ${BASH_SOURCE[0]} in
*/*) here=$(cd "${BASH_SOURCE[0]%/*}" && pwd) ;;
*) here=$PWD ;;
esac
root=$(cd "$here/.." && pwd)

# ------------------------------------------------------------ helpers
die() { echo "run.sh: $*" >&2; exit 1; }

# microseconds since the epoch, without a fork: t=${EPOCHREALTIME/[.,]/}
usec() { echo "${EPOCHREALTIME/[.,]/}"; }

ms() { # microseconds -> "12.3 ms"; anything else as it is
	if [[ $1 =~ ^[0-9.]+$ ]]; then awk -v x="$1" 'BEGIN { printf "%.1f ms", x / 1000 }'; else echo "$1"; fi
}

median() { # numbers on stdin -> median (mean of the middle two when even)
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ============================================================ inside the namespace
if [[ "${1:-}" == --inner ]]; then
	W=$BENCH_WORK
	SV=$BENCH_SV
	size=$BENCH_SIZE
	runs=$BENCH_RUNS
	overhead=$BENCH_OVERHEAD
	rows=$W/rows.tsv
	pop=
	fail=0

	cleanup() {
		if [[ -n $pop ]] && kill -0 "$pop" 2>/dev/null; then
			kill -TERM "$pop" 2>/dev/null
			for _ in $(seq 100); do kill -0 "$pop" 2>/dev/null || break; sleep 0.1; done
			kill -KILL "$pop" 2>/dev/null
		fi
		[[ -n $pop ]] && wait "$pop" 2>/dev/null
		pop=
	}
	trap cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	trap 'exit 129' HUP

	ip link set lo up 2>/dev/null || true

	# --all-netns: N namespaces of S TCP sockets each, named under a tmpfs
	# /run/netns of this mount namespace (unshare -m -n), a popgen in each
	pops=()
	setup_netns() {
		local k
		mount --make-rprivate / && mkdir -p /run/netns &&
			mount -t tmpfs sockview-bench /run/netns || { echo "run.sh: no private /run/netns" >&2; exit 1; }
		for ((k = 1; k <= BENCH_NETNS; k++)); do
			ip netns add "bn$k" && ip -n "bn$k" link set lo up || exit 1
			nsenter --net="/run/netns/bn$k" "$W/popgen" --tcp $((size * 47 / 100)) \
				--listen $((size / 100 > 0 ? size / 100 : 1)) --timewait $((size * 5 / 100)) \
				--udp 0 --unix 0 --hot 1 --procs "$BENCH_PROCS" --ready "$W/ready.ns$k" \
				>/dev/null 2>"$W/popgen.ns$k.err" &
			pops+=($!)
		done
		t0=$(usec)
		for ((k = 1; k <= BENCH_NETNS; k++)); do
			while [[ ! -e $W/ready.ns$k ]]; do
				kill -0 "${pops[k - 1]}" 2>/dev/null ||
					{ echo "run.sh: popgen in bn$k failed: $(head -c 200 "$W/popgen.ns$k.err")" >&2; exit 1; }
				(( $(usec) - t0 < 600000000 )) || { echo "run.sh: namespaces not ready after 10 min" >&2; exit 1; }
				sleep 0.02
			done
		done
		printf '#!/bin/sh\nfor n in /run/netns/bn*; do nsenter --net="$n" ss "$@" || exit; done\n' >"$W/ssloop.sh"
		printf 'P\t%sx%s\t-\t%s\t-\t-\n' "$BENCH_NETNS" "$size" "$((BENCH_NETNS * size))" >>"$rows"
		echo "   $BENCH_NETNS namespaces of $size TCP sockets ready" >&2
	}
	stop_netns() {
		local p
		for p in "${pops[@]}"; do kill -TERM "$p" 2>/dev/null; done
		for p in "${pops[@]}"; do wait "$p" 2>/dev/null; done
		pops=()
	}
	trap 'cleanup; stop_netns' EXIT

	if [[ -n ${BENCH_NETNS:-} ]]; then
		echo "== --all-netns: $BENCH_NETNS namespaces of $size TCP sockets" >&2
		setup_netns
	else
		# The mix for a size S: S TCP sockets in -tan (plus 22 fixed ones).
		pairs=$((size * 47 / 100))
		tw=$((size * 5 / 100))
		listen=$((size / 100))
		udp=$((size / 50))
		unx=$size # as many unix sockets as TCP ones: the -xa case
		hot=$((size / 100))
		[[ $hot -ge 1 ]] || hot=1
		ready=$W/ready.$size
		rm -f "$ready"
		echo "== size $size: popgen --tcp $pairs --listen $listen --timewait $tw --udp $udp --unix $unx --hot $hot" >&2
		"$W/popgen" --tcp "$pairs" --listen "$listen" --timewait "$tw" --udp "$udp" \
			--unix "$unx" --hot "$hot" --procs "$BENCH_PROCS" --ready "$ready" &
		pop=$!
		t0=$(usec)
		while [[ ! -e $ready ]]; do
			kill -0 "$pop" 2>/dev/null || { echo "run.sh: popgen failed" >&2; exit 1; }
			(( $(usec) - t0 < 1800000000 )) || { echo "run.sh: popgen not ready after 30 min" >&2; exit 1; }
			sleep 0.05
		done
		declare -A info
		while IFS='=' read -r k v; do info[$k]=$v; done <"$ready"
		hot_port=${info[hot_port]}
		solo_port=${info[solo_port]}
		printf 'P\t%s\t%s\t%s\t%s\t%s\n' "$size" "${info[build_seconds]}" "${info[tcp_sockets]}" \
			"${info[procs]}" "${info[hot_sockets]}" >>"$rows"
		echo "   built in ${info[build_seconds]} s: ${info[tcp_sockets]} TCP sockets, ${info[procs]} holder processes" >&2
	fi

	tfile=$W/time.out
	efile=$W/err.out
	hfile=$W/hyperfine.json
	# Wall time: hyperfine -N --runs 1 (no shell, its own clock around fork,
	# exec and wait) when installed; otherwise bash's clock around
	# /usr/bin/time minus the launcher overhead measured at start.
	# measure_wall CMD... -> m_wall (us), m_rc; output to /dev/null.
	measure_wall() {
		if [[ $BENCH_HYPERFINE == 1 ]]; then
			hyperfine -N -i --runs 1 --style none --export-json "$hfile" \
				-- "$(printf '%q ' "$@")" >/dev/null 2>"$efile"
			m_rc=$(awk '/"exit_codes"/ { getline; gsub(/[ ,]/, ""); print; exit }' "$hfile" 2>/dev/null)
			m_wall=$(awk '/"times"/ { getline; gsub(/[ ,]/, ""); printf "%.0f", $0 * 1e6; exit }' "$hfile" 2>/dev/null)
			[[ -n $m_rc && -n $m_wall ]] || { m_rc=255; m_wall=0; }
			return
		fi
		local t0 t1
		t0=${EPOCHREALTIME/[.,]/}
		/usr/bin/time -f '%e %M' -o "$tfile" "$@" >/dev/null 2>"$efile"
		m_rc=$?
		t1=${EPOCHREALTIME/[.,]/}
		m_wall=$((t1 - t0 - overhead))
		((m_wall > 0)) || m_wall=1
	}
	# measure_rss CMD... -> m_rss (KiB, /usr/bin/time %M), m_rc
	measure_rss() {
		/usr/bin/time -f '%e %M' -o "$tfile" "$@" >/dev/null 2>"$efile"
		m_rc=$?
		m_rss=$(tail -n 1 "$tfile" | awk '{ print $2 }')
	}

	# status of a first run: ok, n/a (not implemented), or error (exit N)
	probe() {
		local rc
		"$@" >/dev/null 2>"$efile"
		rc=$?
		if ((rc == 0)); then
			echo ok
		elif grep -qiE 'not supported|not implemented|unknown option|invalid option' "$efile"; then
			echo "n/a (not implemented)"
		else
			echo "error (exit $rc: $(head -c 120 "$efile" | tr '\n\t' '  '))"
		fi
	}

	# case ID LABEL SVARGS SSARGS FLOORARGS COUNT [SSENV [SSCMD]]   ("-" =
	# none; SSENV: a VAR=value for ss, e.g. PROC_ROOT=/proc: ss reads
	# /proc/net; SSCMD: what runs instead of ss, e.g. a loop of ss)
	run_case() {
		local id=$1 label=$2 count=$6 sscmd=${8:-ss}
		local -a sse=()
		[[ -n ${7:-} ]] && sse=(env "$7")
		local -a ssc
		read -r -a ssc <<<"$sscmd"
		local -a sva ssa fla
		local sv_st=none ss_st=none fl_st=none r i tool rows_sv=- rows_ss=- rows_fl=-
		local ss_runs=$runs
		[[ $3 != - ]] && read -r -a sva <<<"$3"
		[[ $4 != - ]] && read -r -a ssa <<<"$4"
		[[ $5 != - ]] && read -r -a fla <<<"$5"

		[[ $3 != - ]] && sv_st=$(probe "$SV" "${sva[@]}")
		[[ $4 != - ]] && ss_st=ok
		[[ $5 != - ]] && fl_st=$(probe "$W/mindump" "${fla[@]}")
		# ss -p does one linear list walk per socket: at a million sockets
		# a single run takes minutes.
		# One /usr/bin/time run then gives both figures (%e is precise
		# enough for minutes).
		[[ $id == tanp* && $size -ge ${BENCH_SLOW_SIZE:-500000} ]] && ss_runs=1
		if [[ $sv_st == error* ]]; then
			echo "   FAIL: sockview ${sva[*]}: $sv_st" >&2
			fail=1
		fi
		if [[ $fl_st == error* ]]; then
			echo "   FAIL: mindump ${fla[*]}: $fl_st" >&2
			fail=1
		fi

		if [[ $count == yes ]]; then
			[[ $sv_st == ok ]] && rows_sv=$("$SV" -H "${sva[@]}" 2>/dev/null | wc -l)
			# (ss's count only when there is something to compare it with:
			# ss -tanp at a million sockets takes minutes)
			[[ $ss_st == ok && ($sv_st == ok || $fl_st == ok) ]] &&
				rows_ss=$("${sse[@]}" "${ssc[@]}" -H "${ssa[@]}" 2>/dev/null | wc -l)
			[[ $fl_st == ok ]] && rows_fl=$("$W/mindump" "${fla[@]}" 2>&1 >/dev/null | tail -n 1)
			if [[ $rows_sv != - && $rows_ss != - && $rows_sv != "$rows_ss" ]]; then
				echo "   MISMATCH: $label: sockview ${rows_sv} rows, ss ${rows_ss} rows" \
					"(sockview -H ${sva[*]} / ss -H ${ssa[*]})" >&2
				[[ $id == tan ]] && fail=1
			fi
		fi

		: >"$W/sv.w"; : >"$W/sv.m"; : >"$W/ss.w"; : >"$W/ss.m"; : >"$W/fl.w"; : >"$W/fl.m"
		local -a order=(sv ss fl) cmd
		local kind
		for ((r = 0; r < runs; r++)); do
			for kind in wall rss; do
				for ((i = 0; i < 3; i++)); do
					tool=${order[(i + r) % 3]}
					case $tool in
					sv) [[ $sv_st == ok ]] || continue
					    cmd=("$SV" "${sva[@]}") ;;
					ss) [[ $ss_st == ok && $r -lt $ss_runs ]] || continue
					    cmd=("${sse[@]}" "${ssc[@]}" "${ssa[@]}") ;;
					fl) [[ $fl_st == ok ]] || continue
					    cmd=("$W/mindump" "${fla[@]}") ;;
					esac
					if [[ $tool == ss ]] && ((ss_runs < runs)); then
						[[ $kind == wall ]] && continue
						measure_rss "${cmd[@]}"
						m_wall=$(tail -n 1 "$tfile" | awk '{ printf "%.0f", $1 * 1e6 }')
						[[ $m_rc == 0 ]] && echo "$m_wall" >>"$W/ss.w"
					elif [[ $kind == wall ]]; then
						measure_wall "${cmd[@]}"
					else
						measure_rss "${cmd[@]}"
					fi
					if ((m_rc != 0)); then
						echo "   FAIL: $tool run of '$label' exited with $m_rc: $(head -c 200 "$efile")" >&2
						fail=1
						continue
					fi
					if [[ $kind == wall ]]; then
						echo "$m_wall" >>"$W/$tool.w"
					else
						echo "$m_rss" >>"$W/$tool.m"
					fi
				done
			done
		done
		local svw ssw flw svm ssm note=
		((ss_runs < runs)) && note="ss: $ss_runs run, /usr/bin/time"
		svw=$(median <"$W/sv.w"); ssw=$(median <"$W/ss.w"); flw=$(median <"$W/fl.w")
		svm=$(median <"$W/sv.m"); ssm=$(median <"$W/ss.m")
		[[ $sv_st == ok ]] || svw=$sv_st
		[[ $3 == - ]] && svw=-
		[[ $4 == - ]] && ssw=-
		[[ $4 == - && $id == json ]] && ssw="n/a (ss has no JSON)"
		[[ $5 == - ]] && flw=-
		printf 'C\t%s\t%s\t%s\t%s/%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$id" "$label" \
			"$rows_sv" "$rows_ss" "$rows_fl" "$svw" "$ssw" "$flw" "$svm" "$ssm" \
			"$note" >>"$rows"
		echo "   $label: sockview $(ms "$svw"), ss $(ms "$ssw"), floor $(ms "$flw")" >&2
	}

	if [[ -n ${BENCH_NETNS:-} ]]; then
		# sockview lists every namespace of the host (its own and the
		# host's too); the loop only the test's: its row count is lower
		run_case allns "--all-netns -tan ($BENCH_NETNS ns x $size)" "--all-netns -tan" "-tan" - \
			yes "" "sh $W/ssloop.sh"
		exit $fail
	fi
	F="--format"
	run_case tan "-tan" "-tan" "-tan" "$F" yes
	run_case ss "-tan --ss (ss's layout)" "-tan --ss" "-tan" "$F" yes
	run_case tuln "-tuln" "-tuln" "-tuln" "$F --states 0x480 --udp" yes
	run_case filt "-tan dport = :$hot_port (1%)" "-tan dport = :$hot_port" \
		"-tan dport = :$hot_port" "$F --dport $hot_port" yes
	run_case one "-tan sport = :$solo_port (1 row)" "-tan sport = :$solo_port" \
		"-tan sport = :$solo_port" "$F --sport $solo_port" yes
	run_case tane "-tane" "-tane" "-tane" "$F" yes
	run_case tano "-tano" "-tano" "-tano" "$F" yes
	run_case tani "-tani" "-tani" "-tani" "$F --ext 0xe" yes
	run_case tanis "-tani --ss (ss's layout)" "-tani --ss" "-tani" "$F --ext 0xe" yes
	run_case tanp "-tanp" "-tanp" "-tanp" - yes
	run_case tanpb "-tanp --process-source=bpf" "-tanp --process-source=bpf" "-tanp" - yes
	run_case tanpp "-tanp --process-source=proc" "-tanp --process-source=proc" "-tanp" - yes
	run_case tlnp "-tlnp" "-tlnp" "-tlnp" - yes
	run_case summary "--ss -s" "--ss -s" "-s" - no
	run_case json "-tan -j (JSON)" "-tan -j" - - no
	# the output options: counts in one pass (memory by groups), rows
	# kept and sorted, a column list (ss has none of them: ss -tan beside)
	run_case count "-tan --count=state" "-tan --count=state" "-tan" - no
	run_case countp "-tan --count=peer.address" "-tan --count=peer.address" "-tan" - no
	run_case sort "-tan --sort=peer" "-tan --sort=peer" "-tan" - no
	run_case cols "-tan --columns=state,local,peer,uid,inode" \
		"-tan --columns=state,local,peer,uid,inode" "-tan" - no
	# --format=prom and -s's own totals: no ss equivalent; against -tan in
	# the report (the same listing, summed by group instead of printed)
	run_case prom "-tan --format=prom" "-tan --format=prom" - - no
	printf 'S\t%s\t%s\n' "$size" "$("$SV" -tan --format=prom 2>/dev/null | grep -vc '^#')" >>"$rows"
	run_case sj "-s -j (sockview's own totals too)" "-s -j" - - no
	# -q: the answer at the first match (ss has no -q: -tan beside)
	run_case quiet "-q -tan (stops at the first match)" "-q -tan" "-tan" - no
	run_case proc "-tan --source=proc (ss: PROC_ROOT)" "-tan --source=proc" "-tan" \
		"--proc --format" yes PROC_ROOT=/proc
	run_case xa "-xa (unix)" "-xa" "-xa" "--unix $F" yes
	run_case floor "mindump (count only)" - - "" yes
	exit $fail
fi

# ============================================================ outside
sizes=10000,100000
runs=5
with1m=0
smoke=0
sv=
procs=0
nice_level=-10
netns=50x1000
usage() {
	awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$here/${0##*/}"
	exit 2
}
while (($#)); do
	case $1 in
	--sizes) sizes=${2:?--sizes needs a list}; shift 2 ;;
	--sizes=*) sizes=${1#*=}; shift ;;
	--runs) runs=${2:?--runs needs a number}; shift 2 ;;
	--runs=*) runs=${1#*=}; shift ;;
	--with-1m) with1m=1; shift ;;
	--smoke) smoke=1; shift ;;
	--sockview) sv=${2:?--sockview needs a path}; shift 2 ;;
	--sockview=*) sv=${1#*=}; shift ;;
	--procs) procs=${2:?--procs needs a number}; shift 2 ;;
	--procs=*) procs=${1#*=}; shift ;;
	--netns) netns=${2:?--netns needs NxS}; shift 2 ;;
	--netns=*) netns=${1#*=}; shift ;;
	--nice) nice_level=${2:?--nice needs a number}; shift 2 ;;
	--nice=*) nice_level=${1#*=}; shift ;;
	-h | --help) usage ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"
[[ $procs =~ ^[0-9]+$ ]] || die "--procs wants a number"
[[ $nice_level =~ ^-?[0-9]+$ ]] || die "--nice wants a number"
if ((smoke)); then
	sizes=500
	runs=1
	netns=2x200
fi
[[ $netns == 0 || $netns =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "--netns wants NxS (or 0)"
((with1m)) && sizes="$sizes,1000000"
size_list=()
[[ $sizes == none ]] || IFS=, read -r -a size_list <<<"$sizes"
for s in ${size_list[@]+"${size_list[@]}"}; do
	[[ $s =~ ^[1-9][0-9]*$ && $s -ge 100 ]] || die "bad size '$s' (at least 100)"
done

[[ $EUID -eq 0 ]] || die "needs root (network namespaces, sysctls)"
for tool in unshare ss ip cc; do
	command -v "$tool" >/dev/null 2>&1 || die "needs '$tool'"
done
if [[ ! -x /usr/bin/time ]] || ! command -v hyperfine >/dev/null 2>&1; then
	if command -v apt-get >/dev/null 2>&1; then
		echo "run.sh: installing GNU time and hyperfine (apt-get)" >&2
		apt-get install -y time hyperfine >/dev/null 2>&1 ||
			apt-get install -y time >/dev/null 2>&1 || true
	fi
	[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time (apt-get install time)"
fi

load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
W=$(mktemp -d "${TMPDIR:-/tmp}/sockview-bench.XXXXXX")
inner=
cleanup_outer() {
	if [[ -n $inner ]] && kill -0 "$inner" 2>/dev/null; then
		kill -TERM "$inner" 2>/dev/null
		wait "$inner" 2>/dev/null
	fi
	rm -rf "$W"
}
trap cleanup_outer EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# ------------------------------------------------------------ build
cc -O2 -Wall -Wextra -o "$W/popgen" "$here/popgen.c" "$here/popgen_net.c" "$here/popgen_build.c" \
	"$here/popgen_util.c" || die "building popgen failed"
cc -O2 -Wall -Wextra -o "$W/mindump" "$here/mindump.c" -lmnl || die "building mindump failed (libmnl-dev?)"
if [[ -z $sv ]]; then
	echo "run.sh: building sockview in $root/build-bench" >&2
	{ cmake -S "$root" -B "$root/build-bench" -DSV_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null &&
		cmake --build "$root/build-bench" -j2 >/dev/null; } || die "building sockview failed"
	sv=$root/build-bench/sockview
fi
[[ $sv == /* ]] || sv=$PWD/$sv
[[ -x $sv ]] || die "no executable sockview at '$sv'"

# Wall time comes from hyperfine when it is installed. Without it, from
# bash's clock around /usr/bin/time, minus what that launcher costs (bash
# fork, /usr/bin/time, exec of a trivial program), measured here.
hyperfine=0
overhead=0
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine=1
	method="wall time from hyperfine -N (one run per call)"
else
	for _ in $(seq 31); do
		t0=${EPOCHREALTIME/[.,]/}
		/usr/bin/time -f '%e %M' -o "$W/cal" /bin/true >/dev/null 2>"$W/cal.err"
		t1=${EPOCHREALTIME/[.,]/}
		echo $((t1 - t0))
	done >"$W/cal.w"
	overhead=$(median <"$W/cal.w")
	overhead=${overhead%.*}
	method="wall time from bash's clock around /usr/bin/time, launcher overhead (${overhead} us) removed"
fi

# ------------------------------------------------------------ run
status=0
: >"$W/rows.tsv"
for s in ${size_list[@]+"${size_list[@]}"}; do
	BENCH_WORK=$W BENCH_SV=$sv BENCH_SIZE=$s BENCH_RUNS=$runs BENCH_PROCS=$procs \
		BENCH_OVERHEAD=$overhead BENCH_HYPERFINE=$hyperfine \
		nice -n "$nice_level" unshare -n -- "$BASH" "$here/${0##*/}" --inner &
	inner=$!
	wait "$inner"
	rc=$?
	inner=
	if ((rc != 0)); then
		echo "run.sh: size $s: failures (see above)" >&2
		status=1
	fi
done

if [[ $netns != 0 ]]; then
	BENCH_WORK=$W BENCH_SV=$sv BENCH_SIZE=${netns#*x} BENCH_NETNS=${netns%x*} BENCH_RUNS=$runs \
		BENCH_PROCS=$procs BENCH_OVERHEAD=$overhead BENCH_HYPERFINE=$hyperfine \
		nice -n "$nice_level" unshare -m -n -- "$BASH" "$here/${0##*/}" --inner &
	inner=$!
	wait "$inner"
	rc=$?
	inner=
	if ((rc != 0)); then
		echo "run.sh: --all-netns $netns: failures (see above)" >&2
		status=1
	fi
fi

# ------------------------------------------------------------ report
svver=$("$sv" -V 2>/dev/null | head -n 1)
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
	"kernel $(uname -r), $(ss -V 2>&1 | head -n 1), sockview: ${svver:-?} ($sv)"
echo "load average: $load_start at the start, $(cut -d ' ' -f 1-3 /proc/loadavg) at the end"
echo "method: $runs run(s) per tool and case, tools alternating; medians; $method;" \
	"peak RSS from separate /usr/bin/time -f '%e %M' runs; output to /dev/null; nice $nice_level"
awk -F '\t' '$1 == "P" {
	printf "population %s: built in %s s, %s TCP sockets, %s holder processes, hot port carries %s\n",
		$2, $3, $4, $5, $6 }' "$W/rows.tsv"
echo
awk -F '\t' '
function t(x) { return (x ~ /^[0-9.]+$/) ? sprintf("%.1f ms", x / 1000) : x }
function m(x) { return (x ~ /^[0-9.]+$/) ? sprintf("%.1f MiB", x / 1024) : "-" }
function r(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) ? sprintf("%.2f", a / b) : "-" }
BEGIN {
	fmt = "%-34s %8s %-22s %-22s %-21s %-10s %-9s %-9s %6s %8s\n"
	printf fmt, "case", "size", "rows sv/ss/floor", "sockview", "ss", "floor", "RSS sv", "RSS ss", "sv/ss", "sv/floor"
}
$1 == "C" {
	label = $4
	if ($11 != "") label = label " (" $11 ")"
	printf fmt, label, $2, $5, t($6), t($7), t($8), m($9), m($10), r($6, $7), r($6, $8)
}' "$W/rows.tsv"
awk -F '\t' '
$1 == "S" { series[$2] = $3 }
$1 == "C" && $3 == "tan" { tw[$2] = $6; tm[$2] = $9 }
$1 == "C" && $3 == "prom" { pw[$2] = $6; pm[$2] = $9 }
END {
	for (s in pw)
		if (tw[s] ~ /^[0-9.]+$/ && pw[s] ~ /^[0-9.]+$/ && tw[s] > 0 && tm[s] > 0)
			printf "--format=prom against -tan at %s: %.2fx its time, %.2fx its peak RSS, %s series\n",
				s, pw[s] / tw[s], pm[s] / tm[s], series[s]
}' "$W/rows.tsv"
if ((smoke)); then
	if ((status == 0)); then echo "smoke: OK"; else echo "smoke: FAILED"; fi
fi
exit $status
