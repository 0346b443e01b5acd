// GET /api/v1/offers served by a real cpp-httplib server over the provider emulator, both on
// free ports: every provider at once, pagination followed, one provider failing, the page
// cap, CSV, 400s that point at the problem, the cache (and a stale copy when the upstream
// goes away), callers' keys kept out of it, and the demo snapshot.
#include "proxy/aggregate.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/http.hpp"
#include "core/offer_json.hpp"
#include "proxy/demo.hpp"
#include "proxy/server.hpp"
#include "tests/proxy/emulator_harness.hpp"
#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using core::ProviderId;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kPrime = static_cast<int>(ProviderId::kPrimeIntellect);
constexpr int kDispersed = static_cast<int>(ProviderId::kDispersed);

long long Pages(std::size_t items, std::size_t per_page) { return static_cast<long long>((items + per_page - 1) / per_page); }

class AggregateTest : public ::testing::Test {
 protected:
  void Start(const std::function<void(Config&)>& tweak = {}, bool demo = false) {
    Config c;
    for (ProviderId p : {ProviderId::kVast, ProviderId::kPrimeIntellect, ProviderId::kDispersed})
      c.base_urls[static_cast<int>(p)] = emu.BaseUrl(p);
    c.keys[kPrime] = "server-held-prime-key";  // Prime refuses anonymous calls
    c.upstream_timeout_s = 5;
    if (tweak) tweak(c);
    services = std::make_unique<Services>(c);
    services->demo = demo;
    if (demo) services->snapshot_time = kDemoSnapshotTime;
    services->upstream = demo ? MakeDemoUpstream(services->metrics) : MakeHttpUpstream(services->config, services->metrics);
    RegisterAggregateRoutes(server_, *services);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
    if (services) services->cache.WaitForRefreshes();  // refreshes use the upstream
    services.reset();  // closes pooled connections, so the emulator stops at once
  }
  httplib::Result Get(const std::string& target, const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", port_);
    c.set_url_encode(false);  // targets are written encoded, as a browser sends them
    c.set_read_timeout(10, 0);
    return c.Get(target.c_str(), headers);
  }
  json GetJson(const std::string& target, const httplib::Headers& headers = {}) {
    httplib::Result r = Get(target, headers);
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  int Calls(int provider) const { return emu.control->calls[provider].load(); }

  testing::RunningEmulator emu;
  std::unique_ptr<Services> services;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(AggregateTest, AsksEveryProviderAtOnceAndFollowsTheirPages) {
  EmulatorFaults slow;
  slow.delay_ms = 100;
  for (ProviderId p : {ProviderId::kVast, ProviderId::kPrimeIntellect, ProviderId::kDispersed}) emu.control->SetFaults(p, slow);
  Start();
  auto t0 = Clock::now();
  json answer = GetJson("/api/v1/offers");
  double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const json& st = answer["providers"];
  std::size_t prime = EmulatedOfferCount(ProviderId::kPrimeIntellect), dispersed = EmulatedOfferCount(ProviderId::kDispersed);
  EXPECT_EQ(st["vast"]["status"], "ok");
  EXPECT_EQ(st["vast"]["pages"], 1);
  EXPECT_EQ(st["primeintellect"]["status"], "ok") << st["primeintellect"].dump();
  EXPECT_EQ(st["primeintellect"]["pages"], Pages(prime, 100));
  EXPECT_EQ(st["primeintellect"]["offers"], prime);
  EXPECT_EQ(st["dispersed"]["pages"], Pages(dispersed, 50));
  EXPECT_EQ(st["dispersed"]["offers"], dispersed);
  EXPECT_TRUE(st["dispersed"]["message"].is_null());
  std::size_t vast = st["vast"]["offers"];
  EXPECT_GT(vast, 1000u);  // the CLI defaults (verified, rentable, not rented) keep most
  EXPECT_EQ(answer["offers"].size(), vast + prime + dispersed);
  EXPECT_TRUE(answer["snapshot"].is_null());
  // 23 calls of 100 ms one after another would take 2.3 s; in parallel about 0.6 s.
  EXPECT_LT(seconds, 1.4);
  EXPECT_GE(emu.control->max_in_flight[kDispersed].load(), 2);
  // Cheapest per GPU-hour first when no sort is given; every key of core's offer JSON.
  double last = 0;
  for (const json& o : answer["offers"]) {
    if (o["price_usd_per_gpu_hour"].is_null()) continue;
    EXPECT_GE(o["price_usd_per_gpu_hour"].get<double>(), last);
    last = o["price_usd_per_gpu_hour"];
  }
  for (std::string_view k : core::OfferJsonKeys()) EXPECT_TRUE(answer["offers"][0].contains(std::string(k))) << k;
}

TEST_F(AggregateTest, FiltersAndSortsWithCore) {
  Start();
  std::string q = core::UrlEncode("gpu=H100 gpu_count>=8 price_per_gpu<3");
  json answer = GetJson("/api/v1/offers?q=" + q + "&sort=-vram_gb,price&disk=200");
  ASSERT_GT(answer["offers"].size(), 3u);
  double last_vram = 1e9, last_price = 0;
  for (const json& o : answer["offers"]) {
    EXPECT_EQ(o["gpu"].get<std::string>().rfind("H100", 0), 0u) << o["gpu"];
    EXPECT_GE(o["gpu_count"].get<int>(), 8);
    EXPECT_LT(o["price_usd_per_gpu_hour"].get<double>(), 3);
    double vram = o["vram_gb"], price = o["price_usd_per_hour"];
    EXPECT_LE(vram, last_vram);
    if (vram == last_vram) {
      EXPECT_GE(price, last_price);
    }
    last_vram = vram;
    last_price = price;
  }
}

TEST_F(AggregateTest, OneProviderFailingLeavesTheOthersAnswering) {
  EmulatorFaults down;
  down.error_first = -1;
  down.error_status = 500;
  emu.control->SetFaults(ProviderId::kPrimeIntellect, down);
  Start([](Config& c) { c.max_retries = 0; });
  json answer = GetJson("/api/v1/offers");
  EXPECT_EQ(answer["providers"]["primeintellect"]["status"], "error");
  EXPECT_NE(answer["providers"]["primeintellect"]["message"].get<std::string>().find("500"), std::string::npos)
      << answer["providers"]["primeintellect"].dump();
  EXPECT_EQ(answer["providers"]["primeintellect"]["offers"], 0);
  EXPECT_EQ(answer["providers"]["vast"]["status"], "ok");
  EXPECT_EQ(answer["providers"]["dispersed"]["status"], "ok");
  EXPECT_GT(answer["offers"].size(), 1000u);
}

TEST_F(AggregateTest, AProviderThatNeedsAKeyIsNotAskedWithoutOne) {
  Start([](Config& c) { c.keys[kPrime] = ""; });
  json answer = GetJson("/api/v1/offers");
  const json& p = answer["providers"]["primeintellect"];
  EXPECT_EQ(p["status"], "error");
  EXPECT_NE(p["message"].get<std::string>().find("PRIME_API_KEY"), std::string::npos) << p.dump();
  EXPECT_EQ(Calls(kPrime), 0);
  // Asking again cannot change that, so the whole answer is reused.
  httplib::Result again = Get("/api/v1/offers");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get_header_value("X-OfferScope-Cache"), "hit");
}

TEST_F(AggregateTest, MalformedOrTruncatedPagesAreThatProvidersError) {
  EmulatorFaults garbled;
  garbled.malformed_json = true;
  emu.control->SetFaults(ProviderId::kDispersed, garbled);
  EmulatorFaults cut;
  cut.truncated_body = true;
  emu.control->SetFaults(ProviderId::kVast, cut);
  Start([](Config& c) { c.max_retries = 0; });
  json answer = GetJson("/api/v1/offers");
  EXPECT_EQ(answer["providers"]["dispersed"]["status"], "error");
  EXPECT_EQ(answer["providers"]["vast"]["status"], "error");
  EXPECT_EQ(answer["providers"]["primeintellect"]["status"], "ok");
  EXPECT_EQ(answer["offers"].size(), EmulatedOfferCount(ProviderId::kPrimeIntellect));
  EXPECT_EQ(services->cache.GetAny(ResponseCache::Key(ProviderId::kDispersed,
                                                      {"GET", "/v1/compute/offers", {{"limit", "50"}, {"page", "1"}}, ""})),
            nullptr);  // an unreadable page is never cached
}

TEST_F(AggregateTest, StopsAtThePageCapAndSaysItIsTruncated) {
  Start([](Config& c) { c.max_pages = 3; });
  json answer = GetJson("/api/v1/offers?providers=dispersed,primeintellect");
  const json& d = answer["providers"]["dispersed"];
  EXPECT_EQ(d["status"], "truncated");
  EXPECT_EQ(d["pages"], 3);
  EXPECT_EQ(d["offers"], 150);
  std::string pages = std::to_string(Pages(EmulatedOfferCount(ProviderId::kDispersed), 50));
  EXPECT_NE(d["message"].get<std::string>().find("stopped after 3 of " + pages + " pages"), std::string::npos) << d.dump();
  EXPECT_EQ(answer["providers"]["primeintellect"]["status"], "truncated");
  EXPECT_FALSE(answer["providers"].contains("vast"));  // not selected
  EXPECT_EQ(answer["offers"].size(), 450u);
}

TEST_F(AggregateTest, AnswersCsvWithTheOfferColumns) {
  Start();
  httplib::Result r = Get("/api/v1/offers?providers=dispersed&format=csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(r->body.substr(0, r->body.find('\n') + 1), core::OfferCsvHeader());
  EXPECT_EQ(static_cast<std::size_t>(std::count(r->body.begin(), r->body.end(), '\n')),
            EmulatedOfferCount(ProviderId::kDispersed) + 1);
}

TEST_F(AggregateTest, RefusesABadRequestAndSaysWhere) {
  Start();
  auto bad = [&](const std::string& target) {
    httplib::Result r = Get(target);
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 400) << target;
    return json::parse(r->body, nullptr, false);
  };
  json q = bad("/api/v1/offers?q=" + core::UrlEncode("gpu=H100 num_gpus>>2"));
  EXPECT_EQ(q["parameter"], "q");
  EXPECT_EQ(q["position"], 17);  // the operator that cannot be read
  EXPECT_EQ(q["length"], 2);
  EXPECT_NE(q["error"].get<std::string>().find("'>>'"), std::string::npos) << q.dump();
  EXPECT_NE(q["error"].get<std::string>().find("column 18"), std::string::npos) << q.dump();
  json sort = bad("/api/v1/offers?sort=tflops,nonsense");
  EXPECT_EQ(sort["parameter"], "sort");
  EXPECT_NE(sort["error"].get<std::string>().find("nonsense"), std::string::npos);
  EXPECT_EQ(bad("/api/v1/offers?providers=vast,aws")["parameter"], "providers");
  EXPECT_EQ(bad("/api/v1/offers?dsk=100")["parameter"], "dsk");
  EXPECT_EQ(bad("/api/v1/offers?format=xml")["parameter"], "format");
  EXPECT_EQ(Calls(0) + Calls(kPrime) + Calls(kDispersed), 0);  // nothing was fetched
}

TEST_F(AggregateTest, ReusesCachedAnswersAndFallsBackToAStaleCopyWhenProvidersGoAway) {
  Start([](Config& c) {
    // Long enough that the second request still finds the first's pages fresh on a loaded
    // machine (0.2 s failed once under load, likely because its pages took longer to arrive).
    c.cache_ttl_s = 2;
    c.cache_stale_s = 0;
    c.max_retries = 0;
  });
  json first = GetJson("/api/v1/offers?providers=dispersed");
  int calls = Calls(kDispersed);
  httplib::Result again = Get("/api/v1/offers?providers=dispersed");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get_header_value("X-OfferScope-Cache"), "hit");
  EXPECT_EQ(Calls(kDispersed), calls);  // answered from the cache
  EmulatorFaults down;
  down.error_first = -1;
  down.error_status = 503;
  emu.control->SetFaults(ProviderId::kDispersed, down);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // past the TTL
  json stale = GetJson("/api/v1/offers?providers=dispersed");
  const json& d = stale["providers"]["dispersed"];
  EXPECT_EQ(d["status"], "stale") << d.dump();
  EXPECT_GE(d["age_s"].get<long long>(), 0);
  EXPECT_NE(d["message"].get<std::string>().find("503"), std::string::npos) << d.dump();
  EXPECT_EQ(stale["offers"].size(), first["offers"].size());
  // With the provider gone altogether (connections refused) the copy still stands in.
  services->cache.WaitForRefreshes();
  emu.Stop();
  json gone = GetJson("/api/v1/offers?providers=dispersed");
  EXPECT_EQ(gone["providers"]["dispersed"]["status"], "stale") << gone["providers"].dump();
  EXPECT_NE(gone["providers"]["dispersed"]["message"].get<std::string>().find("could not be reached"), std::string::npos);
}

TEST_F(AggregateTest, NeverCachesWhatACallersOwnKeyFetched) {
  Start();
  httplib::Headers mine = {{"X-OfferScope-Key-Primeintellect", "callers-own-key"}};
  GetJson("/api/v1/offers?providers=primeintellect", mine);
  int calls = Calls(kPrime);
  json again = GetJson("/api/v1/offers?providers=primeintellect", mine);
  EXPECT_EQ(Calls(kPrime), 2 * calls);  // asked upstream again, every page
  EXPECT_EQ(again["providers"]["primeintellect"]["status"], "ok");
  EXPECT_EQ(services->cache.size(), 0u);
}

// A caller that does not take gzip gets its answer without waiting for the compression;
// the answer is stored, gzip'd, in the background for the next caller.
TEST_F(AggregateTest, StoresTheAnswerOfACallerWithoutGzipInTheBackground) {
  Start();
  httplib::Result plain = Get("/api/v1/offers?providers=vast", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->get_header_value("X-OfferScope-Cache"), "miss");
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  services->cache.WaitForRefreshes();
  httplib::Result zipped = Get("/api/v1/offers?providers=vast", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->get_header_value("X-OfferScope-Cache"), "hit");
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->body, plain->body);  // the client inflated it
}

TEST_F(AggregateTest, SendsLargeAnswersGzippedOnce) {
  Start();
  httplib::Result r = Get("/api/v1/offers?providers=vast", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(r->get_header_value_count("Content-Encoding"), 1u);
  EXPECT_EQ(json::parse(r->body, nullptr, false)["providers"]["vast"]["status"], "ok");  // the client inflated it
}

TEST_F(AggregateTest, DemoModeAnswersFromTheSnapshotAndSaysSo) {
  Start({}, /*demo=*/true);
  httplib::Result r = Get("/api/v1/offers?q=" + core::UrlEncode("gpu=RTX_4090"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("X-OfferScope-Snapshot"), kDemoSnapshotTime);
  json answer = json::parse(r->body, nullptr, false);
  EXPECT_EQ(answer["snapshot"], kDemoSnapshotTime);
  for (const char* p : {"vast", "primeintellect", "dispersed"}) {
    EXPECT_EQ(answer["providers"][p]["status"], "ok") << p;
    EXPECT_EQ(answer["providers"][p]["fetched_at"], kDemoSnapshotTime);
  }
  ASSERT_GT(answer["offers"].size(), 50u);
  for (const json& o : answer["offers"]) EXPECT_EQ(o["gpu"].get<std::string>().rfind("RTX 4090", 0), 0u) << o["gpu"];
  EXPECT_EQ(Calls(0) + Calls(kPrime) + Calls(kDispersed), 0);  // no network at all
}

TEST(DemoModeDecision, FollowsTheFlagThenKeysThenWhetherAProviderAnswers) {
  Config c;
  for (int p = 0; p < core::kProviderCount; ++p) c.base_urls[p] = "http://127.0.0.1:1/";  // refused at once
  auto t0 = Clock::now();
  EXPECT_TRUE(DecideDemoMode(c));  // no key, nothing reachable
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 1.0);
  testing::RunningEmulator emu;
  c.base_urls[kDispersed] = emu.BaseUrl(ProviderId::kDispersed);
  EXPECT_FALSE(DecideDemoMode(c));  // one provider answers: live
  c.base_urls[kDispersed] = "http://127.0.0.1:1/";
  c.keys[kPrime] = "a-key";
  EXPECT_FALSE(DecideDemoMode(c));  // a key means the owner wants live data
  c.demo = true;
  EXPECT_TRUE(DecideDemoMode(c));
  c.demo = false;
  c.keys[kPrime].clear();
  EXPECT_FALSE(DecideDemoMode(c));
}

// Through the whole server (MakeServer): demo answers are labelled on every route.
TEST(AggregateDemo, EveryRouteSaysItIsTheSnapshot) {
  Metrics metrics;
  testing::TestServer server(Config{}, MakeDemoUpstream(metrics), /*demo=*/true);
  httplib::Client c = server.Client();
  auto offers = c.Get("/api/v1/offers?providers=dispersed");
  ASSERT_TRUE(offers);
  EXPECT_EQ(offers->status, 200);
  EXPECT_EQ(json::parse(offers->body, nullptr, false)["snapshot"], kDemoSnapshotTime);
  auto pass = c.Get("/api/v1/providers/dispersed/v1/compute/offers?limit=5&page=1");
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->status, 200);
  EXPECT_EQ(pass->get_header_value("X-OfferScope-Snapshot"), kDemoSnapshotTime);
  server.services().cache.WaitForRefreshes();
}

}  // namespace
}  // namespace offerscope::proxy
