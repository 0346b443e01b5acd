// Offer table: filter + multi-key sort of 100,000 generated offers (Google Benchmark).
// The same query and sort keys run in the browser benchmark (bench/web_bench.mjs)
// against an idiomatic JavaScript implementation, so the figures compare directly.
#include <benchmark/benchmark.h>

#include "core/filter.hpp"
#include "core/offer_table.hpp"
#include "core/query.hpp"
#include "core/synthetic.hpp"
#include "core/view_state.hpp"

using namespace offerscope::core;

namespace {

// Shared by the native and the WebAssembly benchmark: keep in sync with bench/web_bench.mjs.
constexpr const char* kQuery = "gpu_count>=2 price_per_gpu<3 vram_gb>=24 country notin [CN]";
constexpr const char* kSort = "-gpu_count,price_per_gpu";

struct Fixture {
  OfferTable table;
  Filter filter;
  std::vector<SortKey> keys;
  Fixture() {
    table.Assign(GenerateOffers(100000, 42));
    ParsedQuery q;
    QueryMessage err;
    ParseQuery(kQuery, q, err);
    filter = CompileFilter(q).value;
    std::string e;
    ParseSortKeys(kSort, keys, e);
  }
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

void BM_Table100kFilterSort(benchmark::State& state) {
  Fixture& f = Shared();
  std::vector<std::uint32_t> rows;
  for (auto _ : state) {
    f.table.Query(f.filter, f.keys, rows);
    benchmark::DoNotOptimize(rows.data());
  }
  state.counters["rows"] = static_cast<double>(rows.size());
}
BENCHMARK(BM_Table100kFilterSort)->Unit(benchmark::kMillisecond)->Repetitions(7)->ReportAggregatesOnly(true);

void BM_Table100kAssign(benchmark::State& state) {
  std::vector<Offer> offers = GenerateOffers(100000, 42);
  for (auto _ : state) {
    OfferTable t;
    t.Assign(offers);
    benchmark::DoNotOptimize(t.size());
  }
}
BENCHMARK(BM_Table100kAssign)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
