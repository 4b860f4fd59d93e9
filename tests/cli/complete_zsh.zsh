# complete_zsh.zsh - drives the zsh completion of sockview as a user would:
# an interactive zsh on a pseudo-terminal (zsh/zpty) with compinit and
# completions/ in its fpath types each line of stdin and Tab. A compadd
# wrapper writes down the matches each call adds. Prints "## LINE", then
# the matches, sorted, one a line; then "## stderr:" and what the shell
# wrote on stderr, if anything.
# Usage: timeout 60 zsh -f complete_zsh.zsh COMPDIR SCRATCHDIR < LINES
zmodload zsh/zpty || exit 1
dir=$1 out=$2/zsh-matches err=$2/zsh-stderr
: >$out
: >$err

# wait_for N: until the terminal shows the N-th end mark (a Tab's, or the
# setup's); the caller bounds the time (timeout)
wait_for() {
  local i junk
  for i in {1..$1}; do
    zpty -r sh junk '*SV-END*' || return 1
  done
}

zpty sh "zsh -f -i 2>${(q)err}"
zpty -w sh "PS1='> '; unsetopt autolist beep; fpath=(${(q)dir} \$fpath)
autoload -Uz compinit; compinit -u -D
compadd() {
  if (( \${@[(I)-[OAD]*]} )); then builtin compadd \"\$@\"; return; fi
  local -a m; builtin compadd -O m \"\$@\"
  (( \$#m )) && print -rl -- \$m >>${(q)out}
  builtin compadd \"\$@\"
}
sv-end() { print -r -- '## end' >>${(q)out}; print -n -- \"\\nSV-\${:-END}\\n\"; }
zle -N sv-end; bindkey '^T' sv-end; sv-end"
wait_for 1 || { print -r "## no prompt"; exit 1; }
lines=()
while IFS= read -r line; do
  lines+=("$line")
  zpty -w -n sh $'\C-u'"$line"$'\t\C-t'
  wait_for 1 || { print -r "## no answer: $line"; exit 1; }
done
zpty -d sh

# the blocks between the "## end" lines, one a line typed
content="$(<$out)"$'\n'
blocks=("${(@ps:## end\n:)content}")
for i in {1..$#lines}; do
  print -r -- "## $lines[i]"
  m=(${(f)blocks[i+1]})
  (( $#m )) && print -rl -- ${(ou)m}
done
[[ -s $err ]] && { print -r -- "## stderr:"; cat $err; }
exit 0
