# t_events.sh - -E (destroy events) and -K (close sockets): what they cannot
# go with (status 2, a message that says why), -K's refusal without a
# filter, -E ending on SIGTERM, SIGINT and a reader that went away (status
# 0, quiet), and --help and the manual naming the options. Nothing here
# closes a socket: -K runs only where it is refused. Sourced by run.sh.

# -K closes live sockets, and only those a filter or state words chose
k_none="-K with neither a filter nor state words would close every socket listed"
expect_status "-K without a filter" 2 "$k_none" -K
expect_status "-K with -a but no filter" 2 "$k_none" -tKa
expect_status "-K with an empty filter file" 2 "$k_none" -K -F /dev/null
expect_status "-K with --replay" 2 "-K closes live sockets: it cannot go with a recorded dump" \
	-K --replay "$dump" dport = :1
TCPDIAG_FILE=$dump expect_status "-K with TCPDIAG_FILE" 2 "-K closes live sockets" -K dport = :1
expect_status "-K with -D" 2 "-D records the kernel's dump and shows nothing: it cannot go with -K" \
	-K -D "$tmpd/k.dump" dport = :1
expect_status "-K with --all-netns" 2 "-K closes the sockets of one namespace" \
	-K --all-netns dport = :1
expect_status "-K with --source=proc" 2 "-K closes sockets through sock_diag: it cannot go with --source=proc" \
	-K --source=proc dport = :1
expect_status "-K of unix sockets only" 2 "-K closes udp, tcp, raw sockets only: none of the tables asked for" \
	-xK src /nonexistent
expect_status "--force without -K" 2 "--force goes with -K only" -t --force
expect_status "-s with -K" 2 "-s reads this host's totals from /proc: it cannot go with -K" \
	-s -K --force

# -E follows the live kernel's tcp and udp sockets, which it sees closed
expect_status "-E with -K" 2 "-E shows sockets already closed: it cannot go with -K" -E -K --force
expect_status "-E with --replay" 2 "-E follows the live kernel: it cannot go with a recorded dump" \
	-E --replay "$dump"
expect_status "-E with -D" 2 "-D records dumps: it cannot go with -E" -E -D "$tmpd/e.dump"
expect_status "-E with --all-netns" 2 "-E follows one network namespace" -E --all-netns
expect_status "-E with --source=proc" 2 "-E reads sock_diag's events: it cannot go with --source=proc" \
	-E --source=proc
expect_status "-E with -p" 2 "a destroyed socket has no process any more" -tEp
expect_status "-E with -r" 2 "-E cannot go with -r" -E -r
expect_status "-E with comm" 2 "a destroyed socket has no process any more" -E comm sshd
expect_status "-E with state words" 2 "state and exclude words cannot choose among them" \
	-E state established
expect_status "-E of unix sockets" 2 "-E follows tcp and udp sockets only" -xE
expect_status "-E with autobound" 2 "'autobound' can only be decided by the kernel" -tE autobound
expect_status "--timestamp without -E" 2 "--timestamp stamps the events of -E: it goes with -E only" \
	-t --timestamp
expect_status "-E --timestamp with --ss" 2 "--ss prints ss's columns alone, which have no time" \
	-E --timestamp --ss
expect_status "-s with -E" 2 "-s reads this host's totals from /proc: it cannot go with -E" -sE

# -E runs until a signal (status 0) or until its reader goes away (status
# 0, nothing on stderr), whoever runs it: the kernel lets any user join
# sock_diag's destroy groups
for sig in TERM INT; do
	# not through sv(), a function: $! must be sockview (or its wrapper)
	${SV_WRAP:-} "$bin" -E -H >"$tmpd/ev.out" 2>"$tmpd/ev.err" &
	pid=$!
	sleep 0.3
	kill -"$sig" "$pid"
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" = 0 ] && [ ! -s "$tmpd/ev.err" ]; then
		ok "-E ends on SIG$sig with status 0"
	else
		bad "-E ends on SIG$sig with status 0" "exit $rc" "stderr: $(head -c 300 "$tmpd/ev.err")"
	fi
done
rc=0
timeout 10 "$bin" -E 2>"$tmpd/ev.err" | true
rc=${PIPESTATUS[0]}
if [ "$rc" = 0 ] && [ ! -s "$tmpd/ev.err" ]; then
	ok "-E ends quietly with status 0 when its reader went away"
else
	bad "-E ends quietly with status 0 when its reader went away" "exit $rc" \
		"stderr: $(head -c 300 "$tmpd/ev.err")"
fi

# --help and the manual name the options and the exit status they can give
help=$(sv --help)
wrong=()
for w in "-K, --kill" "--force" "-E, --events" "--timestamp" "-K: a socket not closed" \
	"-E: events lost"; do
	case $help in *"$w"*) ;; *) wrong+=("--help lacks '$w'") ;; esac
done
man=$here/../../man/sockview.8
for w in "Fl -force" "Fl -timestamp" "event_time" "CAP_NET_ADMIN" "SOCK_DESTROY" \
	"NL_CFG_F_NONROOT_RECV"; do
	grep -qF -- "$w" "$man" || wrong+=("the manual lacks '$w'")
done
case $help in *"not supported yet"*"--events"*) wrong+=("--help still calls -E unsupported") ;; esac
case $help in *"not supported yet"*"--kill"*) wrong+=("--help still calls -K unsupported") ;; esac
name="--help and the manual describe -E, -K, --timestamp and --force"
if [ ${#wrong[@]} = 0 ]; then ok "$name"; else bad "$name" "${wrong[@]}"; fi
