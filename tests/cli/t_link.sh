# t_link.sh - packet and netlink sockets (-0, -f link, -f netlink, -A, -b):
# a recording of both (tests/data/link.dump, made with ss's output of the
# same sockets by tests/data/make_link_dump.py) replayed in every layout
# against ss's text; sockview's columns and JSON for them; their filter
# conditions; a malformed packet message; and, live, a netlink port id's
# process name escaped. Sourced by run.sh.

ldump=$here/../data/link.dump
ldata=$here/../data

# --ss on the recording: ss's bytes, for each form ss was run with
for a in -0an -0anb -0a; do
	if sv --replay "$ldump" --ss $a >"$tmpd/link.out" 2>"$tmpd/link.err" &&
		cmp -s "$tmpd/link.out" "$ldata/link.ss$a"; then
		ok "--ss $a on a recording: ss's bytes"
	else
		bad "--ss $a on a recording: ss's bytes" "$(diff "$ldata/link.ss$a" "$tmpd/link.out" | head -8)" \
			"$(cat "$tmpd/link.err")"
	fi
done

# netlink: ss's rows but each tool's own sock_diag socket (protocol 4, a
# port id other than the kernel's), field by field
nl_rows() { awk 'NR > 1 && !($3 ~ /^4:/ && $3 != "4:0") { $1 = $1; print }'; }
sv --replay "$ldump" --ss -n -f netlink | nl_rows >"$tmpd/link.sv"
nl_rows <"$ldata/link.ss-nl" >"$tmpd/link.ss"
if [ -s "$tmpd/link.ss" ] && cmp -s "$tmpd/link.sv" "$tmpd/link.ss"; then
	ok "--ss -n -f netlink on a recording: ss's rows ($(wc -l <"$tmpd/link.ss"))"
else
	bad "--ss -n -f netlink on a recording: ss's rows" "$(diff "$tmpd/link.ss" "$tmpd/link.sv" | head -8)"
fi

# sockview's layout: ss's fields, then Role Class Service (never empty)
got=$(sv --replay "$ldump" -0a | awk 'NR > 1 { print $1, $5, $6, $7, $8, $9 }')
want='p_raw *:* * - all -
p_dgr ip:* * - ethertype ipv4
p_raw ip:lo * - ethertype ipv4
p_raw LLDP:* * - ethertype lldp
p_dgr [34958]:lo * - ethertype eapol
p_dgr [0]:* * - none -
p_raw [4660]:* * - ethertype -'
[ "$got" = "$want" ] && ok "-0a: Role, Class and Service of packet sockets" ||
	bad "-0a: Role, Class and Service of packet sockets" "$got"
got=$(sv --replay "$ldump" -f netlink | awk 'NR > 1 && NF != 7 { print "fields: " $0 }
	$3 == "rtnl:kernel" { print $5, $6, $7 } $3 ~ /^genl:[0-9]/ { print $5, $6, $7 }')
want='- kernel route
- user generic'
[ "$got" = "$want" ] && ok "-f netlink: 7 fields a row, Class kernel/user, Service the family" ||
	bad "-f netlink: 7 fields a row, Class kernel/user, Service the family" "$got"

# -b: the filter on its own line after the row (the row's fields stay);
# nothing for tables without filters
got=$(sv --replay "$ldump" -0ab | grep -c '^	bpf filter (2):  0x28 0 0 12, 0x06 0 0 65535,$')
[ "$got" = 1 ] && ok "-b: the filter's line after its row" || bad "-b: the filter's line after its row" "$got"
a=$(sv --replay "$dump" -tan) b=$(sv --replay "$dump" -tanb)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "-b adds nothing to tcp" || bad "-b adds nothing to tcp"

# -A: one packet table is that table only (ss 6.1 lists both)
got=$(sv --replay "$ldump" -a -A packet_raw -H | awk '{ print $4 }' | tr '\n' ' ')
[ "$got" = "*:* ip:lo LLDP:* [4660]:* " ] && ok "-a -A packet_raw: p_raw only" ||
	bad "-a -A packet_raw: p_raw only" "$got"
got=$(sv --replay "$ldump" -A packet -H | wc -l)
[ "$got" = 0 ] && ok "-A packet without -a: none (ss's connected states)" ||
	bad "-A packet without -a: none" "$got rows"

# JSON: the schema's checker, and the members
if sv --replay "$ldump" -0a -f netlink -b -j >"$tmpd/link.json" &&
	python3 "$here/../json/validate.py" <"$tmpd/link.json" >"$tmpd/link.v" 2>&1; then
	ok "-j on packet and netlink sockets: the schema's checker"
else
	bad "-j on packet and netlink sockets: the schema's checker" "$(head -5 "$tmpd/link.v")"
fi
got=$(python3 - "$tmpd/link.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
for r in rows:
    if r["netid"] == "nl" and r["netlink"]["groups"]:
        print("nl", r["netlink"]["protocol"], r["netlink"]["groups"], "uid" in r)
    if r["netid"] == "nl" and "peer_portid" in r["netlink"]:
        print("connected", r["netlink"]["peer_portid"], r["netlink"]["peer_group"])
    if r["netid"].startswith("p_") and "filter" in r["packet"]:
        print(r["netid"], r["packet"]["protocol"], r["packet"]["filter"])
    if r["netid"].startswith("p_") and "interface" in r["packet"]:
        print(r["netid"], r["packet"]["interface"], r["service"])
PY
)
want='nl 0 [1, 3] False
connected 0 0
nl 0 [1, 3] False
p_raw 3 [[40, 0, 0, 12], [6, 0, 0, 65535]]
p_raw lo ipv4
p_dgr lo eapol'
[ "$got" = "$want" ] && ok "-j: packet.filter, packet.interface, netlink.groups, peer" ||
	bad "-j: packet.filter, packet.interface, netlink.groups, peer" "$got"

# filters, as ss reads them (tests/integration compares with ss live)
count() { sv --replay "$ldump" -H "$@" 2>&1 | wc -l; }
got="$(count -0 src link:ip) $(count -0 src ip) $(count -0 'src link:*:lo') $(count -0 dev lo)"
got="$got $(count -0 sport = :1) $(count -f netlink src netlink:genl) $(count -f netlink sport = :kernel)"
got="$got $(count -0a autobound) $(count -a class ethertype) $(count -a service route)"
[ "$got" = "2 2 2 2 2 2 8 1 5 5" ] && ok "filters on packet and netlink sockets" ||
	bad "filters on packet and netlink sockets" "$got (want 2 2 2 2 2 2 8 1 5 5)"
expect_status "a link protocol ss does not know" 2 \
	"sockview: filter: unknown link-layer protocol 'bogus' at word 2" -0 src link:bogus
expect_status "a netlink port id that is none" 2 \
	"'who' is no netlink port id (a number or kernel) at word 2" -f netlink src netlink:rtnl:who

# a packet message with an attribute past its end: refused, with its offset
python3 - "$ldump" "$tmpd/link.bad" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off = 0
while off < len(b):
    n, t = struct.unpack_from("=IH", b, off)
    if t == 20 and b[off + 16] == 17:      # a packet_diag message
        struct.pack_into("=H", b, off + 32, 0x7fff)  # its first attribute's length
        break
    off += (n + 3) & ~3
open(sys.argv[2], "wb").write(b)
print(off, file=open(sys.argv[2] + ".off", "w"))
PY
expect_status "a malformed packet message in a recording" 3 \
	"malformed socket message at byte $(cat "$tmpd/link.bad.off")" --replay "$tmpd/link.bad" -0

# live: a netlink port id's process, named as ss names it, escaped: the
# shell makes a /proc-like tree with its own pid's name and becomes
# sockview, whose sock_diag socket has that pid as its port id
# (--source=netlink: PROC_ROOT alone would read the tables from files under
# it, as ss does)
proot=$tmpd/proc
mkdir -p "$proot"
out=$(sh -c 'mkdir "$1/$$" && printf "%s (ev il\033[31m) S 1\n" $$ >"$1/$$/stat" &&
	PROC_ROOT=$1 exec "$2" --source=netlink -f netlink src netlink:tcpdiag' sh "$proot" "$bin" 2>&1)
if printf '%s\n' "$out" | grep -qF 'tcpdiag:ev\x20il\x1b[31m/' && ! printf '%s' "$out" | grep -q $'\e'; then
	ok "a netlink port id's process name, escaped"
else
	bad "a netlink port id's process name, escaped" "$(printf '%s' "$out" | od -c | head -5)"
fi
out=$(sh -c 'mkdir "$1/$$" && printf "%s (ev il\033[31m) S 1\n" $$ >"$1/$$/stat" &&
	PROC_ROOT=$1 exec "$2" --source=netlink -n -f netlink src netlink:tcpdiag' sh "$proot" "$bin" 2>&1)
if printf '%s\n' "$out" | grep -qE '^[0-9]+ +0 +4:[0-9]+ '; then
	ok "-n: a netlink port id as a number"
else
	bad "-n: a netlink port id as a number" "$out"
fi
