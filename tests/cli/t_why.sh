# t_why.sh - sockview why on recorded dumps (no privileges needed): the
# finding, its exit status, the JSON; and its usage errors. Sourced by
# run.sh. The live situations are in tests/integration/why.py.

data=$here/../data
wrong=()
out=$(sv why --replay "$data/pop.dump" 8080)
rc=$?
[ $rc = 1 ] || wrong+=("8080: exit $rc")
grep -q "^1. \[warning\] TCP port 8080 listens on loopback only" <<<"$out" ||
	wrong+=("8080: $out")
grep -q "127.0.0.1:8080" <<<"$out" || wrong+=("8080: no evidence row")
out=$(sv why --replay "$data/pop.dump" -j 22)
rc=$?
[ $rc = 0 ] || wrong+=("22: exit $rc")
python3 -c 'import json,sys; d=json.load(sys.stdin); f = d["findings"]; assert d["status"] == "ok" and d["live"] is False and d["listeners"] == 1 and [(x["code"], x["unavailable"]) for x in f] == [("listen-drops", True)], d' <<<"$out" ||
	wrong+=("22 -j: $out")
out=$(sv why --replay "$data/pop.dump" :9999 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "^1. \[critical\] Nothing listens on TCP port 9999" <<<"$out" ||
	wrong+=("9999: exit $rc, $out")
verdict "why --replay: loopback-only (exit 1), a healthy port (exit 0, JSON; the counters unavailable), nothing listening" "${wrong[@]}"

wrong=()
for args in "" "0" "80 81" "--sample=61 80" "--sample=x 80" "--to unix:/x" "--frob 80" \
	"unix:rel" "[::1]80" "--replay"; do
	# shellcheck disable=SC2086
	sv why $args >"$tmpd/out" 2>"$tmpd/err"
	rc=$?
	[ $rc = 2 ] && [ ! -s "$tmpd/out" ] && grep -q "^sockview: why: " "$tmpd/err" &&
		grep -q "Try 'sockview why --help'" "$tmpd/err" ||
		wrong+=("why $args: exit $rc, $(head -c 200 "$tmpd/err")")
done
sv why --replay /nonexistent 80 >/dev/null 2>"$tmpd/err"
rc=$?
[ $rc = 3 ] && grep -q "cannot read dump file" "$tmpd/err" || wrong+=("missing dump: exit $rc")
sv why --help | grep -q "^Usage: sockview why" || wrong+=("--help")
sv --help | grep -q "sockview why" || wrong+=("sockview --help does not name why")
verdict "why: bad usage exits 2 naming the word, an unreadable dump 3; --help" "${wrong[@]}"
