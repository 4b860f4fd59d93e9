# t_errors.sh - closed standard descriptors and outputs that cannot be
# written: each says what failed, with the exit status of a runtime failure
# (3). Sourced by run.sh.

# expect_out NAME STATUS MESSAGE CMD...: run CMD (a shell snippet using
# $SV) and check its status and stderr
SV="${SV_WRAP:-} $bin"
expect_out() {
	local name=$1 status=$2 msg=$3 rc
	shift 3
	SV=$SV sh -c "$*" 2>"$tmpd/err"
	rc=$?
	if [ "$rc" = "$status" ] && { [ -z "$msg" ] || grep -qF -- "$msg" "$tmpd/err"; }; then
		ok "$name"
	else
		bad "$name" "exit $rc (want $status)" "stderr: $(head -c 300 "$tmpd/err")"
	fi
}

expect_out "stdout closed" 3 "writing the output: standard output is closed" \
	'$SV --replay '"$dump"' -tan >&-'
expect_out "stdout full" 3 "writing the output: No space left on device" \
	'$SV --replay '"$dump"' -tan >/dev/full'
expect_out "JSON to a full device" 3 "writing the output: No space left on device" \
	'$SV --replay '"$dump"' -tanj >/dev/full'
expect_out "--ss to a full device" 3 "writing the output: No space left on device" \
	'$SV --replay '"$dump"' --ss -tan >/dev/full'
expect_out "--help to a full device" 3 "writing the output: No space left on device" \
	'$SV --help >/dev/full'
expect_out "-V to a full device" 3 "writing the output: No space left on device" \
	'$SV -V >/dev/full'
expect_out "-s to a full device" 3 "writing the output: No space left on device" \
	'$SV -s >/dev/full'
expect_out "stdin closed is no matter" 0 "" '$SV --replay '"$dump"' -tan <&- >/dev/null'

# stdout and stderr closed: nothing to say it on, but the status says it
SV=$SV sh -c '$SV --replay '"$dump"' -tan >&- 2>&-'
rc=$?
[ "$rc" = 3 ] && ok "stdout and stderr closed: status 3" || bad "stdout and stderr closed: status 3" "exit $rc"

# a live dump with stdout closed: the table is not shown, so no error, and
# the file holds the dump alone (the netlink socket did not take fd 1)
rm -f "$tmpd/live.dump"
SV=$SV sh -c '$SV -tan -D '"$tmpd/live.dump"' >&-'
rc=$?
if [ "$rc" = 0 ] && sv --replay "$tmpd/live.dump" -tan >/dev/null 2>"$tmpd/err"; then
	ok "-D with stdout closed: a clean dump file"
else
	bad "-D with stdout closed: a clean dump file" "exit $rc" "$(cat "$tmpd/err")"
fi
expect_out "-D to a full device" 3 "writing dump file '/dev/full': No space left on device" \
	'$SV -tan -D /dev/full'
expect_out "-D - with stdout closed" 3 "writing dump file standard output: standard output is closed" \
	'$SV -tan -D - >&-'
