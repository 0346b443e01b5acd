#include "core/providers/primeintellect.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/providers/dispersed.hpp"
#include "core/query.hpp"

using namespace offerscope::core;

namespace {

std::string Read(const std::string& rel) {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Page ParsePrime(const std::string& body, double disk_gb = 100) {
  NormalizeOptions o;
  o.disk_gb = disk_gb;
  o.fetched_at = "2025-11-11T00:00:00Z";
  return ParsePrimeOffers(PlanPrimeOffers(PlanOptions{}).front(), 200, body, o);
}

const Offer* ById(const Page& p, const std::string& id) {
  for (const Offer& o : p.offers)
    if (o.id == id) return &o;
  return nullptr;
}

}  // namespace

TEST(PrimeParse, ReadsTheCurrentGpusPageAndPlansTheRemainingPages) {
  Page p = ParsePrime(Read("primeintellect/availability-gpus-2025-11.json"));
  ASSERT_TRUE(p.error.empty()) << p.error;
  EXPECT_EQ(p.offers.size(), 8u);
  EXPECT_EQ(p.total, 608);
  ASSERT_EQ(p.more.size(), 6u);  // pages 2..7 of 100
  EXPECT_EQ(p.more.back().query.back(), (std::pair<std::string, std::string>{"page_size", "100"}));
  bool saw_page7 = false;
  for (const auto& [k, v] : p.more.back().query) saw_page7 = saw_page7 || (k == "page" && v == "7");
  EXPECT_TRUE(saw_page7);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.provider, ProviderId::kPrimeIntellect);
  EXPECT_EQ(o.source, "runpod");
  EXPECT_EQ(o.id, "NVIDIA A100 80GB PCIe@US-KS-2");
  EXPECT_EQ(o.gpu, "A100 PCIe 80GB");
  EXPECT_EQ(o.gpu_count, 1);
  EXPECT_DOUBLE_EQ(o.vram_gb, 80);
  EXPECT_DOUBLE_EQ(o.vcpus, 14);
  EXPECT_DOUBLE_EQ(o.ram_gb, 125);
  EXPECT_DOUBLE_EQ(o.base_usd_per_hour, 1.6567999999999998);
  // 120 GB minimum disk at 0.00014 $/GB/h, asked for 100 GB: billed 120.
  EXPECT_NEAR(o.price_usd_per_hour, 1.6568 + 120 * 0.00014, 1e-12);
  EXPECT_EQ(o.stock, "low");
  EXPECT_EQ(o.tier, "secure");
  EXPECT_EQ(o.country, "US");
  EXPECT_EQ(o.quoted_at, "2025-11-11T00:00:00Z");
  EXPECT_EQ(o.raw_json.front(), '{');
  EXPECT_EQ(o.raw_json.back(), '}');
}

TEST(PrimeParse, ReadsTheLegacyKeyedShapeWithBoxTotalMemoryAndCommunityPrices) {
  Page p = ParsePrime(Read("primeintellect/availability-gpus-2025-01.json"));
  ASSERT_TRUE(p.error.empty()) << p.error;
  EXPECT_EQ(p.offers.size(), 79u);
  EXPECT_EQ(p.total, -1);
  EXPECT_TRUE(p.more.empty());
  int community = 0, a40 = 0, eight = 0;
  for (const Offer& o : p.offers) {
    EXPECT_TRUE(o.gpu_known) << o.gpu_raw;
    EXPECT_TRUE(IsKnown(o.base_usd_per_hour)) << o.id;
    if (o.tier == "community") ++community;
    if (o.gpu == "A40") {
      ++a40;
      EXPECT_DOUBLE_EQ(o.vram_gb, 48) << o.id;
    }
    if (o.gpu_count == 8 && o.gpu_raw.rfind("A100", 0) == 0) {
      ++eight;
      EXPECT_DOUBLE_EQ(o.vram_gb, 80) << o.id;  // 640 for the box / 8
    }
    EXPECT_NEAR(o.price_usd_per_gpu_hour * o.gpu_count, o.price_usd_per_hour, 1e-9);
  }
  EXPECT_EQ(a40, 10);
  EXPECT_GT(community, 0);
  EXPECT_GT(eight, 0);
}

TEST(PrimeParse, PricesTheDocsExampleToTheLastUnit) {
  std::string body = R"({"items":[{"cloudId":"NVIDIA H100 PCIe","gpuType":"H100_80GB","socket":"PCIe","provider":"runpod",
    "region":"united_states","dataCenter":"US-KS-2","country":"US","gpuCount":1,"gpuMemory":80,
    "disk":{"minCount":80,"defaultCount":80,"maxCount":1000,"pricePerUnit":0.00014,"step":1,"defaultIncludedInPrice":false},
    "vcpu":{"defaultCount":16},"memory":{"defaultCount":251},"stockStatus":"Low","security":"secure_cloud",
    "prices":{"onDemand":2.69,"communityPrice":null,"isVariable":false,"currency":"USD"}}],"totalCount":247})";
  Page p = ParsePrime(body, 80);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_DOUBLE_EQ(p.offers[0].price_usd_per_hour, 2.7012);  // the docs' total
  EXPECT_EQ(p.offers[0].gpu, "H100 PCIe");
  EXPECT_EQ(p.more.size(), 2u);
}

TEST(PrimeParse, ToleratesDriftAndReportsWhatItCouldNotRead) {
  std::string body = R"({"items":[{"cloudId":"x","gpuType":"RTX4090_24GB","socket":"PCIe","gpuCount":"2","gpuMemory":"48",
    "prices":{"onDemand":null,"communityPrice":"0.70"},"dataCenter":null,"country":null,"stockStatus":"High",
    "security":"community_cloud","disk":null},{"cloudId":"y","gpuType":"H100_80GB","gpuCount":1,"prices":{"onDemand":"n/a"}}],
    "totalCount":0})";
  Page p = ParsePrime(body);
  ASSERT_EQ(p.offers.size(), 2u);
  EXPECT_EQ(p.offers[0].gpu_count, 2);
  EXPECT_DOUBLE_EQ(p.offers[0].vram_gb, 24);
  EXPECT_DOUBLE_EQ(p.offers[0].base_usd_per_hour, 0.70);
  EXPECT_FALSE(IsKnown(p.offers[1].price_usd_per_hour));
  bool named = false;
  for (const Warning& w : p.warnings) named = named || (w.record.find("y@") == 0 && w.field.find("prices") == 0);
  EXPECT_TRUE(named);
}

TEST(PrimeParse, ReportsHttpErrorsAndMalformedJson) {
  NormalizeOptions o;
  HttpRequest r = PlanPrimeOffers(PlanOptions{}).front();
  EXPECT_NE(ParsePrimeOffers(r, 401, R"({"detail":"Not authenticated"})", o).error.find("401: Not authenticated"), std::string::npos);
  Page bad = ParsePrimeOffers(r, 200, R"({"items":[{"cloudId":"x",)", o);
  EXPECT_FALSE(bad.error.empty());
}

TEST(PrimeParse, ReadsTheDisksPage) {
  HttpRequest r = PlanPrimeDisks();
  PrimeDisksPage p = ParsePrimeDisks(r, 200, Read("primeintellect/availability-disks-2025-11.json"));
  ASSERT_TRUE(p.error.empty());
  ASSERT_EQ(p.disks.size(), 4u);
  EXPECT_EQ(p.total, 23);
  EXPECT_EQ(p.disks[1].provider, "hyperstack");
  EXPECT_DOUBLE_EQ(p.disks[1].price_usd_per_gb_hour, 9.7e-05);
  EXPECT_TRUE(p.disks[0].multinode);
}

TEST(PrimePlan, PushesDownOnlyExactFilters) {
  ParsedQuery q;
  QueryMessage e;
  ASSERT_TRUE(ParseQuery("gpu=H100 gpu_count=8 region in [united_states,canada] tier=secure price_per_gpu<3", q, e));
  PlanOptions opts;
  opts.query = &q;
  HttpRequest r = PlanPrimeOffers(opts).front();
  std::vector<std::pair<std::string, std::string>> want = {
      {"gpu_type", "H100_80GB"}, {"gpu_count", "8"}, {"regions", "united_states"}, {"regions", "canada"},
      {"security", "secure_cloud"}, {"page", "1"}, {"page_size", "100"}};
  EXPECT_EQ(r.query, want);
}

TEST(DispersedParse, ReadsTheDocumentedSchemaAndPagination) {
  std::string body = R"({"data":[{"availability":{},"hardware_summary":{"cpu_cores":32,"gpu_count":8,
    "gpu_model_label":"NVIDIA H100 80GB HBM3","gpu_models":[{"count":8,"gpu_registry_uuid":"u","min_vram_gib":80,
    "name":"NVIDIA H100 80GB HBM3"}],"gpu_registry_uuid":"u","min_gpu_vram_gib":80,"ram_gib":1024,"storage_gib":2000},
    "offer_id":"off_1","pricing":{"hourly_rate_usd":17.92,"quoted_at":"2023-11-07T05:31:56Z"},"region_code":"us-west-2"}],
    "limit":50,"page":1,"total":120})";
  NormalizeOptions o;
  o.disk_gb = 100;
  HttpRequest r = PlanDispersedOffers(PlanOptions{}).front();
  Page p = ParseDispersedOffers(r, 200, body, o);
  ASSERT_TRUE(p.error.empty()) << p.error;
  ASSERT_EQ(p.offers.size(), 1u);
  const Offer& x = p.offers[0];
  EXPECT_EQ(x.id, "off_1");
  EXPECT_EQ(x.gpu, "H100 SXM");
  EXPECT_EQ(x.gpu_count, 8);
  EXPECT_DOUBLE_EQ(x.price_usd_per_hour, 17.92);  // storage included
  EXPECT_DOUBLE_EQ(x.price_usd_per_gpu_hour, 2.24);
  EXPECT_EQ(x.country, "US");
  EXPECT_EQ(x.region, "us-west-2");
  EXPECT_EQ(x.quoted_at, "2023-11-07T05:31:56Z");
  EXPECT_EQ(p.more.size(), 2u);  // 120 offers by 50
}

TEST(DispersedParse, ToleratesTheDocsPlaceholderExample) {
  std::string body = R"({"data":[{"availability":{},"hardware_summary":{"cpu_cores":123,"gpu_count":123,
    "gpu_model_label":"<string>","gpu_models":[{"count":123,"gpu_registry_uuid":"<string>","min_vram_gib":123,"name":"<string>"}],
    "gpu_registry_uuid":"<string>","min_gpu_vram_gib":123,"ram_gib":123,"storage_gib":123},"offer_id":"<string>",
    "pricing":{"hourly_rate_usd":123,"quoted_at":"2023-11-07T05:31:56Z"},"region_code":"us-west-2"}],"limit":123,"page":123,"total":123})";
  Page p = ParseDispersedOffers(PlanDispersedOffers(PlanOptions{}).front(), 200, body, NormalizeOptions{});
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_FALSE(p.offers[0].gpu_known);  // "<string>" kept verbatim, flagged
  EXPECT_EQ(p.offers[0].gpu, "<string>");
}

TEST(DispersedPlan, PushesDownFilterParameters) {
  ParsedQuery q;
  QueryMessage e;
  ASSERT_TRUE(ParseQuery("gpu=RTX_4090 gpu_count=2 vram_gb>=24 ram_gb>=64 region in [us-west-1,us-west-2]", q, e));
  PlanOptions opts;
  opts.query = &q;
  HttpRequest r = PlanDispersedOffers(opts).front();
  std::vector<std::pair<std::string, std::string>> want = {
      {"filter[gpu_count]", "2"}, {"filter[min_vram_gb]", "24"}, {"filter[min_ram_gb]", "64"},
      {"filter[allowed_region_codes]", "us-west-1,us-west-2"}, {"limit", "50"}, {"page", "1"}};
  // "RTX 4090" names two catalog models (24 and 48 GB): not exact, so filtered locally.
  EXPECT_EQ(r.query, want);
}
