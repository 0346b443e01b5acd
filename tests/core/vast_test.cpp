// Vast's offers parser and request plan on whole answers: the captured payloads, every
// envelope shape, errors, and the request bodies (the official CLI's, and its help's examples).
// Single fields (drift, prices, country, VRAM, interconnect): vast_fields_test.cpp.
#include "core/providers/vast.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/catalog.hpp"
#include "core/query.hpp"
#include "core/vast_query.hpp"
#include "tests/core/vast_test_helpers.hpp"

namespace offerscope::core {
namespace {

using testing::OnDemandRequest;
using testing::Options;
using testing::Parse;
using testing::AllWarnings;
using testing::kSmallOffer;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string Fixture(const std::string& name) {
  std::string text = ReadFile(std::string(OFFERSCOPE_FIXTURES_DIR) + "/vastai/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

std::string Trimmed(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \n\r\t"), e = s.find_last_not_of(" \n\r\t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// ---- Raw records -------------------------------------------------------------------------

// Raw records are slices of the parser's copy of the page: they must stay valid after the
// body, the page and every other offer are gone (ASan runs this too), and copies share them.
TEST(VastParse, RawRecordsOutliveTheBodyAndThePage) {
  Offer kept;
  std::string first_record;
  {
    std::string body = Fixture("search-offers-cli-raw-2024-rtx4090-guangxi.json");
    Page page = Parse(body);
    ASSERT_FALSE(page.offers.empty());
    first_record = std::string(page.offers[0].raw_json.view());
    kept = page.offers[0];
    body.assign(body.size(), 'x');  // the caller's bytes are not what the record points to
  }
  EXPECT_EQ(kept.raw_json.view(), first_record);
  Offer copy = kept;
  kept = Offer{};
  EXPECT_EQ(copy.raw_json.view(), first_record);
  EXPECT_EQ(nlohmann::json::parse(copy.raw_json.view())["gpu_name"], "RTX 4090");
  EXPECT_TRUE(kept.raw_json.empty());
  EXPECT_EQ(kept.raw_json.view(), "");
}

// ---- Real payloads ----------------------------------------------------------------------

TEST(VastParse, NormalizesTheCliRawOffer2024ToTheLastUnit) {
  std::string body = Fixture("search-offers-cli-raw-2024-rtx4090-guangxi.json");
  Page p = Parse(body);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_EQ(p.total, 1);
  EXPECT_TRUE(p.more.empty());
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.provider, ProviderId::kVast);
  EXPECT_EQ(o.id, "11684738");
  EXPECT_EQ(o.source, "");
  EXPECT_EQ(o.gpu_raw, "RTX 4090");
  EXPECT_EQ(o.gpu, "RTX 4090");
  EXPECT_TRUE(o.gpu_known);
  EXPECT_EQ(o.gpu_count, 1);
  EXPECT_EQ(o.vram_gb, 24.0);  // 24564 MiB is the 24 GB card
  EXPECT_EQ(o.vcpus, 24.0);
  EXPECT_DOUBLE_EQ(o.ram_gb, 64.393);
  EXPECT_EQ(o.disk_gb, 1607.875);
  EXPECT_EQ(o.base_usd_per_hour, 0.24666666666666665);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.0013333333333333335 / 720);
  // Vast's own split agrees: storage_total_cost for the CLI's 5 GB is 9.25925925925926e-06.
  EXPECT_DOUBLE_EQ(o.disk_usd_per_gb_hour * 5, 9.25925925925926e-06);
  EXPECT_EQ(o.disk_included_gb, 0);
  EXPECT_EQ(o.bid_usd_per_hour, 0.2);
  EXPECT_FALSE(o.interruptible);
  EXPECT_NEAR(o.price_usd_per_hour, 0.24666666666666665 + 0.0013333333333333335 / 720 * 100, 1e-12);
  EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, o.price_usd_per_hour);
  EXPECT_DOUBLE_EQ(o.usd_per_tflop_hour, o.price_usd_per_hour / o.tflops_fp16);
  EXPECT_DOUBLE_EQ(o.usd_per_vram_gb_hour, o.price_usd_per_hour / 24);
  EXPECT_EQ(o.country, "CN");
  EXPECT_EQ(o.region, "Guangxi, CN");
  EXPECT_EQ(o.reliability, 0.9700835);
  EXPECT_EQ(o.inet_down_mbps, 105.9);
  EXPECT_EQ(o.inet_up_mbps, 77.7);
  EXPECT_EQ(o.interconnect, "PCIe 4.0 x16");
  EXPECT_EQ(o.stock, "available");
  EXPECT_EQ(o.tier, "verified");
  EXPECT_EQ(o.quoted_at, "2025-07-26T08:00:00Z");
  // raw_json is the offer's bytes: the array's only element.
  std::string element = Trimmed(Trimmed(body).substr(1, Trimmed(body).size() - 2));
  EXPECT_EQ(o.raw_json.view(), element);
}

TEST(VastParse, NormalizesTheBareBundlesOffer2022WithACountryName) {
  std::string body = Fixture("bundles-offer-2022-rtx3090-norway.json");
  Page p = Parse(body);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "5006600");
  EXPECT_EQ(o.gpu_raw, "RTX 3090");
  EXPECT_EQ(o.gpu, "RTX 3090");
  EXPECT_EQ(o.gpu_count, 1);
  EXPECT_EQ(o.vram_gb, 24.0);  // 24576 MiB
  EXPECT_EQ(o.vcpus, 4.0);
  EXPECT_DOUBLE_EQ(o.ram_gb, 128.556);
  EXPECT_EQ(o.disk_gb, 49.75);
  EXPECT_EQ(o.base_usd_per_hour, 0.32);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.2 / 720);
  EXPECT_EQ(o.bid_usd_per_hour, 0.1438056);
  EXPECT_EQ(o.country, "NO");
  EXPECT_EQ(o.region, "Norway");
  EXPECT_EQ(o.reliability, 0.9993718);
  EXPECT_EQ(o.inet_down_mbps, 807.6);
  EXPECT_EQ(o.inet_up_mbps, 727.5);
  EXPECT_EQ(o.interconnect, "PCIe 3.0 x16");
  EXPECT_EQ(o.stock, "available");
  EXPECT_EQ(o.tier, "verified");
  EXPECT_EQ(o.raw_json.view(), Trimmed(body));
}

TEST(VastParse, NormalizesTheOldestCliOfferWithoutLocationOrVerification) {
  Page p = Parse(Fixture("search-offers-cli-raw-2019-rtx2080ti-nerus.json"));
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "379168");
  EXPECT_EQ(o.gpu_raw, "RTX 2080 Ti");
  EXPECT_EQ(o.gpu, "RTX 2080 Ti");
  EXPECT_EQ(o.gpu_count, 4);
  EXPECT_EQ(o.vram_gb, 11.0);  // 10989 MiB is the 11 GB card
  EXPECT_EQ(o.vcpus, 16.0);    // written 16.0
  EXPECT_DOUBLE_EQ(o.ram_gb, 32.103);
  EXPECT_EQ(o.disk_gb, 198.6);
  EXPECT_EQ(o.base_usd_per_hour, 0.8);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.5 / 720);
  EXPECT_DOUBLE_EQ(o.price_usd_per_gpu_hour, (0.8 + 0.5 / 720 * 100) / 4);
  EXPECT_EQ(o.bid_usd_per_hour, 0.6055556);
  EXPECT_EQ(o.country, "");
  EXPECT_EQ(o.region, "");
  EXPECT_EQ(o.reliability, 0.9977864);
  EXPECT_EQ(o.inet_down_mbps, 416.9);
  EXPECT_EQ(o.inet_up_mbps, 38.5);
  EXPECT_EQ(o.interconnect, "PCIe 3.0 x8");
  EXPECT_EQ(o.stock, "available");
  EXPECT_EQ(o.tier, "");
}

TEST(VastParse, ReadsThe500FarmEnvelopeWithoutDphTotalOrRented) {
  Page p = Parse(Fixture("500farm-exporter-offers-2025-07-rtx5090.json"));
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 2u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  EXPECT_EQ(p.total, 2);  // what was returned, not the exporter's "count": 18909
  const Offer& a = p.offers[0];
  EXPECT_EQ(a.id, "21348645");
  EXPECT_EQ(a.gpu_raw, "RTX 5090");
  EXPECT_EQ(a.gpu, "RTX 5090");
  EXPECT_EQ(a.gpu_count, 1);
  EXPECT_EQ(a.vram_gb, 32.0);  // 32607 MiB
  EXPECT_EQ(a.vcpus, 24.0);
  EXPECT_DOUBLE_EQ(a.ram_gb, 63.745);
  EXPECT_EQ(a.disk_gb, 2973.7);
  EXPECT_EQ(a.base_usd_per_hour, 0.10533333333333333);
  EXPECT_EQ(a.disk_usd_per_gb_hour, 0.9333333333333335 / 720);
  EXPECT_EQ(a.bid_usd_per_hour, 0.1053333);
  EXPECT_EQ(a.country, "CA");
  EXPECT_EQ(a.region, "Ontario, CA");
  EXPECT_EQ(a.reliability, 0.9964528);
  EXPECT_EQ(a.inet_down_mbps, 2118.0);
  EXPECT_EQ(a.inet_up_mbps, 2241.5);
  EXPECT_EQ(a.interconnect, "PCIe 5.0 x16");
  EXPECT_EQ(a.stock, "unavailable");  // rentable: false
  EXPECT_EQ(a.tier, "unverified");
  const Offer& b = p.offers[1];
  EXPECT_EQ(b.id, "21348670");
  EXPECT_EQ(b.country, "US");
  EXPECT_EQ(b.region, "Texas, US");
  EXPECT_EQ(b.base_usd_per_hour, 0.12000000000000001);
  EXPECT_EQ(b.disk_usd_per_gb_hour, 0.6 / 720);
  EXPECT_EQ(b.bid_usd_per_hour, 0.12);
  EXPECT_EQ(b.inet_down_mbps, 2014.8);
  EXPECT_EQ(b.tier, "unverified");
  EXPECT_EQ(b.raw_json.view().substr(0, 35), "{\n      \"ask_contract_id\": 21348670");
  EXPECT_EQ(b.raw_json.view().back(), '}');
}

// Vast's docs give "offers" as one object, not a list (seeds/001, the response example).
TEST(VastParse, ReadsTheDocsExampleWhereOffersIsOneObject) {
  std::string seed = ReadFile(std::string(OFFERSCOPE_SEEDS_DIR) + "/001_2513860d961a530b.txt");
  std::size_t start = seed.find("{\n  \"offers\": {");
  ASSERT_NE(start, std::string::npos);
  std::size_t end = seed.find("\n}\n", start);
  ASSERT_NE(end, std::string::npos);
  Page p = Parse(seed.substr(start, end + 2 - start));
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
  const Offer& o = p.offers[0];
  EXPECT_EQ(o.id, "12345678");
  EXPECT_EQ(o.gpu_raw, "Imaginary RTX 9999");
  EXPECT_FALSE(o.gpu_known);
  EXPECT_EQ(o.gpu, "Imaginary RTX 9999");
  EXPECT_EQ(o.gpu_count, 4);
  EXPECT_EQ(o.vram_gb, 24.0);
  EXPECT_EQ(o.vcpus, 32.0);
  EXPECT_DOUBLE_EQ(o.ram_gb, 65.536);
  EXPECT_EQ(o.disk_gb, 2048.5);
  EXPECT_EQ(o.base_usd_per_hour, 0.123456);
  EXPECT_EQ(o.disk_usd_per_gb_hour, 0.987654 / 720);
  EXPECT_EQ(o.bid_usd_per_hour, 0.111111);
  EXPECT_EQ(o.country, "AT");
  EXPECT_EQ(o.region, "Atlantis, AT");
  EXPECT_EQ(o.reliability, 0.9999);
  EXPECT_EQ(o.interconnect, "PCIe 6.0 x16");
  EXPECT_EQ(o.stock, "available");
  EXPECT_EQ(o.tier, "verified");
}

TEST(VastParse, ReadsInstanceFixturesAsNoOffersWithoutFailing) {
  // An instances answer sent to the offers parser is not an error, just not offers.
  Page p = Parse(Fixture("docs-example-show-instance-v0-rtxa5000.json"));
  EXPECT_EQ(p.error, "");
  EXPECT_TRUE(p.offers.empty());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "offers");
}

// ---- Envelopes ---------------------------------------------------------------------------

TEST(VastParse, AcceptsEveryEnvelopeShape) {
  std::string offer = kSmallOffer;
  for (const std::string& body :
       {"{\"offers\": [" + offer + "]}", "{\"offers\": " + offer + "}", "[" + offer + "]", offer,
        "{\"success\": true, \"offers\": [" + offer + "]}",
        "{\"url\": \"/offers\", \"count\": 9, \"offers\": [" + offer + "]}"}) {
    Page p = Parse(body);
    ASSERT_EQ(p.error, "") << body;
    ASSERT_EQ(p.offers.size(), 1u) << body;
    EXPECT_TRUE(p.warnings.empty()) << AllWarnings(p);
    EXPECT_EQ(p.offers[0].id, "7");
    EXPECT_EQ(p.offers[0].gpu_count, 2);
    EXPECT_EQ(p.offers[0].country, "US");
    EXPECT_EQ(p.offers[0].region, "US");
    EXPECT_EQ(p.offers[0].raw_json.view(), offer);
  }
}

TEST(VastParse, TreatsEmptyAndNullOfferListsAsNoOffers) {
  for (const char* body : {"[]", "{\"offers\": []}", "{\"offers\": null}"}) {
    Page p = Parse(body);
    EXPECT_EQ(p.error, "") << body;
    EXPECT_TRUE(p.offers.empty()) << body;
    EXPECT_TRUE(p.warnings.empty()) << body;
    EXPECT_EQ(p.total, 0);
  }
}

TEST(VastParse, SkipsListItemsThatAreNotOffers) {
  Page p = Parse(std::string("[1, \"x\", ") + kSmallOffer + ", null]");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.offers.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 3u);
  EXPECT_EQ(p.warnings[0].record, "#0");
  EXPECT_EQ(p.warnings[1].record, "#1");
  EXPECT_EQ(p.warnings[2].record, "#3");
}

TEST(VastParse, OmitsRawJsonWhenNotAsked) {
  NormalizeOptions o = Options();
  o.keep_raw = false;
  Page p = ParseVastOffers(OnDemandRequest(), 200, std::string("[") + kSmallOffer + "]", o);
  ASSERT_EQ(p.offers.size(), 1u);
  EXPECT_EQ(p.offers[0].raw_json.view(), "");
  EXPECT_EQ(p.offers[0].base_usd_per_hour, 0.5);
}

// ---- Errors ------------------------------------------------------------------------------

TEST(VastParse, ReportsSuccessFalseWithVastsMessage) {
  Page p = Parse(R"({"success": false, "error": "invalid_args", "msg": "Unknown field gpu_nam"})");
  EXPECT_EQ(p.error, "Vast refused the request: Unknown field gpu_nam (invalid_args)");
  EXPECT_TRUE(p.offers.empty());
}

TEST(VastParse, ReportsNon2xxStatusWithVastsMessageAndAHint) {
  Page p = Parse(R"({"success": false, "error": "auth_error", "msg": "Invalid API key"})", 401);
  EXPECT_EQ(p.error, "Vast answered HTTP 401: Invalid API key (auth_error) - check the Vast API key");
  Page q = Parse(R"({"success": false, "error": "", "msg": ""})", 429);
  EXPECT_EQ(q.error, "Vast answered HTTP 429 - rate limited, retry after a pause");
  Page r = Parse("<html>\n<body>502 Bad Gateway</body></html>", 502);
  EXPECT_EQ(r.error, "Vast answered HTTP 502: <html> <body>502 Bad Gateway</body></html>");
  Page s = Parse("", 500);
  EXPECT_EQ(s.error, "Vast answered HTTP 500");
  // Even a body full of offers is not trusted when the status says failure.
  EXPECT_TRUE(Parse(std::string("[") + kSmallOffer + "]", 500).offers.empty());
}

TEST(VastParse, ReportsMalformedJsonWithItsByteOffset) {
  Page p = Parse(R"({"offers": [{"id": 1, "gpu_name": "RTX 3090", "num_gpus": 1,}]})");
  EXPECT_TRUE(p.offers.empty());
  EXPECT_EQ(p.error.rfind("Vast: malformed JSON at byte ", 0), 0u) << p.error;
  Page t = Parse(std::string("{\"offers\": [") + kSmallOffer + ", {\"id\": 8, ");
  EXPECT_TRUE(t.offers.empty());
  EXPECT_EQ(t.error.rfind("Vast: malformed JSON", 0), 0u) << t.error;
  Page u = Parse("{\"offers\": [{\"id\": \"unterminated}]}");
  EXPECT_EQ(u.error.rfind("Vast: malformed JSON", 0), 0u) << u.error;
  EXPECT_EQ(Parse("").error, "Vast: malformed JSON: the body is empty");
  EXPECT_EQ(Parse("42").error, "Vast answered with JSON that is neither an object nor a list");
}

// ---- Requests ----------------------------------------------------------------------------

TEST(VastPlan, PostsTheCliBodyToBundles) {
  PlanOptions o;
  o.order = "num_gpus,total_flops-";
  o.type = "bid";
  o.storage_gb = 20;
  o.limit = 64;
  std::vector<HttpRequest> reqs = PlanVastOffers(o);
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].path, "/api/v0/bundles/");
  EXPECT_TRUE(reqs[0].query.empty());
  EXPECT_EQ(reqs[0].body, VastSearchBody(nullptr, o.order, o.type, 20, 64, false).dump());
}

TEST(VastPlan, WrapsTheSameObjectForTheLegacySearch) {
  PlanOptions o;
  HttpRequest legacy = PlanVastOffersLegacy(o);
  EXPECT_EQ(legacy.method, "PUT");
  EXPECT_EQ(legacy.path, "/api/v0/search/asks/");
  nlohmann::json body = nlohmann::json::parse(legacy.body, nullptr, false);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body["select_cols"], nlohmann::json::array({"*"}));
  EXPECT_EQ(body["q"].dump(), PlanVastOffers(o)[0].body);
  EXPECT_EQ(legacy.body.find(' '), std::string::npos);  // compact
}

// ---- The request for each example of VAST_QUERY.md (the official CLI's help) ----------

// The body the CLI would POST for `query` with the default order, on-demand, 5 GB.
// `order` is a list of [field, direction] pairs (written out: a braced pair would be an object).
nlohmann::json CliBody(const nlohmann::json& terms, const nlohmann::json& order = nlohmann::json::array(
                                                        {nlohmann::json::array({"score", "desc"})})) {
  nlohmann::json body = {{"verified", {{"eq", true}}},
                         {"external", {{"eq", false}}},
                         {"rentable", {{"eq", true}}},
                         {"rented", {{"eq", false}}}};
  for (auto it = terms.begin(); it != terms.end(); ++it) body[it.key()] = it.value();
  body["order"] = order;
  body["type"] = "on-demand";
  body["allocated_storage"] = 5.0;
  return body;
}

nlohmann::json PlannedBody(const std::string& query, const std::string& order = "") {
  ParsedQuery q;
  QueryMessage error;
  EXPECT_TRUE(ParseQuery(query, q, error)) << query << ": " << error.message;
  PlanOptions o;
  o.query = &q;
  o.order = order;
  std::vector<HttpRequest> reqs = PlanVastOffers(o);
  EXPECT_EQ(reqs.size(), 1u);
  nlohmann::json body = nlohmann::json::parse(reqs.at(0).body, nullptr, false);
  EXPECT_FALSE(body.is_discarded());
  return body;
}

TEST(VastPlan, SendsTheCliBodyForTheHelpExamples) {
  EXPECT_EQ(PlannedBody("reliability > 0.98 num_gpus=1 gpu_name=RTX_3090"),
            CliBody({{"reliability", {{"gt", "0.98"}}},
                     {"num_gpus", {{"eq", "1"}}},
                     {"gpu_name", {{"eq", "RTX 3090"}}}}));
  EXPECT_EQ(PlannedBody("compute_cap > 610 total_flops > 5 datacenter=True"),
            CliBody({{"compute_cap", {{"gt", "610"}}},
                     {"total_flops", {{"gt", "5"}}},
                     {"datacenter", {{"eq", true}}}}));
  EXPECT_EQ(PlannedBody("reliability>0.99 num_gpus=4 geolocation in [TW,SE]"),
            CliBody({{"reliability", {{"gt", "0.99"}}},
                     {"num_gpus", {{"eq", "4"}}},
                     {"geolocation", {{"in", {"TW", "SE"}}}}}));
  EXPECT_EQ(PlannedBody(R"(reliability>0.99 gpu_name in ["RTX 4090", "RTX 3090"] geolocation notin [CN,VN])"),
            CliBody({{"reliability", {{"gt", "0.99"}}},
                     {"gpu_name", {{"in", {"RTX 4090", "RTX 3090"}}}},
                     {"geolocation", {{"notin", {"CN", "VN"}}}}}));
  EXPECT_EQ(PlannedBody("disk_space>146 duration>24 gpu_ram>10 cuda_vers>=12.1 driver_version >= 535.86.05"),
            CliBody({{"disk_space", {{"gt", "146"}}},
                     {"duration", {{"gt", 24 * 86400.0}}},
                     {"gpu_ram", {{"gt", 10000.0}}},
                     {"cuda_max_good", {{"gte", "12.1"}}},
                     {"driver_version", {{"gte", 535086005}}}}));
  nlohmann::json last = CliBody({{"reliability", {{"gt", "0.99"}}}, {"num_gpus", {{"gte", "4"}}}},
                                nlohmann::json::array({nlohmann::json::array({"num_gpus", "desc"})}));
  last["verified"] = {{"eq", false}};
  EXPECT_EQ(PlannedBody("reliability > 0.99  num_gpus>=4 verified=False", "num_gpus-"), last);
}

TEST(VastPlan, WrapsTheHelpExampleForTheLegacySearch) {
  ParsedQuery q;
  QueryMessage error;
  ASSERT_TRUE(ParseQuery("reliability > 0.98 num_gpus=1 gpu_name=RTX_3090", q, error));
  PlanOptions o;
  o.query = &q;
  nlohmann::json legacy = nlohmann::json::parse(PlanVastOffersLegacy(o).body, nullptr, false);
  ASSERT_TRUE(legacy.is_object());
  EXPECT_EQ(legacy["q"], nlohmann::json::parse(PlanVastOffers(o)[0].body, nullptr, false));
  EXPECT_EQ(legacy["q"]["gpu_name"], (nlohmann::json{{"eq", "RTX 3090"}}));
}

}  // namespace
}  // namespace offerscope::core
