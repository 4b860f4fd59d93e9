#!/usr/bin/env bash
# run.sh - end-to-end checks of the sockview binary that need no privileges:
# sources lib.sh, then every tests/cli/t_*.sh in name order, and ends with
# "N passed, M failed". Usage: run.sh SOCKVIEW
set -uo pipefail
bin=${1:?usage: run.sh SOCKVIEW}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
for t in "$here"/t_*.sh; do
	echo "# $(basename "$t")"
	# shellcheck disable=SC1090
	. "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
