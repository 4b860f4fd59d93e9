#!/bin/sh
# test.sh - the whole test suite, as CI runs it: dependencies, a build with
# warnings as errors, unit and integration tests, the same again under
# AddressSanitizer + UndefinedBehaviorSanitizer, and the generated-table check.
set -eu
cd "$(dirname "$0")/.."

sh tools/deps.sh

echo "== services table: regenerating from data/ changes nothing"
python3 tools/gen_services.py --check

echo "== build (warnings are errors) and test"
cmake -S . -B build -DSV_WERROR=ON -DSV_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)"
(cd build && ctest --output-on-failure)

echo "== build with ASan+UBSan and test"
cmake -S . -B build-asan -DSV_WERROR=ON -DSV_TESTS=ON -DSV_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$(nproc)"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure)
