// Prime Intellect's parser and request plan on recorded pages: the captured November 2025
// and January 2025 answers, the disks page, and the examples of Prime's docs (seed 003).
// Hand-made records and queries: primeintellect_cases_test.cpp.
#include "core/providers/primeintellect.hpp"

#include <cmath>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/providers/common.hpp"
#include "core/pricing.hpp"
#include "core/query.hpp"
#include "tests/core/primeintellect_test_helpers.hpp"

namespace offerscope::core {
namespace {

using testing::ReadFile;
using testing::Fixture;
using testing::Options;
using testing::FirstPage;
using testing::Parse;
using testing::AllWarnings;
using testing::Query;
using testing::PlanFor;
using testing::Params;

// The seed doc whose name starts with `prefix` ("003_").
std::string Seed(const std::string& prefix) {
  for (const auto& entry : std::filesystem::directory_iterator(OFFERSCOPE_SEEDS_DIR))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) return ReadFile(entry.path().string());
  ADD_FAILURE() << "no seed " << prefix;
  return {};
}

// The JSON object that starts at the first `{` after `marker` in `text` (brace matching; the
// seed examples hold no braces inside strings).
std::string JsonAfter(const std::string& text, const std::string& marker) {
  std::size_t at = text.find(marker);
  if (at == std::string::npos) return {};
  std::size_t start = text.find('{', at);
  int depth = 0;
  for (std::size_t i = start; i < text.size(); ++i) {
    depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
    if (depth == 0) return text.substr(start, i - start + 1);
  }
  return {};
}

// ---- Real payloads ----------------------------------------------------------------------

TEST(PrimeParse, ReadsTheNovember2025PageToTheLastUnit) {
  std::string body = Fixture("availability-gpus-2025-11.json");
  Page p = Parse(body);
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  ASSERT_EQ(p.offers.size(), 8u);
  EXPECT_EQ(p.total, 608);

  const Offer& o = p.offers[0];
  EXPECT_EQ(o.provider, ProviderId::kPrimeIntellect);
  EXPECT_EQ(o.id, "NVIDIA A100 80GB PCIe@US-KS-2/1x");
  EXPECT_EQ(o.source, "runpod");
  EXPECT_EQ(o.gpu_raw, "A100_80GB/PCIe");
  EXPECT_EQ(o.gpu, "A100 PCIe 80GB");
  EXPECT_TRUE(o.gpu_known);
  EXPECT_EQ(o.gpu_count, 1);
  EXPECT_EQ(o.vram_gb, 80.0);
  EXPECT_EQ(o.vcpus, 14.0);
  EXPECT_EQ(o.ram_gb, 125.0);
  EXPECT_EQ(o.disk_gb, 3000.0);
  EXPECT_EQ(o.disk_min_gb, 120.0);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.00014);
  EXPECT_EQ(o.disk_included_gb, 0.0);
  EXPECT_EQ(o.base_usd_per_hour, 1.6567999999999998);
  // 100 GB asked, 120 GB billed (minCount): 1.6568 + 120 x 0.00014.
  EXPECT_DOUBLE_EQ(o.price_usd_per_hour, 1.6567999999999998 + 120 * 0.00014);
  EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, o.price_usd_per_hour);
  EXPECT_FALSE(o.interruptible);
  EXPECT_EQ(o.country, "US");
  EXPECT_EQ(o.region, "united_states");
  EXPECT_EQ(o.interconnect, "PCIe");
  EXPECT_EQ(o.stock, "low");
  EXPECT_EQ(o.tier, "secure");
  EXPECT_EQ(o.quoted_at, "2025-11-11T12:00:00Z");

  const Offer& sxm = p.offers[5];
  EXPECT_EQ(sxm.id, "NVIDIA H100 80GB HBM3@CA-MTL-1/1x");
  EXPECT_EQ(sxm.gpu_raw, "H100_80GB/SXM5");
  EXPECT_EQ(sxm.gpu, "H100 SXM");
  EXPECT_EQ(sxm.vcpus, 28.0);
  EXPECT_EQ(sxm.ram_gb, 251.0);
  EXPECT_EQ(sxm.base_usd_per_hour, 2.7068);
  EXPECT_EQ(sxm.region, "canada");
  EXPECT_EQ(sxm.country, "CA");
  EXPECT_EQ(sxm.interconnect, "SXM5");

  const Offer& pcie = p.offers[7];
  EXPECT_EQ(pcie.id, "NVIDIA H100 PCIe@CA-MTL-3/1x");
  EXPECT_EQ(pcie.gpu, "H100 PCIe");
  EXPECT_EQ(p.offers[1].gpu, "A100 SXM 80GB");
}

TEST(PrimeParse, KeepsEachRecordsBytesAsRawJson) {
  std::string body = Fixture("availability-gpus-2025-11.json");
  Page p = Parse(body);
  nlohmann::json items = nlohmann::json::parse(body)["items"];
  ASSERT_EQ(p.offers.size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string_view raw = p.offers[i].raw_json.view();
    ASSERT_FALSE(raw.empty());
    EXPECT_EQ(raw.front(), '{');
    EXPECT_EQ(raw.back(), '}');
    EXPECT_NE(body.find(raw), std::string::npos) << "not a byte-for-byte slice of the page";
    EXPECT_EQ(nlohmann::json::parse(raw), items[i]);
  }
}

TEST(PrimeParse, OmitsRawJsonWhenNotAsked) {
  NormalizeOptions o = Options();
  o.keep_raw = false;
  Page p = ParsePrimeOffers(FirstPage(), 200, Fixture("availability-gpus-2025-11.json"), o);
  ASSERT_EQ(p.offers.size(), 8u);
  for (const Offer& offer : p.offers) EXPECT_EQ(offer.raw_json.view(), "");
}

TEST(PrimeParse, ListsEveryRemainingPageAfterPageOneWithTheSameParameters) {
  ParsedQuery q = Query("gpu=H100 region=canada");
  PlanOptions options;
  options.query = &q;
  HttpRequest first = PlanPrimeOffers(options).front();
  Page p = Parse(Fixture("availability-gpus-2025-11.json"), 100, 200, first);
  // totalCount 608 at 100 a page: pages 2..7.
  ASSERT_EQ(p.more.size(), 6u);
  for (std::size_t i = 0; i < p.more.size(); ++i) {
    EXPECT_EQ(p.more[i].method, "GET");
    EXPECT_EQ(p.more[i].path, "/api/v1/availability/gpus");
    EXPECT_EQ(p.more[i].query, (Params{{"gpu_type", "H100_80GB"}, {"regions", "canada"},
                                       {"page", std::to_string(i + 2)}, {"page_size", "100"}}));
  }
  EXPECT_EQ(Target(p.more.back()), "/api/v1/availability/gpus?gpu_type=H100_80GB&regions=canada&page=7&page_size=100");
}

TEST(PrimeParse, LaterPagesListNoMorePages) {
  HttpRequest third = FirstPage();
  third.query = {{"page", "3"}, {"page_size", "100"}};
  Page p = Parse(Fixture("availability-gpus-2025-11.json"), 100, 200, third);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.offers.size(), 8u);
  EXPECT_TRUE(p.more.empty());
}

TEST(PrimeParse, ReadsTheLegacyKeyedAnswerOfJanuary2025) {
  std::string body = Fixture("availability-gpus-2025-01.json");
  Page p = Parse(body);
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  ASSERT_EQ(p.offers.size(), 79u);
  EXPECT_EQ(p.total, -1);  // the legacy answer has no totalCount
  EXPECT_TRUE(p.more.empty());
  int a100 = 0, a40 = 0;
  std::set<std::string> ids;
  for (const Offer& o : p.offers) {
    a100 += o.gpu_raw.rfind("A100_80GB/", 0) == 0;
    a40 += o.gpu_raw.rfind("A40_48GB/", 0) == 0;
    ids.insert(o.id);
  }
  EXPECT_EQ(a100, 69);
  EXPECT_EQ(a40, 10);
  EXPECT_EQ(ids.size(), 79u) << "ids must be unique although cloudId@dataCenter repeats";
}

// Every legacy record, field by field, against the same bytes read by nlohmann/json.
TEST(PrimeParse, MapsEveryLegacyRecordAsTheDocsSay) {
  std::string body = Fixture("availability-gpus-2025-01.json");
  Page p = Parse(body);
  ASSERT_EQ(p.offers.size(), 79u);
  std::size_t i = 0;
  const nlohmann::json legacy = nlohmann::json::parse(body);  // items() must not outlive it
  for (const auto& [type, list] : legacy.items()) {
    for (const auto& r : list) {
      SCOPED_TRACE(r["cloudId"].get<std::string>());
      const Offer& o = p.offers[i++];
      int n = r["gpuCount"];
      EXPECT_EQ(o.gpu_count, n);
      EXPECT_EQ(o.vram_gb, r["gpuMemory"].get<double>() / n);  // gpuMemory is the whole box
      EXPECT_EQ(o.gpu_raw, type + "/" + r["socket"].get<std::string>());
      EXPECT_EQ(o.source, r["provider"]);
      EXPECT_EQ(o.vcpus, r["vcpu"]["defaultCount"].get<double>());
      EXPECT_EQ(o.ram_gb, r["memory"]["defaultCount"].get<double>());
      const auto& prices = r["prices"];
      double base = prices["onDemand"].is_null() ? prices["communityPrice"].get<double>() : prices["onDemand"].get<double>();
      EXPECT_EQ(o.base_usd_per_hour, base);
      EXPECT_EQ(o.tier, r["security"] == "secure_cloud" ? "secure" : "community");
      EXPECT_EQ(o.stock, r["stockStatus"] == "Available" ? "available" : r["stockStatus"] == "High" ? "high"
                         : r["stockStatus"] == "Medium" ? "medium" : "low");
      EXPECT_EQ(o.country, r["country"].is_null() ? "" : r["country"].get<std::string>());
      EXPECT_EQ(o.price_usd_per_hour, PriceUsdPerHour(o, 100));
      EXPECT_TRUE(IsKnown(o.price_usd_per_hour));
      EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, o.price_usd_per_hour / n);
    }
  }
}

TEST(PrimeParse, SpotChecksLegacyRecordsToTheLastUnit) {
  Page p = Parse(Fixture("availability-gpus-2025-01.json"));
  ASSERT_EQ(p.offers.size(), 79u);

  // #2: runpod community cloud, onDemand null.
  const Offer& community = p.offers[2];
  EXPECT_EQ(community.id, "NVIDIA A100 80GB PCIe@runpod/1x/community");
  EXPECT_EQ(community.base_usd_per_hour, 1.2067999999999999);
  EXPECT_DOUBLE_EQ(community.price_usd_per_hour, 1.2067999999999999 + 120 * 0.00014);
  EXPECT_EQ(community.tier, "community");
  EXPECT_EQ(community.stock, "high");
  EXPECT_EQ(community.region, "");  // no region, no dataCenter
  EXPECT_EQ(community.country, "");

  // #23: 8x PCIe community, gpuMemory 640 is 8 x 80.
  const Offer& eight = p.offers[23];
  EXPECT_EQ(eight.id, "NVIDIA A100 80GB PCIe@runpod/8x/community");
  EXPECT_EQ(eight.gpu_count, 8);
  EXPECT_EQ(eight.vram_gb, 80.0);
  EXPECT_EQ(eight.base_usd_per_hour, 9.5368);
  EXPECT_DOUBLE_EQ(eight.price_usd_per_gpu_hour, (9.5368 + 120 * 0.00014) / 8);
  EXPECT_DOUBLE_EQ(eight.usd_per_vram_gb_hour, (9.5368 + 120 * 0.00014) / 640);

  // #24: lambdalabs, a fixed 20480 GB disk with no price: part of the rate.
  const Offer& lambda = p.offers[24];
  EXPECT_EQ(lambda.id, "gpu_8x_a100_80gb_sxm4@australia-east-1/8x");
  EXPECT_EQ(lambda.gpu, "A100 SXM 80GB");
  EXPECT_EQ(lambda.disk_gb, 20480.0);
  EXPECT_EQ(lambda.disk_min_gb, 0.0);
  EXPECT_EQ(lambda.disk_included_gb, 20480.0);
  EXPECT_EQ(lambda.disk_usd_per_gb_hour, 0.0);
  EXPECT_EQ(lambda.price_usd_per_hour, 14.32);
  EXPECT_EQ(lambda.region, "australia-east-1");  // the dataCenter stands in for the region
  EXPECT_EQ(lambda.country, "AU");
  EXPECT_EQ(lambda.stock, "available");

  // #26: hyperstack, 750 GB included, minCount 750: 100 GB asked costs nothing extra.
  const Offer& hyper = p.offers[26];
  EXPECT_EQ(hyper.id, "n3-A100x1@CANADA-1/1x");
  EXPECT_EQ(hyper.disk_min_gb, 750.0);
  EXPECT_EQ(hyper.disk_included_gb, 750.0);
  EXPECT_EQ(hyper.disk_usd_per_gb_hour, 9.7e-05);
  EXPECT_EQ(hyper.disk_gb, 100000.0);
  EXPECT_EQ(hyper.price_usd_per_hour, 1.35);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(hyper, 1000), 1.35 + 250 * 9.7e-05);

  // #33: tensordock community, 1 USD, minCount 20, defaultCount 260 not included.
  const Offer& td = p.offers[33];
  EXPECT_EQ(td.id, "353c7146-1d73-41ae-b19c-80a578297621_1@tensordock/1x/community");
  EXPECT_EQ(td.country, "CZ");
  EXPECT_EQ(td.disk_min_gb, 20.0);
  EXPECT_EQ(td.disk_included_gb, 0.0);
  EXPECT_EQ(td.disk_gb, 2040.0);
  EXPECT_DOUBLE_EQ(td.price_usd_per_hour, 1.0 + 100 * 0.0005);

  // #62: latitude, every disk field null: disk size unknown, price is the rate.
  const Offer& lat = p.offers[62];
  EXPECT_EQ(lat.id, "g3-a100-large@DAL/8x");
  EXPECT_FALSE(IsKnown(lat.disk_gb));
  EXPECT_EQ(lat.disk_usd_per_gb_hour, 0.0);
  EXPECT_EQ(lat.price_usd_per_hour, 11.51);
  EXPECT_EQ(lat.vcpus, 128.0);
  EXPECT_EQ(lat.ram_gb, 1536.0);

  // #68: crusoe's A100 filed under socket SXM5.
  const Offer& crusoe = p.offers[68];
  EXPECT_EQ(crusoe.id, "a100-80gb-sxm-ib.8x@us-east1-a/8x");
  EXPECT_EQ(crusoe.gpu_raw, "A100_80GB/SXM5");
  EXPECT_EQ(crusoe.gpu, "A100 SXM 80GB");
  EXPECT_EQ(crusoe.disk_included_gb, 1920.0);
  EXPECT_EQ(crusoe.disk_min_gb, 100.0);
  EXPECT_EQ(crusoe.price_usd_per_hour, 15.6);

  // #71: 3x A40 reports gpuMemory 144.
  const Offer& a40 = p.offers[71];
  EXPECT_EQ(a40.id, "NVIDIA A40@runpod/3x");
  EXPECT_EQ(a40.gpu, "A40");
  EXPECT_EQ(a40.gpu_count, 3);
  EXPECT_EQ(a40.vram_gb, 48.0);
  EXPECT_EQ(a40.base_usd_per_hour, 1.1867999999999999);
  EXPECT_EQ(a40.stock, "low");
}

TEST(PrimeParse, SaysTheGpuSummaryAnswerIsNoOfferList) {
  Page p = Parse(Fixture("availability-summary-2025-11.json"));
  EXPECT_EQ(p.error, "");
  EXPECT_TRUE(p.offers.empty());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].record, "page 1");
  EXPECT_NE(p.warnings[0].message.find("gpu-summary"), std::string::npos);
}

TEST(PrimeDisks, ReadsTheNovember2025DisksPage) {
  HttpRequest first = PlanPrimeDisks(PlanOptions{}).front();
  EXPECT_EQ(Target(first), "/api/v1/availability/disks?page=1&page_size=100");
  PrimeDisksPage p = ParsePrimeDisks(first, 200, Fixture("availability-disks-2025-11.json"));
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.total, 23);
  EXPECT_TRUE(p.more.empty());  // 23 fit in one page of 100
  ASSERT_EQ(p.disks.size(), 4u);
  const PrimeDisk& runpod = p.disks[0];
  EXPECT_EQ(runpod.cloud_id, "");
  EXPECT_EQ(runpod.provider, "runpod");
  EXPECT_EQ(runpod.data_center, "US-WA-1");
  EXPECT_EQ(runpod.country, "US");
  EXPECT_EQ(runpod.region, "united_states");
  EXPECT_EQ(runpod.price_usd_per_gb_hour, 0.0001111111111111111);
  EXPECT_EQ(runpod.min_gb, 0.0);
  EXPECT_EQ(runpod.max_gb, 8192.0);
  EXPECT_EQ(runpod.stock, "available");
  EXPECT_EQ(runpod.security, "secure");
  EXPECT_TRUE(runpod.multinode);
  EXPECT_EQ(p.disks[1].provider, "hyperstack");
  EXPECT_EQ(p.disks[1].data_center, "NORWAY-1");
  EXPECT_EQ(p.disks[1].region, "eu_north");
  EXPECT_EQ(p.disks[1].price_usd_per_gb_hour, 9.7e-05);
  EXPECT_EQ(p.disks[1].max_gb, 100000.0);
  EXPECT_FALSE(p.disks[1].multinode);
  EXPECT_EQ(p.disks[2].country, "IS");
  EXPECT_EQ(p.disks[2].price_usd_per_gb_hour, 0.00011545611010752688);
  EXPECT_EQ(p.disks[3].provider, "dc_roan");
  EXPECT_EQ(p.disks[3].data_center, "");  // null
  EXPECT_EQ(p.disks[3].price_usd_per_gb_hour, 7e-05);
  EXPECT_TRUE(p.disks[3].multinode);
}

TEST(PrimeDisks, ListsTheRemainingDiskPagesAndPushesRegionsDown) {
  ParsedQuery q = Query("region=eu_north");
  PlanOptions options;
  options.query = &q;
  HttpRequest first = PlanPrimeDisks(options).front();
  EXPECT_EQ(Target(first), "/api/v1/availability/disks?regions=eu_north&page=1&page_size=100");
  first = WithParam(first, "page_size", "4");
  PrimeDisksPage p = ParsePrimeDisks(first, 200, Fixture("availability-disks-2025-11.json"));
  ASSERT_EQ(p.more.size(), 5u);  // 23 at 4 a page: pages 2..6
  EXPECT_EQ(Target(p.more[4]), "/api/v1/availability/disks?regions=eu_north&page=6&page_size=4");
}

TEST(PrimeDisks, ReportsErrorsAndDrift) {
  HttpRequest first = PlanPrimeDisks(PlanOptions{}).front();
  EXPECT_EQ(ParsePrimeDisks(first, 401, R"({"detail":"Not authenticated"})").error.rfind(
                "Prime Intellect answered HTTP 401: Not authenticated", 0),
            0u);
  EXPECT_NE(ParsePrimeDisks(first, 200, R"({"items":[)").error, "");
  PrimeDisksPage p = ParsePrimeDisks(
      first, 200,
      R"({"items":[{"provider":"x","region":"canada","spec":{"pricePerUnit":"0.0002","maxCount":"junk"}}, 3],"totalCount":"2"})");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.disks.size(), 1u);
  EXPECT_EQ(p.disks[0].price_usd_per_gb_hour, 0.0002);
  EXPECT_FALSE(IsKnown(p.disks[0].max_gb));
  EXPECT_EQ(p.total, 2);
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].record, "x@canada");
  EXPECT_EQ(p.warnings[0].field, "spec.maxCount");
  EXPECT_EQ(p.warnings[1].record, "#1");
}

// ---- The docs' examples (seed 003) ------------------------------------------------------

TEST(PrimeDocs, PricesTheH100PcieExampleAsTheDocsCostCalculation) {
  std::string body = JsonAfter(Seed("003_"), "Example response");
  ASSERT_FALSE(body.empty());
  // "disk cost: $0.0112 (80 units * $0.00014) ... Total cost: $2.7012"
  Page p = Parse(body, 80);
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  ASSERT_EQ(p.offers.size(), 1u);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "NVIDIA H100 PCIe@US-KS-2/1x");
  EXPECT_EQ(o.gpu, "H100 PCIe");
  EXPECT_EQ(o.vcpus, 16.0);
  EXPECT_EQ(o.ram_gb, 251.0);
  EXPECT_EQ(o.base_usd_per_hour, 2.69);
  EXPECT_DOUBLE_EQ(o.price_usd_per_hour, 2.69 + 80 * 0.00014);
  EXPECT_NEAR(o.price_usd_per_hour, 2.7012, 1e-12);
  // Asking for less than minCount (80) still bills 80.
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 10), 2.69 + 80 * 0.00014);
  EXPECT_DOUBLE_EQ(PriceUsdPerHour(o, 500), 2.69 + 500 * 0.00014);
  // "if totalCount is 247 and page_size is 100, you know there are 3 pages total"
  EXPECT_EQ(p.total, 247);
  ASSERT_EQ(p.more.size(), 2u);
  EXPECT_EQ(Target(p.more[1]), "/api/v1/availability/gpus?page=3&page_size=100");
}

TEST(PrimeDocs, ReadsTheDiskExample) {
  std::string body = JsonAfter(Seed("003_"), "Example disk response");
  PrimeDisksPage p = ParsePrimeDisks(PlanPrimeDisks(PlanOptions{}).front(), 200, body);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.disks.size(), 1u);
  EXPECT_EQ(p.disks[0].provider, "hyperstack");
  EXPECT_EQ(p.disks[0].data_center, "US-1");
  // "500 GB * $0.00015/GB/hr = $0.075/hr"
  EXPECT_DOUBLE_EQ(500 * p.disks[0].price_usd_per_gb_hour, 0.075);
  EXPECT_EQ(p.total, 15);
}

TEST(PrimeDocs, SendsTheDocsQueryForOneH100InTheUsOrCanada) {
  // The docs' curl: regions=united_states&regions=canada&gpu_count=1&gpu_type=H100_80GB.
  Params q = PlanFor("gpu=H100 num_gpus=1 region in [united_states,canada]");
  EXPECT_EQ(q, (Params{{"gpu_type", "H100_80GB"}, {"gpu_count", "1"}, {"regions", "united_states"},
                       {"regions", "canada"}, {"page", "1"}, {"page_size", "100"}}));
}

}  // namespace
}  // namespace offerscope::core
