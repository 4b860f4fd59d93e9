# t_misc.sh - the tables this kernel may not dump (raw over raw_diag, sctp,
# dccp, vsock, tipc, xdp), from a recording made by gen_misc_dump.py: ss's
# layout byte for byte (its formats: raw's protocol names, sctp's
# association rows, vsock's cid:port with '*', tipc's ti_* netids and '-'
# for no peer, xdp's dev:qN), sockview's layout with no empty or split
# field, and the JSON schema. Sourced by run.sh.

misc=$tmpd/misc.dump
python3 "$here/gen_misc_dump.py" "$misc"
all="-a -A raw,sctp,dccp,vsock,tipc,xdp"
# shellcheck disable=SC2086
if sv --replay "$misc" --ss $all | cmp -s - "$here/../data/misc.ss-all"; then
	ok "--ss: raw, dccp, sctp, vsock, tipc, xdp as ss prints them"
else
	# shellcheck disable=SC2086
	bad "--ss: raw, dccp, sctp, vsock, tipc, xdp as ss prints them" \
		"$(sv --replay "$misc" --ss $all | diff - "$here/../data/misc.ss-all" | head -8)"
fi
# shellcheck disable=SC2086
if sv --replay "$misc" $all | cmp -s - "$here/../data/misc.sv-all"; then
	ok "sockview's layout of those tables"
else
	# shellcheck disable=SC2086
	bad "sockview's layout of those tables" \
		"$(sv --replay "$misc" $all | diff - "$here/../data/misc.sv-all" | head -8)"
fi
# shellcheck disable=SC2086
got=$(sv --replay "$misc" -H $all | awk '{print NF}' | sort -u)
[ "$got" = 9 ] && ok "every row of those tables has 9 fields" ||
	bad "every row of those tables has 9 fields" "got: $got"
# numeric: raw's protocols as numbers
got=$(sv --replay "$misc" --ss -Hwan | awk '{print $4}' | tr '\n' ' ')
[ "$got" = "127.0.0.1:1 127.0.0.1:255 *:58 " ] && ok "-n: raw's protocols as numbers" ||
	bad "-n: raw's protocols as numbers" "got: $got"
# ss's defaults: raw and xdp shown only unconnected with -a; vsock stream
# connections by default
got=$(sv --replay "$misc" -H --vsock | awk '{print $2}' | tr '\n' ' ')
[ "$got" = "ESTAB " ] && ok "--vsock: connections only, as ss" || bad "--vsock: connections only, as ss" "got: $got"
got=$(sv --replay "$misc" -H --tipc | awk '{print $1}' | tr '\n' ' ')
[ "$got" = "UNCONN ESTAB LISTEN " ] && ok "--tipc: ss's TIPC default states" ||
	bad "--tipc: ss's TIPC default states" "got: $got"
got=$(sv --replay "$misc" -H -S | awk '{print $1}' | tr '\n' ' ')
[ "$got" = 'ESTAB `-ESTAB `-COOKIE_WAIT ' ] && ok "-S: an endpoint's associations follow it" ||
	bad "-S: an endpoint's associations follow it" "got: $got"
got=$(sv --replay "$misc" -H -Sl | wc -l)
[ "$got" = 1 ] && ok "-Sl: listeners, no associations" || bad "-Sl: listeners, no associations" "got: $got"
# a filter on ports does not match sockets without IP ports
got=$(sv --replay "$misc" -H -a --vsock sport = :1234 | wc -l)
[ "$got" = 0 ] && ok "port conditions do not match vsock sockets" ||
	bad "port conditions do not match vsock sockets" "got: $got rows"
got=$(sv --replay "$misc" -H -a --xdp dev lo | awk '{print $4}')
[ "$got" = "lo:q3" ] && ok "dev: an XDP socket's interface" || bad "dev: an XDP socket's interface" "got: $got"
# JSON
# shellcheck disable=SC2086
sv --replay "$misc" -j $all >"$tmpd/misc.json"
if python3 "$here/../json/validate.py" --min 16 <"$tmpd/misc.json" >/dev/null 2>"$tmpd/err"; then
	ok "JSON of those tables follows the schema"
else
	bad "JSON of those tables follows the schema" "$(cat "$tmpd/err")"
fi
grep -q '"netid":"ti_st".*"peer":{"node":16781314,"ref":43}' "$tmpd/misc.json" &&
	grep -q '"netid":"xdp","state":"UNCONN","recv_q":0,"send_q":0,"role":null' "$tmpd/misc.json" &&
	grep -q '"local":{"cid":4294967295,"port":1234}' "$tmpd/misc.json" &&
	ok "JSON: tipc peers, unbound xdp, vsock's any cid" || bad "JSON: tipc peers, unbound xdp, vsock's any cid"
# ss names dccp's, sctp's and mptcp's ports after the last of raw, udp and
# tcp it listed in the same run (its dg_proto), and after any protocol's
# first entry when it listed none: the oracle is the services database
# (getent services PORT[/PROTO] is getservbyport with that protocol)
name_of() { getent services "$1" | awk '{print $1}'; }
want_any=$(name_of 5555) want_udp=$(name_of 5555/udp) want_tcp=$(name_of 5555/tcp)
for pair in "dccp:${want_any:-5555}" "udp,dccp:${want_udp:-5555}" \
	"tcp,dccp:${want_tcp:-5555}" "raw,dccp:ipproto-5555" "tcp,udp,raw,dccp:${want_tcp:-5555}"; do
	q=${pair%%:*} want=${pair#*:} # dccp's rows: the ones on 0.0.0.0
	got=$(sv --replay "$misc" --ss -Hl -A "$q" | awk '$(NF-1) ~ /^0\.0\.0\.0:/ {print $(NF-1)}' | grep -v '5001$' | sed 's/.*://')
	[ "$got" = "$want" ] && ok "-A $q: dccp's port 5555 named as ss names it ($want)" ||
		bad "-A $q: dccp's port 5555 named as ss names it ($want)" "got: $got"
done
got=$(sv --replay "$misc" --ss -Hln -A raw,dccp | awk '$1 == "dccp" {print $5}' | tr '\n' ' ')
[ "$got" = "0.0.0.0:5001 0.0.0.0:5555 " ] && ok "-n: dccp's ports as numbers after raw" ||
	bad "-n: dccp's ports as numbers after raw" "got: $got"
# a replay gives each table only its own parts
got=$(sv --replay "$misc" -H -a -A tcp,udp,unix | wc -l)
[ "$got" = 0 ] && ok "--replay: the recording's tables only where asked for" ||
	bad "--replay: the recording's tables only where asked for" "got: $got rows"
got=$(sv --replay "$misc" -H -a -A xdp,tipc | awk '{print $1}' | sort | uniq -c | awk '{print $2 $1}' | tr '\n' ' ')
[ "$got" = "ti_rd1 ti_sq1 ti_st1 xdp2 " ] && ok "--replay -A xdp,tipc: their rows, no other" ||
	bad "--replay -A xdp,tipc: their rows, no other" "got: $got"
