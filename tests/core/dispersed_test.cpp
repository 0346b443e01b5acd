#include "core/providers/dispersed.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/filter.hpp"
#include "core/pricing.hpp"
#include "core/providers/common.hpp"
#include "core/query.hpp"

namespace offerscope::core {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string Seed(const std::string& prefix) {
  for (const auto& entry : std::filesystem::directory_iterator(OFFERSCOPE_SEEDS_DIR))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) return ReadFile(entry.path().string());
  ADD_FAILURE() << "no seed " << prefix;
  return {};
}

// The docs' example answer: the JSON object that follows the curl line in seed 000.
std::string DocExample() {
  std::string text = Seed("000_");
  std::size_t start = text.find("{\n  \"data\"");
  int depth = 0;
  for (std::size_t i = start; start != std::string::npos && i < text.size(); ++i) {
    depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
    if (depth == 0) return text.substr(start, i - start + 1);
  }
  ADD_FAILURE() << "no example in seed 000";
  return {};
}

NormalizeOptions Options(double disk_gb = 100) {
  NormalizeOptions o;
  o.disk_gb = disk_gb;
  o.keep_raw = true;
  o.fetched_at = "2025-11-20T10:00:00Z";
  return o;
}

HttpRequest FirstPage() { return PlanDispersedOffers(PlanOptions{}).front(); }

Page Parse(std::string_view body, int status = 200, const HttpRequest& req = FirstPage(), double disk_gb = 100) {
  return ParseDispersedOffers(req, status, body, Options(disk_gb));
}

std::string AllWarnings(const Page& p) {
  std::string out;
  for (const Warning& w : p.warnings) out += FormatWarning(w) + "\n";
  return out;
}

// A documented-shape offer with fields replaced by `patch` (JSON merge patch).
nlohmann::json OfferJson(const nlohmann::json& patch = nlohmann::json::object()) {
  nlohmann::json o = nlohmann::json::parse(R"({
    "availability": {},
    "hardware_summary": {"cpu_cores": 32, "gpu_count": 2, "gpu_model_label": "RTX 4090",
      "gpu_models": [{"count": 2, "gpu_registry_uuid": "019582a6-27fc-731d-af0a-594f04d6d0d5",
                      "min_vram_gib": 24, "name": "RTX 4090"}],
      "gpu_registry_uuid": "019582a6-27fc-731d-af0a-594f04d6d0d5", "min_gpu_vram_gib": 24,
      "ram_gib": 128, "storage_gib": 1000},
    "offer_id": "off_7f3a",
    "pricing": {"hourly_rate_usd": 0.98, "quoted_at": "2025-11-20T09:58:00Z"},
    "region_code": "us-west-2"})");
  o.merge_patch(patch);
  return o;
}

std::string PageOf(const std::vector<nlohmann::json>& offers, long long total = -1) {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& o : offers) data.push_back(o);
  return nlohmann::json{{"data", data}, {"limit", 50}, {"page", 1},
                        {"total", total < 0 ? static_cast<long long>(offers.size()) : total}}
      .dump();
}

using Params = std::vector<std::pair<std::string, std::string>>;

Params PlanFor(const std::string& text) {
  ParsedQuery q;
  QueryMessage error;
  EXPECT_TRUE(ParseQuery(text, q, error)) << text << ": " << error.message;
  PlanOptions options;
  options.query = &q;
  std::vector<HttpRequest> r = PlanDispersedOffers(options);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].method, "GET");
  EXPECT_EQ(r[0].path, "/v1/compute/offers");
  Params p = r[0].query;
  // Every plan ends with the page parameters; the tests below look at what comes before.
  EXPECT_GE(p.size(), 2u);
  EXPECT_EQ(p[p.size() - 2], (std::pair<std::string, std::string>{"limit", "50"}));
  EXPECT_EQ(p.back(), (std::pair<std::string, std::string>{"page", "1"}));
  p.resize(p.size() - 2);
  return p;
}

// ---- The docs' example (seed 000) -------------------------------------------------------

TEST(DispersedDocs, ReadsTheDocumentedExampleToTheLastUnit) {
  std::string body = DocExample();
  Page p = Parse(body);
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.total, 123);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.provider, ProviderId::kDispersed);
  EXPECT_EQ(o.id, "<string>");
  EXPECT_EQ(o.source, "");
  EXPECT_EQ(o.gpu_raw, "<string>");  // the label comes first
  EXPECT_EQ(o.gpu, "<string>");
  EXPECT_FALSE(o.gpu_known);
  EXPECT_EQ(o.gpu_count, 123);
  EXPECT_EQ(o.vram_gb, 123.0);
  EXPECT_EQ(o.vcpus, 123.0);
  EXPECT_EQ(o.ram_gb, 123.0);
  EXPECT_EQ(o.disk_gb, 123.0);
  EXPECT_EQ(o.disk_included_gb, 123.0);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.0);
  EXPECT_EQ(o.disk_min_gb, 0.0);
  EXPECT_EQ(o.base_usd_per_hour, 123.0);
  EXPECT_EQ(o.price_usd_per_hour, 123.0);
  EXPECT_EQ(o.price_usd_per_gpu_hour, 1.0);
  EXPECT_EQ(o.quoted_at, "2023-11-07T05:31:56Z");
  EXPECT_EQ(o.region, "us-west-2");
  EXPECT_EQ(o.country, "US");
  EXPECT_EQ(o.tier, "");
  EXPECT_EQ(o.stock, "");
  EXPECT_FALSE(o.interruptible);
  EXPECT_EQ(nlohmann::json::parse(o.raw_json.view()), nlohmann::json::parse(body)["data"][0]);
  // The example's "limit": 123 is outside 1..50: pages are counted with the 50 asked for.
  ASSERT_EQ(p.more.size(), 2u);
  EXPECT_EQ(Target(p.more[0]), "/v1/compute/offers?limit=50&page=2");
  EXPECT_EQ(Target(p.more[1]), "/v1/compute/offers?limit=50&page=3");
}

TEST(DispersedDocs, SendsTheDocumentedFilterSpellings) {
  ParsedQuery q;
  QueryMessage error;
  ASSERT_TRUE(ParseQuery("gpu=RTX_4090 gpu_count=1 vram_gb>=24 ram_gb>=64 disk_gb>=100 vcpus=8 "
                         "region in [us-west-1,us-west-2]",
                         q, error));
  PlanOptions options;
  options.query = &q;
  HttpRequest r = PlanDispersedOffers(options).front();
  EXPECT_EQ(Target(r),
            "/v1/compute/offers?filter%5Bgpu_name%5D=RTX%204090&filter%5Bgpu_count%5D=1&filter%5Bmin_vram_gb%5D=24"
            "&filter%5Bmin_ram_gb%5D=64&filter%5Bmin_storage_gb%5D=100&filter%5Bcpu_count%5D=8"
            "&filter%5Ballowed_region_codes%5D=us-west-1%2Cus-west-2&limit=50&page=1");
}

// ---- Mapping ----------------------------------------------------------------------------

TEST(DispersedParse, NormalizesADocumentedShapeOffer) {
  std::string body = PageOf({OfferJson()});
  Page p = Parse(body);
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  ASSERT_EQ(p.offers.size(), 1u);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "off_7f3a");
  EXPECT_EQ(o.gpu_raw, "RTX 4090");
  EXPECT_EQ(o.gpu, "RTX 4090");
  EXPECT_TRUE(o.gpu_known);
  EXPECT_EQ(o.gpu_count, 2);
  EXPECT_EQ(o.vram_gb, 24.0);  // GiB used as GB, as every provider's figure
  EXPECT_EQ(o.vcpus, 32.0);
  EXPECT_EQ(o.ram_gb, 128.0);
  EXPECT_EQ(o.disk_gb, 1000.0);
  EXPECT_EQ(o.disk_included_gb, 1000.0);
  EXPECT_EQ(o.base_usd_per_hour, 0.98);
  EXPECT_EQ(o.price_usd_per_hour, 0.98);
  EXPECT_EQ(o.price_usd_per_gpu_hour, 0.49);
  EXPECT_DOUBLE_EQ(o.usd_per_vram_gb_hour, 0.98 / 48);
  EXPECT_TRUE(IsKnown(o.usd_per_tflop_hour));
  EXPECT_EQ(o.quoted_at, "2025-11-20T09:58:00Z");
  EXPECT_EQ(o.country, "US");
  EXPECT_EQ(o.raw_json.view(), OfferJson().dump());
  EXPECT_TRUE(p.more.empty());
}

TEST(DispersedParse, KeepsThePriceKnownAtAnyDiskSize) {
  Page p = Parse(PageOf({OfferJson()}), 200, FirstPage(), 5000);
  ASSERT_EQ(p.offers.size(), 1u);
  // No extra disk is sold: the rate stands; whether 5000 GB fit is disk_gb's business.
  EXPECT_EQ(p.offers[0].price_usd_per_hour, 0.98);
  EXPECT_EQ(PriceUsdPerHour(p.offers[0], 10), 0.98);
}

TEST(DispersedParse, FallsBackToTheFirstGpuModel) {
  nlohmann::json o = OfferJson({{"hardware_summary", {{"gpu_model_label", nullptr}, {"gpu_count", nullptr},
                                                      {"min_gpu_vram_gib", nullptr},
                                                      {"gpu_models", {{{"count", 4}, {"name", "NVIDIA A100-SXM4-80GB"},
                                                                        {"min_vram_gib", 80}}}}}}});
  Page p = Parse(PageOf({o}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_EQ(p.offers[0].gpu_raw, "NVIDIA A100-SXM4-80GB");
  EXPECT_EQ(p.offers[0].gpu, "A100 SXM 80GB");
  EXPECT_EQ(p.offers[0].gpu_count, 4);  // the models' counts
  EXPECT_EQ(p.offers[0].vram_gb, 80.0);
}

TEST(DispersedParse, UsesTheVramHintToTellVariantsApart) {
  nlohmann::json o = OfferJson({{"hardware_summary", {{"gpu_model_label", "A100 SXM4"}, {"min_gpu_vram_gib", 40},
                                                      {"gpu_models", nullptr}}}});
  Page p = Parse(PageOf({o}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].gpu, "A100 SXM 40GB");
  EXPECT_EQ(p.offers[0].vram_gb, 40.0);
}

TEST(DispersedParse, WarnsAboutOffersWithSeveralGpuModels) {
  nlohmann::json o = OfferJson({{"hardware_summary", {{"gpu_model_label", nullptr},
                                                      {"gpu_models", {{{"count", 1}, {"name", "RTX 4090"}},
                                                                      {{"count", 1}, {"name", "RTX 3090"}}}}}}});
  Page p = Parse(PageOf({o}));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].record, "off_7f3a");
  EXPECT_EQ(p.warnings[0].field, "hardware_summary.gpu_models");
  EXPECT_EQ(p.offers[0].gpu_raw, "RTX 4090");
}

TEST(DispersedParse, TakesTheFetchTimeWhenThereIsNoQuoteTime) {
  Page p = Parse(PageOf({OfferJson({{"pricing", {{"quoted_at", nullptr}}}})}));
  EXPECT_EQ(p.offers[0].quoted_at, "2025-11-20T10:00:00Z");
}

TEST(DispersedCountry, DerivesTheCountryOnlyFromCountryPrefixes) {
  EXPECT_EQ(CountryFromRegionCode("us-west-2"), "US");
  EXPECT_EQ(CountryFromRegionCode("US-EAST-1"), "US");
  EXPECT_EQ(CountryFromRegionCode("ca-central-1"), "CA");
  EXPECT_EQ(CountryFromRegionCode("no-kristiansand-1"), "NO");
  EXPECT_EQ(CountryFromRegionCode("uk-london-1"), "GB");
  EXPECT_EQ(CountryFromRegionCode("eu-west-1"), "");
  EXPECT_EQ(CountryFromRegionCode("ap-southeast-1"), "");
  EXPECT_EQ(CountryFromRegionCode("sa-east-1"), "");  // South America, not Saudi Arabia
  EXPECT_EQ(CountryFromRegionCode("me-central-1"), "");
  EXPECT_EQ(CountryFromRegionCode("af-south-1"), "");
  EXPECT_EQ(CountryFromRegionCode("westus2"), "");
  EXPECT_EQ(CountryFromRegionCode("us"), "");
  EXPECT_EQ(CountryFromRegionCode(""), "");
}

// ---- Drift ------------------------------------------------------------------------------

TEST(DispersedParse, TreatsStringNumbersAsNumbers) {
  nlohmann::json o = OfferJson({{"hardware_summary", {{"cpu_cores", "32"}, {"gpu_count", "2"}, {"ram_gib", "128.0"},
                                                      {"min_gpu_vram_gib", "24"}, {"storage_gib", " 1000 "}}},
                                {"pricing", {{"hourly_rate_usd", "0.98"}}}, {"offer_id", 991}});
  Page p = Parse(PageOf({o}));
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_EQ(p.offers[0].id, "991");
  EXPECT_EQ(p.offers[0].vcpus, 32.0);
  EXPECT_EQ(p.offers[0].gpu_count, 2);
  EXPECT_EQ(p.offers[0].ram_gb, 128.0);
  EXPECT_EQ(p.offers[0].disk_gb, 1000.0);
  EXPECT_EQ(p.offers[0].price_usd_per_hour, 0.98);
}

TEST(DispersedParse, LeavesNullAndMissingFieldsUnknownNotZero) {
  Page p = Parse(R"({"data":[{"offer_id":"x","hardware_summary":{"gpu_count":1,"gpu_model_label":"L4"},
                    "pricing":{"hourly_rate_usd":0.3}}],"total":1})");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.gpu, "L4");
  EXPECT_EQ(o.vram_gb, 24.0);  // the catalog's, as the offer gives none
  EXPECT_FALSE(IsKnown(o.vcpus));
  EXPECT_FALSE(IsKnown(o.ram_gb));
  EXPECT_FALSE(IsKnown(o.disk_gb));
  EXPECT_EQ(o.disk_included_gb, 0.0);
  EXPECT_EQ(o.price_usd_per_hour, 0.3);
  EXPECT_EQ(o.region, "");
  EXPECT_EQ(o.country, "");
}

TEST(DispersedParse, WarnsOnJunkNamingTheOfferAndTheField) {
  nlohmann::json o = OfferJson({{"hardware_summary", {{"ram_gib", "lots"}, {"gpu_count", 1.5}, {"storage_gib", -1}}},
                                {"pricing", "free"}});
  Page p = Parse(PageOf({o}));
  ASSERT_EQ(p.offers.size(), 1u);
  std::vector<std::string> fields;
  for (const Warning& w : p.warnings) {
    EXPECT_EQ(w.record, "off_7f3a");
    fields.push_back(w.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"hardware_summary.ram_gib", "pricing",
                                              "hardware_summary.gpu_count", "hardware_summary.storage_gib",
                                              "pricing.hourly_rate_usd"}))
      << AllWarnings(p);
  EXPECT_EQ(p.offers[0].gpu_count, 0);
  EXPECT_FALSE(IsKnown(p.offers[0].price_usd_per_hour));
}

TEST(DispersedParse, RejectsANegativePrice) {
  Page p = Parse(PageOf({OfferJson({{"pricing", {{"hourly_rate_usd", -0.5}}}})}));
  EXPECT_FALSE(IsKnown(p.offers[0].base_usd_per_hour));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "pricing.hourly_rate_usd");
}

TEST(DispersedParse, NamesAnOfferWithoutIdByItsPosition) {
  Page p = Parse(PageOf({OfferJson(), OfferJson({{"offer_id", nullptr}})}));
  ASSERT_EQ(p.offers.size(), 2u);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].record, "#1");
  EXPECT_EQ(p.warnings[0].field, "offer_id");
}

TEST(DispersedParse, SkipsListItemsThatAreNotOffers) {
  Page p = Parse(R"({"data":[null,{"offer_id":"a","pricing":{"hourly_rate_usd":1},"hardware_summary":{"gpu_count":1}},"x"],"total":3})");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 2u) << AllWarnings(p);
  EXPECT_EQ(p.warnings[0].record, "#0");
  EXPECT_EQ(p.warnings[0].field, "data");
  EXPECT_EQ(p.warnings[1].record, "#1");
}

TEST(DispersedParse, OmitsRawJsonWhenNotAsked) {
  NormalizeOptions o = Options();
  o.keep_raw = false;
  Page p = ParseDispersedOffers(FirstPage(), 200, PageOf({OfferJson()}), o);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].raw_json.view(), "");
}

TEST(DispersedParse, TreatsEmptyAndNullDataAsNoOffers) {
  for (const char* body : {R"({"data":[],"limit":50,"page":1,"total":0})", R"({"data":null,"total":0})", "{}"}) {
    Page p = Parse(body);
    EXPECT_EQ(p.error, "") << body;
    EXPECT_TRUE(p.offers.empty());
    EXPECT_TRUE(p.warnings.empty()) << body;
    EXPECT_TRUE(p.more.empty());
  }
}

// ---- Pagination -------------------------------------------------------------------------

TEST(DispersedPages, CountsPagesWithTheLimitTheAnswerReports) {
  std::string body = R"({"data":[],"limit":20,"page":1,"total":95})";
  Page p = Parse(body);
  ASSERT_EQ(p.more.size(), 4u);  // 95 at 20 a page: pages 2..5
  for (std::size_t i = 0; i < p.more.size(); ++i)
    EXPECT_EQ(p.more[i].query, (Params{{"limit", "20"}, {"page", std::to_string(i + 2)}}));
}

TEST(DispersedPages, KeepsTheFiltersOnEveryPage) {
  ParsedQuery q;
  QueryMessage error;
  ASSERT_TRUE(ParseQuery("gpu_count=8", q, error));
  PlanOptions options;
  options.query = &q;
  Page p = Parse(R"({"data":[],"limit":50,"page":1,"total":120})", 200, PlanDispersedOffers(options).front());
  ASSERT_EQ(p.more.size(), 2u);
  EXPECT_EQ(Target(p.more[1]), "/v1/compute/offers?filter%5Bgpu_count%5D=8&limit=50&page=3");
}

TEST(DispersedPages, ListsNoPagesAfterTheFirstOrWhenAllFit) {
  HttpRequest second = WithPage(FirstPage(), 2);
  EXPECT_TRUE(Parse(R"({"data":[],"limit":50,"page":2,"total":500})", 200, second).more.empty());
  EXPECT_TRUE(Parse(R"({"data":[],"limit":50,"page":1,"total":50})").more.empty());
  EXPECT_EQ(Parse(R"({"data":[],"limit":50,"page":1,"total":51})").more.size(), 1u);
  EXPECT_TRUE(Parse(R"({"data":[],"limit":50,"page":1})").more.empty());
}

TEST(DispersedPages, CapsTheRequestsForAnAbsurdTotal) {
  Page p = Parse(R"({"data":[],"limit":50,"page":1,"total":9007199254740991})");
  EXPECT_EQ(p.more.size(), 199u);  // 10,000 offers at 50 a page
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].record, "page 1");
  EXPECT_EQ(p.warnings[0].field, "total");
}

// ---- Errors -----------------------------------------------------------------------------

TEST(DispersedErrors, ReportsNon2xxWithTheProvidersMessage) {
  EXPECT_EQ(Parse(R"({"message":"limit must be between 1 and 50"})", 400).error,
            "Dispersed answered HTTP 400: limit must be between 1 and 50");
  EXPECT_EQ(Parse(R"({"error":{"code":"unauthorized","message":"bad signature"}})", 401).error,
            "Dispersed answered HTTP 401: bad signature");
  EXPECT_EQ(Parse("", 503).error, "Dispersed answered HTTP 503");
  EXPECT_TRUE(Parse(R"({"data":[]})", 500).offers.empty());
}

TEST(DispersedErrors, ReportsMalformedJsonWithItsByteOffset) {
  std::string body = PageOf({OfferJson(), OfferJson()});
  std::size_t cut = body.rfind("off_7f3a") + 3;
  Page p = Parse(body.substr(0, cut));
  EXPECT_EQ(p.error, "Dispersed: malformed JSON at byte " + std::to_string(body.rfind("off_7f3a") - 1) +
                         ": a string opened here never closes (the body was probably cut short)");
  EXPECT_TRUE(p.offers.empty());
  EXPECT_EQ(Parse(R"({"data":[{"offer_id":"a" "pricing":{}}]})").error.rfind("Dispersed: malformed JSON at byte ", 0), 0u);
  EXPECT_EQ(Parse("\"offers\"").error, "Dispersed: expected a JSON object, got a string");
  EXPECT_EQ(Parse("{\"data\":[]}\n{}").error, "Dispersed: malformed JSON at byte 12: more text after the JSON value");
}

// ---- Push-down --------------------------------------------------------------------------

TEST(DispersedPlan, AsksForTheFirstFullPageWithoutAQuery) {
  EXPECT_EQ(Target(FirstPage()), "/v1/compute/offers?limit=50&page=1");
}

TEST(DispersedPlan, PushesDownAGpuNameWhenTheModelsShareOne) {
  EXPECT_EQ(PlanFor("gpu=RTX_4090"), (Params{{"filter[gpu_name]", "RTX 4090"}}));  // 24 and 48 GB
  EXPECT_EQ(PlanFor("gpu_name=A100_SXM"), (Params{{"filter[gpu_name]", "A100 SXM"}}));
  EXPECT_EQ(PlanFor("gpu=L40S"), (Params{{"filter[gpu_name]", "L40S"}}));
  EXPECT_EQ(PlanFor("gpu=H100"), Params{});  // SXM, PCIe, NVL
  EXPECT_EQ(PlanFor("gpu in [L4,L40S]"), Params{});
  EXPECT_EQ(PlanFor("gpu!=L4"), Params{});
  EXPECT_EQ(PlanFor("gpu=MysteryCard"), Params{});
}

TEST(DispersedPlan, PushesDownCountsOnlyForEquality) {
  EXPECT_EQ(PlanFor("num_gpus=4"), (Params{{"filter[gpu_count]", "4"}}));
  EXPECT_EQ(PlanFor("vcpus=16.0"), (Params{{"filter[cpu_count]", "16"}}));
  EXPECT_EQ(PlanFor("gpu_count>=4 vcpus>=16"), Params{});
  EXPECT_EQ(PlanFor("gpu_count=1.5"), Params{});
}

TEST(DispersedPlan, PushesDownMinimumsOnlyForAtLeast) {
  EXPECT_EQ(PlanFor("vram_gb>=24"), (Params{{"filter[min_vram_gb]", "24"}}));
  EXPECT_EQ(PlanFor("gpu_ram>=24"), (Params{{"filter[min_vram_gb]", "24"}}));  // Vast's MB spelling
  EXPECT_EQ(PlanFor("cpu_ram>=64"), (Params{{"filter[min_ram_gb]", "64"}}));
  EXPECT_EQ(PlanFor("ram_gb>=64.5"), (Params{{"filter[min_ram_gb]", "64"}}));  // floor keeps 64.7
  EXPECT_EQ(PlanFor("disk_space>=100"), (Params{{"filter[min_storage_gb]", "100"}}));
  EXPECT_EQ(PlanFor("vram_gb>24 ram_gb=64 disk_gb<=100"), Params{});
}

TEST(DispersedPlan, PushesDownRegionCodesAsAnAllowlist) {
  EXPECT_EQ(PlanFor("region=us-west-2"), (Params{{"filter[allowed_region_codes]", "us-west-2"}}));
  EXPECT_EQ(PlanFor("region=US-West-2"), (Params{{"filter[allowed_region_codes]", "us-west-2"}}));
  EXPECT_EQ(PlanFor("region in [us-west-1,eu-central-1]"),
            (Params{{"filter[allowed_region_codes]", "us-west-1,eu-central-1"}}));
  EXPECT_EQ(PlanFor("region=us_west_2"), Params{});  // '_' became a space: not a region code
  EXPECT_EQ(PlanFor("region!=us-west-2"), Params{});
}

// What is pushed down must agree with the local filter, which runs on every page anyway.
TEST(DispersedPlan, PushedDownFiltersAgreeWithTheLocalFilter) {
  Page p = Parse(PageOf({OfferJson(), OfferJson({{"offer_id", "b"}, {"region_code", "eu-west-1"}}),
                         OfferJson({{"offer_id", "c"}, {"hardware_summary", {{"ram_gib", 64.7}}}})}));
  ASSERT_EQ(p.offers.size(), 3u);
  for (const char* text : {"gpu=RTX_4090 region=us-west-2", "ram_gb>=64.5", "vram_gb>=24 num_gpus=2 vcpus=32"}) {
    ParsedQuery q;
    QueryMessage error;
    ASSERT_TRUE(ParseQuery(text, q, error));
    Result<Filter> filter = CompileFilter(q);
    ASSERT_TRUE(filter.ok()) << filter.error;
    PlanOptions options;
    options.query = &q;
    Params params = PlanDispersedOffers(options).front().query;
    int matched = 0;
    for (const Offer& o : p.offers) {
      if (!Matches(filter.value, o)) continue;
      ++matched;
      for (const auto& [k, v] : params) {
        if (k == "filter[gpu_name]") {
          EXPECT_EQ(o.gpu.rfind(v, 0), 0u);
        } else if (k == "filter[allowed_region_codes]") {
          EXPECT_NE(("," + v + ",").find("," + o.region + ","), std::string::npos);
        } else if (k == "filter[min_ram_gb]") {
          EXPECT_GE(o.ram_gb, std::stod(v));
        } else if (k == "filter[min_vram_gb]") {
          EXPECT_GE(o.vram_gb, std::stod(v));
        } else if (k == "filter[gpu_count]") {
          EXPECT_EQ(std::to_string(o.gpu_count), v);
        } else if (k == "filter[cpu_count]") {
          EXPECT_EQ(o.vcpus, std::stod(v));
        }
      }
    }
    EXPECT_GT(matched, 0) << text;
  }
}

}  // namespace
}  // namespace offerscope::core
