# sockview.bash - bash completion for sockview(8): options and their values,
# state names, filter keywords, field names (asked of sockview itself) and
# the network namespaces under /run/netns. Needs bash-completion.

# _sockview_offer WORDS...: the WORDS that start with $cur
_sockview_offer()
{
	local w
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
}

# _sockview_fields BIN: the field names and aliases BIN --columns=help lists
# (a header line, then a line a field: its name, its alias or -, ...)
_sockview_fields()
{
	"$1" --columns=help 2>/dev/null |
		awk 'NR > 1 && NF { print $1; if (NF > 1 && $2 != "-") print $2 }'
}

# _sockview_list SIGNS WORDS...: complete the last item of the comma-separated
# list $cur from WORDS; an item may start with one of SIGNS (+ or -, kept)
_sockview_list()
{
	local signs=$1 head=${cur%"${cur##*,}"} item=${cur##*,} sign='' w
	shift
	if [[ -n $signs && -n $item && $signs == *"${item:0:1}"* ]]; then
		sign=${item:0:1}
		item=${item:1}
	fi
	for w in "$@"; do
		[[ $w == "$item"* ]] && COMPREPLY+=("$head$sign$w")
	done
	# a list goes on: no space after an item
	compopt -o nospace
}

# _sockview_names DIR: the names of the entries of DIR that start with $cur
_sockview_names()
{
	local p
	for p in "$1"/*; do
		[[ -e $p && ${p##*/} == "$cur"* ]] && COMPREPLY+=("${p##*/}")
	done
}

# _sockview_why: the options of "sockview why"
_sockview_why()
{
	case $prev in
	--replay | --baseline) _filedir; return ;;
	--sample) return ;;
	esac
	[[ $cur == -* ]] && _sockview_offer --to --sample= -j --json --replay= --baseline= -h --help
	[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
}

# _sockview_value OPTION: complete $cur as OPTION's argument; status 1 if
# OPTION takes none
_sockview_value()
{
	local bin=${words[0]} fields
	[[ $bin == */* && -x $bin ]] || bin=sockview
	case $1 in
	-f | --family) _sockview_offer inet inet6 link unix netlink tipc vsock xdp ;;
	-A | --query | --socket)
		_sockview_list '!' all inet tcp udp raw mptcp sctp dccp unix \
			unix_stream u_str unix_dgram u_dgr unix_seqpacket u_seq packet \
			packet_raw p_raw packet_dgram p_dgr netlink vsock vsock_stream \
			v_str vsock_dgram v_dgr tipc xdp ;;
	-N | --net)
		if [[ $cur == */* ]]; then _filedir; else _sockview_names /run/netns; fi ;;
	--source) _sockview_offer auto netlink proc ;;
	--process-source) _sockview_offer auto bpf proc ;;
	--color) _sockview_offer auto always never ;;
	--format) _sockview_offer table json json-lines ss prom ;;
	-F | --filter | -D | --diag | --replay | --output) _filedir ;;
	--columns | --count | --sort)
		mapfile -t fields < <(_sockview_fields "$bin")
		if [[ $1 == --columns ]]; then
			[[ $cur == *,* || $cur == [+-]* ]] || fields+=(help)
			_sockview_list '+-' "${fields[@]}"
		else
			_sockview_list '' "${fields[@]}"
		fi ;;
	--resolve-timeout | --watch | --prom-ports) ;;
	*) return 1 ;;
	esac
	return 0
}

# _sockview_takes GROUP: the letter of the short-option group GROUP (-tf)
# whose argument the next word is, if any
_sockview_takes()
{
	local i c
	for ((i = 1; i < ${#1}; i++)); do
		c=${1:i:1}
		if [[ $c == [fANFD] ]]; then
			((i == ${#1} - 1)) && printf '%s' "$c"
			return
		fi
	done
}

_sockview()
{
	local cur prev words cword split c
	_init_completion -s || return

	if [[ ${words[1]-} == why ]] && ((cword > 1)); then
		_sockview_why
		return
	fi
	# an option's argument: --opt=VALUE, --opt VALUE, -f VALUE, -tf VALUE;
	# --watch and --count take theirs only after '='
	if $split; then
		_sockview_value "$prev" && return
	elif [[ $prev == --?* && $prev != --watch && $prev != --count ]]; then
		_sockview_value "$prev" && return
	elif [[ $prev == -[!-]* ]]; then
		c=$(_sockview_takes "$prev")
		[[ -n $c ]] && _sockview_value "-$c" && return
	fi
	if [[ $cur == -* ]]; then
		_sockview_offer -t --tcp -u --udp -w --raw -x --unix -0 --packet \
			-M --mptcp -S --sctp -d --dccp --vsock --tipc --xdp \
			-f --family= -A --query= --socket= -l --listening -a --all \
			-B --bound-inactive -n --numeric -r --resolve --resolve-timeout= \
			-4 --ipv4 -6 --ipv6 -H --no-header -Q --no-queues -N --net= \
			--all-netns -p --processes -T --threads --process-source= \
			--watch --watch= --verbose -b --bpf -j --json --json-lines \
			-s --summary -F --filter= -K --kill --force -E --events \
			--timestamp -D --diag= --replay= --ss --no-kernel-filter \
			--source= -Z --context -z --contexts -h --help -V -v --version \
			-o --options -e --extended -m --memory -i --info --tos --cgroup \
			--container --inet-sockopt -O --oneline --columns= --count \
			--count= --sort= --color= --format= --output= --prom-ports= \
			-q --quiet
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	case $prev in
	state | exclude)
		_sockview_offer established syn-sent syn-recv fin-wait-1 fin-wait-2 \
			time-wait closed close-wait last-ack listening listen closing \
			bound-inactive all connected synchronized bucket big ;;
	class) _sockview_offer well-known registered dynamic ephemeral ;;
	role) _sockview_offer listen in out unknown ;;
	dev) _sockview_names /sys/class/net ;;
	user) mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
	dport | sport | dst | src | fwmark | cgroup | service | pid | comm | \
		container | unit | = | '!=' | '<' | '>' | '<=' | '>=') ;;
	*)
		_sockview_offer state exclude dport sport dst src dev fwmark cgroup \
			autobound class service role user pid comm container unit \
			not and or
		((cword == 1)) && _sockview_offer why ;;
	esac
}
complete -F _sockview sockview
