# t_details.sh - the socket details (-o -e -m -i --tos --cgroup
# --inet-sockopt -O) against ss itself: synthetic dumps whose sockets carry
# every attribute ss prints from (gen_details_dump.py), read by ss
# (TCPDIAG_FILE) and by sockview --replay. --ss must give ss's bytes; a
# tcp_info shorter or longer than ss 6.1's differs only where sockview says
# it does; sockview's own layout puts the same text after its columns.
# Sourced by run.sh.

if command -v ss >/dev/null && command -v python3 >/dev/null; then
	gen=$here/gen_details_dump.py
	d61=$tmpd/details61.dump
	dshort=$tmpd/details-short.dump
	dfull=$tmpd/details-full.dump
	# a cgroup that exists (the cgroup2 mount's root: "/"), when there is
	# one; the dumps use other ids too, which no cgroup has
	cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
	cgid=1
	[ -n "$cg" ] && cgid=$(stat -c %i "$cg")
	n=1500
	$light && n=200
	python3 "$gen" "$d61" "$n" 1 ss61 "$cgid"
	python3 "$gen" "$dshort" "$n" 2 short "$cgid"
	python3 "$gen" "$dfull" "$n" 3 full "$cgid"

	# --ss: ss's bytes, trailing spaces and all, for every combination
	for args in "-tan -eomi --tos --cgroup --inet-sockopt" "-ta -i" "-tani" \
		"-ta -o" "-tae" "-tam" "-ta -io" "-tan --tos" "-ta --cgroup" \
		"-ta --inet-sockopt" "-tanO -eomi --tos --cgroup --inet-sockopt" \
		"-Htan -mi"; do
		# shellcheck disable=SC2086
		TCPDIAG_FILE=$d61 ss $args >"$tmpd/ss.out" 2>/dev/null
		# shellcheck disable=SC2086
		sv --replay "$d61" --ss $args >"$tmpd/sv.out" 2>"$tmpd/sv.err"
		if cmp -s "$tmpd/ss.out" "$tmpd/sv.out" && [ -s "$tmpd/sv.out" ]; then
			ok "--ss $args: ss's bytes"
		else
			bad "--ss $args: ss's bytes" "$(cmp "$tmpd/ss.out" "$tmpd/sv.out")" \
				"$(diff "$tmpd/ss.out" "$tmpd/sv.out" | head -4 | cut -c1-300)" \
				"$(head -3 "$tmpd/sv.err")"
		fi
	done

	# tcp_info cut short (every length that ends a field): ss reads the rest
	# as zeros and prints "reordering:0", "wscale:0,0", "rtt:X/0",
	# "retrans:X/0" (the generator never sends those zeros here), sockview
	# prints nothing it was not sent. The padding follows the text, so trailing spaces are
	# not compared.
	for args in "-tan -eomi --tos --cgroup --inet-sockopt" "-tai"; do
		# shellcheck disable=SC2086
		TCPDIAG_FILE=$dshort ss $args 2>/dev/null |
			sed 's/ *$//; s/ reordering:0//; s/ wscale:0,0//; s/ rtt:[0-9.e+]*\/0\( \|$\)/\1/;
			     s/ retrans:[0-9]*\/0\( \|$\)/\1/' >"$tmpd/ss.out"
		# shellcheck disable=SC2086
		sv --replay "$dshort" --ss $args | sed 's/ *$//' >"$tmpd/sv.out"
		if cmp -s "$tmpd/ss.out" "$tmpd/sv.out" && ! grep -q 'reordering:0\|wscale:0,0' "$tmpd/sv.out"; then
			ok "--ss $args: tcp_info of every length"
		else
			bad "--ss $args: tcp_info of every length" \
				"$(diff "$tmpd/ss.out" "$tmpd/sv.out" | head -4 | cut -c1-300)"
		fi
	done

	# tcp_info of Linux 6.18 (280 bytes): what ss 7.x prints and ss 6.1 does
	# not (rcv_wnd, rehash, usec_ts, the delack timer) is there, the rest is
	# ss 6.1's
	for args in "-tan -eomi --tos --cgroup --inet-sockopt" "-tai"; do
		# shellcheck disable=SC2086
		TCPDIAG_FILE=$dfull ss $args 2>/dev/null | sed 's/ *$//' >"$tmpd/ss.out"
		# shellcheck disable=SC2086
		sv --replay "$dfull" --ss $args | sed 's/ *$//' >"$tmpd/sv.raw"
		sed 's/ rcv_wnd:[0-9]*//; s/ rehash:[0-9]*//; s/ usec_ts//; s/timer:(delack,/timer:(unknown,/' \
			"$tmpd/sv.raw" >"$tmpd/sv.out"
		extra=$(grep -c 'rcv_wnd:' "$tmpd/sv.raw")
		if cmp -s "$tmpd/ss.out" "$tmpd/sv.out" && [ "$extra" -gt 0 ]; then
			ok "--ss $args: ss 7.x's fields of a 6.18 tcp_info ($extra rcv_wnd)"
		else
			bad "--ss $args: ss 7.x's fields of a 6.18 tcp_info" "rcv_wnd: $extra" \
				"$(diff "$tmpd/ss.out" "$tmpd/sv.out" | head -4 | cut -c1-300)"
		fi
	done
	if sv --replay "$dfull" --ss -tao | grep -q 'timer:(delack,' &&
		sv --replay "$dfull" --ss -tao | grep -q 'timer:(unknown,'; then
		ok "--ss -tao: the delayed-ACK timer as ss 7.x names it, unknown ones unknown"
	else
		bad "--ss -tao: the delayed-ACK timer as ss 7.x names it"
	fi

	# sockview's layout: each row is the row without details, then ss's
	# text (of --ss -H, the Process cell, trailing spaces aside); timers as
	# ss 7.x writes them (1.500sec where ss 6.1 writes 1.500ms)
	for args in "-tan -emi --tos --cgroup --inet-sockopt" "-tanO -eomi" "-ta -o" \
		"-tanQ -mi"; do
		base=${args%% *}
		# shellcheck disable=SC2086
		sv --replay "$d61" -H $args >"$tmpd/sv.out"
		sv --replay "$d61" -H "${base%O}" >"$tmpd/rows.out"
		# shellcheck disable=SC2086
		sv --replay "$d61" --ss -H $args | sed 's/ *$//' |
			sed 's/\([0-9]\)\.\([0-9][0-9][0-9]\)ms/\1.\2sec/g' >"$tmpd/ss.out"
		python3 - "$tmpd/rows.out" "$tmpd/ss.out" "$tmpd/sv.out" "$args" <<'EOF' >"$tmpd/py.out" 2>&1
import re, sys
rows = open(sys.argv[1]).read().splitlines()
ssl = open(sys.argv[2]).read().split("\n")
sv = open(sys.argv[3]).read()
# --ss -H: each socket's text starts at the cells; the details start after
# the peer port (piped ss pads cells: split on the first details item)
want = []
for line in ssl:
    if not line:
        continue
    if line.startswith("\t"):
        want[-1] += "\n" + line
        continue
    m = re.search(r" (timer:|uid:|ino:|tos:|cgroup:|inet-sockopt:)", line)
    want.append(line[m.start():] if m else "")
got = sv.split("\n")
i = 0
for k, row in enumerate(rows):
    line = got[i]; i += 1
    if not line.startswith(row):
        sys.exit("row %d: %r does not start with %r" % (k, line[:200], row[:100]))
    det = line[len(row):]
    while i < len(got) and got[i].startswith("\t"):
        det += "\n" + got[i]; i += 1
    if det != want[k]:
        sys.exit("row %d details: %r, want %r" % (k, det[:300], want[k][:300]))
print("ok", len(rows))
EOF
		if grep -q '^ok' "$tmpd/py.out"; then
			ok "sockview layout $args: ss's text after the Service column"
		else
			bad "sockview layout $args: ss's text after the Service column" "$(cat "$tmpd/py.out")"
		fi
	done

	# -O: one line per socket, in both layouts
	lines=$(sv --replay "$d61" -HtanO -eomi --inet-sockopt | wc -l)
	lines_ss=$(sv --replay "$d61" --ss -HtanO -eomi --inet-sockopt | wc -l)
	if [ "$lines" = "$n" ] && [ "$lines_ss" = "$n" ]; then
		ok "-O: one line per socket ($n)"
	else
		bad "-O: one line per socket" "sockview layout: $lines, --ss: $lines_ss, sockets: $n"
	fi

	# JSON: the schema, with every detail member
	if sv --replay "$d61" -tan -j -eomi --tos --cgroup --inet-sockopt |
		python3 "$here/../json/validate.py" --details eomi,tos,cgroup,sockopt >"$tmpd/val.out" 2>&1; then
		ok "JSON with every detail: the schema"
	else
		bad "JSON with every detail: the schema" "$(head -5 "$tmpd/val.out")"
	fi
	if sv --replay "$dshort" -tan --json-lines -i |
		python3 "$here/../json/validate.py" --lines --details i >"$tmpd/val.out" 2>&1; then
		ok "JSON of tcp_info of every length: the schema"
	else
		bad "JSON of tcp_info of every length: the schema" "$(head -5 "$tmpd/val.out")"
	fi
	rm -f "$d61" "$dshort" "$dfull" "$tmpd"/*.out "$tmpd/sv.raw" "$tmpd/sv.err"
elif [ "${CI:-}" = true ]; then
	bad "socket details against ss: ss and python3 are needed (CI=true: no skip)"
else
	echo "# SKIP: socket details against ss need ss and python3"
fi
