# t_proc.sh - the /proc/net source (--source, ss's PROC_ROOT and PROC_NET_*
# variables) on files a 6.18 kernel wrote (tests/data/proc/net: listeners,
# a v6only and a dual-stack wildcard, a listener bound to lo, IPv4-mapped
# connections, TIME-WAIT, CLOSE-WAIT, FIN-WAIT-2, queued bytes, UDP), with
# ss reading the same files as the oracle; broken files; usage errors; and
# a kernel that refuses sock_diag (nodiag.py: a seccomp filter).
procroot=$here/../data/proc
have_ss=false
command -v ss >/dev/null && have_ss=true

# ss's text from the same files, byte for byte
if $have_ss; then
	for args in "-tuan" "-tua" "-tuln" "-Htan" "-tan4" "-tun6" "-tuan state established" \
		"-tuan sport = :22" "-tuan dst 127.0.0.2 or dport = :5432"; do
		# shellcheck disable=SC2086
		want=$(PROC_ROOT=$procroot ss $args)
		# shellcheck disable=SC2086
		got=$(PROC_ROOT=$procroot sv --ss $args)
		[ "$got" = "$want" ] && ok "PROC_ROOT: --ss $args is ss's text" ||
			bad "PROC_ROOT: --ss $args is ss's text" "$(diff <(echo "$got") <(echo "$want") | head -8)"
	done
	want=$(PROC_NET_TCP=$procroot/net/tcp PROC_NET_TCP6=$procroot/net/tcp6 ss -tan)
	got=$(PROC_NET_TCP=$procroot/net/tcp PROC_NET_TCP6=$procroot/net/tcp6 sv --ss -tan)
	[ "$got" = "$want" ] && ok "PROC_NET_TCP, PROC_NET_TCP6: ss's text" ||
		bad "PROC_NET_TCP, PROC_NET_TCP6: ss's text" "$(diff <(echo "$got") <(echo "$want") | head -8)"
	# sockview's layout keeps ss's fields first
	want=$(PROC_ROOT=$procroot ss -Htuan | awk '{ print $1, $2, $3, $4, $5, $6 }')
	got=$(PROC_ROOT=$procroot sv -Htuan | awk '{ print $1, $2, $3, $4, $5, $6 }')
	[ "$got" = "$want" ] && ok "PROC_ROOT: sockview's layout, ss's fields" ||
		bad "PROC_ROOT: sockview's layout, ss's fields" "$(diff <(echo "$got") <(echo "$want") | head -8)"
fi

# --source=proc reads the same files; the variables name them without it too
got=$(PROC_ROOT=$procroot sv --ss --source=proc -tuan)
want=$(PROC_ROOT=$procroot sv --ss -tuan)
[ -n "$got" ] && [ "$got" = "$want" ] && ok "--source=proc under PROC_ROOT" ||
	bad "--source=proc under PROC_ROOT" "$(diff <(echo "$got") <(echo "$want") | head -5)"
got=$(PROC_NET_TCP=$procroot/net/tcp PROC_NET_TCP6=$procroot/net/tcp6 PROC_NET_UDP=$procroot/net/udp \
	PROC_NET_UDP6=$procroot/net/udp6 sv --ss -tuan)
[ "$got" = "$want" ] && ok "PROC_NET_TCP, _TCP6, _UDP, _UDP6 name every file" ||
	bad "PROC_NET_TCP, _TCP6, _UDP, _UDP6 name every file" "$(diff <(echo "$got") <(echo "$want") | head -5)"

# raw, packet and netlink from their files (a namespace's, with sockets of
# each kind): ss's text byte for byte
if $have_ss; then
	for args in "-wa" "-wan" "-w" "-0a" "-0an" "-A netlink" "-f netlink -n" \
		"-A packet,netlink -a"; do
		# shellcheck disable=SC2086
		want=$(PROC_ROOT=$procroot ss $args)
		# shellcheck disable=SC2086
		got=$(PROC_ROOT=$procroot sv --ss $args)
		[ -n "$got" ] && [ "$got" = "$want" ] && ok "PROC_ROOT: --ss $args is ss's text" ||
			bad "PROC_ROOT: --ss $args is ss's text" "$(diff <(echo "$got") <(echo "$want") | head -8)"
	done
	# unix: ss's rows, in ss's order (by type, then inode), but for two of
	# ss's readings of the file that sockview does not share (sockview(8),
	# DIFFERENCES FROM SS): ss takes the name up to its first space, and
	# reads the line's kernel address as a peer, so every datagram socket
	# is ESTAB; sockview prints the whole name, escaped, and UNCONN. The
	# name's length moves the columns: compared field by field.
	# (-x and -xl: ss's ESTAB datagram socket is in one, sockview's UNCONN
	# one in the other: without datagram sockets)
	for args in "-xa" "-x" "-xl" "-xa src *srv*" "-A unix_seqpacket -a"; do
		drop="^$"
		case $args in -x | -xl) drop='^u_dgr' ;; esac
		# shellcheck disable=SC2086
		want=$(PROC_ROOT=$procroot ss -H $args | sed 's/^u_dgr ESTAB /u_dgr UNCONN/' |
			grep -v "$drop" | tr -s ' ')
		# shellcheck disable=SC2086
		got=$(PROC_ROOT=$procroot sv --ss -H $args | sed 's/\\x20with\\x20space / /' |
			grep -v "$drop" | tr -s ' ')
		[ -n "$got" ] && [ "$got" = "$want" ] && ok "PROC_ROOT: --ss $args: ss's rows" ||
			bad "PROC_ROOT: --ss $args: ss's rows" "$(diff <(echo "$got") <(echo "$want") | head -8)"
	done
	got=$(PROC_ROOT=$procroot sv -Hxa | awk '{ print $1, $2, $5, $6, $9, $10, $11 }')
	want='u_str LISTEN /run/svtest/srv.sock 15021273 listen path -
u_str ESTAB * 15021274 unknown unnamed -
u_str ESTAB /run/svtest/srv.sock 15021275 in path -
u_str LISTEN @fx-abstract 15021276 listen abstract -
u_str ESTAB * 15021277 unknown unnamed -
u_str ESTAB * 15021278 unknown unnamed -
u_dgr UNCONN /run/svtest/dgram\x20with\x20space 15021279 listen path -
u_seq ESTAB * 15021280 unknown unnamed -
u_seq ESTAB * 15021281 unknown unnamed -
u_seq LISTEN @fx-seq 15021282 listen abstract -'
	[ "$got" = "$want" ] && ok "/proc/net/unix: sockview's rows, roles and classes" ||
		bad "/proc/net/unix: sockview's rows, roles and classes" "$(diff <(echo "$got") <(echo "$want"))"
fi

# --source=proc -a with no table option: the tables without a file are those
# no source can list, counted from /proc/net/protocols (the host's: here
# none of their sockets is expected), not errors
out=$(PROC_ROOT=$procroot sv --source=proc -Ha 2>"$tmpd/err"); rc=$?
n=$(awk '$1 == "DCCP" || $1 == "DCCPv6" || $1 == "SCTP" || $1 == "SCTPv6" || $1 == "XDP" ||
	$1 == "MPTCP" || $1 == "MPTCPv6" || $1 == "TIPC" { s += $3 } END { print s + 0 }' /proc/net/protocols)
if echo "$out" | grep -q '^u_str ' && echo "$out" | grep -q '^tcp ' && echo "$out" | grep -q '^p_raw ' &&
	if [ "$n" = 0 ]; then [ $rc = 0 ] && [ ! -s "$tmpd/err" ]
	else [ $rc = 3 ] && grep -q 'cannot be listed' "$tmpd/err"; fi; then
	ok "--source=proc alone: every table with a file listed, the others counted ($n sockets)"
else
	bad "--source=proc alone: every table with a file listed, the others counted ($n sockets)" \
		"exit $rc" "$(head -3 "$tmpd/err")"
fi

# roles and classes from /proc: the listeners are learnt from the files
got=$(PROC_ROOT=$procroot sv -Htan | awk '$4 == "127.0.0.2:40881" || $4 == "127.0.0.1:5432" || $4 == "*:22" { print $4, $5, $6, $7, $8 }')
want="127.0.0.2:40881 127.0.0.1:5432 out ephemeral postgresql
127.0.0.1:5432 127.0.0.2:40881 in registered postgresql
127.0.0.1:5432 127.0.0.1:40584 in registered postgresql
*:22 *:* listen well-known ssh"
[ "$got" = "$want" ] && ok "/proc rows: roles, classes, services" || bad "/proc rows: roles, classes, services" "$got"

# JSON leaves out what /proc/net does not show, and says where rows came from
if command -v python3 >/dev/null; then
	v=$here/../json/validate.py
	out=$(PROC_ROOT=$procroot sv -tuanj)
	if echo "$out" | python3 "$v" --min 27 --no-processes >/dev/null &&
		[ "$(echo "$out" | grep -c '"source":"proc"')" = 27 ] &&
		! echo "$out" | grep -q '"cookie"\|"v6only"\|"mark"\|"cgroup_id"\|"interface"' &&
		[ "$(echo "$out" | grep '"LISTEN"' | grep -c '"send_q"')" = 0 ] &&
		[ "$(echo "$out" | grep '"ESTAB"' | grep -c '"send_q":0')" = 16 ]; then
		ok "-j from /proc: valid, no cookie, v6only, backlog; source proc"
	else
		bad "-j from /proc: valid, no cookie, v6only, backlog; source proc" \
			"$(echo "$out" | python3 "$v" --no-processes 2>&1 | tail -2)" "$(echo "$out" | head -3)"
	fi
fi

# files that cannot be read or are broken: exit 3, the file and line named,
# every other row still listed
pd=$tmpd/proc-files # a directory of its own (other scripts use $tmpd/proc)
cp -r "$procroot" "$pd"
full=$(PROC_ROOT=$pd sv --ss -Htuan)
sed -i '3s/ 0A / ZZ /' "$pd/net/tcp"
out=$(PROC_ROOT=$pd sv --ss -Htuan 2>"$tmpd/err"); rc=$?
want=$(echo "$full" | grep -v '0.0.0.0:5432 ')
[ $rc = 3 ] && [ "$out" = "$want" ] &&
	[ "$(cat "$tmpd/err")" = "sockview: tcp IPv4: $pd/net/tcp line 3: bad state 'ZZ'; the line was skipped" ] &&
	ok "a malformed line: skipped, named, exit 3" ||
	bad "a malformed line: skipped, named, exit 3" "exit $rc" "$(cat "$tmpd/err")" "$(diff <(echo "$out") <(echo "$want") | head -4)"
cp "$procroot/net/tcp" "$pd/net/tcp"
head -c 500 "$procroot/net/tcp6" >"$pd/net/tcp6"
out=$(PROC_ROOT=$pd sv --ss -Htuan 2>"$tmpd/err"); rc=$?
[ $rc = 3 ] && grep -q "^sockview: tcp IPv6: $pd/net/tcp6 line 3: the last line has no newline (the file was cut short)" "$tmpd/err" &&
	[ "$(echo "$out" | grep -c '^tcp .*\[::1\]')" = 0 ] && [ "$(echo "$out" | grep -c '^tcp .* \*:443 ')" = 1 ] &&
	ok "a file cut short: its whole lines listed, exit 3" ||
	bad "a file cut short: its whole lines listed, exit 3" "exit $rc" "$(cat "$tmpd/err")"
rm "$pd/net/tcp6"
out=$(PROC_ROOT=$pd sv --ss -Htuan 2>"$tmpd/err"); rc=$?
[ $rc = 0 ] && [ ! -s "$tmpd/err" ] && [ "$(echo "$out" | grep -c '^tcp .*\[')" = 0 ] &&
	[ "$(echo "$out" | grep -c '^udp .*\[')" = 2 ] &&
	ok "no tcp6 file (a kernel without IPv6): no IPv6 TCP rows, no error" ||
	bad "no tcp6 file (a kernel without IPv6): no IPv6 TCP rows, no error" "exit $rc" "$(cat "$tmpd/err")"
rm "$pd/net/udp" && mkdir "$pd/net/udp"
out=$(PROC_ROOT=$pd sv --ss -Htuan 2>"$tmpd/err"); rc=$?
[ $rc = 3 ] && [ "$(cat "$tmpd/err")" = "sockview: udp IPv4: reading $pd/net/udp after line 0: Is a directory" ] &&
	[ "$(echo "$out" | grep -c '^tcp ')" = 14 ] &&
	ok "an unreadable file: named, exit 3, the other tables listed" ||
	bad "an unreadable file: named, exit 3, the other tables listed" "exit $rc" "$(cat "$tmpd/err")"
rmdir "$pd/net/udp"
out=$(PROC_ROOT=$pd sv -Hun 2>"$tmpd/err"); rc=$?
[ $rc = 3 ] && [ -z "$out" ] && [ "$(cat "$tmpd/err")" = "sockview: udp IPv4: cannot open $pd/net/udp: No such file or directory" ] &&
	ok "a missing file: named, exit 3" || bad "a missing file: named, exit 3" "exit $rc" "$(cat "$tmpd/err")"
out=$(PROC_NET_TCP=/etc/services sv -Htn 2>"$tmpd/err"); rc=$?
[ $rc = 3 ] && grep -q "^sockview: tcp IPv4: /etc/services line 1: the header starts with '.*', not 'sl' (not this table's file?)" "$tmpd/err" &&
	ok "another file named by PROC_NET_TCP: refused at its header" ||
	bad "another file named by PROC_NET_TCP: refused at its header" "exit $rc" "$(cat "$tmpd/err")"

# --source=netlink never reads the files; auto with PROC_ROOT does
PROC_ROOT=/nonexistent sv --source=netlink -tuan >/dev/null 2>"$tmpd/err" && [ ! -s "$tmpd/err" ] &&
	ok "--source=netlink ignores PROC_ROOT" || bad "--source=netlink ignores PROC_ROOT" "$(cat "$tmpd/err")"
PROC_ROOT=/nonexistent sv -tuan >/dev/null 2>"$tmpd/err"; rc=$?
[ $rc = 3 ] && grep -q "cannot open /nonexistent/net/udp" "$tmpd/err" &&
	ok "PROC_ROOT alone reads the files, as ss" || bad "PROC_ROOT alone reads the files, as ss" "exit $rc"
# -D records sock_diag's answers: PROC_ROOT does not move it to the files
PROC_ROOT=/nonexistent sv -D "$tmpd/d.dump" -t 2>"$tmpd/err" && [ -s "$tmpd/d.dump" ] &&
	sv --replay "$tmpd/d.dump" -tan >/dev/null &&
	ok "-D ignores PROC_ROOT (it records sock_diag)" || bad "-D ignores PROC_ROOT (it records sock_diag)" "$(cat "$tmpd/err")"

# usage
expect_status "--source=bogus" 2 "unknown source 'bogus' for --source (auto, netlink or proc)" --source=bogus -tan
expect_status "--source without a value" 2 "option '--source' needs an argument" -tan --source
expect_status "--source=proc with --replay" 2 "--source=proc reads /proc/net: it cannot go with a recorded dump" \
	--source=proc --replay "$dump"
expect_status "--source=proc with -D" 2 "-D records sock_diag's dumps: it cannot go with --source=proc" \
	--source=proc -D "$tmpd/x.dump"
expect_status "-s with --source=netlink" 2 "-s reads this host's totals from /proc: it cannot go with --source=netlink" \
	-s --source=netlink
expect_status "autobound with --source=proc" 2 "'autobound' can only be decided by the kernel, not with --replay, --source=proc" \
	--source=proc -tan autobound

# a kernel that refuses sock_diag (seccomp: as a container's policy does)
if command -v python3 >/dev/null; then
	nd="python3 $here/nodiag.py"
	$nd EPERM true 2>/dev/null; ndrc=$?
	if [ $ndrc = 0 ]; then
		out=$($nd EPERM "$bin" -tuan 2>"$tmpd/err"); rc=$?
		[ $rc = 0 ] && [ "$(cat "$tmpd/err")" = "sockview: cannot open a sock_diag netlink socket (Operation not permitted): listing from /proc/net, which lacks some details (sockview(8), SOURCES)" ] &&
			[ "$(echo "$out" | head -1 | awk '{ print $1, $NF }')" = "Netid Service" ] &&
			ok "sock_diag refused (EPERM): /proc/net, said once, exit 0" ||
			bad "sock_diag refused (EPERM): /proc/net, said once, exit 0" "exit $rc" "$(cat "$tmpd/err")"
		$nd EPROTONOSUPPORT "$bin" -tuan >/dev/null 2>"$tmpd/err"; rc=$?
		[ $rc = 0 ] && grep -q "(Protocol not supported): listing from /proc/net" "$tmpd/err" &&
			ok "sock_diag missing (EPROTONOSUPPORT): /proc/net" ||
			bad "sock_diag missing (EPROTONOSUPPORT): /proc/net" "exit $rc" "$(cat "$tmpd/err")"
		$nd EPERM "$bin" --source=netlink -tuan >"$tmpd/out" 2>"$tmpd/err"; rc=$?
		[ $rc = 3 ] && [ ! -s "$tmpd/out" ] &&
			[ "$(cat "$tmpd/err")" = "sockview: cannot open a sock_diag netlink socket: Operation not permitted" ] &&
			ok "--source=netlink forbids the fallback" || bad "--source=netlink forbids the fallback" "exit $rc" "$(cat "$tmpd/err")"
		out=$($nd EPERM "$bin" --source=proc -tuan 2>"$tmpd/err"); rc=$?
		[ $rc = 0 ] && [ ! -s "$tmpd/err" ] && ok "--source=proc: no note" || bad "--source=proc: no note" "$(cat "$tmpd/err")"
		# the files of ss's variables need no sock_diag: no note either
		out=$(PROC_ROOT=$procroot $nd EPERM "$bin" --ss -tuan 2>"$tmpd/err"); rc=$?
		[ $rc = 0 ] && [ ! -s "$tmpd/err" ] && [ "$out" = "$(PROC_ROOT=$procroot sv --ss -tuan)" ] &&
			ok "PROC_ROOT under a refused sock_diag: the files, quietly" ||
			bad "PROC_ROOT under a refused sock_diag: the files, quietly" "exit $rc" "$(cat "$tmpd/err")"
	else
		echo "# skip: nodiag.py cannot install a seccomp filter here (exit $ndrc)"
	fi
fi
