# lib.sh - helpers shared by the end-to-end check files (tests/cli/t_*.sh),
# sourced by run.sh: sv (sockview, under $SV_WRAP), ok/bad counters,
# expect_status, and the recorded dump fixture.
# SV_WRAP runs sockview under a tool, e.g. SV_WRAP="valgrind -q --error-exitcode=99"
sv() { ${SV_WRAP:-} "$bin" "$@"; }
# light: under a tool (valgrind), loops that run the same code paths again
# and again keep a sample (the plain run has them all)
light=false
[ -n "${SV_WRAP:-}" ] && light=true
dump=$here/../data/ss1.dump
pass=0 fail=0
# a scratch directory for every check file, removed at exit
tmpd=$(mktemp -d)
trap 'rm -rf "$tmpd"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; shift; printf '  %s\n' "$@"; }

# The ss-compatible part of each row: the first five fields.
ss_part() { awk '{ print $1, $2, $3, $4, $5 }'; }

# expect_status NAME STATUS MESSAGE-PART ARGS...: exit STATUS, the message on
# stderr, nothing on stdout
expect_status() {
	local name=$1 status=$2 msg=$3 out err rc
	shift 3
	out=$(mktemp) err=$(mktemp)
	sv "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" = "$status" ] && [ ! -s "$out" ] && grep -qF -- "$msg" "$err"; then
		ok "$name"
	else
		bad "$name" "exit $rc (want $status)" "stdout: $(head -c 200 "$out")" "stderr: $(head -c 300 "$err")"
	fi
	rm -f "$out" "$err"
}

