// The aggregate endpoint and the real upstream client against the provider emulator, both
// on free ports: pagination followed, one provider failing, the page cap, CSV, bad queries,
// retries on 429.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "proxy/emulator/emulator.hpp"
#include "tests/proxy/test_server.hpp"

using namespace offerscope::proxy;
using offerscope::proxy::testing::TestServer;
using offerscope::core::ProviderId;

namespace {

class EmulatorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = MakeEmulatorServer(faults_);
    port_ = emulator_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { emulator_->listen_after_bind(); });
    while (!emulator_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    emulator_->stop();
    thread_.join();
  }
  Config ConfigForEmulator() {
    Config c;
    std::string base = "http://127.0.0.1:" + std::to_string(port_);
    c.base_urls = {base + "/vast", base + "/primeintellect", base + "/dispersed"};
    c.keys = {"vast-test-key", "prime-test-key", ""};
    c.upstream_timeout_s = 10;
    c.cache_ttl_s = 0;
    c.cache_stale_s = 0;
    return c;
  }
  std::unique_ptr<TestServer> Proxy(Config c) {
    auto up = MakeHttpUpstream(c, metrics_);
    return std::make_unique<TestServer>(c, std::move(up));
  }
  EmulatorFaults faults_;
  Metrics metrics_;
  std::unique_ptr<httplib::Server> emulator_;
  std::thread thread_;
  int port_ = 0;
};

nlohmann::json GetJson(TestServer& s, const std::string& path, int& status) {
  httplib::Client c = s.Client();
  c.set_read_timeout(60, 0);  // the aggregate waits for every provider's pages
  auto t0 = std::chrono::steady_clock::now();
  auto res = c.Get(path.c_str());
  std::fprintf(stderr, "GET %s: %.0f ms\n", path.c_str(),
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  status = res ? res->status : 0;
  return res ? nlohmann::json::parse(res->body, nullptr, false) : nlohmann::json();
}

}  // namespace

TEST_F(EmulatorFixture, AggregatesEveryProviderFollowingPagination) {
  auto proxy = Proxy(ConfigForEmulator());
  int status = 0;
  nlohmann::json j = GetJson(*proxy, "/api/v1/offers?v=1", status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["providers"]["vast"]["status"], "ok") << j["providers"].dump();
  EXPECT_EQ(j["providers"]["primeintellect"]["status"], "ok") << j["providers"].dump();
  EXPECT_EQ(j["providers"]["dispersed"]["status"], "ok") << j["providers"].dump();
  // Prime pages by 100 and Dispersed by 50: every page was fetched.
  std::size_t prime = EmulatedOfferCount(ProviderId::kPrimeIntellect);
  EXPECT_EQ(j["providers"]["primeintellect"]["offers"].get<std::size_t>(), prime);
  EXPECT_EQ(j["providers"]["primeintellect"]["pages"].get<long long>(), static_cast<long long>((prime + 99) / 100));
  EXPECT_EQ(j["providers"]["dispersed"]["offers"].get<std::size_t>(), EmulatedOfferCount(ProviderId::kDispersed));
  EXPECT_TRUE(j["snapshot"].is_null());
  ASSERT_TRUE(j["offers"].is_array());
  const auto& first = j["offers"][0];
  for (const char* key : {"provider", "id", "gpu", "gpu_count", "vram_gb", "price_usd_per_hour", "price_usd_per_gpu_hour",
                          "interruptible", "country"})
    EXPECT_TRUE(first.contains(key)) << key;
}

TEST_F(EmulatorFixture, FiltersAndSortsWithTheSharedQueryLanguage) {
  auto proxy = Proxy(ConfigForEmulator());
  int status = 0;
  nlohmann::json j = GetJson(*proxy, "/api/v1/offers?q=gpu%3DH100+gpu_count%3E%3D2&sort=price_per_gpu", status);
  ASSERT_EQ(status, 200);
  ASSERT_FALSE(j["offers"].empty()) << j["providers"].dump();
  double last = 0;
  for (const auto& o : j["offers"]) {
    EXPECT_EQ(o["gpu"].get<std::string>().rfind("H100", 0), 0u) << o["gpu"];
    EXPECT_GE(o["gpu_count"].get<int>(), 2);
    if (o["price_usd_per_gpu_hour"].is_number()) {
      EXPECT_GE(o["price_usd_per_gpu_hour"].get<double>(), last);
      last = o["price_usd_per_gpu_hour"].get<double>();
    }
  }
}

TEST_F(EmulatorFixture, OneProviderFailingLeavesTheOthers) {
  faults_.fail_provider = static_cast<int>(ProviderId::kDispersed);
  Config c = ConfigForEmulator();
  c.max_retries = 0;
  auto proxy = Proxy(c);
  int status = 0;
  nlohmann::json j = GetJson(*proxy, "/api/v1/offers?v=1", status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["providers"]["dispersed"]["status"], "error");
  EXPECT_NE(j["providers"]["dispersed"]["message"].get<std::string>().find("500"), std::string::npos);
  EXPECT_EQ(j["providers"]["vast"]["status"], "ok");
  EXPECT_GT(j["providers"]["primeintellect"]["offers"].get<int>(), 0);
}

TEST_F(EmulatorFixture, StopsAtThePageCapAndSaysSo) {
  Config c = ConfigForEmulator();
  c.max_pages = 2;
  auto proxy = Proxy(c);
  int status = 0;
  nlohmann::json j = GetJson(*proxy, "/api/v1/offers?providers=primeintellect", status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["providers"]["primeintellect"]["status"], "truncated");
  EXPECT_EQ(j["providers"]["primeintellect"]["offers"].get<int>(), 200);
}

TEST_F(EmulatorFixture, AnswersCsvAndRejectsBadQueriesWithAPosition) {
  auto proxy = Proxy(ConfigForEmulator());
  httplib::Client client = proxy->Client();
  client.set_read_timeout(60, 0);
  auto csv = client.Get("/api/v1/offers?q=provider%3Ddispersed&format=csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  std::size_t lines = std::count(csv->body.begin(), csv->body.end(), '\n');
  EXPECT_EQ(lines, EmulatedOfferCount(ProviderId::kDispersed) + 1);  // header + one per offer
  int status = 0;
  nlohmann::json bad = GetJson(*proxy, "/api/v1/offers?q=gpu_count%3D%3E8", status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(bad["position"], 9);
  EXPECT_NE(bad["error"].get<std::string>().find("operator"), std::string::npos);
}

TEST_F(EmulatorFixture, RetriesOn429HonouringRetryAfter) {
  faults_.rate_limit_next = 2;
  Config c = ConfigForEmulator();
  c.max_retries = 3;
  Metrics m;
  auto up = MakeHttpUpstream(c, m);
  UpstreamRequest r{ProviderId::kDispersed, {"GET", "/v1/compute/offers", {{"limit", "5"}, {"page", "1"}}, ""}, ""};
  auto t0 = std::chrono::steady_clock::now();
  UpstreamResponse res = up->Fetch(r);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.attempts, 3);
  EXPECT_GE(s, 1.9);  // Retry-After: 1, twice
  EXPECT_NE(m.Render().find("offerscope_upstream_retries_total{provider=\"dispersed\"} 2"), std::string::npos);
}

TEST_F(EmulatorFixture, ReportsMalformedAndOversizedAnswersAsProviderErrors) {
  Config c = ConfigForEmulator();
  faults_.malformed = true;
  auto proxy = Proxy(c);
  int status = 0;
  nlohmann::json j = GetJson(*proxy, "/api/v1/offers?providers=dispersed", status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["providers"]["dispersed"]["status"], "error");
  faults_.malformed = false;
  faults_.huge = true;
  c.max_upstream_bytes = 1 << 20;
  auto proxy2 = Proxy(c);
  j = GetJson(*proxy2, "/api/v1/offers?providers=dispersed", status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["providers"]["dispersed"]["status"], "error");
  EXPECT_NE(j["providers"]["dispersed"]["message"].get<std::string>().find("MB"), std::string::npos);
  // The proxy is still fine afterwards.
  faults_.huge = false;
  EXPECT_EQ(proxy2->Client().Get("/healthz")->status, 200);
}

TEST(DemoMode, AnswersFromTheSnapshotAndSaysSo) {
  Metrics m;
  TestServer server(Config{}, MakeDemoUpstream(m), /*demo=*/true);
  int status = 0;
  nlohmann::json j = GetJson(server, "/api/v1/offers?v=1", status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["snapshot"], "2026-11-20T12:00:00Z");
  for (const char* p : {"vast", "primeintellect", "dispersed"}) EXPECT_EQ(j["providers"][p]["status"], "ok") << p;
  auto pass = server.Client().Get("/api/v1/providers/dispersed/v1/compute/offers?limit=5&page=1");
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->get_header_value("X-OfferScope-Snapshot"), "2026-11-20T12:00:00Z");
}
