# t_prom.sh - --format (the words of every output), --format=prom on a
# recorded dump (promtool check metrics: required with CI=true; each series
# once; the same numbers as the table and JSON of the same dump),
# --prom-ports, what they cannot go with, --output (the file written whole
# or not at all: a failed, a full and a killed run leave the old file),
# and -s -j against the schema. Sourced by run.sh.

pop=$here/../data/pop.dump
validate=$here/../json/validate.py

# --format=WORD is the option it names
for pair in "table|" "json|-j" "json-lines|--json-lines" "ss|--ss"; do
	IFS='|' read -r word flag <<<"$pair"
	# shellcheck disable=SC2086
	if [ "$(sv --replay "$pop" -tuan --format="$word")" = "$(sv --replay "$pop" -tuan $flag)" ]; then
		ok "--format=$word is ${flag:-the default}"
	else
		bad "--format=$word is ${flag:-the default}"
	fi
done
expect_status "--format of an unknown word" 2 "unknown format 'yaml' for --format" --format=yaml
expect_status "--format's word escaped" 2 "unknown format '\\x1b[31m'" --format=$'\e[31m'
expect_status "--prom-ports without --format=prom" 2 "goes with --format=prom only" \
	--replay "$pop" --prom-ports=22
expect_status "--format=prom with -j" 2 "--format=prom cannot go with -j" --format=prom -j
expect_status "--format=prom with --ss" 2 "--format=prom cannot go with --ss" --format=prom --ss
sv --replay "$pop" -j --format=prom | grep -q '^# TYPE sockview_sockets gauge$' &&
	ok "--format after -j replaces it" || bad "--format after -j replaces it"
for o in -E --watch --all-netns "-D $tmpd/p.dump"; do
	# shellcheck disable=SC2086
	expect_status "--format=prom with $o" 2 "it cannot go with -E, --watch, --all-netns or -D" \
		--format=prom $o
done
expect_status "a bad --prom-ports item" 2 "bad --prom-ports item 'nosuch'" \
	--replay "$pop" --format=prom --prom-ports=22,nosuch
expect_status "--prom-ports 0" 2 "bad --prom-ports item '0'" --replay "$pop" --format=prom \
	--prom-ports=0

# the exposition of a recorded dump
sv --replay "$pop" -tuan --format=prom --prom-ports=ssh,8080 >"$tmpd/p.prom" 2>"$tmpd/p.err"
rc=$?
if [ $rc = 0 ] && [ ! -s "$tmpd/p.err" ] && grep -q '^sockview_sockets{' "$tmpd/p.prom"; then
	ok "--format=prom on a recorded dump"
else
	bad "--format=prom on a recorded dump" "exit $rc" "$(cat "$tmpd/p.err")"
fi
if command -v promtool >/dev/null 2>&1; then
	if promtool check metrics <"$tmpd/p.prom" >"$tmpd/promtool.out" 2>&1; then
		ok "promtool check metrics accepts --format=prom"
	else
		bad "promtool check metrics accepts --format=prom" "$(cat "$tmpd/promtool.out")"
	fi
elif [ "${CI:-}" = true ]; then
	bad "promtool check metrics accepts --format=prom" "promtool is missing (tools/deps.sh" \
		"installs it; CI=true: a skipped check is a failure)"
else
	echo "ok - promtool check metrics accepts --format=prom # SKIP promtool not installed"
fi

# every series once, nothing per socket, and the numbers of the table and
# the JSON of the same dump
sv --replay "$pop" -tuan -j >"$tmpd/p.json"
sv --replay "$pop" -Htuan >"$tmpd/p.table"
if python3 - "$tmpd/p.prom" "$tmpd/p.json" "$tmpd/p.table" >"$tmpd/p.cmp" 2>&1 <<'PY'; then
import collections, json, re, sys
prom, rows, table = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), open(sys.argv[3]).read()
series, samples = set(), {}
for line in prom.splitlines():
    if line.startswith("#"):
        continue
    m = re.fullmatch(r'([a-z_]+)(\{.*\})? (\S+)', line)
    assert m, "not a sample: %r" % line
    assert (m.group(1), m.group(2)) not in series, "twice: %r" % line
    series.add((m.group(1), m.group(2)))
    labels = tuple(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
    samples[(m.group(1), labels)] = float(m.group(3))
def cls(r):
    return "ephemeral" if r.get("ephemeral") else r["port_class"]
want = collections.Counter((r["netid"], r["state"], cls(r)) for r in rows)
got = {(dict(l)["netid"], dict(l)["state"], dict(l)["class"]): v
       for (n, l), v in samples.items() if n == "sockview_sockets"}
assert got == want, "sockets: prom %r, JSON %r" % (got, want)
trows = [l.split() for l in table.splitlines()]
tcount = collections.Counter((f[0], f[1], f[7]) for f in trows)
assert tcount == want, "sockets: table %r, JSON %r" % (tcount, want)
lst = collections.Counter((r["netid"], cls(r)) for r in rows if r["role"] == "listen")
got = {(dict(l)["netid"], dict(l)["class"]): v for (n, l), v in samples.items()
       if n == "sockview_listeners"}
assert got == lst, "listeners: prom %r, JSON %r" % (got, lst)
# --prom-ports=ssh,8080: the listeners of 22 and 8080, by address
q = {(dict(l)["address"], dict(l)["port"]): v for (n, l), v in samples.items()
     if n == "sockview_accept_queue_backlog"}
wq = {(r["local"]["address"], str(r["local"]["port"])): r["send_q"] for r in rows
      if r["state"] == "LISTEN" and r["local"]["port"] in (22, 8080)}
assert q == wq and len(q) == 2, "backlogs: prom %r, JSON %r" % (q, wq)
eph = {r["local"]["port"] for r in rows if r["netid"] == "tcp" and 32768 <= r["local"]["port"] <= 60999}
assert samples[("sockview_ephemeral_ports_in_use", (("netid", "tcp"),))] == len(eph)
dests = collections.Counter((r["peer"]["address"], r["peer"]["port"]) for r in rows
                            if r["netid"] == "tcp" and r["state"] != "LISTEN"
                            and r["role"] not in ("listen", "in")
                            and 32768 <= r["local"]["port"] <= 60999)
top = samples[("sockview_ephemeral_fullest_destination_connections", (("netid", "tcp"),))]
assert top == max(dests.values()), "fullest: %r, JSON %r" % (top, dests)
assert samples[("sockview_ephemeral_range_ports", ())] == 60999 - 32768 + 1
assert not any(n.endswith("_total") for n, _ in series), "counters from a recorded dump"
print(len(series), "series")
PY
	ok "--format=prom: each series once, the numbers of the table and JSON ($(cat "$tmpd/p.cmp"))"
else
	bad "--format=prom: each series once, the numbers of the table and JSON" "$(cat "$tmpd/p.cmp")"
fi

# --output: the file holds what stdout would, stdout nothing; its mode kept
f=$tmpd/out.prom
echo old >"$f"
chmod 640 "$f"
out=$(sv --replay "$pop" -tuan --format=prom --output="$f")
rc=$?
if [ $rc = 0 ] && [ -z "$out" ] &&
	[ "$(sv --replay "$pop" -tuan --format=prom)" = "$(cat "$f")" ]; then
	ok "--output=FILE holds the output, stdout nothing"
else
	bad "--output=FILE holds the output, stdout nothing" "exit $rc, stdout: $out"
fi
[ "$(stat -c %a "$f")" = 640 ] && ok "--output keeps the old file's mode" ||
	bad "--output keeps the old file's mode" "mode $(stat -c %a "$f")"
sv --replay "$pop" -tuan -j --output="$f" && python3 "$validate" <"$f" >/dev/null &&
	ok "--output with -j" || bad "--output with -j"
# a run that fails, a full device, a directory that does not exist: exit 3,
# the old file as it was, no file left beside it
echo old >"$f"
head -c 100 "$pop" >"$tmpd/cut.dump"
ls -A "$tmpd" >"$tmpd/before"
expect_status "--output of a failed run" 3 "dump file" --replay "$tmpd/cut.dump" -tan \
	--format=prom --output="$f"
[ "$(cat "$f")" = old ] && ls -A "$tmpd" | cmp -s - "$tmpd/before" &&
	ok "a failed run leaves the old --output file, and no other" ||
	bad "a failed run leaves the old --output file, and no other" "$(cat "$f")"
expect_status "--output=/dev/full" 3 "No space left on device" --replay "$pop" -tuan \
	--output=/dev/full
expect_status "--output in a missing directory" 3 "cannot write '$tmpd/no/such/f'" \
	--replay "$pop" --output="$tmpd/no/such/f"
expect_status "--output with --watch" 2 "cannot go with --watch" --watch --output="$f"
expect_status "--output with -D" 2 "cannot go with --output" -D "$tmpd/x.dump" --output="$f"
# killed while it runs (it waits for its dump on a FIFO): the old file
mkfifo "$tmpd/fifo"
sv --replay "$tmpd/fifo" -tan --format=prom --output="$f" 2>/dev/null &
pid=$!
exec 7>"$tmpd/fifo" # returns once sockview opened the FIFO: its --output is open
head -c 64 "$pop" >&7
kill -9 "$pid"
wait "$pid" 2>/dev/null
exec 7>&-
rm -f "$tmpd/fifo"
[ "$(cat "$f")" = old ] && ls -A "$tmpd" | cmp -s - "$tmpd/before" &&
	ok "a killed run leaves the old --output file, and no other" ||
	bad "a killed run leaves the old --output file, and no other" "$(cat "$f")" \
		"$(ls -A "$tmpd")"

# -s -j: one object in the schema; --ss -s -j: ss's numbers alone;
# --output takes -s too
if sv -s -j | python3 "$validate" --summary >"$tmpd/v.out" 2>&1; then
	ok "-s -j is valid (validate.py --summary)"
else
	bad "-s -j is valid (validate.py --summary)" "$(cat "$tmpd/v.out")"
fi
if sv --ss -s -j | python3 "$validate" --summary --ss >"$tmpd/v.out" 2>&1; then
	ok "--ss -s -j is ss's numbers alone"
else
	bad "--ss -s -j is ss's numbers alone" "$(cat "$tmpd/v.out")"
fi
sv -s --output="$f" && grep -q '^Port class' "$f" && ok "-s --output=FILE" || bad "-s --output=FILE"
expect_status "-s with --json-lines" 2 "it cannot go with --json-lines" -s --json-lines
help=$(sv --help)
wrong=()
for w in "--format=FORMAT" "or prom" "--prom-ports=LIST" "--output=FILE" "with -j as JSON"; do
	case $help in *"$w"*) ;; *) wrong+=("--help lacks '$w'") ;; esac
done
[ ${#wrong[@]} = 0 ] && ok "--help: --format, --prom-ports, --output, -s -j" ||
	bad "--help: --format, --prom-ports, --output, -s -j" "${wrong[@]}"
# the manual documents the options and every family the output writes
man=$here/../../man/sockview.8
wrong=()
for w in "Fl -format" "Fl -prom-ports" "Fl -output" ".Sh PROMETHEUS"; do
	grep -qF -- "$w" "$man" || wrong+=("no '$w' in the manual")
done
for fam in $(sv -tuan --format=prom --prom-ports=1-65535 | awk '$1 == "#" && $2 == "TYPE" { print $3 }'); do
	grep -qF -- "$fam" "$man" || wrong+=("the manual does not list $fam")
done
[ ${#wrong[@]} = 0 ] && ok "the manual: --format, --prom-ports, --output, every metric family" ||
	bad "the manual: --format, --prom-ports, --output, every metric family" "${wrong[@]}"
