# t_context.sh - -Z and -z on a host without SELinux, as ss: "SELinux is
# not enabled." on stderr and exit status 1, nothing on stdout, whatever
# else is asked. The rule is libselinux's: a read-write selinuxfs at
# /sys/fs/selinux and /etc/selinux/config. Sourced by run.sh.

selinux=false
if [ -e /etc/selinux/config ] && [ "$(stat -f -c %T /sys/fs/selinux 2>/dev/null)" = selinux ] &&
	[ -w /sys/fs/selinux ]; then
	selinux=true
fi
if $selinux; then
	echo "# SKIP: SELinux is enabled on this host: the path without it is not tested here"
else
	for args in -Z -z --context --contexts -tZ -tlz "-Z --replay $dump" "-z -tanp" "-Zj"; do
		# shellcheck disable=SC2086 # several words
		out=$(sv $args 2>"$tmpd/ctx.err")
		rc=$?
		if [ "$rc" = 1 ] && [ -z "$out" ] &&
			[ "$(cat "$tmpd/ctx.err")" = "sockview: SELinux is not enabled." ]; then
			ok "$args without SELinux: ss's message and status 1"
		else
			bad "$args without SELinux: ss's message and status 1" "exit $rc" \
				"stderr: $(cat "$tmpd/ctx.err")" "stdout: ${out:0:100}"
		fi
	done
	# ss says the same (its own name aside), with the same status
	if command -v ss >/dev/null; then
		ss -Z >/dev/null 2>"$tmpd/ss.err"
		src=$?
		sv -Z >/dev/null 2>"$tmpd/sv.err"
		vrc=$?
		if [ "$src" = "$vrc" ] && [ "$(sed 's/^ss: //' "$tmpd/ss.err")" = "$(sed 's/^sockview: //' "$tmpd/sv.err")" ]; then
			ok "-Z: the same words and status as ss -Z ($src)"
		else
			bad "-Z: the same words and status as ss -Z" "ss: $src $(cat "$tmpd/ss.err")" \
				"sockview: $vrc $(cat "$tmpd/sv.err")"
		fi
	fi
fi
