# t_ss_scale.sh - --ss against ss itself on 100,000 sockets: a synthetic
# dump that ss reads too (TCPDIAG_FILE), big enough that ss prints it in two
# batches with different widths (its buffer holds 5 MiB of cells). Sourced
# by run.sh.

if command -v ss >/dev/null && command -v python3 >/dev/null; then
	big=$tmpd/big.dump
	python3 "$here/gen_dump.py" "$big" 100000
	for args in -tan -Htan; do
		TCPDIAG_FILE=$big ss $args >"$tmpd/ss.out" 2>&1
		sv --replay "$big" --ss $args >"$tmpd/sv.out" 2>&1
		widths=$(awk '{ print length($0) }' "$tmpd/ss.out" | uniq | wc -l)
		if cmp -s "$tmpd/ss.out" "$tmpd/sv.out" && [ "$widths" -ge 2 ]; then
			ok "--ss $args on 100,000 sockets: ss's bytes ($widths line widths)"
		else
			bad "--ss $args on 100,000 sockets: ss's bytes" "$widths line widths" \
				"$(cmp "$tmpd/ss.out" "$tmpd/sv.out")"
		fi
	done
	rm -f "$big" "$tmpd/ss.out" "$tmpd/sv.out"
elif [ "${CI:-}" = true ]; then
	bad "--ss at scale: ss and python3 are needed (CI=true: no skip)"
else
	echo "# SKIP: --ss at scale needs ss and python3"
fi
