#include "proxy/emulator/emulator_data.hpp"

#include <cmath>
#include <string>

#include "core/catalog.hpp"
#include "core/synthetic.hpp"

namespace offerscope::proxy {

namespace {

constexpr const char* kStates[] = {"Texas", "California", "Oregon", "Quebec", "Bavaria", "Noord-Holland",
                                   "Viken", "Uusimaa", "England", "Ile-de-France", "Stockholm", "Mazowieckie",
                                   "Tokyo", "Seoul", "Taipei", "Singapore", "Karnataka", "Sao Paulo",
                                   "New South Wales", "Guangxi"};
constexpr const char* kPrimeRegions[] = {"united_states", "canada", "eu_west", "eu_north", "eu_east",
                                         "asia_northeast", "australia"};
constexpr const char* kPrimeSources[] = {"runpod", "hyperstack", "lambdalabs", "crusoecloud", "datacrunch",
                                         "massedcompute", "tensordock", "oblivus"};
constexpr const char* kStock[] = {"Available", "High", "Medium", "Low"};
constexpr const char* kDispersedRegions[] = {"us-west-2", "us-east-1", "eu-central-1", "eu-north-1", "ap-northeast-1"};

double Round(double v, double step) { return std::round(v / step) * step; }

nlohmann::json VastRecord(const core::Offer& o, std::size_t i) {
  std::vector<std::string_view> names = core::VastNamesFor(o.gpu);
  std::string name = names.empty() ? o.gpu : std::string(names[0]);
  double storage_cost = 0.1 + 0.05 * static_cast<double>(i % 5);  // $/GB/month
  double dph_base = Round(o.base_usd_per_hour, 0.0001);
  double disk_hour = storage_cost * 5 / 720.0;  // the CLI's default 5 GB, over a 30-day month
  // nvidia-smi style MiB, a little under the nominal size as real cards report.
  double gpu_ram_mib = std::floor(o.vram_gb * 1024 * 0.9959);
  std::string state = kStates[i % 20];
  return {
      {"id", 30000000 + i}, {"ask_contract_id", 30000000 + i}, {"bundle_id", nullptr},
      {"machine_id", 40000 + i % 3000}, {"host_id", 100000 + i % 900},
      {"gpu_name", name}, {"num_gpus", o.gpu_count}, {"gpu_ram", gpu_ram_mib},
      {"gpu_total_ram", gpu_ram_mib * o.gpu_count}, {"gpu_arch", "nvidia"},
      {"cpu_cores", static_cast<int>(o.vcpus * 2)}, {"cpu_cores_effective", o.vcpus},
      {"cpu_ram", o.ram_gb * 1024}, {"cpu_name", "AMD EPYC 7543 32-Core Processor"},
      {"disk_space", o.disk_gb}, {"disk_bw", 2500.0},
      {"dph_base", dph_base}, {"dph_total", dph_base + disk_hour}, {"storage_cost", storage_cost},
      {"storage_total_cost", disk_hour}, {"min_bid", Round(o.bid_usd_per_hour, 0.0001)},
      {"inet_up", o.inet_up_mbps}, {"inet_down", o.inet_down_mbps},
      {"inet_up_cost", 0.002}, {"inet_down_cost", 0.002},
      {"geolocation", state + ", " + o.country}, {"reliability2", o.reliability},
      {"reliability", o.reliability}, {"verification", o.tier.empty() ? "verified" : o.tier},
      {"rentable", true}, {"rented", false}, {"external", nullptr}, {"hosting_type", i % 4 == 0 ? 1 : 0},
      {"pci_gen", i % 3 == 0 ? 5.0 : 4.0}, {"gpu_lanes", 16}, {"bw_nvlink", o.gpu_count > 1 && i % 2 ? 600.0 : 0.0},
      {"cuda_max_good", 12.8}, {"driver_version", "570.124.04"}, {"compute_cap", 890},
      {"total_flops", Round(o.tflops_fp32 * o.gpu_count, 0.01)}, {"dlperf", Round(o.tflops_fp16 * 0.3 * o.gpu_count, 0.01)},
      {"start_date", 1763000000.0}, {"end_date", 1790000000.0}, {"duration", 27000000.0},
      {"static_ip", i % 2 == 0}, {"direct_port_count", 100}, {"os_version", "22.04"},
      {"search", {{"gpuCostPerHour", dph_base}, {"diskHour", disk_hour}, {"totalHour", dph_base + disk_hour},
                  {"discountTotalHour", 0}, {"discountedTotalPerHour", dph_base + disk_hour}}}};
}

nlohmann::json PrimeItem(const core::Offer& o, std::size_t i) {
  std::vector<std::string_view> types = core::PrimeTypesFor(o.gpu);
  bool sxm = o.gpu.find("SXM") != std::string::npos || o.gpu == "H200" || o.gpu == "B200";
  bool secure = i % 3 != 0;
  double price = Round(o.base_usd_per_hour, 0.01);
  std::string source = kPrimeSources[i % 8];
  std::string region = kPrimeRegions[i % 7];
  std::string dc = source == "tensordock" ? std::string() : "DC-" + std::to_string(1 + i % 9);
  static const char* kCountry[] = {"US", "CA", "NL", "NO", "PL", "JP", "AU"};
  return {
      {"cloudId", source + "-" + std::string(types.empty() ? o.gpu : types[0]) + "-" + std::to_string(o.gpu_count) + "x"},
      {"gpuType", types.empty() ? o.gpu : std::string(types[0])},
      {"socket", sxm ? (o.gpu.rfind("A100", 0) == 0 ? "SXM4" : "SXM5") : "PCIe"},
      {"provider", source}, {"region", region}, {"dataCenter", dc.empty() ? nlohmann::json(nullptr) : nlohmann::json(dc)},
      {"country", kCountry[i % 7]}, {"gpuCount", o.gpu_count}, {"gpuMemory", o.vram_gb * o.gpu_count},
      {"disk", {{"minCount", 40 + 40 * (i % 3)}, {"defaultCount", 80}, {"maxCount", 4000}, {"pricePerUnit", 0.00014},
                {"step", 1}, {"defaultIncludedInPrice", i % 5 == 0}, {"additionalInfo", nullptr}}},
      {"vcpu", {{"defaultCount", o.vcpus}}}, {"memory", {{"defaultCount", o.ram_gb}}},
      {"internetSpeed", nullptr}, {"interconnect", o.gpu_count >= 8 ? nlohmann::json(400) : nlohmann::json(nullptr)},
      {"interconnectType", o.gpu_count >= 8 ? nlohmann::json("InfiniBand") : nlohmann::json(nullptr)},
      {"provisioningTime", nullptr}, {"stockStatus", kStock[i % 4]},
      {"security", secure ? "secure_cloud" : "community_cloud"},
      {"prices", {{"onDemand", secure ? nlohmann::json(price) : nlohmann::json(nullptr)},
                  {"communityPrice", secure ? nlohmann::json(nullptr) : nlohmann::json(price)},
                  {"isVariable", nullptr}, {"currency", "USD"}}},
      {"images", {"ubuntu_22_cuda_12", "cuda_12_4_pytorch_2_5"}}, {"isSpot", nullptr}, {"prepaidTime", nullptr}};
}

nlohmann::json DispersedOffer(const core::Offer& o, std::size_t i) {
  std::string label = "NVIDIA " + o.gpu;
  char uuid[64];
  std::snprintf(uuid, sizeof uuid, "019582a6-27fc-731d-af0a-%012zx", i);
  return {{"offer_id", "off_" + std::to_string(70000 + i)},
          {"availability", nlohmann::json::object()},
          {"hardware_summary",
           {{"cpu_cores", o.vcpus}, {"gpu_count", o.gpu_count}, {"gpu_model_label", label},
            {"gpu_models", {{{"count", o.gpu_count}, {"gpu_registry_uuid", uuid}, {"min_vram_gib", o.vram_gb}, {"name", label}}}},
            {"gpu_registry_uuid", uuid}, {"min_gpu_vram_gib", o.vram_gb}, {"ram_gib", o.ram_gb},
            {"storage_gib", o.disk_gb}}},
          {"pricing", {{"hourly_rate_usd", Round(o.base_usd_per_hour, 0.01)}, {"quoted_at", "2026-11-20T12:00:00Z"}}},
          {"region_code", kDispersedRegions[i % 5]}};
}

}  // namespace

const EmulatorData& GetEmulatorData() {
  static const EmulatorData data = [] {
    EmulatorData d;
    std::vector<core::Offer> vast = core::GenerateOffers(1500, 101);
    for (std::size_t i = 0; i < vast.size(); ++i) d.vast.push_back(VastRecord(vast[i], i));
    std::vector<core::Offer> prime = core::GenerateOffers(640, 202);
    for (std::size_t i = 0; i < prime.size(); ++i)
      if (!core::PrimeTypesFor(prime[i].gpu).empty()) d.prime.push_back(PrimeItem(prime[i], i));
    std::vector<core::Offer> dispersed = core::GenerateOffers(420, 303);
    for (std::size_t i = 0; i < dispersed.size(); ++i) d.dispersed.push_back(DispersedOffer(dispersed[i], i));
    return d;
  }();
  return data;
}

std::vector<nlohmann::json> InstancesForKey(const std::string& api_key) {
  std::size_t h = std::hash<std::string>{}(api_key);
  std::vector<nlohmann::json> out;
  const char* statuses[] = {"running", "loading", "exited", "running"};
  const char* gpus[] = {"RTX 4090", "H100 SXM", "A100 SXM4", "RTX 3090"};
  int n = 2 + static_cast<int>(h % 3);
  for (int i = 0; i < n; ++i) {
    std::size_t k = (h >> (i * 4)) % 4;
    out.push_back({{"id", 9000000 + static_cast<long long>(h % 100000) * 10 + i},
                   {"label", "job-" + std::to_string(i + 1)},
                   {"actual_status", statuses[(k + i) % 4]}, {"intended_status", "running"},
                   {"gpu_name", gpus[k]}, {"num_gpus", 1 + static_cast<int>(k % 2)},
                   {"dph_total", 0.35 + 0.4 * static_cast<double>(k)}, {"start_date", 1763600000.0 + 3600.0 * i},
                   {"machine_id", 12000 + static_cast<int>(k)}, {"geolocation", "Texas, US"},
                   {"image_uuid", "pytorch/pytorch:latest"}, {"jupyter_token", "<redacted>"},
                   {"ssh_host", "ssh4.vast.ai"}, {"ssh_port", 20000 + i}});
  }
  return out;
}

}  // namespace offerscope::proxy
