# t_completion.sh - the bash and zsh completions (completions/): each loads
# without an error; offers every option --help lists and none it lacks (but
# the issue's options still being built); the states --help lists after
# state/exclude; filter keywords; the values of -f, -A, --source and
# --process-source that sockview names and takes; the field names of
# "sockview --columns=help" (a stand-in answers it while the binary does not)
# for --columns (with its +/- signs), --count and --sort; the names under
# /run/netns for -N (made in a private mount namespace). Sourced by run.sh.

comp=$here/../../completions
bashcomp=/usr/share/bash-completion/bash_completion
# the options of issue 11 the completions offer before --help has them
pending=' --columns --count --sort --color --format --output --prom-ports -q --quiet '

# the long and short options of --help's option lines (not the ones refused
# as "not supported yet"), one a line, sorted
help_options() {
	sv --help | awk '
		/not supported yet/ { skip = 1; next }
		skip && /^$/ { skip = 0 }
		skip || !/^  -|^      --/ { next }
		{
			for (i = 1; i <= NF; i++) {
				w = $i
				sub(/\[?=.*/, "", w)
				sub(/,$/, "", w)
				print w
				if ($i !~ /,$/) break
			}
		}' | sort -u
}

# the state names and groups of --help's STATE list, one a line, sorted
help_states() {
	sv --help | sed -n '/STATE: /,/or a group:/p' |
		sed 's/.*STATE://; s/or a group://; s/[(),]/ /g; s/\<or\>//g' |
		tr -s ' ' '\n' | grep -v '^$' | sort -u
}

# the words --help lists for -A, one a line, sorted
help_tables() {
	sv --help | tr '\n' ' ' | sed 's/.*leaves it out://; s/;.*//; s/[()]/ /g' |
		tr -s ' ' '\n' | grep -v '^$' | sort -u
}

# said_words ARGS...: the words sockview's refusal of ARGS names in its
# last parentheses ("(its words: a b c)", "(auto, bpf or proc)"), sorted
said_words() {
	sv --replay "$dump" "$@" 2>&1 | sed -n 's/.*(\([^()]*\))$/\1/p' |
		sed 's/its words://; s/,/ /g; s/\<or\>//g' | tr -s ' ' '\n' | grep -v '^$' | sort -u
}

# block FILE LINE: the candidates a driver printed for LINE
block() {
	awk -v l="## $2" '$0 == l { on = 1; next } /^## / && $0 != "## nospace" { on = 0 } on' "$1"
}

# values FILE LINE: the candidates for LINE (not nospace), sorted
values() { block "$1" "$2" | grep -v '^## ' | sort -u; }

# sockview on PATH for the completions: a stand-in answers --columns=help
# while the binary does not
mkdir -p "$tmpd/bin"
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if sv --columns=help >/dev/null 2>&1; then
	ln -s "$abs_bin" "$tmpd/bin/sockview"
else
	echo "# --columns=help: a stand-in answers it (this sockview does not have it yet)"
	cat >"$tmpd/bin/sockview" <<STUB
#!/bin/sh
if [ "\$1" = --columns=help ]; then
	printf '%s\n' 'FIELD        ALIAS  TITLE' 'local.port   lport  Local Port' \\
		'peer.port    rport  Peer Port' 'state        -      State'
	exit 0
fi
exec "$abs_bin" "\$@"
STUB
	chmod +x "$tmpd/bin/sockview"
fi
sv_fields=$(PATH=$tmpd/bin:$PATH sockview --columns=help |
	awk 'NR > 1 && NF { print $1; if ($2 != "-") print $2 }' | sort -u)

# The lines completed, the cursor at their end, in a mount namespace of
# their own where /run/netns holds blue and green.
cat >"$tmpd/lines" <<'EOF_LINES'
sockview -
sockview -t state 
sockview -t exclude c
sockview -t d
sockview -tn class 
sockview -tf 
sockview --family=inet
sockview -A 
sockview -A tcp,!u
sockview --source=
sockview --process-source 
sockview --columns=
sockview --columns=+lo
sockview --columns=state,-
sockview --sort=state,l
sockview --count=
sockview -N 
sockview --net=g
sockview why --sa
EOF_LINES
netns=true
if [ "$(id -u)" = 0 ]; then isolate=(unshare -m); else isolate=(unshare -rm); fi
"${isolate[@]}" true 2>/dev/null || { netns=false isolate=(); }
# run_driver COMMAND...: COMMAND < lines, with blue and green in /run/netns
run_driver() {
	if $netns; then
		PATH=$tmpd/bin:$PATH "${isolate[@]}" sh -c 'mount -t tmpfs sv /run && mkdir /run/netns &&
			: >/run/netns/blue && : >/run/netns/green && exec "$@"' sh "$@" <"$tmpd/lines"
	else
		PATH=$tmpd/bin:$PATH "$@" <"$tmpd/lines"
	fi
}

# check_shell NAME OUT: the checks on a driver's output OUT (the candidates
# of zsh's long options have no '=', its list items no list head)
check_shell() {
	local sh=$1 out=$2 got missing extra v vs args
	got=$(block "$out" 'sockview -' | sed 's/=$//' | sort -u)
	missing=$(comm -23 <(help_options) <(printf '%s\n' "$got"))
	extra=$(comm -13 <(help_options) <(printf '%s\n' "$got") |
		while read -r o; do [[ $pending == *" $o "* ]] || printf '%s\n' "$o"; done)
	[ -z "$missing$extra" ] && ok "$sh: every option of --help and none it lacks" ||
		bad "$sh: every option of --help and none it lacks" \
			"missing: ${missing//$'\n'/ }" "not in --help: ${extra//$'\n'/ }"

	got=$(block "$out" 'sockview -t state ' | sort)
	[ "$got" = "$(help_states)" ] && ok "$sh: state: the states and groups of --help" ||
		bad "$sh: state: the states and groups of --help" "got: ${got//$'\n'/ }" "want: $(help_states | tr '\n' ' ')"
	got=$(block "$out" 'sockview -t exclude c' | sort | tr '\n' ' ')
	[ "$got" = "close-wait closed closing connected " ] && ok "$sh: exclude c: a state" ||
		bad "$sh: exclude c: a state" "got: $got"
	got=$(block "$out" 'sockview -t d' | sort | tr '\n' ' ')
	[ "$got" = "dev dport dst " ] && ok "$sh: filter keywords" || bad "$sh: filter keywords" "got: $got"
	got=$(block "$out" 'sockview -tn class ' | sort | tr '\n' ' ')
	[ "$got" = "dynamic ephemeral registered well-known " ] && ok "$sh: class: the port classes" ||
		bad "$sh: class: the port classes" "got: $got"

	# the values of -f, -A, --source and --process-source: the words the
	# binary names (its refusal of a wrong one, or --help), and it takes them
	got=$(values "$out" 'sockview -tf ')
	mapfile -t vs <<<"$got"
	args=()
	for v in "${vs[@]}"; do args+=(-f "$v"); done
	[ "$got" = "$(said_words -f x)" ] && sv --replay "$dump" "${args[@]}" >/dev/null &&
		ok "$sh: -f: the families sockview names" ||
		bad "$sh: -f: the families sockview names" "got: ${got//$'\n'/ }" "want: $(said_words -f x | tr '\n' ' ')"
	got=$(values "$out" 'sockview -A ')
	[ "$got" = "$(help_tables)" ] && sv --replay "$dump" -A "${got//$'\n'/,}" >/dev/null &&
		ok "$sh: -A: the tables of --help" ||
		bad "$sh: -A: the tables of --help" "got: ${got//$'\n'/ }" "want: $(help_tables | tr '\n' ' ')"
	got=$(values "$out" 'sockview --source=')-$(values "$out" 'sockview --process-source ')
	[ "$got" = "$(said_words --source=x)-$(said_words --process-source=x)" ] &&
		ok "$sh: --source, --process-source: the words sockview names" ||
		bad "$sh: --source, --process-source: the words sockview names" "got: ${got//$'\n'/ }"
	mapfile -t vs < <(values "$out" 'sockview -t state ')
	args=()
	for v in "${vs[@]}"; do args+=(state "$v"); done
	[ ${#args[@]} -gt 0 ] && sv --replay "$dump" "${args[@]}" >/dev/null 2>"$tmpd/err" &&
		ok "$sh: sockview takes every state offered" ||
		bad "$sh: sockview takes every state offered" "$(cat "$tmpd/err")"

	got=$(values "$out" 'sockview --family=inet' | tr '\n' ' ')
	[ "$got" = "inet inet6 " ] && ok "$sh: --family=inet: the value after '='" ||
		bad "$sh: --family=inet: the value after '='" "got: $got"
	got=$(values "$out" 'sockview --count=')
	[ "$got" = "$sv_fields" ] && ok "$sh: --count=: the fields of --columns=help" ||
		bad "$sh: --count=: the fields of --columns=help" "got: ${got//$'\n'/ }"
	got=$(block "$out" 'sockview --columns=' | grep -v '^## ' | sort)
	[ "$got" = "$(printf '%s\nhelp\n' "$sv_fields" | sort)" ] &&
		ok "$sh: --columns=: help and the fields of --columns=help" ||
		bad "$sh: --columns=: help and the fields of --columns=help" "got: ${got//$'\n'/ }"
}

if [ -r "$bashcomp" ]; then
	run_driver bash --norc --noprofile "$here/complete_bash.sh" "$bashcomp" \
		"$comp/sockview.bash" >"$tmpd/bash.out" 2>"$tmpd/bash.err"
	rc=$?
	[ $rc = 0 ] && [ ! -s "$tmpd/bash.err" ] && grep -q '^## sockview why --sa$' "$tmpd/bash.out" &&
		ok "bash: the script loads and completes without an error" ||
		bad "bash: the script loads and completes without an error" "exit $rc" "$(head -5 "$tmpd/bash.err")"
	check_shell bash "$tmpd/bash.out"
	got=$(block "$tmpd/bash.out" 'sockview --columns=+lo' | sort | tr '\n' ' ')
	[ "$got" = "## nospace $(grep '^lo' <<<"$sv_fields" | sed 's/^/+/' | tr '\n' ' ')" ] &&
		[[ $got == *' +local.port '* ]] && ok "bash: --columns=+lo: a field, the sign kept, no space" ||
		bad "bash: --columns=+lo: a field, the sign kept, no space" "got: $got"
	got=$(block "$tmpd/bash.out" 'sockview --sort=state,l' | sort | tr '\n' ' ')
	[ "$got" = "## nospace $(grep '^l' <<<"$sv_fields" | sed 's/^/state,/' | tr '\n' ' ')" ] &&
		[[ $got == *' state,lport '* ]] && ok "bash: --sort=state,l: the list's next item" ||
		bad "bash: --sort=state,l: the list's next item" "got: $got"
	got=$(block "$tmpd/bash.out" 'sockview --columns=state,-' | grep -c '^state,-')
	[ "$got" = "$(echo "$sv_fields" | wc -l)" ] && ok "bash: --columns=state,-: every field to drop" ||
		bad "bash: --columns=state,-: every field to drop" "got $got"
	got=$(block "$tmpd/bash.out" 'sockview -A tcp,!u' | head -2 | tr '\n' ' ')
	[ "$got" = "tcp,!udp tcp,!unix " ] && ok "bash: -A tcp,!u: a table left out" || bad "bash: -A tcp,!u: a table left out" "got: $got"
	got=$(block "$tmpd/bash.out" 'sockview why --sa' | tr '\n' ' ')
	[ "$got" = "--sample= ## nospace " ] && ok "bash: why's options" || bad "bash: why's options" "got: $got"
	if $netns; then
		got=$(block "$tmpd/bash.out" 'sockview -N ' | sort | tr '\n' ' ')$(block "$tmpd/bash.out" 'sockview --net=g')
		[ "$got" = "blue green green" ] && ok "bash: -N: the names under /run/netns" ||
			bad "bash: -N: the names under /run/netns" "got: $got"
	fi
elif [ "${CI:-}" = true ]; then
	bad "bash completion: bash-completion is not installed (CI=true: no skip)"
else
	echo "# SKIP: bash completion: bash-completion is not installed ($bashcomp)"
fi

if command -v zsh >/dev/null; then
	mkdir -p "$tmpd/zsh"
	run_driver timeout 120 zsh -f "$here/complete_zsh.zsh" "$comp" "$tmpd/zsh" >"$tmpd/zsh.out" 2>&1
	rc=$?
	[ $rc = 0 ] && ! grep -q '^## stderr:' "$tmpd/zsh.out" && grep -q '^## sockview why --sa$' "$tmpd/zsh.out" &&
		ok "zsh: the script loads and completes without an error" ||
		bad "zsh: the script loads and completes without an error" "exit $rc" "$(grep -A5 '^## stderr:\|^## no ' "$tmpd/zsh.out")"
	check_shell zsh "$tmpd/zsh.out"
	got=$(block "$tmpd/zsh.out" 'sockview --columns=+lo' | sort | tr '\n' ' ')-$(block "$tmpd/zsh.out" 'sockview --sort=state,l' | sort | tr '\n' ' ')
	[ "$got" = "$(grep '^lo' <<<"$sv_fields" | tr '\n' ' ')-$(grep '^l' <<<"$sv_fields" | tr '\n' ' ')" ] &&
		[[ $got == *'local.port '*-*'lport '* ]] && ok "zsh: --columns=+lo, --sort=state,l: fields in a list" ||
		bad "zsh: --columns=+lo, --sort=state,l: fields in a list" "got: $got"
	got=$(block "$tmpd/zsh.out" 'sockview why --sa')
	[ "$got" = "--sample" ] && ok "zsh: why's options" || bad "zsh: why's options" "got: $got"
	if $netns; then
		got=$(block "$tmpd/zsh.out" 'sockview -N ' | tr '\n' ' ')$(block "$tmpd/zsh.out" 'sockview --net=g')
		[ "$got" = "blue green green" ] && ok "zsh: -N: the names under /run/netns" ||
			bad "zsh: -N: the names under /run/netns" "got: $got"
	fi
elif [ "${CI:-}" = true ]; then
	bad "zsh completion: zsh is not installed (CI=true: no skip)"
else
	echo "# SKIP: zsh completion: zsh is not installed"
fi
if ! $netns; then
	if [ "${CI:-}" = true ]; then
		bad "completion of -N: no private mount namespace (${isolate[*]:-unshare -m}) (CI=true: no skip)"
	else
		echo "# SKIP: completion of -N: no private mount namespace to make /run/netns in"
	fi
fi
