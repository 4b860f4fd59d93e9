# t_unix.sh - the unix tables on a recording (tests/data/unix.dump, made
# by tests/data/gen_unix.sh with ss's listings of the same live sockets):
# --replay --ss prints ss's bytes for every case of tests/data/unix.cases
# (table options, states, ss's unix path patterns with fnmatch wildcards
# and case folding, unix: prefix, autobound), except that the name with a
# newline and an escape sequence prints escaped where ss prints it raw;
# sockview's own layout keeps ss's rows and adds Role, Class and Service,
# never empty; the JSON has the same sockets. Sourced by run.sh.

udump=$here/../data/unix.dump
# ss's raw name, as sockview escapes it
unesc() {
	python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b.replace(b"      /tmp/sv-unix-rec/p/nl\nx\x1b[31mred", b"/tmp/sv-unix-rec/p/nl\\x0ax\\x1b[31mred"))'
}
while read -r name args; do
	[ -z "$name" ] || [ "${name#\#}" != "$name" ] && continue
	want=$here/../data/unix.ss-$name
	if eval "sv --replay \"\$udump\" --ss $args" >"$tmpd/u.out" 2>"$tmpd/u.err" &&
		[ ! -s "$tmpd/u.err" ] && unesc <"$want" | cmp -s - "$tmpd/u.out"; then
		ok "unix --ss $args: ss's bytes"
	else
		bad "unix --ss $args: ss's bytes" "$(unesc <"$want" | diff - "$tmpd/u.out" | head -6)" "$(head -c 300 "$tmpd/u.err")"
	fi
done <"$here/../data/unix.cases"

# nothing raw reaches the terminal: no control character in any output
for fmt in -a --ss -j; do
	if sv --replay "$udump" -xa $fmt | LC_ALL=C grep -q '[[:cntrl:]]'; then
		bad "unix $fmt: no control character in the output"
	else
		ok "unix $fmt: no control character in the output"
	fi
done

# sockview's layout: ss's fields, then Role Class Service, none empty
python3 - "$(sv --replay "$udump" -Hxa)" "$(unesc <"$here/../data/unix.ss-xaH")" <<'PY' && ok "unix layout: ss's fields and three non-empty columns" || bad "unix layout: ss's fields and three non-empty columns"
import sys
mine = [l.split() for l in sys.argv[1].splitlines()]
# ss's rows: the escaped name is one field; the 108-byte path too
ss = [l.split() for l in sys.argv[2].splitlines()]
ok = len(mine) == len(ss) == 21
for m, s in zip(mine, ss):
    ok = ok and len(m) == len(s) + 2 and m[:len(s) - 1] == s[:-1] or \
        ok and len(m) == len(s) + 3 and m[:len(s)] == s
    ok = ok and all(m[-3:]) and m[-1] == "-"
    ok = ok and m[-2] in ("path", "abstract", "autobound", "unnamed")
    ok = ok and m[-3] in ("listen", "in", "out", "unknown")
sys.exit(0 if ok else 1)
PY

# the roles the recording holds: listeners listen, the accepted socket is
# in, the client still in the accept queue is out
roles=$(sv --replay "$udump" -Hxa | awk '{print $1, $2, $(NF-2), $(NF-1)}' | sort | uniq -c | tr -s ' ')
case $roles in
*" u_str ESTAB in path"*" u_str LISTEN listen path"*) ok "unix roles: listen and in" ;;
*) bad "unix roles: listen and in" "$roles" ;;
esac
case $roles in
*"u_dgr UNCONN listen autobound"*) ok "unix class: autobound" ;;
*) bad "unix class: autobound" "$roles" ;;
esac

# JSON: one object per row, each with its inode and the names as bytes
n_json=$(sv --replay "$udump" -xa -j | python3 -c 'import json,sys; a=json.load(sys.stdin); print(len(a), sum(1 for o in a if "path" in o["local"]), sum(1 for o in a if "abstract" in o["local"]), any("\n" in o["local"].get("path","") for o in a))')
[ "$n_json" = "21 7 3 True" ] && ok "unix JSON: 21 sockets, 7 paths, 3 abstract, the newline kept as JSON escapes it" ||
	bad "unix JSON: 21 sockets, 7 paths, 3 abstract, the newline kept as JSON escapes it" "$n_json"
