#include "bench/bench_pages.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace offerscope::bench {
namespace {

bool ReadJson(const std::string& path, nlohmann::json& out, std::string& error) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  out = nlohmann::json::parse(ss.str(), nullptr, false);
  if (!in || out.is_discarded()) {
    error = "cannot read fixture " + path;
    return false;
  }
  return true;
}

// Appends copies of `records` (varied by index) as comma-separated JSON until `target` bytes.
template <class Vary>
std::size_t Repeat(const nlohmann::json& records, std::size_t target, std::string& out, Vary vary) {
  std::size_t n = 0;
  while (out.size() < target) {
    for (const nlohmann::json& r : records) {
      nlohmann::json copy = r;
      vary(copy, n);
      if (n > 0) out += ',';
      out += copy.dump();
      ++n;
    }
  }
  return n;
}

}  // namespace

bool MakeBenchPages(const std::string& dir, std::size_t target, BenchPages& out, std::string& error) {
  nlohmann::json vast_a, vast_b, prime;
  if (!ReadJson(dir + "/vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json", vast_a, error) ||
      !ReadJson(dir + "/vastai/500farm-exporter-offers-2025-07-rtx5090.json", vast_b, error) ||
      !ReadJson(dir + "/primeintellect/availability-gpus-2025-01.json", prime, error))
    return false;
  nlohmann::json vast_records = nlohmann::json::array();
  for (const auto& r : vast_a) vast_records.push_back(r);
  const nlohmann::json& b = vast_b.is_array() ? vast_b : vast_b["offers"];
  for (const auto& r : b) vast_records.push_back(r);
  const char* vast_gpus[] = {"RTX 4090", "RTX 3090", "H100 SXM", "A100 SXM4", "RTX 5090", "L40S"};
  out.vast = "{\"offers\":[";
  Repeat(vast_records, target, out.vast, [&](nlohmann::json& r, std::size_t i) {
    r["id"] = 20000000 + i;
    r["gpu_name"] = vast_gpus[i % 6];
    r["num_gpus"] = 1 + static_cast<int>(i % 8);
    r["dph_base"] = 0.1 + static_cast<double>(i % 997) / 250.0;
  });
  out.vast += "]}";

  nlohmann::json prime_records = nlohmann::json::array();
  for (auto it = prime.begin(); it != prime.end(); ++it)
    for (const auto& r : it.value()) prime_records.push_back(r);
  out.primeintellect = "{\"items\":[";
  std::size_t n = Repeat(prime_records, target, out.primeintellect, [](nlohmann::json& r, std::size_t i) {
    r["dataCenter"] = "DC-" + std::to_string(i);
  });
  out.primeintellect += "],\"totalCount\":" + std::to_string(n) + "}";

  nlohmann::json dispersed_record = nlohmann::json::parse(R"({
    "availability": {"status": "available"},
    "hardware_summary": {"cpu_cores": 32, "gpu_count": 8, "gpu_model_label": "NVIDIA H100 80GB HBM3",
      "gpu_models": [{"count": 8, "gpu_registry_uuid": "019582a6-27fc-731d-af0a-594f04d6d0d5",
                      "min_vram_gib": 80, "name": "NVIDIA H100 80GB HBM3"}],
      "gpu_registry_uuid": "019582a6-27fc-731d-af0a-594f04d6d0d5", "min_gpu_vram_gib": 80,
      "ram_gib": 1024, "storage_gib": 2000},
    "offer_id": "off_0", "pricing": {"hourly_rate_usd": 17.92, "quoted_at": "2026-11-01T12:00:00Z"},
    "region_code": "us-west-2"})");
  out.dispersed = "{\"data\":[";
  n = Repeat(nlohmann::json::array({dispersed_record}), target, out.dispersed, [](nlohmann::json& r, std::size_t i) {
    r["offer_id"] = "off_" + std::to_string(i);
    r["hardware_summary"]["gpu_count"] = 1 + static_cast<int>(i % 8);
    r["pricing"]["hourly_rate_usd"] = 1.5 + static_cast<double>(i % 401) / 20.0;
  });
  out.dispersed += "],\"limit\":50,\"page\":1,\"total\":" + std::to_string(n) + "}";
  return true;
}

}  // namespace offerscope::bench
