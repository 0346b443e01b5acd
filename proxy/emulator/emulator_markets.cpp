// The Prime Intellect and Dispersed parts of the data set. Prime items follow the real
// availability pages in shared/fixtures/real/primeintellect (2025-11 item shape with
// sharedDisk, the 2025-01 spread of sellers, null dataCenter/country, community prices,
// gpuMemory as the box total, cloudIds as each seller spells them). Dispersed offers follow
// seed 000's schema to the letter: no real capture exists.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

#include "proxy/emulator/emulator_data.hpp"
#include "proxy/emulator/emulator_internal.hpp"

namespace offerscope::proxy {

namespace {

using emulator_internal::RoundTo;
using emulator_internal::Rng;
using ojson = nlohmann::ordered_json;

struct Site {
  const char* data_center;  // nullptr: Prime reports null
  const char* country;      // nullptr: null
  const char* region;
};

// A seller Prime Intellect aggregates, with how it names its offers.
struct Seller {
  const char* name;
  std::vector<Site> sites;
  const char* cloud_id;      // pattern: {smi} nvidia-smi name, {code} model code, {CODE}, {n} count, {uuid}
  double community_share;    // items sold as community_cloud
  double price_factor;       // against the market midpoint
  bool datacenter_only;      // sells only data-centre GPUs
  int disk_min, disk_default, disk_max;  // GB; disk_max 0: fixed size (nulls as lambdalabs)
  double disk_usd_per_gb_hour;           // 0: null
  bool disk_included;
  const char* disk_info;
};

constexpr const char* kStock[] = {"Available", "Available", "High", "Medium", "Low", "Low"};
constexpr const char* kDiskStock[] = {"Available", "Available", "High", "Low"};

const char* kRunpodDiskInfo =
    "Runpod uses 40GB of disk size for the filesystem. Only additional disk size is available for the user. If you "
    "order 80GB you'll only get 40GB of volume size, 100GB -> 60GB of volume size etc.";

const std::vector<Seller>& Sellers() {
  // clang-format off
  static const std::vector<Seller> sellers = {
    {"runpod", {{"US-KS-2", "US", "united_states"}, {"US-MO-1", "US", "united_states"}, {"US-WA-1", "US", "united_states"},
                {"US-CA-2", "US", "united_states"}, {"CA-MTL-1", "CA", "canada"}, {"CA-MTL-3", "CA", "canada"},
                {"EU-RO-1", "RO", "eu_east"}, {"EU-SE-1", "SE", "eu_north"}, {nullptr, nullptr, "united_states"}},
     "{smi}", 0.25, 1.0, false, 120, 120, 3000, 0.00014, false, kRunpodDiskInfo},
    {"hyperstack", {{"CANADA-1", "CA", "canada"}, {"NORWAY-1", "NO", "eu_north"}, {"US-1", "US", "united_states"}},
     "n3-{CODE}x{n}", 0, 0.95, true, 100, 100, 100000, 0.000097, true, "Default storage included in the price"},
    {"lambdalabs", {{"us-east-1", "US", "united_states"}, {"us-west-3", "US", "united_states"},
                    {"us-midwest-1", "US", "united_states"}, {"us-south-2", "US", "united_states"},
                    {"australia-east-1", "AU", "australia"}},
     "gpu_{n}x_{code}", 0, 0.9, true, 0, 20480, 0, 0, false, nullptr},
    {"crusoecloud", {{"us-east1-a", "US", "united_states"}, {"us-northcentral1-a", "US", "united_states"},
                     {"us-southcentral1-a", "US", "united_states"}, {"eu-iceland1-a", "IS", "eu_north"}},
     "{code}.{n}x", 0, 1.05, true, 100, 880, 10000, 0.00010752688172043011, true,
     "Any additional storage will be added on top of the default storage space."},
    {"datacrunch", {{"FIN-01", "FI", "eu_north"}, {"FIN-02", "FI", "eu_north"}, {"ICE-01", "IS", "eu_north"}},
     "{n}{CODE}.{n}0V", 0, 0.92, true, 50, 50, 10000, 0.0002, false, nullptr},
    {"massedcompute", {{"us-central-2", "US", "united_states"}, {"us-central-3", "US", "united_states"}},
     "gpu_{n}x_{code}", 0, 0.97, false, 0, 1536, 0, 0, false, nullptr},
    {"tensordock", {{nullptr, "CZ", "eu_east"}, {nullptr, "DE", "eu_west"}, {nullptr, "US", "united_states"},
                    {nullptr, "GB", "eu_west"}, {nullptr, "NO", "eu_north"}, {nullptr, "IN", "asia_south"}},
     "{uuid}_{n}", 1.0, 0.85, false, 20, 240, 2100, 0.00025, false, nullptr},
    {"oblivus", {{"MON1", "CA", "canada"}},
     "{CODE}", 0, 1.1, true, 100, 100, 20480, 0.0001, true, "Default storage 100GB with no extra costs"},
    {"cudocompute", {{"no-kristiansand-1", "NO", "eu_north"}, {"us-carlsbad-1", "US", "united_states"},
                     {"se-stockholm-1", "SE", "eu_north"}, {"ca-montreal-3", "CA", "canada"}},
     "{code}-x{n}", 0.3, 0.93, false, 10, 100, 5000, 0.00012, false, nullptr},
    {"scaleway", {{"fr-par-2", "FR", "eu_west"}, {"pl-waw-2", "PL", "eu_east"}},
     "{CODE}-{n}", 0, 1.15, true, 0, 3000, 0, 0, false, nullptr},
    {"dc_roan", {{"a3111bd4-550a-47d0-838a-0a52bff2ae3f", "US", "united_states"}},
     "{code}_{n}x", 1.0, 0.8, true, 100, 500, 4000, 0.00008, false, nullptr},
  };
  // clang-format on
  return sellers;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

std::string Uuid(Rng& rng) {
  char buf[40];
  unsigned long long a = rng.Next(), b = rng.Next();
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                0x8000 | (b >> 48 & 0x3fff), b & 0xffffffffffffull);
  return buf;
}

std::string CloudId(const Seller& s, const EmulatedGpu& g, int n, Rng& rng) {
  std::string id = s.cloud_id;
  std::string code = std::string(g.prime_type) + (std::string_view(g.prime_socket) == "PCIe" ? "" : "_" + std::string(g.prime_socket));
  ReplaceAll(id, "{smi}", g.smi_name);
  ReplaceAll(id, "{code}", Lower(code));
  ReplaceAll(id, "{CODE}", code);
  ReplaceAll(id, "{n}", std::to_string(n));
  ReplaceAll(id, "{uuid}", Uuid(rng));
  return id;
}

// A resource spec ({minCount, defaultCount, ...}) where only some values are known.
ojson Spec(ojson min, ojson def, ojson max, ojson price, ojson step, ojson included, ojson info) {
  return ojson{{"minCount", min}, {"defaultCount", def}, {"maxCount", max}, {"pricePerUnit", price},
               {"step", step}, {"defaultIncludedInPrice", included}, {"additionalInfo", info}};
}

ojson Nullable(const char* s) { return s ? ojson(s) : ojson(nullptr); }

ojson PrimeItem(const Seller& s, const Site& site, const EmulatedGpu& g, int n, Rng& rng) {
  bool community = rng.Chance(s.community_share);
  double per_gpu = (g.usd_low + (g.usd_high - g.usd_low) * rng.Uniform(0.35, 0.8)) * s.price_factor * 1.15;
  double price = std::string_view(s.name) == "runpod" ? RoundTo(per_gpu, 2) * n + 0.0168 : RoundTo(per_gpu * n, 4);
  if (community) price = RoundTo(price * 0.82, 4);
  int vcpus = n * (g.datacenter ? rng.Pick({16, 24, 26, 30, 32}) : rng.Pick({6, 8, 9, 12, 16}));
  int ram_gb = n * (g.datacenter ? rng.Pick({120, 125, 180, 225, 250}) : rng.Pick({32, 46, 50, 62, 64}));
  ojson none = nullptr;
  ojson disk = s.disk_max == 0 ? Spec(none, s.disk_default, none, none, none, none, none)
                               : Spec(s.disk_min, s.disk_default, s.disk_max,
                                      s.disk_usd_per_gb_hour > 0 ? ojson(s.disk_usd_per_gb_hour) : none, 1,
                                      s.disk_included, Nullable(s.disk_info));
  bool configurable = std::string_view(s.name) == "tensordock";  // prices its vCPUs and RAM
  bool sxm8 = n == 8 && std::string_view(g.prime_socket).substr(0, 3) == "SXM";
  const char* stock = rng.Pick(kStock);
  return ojson{
      {"cloudId", CloudId(s, g, n, rng)},
      {"gpuType", g.prime_type},
      {"socket", g.prime_socket},
      {"provider", s.name},
      {"region", site.region},
      {"dataCenter", Nullable(site.data_center)},
      {"country", Nullable(site.country)},
      {"gpuCount", n},
      {"gpuMemory", static_cast<long long>(g.vram_gb) * n},  // the whole box (PROVIDER_NOTES.md)
      {"disk", disk},
      {"sharedDisk", Spec(none, none, none, none, none, none, none)},
      {"vcpu", configurable ? Spec(2, vcpus, vcpus * 2, 0.005, 2, false, none) : Spec(none, vcpus, none, none, none, none, none)},
      {"memory", configurable ? Spec(4, ram_gb, ram_gb * 2, 0.002, 10, false, none) : Spec(none, ram_gb, none, none, none, none, none)},
      {"internetSpeed", rng.Chance(0.2) ? ojson(rng.Pick({10, 25, 100})) : none},
      {"interconnect", sxm8 ? ojson(3200) : none},
      {"interconnectType", sxm8 ? ojson("InfiniBand") : none},
      {"provisioningTime", rng.Chance(0.3) ? ojson(rng.Pick({2, 5, 10, 15})) : none},
      {"stockStatus", stock},
      {"security", community ? "community_cloud" : "secure_cloud"},
      {"prices", {{"onDemand", community ? none : ojson(price)},
                  {"communityPrice", community ? ojson(price) : none},
                  {"isVariable", community && rng.Chance(0.2) ? ojson(true) : rng.Chance(0.5) ? none : ojson(false)},
                  {"currency", "USD"}}},
      {"images", {"ubuntu_22_cuda_12", "cuda_12_1_pytorch_2_2", "cuda_12_4_pytorch_2_5", "cuda_12_6_pytorch_2_7",
                  "stable_diffusion", "axolotl", "vllm_llama_8b", "custom_template", "prime_rl"}},
      {"isSpot", none},
      {"prepaidTime", none},
  };
}

ojson PrimeDiskItem(const Seller& s, const Site& site, Rng& rng) {
  ojson none = nullptr;
  double price = RoundTo(rng.Uniform(0.00007, 0.00016), 7);
  return ojson{{"cloudId", none},
               {"provider", s.name},
               {"dataCenter", Nullable(site.data_center)},
               {"country", Nullable(site.country)},
               {"region", site.region},
               {"spec", Spec(0, 0, rng.Pick({8192, 20000, 100000}), price, 1, false, none)},
               {"stockStatus", rng.Pick(kDiskStock)},
               {"security", "secure_cloud"},
               {"isMultinode", rng.Chance(0.5)}};
}

}  // namespace

namespace emulator_internal {

void BuildPrime(EmulatorData& d) {
  Rng rng(0x9121ull);
  for (const Seller& s : Sellers()) {
    for (const Site& site : s.sites) {
      for (const EmulatedGpu& g : EmulatedGpus()) {
        if (!*g.prime_type || (s.datacenter_only && !g.datacenter) || !rng.Chance(0.45)) continue;
        for (int n : {1, 2, 4, 8})
          if (rng.Chance(n == 1 ? 0.9 : 0.5)) d.prime.push_back(PrimeItem(s, site, g, n, rng));
      }
      if (s.disk_usd_per_gb_hour > 0 && site.data_center) d.prime_disks.push_back(PrimeDiskItem(s, site, rng));
    }
  }
  // Prime pages in a stable order: by GPU type, then seller as listed.
  std::stable_sort(d.prime.begin(), d.prime.end(), [](const ojson& a, const ojson& b) {
    return a["gpuType"].get<std::string>() < b["gpuType"].get<std::string>();
  });
  for (const ojson& item : d.prime) d.prime_text.push_back(item.dump());
}

void BuildDispersed(EmulatorData& d) {
  static constexpr const char* kRegions[] = {"us-west-2", "us-west-1", "us-east-1", "us-central-1", "ca-central-1",
                                             "eu-central-1", "eu-west-1", "eu-north-1", "ap-northeast-1",
                                             "ap-southeast-1"};
  Rng rng(0xD15Eull);
  const std::vector<EmulatedGpu>& gpus = EmulatedGpus();
  for (int i = 0; i < 700; ++i) {
    const EmulatedGpu& g = gpus[rng.Next() % gpus.size()];
    if (g.vram_gb == 48 && std::string_view(g.vast_name) == "RTX 4090") continue;  // a Vast-only mod
    int n = g.datacenter ? rng.Pick({1, 2, 4, 8, 8}) : rng.Pick({1, 1, 2, 4});
    std::string uuid = Uuid(rng);
    // UUIDv7-shaped ids as the docs' example (019582a6-27fc-731d-...).
    std::string offer_id = "0195" + uuid.substr(4, 10) + "7" + uuid.substr(15);
    std::string model_uuid = "019582a6-27fc-7" + std::to_string(100 + (&g - gpus.data())) + "-af0a-594f04d6d0d5";
    auto vram = static_cast<long long>(g.vram_gb);
    int quoted_ago_s = rng.Int(30, 3600);
    char quoted[32];
    std::time_t t = static_cast<std::time_t>(kDemoSnapshotUnixS) - quoted_ago_s;
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(quoted, sizeof quoted, "%Y-%m-%dT%H:%M:%SZ", &tm);
    ojson offer{
        {"availability", ojson::object()},
        {"hardware_summary",
         {{"cpu_cores", n * rng.Pick({8, 12, 16, 24})},
          {"gpu_count", n},
          {"gpu_model_label", g.smi_name},
          {"gpu_models", {{{"count", n}, {"gpu_registry_uuid", model_uuid}, {"min_vram_gib", vram}, {"name", g.smi_name}}}},
          {"gpu_registry_uuid", model_uuid},
          {"min_gpu_vram_gib", vram},
          {"ram_gib", n * rng.Pick({32, 64, 96, 128, 240})},
          {"storage_gib", rng.Pick({100, 250, 500, 1000, 2000})}}},
        {"offer_id", offer_id},
        {"pricing",
         {{"hourly_rate_usd", RoundTo(rng.Uniform(g.usd_low, g.usd_high) * 1.1 * n, 4)}, {"quoted_at", quoted}}},
        {"region_code", rng.Pick(kRegions)},
    };
    d.dispersed.push_back(offer);
    d.dispersed_text.push_back(offer.dump());
  }
}

}  // namespace emulator_internal

}  // namespace offerscope::proxy
