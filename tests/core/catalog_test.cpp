#include "core/catalog.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

using namespace offerscope::core;

namespace {

std::string ReadVocab() {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/VOCAB.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Backquoted names on the lines of one section of VOCAB.md, between two headings.
std::vector<std::string> Quoted(const std::string& text, const std::string& from, const std::string& to) {
  std::size_t a = text.find(from), b = text.find(to, a);
  std::string part = text.substr(a, b - a);
  std::vector<std::string> out;
  std::regex re("`([^`]+)`");
  for (auto it = std::sregex_iterator(part.begin(), part.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

std::string Canonical(ProviderId p, std::string_view name, std::string_view variant = {}, double vram = kUnknown) {
  const GpuSpec* s = FindGpu(p, name, variant, vram);
  return s ? std::string(s->name) : std::string("<unknown>");
}

}  // namespace

TEST(Catalog, ResolvesEveryOfficialVastGpuName) {
  std::vector<std::string> names = Quoted(ReadVocab(), "The full official list", "Query syntax");
  ASSERT_GT(names.size(), 140u);  // the list has about 150 names
  for (const std::string& n : names) {
    if (n == "vastai/data/query.py") continue;
    EXPECT_NE(FindGpu(ProviderId::kVast, n, "", kUnknown), nullptr) << n;
  }
}

TEST(Catalog, ResolvesEveryPrimeGpuTypeExceptCpuNodes) {
  std::vector<std::string> types = Quoted(ReadVocab(), "Full OpenAPI `GPUType` enum", "### `socket`");
  ASSERT_GT(types.size(), 40u);
  for (const std::string& t : types) {
    if (t == "CPU_NODE" || t == "GPUType" || t == "RTX4080Ti_16GB") continue;  // no GPU / no such card
    EXPECT_NE(FindGpu(ProviderId::kPrimeIntellect, t, "PCIe", kUnknown), nullptr) << t;
  }
  EXPECT_EQ(FindGpu(ProviderId::kPrimeIntellect, "CPU_NODE", "", kUnknown), nullptr);
}

TEST(Catalog, GivesTheSameGpuFromEveryProviderTheSameName) {
  EXPECT_EQ(Canonical(ProviderId::kVast, "H100 SXM", "", 81559 / 1024.0), "H100 SXM");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "H100_80GB", "SXM5"), "H100 SXM");
  EXPECT_EQ(Canonical(ProviderId::kDispersed, "NVIDIA H100 80GB HBM3"), "H100 SXM");
  EXPECT_EQ(Canonical(ProviderId::kVast, "H100 PCIE"), "H100 PCIe");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "H100_80GB", "PCIe"), "H100 PCIe");
  EXPECT_EQ(Canonical(ProviderId::kVast, "A100 SXM4", "", 81920 / 1024.0), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "A100_80GB", "SXM4"), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(ProviderId::kDispersed, "A100-SXM4-80GB"), "A100 SXM 80GB");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "A100_80GB", "PCIe"), "A100 PCIe 80GB");
  EXPECT_EQ(Canonical(ProviderId::kVast, "RTX 4090", "", 24564 / 1024.0), "RTX 4090");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "RTX4090_24GB", "PCIe"), "RTX 4090");
  EXPECT_EQ(Canonical(ProviderId::kDispersed, "NVIDIA GeForce RTX 4090"), "RTX 4090");
  EXPECT_EQ(Canonical(ProviderId::kVast, "RTX 6000Ada"), "RTX 6000 Ada");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "RTX6000Ada_48GB", "PCIe"), "RTX 6000 Ada");
  EXPECT_EQ(Canonical(ProviderId::kVast, "RTX A6000"), "RTX A6000");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "A6000_48GB", "PCIe"), "RTX A6000");
  EXPECT_EQ(Canonical(ProviderId::kVast, "InstinctMI250X"), "MI250X");
}

TEST(Catalog, KeepsVariantsThatDifferApart) {
  EXPECT_EQ(Canonical(ProviderId::kVast, "A100 SXM4", "", 40960 / 1024.0), "A100 SXM 40GB");
  EXPECT_EQ(Canonical(ProviderId::kVast, "RTX 4090", "", 49140 / 1024.0), "RTX 4090 48GB");
  EXPECT_EQ(Canonical(ProviderId::kVast, "H100 NVL", "", 95830 / 1024.0), "H100 NVL");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "V100_16GB", "SXM2"), "V100 16GB");
  EXPECT_EQ(Canonical(ProviderId::kPrimeIntellect, "V100_32GB", "SXM2"), "V100 32GB");
  EXPECT_EQ(Canonical(ProviderId::kVast, "Q RTX 6000"), "Quadro RTX 6000");
  EXPECT_NE(Canonical(ProviderId::kVast, "Q RTX 6000"), Canonical(ProviderId::kVast, "RTX 6000Ada"));
}

TEST(Catalog, KeepsUnknownNamesVerbatimAndFlagged) {
  Offer o;
  o.gpu_raw = "Imaginary RTX 9999";
  ApplyGpu(o, FindGpu(ProviderId::kVast, o.gpu_raw, "", kUnknown));
  EXPECT_FALSE(o.gpu_known);
  EXPECT_EQ(o.gpu, "Imaginary RTX 9999");
  EXPECT_FALSE(IsKnown(o.tflops_fp16));
}

TEST(Catalog, CopiesSpecFiguresOntoOffers) {
  Offer o;
  o.gpu_raw = "H100 SXM";
  ApplyGpu(o, FindCanonical("H100 SXM"));
  EXPECT_TRUE(o.gpu_known);
  EXPECT_DOUBLE_EQ(o.tflops_fp16, 989.5);
  EXPECT_DOUBLE_EQ(o.tflops_fp32, 67);
  EXPECT_DOUBLE_EQ(o.mem_bandwidth_gb_s, 3350);
  EXPECT_DOUBLE_EQ(o.vram_gb, 80);  // filled because the offer had none
  const GpuSpec* rtx = FindCanonical("rtx 4090");
  ASSERT_NE(rtx, nullptr);
  EXPECT_DOUBLE_EQ(rtx->tflops_fp16, 165.2);
}

TEST(MatchGpuFilter, MatchesFamiliesByWordPrefixAndProviderSpellings) {
  std::vector<std::string_view> h100 = MatchGpuFilter("H100");
  EXPECT_EQ(h100, (std::vector<std::string_view>{"H100 SXM", "H100 PCIe", "H100 NVL"}));
  EXPECT_EQ(MatchGpuFilter("rtx 4090"), (std::vector<std::string_view>{"RTX 4090", "RTX 4090 48GB"}));
  EXPECT_EQ(MatchGpuFilter("RTX 6000Ada"), (std::vector<std::string_view>{"RTX 6000 Ada"}));
  EXPECT_EQ(MatchGpuFilter("H100_80GB").size(), 1u);
  EXPECT_TRUE(MatchGpuFilter("Imaginary").empty());
}

TEST(Catalog, MapsCanonicalNamesBackToProviderSpellings) {
  EXPECT_EQ(VastNamesFor("H100 SXM"), (std::vector<std::string_view>{"H100 SXM"}));
  EXPECT_EQ(PrimeTypesFor("H100 SXM"), (std::vector<std::string_view>{"H100_80GB"}));
  EXPECT_EQ(VastNamesFor("RTX 6000 Ada"), (std::vector<std::string_view>{"RTX 6000Ada"}));
}
