#!/bin/sh
# test.sh - the whole test suite, as CI runs it: dependencies, the generated
# table check, static analysis, a build with warnings as errors and its unit
# tests, gcc -O3 and clang builds, a build without libbpf, the Debian package
# (built, installed, used, purged), a build under ASan+UBSan with every test
# (unit, end-to-end, integration), the unit tests and a run of each kind of
# listing under valgrind, the fuzz targets for a short while, and the
# benchmark's smoke run.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)
t0=$(date +%s)
# each stage's title, with the seconds since the start (where CI's time goes)
stage() { now="$*"; echo "== $* ($(($(date +%s) - t0)) s in)"; }
now="dependencies"
# a failure's last line names its stage (the end of a CI log is what is kept)
trap 'rc=$?; [ "$rc" = 0 ] || echo "== FAILED (exit $rc) in stage: $now, after $(($(date +%s) - t0)) s"' EXIT

sh tools/deps.sh

stage "services table: regenerating from data/ changes nothing"
python3 tools/gen_services.py --check

stage "cppcheck"
# variableScope is taste; knownConditionTrueFalse misreads "a < b ? a : b"
# in cppcheck 2.10 (Debian 12) and flags correct bounds checks.
cppcheck --enable=warning,style,performance,portability --std=c11 --quiet \
	--inline-suppr --error-exitcode=1 -Iinclude \
	--suppress=missingIncludeSystem --suppress=variableScope \
	--suppress=knownConditionTrueFalse src/*.c src/*/*.c

stage "build (warnings are errors) and test"
cmake -S . -B build -DSV_WERROR=ON -DSV_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
# the unit tests here; the end-to-end and integration checks (minutes) run
# once, under ASan+UBSan below, where they also catch memory errors
(cd build && ctest --output-on-failure -E '^(cli|integration)$')

stage "warnings as errors with -O3 (gcc) and with clang"
# build-release installs under /usr: the Debian package is made from it
# (its tests are the debug build's: only the sources are built here)
cmake -S . -B build-release -DSV_WERROR=ON -DCMAKE_BUILD_TYPE=Release -DSV_TESTS=OFF \
	-DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-release -j"$jobs" >/dev/null
CC=clang cmake -S . -B build-clang -DSV_WERROR=ON -DSV_TESTS=OFF >/dev/null
cmake --build build-clang -j"$jobs" >/dev/null

stage "a build without libbpf and libnftables: -p walks /proc, why reads no NAT rules, and --version and errors say so"
cmake -S . -B build-nobpf -DSV_WERROR=ON -DSV_TESTS=ON -DSV_BPF=OFF -DSV_NFTABLES=OFF >/dev/null
cmake --build build-nobpf -j"$jobs" --target sockview test_procmap_recs test_procmap >/dev/null
build-nobpf/test_procmap_recs >/dev/null
build-nobpf/test_procmap >/dev/null
build-nobpf/sockview --version | grep -qx -- "-p: /proc (built without libbpf)"
build-nobpf/sockview --version | grep -qx -- "why, NAT rules: not read (built without libnftables)"
build-nobpf/sockview why --sample=0 1 | grep -q "built without libnftables" ||
	{ echo "no-libnftables build: why does not say it"; exit 1; }
build-nobpf/sockview -tanp >/dev/null
rc=0
build-nobpf/sockview -tanp --process-source=bpf >/dev/null 2>build-nobpf/bpf.err || rc=$?
[ $rc = 3 ] && grep -q "built without libbpf" build-nobpf/bpf.err ||
	{ cat build-nobpf/bpf.err; echo "no-libbpf build: --process-source=bpf gave $rc"; exit 1; }

stage "Debian package: built from build-release, installed with apt, used, purged"
# status 77: skipped (not root), which run.sh makes a failure with CI=true
bash tests/package/run.sh build-release || [ $? = 77 ]

stage "build with ASan+UBSan and test"
cmake -S . -B build-asan -DSV_WERROR=ON -DSV_TESTS=ON -DSV_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure -E '^cli$')
# The cli suite starts sockview some 1,300 times, and LeakSanitizer's scan
# at each exit costs ~57 ms here (a minute of CI in all): it runs with
# ASan's and UBSan's other checks; leaks are looked for in the unit tests,
# the integration suite (above) and valgrind's runs (below).
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure -R '^cli$')

stage "valgrind: unit tests, and sockview over each table, source and output"
# The end-to-end checks run whole under ASan+UBSan above; valgrind adds
# uninitialised reads, on the unit tests (side by side) and on one run of
# each kind of listing, live and replayed.
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=tools/valgrind.supp"
mkdir -p build/valgrind
find build -maxdepth 1 -name 'test_*' -type f -perm -u+x | xargs -P "$jobs" -I{} sh -c \
	"$vg {} >/dev/null 2>build/valgrind/\$(basename {}).log ||
	 { cat build/valgrind/\$(basename {}).log; echo 'valgrind: {} failed'; exit 255; }"
for args in "-a" "-tan -eomi --tos --cgroup --inet-sockopt" "-xa" "-0ab" "-A netlink" \
	"-wa" "-Ma" "-a -j" "--ss -a" "--source=proc -a" "-s" "-tanp --process-source=bpf" \
	"-a --format=prom --prom-ports=1-65535" "-s -j" \
	"--replay tests/data/link.dump -0a -b" "--replay tests/data/unix.dump -xa -j" \
	"-tan --sort=-local.port,peer --columns=+uid,-service --color=always" \
	"-tuan --count=state,peer.address -j" "--replay tests/data/unix.dump -xa --sort=local"; do
	rc=0
	# shellcheck disable=SC2086
	$vg build/sockview $args >/dev/null 2>build/valgrind.log || rc=$?
	# 0, or 3 for a table this host cannot list: anything else is valgrind's
	[ $rc = 0 ] || [ $rc = 3 ] || { cat build/valgrind.log; echo "valgrind: sockview $args: $rc"; exit 1; }
done

stage "fuzz targets, 4 s each, as many at once as there are CPUs"
sh tools/fuzz.sh 4

stage "benchmark smoke run (no timing is asserted)"
bash bench/run.sh --smoke --sockview build/sockview

# every stage above stops the script on failure (set -e): reaching here
# means all of them passed
echo "total: $(($(date +%s) - t0)) s"
echo "stages: 10 passed, 0 failed"
