#!/bin/sh
# fuzz.sh - build the libFuzzer targets (clang, ASan+UBSan) and run each one
# on its seed corpus for SECONDS (default 15). CI runs the short form; for a
# long run: tools/fuzz.sh 3600, or one target: tools/fuzz.sh 600 fuzz_filter.
# New inputs go to build-fuzz/corpus/NAME, never into the committed seeds.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-15}
only=${2:-}

CC=clang cmake -S . -B build-fuzz -DSV_FUZZ=ON -DSV_TESTS=OFF -DSV_WERROR=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)"

# Targets run side by side, as many at once as there are CPUs, each for
# SECONDS: the time grows with the batches, not the targets.
par=$(nproc)

run_one() {
	name=$1 bin=build-fuzz/$1
	seeds=fuzz/corpus/${name#fuzz_}
	work=build-fuzz/corpus/${name#fuzz_}
	mkdir -p "$work"
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=0 -artifact_prefix=build-fuzz/"$name"- "$work" \
		$( [ -d "$seeds" ] && echo "$seeds" ) >build-fuzz/"$name".log 2>&1; then
		echo ok >build-fuzz/"$name".status
	else
		echo failed >build-fuzz/"$name".status
	fi
}

names=
for bin in build-fuzz/fuzz_*; do
	name=$(basename "$bin")
	[ -x "$bin" ] && [ -f "$bin" ] || continue
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
	names="$names $name"
done
n=0
for name in $names; do
	rm -f build-fuzz/"$name".status
	echo "== $name: $secs s"
	run_one "$name" &
	n=$((n + 1))
	if [ "$n" -ge "$par" ]; then
		wait
		n=0
	fi
done
wait

# the passes first and the failures last, where a cut log still shows them
status=0
for name in $names; do
	if [ "$(cat build-fuzz/"$name".status 2>/dev/null)" = ok ]; then
		printf '%s: ' "$name"
		grep -E "^Done|#[0-9]+.*DONE" build-fuzz/"$name".log | tail -1 || echo done
	fi
done
for name in $names; do
	if [ "$(cat build-fuzz/"$name".status 2>/dev/null)" != ok ]; then
		echo "$name found a problem:"
		tail -40 build-fuzz/"$name".log
		status=1
	fi
done
exit $status
