// Prime Intellect's parser and request plan on hand-made records and queries: drift in
// single fields, the pagination math, errors, and what is pushed down to Prime.
// Recorded pages and the docs' examples: primeintellect_test.cpp.
#include "core/providers/primeintellect.hpp"

#include <cmath>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/filter.hpp"
#include "core/providers/common.hpp"
#include "core/query.hpp"
#include "tests/core/primeintellect_test_helpers.hpp"

namespace offerscope::core {
namespace {

using testing::Fixture;
using testing::FirstPage;
using testing::Parse;
using testing::AllWarnings;
using testing::Query;
using testing::PlanFor;
using testing::Params;

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
