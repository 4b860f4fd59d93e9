# t_filter.sh - the filter forms of issue 7 on the recorded dump: neq/geq/
# leq, family prefixes, addresses as printed (%DEV), the precedence note,
# case and hints, escaped words in errors, NUL bytes in -F files, system
# database names. Sourced by run.sh (after lib.sh).

# frows NAME EXPECTED ARGS...: rows of `sockview --replay ss1.dump -Htna ARGS`
# (exit 0, nothing on stderr)
frows() {
	local name=$1 want=$2 got errf rc
	shift 2
	errf=$(mktemp)
	got=$(sv --replay "$dump" -Htna "$@" 2>"$errf" | ss_part)
	rc=${PIPESTATUS[0]}
	if [ "$got" = "$want" ] && [ "$rc" = 0 ] && [ ! -s "$errf" ]; then
		ok "$name"
	else
		bad "$name" "want: $want" "got:  $got" "exit $rc, stderr: $(head -c 300 "$errf")"
	fi
	rm -f "$errf"
}

# no_esc NAME ARGS...: exit 2 or 3, and no ESC byte on stderr
no_esc() {
	local name=$1 errf rc
	shift
	errf=$(mktemp)
	sv "$@" >/dev/null 2>"$errf"
	rc=$?
	if { [ "$rc" = 2 ] || [ "$rc" = 3 ]; } && [ -s "$errf" ] && ! grep -q $'\e' "$errf"; then
		ok "$name"
	else
		bad "$name" "exit $rc" "stderr: $(od -c "$errf" | head -5)"
	fi
	rm -f "$errf"
}

L4='LISTEN 0 128 0.0.0.0:22 0.0.0.0:*'
F1='ESTAB 0 0 10.0.0.1:22 10.0.0.1:36266'
F2='ESTAB 0 0 10.0.0.1:36266 10.0.0.1:22'
F3='ESTAB 0 0 10.0.0.1:22 10.0.0.2:50312'
L6='LISTEN 0 128 [::]:22 [::]:*'
F4='ESTAB 0 0 [fec0:42::24]:40520 [fec0:42::1]:22'
F5='ESTAB 0 0 [fec0:42::24]:22 [fec0:42::1]:44248'
n=$'\n'

# ss's other operator words
frows "neq" "$L4$n$F1$n$F3$n$L6$n$F5" dport neq 22
frows "geq" "$F2$n$F4" sport geq 1024
frows "leq" "$L4$n$F1$n$F3$n$L6$n$F5" sport leq :ssh

# family prefixes: the condition requires the socket's family
frows "src inet:*" "$L4$n$F1$n$F2$n$F3" src inet:*
frows "src inet6:*" "$L6$n$F4$n$F5" src inet6:*
frows "dst inet:10.0.0.2" "$F3" dst inet:10.0.0.2
frows "src inet6:[fec0:42::24]:22" "$F5" src 'inet6:[fec0:42::24]:22'
frows "family prefix local to its condition" "$F3$n$L6$n$F4$n$F5" dst inet:10.0.0.2 or src inet6:*
frows "unix: pattern matches no inet socket" "" src unix:/run/x.sock
frows "unix: pattern negated keeps every inet socket" "$L4$n$F1$n$F2$n$F3$n$L6$n$F4$n$F5" not src 'unix:/run/*'
expect_status "inet6: with an IPv4 address" 2 "'inet6:10.0.0.1'" --replay "$dump" src inet6:10.0.0.1

# addresses as sockview prints them can be pasted back: %DEV too
frows "%lo: only sockets bound to lo (none here)" "" src '10.0.0.1%lo:22'
frows "%lo with != " "$L4$n$F1$n$F2$n$F3$n$L6$n$F4$n$F5" src != '10.0.0.1%lo:22'
expect_status "%DEV of an unknown device" 2 "unknown device in '10.0.0.1%nosuchdev0:22'" \
	--replay "$dump" src '10.0.0.1%nosuchdev0:22'

# the precedence note: sockview's reading, and ss's, on stderr; status 0
errf=$tmpd/note.err
got=$(sv --replay "$dump" -Htna src 0.0.0.0 or sport = 22 and dst 10.0.0.2 2>"$errf" | ss_part)
rc=${PIPESTATUS[0]}
want_note="sockview: note: 'src 0.0.0.0 or sport = 22 and dst 10.0.0.2' mixes and/or: sockview reads it as 'src 0.0.0.0 or (sport = 22 and dst 10.0.0.2)', ss left to right as '(src 0.0.0.0 or sport = 22) and dst 10.0.0.2'; add parentheses to choose"
if [ "$rc" = 0 ] && [ "$got" = "$L4$n$F3" ] && [ "$(cat "$errf")" = "$want_note" ]; then
	ok "precedence note on stderr, sockview's rows on stdout, exit 0"
else
	bad "precedence note" "exit $rc" "rows: $got" "stderr: $(cat "$errf")"
fi
printf 'src 0.0.0.0 or\n  sport = 22 dst 10.0.0.2 # implicit and\n' > "$tmpd/note.filter"
sv --replay "$dump" -Htna -F "$tmpd/note.filter" 2>"$errf" >/dev/null
grep -qxF "sockview: note: 'src 0.0.0.0 or sport = 22 dst 10.0.0.2' mixes and/or: sockview reads it as 'src 0.0.0.0 or (sport = 22 dst 10.0.0.2)', ss left to right as '(src 0.0.0.0 or sport = 22) dst 10.0.0.2'; add parentheses to choose" "$errf" &&
	ok "precedence note from -F FILE" || bad "precedence note from -F FILE" "$(cat "$errf")"

# keywords and operators lower-case only; values in any case
expect_status "DPORT refused" 2 "unknown keyword 'DPORT' at word 1 (keywords and operators are lower-case: did you mean 'dport'?)" \
	--replay "$dump" DPORT = 22
expect_status "EQ refused" 2 "unknown operator 'EQ' at word 2" --replay "$dump" dport EQ 22
expect_status "AND refused" 2 "unknown keyword 'AND' at word 4 (keywords and operators are lower-case: did you mean 'and'?)" \
	--replay "$dump" dport = 22 AND sport = 22
frows "class Ephemeral" "$F2$n$F4" class Ephemeral
frows "role OUT" "$F2$n$F4" role OUT
frows "inet6: in upper case" "$L6$n$F4$n$F5" src 'INET6:*'

# a state name without `state`
expect_status "established without state" 2 "unknown keyword 'established' at word 1 (did you mean 'state established'?)" \
	--replay "$dump" established
expect_status "time-wait without state" 2 "(did you mean 'state time-wait'?)" --replay "$dump" time-wait

# words echoed in errors are escaped: no ESC byte reaches the terminal
expect_status "escaped keyword" 2 "unknown keyword '\\x1b[31mRED'" --replay "$dump" $'\e[31mRED'
no_esc "no ESC byte: keyword" --replay "$dump" $'\e[31mRED'
no_esc "no ESC byte: port" --replay "$dump" dport = $':\e[2J'
no_esc "no ESC byte: address" --replay "$dump" src $'10.0.0.1:\e]0;x\a'
no_esc "no ESC byte: device" --replay "$dump" dev $'\e[1m'
no_esc "no ESC byte: -F path" --replay "$dump" -F $'/nonexistent/\e[31m'

# a NUL byte in a -F file is an error naming its offset, not an end
printf 'dport = 22\nor\0sport 1\n' > "$tmpd/nul.filter"
expect_status "NUL byte in -F FILE" 2 "filter: NUL byte at byte 13 (line 2)" \
	--replay "$dump" -F "$tmpd/nul.filter"
printf 'dport = 22\nor\0sport 1\n' | expect_status "NUL byte in -F -" 2 "NUL byte at byte 13 (line 2)" \
	--replay "$dump" -F -

# port names as ss has them: the system services database first
if getent services imap2 >/dev/null 2>&1 && getent services postgres >/dev/null 2>&1; then
	frows "Debian alias :imap2" "" dport = :imap2
	frows "Debian alias :postgres" "" sport = :postgres
	frows "system alias in a host word" "" src 10.0.0.1:postgres
else
	echo "# skipped: the system services database lacks imap2/postgres"
fi
