#!/usr/bin/env bash
# The one test command: installs what is missing, builds both targets and runs every test
# (unit, integration, browser end-to-end), then the whole native suite again under
# AddressSanitizer + UBSan, then bounded fuzzing. Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${OFFERSCOPE_JOBS:-$(nproc)}
export NODE_PATH=/usr/share/nodejs

scripts/bootstrap.sh
scripts/build.sh release
echo "== tests (release: unit, integration, browser end-to-end)"
ctest --test-dir build/release --output-on-failure -j "$jobs" --timeout 300

echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer (native, and the app in the browser)"
[ -f build/asan/build.ninja ] || cmake --preset asan >/dev/null
cmake --build build/asan -j "$jobs"
[ -f build/wasm-asan/build.ninja ] || emcmake cmake --preset wasm-asan >/dev/null
cmake --build build/wasm-asan -j "$jobs" --target offerscope_web
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs" --timeout 900 -LE "load|wasm"

if [ -x scripts/fuzz.sh ]; then
  echo "== bounded fuzzing"
  FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh
fi
echo "== all tests passed"
