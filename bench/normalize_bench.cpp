// Normalization throughput: MB/s of provider JSON turned into normalized offers by core's
// parsers, over ~20 MB pages per provider, against the raw read speed of the same bytes
// (the ceiling). Writes the pages to <out-dir> for the jq and JavaScript baselines and
// prints one JSON object of figures (medians over repeated runs).
// Usage: normalize_bench <fixtures-dir> <out-dir> [megabytes-per-page]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "bench/bench_pages.hpp"
#include "core/providers/registry.hpp"

using namespace offerscope;
using Clock = std::chrono::steady_clock;

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ParseSeconds(core::ProviderId id, const std::string& body, std::size_t& offers) {
  const core::ProviderDef& p = core::GetProvider(id);
  core::HttpRequest req = p.plan_offers(core::PlanOptions{}).front();
  core::NormalizeOptions opts;
  opts.fetched_at = "2026-11-23T00:00:00Z";
  auto t0 = Clock::now();
  core::Page page = p.parse_offers(req, 200, body, opts);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!page.error.empty()) std::fprintf(stderr, "%s: %s\n", std::string(p.name).c_str(), page.error.c_str());
  offers = page.offers.size();
  return s;
}

// Reading the file back into memory: what any tool pays before parsing anything.
double ReadSeconds(const std::string& path, std::size_t& bytes) {
  auto t0 = Clock::now();
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes = data.size();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: normalize_bench <fixtures-dir> <out-dir> [megabytes-per-page]\n");
    return 2;
  }
  std::size_t target = static_cast<std::size_t>((argc > 3 ? std::atof(argv[3]) : 20.0) * 1e6);
  bench::BenchPages pages;
  std::string error;
  if (!bench::MakeBenchPages(argv[1], target, pages, error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const std::string out_dir = argv[2];
  std::error_code mkdir_error;
  std::filesystem::create_directories(out_dir, mkdir_error);
  struct Item { core::ProviderId id; const char* name; const std::string* body; };
  Item items[] = {{core::ProviderId::kVast, "vast", &pages.vast},
                  {core::ProviderId::kPrimeIntellect, "primeintellect", &pages.primeintellect},
                  {core::ProviderId::kDispersed, "dispersed", &pages.dispersed}};
  nlohmann::json result;
  double total_bytes = 0, total_parse_s = 0, total_read_s = 0;
  for (const Item& it : items) {
    std::string path = out_dir + "/" + it.name + ".json";
    if (!(std::ofstream(path, std::ios::binary) << *it.body)) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
    std::vector<double> parse_s, read_s;
    std::size_t offers = 0, bytes = 0;
    for (int i = 0; i < 7; ++i) {
      parse_s.push_back(ParseSeconds(it.id, *it.body, offers));
      read_s.push_back(ReadSeconds(path, bytes));
    }
    if (bytes != it.body->size()) {
      std::fprintf(stderr, "read %zu bytes of %s back, not %zu\n", bytes, path.c_str(), it.body->size());
      return 1;
    }
    double mb = it.body->size() / 1e6;
    result[std::string("normalize_mb_s_") + it.name] = mb / Median(parse_s);
    result[std::string("offers_") + it.name] = offers;
    result[std::string("page_mb_") + it.name] = mb;
    total_bytes += mb;
    total_parse_s += Median(parse_s);
    total_read_s += Median(read_s);
  }
  result["normalize_mb_s"] = total_bytes / total_parse_s;
  result["read_mb_s"] = total_bytes / total_read_s;
  std::printf("%s\n", result.dump(2).c_str());
  return 0;
}
