// The GPU table, the Vast part of the data set and the Vast instances. Field sets and value
// spellings follow the real records in shared/fixtures/real/vastai (2024 CLI capture, 2025
// 500.farm export) and the v1 instances example in seed 004.
#include "proxy/emulator/emulator_data.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "proxy/emulator/emulator_internal.hpp"

namespace offerscope::proxy {

using emulator_internal::RoundTo;
using emulator_internal::Rng;
using nlohmann::json;

const std::vector<EmulatedGpu>& EmulatedGpus() {
  // clang-format off
  static const std::vector<EmulatedGpu> gpus = {
    // canonical, Vast name, MiB, Prime type, socket, nvidia-smi name, GB, cc, GB/s, W, TFLOPS32, DLPerf, $/GPU-h, weight, dc
    {"RTX 4090", "RTX 4090", 24564, "RTX4090_24GB", "PCIe", "NVIDIA GeForce RTX 4090", 24, 890, 1008, 450, 82.6, 107, 0.28, 0.60, 22, false},
    {"RTX 4090 48GB", "RTX 4090", 49140, "", "PCIe", "NVIDIA GeForce RTX 4090 48GB", 48, 890, 1008, 450, 82.6, 109, 0.45, 0.75, 2, false},
    {"RTX 3090", "RTX 3090", 24576, "RTX3090_24GB", "PCIe", "NVIDIA GeForce RTX 3090", 24, 860, 936, 350, 35.6, 60, 0.13, 0.28, 16, false},
    {"RTX 5090", "RTX 5090", 32607, "RTX5090_32GB", "PCIe", "NVIDIA GeForce RTX 5090", 32, 1200, 1792, 575, 104.8, 142, 0.45, 0.95, 10, false},
    {"H100 SXM", "H100 SXM", 81559, "H100_80GB", "SXM5", "NVIDIA H100 80GB HBM3", 80, 900, 3350, 700, 67, 290, 1.55, 2.80, 7, true},
    {"H100 PCIe", "H100 PCIE", 81559, "H100_80GB", "PCIe", "NVIDIA H100 PCIe", 80, 900, 2000, 350, 51, 232, 1.35, 2.30, 3, true},
    {"H100 NVL", "H100 NVL", 95830, "", "PCIe", "NVIDIA H100 NVL", 94, 900, 3900, 400, 60, 262, 1.70, 2.60, 2, true},
    {"H200", "H200", 143771, "H200_141GB", "SXM5", "NVIDIA H200", 141, 900, 4800, 700, 67, 331, 2.20, 3.60, 3, true},
    {"B200", "B200", 183359, "B200_180GB", "SXM6", "NVIDIA B200", 180, 1000, 8000, 1000, 80, 560, 3.40, 5.80, 1, true},
    {"A100 SXM 80GB", "A100 SXM4", 81920, "A100_80GB", "SXM4", "NVIDIA A100-SXM4-80GB", 80, 800, 2039, 400, 19.5, 181, 0.85, 1.60, 5, true},
    {"A100 SXM 40GB", "A100 SXM4", 40960, "A100_40GB", "SXM4", "NVIDIA A100-SXM4-40GB", 40, 800, 1555, 400, 19.5, 168, 0.55, 1.00, 2, true},
    {"A100 PCIe 80GB", "A100 PCIE", 81920, "A100_80GB", "PCIe", "NVIDIA A100 80GB PCIe", 80, 800, 1935, 300, 19.5, 170, 0.75, 1.40, 3, true},
    {"L40S", "L40S", 46068, "L40S_48GB", "PCIe", "NVIDIA L40S", 48, 890, 864, 350, 91.6, 141, 0.55, 1.00, 4, true},
    {"L40", "L40", 46068, "L40_48GB", "PCIe", "NVIDIA L40", 48, 890, 864, 300, 90.5, 118, 0.50, 0.85, 2, true},
    {"A40", "A40", 46068, "A40_48GB", "PCIe", "NVIDIA A40", 48, 860, 696, 300, 37.4, 72, 0.28, 0.50, 3, true},
    {"L4", "L4", 23034, "L4_24GB", "PCIe", "NVIDIA L4", 24, 890, 300, 72, 30.3, 41, 0.25, 0.45, 1, true},
    {"A10", "A10", 23028, "A10_24GB", "PCIe", "NVIDIA A10", 24, 860, 600, 150, 31.2, 47, 0.18, 0.35, 1, true},
    {"RTX A6000", "RTX A6000", 49140, "A6000_48GB", "PCIe", "NVIDIA RTX A6000", 48, 860, 768, 300, 38.7, 74, 0.35, 0.60, 5, false},
    {"RTX 6000 Ada", "RTX 6000Ada", 49140, "RTX6000Ada_48GB", "PCIe", "NVIDIA RTX 6000 Ada", 48, 890, 960, 300, 91.1, 140, 0.60, 1.00, 4, false},
    {"RTX PRO 6000", "RTX PRO 6000 WS", 97887, "RTX_PRO_6000B_96GB", "PCIe", "NVIDIA RTX PRO 6000", 96, 1200, 1792, 600, 125, 190, 0.90, 1.60, 1, false},
    {"RTX A5000", "RTX A5000", 24564, "A5000_24GB", "PCIe", "NVIDIA RTX A5000", 24, 860, 768, 230, 27.8, 52, 0.16, 0.32, 4, false},
    {"RTX A4000", "RTX A4000", 16376, "A4000_16GB", "PCIe", "NVIDIA RTX A4000", 16, 860, 448, 140, 19.2, 35, 0.09, 0.18, 3, false},
    {"Quadro RTX 8000", "Q RTX 8000", 49152, "RTX8000_48GB", "PCIe", "Quadro RTX 8000", 48, 750, 672, 260, 16.3, 48, 0.25, 0.42, 1, false},
    {"RTX 4080 Super", "RTX 4080S", 16376, "", "PCIe", "NVIDIA GeForce RTX 4080 SUPER", 16, 890, 736, 320, 52.2, 70, 0.17, 0.32, 3, false},
    {"RTX 4070 Ti", "RTX 4070 Ti", 12282, "RTX4070Ti_12GB", "PCIe", "NVIDIA GeForce RTX 4070 Ti", 12, 890, 504, 285, 40.1, 54, 0.10, 0.20, 2, false},
    {"RTX 4060 Ti", "RTX 4060 Ti", 16380, "", "PCIe", "NVIDIA GeForce RTX 4060 Ti", 16, 890, 288, 165, 22.1, 28, 0.07, 0.14, 2, false},
    {"RTX 3080", "RTX 3080", 10240, "RTX3080_10GB", "PCIe", "NVIDIA GeForce RTX 3080", 10, 860, 760, 320, 29.8, 45, 0.08, 0.16, 3, false},
    {"RTX 3060", "RTX 3060", 12288, "", "PCIe", "NVIDIA GeForce RTX 3060", 12, 860, 360, 170, 12.7, 21, 0.05, 0.11, 4, false},
    {"RTX 2080 Ti", "RTX 2080 Ti", 10989, "", "PCIe", "NVIDIA GeForce RTX 2080 Ti", 11, 750, 616, 250, 13.4, 30, 0.07, 0.14, 2, false},
    {"V100 32GB", "Tesla V100", 32768, "V100_32GB", "SXM2", "Tesla V100-SXM2-32GB", 32, 700, 900, 300, 15.7, 58, 0.18, 0.35, 2, true},
    {"GTX 1080 Ti", "GTX 1080 Ti", 11178, "", "PCIe", "NVIDIA GeForce GTX 1080 Ti", 11, 610, 484, 250, 11.3, 17, 0.04, 0.08, 1, false},
  };
  // clang-format on
  return gpus;
}

namespace {

// Where Vast hosts are, as Vast spells it ("State, CC"; ", US" when the state is unknown),
// weighted towards the US as the market is.
constexpr const char* kGeolocations[] = {
    "Texas, US", "California, US", "Florida, US", "Oregon, US", "Utah, US", "Washington, US", ", US",
    "Virginia, US", "Georgia, US", "New York, US", "Illinois, US", "Nevada, US", "Ontario, CA",
    "Quebec, CA", "British Columbia, CA", "Alberta, CA", "Czechia, CZ", "Hungary, HU", "France, FR",
    "The Netherlands, NL", "Italy, IT", "Germany, DE", "Spain, ES", "Poland, PL", "Estonia, EE",
    "Norway, NO", "Viken, NO", "Slovenia, SI", "Belgium, BE", "Romania, RO", "Iceland, IS",
    "Portugal, PT", "Sweden, SE", "Finland, FI", "United Kingdom, GB", "Taiwan, TW", "Hong Kong, HK",
    "Thailand, TH", "Jiangsu, CN", "Guangdong, CN", "Guangxi, CN", "Japan, JP", "South Korea, KR",
    "Singapore, SG", "Australia, AU", "Vietnam, VN", "India, IN", "Brazil, BR", "Texas, US", "California, US"};
constexpr const char* kConsumerCpus[] = {
    "AMD Ryzen 9 7950X 16-Core Processor", "Core™ i9-14900K", "AMD EPYC 7642 48-Core Processor",
    "AMD Ryzen Threadripper PRO 5975WX 32-Cores", "Xeon® Gold 6338 CPU @ 2.00GHz", "Core™ Ultra 9 285K",
    "AMD Ryzen 9 5950X 16-Core Processor", "AMD EPYC 7543 32-Core Processor", "Xeon® E5-2698 v4 @ 2.20GHz"};
constexpr const char* kServerCpus[] = {
    "AMD EPYC 9654 96-Core Processor", "Xeon® Platinum 8480+", "AMD EPYC 7763 64-Core Processor",
    "Xeon® Platinum 8468", "AMD EPYC 9554 64-Core Processor", "AMD EPYC 7V13 64-Core Processor"};
constexpr const char* kDisks[] = {
    "Samsung SSD 990 PRO 2TB", "INTEL SSDPE2KX080T8", "WD_BLACK SN850X 4000GB", "Micron_7450_MTFDKCC7T6TFR",
    "KIOXIA KCD8XPUG7T68", "PC SN820 NVMe WD 4096GB", "Samsung SSD 980 PRO 1TB", "SAMSUNG MZQL23T8HCLS-00A07"};
constexpr const char* kConsumerBoards[] = {"H12SSL", "ROME2D16-2T", "02JGX1", "ProArt X670E-CREATOR WIFI",
                                           "WRX80 Creator", "Z790 Gaming", "TRX50 AERO D"};
constexpr const char* kServerBoards[] = {"X13DEG-OAD", "G593-SD0-AAX1", "MZ73-LM0-000", "ESC8000A-E12", "H12DSG-O-CPU"};
constexpr const char* kNets[] = {"203.0.113.", "198.51.100.", "192.0.2."};
constexpr const char* kOsVersions[] = {"20.04", "22.04", "22.04", "24.04"};
constexpr const char* kDrivers[] = {"535.183.01", "550.127.05", "560.35.03", "570.124.04", "570.172.08", "575.57.08"};

const EmulatedGpu& PickGpu(Rng& rng) {
  const std::vector<EmulatedGpu>& gpus = EmulatedGpus();
  int total = 0;
  for (const EmulatedGpu& g : gpus) total += g.weight;
  int r = rng.Int(0, total - 1);
  for (const EmulatedGpu& g : gpus) {
    if (r < g.weight) return g;
    r -= g.weight;
  }
  return gpus.front();
}

int PickGpuCount(Rng& rng, bool datacenter) {
  static constexpr int kConsumer[] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 7, 8, 8, 10};
  static constexpr int kServer[] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 8, 8};
  return datacenter ? rng.Pick(kServer) : rng.Pick(kConsumer);
}

// "570.124.04" -> 570124004, as Vast's driver_vers.
long long DriverNumber(const char* version) {
  int a = 0, b = 0, c = 0;
  std::sscanf(version, "%d.%d.%d", &a, &b, &c);
  return a * 1000000LL + b * 1000LL + c;
}

// Static fields that describe the host rather than the GPUs.
void AddHostFields(json& f, Rng& rng, const EmulatedGpu& g, int n, int host_gpus, std::size_t i) {
  double frac = static_cast<double>(n) / host_gpus;
  int host_cores = g.datacenter ? rng.Pick({64, 96, 128, 192, 224, 256}) : rng.Pick({16, 24, 32, 48, 64, 96, 128});
  double effective = std::max(1.0, std::floor(host_cores * frac));
  f["cpu_name"] = g.datacenter ? rng.Pick(kServerCpus) : rng.Pick(kConsumerCpus);
  f["cpu_arch"] = "amd64";
  // Type drift seen in real captures: cpu_cores_effective 4 / 24.0, cpu_cores null or 0.
  f["cpu_cores_effective"] = rng.Chance(0.5) ? json(static_cast<int>(effective)) : json(effective);
  f["cpu_cores"] = i % 97 == 5 ? json(nullptr) : i % 89 == 7 ? json(0) : json(host_cores);
  f["cpu_ghz"] = RoundTo(rng.Uniform(2.0, 5.7), 1);
  double host_ram_mb = (g.datacenter ? rng.Pick({512, 1024, 2048}) : rng.Pick({64, 128, 256, 512})) * 1006.2;
  f["cpu_ram"] = static_cast<long long>(host_ram_mb * frac);
  f["disk_space"] = RoundTo(rng.Uniform(40, g.datacenter ? 8000 : 3000) * (0.5 + frac / 2), 1);
  f["disk_bw"] = RoundTo(rng.Uniform(700, 7200), 3);
  f["disk_name"] = rng.Pick(kDisks);
  f["mobo_name"] = g.datacenter ? rng.Pick(kServerBoards) : rng.Pick(kConsumerBoards);
  double pci = rng.Pick({3.0, 4.0, 4.0, 4.0, 5.0, 5.0});
  f["pci_gen"] = rng.Chance(0.5) ? json(static_cast<int>(pci)) : json(pci);  // 4 / 4.0 drift
  f["gpu_lanes"] = rng.Chance(0.8) ? 16 : 8;
  f["pcie_bw"] = RoundTo(rng.Uniform(0.45, 0.95) * (pci == 5 ? 63 : pci == 4 ? 31.5 : 15.8), 1);
  f["inet_down"] = RoundTo(rng.Uniform(60, g.datacenter ? 10000 : 3000), 1);
  f["inet_up"] = RoundTo(rng.Uniform(30, g.datacenter ? 10000 : 2500), 1);
  double net_cost = rng.Pick({0.0, 0.0, 0.0009765625, 0.001953125, 0.00390625, 0.0078125});
  f["inet_down_cost"] = net_cost;
  f["inet_up_cost"] = net_cost;
  f["internet_down_cost_per_tb"] = net_cost * 1024;
  f["internet_up_cost_per_tb"] = net_cost * 1024;
  f["direct_port_count"] = rng.Int(10, 1000);
  f["static_ip"] = rng.Chance(0.6);
  // Documentation address ranges (RFC 5737): realistic, and nobody's machine.
  f["public_ipaddr"] = std::string(rng.Pick(kNets)) + std::to_string(rng.Int(2, 254));
  f["os_version"] = rng.Pick(kOsVersions);
  f["vms_enabled"] = rng.Chance(0.3);
  f["has_avx"] = 1;
  f["hostname"] = nullptr;
  f["webpage"] = nullptr;
  f["logo"] = "/static/logos/vastai_small2.png";
}

void AddGpuFields(json& f, Rng& rng, const EmulatedGpu& g, int n, int host_gpus) {
  f["gpu_name"] = g.vast_name;
  f["num_gpus"] = n;
  auto mib = static_cast<long long>(g.vast_mib);  // whole MiB, as nvidia-smi reports
  f["gpu_ram"] = mib;
  f["gpu_total_ram"] = mib * n;
  f["gpu_arch"] = "nvidia";
  f["gpu_frac"] = RoundTo(static_cast<double>(n) / host_gpus, 4);
  f["gpu_mem_bw"] = RoundTo(g.mem_bw_gb_s * rng.Uniform(0.82, 0.97), 1);
  f["gpu_max_power"] = g.max_power_w;
  f["gpu_max_temp"] = rng.Int(80, 92);
  f["gpu_display_active"] = !g.datacenter && rng.Chance(0.05);
  json ids = json::array();
  int first_id = rng.Int(10000, 190000);
  for (int k = 0; k < n; ++k) ids.push_back(first_id + k);
  f["gpu_ids"] = ids;
  f["compute_cap"] = g.compute_cap;
  bool sxm = std::string_view(g.prime_socket).substr(0, 3) == "SXM";
  f["bw_nvlink"] = sxm && n > 1 ? (g.compute_cap >= 900 ? 900.0 : 600.0) : 0.0;
  const char* driver = rng.Pick(kDrivers);
  f["driver_version"] = driver;
  f["driver_vers"] = DriverNumber(driver);
  f["cuda_max_good"] = DriverNumber(driver) >= 570000000 ? 12.8 : DriverNumber(driver) >= 550000000 ? 12.4 : 12.2;
  f["total_flops"] = RoundTo(g.tflops_fp32 * n * rng.Uniform(0.97, 1.0), 6);
  f["dlperf"] = RoundTo(g.dlperf * n * rng.Uniform(0.85, 1.02), 6);
}

VastRecord MakeVastRecord(Rng& rng, std::size_t i) {
  const EmulatedGpu& g = PickGpu(rng);
  int n = PickGpuCount(rng, g.datacenter);
  int host_gpus = std::max(n, rng.Pick({1, 2, 4, 8, 8, 10}));
  VastRecord r;
  json& f = r.fields;
  long long id = 21000000 + static_cast<long long>(i) * 37 + rng.Int(0, 30);
  f["id"] = id;
  f["ask_contract_id"] = id;
  f["bundle_id"] = 1886000000 + static_cast<long long>(i) * 1301 + rng.Int(0, 1000);
  f["bundled_results"] = nullptr;
  f["machine_id"] = rng.Int(8000, 52000);
  f["host_id"] = rng.Int(1000, 320000);
  f["rn"] = 1;
  AddGpuFields(f, rng, g, n, host_gpus);
  AddHostFields(f, rng, g, n, host_gpus, i);
  std::string geo = rng.Pick(kGeolocations);
  if (g.vram_gb == 48 && std::string_view(g.vast_name) == "RTX 4090") geo = rng.Chance(0.5) ? "Hong Kong, HK" : "Guangdong, CN";
  f["geolocation"] = geo;
  f["geolocode"] = rng.Int(100000000, 999999999);
  // Prices: per-GPU market rate times the count, on a 1/10000 grid like hosts set them.
  r.dph_base = RoundTo(rng.Uniform(g.usd_low, g.usd_high) * n, 4);
  f["dph_base"] = r.dph_base;
  double bid = rng.Chance(0.03) ? r.dph_base * 1.05 : r.dph_base * rng.Uniform(0.45, 0.95);
  f["min_bid"] = RoundTo(bid, 6);  // can exceed dph_base (PROVIDER_NOTES.md)
  r.storage_cost = rng.Pick({0.05, 0.1, 0.1, 0.15, 0.15, 0.2, 0.3});
  f["storage_cost"] = r.storage_cost;
  f["vram_costperhour"] = r.dph_base / (g.vast_mib * n / 1024.0);
  f["credit_discount_max"] = rng.Pick({0.0, 0.0, 0.15, 0.4});
  f["discount_rate"] = rng.Chance(0.7) ? json(0.0) : json(nullptr);
  f["discounted_hourly"] = 0.0;
  f["avail_vol_ask_id"] = id + 1;
  f["avail_vol_dph"] = RoundTo(r.storage_cost / 720 * 10, 9);
  f["avail_vol_size"] = rng.Int(200, 4000);
  f["nw_disk_min_bw"] = nullptr;
  f["nw_disk_max_bw"] = nullptr;
  f["nw_disk_avg_bw"] = nullptr;
  // Quality and state.
  double reliability = RoundTo(1 - std::pow(rng.Uniform(0.0, 1.0), 3) * 0.12, 7);
  f["reliability"] = reliability;
  f["reliability2"] = reliability;
  f["reliability_mult"] = RoundTo(std::pow(reliability, 8), 7);
  f["expected_reliability"] = 0;
  double v = rng.Uniform(0, 1);
  f["verification"] = v < 0.84 ? "verified" : v < 0.97 ? "unverified" : "deverified";
  f["vericode"] = v < 0.84 ? 1 : 0;
  f["is_vm_deverified"] = false;
  f["rentable"] = rng.Chance(0.95);
  f["rented"] = rng.Chance(0.06);
  f["is_bid"] = false;
  f["external"] = rng.Chance(0.8) ? json(nullptr) : json(false);  // false / null drift
  f["hosting_type"] = g.datacenter && rng.Chance(0.6) ? json(1) : i % 53 == 3 ? json(nullptr) : json(0);
  f["resource_type"] = "gpu";
  f["cluster_id"] = nullptr;
  double start = kDemoSnapshotUnixS - rng.Uniform(3, 400) * 86400;
  double end = kDemoSnapshotUnixS + rng.Uniform(2, 300) * 86400;
  f["start_date"] = rng.Chance(0.05) ? json(nullptr) : json(RoundTo(start, 6));
  f["end_date"] = std::floor(end);
  f["duration"] = end - kDemoSnapshotUnixS;
  f["time_remaining"] = "";
  f["time_remaining_isbid"] = "";
  r.dlperf = f["dlperf"].get<double>();
  r.total_flops = f["total_flops"].get<double>();
  f["score"] = RoundTo(r.dlperf / r.dph_base * std::pow(reliability, 4) * 0.45, 6);
  r.adj = f["verification"] == "verified" ? 1.0 : 1.0337;
  r.text = f.dump();
  r.text.pop_back();  // the per-request price fields follow
  return r;
}

}  // namespace

namespace emulator_internal {

std::vector<VastRecord> BuildVastRecords(std::size_t count) {
  Rng rng(0x7A57A1ull);
  std::vector<VastRecord> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(MakeVastRecord(rng, i));
  return out;
}

}  // namespace emulator_internal

VastPrices ComputeVastPrices(const VastRecord& r, double allocated_storage_gb) {
  // Vast prices storage per 30-day month: storage_cost / 720 per GB-hour, as the captures'
  // storage_total_cost shows to the last digit.
  VastPrices p;
  p.disk_hour = r.storage_cost / 720 * allocated_storage_gb;
  p.total = r.dph_base + p.disk_hour;
  p.total_adj = p.total * r.adj;
  p.dlperf_per_dph = p.total > 0 ? r.dlperf / p.total : 0;
  p.flops_per_dph = p.total > 0 ? r.total_flops / p.total : 0;
  return p;
}

namespace {

// ,"name":<shortest round-trip form of v>
void Member(std::string& out, const char* name, double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out += ",\"";
  out += name;
  out += "\":";
  out.append(buf, res.ptr);
}

}  // namespace

void AppendVastPriceFields(std::string& out, const VastRecord& r, const VastPrices& p) {
  Member(out, "dph_total", p.total);
  Member(out, "dph_total_adj", p.total_adj);
  Member(out, "discounted_dph_total", p.total);
  Member(out, "storage_total_cost", p.disk_hour);
  Member(out, "dlperf_per_dphtotal", p.dlperf_per_dph);
  Member(out, "flops_per_dphtotal", p.flops_per_dph);
  out += ",\"search\":{\"discountTotalHour\":0";
  Member(out, "discountedTotalPerHour", p.total);
  Member(out, "diskHour", p.disk_hour);
  Member(out, "gpuCostPerHour", r.dph_base);
  Member(out, "totalHour", p.total);
  out += "},\"instance\":{\"discountTotalHour\":0";
  Member(out, "discountedTotalPerHour", p.disk_hour);
  Member(out, "diskHour", p.disk_hour);
  out += ",\"gpuCostPerHour\":0";
  Member(out, "totalHour", p.disk_hour);
  out += "}";
}

const EmulatorData& GetEmulatorData() {
  static const EmulatorData data = [] {
    EmulatorData d;
    d.vast = emulator_internal::BuildVastRecords(2000);
    emulator_internal::BuildPrime(d);
    emulator_internal::BuildDispersed(d);
    return d;
  }();
  return data;
}

namespace {

constexpr const char* kStatuses[] = {"running", "running", "running", "loading", "exited", "stopped", "created", "frozen"};
constexpr const char* kLabels[] = {"ML Training Job", "llama-finetune", "sd-xl-batch", "", "", "eval-harness", "vllm-serve"};
constexpr const char* kImages[] = {"pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel", "vastai/base-image:cuda-12.4.1-auto",
                                   "nvidia/cuda:12.4.1-devel-ubuntu22.04", "vllm/vllm-openai:latest"};

// One instance as GET /api/v1/instances/ gives it (seed 004), built on a Vast offer.
json MakeInstance(const VastRecord& offer, std::uint64_t h, int i) {
  Rng rng(h + static_cast<std::uint64_t>(i) * 7919);
  const json& o = offer.fields;
  std::string status = rng.Pick(kStatuses);
  bool running = status == "running";
  double start = kDemoSnapshotUnixS - rng.Uniform(0.1, 40) * 86400;
  double disk = RoundTo(rng.Uniform(10, 200), 2);
  double disk_hour = offer.storage_cost / 720 * disk;
  char token[65];
  std::snprintf(token, sizeof token, "%016llx%016llx%016llx%016llx", static_cast<unsigned long long>(rng.Next()),
                static_cast<unsigned long long>(rng.Next()), static_cast<unsigned long long>(rng.Next()),
                static_cast<unsigned long long>(rng.Next()));
  int port = rng.Int(10000, 60000);
  json inst = o;  // hardware and host fields as the offer had them
  for (const char* k : {"ask_contract_id", "bundle_id", "bundled_results", "rn", "avail_vol_ask_id", "avail_vol_dph",
                        "avail_vol_size", "nw_disk_min_bw", "nw_disk_max_bw", "nw_disk_avg_bw", "gpu_total_ram"})
    inst.erase(k);
  inst.update(json::object({
      {"id", 30000000 + static_cast<long long>(h % 500000) * 64 + i},
      {"actual_status", status == "created" ? json(nullptr) : json(status)},
      {"cur_state", running ? "running" : "stopped"},
      {"next_state", running ? "running" : "stopped"},
      {"intended_status", status == "exited" || status == "stopped" ? "stopped" : "running"},
      {"label", rng.Pick(kLabels)},
      {"template_id", rng.Int(1000, 9000)},
      {"template_hash_id", std::string(token).substr(0, 10)},
      {"template_name", "PyTorch (Vast)"},
      {"image_uuid", rng.Pick(kImages)},
      {"image_args", json::array()},
      {"image_runtype", "ssh ssh_direc ssh_proxy"},
      {"extra_env", json::array({json::array({"HF_HOME", "/workspace/hf"})})},
      {"onstart", "env >> /etc/environment; touch ~/.no_auto_tmux"},
      {"jupyter_token", token},
      {"status_msg", running ? "success, running " + o.value("gpu_name", std::string()) : "Exited (0)"},
      {"local_ipaddrs", "10.0.0." + std::to_string(rng.Int(2, 250)) + " 172.17.0.2"},
      {"ssh_host", "ssh" + std::to_string(rng.Int(1, 9)) + ".vast.ai"},
      {"ssh_idx", std::to_string(rng.Int(1, 9))},
      {"ssh_port", port},
      {"machine_dir_ssh_port", port + 1},
      {"start_date", RoundTo(start, 4)},
      {"uptime_mins", running ? json(std::floor((kDemoSnapshotUnixS - start) / 60)) : json(nullptr)},
      {"cpu_util", running ? RoundTo(rng.Uniform(0, 3), 3) : 0.0},
      {"mem_usage", RoundTo(rng.Uniform(0, 40), 4)},
      {"gpu_totalram", o["gpu_ram"]},
      {"gpu_util", running ? RoundTo(rng.Uniform(0, 100), 2) : 0.0},
      {"gpu_temp", running ? json(RoundTo(rng.Uniform(35, 80), 4)) : json(nullptr)},
      {"disk_space", disk},
      {"disk_util", RoundTo(rng.Uniform(0, 1), 3)},
      {"direct_port_start", port - 100},
      {"direct_port_end", port - 90},
      {"ports", {{"22/tcp", {{{"HostIp", "0.0.0.0"}, {"HostPort", std::to_string(port)}}}}}},
      {"dph_total", offer.dph_base + disk_hour},
      {"storage_total_cost", disk_hour},
      {"search", {{"gpuCostPerHour", offer.dph_base}, {"diskHour", disk_hour}, {"totalHour", offer.dph_base + disk_hour},
                  {"discountTotalHour", 0}, {"discountedTotalPerHour", offer.dph_base + disk_hour}}},
      {"credit_balance", nullptr},
      {"client_run_time", 1.1},
      {"host_run_time", 1},
      {"country_code", nullptr},
      {"volume_info", json::array()},
  }));
  return inst;
}

}  // namespace

std::vector<json> InstancesForKey(const std::string& api_key) {
  std::uint64_t h = emulator_internal::StableHash(api_key);
  const std::vector<VastRecord>& offers = GetEmulatorData().vast;
  std::size_t n = EmulatedInstanceCount(api_key);
  std::vector<json> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(MakeInstance(offers[(h + i * 131) % offers.size()], h, static_cast<int>(i)));
  return out;
}

std::size_t EmulatedInstanceCount(const std::string& api_key) {
  return 5 + emulator_internal::StableHash(api_key) % 56;
}

}  // namespace offerscope::proxy
