# t_layout.sh - the table layouts on a recorded population (tests/data/pop.*,
# recorded with -D in a private namespace next to ss's own output of the same
# sockets): --ss is ss's output byte for byte; sockview's layout keeps ss's
# columns first and never leaves a field empty; a replay classifies as the
# live run did. Sourced by run.sh.

pop=$here/../data/pop.dump
for v in "tan:-tan" "tuan:-tuan" "Htuan:-Htuan" "tlnu:-tlnu" "t-est:-t -n state established"; do
	name=${v%%:*} args=${v#*:}
	# shellcheck disable=SC2086
	if sv --replay "$pop" --ss $args | cmp -s - "$here/../data/pop.ss-$name"; then
		ok "--ss $args: ss's bytes"
	else
		# shellcheck disable=SC2086
		bad "--ss $args: ss's bytes" "$(sv --replay "$pop" --ss $args | diff - "$here/../data/pop.ss-$name" | head -5)"
	fi
done

# the live run's Role, Class and Service come back from the file: the
# draining server on 8082 (listener closed) is "in", its clients "out"
if sv --replay "$pop" -tuan | cmp -s - "$here/../data/pop.sv-tuan"; then
	ok "replay: the live run's rows, roles included"
else
	bad "replay: the live run's rows, roles included" "$(sv --replay "$pop" -tuan | diff - "$here/../data/pop.sv-tuan" | head -5)"
fi
got=$(sv --replay "$pop" -Htan sport = 8082 | awk '{print $6}' | sort -u)
[ "$got" = in ] && ok "accepted connections of a closed listener are in" ||
	bad "accepted connections of a closed listener are in" "got: $got"

# every row of sockview's layout has the same number of fields
got=$(sv --replay "$pop" -Htuan | awk '{print NF}' | sort -u)
[ "$got" = 9 ] && ok "every row has 9 fields" || bad "every row has 9 fields" "got: $got"
got=$(sv --replay "$pop" -Htuan -Q | awk '{print NF}' | sort -u)
[ "$got" = 7 ] && ok "-Q: every row has 7 fields" || bad "-Q: every row has 7 fields" "got: $got"
got=$(sv --replay "$pop" --ss -Htan -4 -Q | head -1)
[ "$got" = "LISTEN    127.0.0.1:41000   0.0.0.0:*    " ] && ok "--ss -Q drops the queue columns" ||
	bad "--ss -Q drops the queue columns" "got: '$got'"

# ss reads the file sockview recorded as its own (the first part: TCP IPv4)
if command -v ss >/dev/null; then
	want=$(sv --replay "$pop" --ss -Htan -4)
	got=$(TCPDIAG_FILE=$pop ss -Htan)
	[ -n "$want" ] && [ "$got" = "$want" ] && ok "TCPDIAG_FILE=FILE ss reads it" ||
		bad "TCPDIAG_FILE=FILE ss reads it" "$(diff <(echo "$want") <(echo "$got") | head -5)"
fi
