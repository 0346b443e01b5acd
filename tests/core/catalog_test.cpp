#include "core/catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace offerscope::core;
using nlohmann::json;

namespace {

std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json ReadJson(const std::string& relative) {
  json j = json::parse(ReadFixture(relative), nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << relative;
  return j;
}

// The backquoted values between two markers of VOCAB.md, in order.
std::vector<std::string> Backquoted(const std::string& text, const std::string& from, const std::string& to) {
  std::size_t a = text.find(from);
  std::size_t b = a == std::string::npos ? a : text.find(to, a + from.size());
  EXPECT_NE(a, std::string::npos) << from;
  EXPECT_NE(b, std::string::npos) << to;
  std::vector<std::string> out;
  if (a == std::string::npos || b == std::string::npos) return out;
  for (std::size_t i = text.find('`', a + from.size()); i != std::string::npos && i < b;) {
    std::size_t j = text.find('`', i + 1);
    if (j == std::string::npos || j > b) break;
    out.push_back(text.substr(i + 1, j - i - 1));
    i = text.find('`', j + 1);
  }
  return out;
}

std::string Canonical(ProviderId p, std::string_view name, std::string_view variant = {}, double vram_gb = kUnknown) {
  const GpuSpec* s = FindGpu(p, name, variant, vram_gb);
  return s ? std::string(s->name) : std::string("<unknown>");
}

bool Contains(const std::vector<std::string_view>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

using Names = std::vector<std::string_view>;

constexpr ProviderId kVast = ProviderId::kVast;
constexpr ProviderId kPrime = ProviderId::kPrimeIntellect;
constexpr ProviderId kDispersed = ProviderId::kDispersed;

}  // namespace

// ---- Every provider spelling in VOCAB.md ----------------------------------------------

TEST(CatalogVocab, ResolvesEveryOfficialVastGpuNameAndMapsItBack) {
  // The vast-cli list (from "from vast/controller/gpulist.json" up to the query-syntax note).
  std::vector<std::string> names = Backquoted(ReadFixture("VOCAB.md"), "gpulist.json\"):", "- Query syntax");
  // Data centre 29, GeForce/GTX 16, RTX 20 to 50 39, Titan 5, Quadro 12, RTX A 5, Ada 6,
  // RTX PRO 8, mining 4, AMD 20.
  ASSERT_EQ(names.size(), 144u);
  ASSERT_EQ(names.front(), "A10");
  ASSERT_EQ(names.back(), "RX 7900 XTX");
  for (const std::string& n : names) {
    const GpuSpec* s = FindGpu(kVast, n, "", kUnknown);
    ASSERT_NE(s, nullptr) << n;
    // The reverse map used for push-down gives the same spelling back.
    EXPECT_TRUE(Contains(VastNamesFor(s->name), n)) << n << " -> " << s->name;
  }
}

TEST(CatalogVocab, ResolvesEveryPrimeGpuTypeOnEverySocket) {
  std::string vocab = ReadFixture("VOCAB.md");
  std::vector<std::string> types = Backquoted(vocab, "Full OpenAPI `GPUType` enum:", "`GB200` and `GB300` carry");
  std::vector<std::string> sockets = Backquoted(vocab, "[L] `PCIe`", "Note the casing");
  ASSERT_EQ(types.size(), 49u);  // VOCAB.md writes RTX3070_8GB once although the enum repeats it
  ASSERT_EQ(sockets, (std::vector<std::string>{"SXM2", "SXM3", "SXM4", "SXM5", "SXM6"}));
  sockets.insert(sockets.begin(), "PCIe");
  for (const std::string& t : types) {
    if (t == "CPU_NODE") {
      EXPECT_EQ(FindGpu(kPrime, t, "", kUnknown), nullptr);  // no GPU at all
      continue;
    }
    for (const std::string& socket : sockets) {
      const GpuSpec* s = FindGpu(kPrime, t, socket, kUnknown);
      ASSERT_NE(s, nullptr) << t << "/" << socket;
      // H200_96GB matches no real H200 size: it resolves by name but is not pushed down.
      if (t != "H200_96GB") {
        EXPECT_TRUE(Contains(PrimeTypesFor(s->name), t)) << t << " -> " << s->name;
      }
    }
  }
}

// ---- Real payloads --------------------------------------------------------------------

TEST(CatalogFixtures, ResolvesEveryPrimeOfferAndItsRunpodNvidiaSmiNameAlike) {
  const std::map<std::pair<std::string, std::string>, std::string> expected = {
      {{"A100_80GB", "PCIe"}, "A100 PCIe 80GB"}, {{"A100_80GB", "SXM4"}, "A100 SXM 80GB"},
      {{"A100_80GB", "SXM5"}, "A100 SXM 80GB"},  // crusoe's a100-80gb-sxm-ib.8x, socket as Prime gives it
      {{"H100_80GB", "SXM5"}, "H100 SXM"},       {{"H100_80GB", "PCIe"}, "H100 PCIe"},
      {{"A40_48GB", "PCIe"}, "A40"}};
  int offers = 0, nvidia_smi_names = 0;
  for (const char* file : {"primeintellect/availability-gpus-2025-11.json", "primeintellect/availability-gpus-2025-01.json"}) {
    json page = ReadJson(file);
    std::vector<json> items;
    if (page.contains("items")) {
      items = page["items"].get<std::vector<json>>();
    } else {  // the legacy endpoint: {gpuType: [offers]}
      for (const auto& kv : page.items()) items.insert(items.end(), kv.value().begin(), kv.value().end());
    }
    for (const json& it : items) {
      std::string type = it["gpuType"].get<std::string>(), socket = it["socket"].get<std::string>();
      double per_gpu_gb = it["gpuMemory"].get<double>() / it["gpuCount"].get<double>();
      auto want = expected.find({type, socket});
      ASSERT_NE(want, expected.end()) << type << "/" << socket;
      EXPECT_EQ(Canonical(kPrime, type, socket, per_gpu_gb), want->second);
      ++offers;
      // Runpod's cloudId is the nvidia-smi name: the free-text path must agree.
      std::string cloud_id = it["cloudId"].is_string() ? it["cloudId"].get<std::string>() : "";
      if (cloud_id.rfind("NVIDIA ", 0) == 0) {
        EXPECT_EQ(Canonical(kDispersed, cloud_id), want->second) << cloud_id;
        ++nvidia_smi_names;
      }
    }
  }
  EXPECT_EQ(offers, 8 + 79);
  EXPECT_EQ(nvidia_smi_names, 8 + 30);
  const auto summary = ReadJson("primeintellect/availability-summary-2025-11.json");  // items() must not outlive it
  for (const auto& kv : summary.items())
    EXPECT_NE(FindGpu(kPrime, kv.key(), "", kUnknown), nullptr) << kv.key();
}

namespace {
// Every object holding a gpu_name, wherever the capture nests it.
void CollectVastGpus(const json& j, std::vector<std::pair<std::string, double>>& out) {
  if (j.is_object() && j.contains("gpu_name") && j["gpu_name"].is_string())
    out.emplace_back(j["gpu_name"].get<std::string>(), j["gpu_ram"].is_number() ? j["gpu_ram"].get<double>() : kUnknown);
  if (j.is_structured())
    for (const json& child : j) CollectVastGpus(child, out);
}
}  // namespace

TEST(CatalogFixtures, ResolvesEveryVastOfferWithItsGpuRam) {
  std::vector<std::pair<std::string, double>> gpus;
  for (const char* file :
       {"vastai/instance-object-2019-gtx1070ti-samhiatt.json", "vastai/bundles-offer-2022-rtx3090-norway.json",
        "vastai/docs-example-show-instance-v0-rtxa5000.json", "vastai/search-offers-cli-raw-2019-rtx2080ti-nerus.json",
        "vastai/show-instances-cli-raw-2019-gtx1080ti-nerus.json", "vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json",
        "vastai/500farm-exporter-offers-2025-07-rtx5090.json"})
    CollectVastGpus(ReadJson(file), gpus);
  const std::map<std::string, std::pair<double, double>> expected = {
      // gpu_name -> (gpu_ram MiB in the capture, catalog GB)
      {"GTX 1070 Ti", {8119, 8}},   {"RTX 3090", {24576, 24}}, {"RTX A5000", {24564, 24}}, {"RTX 2080 Ti", {10989, 11}},
      {"GTX 1080 Ti", {11178, 11}}, {"RTX 4090", {24564, 24}}, {"RTX 5090", {32607, 32}}};
  ASSERT_EQ(gpus.size(), 8u);  // the 500farm export holds two RTX 5090 offers
  for (const auto& [name, mib] : gpus) {
    auto want = expected.find(name);
    ASSERT_NE(want, expected.end()) << name;
    EXPECT_EQ(mib, want->second.first) << name;
    const GpuSpec* s = FindGpu(kVast, name, "", mib / 1024);
    ASSERT_NE(s, nullptr) << name;
    EXPECT_EQ(s->name, name);  // these Vast spellings are already canonical
    EXPECT_EQ(s->vram_gb, want->second.second) << name;
  }
}

// ---- Cross-provider equality and splits -----------------------------------------------

TEST(Catalog, GivesTheSameGpuFromEveryProviderTheSameName) {
  EXPECT_EQ(Canonical(kVast, "H100 SXM", "", 81559 / 1024.0), "H100 SXM");
  EXPECT_EQ(Canonical(kPrime, "H100_80GB", "SXM5", 80), "H100 SXM");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA H100 80GB HBM3"), "H100 SXM");
  EXPECT_EQ(Canonical(kVast, "H100 PCIE", "", 81559 / 1024.0), "H100 PCIe");
  EXPECT_EQ(Canonical(kPrime, "H100_80GB", "PCIe", 80), "H100 PCIe");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA H100 PCIe"), "H100 PCIe");
  EXPECT_EQ(Canonical(kVast, "A100 SXM4", "", 81920 / 1024.0), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(kPrime, "A100_80GB", "SXM4", 80), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(kDispersed, "A100-SXM4-80GB"), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(kVast, "A100 PCIE", "", 81920 / 1024.0), "A100 PCIe 80GB");
  EXPECT_EQ(Canonical(kPrime, "A100_80GB", "PCIe", 80), "A100 PCIe 80GB");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA A100 80GB PCIe"), "A100 PCIe 80GB");
  EXPECT_EQ(Canonical(kVast, "RTX 4090", "", 24564 / 1024.0), "RTX 4090");
  EXPECT_EQ(Canonical(kPrime, "RTX4090_24GB", "PCIe", 24), "RTX 4090");
  EXPECT_EQ(Canonical(kDispersed, "RTX 4090", "", 24), "RTX 4090");  // the docs' example label
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA GeForce RTX 4090"), "RTX 4090");
  EXPECT_EQ(Canonical(kVast, "RTX 6000Ada"), "RTX 6000 Ada");
  EXPECT_EQ(Canonical(kPrime, "RTX6000Ada_48GB", "PCIe"), "RTX 6000 Ada");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA RTX 6000 Ada Generation"), "RTX 6000 Ada");
  EXPECT_EQ(Canonical(kVast, "RTX A6000"), "RTX A6000");
  EXPECT_EQ(Canonical(kPrime, "A6000_48GB", "PCIe"), "RTX A6000");
  EXPECT_EQ(Canonical(kVast, "Q RTX 8000"), "Quadro RTX 8000");
  EXPECT_EQ(Canonical(kPrime, "RTX8000_48GB", "PCIe"), "Quadro RTX 8000");
  EXPECT_EQ(Canonical(kVast, "H200", "", 143771 / 1024.0), "H200");
  EXPECT_EQ(Canonical(kPrime, "H200_141GB", "SXM5"), "H200");
  EXPECT_EQ(Canonical(kVast, "RTX PRO 6000 WS"), "RTX PRO 6000");
  EXPECT_EQ(Canonical(kPrime, "RTX_PRO_6000B_96GB", "PCIe"), "RTX PRO 6000");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA RTX PRO 6000 Blackwell Server Edition"), "RTX PRO 6000");
  EXPECT_EQ(Canonical(kVast, "RTX 4080S"), "RTX 4080 Super");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA GeForce RTX 4080 SUPER"), "RTX 4080 Super");
  EXPECT_EQ(Canonical(kVast, "Tesla V100", "", 32768 / 1024.0), "V100 32GB");
  EXPECT_EQ(Canonical(kPrime, "V100_32GB", "SXM2"), "V100 32GB");
  EXPECT_EQ(Canonical(kDispersed, "Tesla V100-SXM2-32GB"), "V100 32GB");
  EXPECT_EQ(Canonical(kVast, "InstinctMI250X"), "MI250X");
  EXPECT_EQ(Canonical(kDispersed, "AMD Instinct MI250X"), "MI250X");
  EXPECT_EQ(Canonical(kVast, "GH200 SXM", "", 97871 / 1024.0), "GH200 96GB");
  EXPECT_EQ(Canonical(kPrime, "GH200_480GB", ""), "GH200 96GB");  // 480 GB is the Grace CPU's memory
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA GH200 480GB"), "GH200 96GB");
}

TEST(Catalog, KeepsVariantsThatDifferApart) {
  // A100: Vast's name covers both sizes, gpu_ram decides.
  EXPECT_EQ(Canonical(kVast, "A100 SXM4", "", 40960 / 1024.0), "A100 SXM 40GB");
  EXPECT_EQ(Canonical(kVast, "A100 SXM", "", 40960 / 1024.0), "A100 SXM 40GB");
  EXPECT_EQ(Canonical(kVast, "A100 PCIE", "", 40960 / 1024.0), "A100 PCIe 40GB");
  EXPECT_EQ(Canonical(kPrime, "A100_40GB", "SXM4", 40), "A100 SXM 40GB");
  EXPECT_EQ(Canonical(kPrime, "A100_40GB", "PCIe", 40), "A100 PCIe 40GB");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA A100-PCIE-40GB"), "A100 PCIe 40GB");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA A100-SXM4-40GB"), "A100 SXM 40GB");
  // RTX 4090 48 GB (Vast: 98280 MiB over 2 GPUs) and the nvidia-smi label of such a card.
  EXPECT_EQ(Canonical(kVast, "RTX 4090", "", 98280 / 2 / 1024.0), "RTX 4090 48GB");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA GeForce RTX 4090 48GB"), "RTX 4090 48GB");
  // H100 forms, H200 NVL.
  EXPECT_EQ(Canonical(kVast, "H100 NVL", "", 191660 / 2 / 1024.0), "H100 NVL");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA H100 NVL"), "H100 NVL");
  EXPECT_EQ(Canonical(kVast, "H200 NVL"), "H200 NVL");
  EXPECT_NE(Canonical(kVast, "H100 SXM"), Canonical(kVast, "H100 PCIE"));
  // V100 sizes, GH200 sizes, and the two cards called "RTX 6000".
  EXPECT_EQ(Canonical(kPrime, "V100_16GB", "SXM2"), "V100 16GB");
  EXPECT_EQ(Canonical(kVast, "Tesla V100", "", 16160 / 1024.0), "V100 16GB");
  EXPECT_EQ(Canonical(kPrime, "GH200_624GB", ""), "GH200 144GB");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA GH200 144G HBM3e"), "GH200 144GB");
  EXPECT_EQ(Canonical(kVast, "Q RTX 6000"), "Quadro RTX 6000");
  EXPECT_EQ(Canonical(kPrime, "RTX6000_24GB", "PCIe"), "Quadro RTX 6000");
  EXPECT_EQ(Canonical(kVast, "RTX 4070S Ti"), "RTX 4070 Ti Super");
  EXPECT_EQ(Canonical(kVast, "RTX 4070 Ti"), "RTX 4070 Ti");
  EXPECT_EQ(Canonical(kVast, "RTX 4090D"), "RTX 4090D");
  EXPECT_EQ(Canonical(kVast, "GTX TITAN X"), "GTX Titan X");  // Maxwell
  EXPECT_EQ(Canonical(kVast, "Titan X"), "Titan X");          // Pascal
}

TEST(Catalog, PicksTheCommonVariantWithoutAVramHint) {
  EXPECT_EQ(Canonical(kVast, "A100 SXM4"), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(kVast, "A100 SXM4", "", 0), "A100 SXM 80GB");  // 0 is "not given", not 0 GB
  EXPECT_EQ(Canonical(kVast, "RTX 4090", "", -1), "RTX 4090");
  EXPECT_EQ(Canonical(kPrime, "H100_80GB", ""), "H100 SXM");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA A100 40GB"), "A100 SXM 40GB");  // the name's own size
}

TEST(Catalog, ToleratesCaseSeparatorsAndVendorWords) {
  for (const char* s : {"rtx 4090", "RTX4090", "RTX-4090", "rtx_4090", "  GeForce  RTX 4090 ", "NVIDIA GeForce RTX 4090"})
    EXPECT_EQ(Canonical(kDispersed, s), "RTX 4090") << s;
  EXPECT_EQ(Canonical(kDispersed, "nvidia rtx a6000"), "RTX A6000");
  EXPECT_EQ(Canonical(kDispersed, "Tesla T4"), "T4");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA L40S"), "L40S");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA GeForce RTX 3060 Laptop GPU"), "RTX 3060 Laptop");
  EXPECT_EQ(Canonical(kDispersed, "AMD Instinct MI300X"), "MI300X");
  EXPECT_EQ(Canonical(kDispersed, "AMD Radeon RX 7900 XTX"), "RX 7900 XTX");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition"), "RTX PRO 6000 Max-Q");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA A800-SXM4-80GB"), "A800 SXM");
  EXPECT_EQ(Canonical(kDispersed, "TITAN X (Pascal)"), "Titan X");
  EXPECT_EQ(Canonical(kDispersed, "NVIDIA\xC2\xAE GeForce RTX\xE2\x84\xA2 4090"), "RTX 4090");  // (R), (TM) signs
  EXPECT_EQ(Canonical(kPrime, "GH200_480GB", "SXM5"), "GH200 96GB");  // a socket does not hide the '=' alias
  EXPECT_EQ(Canonical(kDispersed, "RTX 4090 Ti"), "RTX 4090 Ti");
  EXPECT_EQ(Canonical(kDispersed, "RTX 4090 T"), "<unknown>");  // no guessing from a near miss
}

TEST(Catalog, ResolvesEveryCanonicalNameToItself) {
  std::set<std::string> seen;
  for (const GpuSpec& g : AllGpus()) {
    std::string upper(g.name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(seen.insert(upper).second) << "duplicate " << g.name;
    EXPECT_EQ(FindCanonical(g.name), &g) << g.name;
    EXPECT_EQ(FindGpu(kDispersed, g.name, "", g.vram_gb), &g) << g.name;
    EXPECT_TRUE(g.vendor == "NVIDIA" || g.vendor == "AMD") << g.name;
    EXPECT_FALSE(g.architecture.empty()) << g.name;
    for (double x : {g.vram_gb, g.mem_bandwidth_gb_s, g.tflops_fp16, g.tflops_fp32})
      EXPECT_TRUE(std::isnan(x) || x > 0) << g.name;
  }
  EXPECT_EQ(AllGpus().size(), 152u);
  EXPECT_EQ(FindCanonical("a100 sxm 80gb"), FindCanonical("A100 SXM 80GB"));
  EXPECT_EQ(FindCanonical("A100"), nullptr);  // a family, not a model
  EXPECT_EQ(FindCanonical(""), nullptr);
}

// ---- Unknown names --------------------------------------------------------------------

TEST(Catalog, KeepsUnknownNamesVerbatimAndFlagged) {
  Offer o;
  o.gpu_raw = "Imaginary RTX 9999";
  o.tflops_fp16 = 1;  // a stale figure must not survive
  ApplyGpu(o, FindGpu(kVast, o.gpu_raw, "", kUnknown));
  EXPECT_FALSE(o.gpu_known);
  EXPECT_EQ(o.gpu, "Imaginary RTX 9999");
  EXPECT_TRUE(std::isnan(o.tflops_fp16));
  EXPECT_TRUE(std::isnan(o.tflops_fp32));
  EXPECT_TRUE(std::isnan(o.mem_bandwidth_gb_s));
  EXPECT_TRUE(std::isnan(o.vram_gb));
  for (const char* s : {"", "   ", "NVIDIA", "80GB", "CPU_NODE", "H100 SXM5 and then some very long words that are no GPU"})
    EXPECT_EQ(FindGpu(kDispersed, s, "", kUnknown), nullptr) << s;
  std::string huge(4096, 'A');
  EXPECT_EQ(FindGpu(kDispersed, huge, "", kUnknown), nullptr);
}

// ---- Figures --------------------------------------------------------------------------

TEST(Catalog, CopiesSpecFiguresOntoOffersAndKeepsTheProvidersVram) {
  Offer o;
  o.gpu_raw = "H100 SXM";
  ApplyGpu(o, FindGpu(kVast, o.gpu_raw, "", kUnknown));
  EXPECT_TRUE(o.gpu_known);
  EXPECT_EQ(o.gpu, "H100 SXM");
  EXPECT_EQ(o.tflops_fp16, 989.5);
  EXPECT_EQ(o.tflops_fp32, 67);
  EXPECT_EQ(o.mem_bandwidth_gb_s, 3350);
  EXPECT_EQ(o.vram_gb, 80);  // filled because the offer had none
  Offer p;
  p.gpu_raw = "H200_96GB/SXM5";
  p.vram_gb = 96;
  ApplyGpu(p, FindGpu(kPrime, "H200_96GB", "SXM5", p.vram_gb));
  EXPECT_EQ(p.gpu, "H200");
  EXPECT_EQ(p.vram_gb, 96);  // the provider's figure wins
}

TEST(Catalog, HoldsSpecSheetFigures) {
  struct Want {
    const char* name;
    double vram_gb, bandwidth, fp16, fp32;
  };
  const Want wants[] = {
      {"H100 SXM", 80, 3350, 989.5, 67},    {"H100 PCIe", 80, 2000, 756, 51},   {"H100 NVL", 94, 3900, 835.5, 60},
      {"H200", 141, 4800, 989.5, 67},       {"A100 SXM 80GB", 80, 2039, 312, 19.5},
      {"A100 SXM 40GB", 40, 1555, 312, 19.5}, {"A100 PCIe 80GB", 80, 1935, 312, 19.5},
      {"RTX 4090", 24, 1008, 165.2, 82.6},  {"RTX 3090", 24, 936, 71, 35.6},    {"RTX 5090", 32, 1792, 209.5, 104.8},
      {"L40S", 48, 864, 362.05, 91.6},      {"A40", 48, 696, 149.7, 37.4},      {"RTX A6000", 48, 768, 154.8, 38.7},
      {"RTX 6000 Ada", 48, 960, 364.2, 91.1}, {"L4", 24, 300, 121, 30.3},       {"B200", 180, 7700, 2250, 75},
      {"MI300X", 192, 5300, 1307.4, 163.4}, {"MI250X", 128, 3277, 383, 47.9},   {"T4", 16, 320, 65, 8.1},
      {"GTX 1080 Ti", 11, 484, 0.18, 11.3},  // Pascal GeForce: FP16 at 1/64 rate, no tensor cores
  };
  for (const Want& w : wants) {
    const GpuSpec* s = FindCanonical(w.name);
    ASSERT_NE(s, nullptr) << w.name;
    EXPECT_EQ(s->vram_gb, w.vram_gb) << w.name;
    EXPECT_EQ(s->mem_bandwidth_gb_s, w.bandwidth) << w.name;
    EXPECT_EQ(s->tflops_fp16, w.fp16) << w.name;
    EXPECT_EQ(s->tflops_fp32, w.fp32) << w.name;
  }
  EXPECT_EQ(FindCanonical("H100 SXM")->architecture, "Hopper");
  EXPECT_EQ(FindCanonical("MI300X")->vendor, "AMD");
  // Labels with no such product resolve but carry no invented figures.
  const GpuSpec* ti = FindCanonical("RTX 4090 Ti");
  ASSERT_NE(ti, nullptr);
  EXPECT_TRUE(std::isnan(ti->tflops_fp16) && std::isnan(ti->tflops_fp32) && std::isnan(ti->vram_gb));
}

// ---- Filters and push-down ------------------------------------------------------------

TEST(MatchGpuFilter, MatchesExactNamesAndFamiliesByWordPrefix) {
  EXPECT_EQ(MatchGpuFilter("H100"), (Names{"H100 SXM", "H100 PCIe", "H100 NVL"}));
  EXPECT_EQ(MatchGpuFilter("h100 sxm"), (Names{"H100 SXM"}));
  EXPECT_EQ(MatchGpuFilter("A100"), (Names{"A100 SXM 80GB", "A100 SXM 40GB", "A100 PCIe 80GB", "A100 PCIe 40GB"}));
  EXPECT_EQ(MatchGpuFilter("A100 SXM"), (Names{"A100 SXM 80GB", "A100 SXM 40GB"}));
  EXPECT_EQ(MatchGpuFilter("rtx 4090"), (Names{"RTX 4090", "RTX 4090 48GB"}));  // not 4090 Ti / 4090D
  EXPECT_EQ(MatchGpuFilter("RTX 4090 48GB"), (Names{"RTX 4090 48GB"}));
  EXPECT_EQ(MatchGpuFilter("H200"), (Names{"H200", "H200 NVL"}));
  EXPECT_EQ(MatchGpuFilter("GH200"), (Names{"GH200 96GB", "GH200 144GB"}));
  EXPECT_EQ(MatchGpuFilter("RTX PRO 6000"), (Names{"RTX PRO 6000", "RTX PRO 6000 Max-Q"}));
  EXPECT_EQ(MatchGpuFilter("RTX 4070"), (Names{"RTX 4070"}));
  // Without digits the value names a family.
  EXPECT_EQ(MatchGpuFilter("Titan"), (Names{"Titan RTX", "Titan V", "Titan V CEO", "Titan X", "Titan Xp"}));
  EXPECT_EQ(MatchGpuFilter("RTX PRO").size(), 6u);
  Names rtx = MatchGpuFilter("RTX");
  EXPECT_TRUE(Contains(rtx, "RTX 4090") && Contains(rtx, "RTX A6000") && Contains(rtx, "RTX 6000 Ada"));
  EXPECT_FALSE(Contains(rtx, "Quadro RTX 8000") || Contains(rtx, "Titan RTX"));
}

TEST(MatchGpuFilter, MatchesProviderSpellingsAndFreeText) {
  EXPECT_EQ(MatchGpuFilter("RTX 6000Ada"), (Names{"RTX 6000 Ada"}));
  EXPECT_EQ(MatchGpuFilter("Tesla V100"), (Names{"V100 32GB", "V100 16GB"}));
  EXPECT_EQ(MatchGpuFilter("A100 SXM4"), (Names{"A100 SXM 80GB", "A100 SXM 40GB"}));
  EXPECT_EQ(MatchGpuFilter("H100_80GB"), (Names{"H100 SXM", "H100 PCIe"}));
  EXPECT_EQ(MatchGpuFilter("H100 80GB"), (Names{"H100 SXM", "H100 PCIe"}));  // '_' already turned into ' '
  EXPECT_EQ(MatchGpuFilter("a100_80gb"), (Names{"A100 SXM 80GB", "A100 PCIe 80GB"}));
  EXPECT_EQ(MatchGpuFilter("InstinctMI250X"), (Names{"MI250X"}));
  EXPECT_EQ(MatchGpuFilter("H100 SXM5"), (Names{"H100 SXM"}));
  EXPECT_EQ(MatchGpuFilter("A100-SXM4-80GB"), (Names{"A100 SXM 80GB"}));
  EXPECT_EQ(MatchGpuFilter("NVIDIA GeForce RTX 4090"), (Names{"RTX 4090", "RTX 4090 48GB"}));
  EXPECT_EQ(MatchGpuFilter("NVIDIA H100 80GB HBM3"), (Names{"H100 SXM"}));
  EXPECT_TRUE(MatchGpuFilter("Imaginary").empty());
  EXPECT_TRUE(MatchGpuFilter("").empty());
  EXPECT_TRUE(MatchGpuFilter("  ").empty());
}

TEST(Catalog, MapsCanonicalNamesBackToProviderSpellings) {
  EXPECT_EQ(VastNamesFor("H100 SXM"), (Names{"H100 SXM"}));
  EXPECT_EQ(PrimeTypesFor("H100 SXM"), (Names{"H100_80GB"}));
  EXPECT_EQ(PrimeTypesFor("H100 PCIe"), (Names{"H100_80GB"}));
  EXPECT_EQ(VastNamesFor("A100 SXM 40GB"), (Names{"A100 SXM4", "A100 SXM"}));
  EXPECT_EQ(PrimeTypesFor("A100 SXM 40GB"), (Names{"A100_40GB"}));
  EXPECT_EQ(VastNamesFor("RTX 6000 Ada"), (Names{"RTX 6000Ada"}));
  EXPECT_EQ(VastNamesFor("rtx pro 6000"), (Names{"RTX PRO 6000", "RTX PRO 6000 S", "RTX PRO 6000 WS"}));
  EXPECT_EQ(PrimeTypesFor("GH200 96GB"), (Names{"GH200_96GB", "GH200_480GB"}));
  EXPECT_TRUE(PrimeTypesFor("H100 NVL").empty());
  EXPECT_TRUE(VastNamesFor("MI300X").empty());
  EXPECT_TRUE(VastNamesFor("Imaginary").empty());
}
