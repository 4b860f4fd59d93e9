# t_basic.sh - replayed dumps with filters (fixed expected rows, as
# iproute2's own ssfilter test), usage errors, a closed pipe, JSON, -s.
# Sourced by run.sh.

# check NAME EXPECTED ARGS...: rows of `sockview --replay ss1.dump -Htna -4 ARGS`
check_replay() {
	local name=$1 want=$2 got
	shift 2
	got=$(sv --replay "$dump" -Htna -4 "$@" 2>&1 | ss_part)
	if [ "$got" = "$want" ]; then ok "$name"; else bad "$name" "want: $want" "got:  $got"; fi
}

L='LISTEN 0 128 0.0.0.0:22 0.0.0.0:*'
E1='ESTAB 0 0 10.0.0.1:22 10.0.0.1:36266'
E2='ESTAB 0 0 10.0.0.1:36266 10.0.0.1:22'
E3='ESTAB 0 0 10.0.0.1:22 10.0.0.2:50312'
nl=$'\n'

check_replay "replay: no filter" "$L$nl$E1$nl$E2$nl$E3"
check_replay "replay: dport = 22" "$E2" dport = 22
check_replay "replay: dport 22 (no operator)" "$E2" dport 22
check_replay "replay: dport = :ssh" "$E2" dport = :ssh
check_replay "replay: src 0.0.0.0" "$L" src 0.0.0.0
check_replay "replay: src and sport and dport" "$E3" src 10.0.0.1 and sport = 22 and dport = 50312
check_replay "replay: parenthesised or, then and" "$E3" '(' src 0.0.0.0 or src 10.0.0.1 ')' and dst 10.0.0.2
check_replay "replay: attached parentheses" "$E3" '(src 0.0.0.0 or src 10.0.0.1)' and dst 10.0.0.2
check_replay "replay: sport > :1024" "$E2" sport '>' :1024
check_replay "replay: not sport = 22" "$E2" not sport = 22
check_replay "replay: dst 10.0.0.0/24 and not dst 10.0.0.1" "$E3" dst 10.0.0.0/24 and '!' dst 10.0.0.1
# one state: no State column, as ss
check_replay "replay: state listening" "0 128 0.0.0.0:22 0.0.0.0:* listen" state listening
check_replay "replay: exclude listening" "$E1$nl$E2$nl$E3" exclude listening
check_replay "replay: role in" "$E1$nl$E3" role in
check_replay "replay: role out" "$E2" role out
check_replay "replay: service ssh or class well-known" "$L$nl$E1$nl$E2$nl$E3" service ssh

# -F FILE with a comment, and from stdin
ffile=$tmpd/filter
printf '# only the peer 10.0.0.2\ndst 10.0.0.2 # trailing comment\n' > "$ffile"
check_replay "replay: -F file" "$E3" -F "$ffile"
got=$(echo 'sport = 36266' | sv --replay "$dump" -Htna -4 -F - | ss_part)
[ "$got" = "$E2" ] && ok "replay: -F -" || bad "replay: -F -" "got: $got"

# TCPDIAG_FILE, as ss honours it; both parts of the file are read
got=$(TCPDIAG_FILE=$dump sv -Htna | wc -l)
[ "$got" = 7 ] && ok "TCPDIAG_FILE reads both parts" || bad "TCPDIAG_FILE reads both parts" "got $got rows"

# ss as oracle on the same file (ss reads only the IPv4 part)
if command -v ss >/dev/null; then
	for f in "" "dport = 22" "src 0.0.0.0" "sport = 22 and dport = 50312"; do
		# shellcheck disable=SC2086
		want=$(TCPDIAG_FILE=$dump ss -Htna $f | ss_part)
		# shellcheck disable=SC2086
		got=$(sv --replay "$dump" -Htna -4 $f | ss_part)
		[ "$got" = "$want" ] && ok "same as ss: '$f'" || bad "same as ss: '$f'" "ss: $want" "sv: $got"
	done
fi

expect_status "unknown option" 2 "unknown option '-y'" -y
expect_status "unknown long option" 2 "unknown option '--bogus'" --bogus
expect_status "ss option not there yet" 2 "option '--bpf-maps' is not supported yet" -t --bpf-maps
expect_status "bad state" 2 "unknown state 'bogus'" state bogus
expect_status "filter syntax error" 2 "filter:" --replay "$dump" dport = '('
expect_status "bad port" 2 "70000" --replay "$dump" dport = 70000
expect_status "unknown service" 2 "nosuchservice" --replay "$dump" dport = :nosuchservice
expect_status "filter both ways" 2 "not both" -F /dev/null dport = 22
expect_status "missing filter file" 3 "cannot read filter file" -F /nonexistent
expect_status "missing dump file" 3 "cannot read dump file" --replay /nonexistent
expect_status "foreign dump file" 3 "dump" --replay /etc/hostname
head -c 300 "$dump" > "${ffile}.cut"
expect_status "truncated dump file" 3 "truncated" --replay "${ffile}.cut"
rm -f "${ffile}.cut"

# 65536 state words: parsed in linear time, same answer as one (a bigger
# stack limit raises the kernel's limit on argument bytes)
words=()
for _ in $(seq 65536); do words+=(state established); done
got=$( (ulimit -s 65536; timeout 20 "$bin" --replay "$dump" -Htna -4 "${words[@]}") | ss_part)
want=$(sv --replay "$dump" -Htna -4 state established | ss_part)
[ -n "$want" ] && [ "$got" = "$want" ] && ok "65536 state words" || bad "65536 state words" "got: $got"

# a reader that closes the pipe: quiet, status 0 (a dump big enough that
# sockview is still writing when head exits)
errf=$(mktemp) big=$(mktemp)
cp "$dump" "$big"
for _ in $(seq 12); do cat "$big" "$big" > "$big.2" && mv "$big.2" "$big"; done # 4096 copies
sv --replay "$big" -tna 2>"$errf" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
if [ "$rc" = 0 ] && [ ! -s "$errf" ]; then ok "closed pipe"; else bad "closed pipe" "exit $rc" "$(cat "$errf")"; fi
rm -f "$errf" "$big"

# JSON: a real parser validates the schema, array and lines forms
if command -v python3 >/dev/null; then
	v=$here/../json/validate.py
	sv --replay "$dump" -tanj | python3 "$v" --min 7 --no-processes >/dev/null &&
		ok "-j validates" || bad "-j validates"
	sv --replay "$dump" -tan --json-lines | python3 "$v" --lines --min 7 --no-processes >/dev/null &&
		ok "--json-lines validates" || bad "--json-lines validates"
	got2=$(sv --replay "$dump" -tanj sport = 1 | tr -d '\n')
	[ "$got2" = "[]" ] && ok "-j with no rows is []" || bad "-j with no rows is []" "got: $got2"
fi
# an empty TCPDIAG_FILE is no replay: -p and autobound are allowed live
TCPDIAG_FILE= sv -tnp >/dev/null 2>&1 && TCPDIAG_FILE= sv -tn autobound >/dev/null 2>&1 &&
	ok "empty TCPDIAG_FILE means live" || bad "empty TCPDIAG_FILE means live"
expect_status "-p with a recorded dump" 2 "cannot go with a recorded dump" --replay "$dump" -tp

# --ss -s equals ss -s (counters move with the machine: up to 3 tries);
# -s is ss's text, then sockview's own totals
if command -v ss >/dev/null; then
	same=no
	for _ in 1 2 3; do
		if [ "$(sv --ss -s)" = "$(ss -s)" ]; then same=yes; break; fi
	done
	[ $same = yes ] && ok "--ss -s same as ss -s" ||
		bad "--ss -s same as ss -s" "$(diff <(sv --ss -s) <(ss -s))"
	# but for Total:, which counts the netlink sockets of the -s before
	# until the kernel frees them
	same=no
	for _ in 1 2 3; do
		sv -s >"$tmpd/s.out"
		ss -s >"$tmpd/ss.out"
		if [ "$(sed -n "2,$(wc -l <"$tmpd/ss.out")p" "$tmpd/s.out")" = \
			"$(sed 1d "$tmpd/ss.out")" ] && grep -q '^Total: [0-9]*$' "$tmpd/s.out"; then
			same=yes
			break
		fi
	done
	if [ $same = yes ] && grep -q '^Port class  Total' "$tmpd/s.out" &&
		grep -q '^Ephemeral ports [0-9]*-[0-9]*' "$tmpd/s.out"; then
		ok "-s: ss -s's text, then sockview's own totals"
	else
		bad "-s: ss -s's text, then sockview's own totals" "$(cat "$tmpd/s.out")"
	fi
fi

sv --help | grep -q -- '--replay' && ok "--help" || bad "--help"
sv -V | grep -q '^sockview ' && ok "-V" || bad "-V"

