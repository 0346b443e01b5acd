#include "core/providers/primeintellect.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/filter.hpp"
#include "core/providers/common.hpp"
#include "core/pricing.hpp"
#include "core/query.hpp"

namespace offerscope::core {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string Fixture(const std::string& name) {
  std::string text = ReadFile(std::string(OFFERSCOPE_FIXTURES_DIR) + "/primeintellect/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

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

NormalizeOptions Options(double disk_gb = 100) {
  NormalizeOptions o;
  o.disk_gb = disk_gb;
  o.keep_raw = true;
  o.fetched_at = "2025-11-11T12:00:00Z";
  return o;
}

HttpRequest FirstPage() { return PlanPrimeOffers(PlanOptions{}).front(); }

Page Parse(std::string_view body, double disk_gb = 100, int status = 200, const HttpRequest& req = FirstPage()) {
  return ParsePrimeOffers(req, status, body, Options(disk_gb));
}

std::string AllWarnings(const Page& p) {
  std::string out;
  for (const Warning& w : p.warnings) out += FormatWarning(w) + "\n";
  return out;
}

ParsedQuery Query(const std::string& text) {
  ParsedQuery q;
  QueryMessage error;
  EXPECT_TRUE(ParseQuery(text, q, error)) << text << ": " << error.message;
  return q;
}

std::vector<std::pair<std::string, std::string>> PlanFor(const std::string& query) {
  ParsedQuery q = Query(query);
  PlanOptions options;
  options.query = &q;
  std::vector<HttpRequest> r = PlanPrimeOffers(options);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].method, "GET");
  EXPECT_EQ(r[0].path, "/api/v1/availability/gpus");
  return r[0].query;
}

using Params = std::vector<std::pair<std::string, std::string>>;

// One record in the November 2025 shape with fields replaced by `patch` (JSON merge patch).
std::string Record(const nlohmann::json& patch) {
  nlohmann::json item = nlohmann::json::parse(R"({
    "cloudId": "NVIDIA H100 PCIe", "gpuType": "H100_80GB", "socket": "PCIe", "provider": "runpod",
    "region": "united_states", "dataCenter": "US-KS-2", "country": "US", "gpuCount": 1, "gpuMemory": 80,
    "disk": {"minCount": 80, "defaultCount": 80, "maxCount": 1000, "pricePerUnit": 0.00014, "step": 1,
             "defaultIncludedInPrice": false, "additionalInfo": null},
    "vcpu": {"defaultCount": 16}, "memory": {"defaultCount": 251},
    "internetSpeed": null, "interconnect": null, "interconnectType": null, "provisioningTime": null,
    "stockStatus": "Low", "security": "secure_cloud",
    "prices": {"onDemand": 2.69, "communityPrice": null, "isVariable": false, "currency": "USD"},
    "images": ["ubuntu_22_cuda_12"], "isSpot": null, "prepaidTime": null})");
  item.merge_patch(patch);
  return nlohmann::json{{"items", {item}}, {"totalCount", 1}}.dump();
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
    const std::string& raw = p.offers[i].raw_json;
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
  for (const Offer& offer : p.offers) EXPECT_EQ(offer.raw_json, "");
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

// ---- Drift ------------------------------------------------------------------------------

TEST(PrimeParse, TreatsStringNumbersAsNumbers) {
  Page p = Parse(Record({{"gpuCount", "2"}, {"gpuMemory", "160"},
                         {"prices", {{"onDemand", "5.38"}}},
                         {"disk", {{"pricePerUnit", "0.00014"}, {"minCount", "80"}}},
                         {"vcpu", {{"defaultCount", "32.0"}}}}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.gpu_count, 2);
  EXPECT_EQ(o.vram_gb, 80.0);
  EXPECT_EQ(o.base_usd_per_hour, 5.38);
  EXPECT_EQ(o.vcpus, 32.0);
  EXPECT_DOUBLE_EQ(o.price_usd_per_hour, 5.38 + 100 * 0.00014);
}

TEST(PrimeParse, LeavesNullAndMissingFieldsUnknownNotZero) {
  nlohmann::json item = {{"cloudId", "c"}, {"gpuType", "A40_48GB"}, {"gpuCount", 1},
                         {"prices", {{"onDemand", 0.4}}}, {"dataCenter", nullptr}, {"country", nullptr},
                         {"vcpu", nullptr}, {"memory", {{"defaultCount", nullptr}}}};
  Page p = Parse(nlohmann::json{{"items", {item}}, {"totalCount", 1}}.dump());
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "c@/1x");
  EXPECT_EQ(o.gpu_raw, "A40_48GB");
  EXPECT_EQ(o.gpu, "A40");
  EXPECT_EQ(o.vram_gb, 48.0);  // no gpuMemory: the catalog's figure
  EXPECT_FALSE(IsKnown(o.vcpus));
  EXPECT_FALSE(IsKnown(o.ram_gb));
  EXPECT_FALSE(IsKnown(o.disk_gb));
  EXPECT_EQ(o.price_usd_per_hour, 0.4);
  EXPECT_EQ(o.country, "");
  EXPECT_EQ(o.stock, "");
  EXPECT_EQ(o.tier, "");
}

TEST(PrimeParse, WarnsOnJunkNamingTheOfferAndTheField) {
  Page p = Parse(Record({{"gpuCount", "two"}, {"disk", {{"maxCount", true}}}, {"prices", {{"onDemand", -2}}}}));
  ASSERT_EQ(p.offers.size(), 1u);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.gpu_count, 0);
  EXPECT_FALSE(IsKnown(o.price_usd_per_hour));
  std::set<std::string> fields;
  for (const Warning& w : p.warnings) {
    EXPECT_EQ(w.record, o.id);
    fields.insert(w.field);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"gpuCount", "disk.maxCount", "prices.onDemand", "prices"}))
      << AllWarnings(p);
}

TEST(PrimeParse, WarnsOnAFractionalGpuCount) {
  Page p = Parse(Record({{"gpuCount", 2.5}}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].gpu_count, 0);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "gpuCount");
}

TEST(PrimeParse, NamesARecordWithoutCloudIdByItsPosition) {
  Page p = Parse(Record({{"cloudId", nullptr}}));
  ASSERT_EQ(p.offers.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].record, "#0");
  EXPECT_EQ(p.warnings[0].field, "cloudId");
}

TEST(PrimeParse, PicksThePriceBySecurityWhenBothAreGiven) {
  Page secure = Parse(Record({{"prices", {{"onDemand", 2.0}, {"communityPrice", 1.5}}}}));
  EXPECT_EQ(secure.offers[0].base_usd_per_hour, 2.0);
  Page community = Parse(Record({{"security", "community_cloud"}, {"prices", {{"onDemand", 2.0}, {"communityPrice", 1.5}}}}));
  EXPECT_EQ(community.offers[0].base_usd_per_hour, 1.5);
  EXPECT_EQ(community.offers[0].tier, "community");
  EXPECT_EQ(community.offers[0].id, "NVIDIA H100 PCIe@US-KS-2/1x/community");
}

TEST(PrimeParse, LeavesAPriceInAnotherCurrencyUnknown) {
  Page p = Parse(Record({{"prices", {{"onDemand", 2.5}, {"currency", "EUR"}}}}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_FALSE(IsKnown(p.offers[0].base_usd_per_hour));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "prices.currency");
  EXPECT_NE(p.warnings[0].message.find("EUR"), std::string::npos);
}

TEST(PrimeParse, MarksSpotOffersInterruptibleWithTheirOwnId) {
  Page p = Parse(Record({{"isSpot", true}}));
  EXPECT_TRUE(p.offers[0].interruptible);
  EXPECT_EQ(p.offers[0].id, "NVIDIA H100 PCIe@US-KS-2/1x/spot");
}

TEST(PrimeParse, DescribesTheInterconnect) {
  Page p = Parse(Record({{"socket", "SXM5"}, {"gpuCount", 8}, {"gpuMemory", 640},
                         {"interconnectType", "InfiniBand"}, {"interconnect", 3200}}));
  EXPECT_EQ(p.offers[0].interconnect, "SXM5, InfiniBand 3200 Gbps");
  EXPECT_EQ(p.offers[0].gpu, "H100 SXM");
  EXPECT_EQ(p.offers[0].vram_gb, 80.0);
  Page speed_only = Parse(Record({{"interconnect", 400.5}}));
  EXPECT_EQ(speed_only.offers[0].interconnect, "PCIe, 400.5 Gbps");
}

TEST(PrimeParse, WarnsWhenAResizableDiskHasNoPrice) {
  Page p = Parse(Record({{"disk", {{"pricePerUnit", nullptr}}}}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_FALSE(IsKnown(p.offers[0].disk_usd_per_gb_hour));
  EXPECT_FALSE(IsKnown(p.offers[0].price_usd_per_hour));  // 100 GB at an unknown rate
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "disk.pricePerUnit");
}

TEST(PrimeParse, SkipsListItemsThatAreNotOffers) {
  Page p = Parse(R"({"items":[1,{"cloudId":"a","gpuCount":1,"prices":{"onDemand":1}},null],"totalCount":3})");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].record, "#0");
  EXPECT_EQ(p.warnings[0].field, "items");
  EXPECT_EQ(p.warnings[1].record, "#1");
}

TEST(PrimeParse, WarnsThatAnEmptyPageWithTotalZeroMayBeTheReplicaFlake) {
  for (const char* body : {R"({"items":[],"totalCount":0})", R"({"totalCount":0,"items":null})"}) {
    Page p = Parse(body);
    EXPECT_EQ(p.error, "") << body;
    EXPECT_TRUE(p.offers.empty());
    EXPECT_EQ(p.total, 0);
    EXPECT_TRUE(p.more.empty());
    ASSERT_EQ(p.warnings.size(), 1u) << body;
    EXPECT_EQ(p.warnings[0].record, "page 1");
    EXPECT_EQ(p.warnings[0].field, "totalCount");
    EXPECT_NE(p.warnings[0].message.find("not proof"), std::string::npos);
  }
}

TEST(PrimeParse, WarnsWhenPageOneIsEmptyDespiteItsTotal) {
  Page p = Parse(R"({"items":[],"totalCount":250})");
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "items");
  EXPECT_EQ(p.more.size(), 2u);
}

// ---- Pagination math --------------------------------------------------------------------

TEST(PrimePages, CountsPagesFromTotalAndPageSize) {
  auto more = [](long long total, const char* size) {
    HttpRequest first = WithParam(FirstPage(), "page_size", size);
    return Parse(R"({"items":[],"totalCount":)" + std::to_string(total) + "}", 100, 200, first).more.size();
  };
  EXPECT_EQ(more(1, "100"), 0u);
  EXPECT_EQ(more(100, "100"), 0u);
  EXPECT_EQ(more(101, "100"), 1u);
  EXPECT_EQ(more(608, "100"), 6u);
  EXPECT_EQ(more(608, "50"), 12u);
  EXPECT_EQ(more(608, "500"), 6u);  // Prime serves 100 at most
}

TEST(PrimePages, CapsTheRequestsForAnAbsurdTotal) {
  Page p = Parse(R"({"items":[],"totalCount":1e12})");
  EXPECT_EQ(p.total, 1000000000000LL);
  EXPECT_EQ(p.more.size(), 99u);  // 10,000 records at 100 a page: pages 2..100
  bool capped = false;
  for (const Warning& w : p.warnings) capped = capped || w.message.find("only the first 10000") != std::string::npos;
  EXPECT_TRUE(capped) << AllWarnings(p);
}

TEST(PrimePages, IgnoresATotalThatIsNotACount) {
  Page p = Parse(R"({"items":[],"totalCount":-5})");
  EXPECT_EQ(p.total, -1);
  EXPECT_TRUE(p.more.empty());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "totalCount");
}

// ---- Errors -----------------------------------------------------------------------------

TEST(PrimeErrors, ReportsNon2xxWithPrimesMessage) {
  Page p = Parse(R"({"detail":"Not authenticated"})", 100, 401);
  EXPECT_EQ(p.error, "Prime Intellect answered HTTP 401: Not authenticated (Prime needs an API key with the "
                     "Availability -> Read permission)");
  EXPECT_TRUE(p.offers.empty());
  Page v = Parse(R"({"detail":[{"loc":["query","page_size"],"msg":"Input should be less than or equal to 100","type":"x"}]})",
                 100, 422);
  EXPECT_EQ(v.error, "Prime Intellect answered HTTP 422: query.page_size: Input should be less than or equal to 100");
  Page html = Parse("<html>Bad gateway</html>", 100, 502);
  EXPECT_EQ(html.error, "Prime Intellect answered HTTP 502: <html>Bad gateway</html>");
}

TEST(PrimeErrors, ReportsMalformedJsonWithItsByteOffset) {
  std::string body = Fixture("availability-gpus-2025-11.json");
  // Cut inside a string: the string's opening quote is where it went wrong.
  std::string cut = body.substr(0, body.find("US-KS-2") + 3);
  Page p = Parse(cut);
  EXPECT_EQ(p.error, "Prime Intellect: malformed JSON at byte " + std::to_string(body.find("US-KS-2") - 1) +
                         ": a string opened here never closes (the body was probably cut short)");
  EXPECT_TRUE(p.offers.empty());
  // Cut between tokens: the end of the body is where it went wrong.
  std::string cut2 = body.substr(0, body.find("\"gpuType\""));
  EXPECT_NE(Parse(cut2).error.find("at byte " + std::to_string(cut2.size()) + ": the body ends"), std::string::npos)
      << Parse(cut2).error;
  EXPECT_EQ(Parse("{\"items\":[\"\xff\"]}").error, "Prime Intellect: malformed JSON at byte 11: invalid UTF-8");
  EXPECT_EQ(Parse(R"({"items":[],"totalCount":0} x)").error,
            "Prime Intellect: malformed JSON at byte 28: more text after the JSON value");
  EXPECT_EQ(Parse("[1,2]").error, "Prime Intellect: expected a JSON object, got an array");
  EXPECT_NE(Parse("").error, "");
}

TEST(PrimeErrors, ReturnsNoPartialOffersFromABrokenPage) {
  std::string body = Fixture("availability-gpus-2025-01.json");
  Page p = Parse(body.substr(0, body.size() - 5));  // the last records' closing brackets are gone
  EXPECT_NE(p.error, "");
  EXPECT_TRUE(p.offers.empty());
  EXPECT_TRUE(p.more.empty());
}

// ---- Push-down --------------------------------------------------------------------------

TEST(PrimePlan, AsksForTheFirstFullPageWithoutAQuery) {
  std::vector<HttpRequest> r = PlanPrimeOffers(PlanOptions{});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(Target(r[0]), "/api/v1/availability/gpus?page=1&page_size=100");
  EXPECT_EQ(r[0].body, "");
}

TEST(PrimePlan, PushesDownAGpuTypeOnlyWhenExactlyOneMatches) {
  Params tail{{"page", "1"}, {"page_size", "100"}};
  auto with = [&](Params head) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  EXPECT_EQ(PlanFor("gpu=H100"), with({{"gpu_type", "H100_80GB"}}));
  EXPECT_EQ(PlanFor("gpu=H100_SXM"), with({{"gpu_type", "H100_80GB"}}));
  EXPECT_EQ(PlanFor("gpu_name=RTX_4090"), with({{"gpu_type", "RTX4090_24GB"}}));
  EXPECT_EQ(PlanFor("gpu in [H100_SXM,H100_PCIe]"), with({{"gpu_type", "H100_80GB"}}));
  EXPECT_EQ(PlanFor("gpu=A100"), tail);  // A100_80GB and A100_40GB
  EXPECT_EQ(PlanFor("gpu in [H100_SXM,A40]"), tail);
  EXPECT_EQ(PlanFor("gpu!=H100"), tail);
  EXPECT_EQ(PlanFor("gpu=MysteryCard"), tail);
}

TEST(PrimePlan, PushesDownAWholeGpuCountOnlyForEquality) {
  Params tail{{"page", "1"}, {"page_size", "100"}};
  EXPECT_EQ(PlanFor("num_gpus=2"), (Params{{"gpu_count", "2"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("gpu_count=8.0"), (Params{{"gpu_count", "8"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("gpu_count in [4]"), (Params{{"gpu_count", "4"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("gpu_count>=2"), tail);
  EXPECT_EQ(PlanFor("gpu_count=2.5"), tail);
  EXPECT_EQ(PlanFor("gpu_count in [1,2]"), tail);
}

TEST(PrimePlan, PushesDownRegionsOnlyWhenEveryValueIsAPrimeRegion) {
  Params tail{{"page", "1"}, {"page_size", "100"}};
  EXPECT_EQ(PlanFor("region=United_States"), (Params{{"regions", "united_states"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("region in [eu_north,eu_west]"),
            (Params{{"regions", "eu_north"}, {"regions", "eu_west"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("region=US-KS-2"), tail);
  EXPECT_EQ(PlanFor("region in [canada,mars]"), tail);
  EXPECT_EQ(PlanFor("region!=canada"), tail);
}

TEST(PrimePlan, PushesDownSecurityFromTheTier) {
  Params tail{{"page", "1"}, {"page_size", "100"}};
  EXPECT_EQ(PlanFor("tier=secure"), (Params{{"security", "secure_cloud"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("tier=Community"), (Params{{"security", "community_cloud"}, tail[0], tail[1]}));
  EXPECT_EQ(PlanFor("tier in [secure,community]"), tail);
  EXPECT_EQ(PlanFor("verification=verified"), tail);
  EXPECT_EQ(PlanFor("tier!=secure"), tail);
}

TEST(PrimePlan, IgnoresWhatPrimeCannotFilter) {
  EXPECT_EQ(PlanFor("dph<2 reliability>0.9 vram_gb>=80 country=US"), (Params{{"page", "1"}, {"page_size", "100"}}));
}

// What is pushed down must agree with the local filter, which runs on every page anyway.
TEST(PrimePlan, PushedDownFiltersAgreeWithTheLocalFilter) {
  Page p = Parse(Fixture("availability-gpus-2025-11.json"));
  for (const char* text : {"region=canada", "gpu=H100 region=canada tier=secure num_gpus=1", "region=united_states"}) {
    ParsedQuery q = Query(text);
    Result<Filter> filter = CompileFilter(q);
    ASSERT_TRUE(filter.ok()) << filter.error;
    PlanOptions options;
    options.query = &q;
    Params params = PlanPrimeOffers(options).front().query;
    int matched = 0;
    for (const Offer& o : p.offers) {
      if (!Matches(filter.value, o)) continue;
      ++matched;
      // An offer the local filter keeps satisfies every pushed-down parameter.
      for (const auto& [k, v] : params) {
        if (k == "regions") {
          EXPECT_EQ(o.region, v);
        } else if (k == "security") {
          EXPECT_EQ(o.tier + "_cloud", v);
        } else if (k == "gpu_count") {
          EXPECT_EQ(std::to_string(o.gpu_count), v);
        } else if (k == "gpu_type") {
          EXPECT_EQ(o.gpu_raw.substr(0, o.gpu_raw.find('/')), v);
        }
      }
    }
    EXPECT_GT(matched, 0) << text;
  }
}

}  // namespace
}  // namespace offerscope::core
