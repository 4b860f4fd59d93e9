# t_dump.sh - -D and --replay: -D shows nothing and writes a file that only
# a whole recording can be, -D - writes to stdout, replay refuses a file cut
# anywhere (at part boundaries too) and names the offset. Sourced by run.sh.

f=$tmpd/d.dump
rm -f "$f"
out=$(sv -tuan -D "$f" 2>"$tmpd/err")
rc=$?
if [ "$rc" = 0 ] && [ -z "$out" ] && [ -s "$f" ]; then
	ok "-D FILE shows nothing and writes FILE"
else
	bad "-D FILE shows nothing and writes FILE" "exit $rc" "stdout: $out" "$(cat "$tmpd/err")"
fi
sv --replay "$f" -tuan >/dev/null 2>"$tmpd/err" && ok "-D FILE replays" ||
	bad "-D FILE replays" "$(cat "$tmpd/err")"
sv -tuan -D - 2>/dev/null | sv --replay - -tuan >/dev/null 2>"$tmpd/err" &&
	ok "-D - writes to stdout, --replay - reads stdin" ||
	bad "-D - writes to stdout, --replay - reads stdin" "$(cat "$tmpd/err")"
[ ! -e ./- ] && ok "-D - creates no file named '-'" || bad "-D - creates no file named '-'"

# a failed recording leaves the old file as it was
cp "$f" "$tmpd/old"
sv -tan -D "$f" state bogus 2>/dev/null
cmp -s "$f" "$tmpd/old" && ok "a failed -D leaves the old file" || bad "a failed -D leaves the old file"

# cut at every message boundary (and so at every part boundary) and at
# every 29th byte (every byte: test_replay): refused with exit 3 and an
# offset
pop=$here/../data/pop.dump
cuts=$(python3 - "$pop" "$light" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
off, cuts = 0, set() if sys.argv[2] == "true" else set(range(1, len(b), 29))
while off < len(b):
    n = struct.unpack_from("=I", b, off)[0]
    off += (n + 3) & ~3
    if off < len(b):
        cuts.add(off)
print(" ".join(str(c) for c in sorted(cuts)))
PY
)
n=0 nbad=0
for c in $cuts; do
	head -c "$c" "$pop" >"$tmpd/cut"
	sv --replay "$tmpd/cut" -tuan >/dev/null 2>"$tmpd/err"
	rc=$?
	n=$((n + 1))
	if [ "$rc" != 3 ] || ! grep -q "byte [0-9]" "$tmpd/err"; then
		nbad=$((nbad + 1))
		[ $nbad -le 3 ] && echo "  cut at $c: exit $rc: $(cat "$tmpd/err")"
	fi
done
[ $nbad = 0 ] && [ $n -gt 30 ] && ok "every cut of a sockview dump is refused ($n cuts)" ||
	bad "every cut of a sockview dump is refused" "$nbad of $n accepted or without an offset"
head -c $(($(wc -c <"$pop") - 48)) "$pop" >"$tmpd/cut" # all but the end marker
expect_status "a dump cut at a part boundary" 3 "incomplete dump file: no end marker" \
	--replay "$tmpd/cut" -tan

# errors name offsets in the file, not in a part
python3 - "$pop" "$tmpd/bad" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off, k = 0, 0
while True:                       # the 3rd part's first message
    n, t = struct.unpack_from("=IH", b, off)
    nxt = off + ((n + 3) & ~3)
    if t == 3:
        k += 1
        if k == 2:
            break
    off = nxt
off = nxt
b[off + 16] = 99                  # its family: neither inet nor inet6
open(sys.argv[2], "wb").write(b)
PY
want=$(python3 - "$pop" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
off, k = 0, 0
while True:
    n, t = struct.unpack_from("=IH", b, off)
    off += (n + 3) & ~3
    if t == 3:
        k += 1
        if k == 2:
            break
print(off)
PY
)
expect_status "offsets count from the start of the file" 3 "malformed socket message at byte $want" \
	--replay "$tmpd/bad" -tan

# a recorded dump holds no marks (ss1.dump: from ss, unprivileged): rows
# whose match hangs on one are counted, not silently dropped; status 3
out=$(sv --replay "$dump" -Htan fwmark = 0x1 2>"$tmpd/err")
rc=$?
if [ "$rc" = 3 ] && [ -z "$out" ] && grep -q "7 rows could not be decided.*CAP_NET_ADMIN" "$tmpd/err"; then
	ok "undecided rows: counted, why, status 3"
else
	bad "undecided rows: counted, why, status 3" "exit $rc" "$(cat "$tmpd/err")"
fi
out=$(sv --replay "$dump" -Htan sport = 22 or fwmark = 0x1 2>"$tmpd/err" | wc -l)
rc=${PIPESTATUS[0]}
grep -q "2 rows could not be decided" "$tmpd/err" && [ "$out" = 5 ] &&
	ok "undecided rows: the decided ones are listed" ||
	bad "undecided rows: the decided ones are listed" "$out rows" "$(cat "$tmpd/err")"
