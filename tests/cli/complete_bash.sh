#!/usr/bin/env bash
# complete_bash.sh - drives the bash completion of sockview as readline would:
# loads bash-completion and completions/sockview.bash, then for each line of
# stdin (a command line, the cursor at its end) sets COMP_LINE, COMP_POINT,
# COMP_WORDS and COMP_CWORD and calls the function `complete -p sockview`
# names. Prints "## LINE", then the candidates, one a line, in order, then
# "## nospace" if compopt -o nospace was asked for.
# Usage: complete_bash.sh BASH_COMPLETION SCRIPT < LINES
set -u
# shellcheck source=/dev/null
. "$1" || exit 1
# shellcheck source=/dev/null
. "$2" || exit 1
fn=$(complete -p sockview) || exit 1
fn=${fn#*-F }
fn=${fn%% *}

# compopt only works under readline: record what it is asked
compopt() { [ "$*" = "-o nospace" ] && nospace=1; return 0; }

# split LINE: its words as readline gives them to a completion function
# (bash's COMP_WORDBREAKS): at blanks, and a run of the other break
# characters (= :) is a word of its own; the last word (at the cursor) may
# be empty
split() {
	local line=$1 w='' c i brk=0 breaks=${COMP_WORDBREAKS//[[:space:]]/}
	words=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $c == ' ' ]]; then
			[[ -n $w ]] && words+=("$w")
			w='' brk=0
		elif [[ $breaks == *"$c"* ]]; then
			((brk)) || { [[ -n $w ]] && words+=("$w"); w=''; }
			w+=$c brk=1
		else
			((brk)) && { words+=("$w"); w=''; }
			w+=$c brk=0
		fi
	done
	words+=("$w")
}

while IFS= read -r line; do
	echo "## $line"
	(
		nospace=0
		split "$line"
		COMP_LINE=$line COMP_POINT=${#line}
		COMP_WORDS=("${words[@]}") COMP_CWORD=$((${#words[@]} - 1))
		COMPREPLY=()
		"$fn" sockview "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		[ ${#COMPREPLY[@]} = 0 ] || printf '%s\n' "${COMPREPLY[@]}"
		((nospace)) && echo "## nospace"
	)
done
