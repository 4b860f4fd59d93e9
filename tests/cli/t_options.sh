# t_options.sh - every option of ss 6.1 and 7.x in its short and long forms:
# the supported ones give the same result either way, the others are refused
# as "not supported yet" with status 2; -s with options it cannot honour;
# words echoed in usage errors are escaped; the manual lists it all.
# Sourced by run.sh.

# try ARGS...: "STATUS|STDERR" of sockview ARGS ("+stdout" after STATUS if
# it printed anything)
try() {
	local out rc
	out=$(sv "$@" 2>"$tmpd/stderr")
	rc=$?
	[ -z "$out" ] || rc="$rc+stdout"
	printf '%s|%s' "$rc" "$(cat "$tmpd/stderr")"
}

# verdict NAME [FAILURE...]: ok if there is no failure
verdict() {
	local name=$1
	shift
	if [ $# = 0 ]; then ok "$name"; else bad "$name" "$@"; fi
}

# The options of ss that sockview does not support yet: letter (- none),
# long name, an argument to give (- none). -A is --query and --socket.
todo_options='- tipcinfo -
- bpf-maps -
- bpf-map-id 7'

# Each form ss accepts (-f inet, -finet, -tf inet, --family=inet,
# --family inet) gets the same refusal, naming both forms, with status 2.
seen=
while read -r c long arg; do
	forms=()
	if [ "$c" != - ] && [ "${seen#*"$c"}" = "$seen" ]; then
		seen=$seen$c
		if [ "$arg" = - ]; then forms+=("-$c" "-t$c"); else forms+=("-$c $arg" "-$c$arg" "-t$c $arg"); fi
	fi
	if [ "$arg" = - ]; then forms+=("--$long"); else forms+=("--$long=$arg" "--$long $arg"); fi
	if [ "$c" = - ]; then name="'--$long'"; else name="'-$c' (--$long)"; fi
	want="2|sockview: option $name is not supported yet
Try 'sockview --help' for more information."
	wrong=()
	$light && forms=("${forms[0]}")
	for f in "${forms[@]}"; do
		# shellcheck disable=SC2086 # a form is one or two words
		got=$(try $f)
		[ "$got" = "$want" ] || wrong+=("$f: $got")
	done
	[ ${#wrong[@]} = 0 ] || wrong=("want: $want" "${wrong[@]}")
	verdict "${forms[*]}: not supported yet" "${wrong[@]}"
done <<<"$todo_options"

# The supported options: the short and the long form give the same status,
# output and messages on a recorded dump. STATUS|SHORT|LONG
ffile=$tmpd/options-filter
echo 'dport = 22' > "$ffile"
wrong=()
while IFS='|' read -r status short long; do
	# shellcheck disable=SC2086
	a=$(try --replay "$dump" $short)
	# shellcheck disable=SC2086
	b=$(try --replay "$dump" $long)
	if [ "$a" != "$b" ] || [ "${a%%|*}" != "$status" ]; then
		wrong+=("'$short' vs '$long' (want status $status)" "  $a" "  $b")
	fi
done <<EOF
0+stdout|-t|--tcp
0+stdout|-u -a|--udp --all
0+stdout|-l|--listening
0+stdout|-n|--numeric
0+stdout|-4|--ipv4
0+stdout|-6|--ipv6
0+stdout|-H|--no-header
0+stdout|-Q|--no-queues
0+stdout|-tQn|--tcp --no-queues --numeric
0+stdout|-B|--bound-inactive
0+stdout|-rn --resolve-timeout=0|--resolve --numeric --resolve-timeout 0
0+stdout|-r --resolve-timeout=0 -B|--resolve --resolve-timeout=0 --bound-inactive
0+stdout|-j|--json
0+stdout|-h|--help
0+stdout|-V|--version
0+stdout|-v|--version
0+stdout|-F $ffile|--filter=$ffile
0+stdout|-F$ffile|--filter $ffile
0+stdout|-x|--unix
0+stdout|-0|--packet
0+stdout|-b|--bpf
0+stdout|-0b|--packet --bpf
0+stdout|-w|--raw
0+stdout|-t -M|--tcp --mptcp
0+stdout|-f inet|--family=inet
0+stdout|-finet6|--family inet6
0+stdout|-A tcp|--query=tcp
0+stdout|-A tcp,udp|--socket tcp,udp
2|-A bogus|--query=bogus
2|-f ipx|--family=ipx
2|-D $tmpd/options.dump|--diag=$tmpd/options.dump
2|-D $tmpd/options.dump|--diag $tmpd/options.dump
2|-p|--processes
2|-E|--events
2|-K|--kill
2|-K --force|--kill --force
2|-E --timestamp|--events --timestamp
0+stdout|-o|--options
0+stdout|-e|--extended
0+stdout|-m|--memory
0+stdout|-i|--info
0+stdout|-tOi|--tcp --oneline --info
0+stdout|-teomi --tos --cgroup --inet-sockopt|--tcp --extended --options --memory --info --tos --cgroup --inet-sockopt
0+stdout|-j -eomi|--json --extended --options --memory --info
EOF
verdict "supported options: short and long forms agree" "${wrong[@]}"

# Every option in the installed ss's usage is known (ss 6.1 here; the
# table above has ss 7.x's too): never "unknown option".
if command -v ss >/dev/null && ! $light; then
	wrong=()
	for o in $(ss -h 2>&1 | grep -oE '(^|[ ,])--?[[:alnum:]][-[:alnum:]]*' | tr -d ' ,' | sort -u); do
		# no lookup leaves the host: -r gets a budget of 0
		got=$(try --replay "$dump" --resolve-timeout=0 "$o")
		case $got in *"unknown option"*) wrong+=("$o: $got") ;; esac
	done
	verdict "every option of 'ss -h' is known" "${wrong[@]}"
fi

# -s prints this host's totals: with what asks for anything else, status 2
# and a message naming it
s_msg="-s reads this host's totals from /proc: it cannot go with"
expect_status "-s with --replay" 2 "$s_msg --replay" -s --replay "$dump"
expect_status "-s with -p" 2 "$s_msg -p" --summary -p
expect_status "-s with -D" 2 "$s_msg -D" -s -D "$tmpd/options.dump"
expect_status "-s with --format=prom" 2 "--format=prom cannot go with -s" -s --format=prom
expect_status "-s with --json-lines" 2 "$s_msg --json-lines" -s --json-lines
expect_status "-s with -F" 2 "$s_msg -F" -s -F "$ffile"
expect_status "-s with state words" 2 "$s_msg the state filter 'state established'" -s state established
expect_status "-s with a filter" 2 "$s_msg the filter word 'dport'" -s dport = 22
TCPDIAG_FILE=$dump expect_status "-s with TCPDIAG_FILE" 2 "$s_msg TCPDIAG_FILE" -s

# A word echoed in a usage error is escaped: no ESC byte reaches stderr
esc=$'\e[31mRED'
for args in "--$esc" "--$esc=1" "-t$esc" "state|$esc" "exclude|$esc" "-s|$esc"; do
	IFS='|' read -r -a words <<<"$args"
	sv "${words[@]}" >/dev/null 2>"$tmpd/stderr"
	rc=$?
	name="escaped in the message: ${args//$'\e'/ESC}"
	if [ "$rc" = 2 ] && ! LC_ALL=C grep -q $'\e' "$tmpd/stderr" &&
		grep -qF '\x1b' "$tmpd/stderr"; then
		ok "$name"
	else
		bad "$name" "exit $rc" "stderr: $(od -c "$tmpd/stderr" | head -3)"
	fi
done

# The manual lists every ss option, and its example of an unsupported one is
# refused as it says
man=$here/../../man/sockview.8
wrong=()
while read -r c long _; do
	grep -qF -- "Fl -$long" "$man" || wrong+=("--$long")
	[ "$c" = - ] || grep -qE -- "Fl $c( |\$)" "$man" || wrong+=("-$c")
done <<<"$todo_options
h help
V version
v version
n numeric
a all
l listening
p processes
s summary
4 ipv4
6 ipv6
t tcp
u udp
w raw
M mptcp
S sctp
d dccp
- vsock
- tipc
- xdp
H no-header
Q no-queues
D diag
F filter
o options
e extended
m memory
i info
- tos
- cgroup
O oneline
- inet-sockopt
r resolve
- resolve-timeout
B bound-inactive
Z context
z contexts
E events
K kill
- timestamp
- force"
verdict "the manual lists every ss option" "${wrong[@]}"
examples=$(grep -oE "option '[^']+'( \([^)]*\))? is not supported yet" "$man")
wrong=()
[ -n "$examples" ] || wrong+=("no example found")
while read -r ex; do
	o=${ex#option \'}
	o=${o%%\'*}
	got=$(sv "$o" 2>&1 >/dev/null | head -1)
	[ "$got" = "sockview: $ex" ] || wrong+=("$o: $got")
done <<<"$examples"
verdict "the manual's unsupported example is unsupported" "${wrong[@]}"
