// The provider emulator: each seed API's pagination, limits, 400s and auth, the data set's
// realism (core's own parsers read every record, real captures' fields are all present),
// and the faults it injects in-process and over HTTP.
#include "proxy/emulator/emulator.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/offer.hpp"
#include "core/providers/dispersed.hpp"
#include "core/providers/primeintellect.hpp"
#include "core/providers/vast.hpp"
#include "core/vast_query.hpp"
#include "proxy/emulator/emulator_data.hpp"
#include "tests/proxy/emulator_harness.hpp"

namespace offerscope::proxy {
namespace {

using core::HttpRequest;
using core::ProviderId;
using nlohmann::json;

constexpr const char* kKey = "Bearer test-key-0001";

HttpRequest Get(std::string path, std::vector<std::pair<std::string, std::string>> query = {}) {
  return HttpRequest{"GET", std::move(path), std::move(query), ""};
}
HttpRequest VastPost(const json& body) { return HttpRequest{"POST", "/api/v0/bundles/", {}, body.dump()}; }

json Body(const EmulatorReply& r) { return json::parse(r.body, nullptr, false); }

EmulatorReply Call(ProviderId p, const HttpRequest& r, const std::string& auth = "") { return HandleEmulated(p, r, auth); }

TEST(EmulatorData, HoldsAFewThousandOffersAcrossAllProviders) {
  EXPECT_EQ(EmulatedOfferCount(ProviderId::kVast), 2000u);
  EXPECT_GE(EmulatedOfferCount(ProviderId::kPrimeIntellect), 500u);
  EXPECT_EQ(EmulatedOfferCount(ProviderId::kDispersed), GetEmulatorData().dispersed.size());
  EXPECT_GE(EmulatedOfferCount(ProviderId::kDispersed), 600u);
}

TEST(EmulatorData, AnswersTheSameBytesEveryTime) {
  HttpRequest r = VastPost({{"limit", 20}, {"order", json::array({json::array({"score", "desc"})})}});
  EmulatorReply first = Call(ProviderId::kVast, r);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, Call(ProviderId::kVast, r).body);
}

// Real captures (the build says where they are: tests/CMakeLists.txt).
json ReadFixture(const std::string& name) {
  std::ifstream in(std::string(OFFERSCOPE_FIXTURES_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str(), nullptr, false);
}

TEST(EmulatorVast, RecordsCarryEveryFieldOfTheRealCaptures) {
  json cli = ReadFixture("vastai/search-offers-cli-raw-2024-rtx4090-guangxi.json");
  json farm = ReadFixture("vastai/500farm-exporter-offers-2025-07-rtx5090.json");
  ASSERT_TRUE(cli.is_array() && farm.is_object()) << "fixtures missing under " << OFFERSCOPE_FIXTURES_DIR;
  json answer = Body(Call(ProviderId::kVast, VastPost({{"limit", 1}})));
  ASSERT_EQ(answer["offers"].size(), 1u);
  const json& ours = answer["offers"][0];
  for (const json* real : {&cli[0], &farm["offers"][0]}) {
    for (auto it = real->begin(); it != real->end(); ++it) {
      if (it.key() == "verified") continue;  // added by the 500.farm exporter, not Vast
      EXPECT_TRUE(ours.contains(it.key())) << it.key();
    }
  }
}

TEST(EmulatorPrime, ItemsCarryEveryFieldOfTheRealCapture) {
  json real = ReadFixture("primeintellect/availability-gpus-2025-11.json");
  ASSERT_TRUE(real.is_object()) << "fixture missing under " << OFFERSCOPE_FIXTURES_DIR;
  json ours = Body(Call(ProviderId::kPrimeIntellect, Get("/api/v1/availability/gpus"), kKey));
  ASSERT_FALSE(real["items"].empty());
  for (auto it = real["items"][0].begin(); it != real["items"][0].end(); ++it)
    EXPECT_TRUE(ours["items"][0].contains(it.key())) << it.key();
}

TEST(EmulatorVast, CoreReadsEveryRecordAsAKnownGpuAtTheRecordsPrices) {
  HttpRequest r = VastPost({{"allocated_storage", 10.0}});
  EmulatorReply rep = Call(ProviderId::kVast, r);
  json body = Body(rep);
  core::Page page = core::ParseVastOffers(r, rep.status, rep.body, core::NormalizeOptions{});
  ASSERT_TRUE(page.error.empty()) << page.error;
  ASSERT_EQ(page.offers.size(), 2000u);
  for (std::size_t i = 0; i < page.offers.size(); ++i) {
    const core::Offer& o = page.offers[i];
    const json& rec = body["offers"][i];
    EXPECT_TRUE(o.gpu_known) << o.gpu_raw;
    EXPECT_EQ(o.id, std::to_string(rec["id"].get<long long>()));
    EXPECT_DOUBLE_EQ(o.base_usd_per_hour, rec["dph_base"].get<double>());
    // dph_total carries the requested storage at storage_cost / 720 per GB-hour.
    EXPECT_DOUBLE_EQ(rec["dph_total"].get<double>(),
                     rec["dph_base"].get<double>() + rec["storage_cost"].get<double>() / 720 * 10);
  }
}

TEST(EmulatorPrimeAndDispersed, CoreReadsEveryRecordAsAKnownGpu) {
  HttpRequest pr = Get("/api/v1/availability/gpus", {{"page", "1"}, {"page_size", "100"}});
  EmulatorReply rep = Call(ProviderId::kPrimeIntellect, pr, kKey);
  core::Page page = core::ParsePrimeOffers(pr, rep.status, rep.body, {});
  ASSERT_TRUE(page.error.empty()) << page.error;
  ASSERT_EQ(page.offers.size(), 100u);
  for (const core::Offer& o : page.offers) EXPECT_TRUE(o.gpu_known) << o.gpu_raw;
  HttpRequest dr = Get("/v1/compute/offers", {{"limit", "50"}, {"page", "1"}});
  rep = Call(ProviderId::kDispersed, dr);
  page = core::ParseDispersedOffers(dr, rep.status, rep.body, {});
  ASSERT_TRUE(page.error.empty()) << page.error;
  ASSERT_EQ(page.offers.size(), 50u);
  for (const core::Offer& o : page.offers) EXPECT_TRUE(o.gpu_known) << o.gpu_raw;
}

TEST(EmulatorVast, HonoursTheQueryObjectAndLimit) {
  json q = {{"gpu_name", {{"in", {"RTX 4090", "RTX 3090"}}}}, {"num_gpus", {{"gte", 2}}},
            {"dph_total", {{"lt", 1.5}}}, {"geolocation", {{"notin", {"CN", "HK"}}}}};
  json all = Body(Call(ProviderId::kVast, VastPost(q)));
  ASSERT_GT(all["offers"].size(), 20u);
  for (const json& o : all["offers"]) {
    EXPECT_TRUE(o["gpu_name"] == "RTX 4090" || o["gpu_name"] == "RTX 3090");
    EXPECT_GE(o["num_gpus"].get<int>(), 2);
    EXPECT_LT(o["dph_total"].get<double>(), 1.5);
    std::string geo = o["geolocation"];
    EXPECT_NE(geo.substr(geo.size() - 2), "CN");
  }
  q["limit"] = 7;
  EXPECT_EQ(Body(Call(ProviderId::kVast, VastPost(q)))["offers"].size(), 7u);
}

TEST(EmulatorVast, TheCliDefaultsKeepOnlyVerifiedRentableFreeMachines) {
  json body = core::VastSearchBody(nullptr, "dph_total", "on-demand", 5.0, 0, false);
  json answer = Body(Call(ProviderId::kVast, VastPost(body)));
  ASSERT_GT(answer["offers"].size(), 1000u);
  ASSERT_LT(answer["offers"].size(), 2000u);
  double last = 0;
  for (const json& o : answer["offers"]) {
    EXPECT_EQ(o["verification"], "verified");
    EXPECT_EQ(o["rentable"], true);
    EXPECT_EQ(o["rented"], false);
    EXPECT_TRUE(o["external"].is_null() || o["external"] == false);  // null compares as false
    EXPECT_GE(o["dph_total"].get<double>(), last);
    last = o["dph_total"].get<double>();
  }
}

TEST(EmulatorVast, RefusesMalformedSearches) {
  for (const std::string& body : {std::string("not json"), json{{"num_gpus", {{"about", 2}}}}.dump(),
                                  json{{"limit", 0}}.dump(), json{{"gpu_name", {{"in", "RTX 4090"}}}}.dump(),
                                  json{{"type", "cheap"}}.dump()}) {
    EmulatorReply rep = Call(ProviderId::kVast, HttpRequest{"POST", "/api/v0/bundles/", {}, body});
    EXPECT_EQ(rep.status, 400) << body;
    EXPECT_EQ(Body(rep)["success"], false);
  }
  EXPECT_EQ(Call(ProviderId::kVast, Get("/api/v0/elsewhere/")).status, 404);
}

TEST(EmulatorVast, LegacyAsksSearchWrapsTheSameQuery) {
  json q = {{"num_gpus", {{"eq", 8}}}, {"order", json::array({json::array({"dph_total", "asc"})})}};
  json bundles = Body(Call(ProviderId::kVast, VastPost(q)));
  json asks = Body(Call(ProviderId::kVast, HttpRequest{"PUT", "/api/v0/search/asks/", {}, json{{"select_cols", {"*"}}, {"q", q}}.dump()}));
  EXPECT_EQ(asks["success"], true);
  ASSERT_GT(bundles["offers"].size(), 10u);
  ASSERT_EQ(asks["offers"].size(), bundles["offers"].size());
  for (std::size_t i = 0; i < asks["offers"].size(); ++i) EXPECT_EQ(asks["offers"][i]["id"], bundles["offers"][i]["id"]);
}

// Every page of the caller's instances, following next_token.
std::vector<long long> AllInstanceIds(const std::string& auth, const std::string& limit, long long& total) {
  std::vector<long long> ids;
  std::string token;
  for (int guard = 0; guard < 100; ++guard) {
    HttpRequest r = Get("/api/v1/instances/", {{"limit", limit}});
    if (!token.empty()) r.query.emplace_back("after_token", token);
    json page = Body(Call(ProviderId::kVast, r, auth));
    total = page["total_instances"];
    EXPECT_LE(page["instances"].size(), static_cast<std::size_t>(std::max(5, std::stoi(limit))));
    for (const json& i : page["instances"]) ids.push_back(i["id"]);
    if (page["next_token"].is_null()) break;
    token = page["next_token"];
  }
  return ids;
}

TEST(EmulatorVast, InstancesNeedAKeyAndBelongToIt) {
  EmulatorReply anonymous = Call(ProviderId::kVast, Get("/api/v1/instances/"));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(Body(anonymous)["success"], false);
  long long total_a = 0, total_b = 0;
  std::vector<long long> a = AllInstanceIds("Bearer key-a", "25", total_a);
  std::vector<long long> b = AllInstanceIds("Bearer key-b", "25", total_b);
  EXPECT_EQ(static_cast<std::size_t>(total_a), EmulatedInstanceCount("key-a"));
  std::set<long long> seen(a.begin(), a.end());
  for (long long id : b) EXPECT_EQ(seen.count(id), 0u);
}

TEST(EmulatorVast, InstancesPageWithKeysetTokensAndLimitsAsDocumented) {
  std::string key = "key-with-many";
  for (int i = 0; EmulatedInstanceCount(key) < 30; ++i) key = "key-with-many-" + std::to_string(i);
  long long total = 0;
  std::vector<long long> ids = AllInstanceIds("Bearer " + key, "25", total);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(total));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<long long>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_EQ(AllInstanceIds("Bearer " + key, "0", total).size(), ids.size());  // <= 0 means pages of 5
  auto status = [&](std::vector<std::pair<std::string, std::string>> q) {
    return Call(ProviderId::kVast, Get("/api/v1/instances/", std::move(q)), "Bearer " + key).status;
  };
  EXPECT_EQ(status({{"limit", "26"}}), 400);
  EXPECT_EQ(status({{"after_token", "not-a-token"}}), 400);
  EXPECT_EQ(status({{"order_by", R"([{"col":"no_such_column","dir":"asc"}])"}}), 400);
  EXPECT_EQ(status({{"select_filters", R"({"dph_total":{"gt":1}})"}}), 400);  // computed: not filterable
}

TEST(EmulatorVast, InstancesOrderFilterAndSelectColumns) {
  HttpRequest r = Get("/api/v1/instances/", {{"order_by", R"([{"col":"id","dir":"desc"}])"},
                                             {"select_filters", R"({"actual_status":{"eq":"running"}})"},
                                             {"select_cols", R"(["id","actual_status","nope"])"}});
  json page = Body(Call(ProviderId::kVast, r, "Bearer key-a"));
  ASSERT_FALSE(page["instances"].empty());
  long long last = std::numeric_limits<long long>::max();
  for (const json& i : page["instances"]) {
    EXPECT_EQ(i.size(), 3u);
    EXPECT_EQ(i["actual_status"], "running");
    EXPECT_TRUE(i["nope"].is_null());
    EXPECT_LT(i["id"].get<long long>(), last);
    last = i["id"];
  }
}

TEST(EmulatorPrime, RequiresAKeyAndValidatesPaging) {
  EXPECT_EQ(Call(ProviderId::kPrimeIntellect, Get("/api/v1/availability/gpus")).status, 401);
  auto status = [](std::string param, std::string value) {
    return Call(ProviderId::kPrimeIntellect, Get("/api/v1/availability/gpus", {{param, value}}), kKey).status;
  };
  EXPECT_EQ(status("page_size", "101"), 422);
  EXPECT_EQ(status("page_size", "0"), 422);
  EXPECT_EQ(status("page", "0"), 422);
  EXPECT_EQ(status("gpu_count", "two"), 422);
  EXPECT_EQ(status("security", "cheap"), 422);
  EXPECT_EQ(status("page_size", "100"), 200);
}

TEST(EmulatorPrime, PagesAddUpToTotalCount) {
  std::set<std::string> seen;
  long long total = -1;
  for (int page = 1; page < 40; ++page) {
    json p = Body(Call(ProviderId::kPrimeIntellect,
                       Get("/api/v1/availability/gpus", {{"page", std::to_string(page)}, {"page_size", "60"}}), kKey));
    total = p["totalCount"];
    if (p["items"].empty()) break;
    for (const json& it : p["items"])
      seen.insert(it["cloudId"].get<std::string>() + "@" + it["dataCenter"].dump() + "#" + it["gpuCount"].dump() +
                  it["security"].get<std::string>() + it["country"].dump());
  }
  EXPECT_EQ(total, static_cast<long long>(EmulatedOfferCount(ProviderId::kPrimeIntellect)));
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(total));
}

TEST(EmulatorPrime, FiltersAndPricesAsTheRealApi) {
  json p = Body(Call(ProviderId::kPrimeIntellect,
                     Get("/api/v1/availability/gpus", {{"gpu_type", "H100_80GB"}, {"gpu_count", "8"},
                                                       {"regions", "united_states"}, {"regions", "canada"}}),
                     kKey));
  ASSERT_FALSE(p["items"].empty());
  for (const json& it : p["items"]) {
    EXPECT_EQ(it["gpuType"], "H100_80GB");
    EXPECT_EQ(it["gpuCount"], 8);
    EXPECT_EQ(it["gpuMemory"], 640);  // the whole box
    EXPECT_TRUE(it["region"] == "united_states" || it["region"] == "canada");
  }
  json community = Body(Call(ProviderId::kPrimeIntellect,
                             Get("/api/v1/availability/gpus", {{"security", "community_cloud"}}), kKey));
  ASSERT_FALSE(community["items"].empty());
  for (const json& it : community["items"]) {
    EXPECT_TRUE(it["prices"]["onDemand"].is_null());
    EXPECT_GT(it["prices"]["communityPrice"].get<double>(), 0);
  }
}

TEST(EmulatorPrime, DisksAndTheLegacyKeyedShape) {
  json disks = Body(Call(ProviderId::kPrimeIntellect, Get("/api/v1/availability/disks"), kKey));
  ASSERT_FALSE(disks["items"].empty());
  EXPECT_EQ(disks["totalCount"], disks["items"].size());
  EXPECT_TRUE(disks["items"][0]["cloudId"].is_null());
  json legacy = Body(Call(ProviderId::kPrimeIntellect, Get("/api/v1/availability/", {{"gpu_type", "A40_48GB"}}), kKey));
  ASSERT_TRUE(legacy.contains("A40_48GB"));
  EXPECT_EQ(legacy.size(), 1u);
  EXPECT_FALSE(legacy["A40_48GB"][0].contains("region"));
}

TEST(EmulatorDispersed, PagesWithLimitPageAndTotal) {
  std::set<std::string> ids;
  long long total = 0;
  for (int page = 1; page < 30; ++page) {
    json p = Body(Call(ProviderId::kDispersed, Get("/v1/compute/offers", {{"limit", "50"}, {"page", std::to_string(page)}})));
    EXPECT_EQ(p["limit"], 50);
    EXPECT_EQ(p["page"], page);
    total = p["total"];
    if (p["data"].empty()) break;
    for (const json& o : p["data"]) ids.insert(o["offer_id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(total));
  for (auto q : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"limit", "51"}, {"page", "1"}}, {{"limit", "0"}, {"page", "1"}}, {{"page", "1"}},
           {{"limit", "10"}, {"page", "0"}}, {{"limit", "10"}, {"page", "1"}, {"filter[min_vram_gb]", "-1"}},
           {{"limit", "10"}, {"page", "1"}, {"sort", "price"}}})
    EXPECT_EQ(Call(ProviderId::kDispersed, Get("/v1/compute/offers", q)).status, 400) << q.front().first;
}

TEST(EmulatorDispersed, FiltersAsDocumented) {
  json p = Body(Call(ProviderId::kDispersed,
                     Get("/v1/compute/offers", {{"limit", "50"}, {"page", "1"}, {"filter[gpu_name]", "RTX 4090"},
                                                {"filter[allowed_region_codes]", "us-west-1,us-west-2,us-east-1"}})));
  ASSERT_FALSE(p["data"].empty());
  for (const json& o : p["data"]) {
    EXPECT_EQ(o["hardware_summary"]["gpu_model_label"], "NVIDIA GeForce RTX 4090");
    std::string region = o["region_code"];
    EXPECT_TRUE(region == "us-west-1" || region == "us-west-2" || region == "us-east-1") << region;
  }
  json big = Body(Call(ProviderId::kDispersed,
                       Get("/v1/compute/offers", {{"limit", "50"}, {"page", "1"}, {"filter[min_vram_gb]", "80"},
                                                  {"filter[gpu_count]", "8"}})));
  ASSERT_FALSE(big["data"].empty());
  for (const json& o : big["data"]) {
    EXPECT_GE(o["hardware_summary"]["min_gpu_vram_gib"].get<double>(), 80);
    EXPECT_EQ(o["hardware_summary"]["gpu_count"], 8);
  }
}

TEST(EmulatorFaults, RateLimitsTheFirstCallsThenErrorsThenAnswers) {
  EmulatorFaults f;
  f.rate_limit_first = 2;
  f.retry_after_s = 3;
  f.error_first = 1;
  f.error_status = 502;
  HttpRequest r = Get("/v1/compute/offers", {{"limit", "5"}, {"page", "1"}});
  EmulatorReply a = HandleEmulated(ProviderId::kDispersed, r, "", f);
  EXPECT_EQ(a.status, 429);
  EXPECT_EQ(a.retry_after_s, 3);
  EXPECT_EQ(HandleEmulated(ProviderId::kDispersed, r, "", f).status, 429);
  EXPECT_EQ(HandleEmulated(ProviderId::kDispersed, r, "", f).status, 502);
  EXPECT_EQ(HandleEmulated(ProviderId::kDispersed, r, "", f).status, 200);
}

TEST(EmulatorFaults, MalformedHugeAndKeyEchoingAnswers) {
  HttpRequest r = Get("/v1/compute/offers", {{"limit", "5"}, {"page", "1"}});
  EmulatorFaults f;
  f.malformed_json = true;
  EXPECT_TRUE(json::parse(HandleEmulated(ProviderId::kDispersed, r, "", f).body, nullptr, false).is_discarded());
  f.malformed_json = false;
  f.huge_body = true;
  EmulatorReply huge = HandleEmulated(ProviderId::kDispersed, r, "", f);
  EXPECT_GT(huge.body.size(), 50u << 20);
  EXPECT_EQ(huge.body.substr(0, 12), "{\"padding\":\"");  // valid JSON: padding, then the answer
  EXPECT_EQ(huge.body.back(), '}');
  EXPECT_NE(huge.body.find("\",\"data\":[", 50u << 20), std::string::npos);
  EmulatorFaults echo;
  echo.echo_key_in_errors = true;
  echo.valid_keys = {"the-right-key"};
  EmulatorReply refused = HandleEmulated(ProviderId::kPrimeIntellect, Get("/api/v1/availability/gpus"), "Bearer wrong-key", echo);
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.body.find("wrong-key"), std::string::npos);
}

TEST(EmulatorServer, ServesEveryProviderUnderItsNameAndCountsWhatItSees) {
  testing::RunningEmulator emu;
  httplib::Client c("127.0.0.1", emu.port);
  c.set_keep_alive(true);
  auto vast = c.Post("/vast/api/v0/bundles/", R"({"limit":3})", "application/json");
  ASSERT_TRUE(vast);
  EXPECT_EQ(vast->status, 200);
  EXPECT_EQ(json::parse(vast->body)["offers"].size(), 3u);
  auto prime = c.Get("/primeintellect/api/v1/availability/gpus?page_size=2", {{"Authorization", "Bearer k"}});
  ASSERT_TRUE(prime);
  EXPECT_EQ(json::parse(prime->body)["items"].size(), 2u);
  auto dispersed = c.Get("/dispersed/v1/compute/offers?limit=51&page=1");
  ASSERT_TRUE(dispersed);
  EXPECT_EQ(dispersed->status, 400);
  EXPECT_EQ(c.Get("/nowhere/x")->status, 404);
  EXPECT_EQ(emu.control->calls[0].load(), 1);
  EXPECT_EQ(emu.control->calls[1].load(), 1);
  EXPECT_EQ(emu.control->connections.load(), 1);  // one keep-alive connection for all four
}

TEST(EmulatorServer, SendsRetryAfterAsSecondsOrDateAndBreaksTransportOnDemand) {
  testing::RunningEmulator emu;
  EmulatorFaults f;
  f.rate_limit_first = 1;
  f.retry_after_s = 120;
  f.retry_after_as_date = true;
  emu.control->SetFaults(ProviderId::kDispersed, f);
  httplib::Client c("127.0.0.1", emu.port);
  auto limited = c.Get("/dispersed/v1/compute/offers?limit=5&page=1");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_NE(limited->get_header_value("Retry-After").find(" GMT"), std::string::npos);
  EmulatorFaults cut;
  cut.truncated_body = true;
  emu.control->SetFaults(ProviderId::kDispersed, cut);
  EXPECT_FALSE(c.Get("/dispersed/v1/compute/offers?limit=5&page=1"));
  EmulatorFaults reset;
  reset.reset_connection = true;
  emu.control->SetFaults(ProviderId::kDispersed, reset);
  EXPECT_FALSE(c.Get("/dispersed/v1/compute/offers?limit=5&page=1"));
  emu.control->SetFaults(ProviderId::kDispersed, EmulatorFaults{});
  auto fine = c.Get("/dispersed/v1/compute/offers?limit=5&page=1");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

}  // namespace
}  // namespace offerscope::proxy
