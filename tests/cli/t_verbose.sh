# t_verbose.sh - --verbose says on stderr where the rows came from (sock_diag,
# /proc/net, a recorded dump) and where -p's map came from and why; the rows
# are the same as without it. Sourced by run.sh.

wrong=()
a=$(sv -Hta --source=proc 2>/dev/null)
b=$(sv -Hta --source=proc --verbose 2>"$tmpd/verbose")
[ "$(wc -l <<<"$a")" -gt 0 ] && [ "$(echo "$a" | wc -l)" = "$(echo "$b" | wc -l)" ] ||
	wrong+=("--source=proc: $(echo "$a" | wc -l) rows, with --verbose $(echo "$b" | wc -l)")
grep -qx "sockview: verbose: from /proc/net: tcp" "$tmpd/verbose" ||
	wrong+=("--source=proc: $(cat "$tmpd/verbose")")
sv -xa --replay "$here/../data/unix.dump" --verbose >/dev/null 2>"$tmpd/verbose"
grep -qx "sockview: verbose: from the recorded dump: u_str, u_dgr, u_seq" "$tmpd/verbose" ||
	wrong+=("--replay: $(cat "$tmpd/verbose")")
sv -tanp --process-source=proc --verbose >/dev/null 2>"$tmpd/verbose"
grep -q "^sockview: verbose: -p: the map came from /proc ([0-9]* processes); the in-kernel pass was not used: --process-source=proc$" "$tmpd/verbose" ||
	wrong+=("--process-source=proc: $(cat "$tmpd/verbose")")
sv -tan --verbose >/dev/null 2>"$tmpd/verbose"
grep -q "map came" "$tmpd/verbose" && wrong+=("without -p: $(cat "$tmpd/verbose")")
sv -tan >/dev/null 2>"$tmpd/verbose"
grep -q "verbose" "$tmpd/verbose" && wrong+=("without --verbose: $(cat "$tmpd/verbose")")
verdict "--verbose: the rows' source and the map's, on stderr only" "${wrong[@]}"

# the in-kernel pass, where this build and host can run it (root)
if sv -tanp --process-source=bpf >/dev/null 2>&1; then
	sv -tanp --process-source=bpf --verbose >/dev/null 2>"$tmpd/verbose"
	if grep -qx "sockview: verbose: -p: the map came from one in-kernel pass (BPF)" "$tmpd/verbose"; then
		ok "--verbose names the in-kernel pass when it made the map"
	else
		bad "--verbose names the in-kernel pass when it made the map" "$(cat "$tmpd/verbose")"
	fi
elif [ "$(id -u)" = 0 ] && [ "${CI:-}" = true ]; then
	bad "--verbose with the in-kernel pass" "--process-source=bpf failed as root in CI"
else
	echo "# skip: --verbose with the in-kernel pass (it cannot run here)"
fi
