// Large provider pages for the benchmarks, built from the real captured records in
// shared/fixtures/real (ids, prices and GPU counts varied so no two records are equal).
// The same bytes are written to disk so jq and the in-browser JavaScript baseline parse
// exactly what the core parses.
#pragma once

#include <string>

namespace offerscope::bench {

struct BenchPages {
  std::string vast;            // {"offers":[...]} about `target_bytes`
  std::string primeintellect;  // {"items":[...],"totalCount":N}
  std::string dispersed;       // {"data":[...],"limit":..,"page":1,"total":N}
};

// Reads the fixture records from `fixtures_dir` and repeats them up to ~target_bytes each.
// Returns false (with `error`) when a fixture is missing.
bool MakeBenchPages(const std::string& fixtures_dir, std::size_t target_bytes, BenchPages& out,
                    std::string& error);

}  // namespace offerscope::bench
