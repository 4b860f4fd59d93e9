#!/bin/sh
# deps.sh - install what building and testing sockview needs on Debian 12
# (run as root). Installs only what is missing; safe to run again.
set -eu

# build: compiler, cmake, pkg-config, libmnl, c-ares (-r), jansson
# (--container's Docker and Podman names, why's NAT rules), libbpf with
# clang and bpftool (-p's in-kernel pass), libnftables (why: the NAT
# rules); tests: nftables and iptables (nft and iptables-nft make the NAT
# rules), cmocka, iproute2 (ss as
# the oracle, ip), python3 (generator check, test population), util-linux
# (unshare), strace (what -N does), bash-completion and zsh (the completion
# scripts, loaded and driven); the Debian package: dpkg-dev and file (CPack's
# dpkg-shlibdeps finds the binary's libraries), man-db (man sockview from
# it); fuzzing: clang with its compiler-rt (libFuzzer, sanitizers); checking:
# cppcheck, valgrind; benchmark: time, hyperfine.
PKGS="gcc libc6-dev make cmake pkg-config libmnl-dev libc-ares-dev libjansson-dev
libbpf-dev bpftool libnftables-dev nftables iptables
libcmocka-dev iproute2
python3 util-linux strace bash-completion zsh dpkg-dev file man-db clang
libclang-rt-14-dev cppcheck valgrind time hyperfine"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	echo "deps.sh: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# promtool (checks --format=prom in the tests: Prometheus's own checker) is
# in Debian's prometheus package, with the server: only promtool is taken
# out of it, into /usr/local/bin, so no server is installed nor started.
if ! command -v promtool >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: promtool is missing (run as root to install it)" >&2
		exit 1
	fi
	echo "deps.sh: installing promtool from the prometheus package"
	tmp=$(mktemp -d)
	chmod 755 "$tmp" # apt's download user must write there
	(cd "$tmp" && { apt-get download -qq prometheus 2>/dev/null ||
		{ apt-get update -qq && apt-get download -qq prometheus; }; })
	dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
	install -m 0755 "$tmp/usr/bin/promtool" /usr/local/bin/promtool
	rm -rf "$tmp"
fi
