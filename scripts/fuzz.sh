#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS (default 300),
# seeded with the real fixtures and the seed docs' examples. Reports executions and crashes;
# exits non-zero when any target crashes. The test command runs it with a short budget.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-300}
fixtures="$root/../shared/fixtures/real"
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz --target fuzz_targets -j "${OFFERSCOPE_JOBS:-$(nproc)}"

corpus=build/fuzz/corpus
mkdir -p "$corpus"/{vast_page,primeintellect_page,dispersed_page,query,url_fragment,proxy_route,json_indexer}
cp -f "$fixtures"/vastai/*.json "$corpus/vast_page/" 2>/dev/null || true
cp -f "$fixtures"/primeintellect/*.json "$corpus/primeintellect_page/" 2>/dev/null || true
cp -f "$fixtures"/vastai/*.json "$fixtures"/primeintellect/*.json "$corpus/json_indexer/" 2>/dev/null || true
cp -f tests/fuzz/seeds/dispersed/* "$corpus/dispersed_page/" 2>/dev/null || true
cp -f tests/fuzz/seeds/query/* "$corpus/query/" 2>/dev/null || true
cp -f tests/fuzz/seeds/url_fragment/* "$corpus/url_fragment/" 2>/dev/null || true
cp -f tests/fuzz/seeds/proxy_route/* "$corpus/proxy_route/" 2>/dev/null || true

status=0
for bin in build/fuzz/fuzz/fuzz_*; do
  name=$(basename "$bin"); name=${name#fuzz_}
  log=build/fuzz/$name.log
  mkdir -p "build/fuzz/artifacts/$name"
  if "$bin" "$corpus/$name" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="build/fuzz/artifacts/$name/" -print_final_stats=1 >"$log" 2>&1; then
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz $name: ${execs:-?} executions in ${seconds}s, no crash"
  else
    echo "fuzz $name: CRASH (see $log and build/fuzz/artifacts/$name/)"
    tail -n 30 "$log"
    status=1
  fi
done
exit $status
