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

status=0
for bin in build-fuzz/fuzz_*; do
	name=$(basename "$bin")
	[ -x "$bin" ] || continue
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
	seeds=fuzz/corpus/${name#fuzz_}
	work=build-fuzz/corpus/${name#fuzz_}
	mkdir -p "$work"
	echo "== $name: $secs s"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=0 -artifact_prefix=build-fuzz/ "$work" \
		$( [ -d "$seeds" ] && echo "$seeds" ) >build-fuzz/"$name".log 2>&1; then
		echo "$name found a problem:"
		tail -40 build-fuzz/"$name".log
		status=1
	else
		grep -E "^Done|#[0-9]+.*DONE" build-fuzz/"$name".log | tail -1 || true
	fi
done
exit $status
