# t_resolve.sh - -r's options end to end (the lookups themselves are tested
# against a DNS server in tests/test_resolve.c and in a namespace of their
# own in tests/integration/resolve.py): --resolve-timeout's bad values are
# usage errors; a budget of 0 is the numeric listing; -D looks nothing up.
# Sourced by run.sh.

for v in '' -1 1s 3600.5 0.0001 1.2.3 . abc 1e3; do
	expect_status "--resolve-timeout='$v' is refused" 2 \
		"bad --resolve-timeout '$v': seconds from 0 to 3600 expected" -r --resolve-timeout="$v"
done
expect_status "--resolve-timeout without a value" 2 \
	"option '--resolve-timeout' needs an argument" -r --resolve-timeout

# a budget of 0: the same bytes as without -r, nothing on stderr
a=$(sv --replay "$dump" -tan 2>"$tmpd/e1")
b=$(sv --replay "$dump" -tanr --resolve-timeout=0 2>"$tmpd/e2")
if [ -n "$a" ] && [ "$a" = "$b" ] && [ ! -s "$tmpd/e2" ]; then
	ok "-r --resolve-timeout=0: the numeric listing"
else
	bad "-r --resolve-timeout=0: the numeric listing" "$(diff <(echo "$a") <(echo "$b") | head -5)" "$(cat "$tmpd/e2")"
fi
# --ss too, and JSON without host members
b=$(sv --replay "$dump" --ss -tanr --resolve-timeout=0)
c=$(sv --replay "$dump" --ss -tan)
j=$(sv --replay "$dump" -tanrj --resolve-timeout=0)
if [ "$b" = "$c" ] && [ -n "$j" ] && ! grep -q '"host"' <<<"$j"; then
	ok "-r --resolve-timeout=0 with --ss and -j: numeric, no host member"
else
	bad "-r --resolve-timeout=0 with --ss and -j: numeric, no host member" "$j"
fi
