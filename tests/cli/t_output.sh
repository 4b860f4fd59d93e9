# t_output.sh - the output options on the recorded population
# (tests/data/pop.dump): --columns (names, +NAME, -NAME, help, JSON),
# --sort (numbers, addresses, descending, ties), --count (table, JSON,
# the total), -q's exit statuses and --color (on request, never with
# NO_COLOR, never piped, hostile names still escaped). Sourced by run.sh.

pop=$here/../data/pop.dump
ntcp=$(sv --replay "$pop" -Htan | wc -l)

# --columns=help: a header, then name and alias first on each line; every
# name it lists is taken by --columns, --sort and --count
names=$(sv --columns=help | awk 'NR > 1 { print $1 }')
first=$(sv --columns=help | head -1 | awk '{ print $1, $2 }')
if [ "$first" = "NAME ALIAS" ] && echo "$names" | grep -qx local.port &&
	sv --columns=help | grep -q '^local\.port  *lport  '; then
	ok "--columns=help: a header, then each name and its alias"
else
	bad "--columns=help: a header, then each name and its alias" "$(sv --columns=help | head -3)"
fi
refused=""
# (users asks this host's processes: not with a recorded dump), in lists
# of at most 64, the most one list takes
chunks=$(echo "$names" | grep -vx users | paste -sd, | awk -F, '{
	for (i = 1; i <= NF; i++) printf "%s%s", $i, (i % 64 == 0 || i == NF) ? "\n" : "," }')
for list in $chunks; do
	sv --replay "$pop" -tan --columns="$list" >/dev/null 2>&1 || refused="$refused columns:$list"
	sv --replay "$pop" -tan --sort="$list" >/dev/null 2>&1 || refused="$refused sort:$list"
	sv --replay "$pop" -tan --count="$list" >/dev/null 2>&1 || refused="$refused count:$list"
done
[ -z "$refused" ] && ok "every name of --columns=help is taken by --columns, --sort and --count" ||
	bad "every name of --columns=help is taken by --columns, --sort and --count" "refused:$refused"

# the chosen columns are the default table's, in the order asked
want=$(sv --replay "$pop" -Htan | awk '{ print $4, $1 }')
got=$(sv --replay "$pop" -Htan --columns=local,STATE)
[ "$got" = "$want" ] && ok "--columns=local,STATE: the same cells, in that order" ||
	bad "--columns=local,STATE: the same cells, in that order" "$(diff <(echo "$want") <(echo "$got") | head -5)"
got=$(sv --replay "$pop" -tan --columns=state,lport,peer.port | head -2)
[ "$got" = "$(printf 'State Local Port Peer Port\nLISTEN 41000 0')" ] &&
	ok "--columns with fields of their own: titles and values" ||
	bad "--columns with fields of their own: titles and values" "$got"

# +NAME adds to the default columns, -NAME takes out
got=$(sv --replay "$pop" -Htan --columns=+inode,-class,-service | awk '{ print NF }' | sort -u)
inodes=$(sv --replay "$pop" -Htan --columns=+inode | awk '{ print $NF }' | grep -cvx '[0-9][0-9]*')
[ "$got" = 7 ] && [ "$inodes" = 0 ] && ok "--columns=+inode,-class,-service: 7 fields, the inode last" ||
	bad "--columns=+inode,-class,-service: 7 fields, the inode last" "fields: $got, not numbers: $inodes"

# JSON takes the same list: exactly those members ("local" is the object)
got=$(sv --replay "$pop" -tan -j --columns=state,local,inode | python3 -c '
import json, sys
rows = json.load(sys.stdin)
print(len(rows), sorted({tuple(r) for r in rows}), sorted({tuple(r["local"]) for r in rows}))')
[ "$got" = "$ntcp [('state', 'local', 'inode')] [('address', 'port')]" ] &&
	ok "-j --columns=state,local,inode: exactly those members" ||
	bad "-j --columns=state,local,inode: exactly those members" "$got"
got=$(sv --replay "$pop" -tan --json-lines --columns=-service,-role | python3 -c '
import json, sys
keys = set()
for line in sys.stdin:
    keys |= set(json.loads(line))
print("service" in keys, "role" in keys, "local" in keys)')
[ "$got" = "False False True" ] && ok "--json-lines --columns=-service,-role: the rest stay" ||
	bad "--json-lines --columns=-service,-role: the rest stay" "$got"

# bad lists: the item and where it is
expect_status "--columns: an unknown name is named with its place" 2 "unknown field 'nope' (item 2 of --columns)" \
	--replay "$pop" -tan --columns=state,nope
expect_status "--columns: an empty item" 2 "empty item 2" --replay "$pop" -tan --columns=state,,local
expect_status "--sort=+x: '+' means nothing there" 2 "item 1 of --sort" --replay "$pop" -tan --sort=+state
expect_status "--count: a name twice" 2 "names 'state' twice" --replay "$pop" -tan --count=state,state
expect_status "--columns: a hostile name comes back escaped" 2 'unknown field '"'"'\x1b[2J'"'" \
	--replay "$pop" -tan --columns="$(printf '\033[2J')"
expect_status "-j --columns: a table-only name" 2 "'class' has no JSON member" --replay "$pop" -tan -j --columns=class
expect_status "--count with --sort" 2 "--count prints counts" --replay "$pop" -tan --count=state --sort=state
expect_status "--sort with --ss" 2 "--sort shapes sockview's own listing" --replay "$pop" -tan --ss --sort=state

# --sort: numbers as numbers, descending with '-', addresses as addresses
want=$(sv --replay "$pop" -Htan | awk '{ split($4, a, ":"); print a[length(a)] }' | sort -n)
got=$(sv --replay "$pop" -Htan --sort=local.port --columns=lport)
[ "$got" = "$want" ] && ok "--sort=local.port: numerically" ||
	bad "--sort=local.port: numerically" "$(diff <(echo "$want") <(echo "$got") | head -5)"
got=$(sv --replay "$pop" -Htan --sort=-local.port --columns=lport)
[ "$got" = "$(echo "$want" | sort -rn)" ] && ok "--sort=-local.port: biggest first" ||
	bad "--sort=-local.port: biggest first" "$(echo "$got" | head -3)"
got=$(sv --replay "$pop" -Htan --sort=peer --columns=peer.address,peer.port | python3 -c '
import ipaddress, sys
rows = [l.split() for l in sys.stdin]
keys = [(ipaddress.ip_address(a).version, ipaddress.ip_address(a), int(p)) for a, p in rows]
print("sorted" if keys == sorted(keys) else "unsorted", len(rows))')
[ "$got" = "sorted $ntcp" ] && ok "--sort=peer: IPv4 before IPv6, addresses then ports as numbers" ||
	bad "--sort=peer: IPv4 before IPv6, addresses then ports as numbers" "$got"
# ties keep the listing's order
want=$(sv --replay "$pop" -Htan | awk '$1 == "ESTAB"')
got=$(sv --replay "$pop" -Htan --sort=state | awk '$1 == "ESTAB"')
[ "$got" = "$want" ] && ok "--sort=state: rows of one state in the listing's order" ||
	bad "--sort=state: rows of one state in the listing's order" "$(diff <(echo "$want") <(echo "$got") | head -5)"

# --count: what awk | sort | uniq -c | sort -rn gives
want=$(sv --replay "$pop" -Htuan | awk '{ print $2, $1 }' | sort | uniq -c | sort -k1,1rn -k2 | awk '{ print $1, $2, $3 }')
got=$(sv --replay "$pop" -Htuan --count=state,netid | awk '{ print $1, $2, $3 }')
[ "$got" = "$want" ] && ok "--count=state,netid: uniq -c's counts, biggest first" ||
	bad "--count=state,netid: uniq -c's counts, biggest first" "$(diff <(echo "$want") <(echo "$got") | head -5)"
got=$(sv --replay "$pop" -tuan --count | tail -1 | tr -d ' ')
[ "$got" = "$(sv --replay "$pop" -Htuan | wc -l)" ] && ok "--count alone: the number of rows" ||
	bad "--count alone: the number of rows" "$got"
got=$(sv --replay "$pop" -Htan --count=state | head -1 | awk '{ print $2 }')
[ "$got" = ESTAB ] && ok "-H --count: no header" || bad "-H --count: no header" "$got"
got=$(sv --replay "$pop" -tuan -j --count=local.port,state | python3 -c '
import json, sys
g = json.load(sys.stdin)
ok = all(set(o) == {"local.port", "state", "count"} and isinstance(o["count"], int) and
         (o["local.port"] is None or isinstance(o["local.port"], int)) for o in g)
print(ok, sum(o["count"] for o in g), [o["count"] for o in g] == sorted((o["count"] for o in g), reverse=True))')
[ "$got" = "True $(sv --replay "$pop" -Htuan | wc -l) True" ] &&
	ok "-j --count=local.port,state: valid, numbers as numbers, all rows counted, biggest first" ||
	bad "-j --count=local.port,state: valid, numbers as numbers, all rows counted, biggest first" "$got"
got=$(sv --replay "$pop" -tan --json-lines --count=peer | python3 -c '
import json, sys
print(sum(json.loads(l)["count"] for l in sys.stdin))')
[ "$got" = "$ntcp" ] && ok "--json-lines --count=peer: one object a line" || bad "--json-lines --count=peer: one object a line" "$got"
got=$(sv --replay "$pop" -tan --count=state exclude established | grep -c ESTAB)
[ "$got" = 0 ] && ok "--count goes with states and filters" || bad "--count goes with states and filters" "$got"

# -q: 0 when a socket matched, 1 when none did, 2 on bad usage, 3 when
# the answer is incomplete
sv --replay "$pop" -q -tl sport = :8080 >"$tmpd/q.out" 2>&1
rc=$?
[ "$rc" = 0 ] && [ ! -s "$tmpd/q.out" ] && ok "-q: a listener on 8080: exit 0, silent" ||
	bad "-q: a listener on 8080: exit 0, silent" "exit $rc" "$(head -3 "$tmpd/q.out")"
sv --replay "$pop" -q -tl sport = :8090 >"$tmpd/q.out" 2>&1
rc=$?
[ "$rc" = 1 ] && [ ! -s "$tmpd/q.out" ] && ok "-q: nothing on 8090: exit 1, silent" ||
	bad "-q: nothing on 8090: exit 1, silent" "exit $rc" "$(head -3 "$tmpd/q.out")"
expect_status "-q with -j" 2 "-q prints nothing: it cannot go with -j" --replay "$pop" -q -tan -j
PROC_ROOT=$tmpd/noproc sv -q --source=proc -tl sport = :8080 >/dev/null 2>&1
rc=$?
[ "$rc" = 3 ] && ok "-q when the table cannot be read: exit 3, never 1" || bad "-q when the table cannot be read: exit 3, never 1" "exit $rc"

# --color: on request, on a terminal, never with NO_COLOR or when piped
esc=$(printf '\033')
got=$(sv --replay "$pop" -tan --color=always | grep -c "${esc}\[1;32mLISTEN${esc}\[0m")
[ "$got" = 3 ] && ok "--color=always: listeners in bold green" || bad "--color=always: listeners in bold green" "$got"
got=$(sv --replay "$pop" -tan | grep -c "$esc")
[ "$got" = 0 ] && ok "piped: no colour" || bad "piped: no colour" "$got"
got=$(NO_COLOR=1 sv --replay "$pop" -tan --color=always | grep -c "$esc")
[ "$got" = 0 ] && ok "NO_COLOR beats --color=always" || bad "NO_COLOR beats --color=always" "$got"
if command -v script >/dev/null; then
	got=$(TERM=xterm script -qec "$bin --replay $pop -tan" /dev/null | grep -c "$esc")
	none=$(TERM=xterm script -qec "$bin --replay $pop -tan --color=never" /dev/null | grep -c "$esc")
	[ "$got" -gt 0 ] && [ "$none" = 0 ] && ok "on a terminal: colour, unless --color=never" ||
		bad "on a terminal: colour, unless --color=never" "coloured lines: $got, with never: $none"
fi
# the same cells, once the colours are taken out
if [ "$(sv --replay "$pop" -tan --color=always | sed "s/${esc}\[[0-9;]*m//g")" = "$(sv --replay "$pop" -tan)" ]; then
	ok "--color=always: the same text once the colours are taken out"
else
	bad "--color=always: the same text once the colours are taken out"
fi
# hostile names stay escaped: no control byte but the colours' own
got=$(sv --replay "$here/../data/unix.dump" -xa --color=always --columns=state,local.path,local |
	sed "s/${esc}\[[0-9;]*m//g" | LC_ALL=C grep -c '[[:cntrl:]]')
[ "$got" = 0 ] && ok "--color with hostile unix names: nothing raw reaches the terminal" ||
	bad "--color with hostile unix names: nothing raw reaches the terminal" "$got lines"
expect_status "--color=sometimes" 2 "unknown value 'sometimes' for --color" --replay "$pop" -tan --color=sometimes

# --count --format=prom: one gauge, a label per field, what promtool takes;
# the same counts as the table
if command -v promtool >/dev/null; then
	sv --replay "$pop" -tuan --count=state,local.port --format=prom >"$tmpd/c.prom"
	if promtool check metrics <"$tmpd/c.prom" >"$tmpd/c.lint" 2>&1 &&
		grep -q '^sockview_sockets_counted{state="ESTAB",local_port="8080"} 5$' "$tmpd/c.prom"; then
		ok "--count --format=prom: promtool takes it; the table's counts"
	else
		bad "--count --format=prom: promtool takes it; the table's counts" "$(head -5 "$tmpd/c.prom")" "$(head -3 "$tmpd/c.lint")"
	fi
	sv --replay "$here/../data/unix.dump" -xa --count=local.path,local.abstract --format=prom >"$tmpd/u.prom"
	promtool check metrics <"$tmpd/u.prom" >"$tmpd/u.lint" 2>&1 &&
		ok "--count --format=prom on hostile unix names: valid, escaped" ||
		bad "--count --format=prom on hostile unix names: valid, escaped" "$(head -3 "$tmpd/u.lint")"
elif [ "${CI:-}" = true ]; then
	bad "--count --format=prom: promtool is missing (tools/deps.sh installs it)"
else
	echo "# skipped: --count --format=prom (no promtool; tools/deps.sh installs it)"
fi
expect_status "--format=prom with --sort" 2 "--format=prom writes totals, not rows" --replay "$pop" -tan --format=prom --sort=state

# the JSON of --count and --columns, against doc/json-schema.md's rules
# (tests/json/validate.py), and the validator refuses what breaks them
val=$here/../json/validate.py
if sv --replay "$pop" -tuan -j --count=state,local.port | python3 "$val" --count state,local.port >/dev/null &&
	sv --replay "$pop" -tuan --json-lines --count | python3 "$val" --lines --count "" >/dev/null &&
	sv --replay "$pop" -tuan -j --columns=state,local,inode | python3 "$val" --columns state,local,inode >/dev/null &&
	sv --replay "$pop" -tuan --json-lines --columns=+cookie,+inode | python3 "$val" --lines >/dev/null; then
	ok "--count and --columns JSON: validate.py takes them"
else
	bad "--count and --columns JSON: validate.py takes them"
fi
if ! echo '[{"state":"X","count":1},{"state":"Y","count":2}]' | python3 "$val" --count state >/dev/null 2>&1 &&
	! echo '[{"count":3,"state":"X"}]' | python3 "$val" --count state >/dev/null 2>&1 &&
	! sv --replay "$pop" -tuan -j --columns=state,local,inode | python3 "$val" --columns state,local >/dev/null 2>&1; then
	ok "validate.py refuses groups out of order, members out of place, members not asked for"
else
	bad "validate.py refuses groups out of order, members out of place, members not asked for"
fi
