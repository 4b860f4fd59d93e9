#!/usr/bin/env bash
# run.sh - the Debian package, end to end: builds it in BUILD (a tree
# configured with -DCMAKE_INSTALL_PREFIX=/usr), checks its control fields and
# that it depends on the package of every library the binary links, installs
# it with apt, runs sockview -tuln and man sockview from it, finds the
# completions where bash-completion and zsh look for them, then purges it and
# checks that nothing of it is left. It installs a package, so it needs root
# on a Debian system: otherwise it prints "SKIP: ..." and exits 77, except
# with CI=true, where a skip is a failure (exit 1).
# Usage: run.sh BUILD
set -uo pipefail
build=${1:?usage: run.sh BUILD}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; shift; printf '  %s\n' "$@"; }
skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 (CI=true: a skipped package check is a failure)"
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}

[ "$(id -u)" = 0 ] || skip "the package check installs a package: it needs root"
for tool in apt-get dpkg dpkg-deb dpkg-shlibdeps file man readelf; do
	command -v "$tool" >/dev/null || skip "the package check needs '$tool' (tools/deps.sh installs it)"
done
if dpkg-query -W -f='${Status}' sockview 2>/dev/null | grep -q 'ok installed'; then
	echo "FAIL: the sockview package is installed already: this check would remove it"
	exit 1
fi
for f in /usr/bin/sockview /usr/share/man/man8/sockview.8.gz; do
	[ -e "$f" ] && { echo "FAIL: $f exists, and not from the package: this check would remove it"; exit 1; }
done

tmp=$(mktemp -d)
installed=false
# whatever happens, the package does not outlive the check
cleanup() {
	$installed && apt-get purge -y -qq sockview >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "# building the package in $build"
rm -f "$build"/sockview_*.deb
if ! cmake --build "$build" -j"$(nproc)" --target package >"$tmp/build.log" 2>&1; then
	tail -20 "$tmp/build.log"
	echo "FAIL: the package did not build"
	exit 1
fi
debs=("$build"/sockview_*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: want one sockview_*.deb in $build: ${debs[*]}"; exit 1; }
deb=$(cd "$(dirname "${debs[0]}")" && pwd)/$(basename "${debs[0]}")
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")

# the control fields
field() { dpkg-deb -f "$deb" "$1"; }
got="$(field Package)|$(field Version)|$(field Section)|$(field Architecture)"
want="sockview|$version-1|net|$(dpkg --print-architecture)"
[ "$got" = "$want" ] && ok "control: name, version, section, architecture" ||
	bad "control: name, version, section, architecture" "got:  $got" "want: $want"
[[ $(field Maintainer) == ?*' <'?*@?*'>' ]] && [ "$(field Description | wc -l)" -gt 2 ] &&
	ok "control: a maintainer (NAME <EMAIL>) and a description" ||
	bad "control: a maintainer (NAME <EMAIL>) and a description" "$(field Maintainer)" "$(field Description)"

# every library the binary links comes from a package it depends on
depends=$(field Depends)
missing=()
libs=$(readelf -d "$build/sockview" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
# shellcheck disable=SC2046,SC2086 # one pattern a library
dpkg -S $(printf '*/%s ' $libs) >"$tmp/owners" 2>/dev/null
# owner LIB: the package that holds the file the loader picks for LIB
owner() {
	local real line
	real=$(readlink -f "$(ldd "$build/sockview" | awk -v l="$1" '$1 == l { print $3 }')")
	while IFS= read -r line; do
		[[ $line == *"/$1" ]] && [ "$(readlink -f "${line#*: }")" = "$real" ] &&
			{ line=${line%%: *}; echo "${line%%:*}"; break; }
	done <"$tmp/owners"
}
for lib in $libs; do
	pkg=$(owner "$lib")
	[ -n "$pkg" ] && [[ ", $depends" == *", $pkg "* ]] || missing+=("$lib (${pkg:-no package})")
done
[ ${#missing[@]} = 0 ] && ok "Depends: the package of every library the binary links" ||
	bad "Depends: the package of every library the binary links" "Depends: $depends" "missing: ${missing[*]}"

# what it holds
want='/usr/bin/sockview
/usr/share/bash-completion/completions/sockview
/usr/share/doc/sockview/changelog.Debian.gz
/usr/share/doc/sockview/copyright
/usr/share/man/man8/sockview.8.gz
/usr/share/zsh/vendor-completions/_sockview'
got=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort)
[ "$got" = "$want" ] && ok "contents: the binary, the gzipped manual, completions, copyright, changelog" ||
	bad "contents: the binary, the gzipped manual, completions, copyright, changelog" "got: $got"

# install it as a user would; the manual even where dpkg is told to leave
# manuals out (minimised images)
echo "# apt-get install $deb"
installed=true
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	-o Dpkg::Options::=--path-include=/usr/share/man/man8/sockview.8.gz "$deb" >"$tmp/apt.log" 2>&1; then
	cat "$tmp/apt.log"
	echo "FAIL: apt-get install failed"
	exit 1
fi
got=$(dpkg-query -W -f='${Status} ${Version}' sockview)
[ "$got" = "install ok installed $version-1" ] && ok "apt installed it" || bad "apt installed it" "$got"

out=$(/usr/bin/sockview -tuln 2>"$tmp/err")
rc=$?
[ $rc = 0 ] && [[ $out == Netid* ]] && [ ! -s "$tmp/err" ] && ok "/usr/bin/sockview -tuln" ||
	bad "/usr/bin/sockview -tuln" "exit $rc" "$(head -3 <<<"$out")" "$(head -3 "$tmp/err")"
got=$(/usr/bin/sockview --version | head -1)
[ "$got" = "sockview $version" ] && ok "/usr/bin/sockview --version" || bad "/usr/bin/sockview --version" "$got"

# groff's complaints, but for the width of a terminal ("can't break line")
page=$(man -w sockview 2>&1)
text=$(MANWIDTH=80 man -P cat sockview 2>"$tmp/err")
rc=$?
grep -v "warning.*can't break line" "$tmp/err" >"$tmp/err2"
[ "$page" = /usr/share/man/man8/sockview.8.gz ] && [ $rc = 0 ] && [ ! -s "$tmp/err2" ] &&
	grep -q 'sockview.*list sockets like ss' <<<"$text" && grep -q '^EXIT STATUS' <<<"$text" &&
	ok "man sockview: the package's page renders" ||
	bad "man sockview: the package's page renders" "man -w: $page" "exit $rc" "$(head -3 "$tmp/err2")"

# the completions are where the shells load them from
if [ -r /usr/share/bash-completion/bash_completion ]; then
	got=$(bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
		_completion_loader sockview; complete -p sockview' 2>&1)
	[ "$got" = "complete -F _sockview sockview" ] && ok "bash-completion loads sockview's on demand" ||
		bad "bash-completion loads sockview's on demand" "$got"
else
	bad "bash-completion is not installed (tools/deps.sh installs it)"
fi
if command -v zsh >/dev/null; then
	got=$(zsh -fc 'autoload -Uz compinit; compinit -u -D; print -r -- $_comps[sockview]' 2>&1)
	[ "$got" = _sockview ] && ok "zsh's compinit finds _sockview" || bad "zsh's compinit finds _sockview" "$got"
else
	bad "zsh is not installed (tools/deps.sh installs it)"
fi

# purge it: nothing of it is left
dpkg -L sockview | while read -r f; do [ -d "$f" ] || echo "$f"; done >"$tmp/files"
echo "# apt-get purge sockview"
if ! DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq sockview >"$tmp/apt.log" 2>&1; then
	cat "$tmp/apt.log"
	echo "FAIL: apt-get purge failed"
	exit 1
fi
installed=false
left=$(while read -r f; do [ -e "$f" ] && echo "$f"; done <"$tmp/files")
got=$(dpkg-query -W -f='${Status}' sockview 2>/dev/null)
[ "$(wc -l <"$tmp/files")" -ge 5 ] && [ -z "$left" ] && [ ! -e /usr/share/doc/sockview ] &&
	[ "${got:-not-installed}" != "${got%not-installed}" ] && ! man -w sockview >/dev/null 2>&1 &&
	ok "purged: no file left, dpkg says not-installed, man finds no page" ||
	bad "purged: no file left, dpkg says not-installed, man finds no page" "left: $left" "dpkg: $got"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
