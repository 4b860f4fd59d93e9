#!/usr/bin/env bash
# gen_unix.sh - regenerate tests/data/unix.dump (sockview -xa -D) and what
# ss (the oracle) lists from the same live sockets at the same moment:
# unix.ss-NAME for each case of tests/cli/t_unix.sh (ss prints names raw;
# the test escapes them as sockview does). Needs root; runs the population
# of tests/integration/unix_pop.py in a private network namespace.
# Usage: tests/data/gen_unix.sh PATH-TO-SOCKVIEW
set -euo pipefail
here=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
sv=$(realpath "$1")
if [[ -z "${SV_GEN_NETNS:-}" ]]; then
	SV_GEN_NETNS=1 exec unshare -n -- "$BASH" "$0" "$sv"
fi
d=/tmp/sv-unix-rec
rm -rf "$d" && mkdir -p "$d/p"
python3 "$here/../integration/unix_pop.py" "$d/p" "$d/ready" "$d/manifest.json" &
pop=$!
trap 'kill $pop; rm -rf "$d"' EXIT
while [[ ! -e $d/ready ]]; do sleep 0.05; done
"$sv" -xa -D "$here/unix.dump"
# the cases: NAME then ss's arguments (t_unix.sh reads the same list)
while read -r name args; do
	[[ -z $name || $name == \#* ]] && continue
	eval "ss $args" >"$here/unix.ss-$name"
done <"$here/unix.cases"
