// GET /api/v1/instances over a fake Vast: needs a key, follows pages, never cached, and
// answers only the fields the route documents.
#include "proxy/instances.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using testing::RecordingUpstream;
using testing::TestServer;

// Two pages: the first names the second with a next_token, as Vast's v1 API does.
class PagedVast : public Upstream {
 public:
  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    std::lock_guard<std::mutex> l(mu);
    calls.push_back(r);
    bool second = false;
    for (const auto& [k, v] : r.request.query) second = second || (k == "after_token" && v == "page2");
    UpstreamResponse out;
    out.status = 200;
    out.content_type = "application/json";
    out.body = second ? R"({"success":true,"total_instances":2,"instances":[{"id":2,"actual_status":"exited",
                          "gpu_name":"RTX 3090","num_gpus":1,"dph_total":0.25,"jupyter_token":"SECRET-jt"}]})"
                      : R"({"success":true,"total_instances":2,"next_token":"page2","instances":[{"id":1,
                          "label":"trainer","actual_status":"running","gpu_name":"RTX 4090","num_gpus":2,
                          "dph_total":0.8,"public_ipaddr":"203.0.113.7","jupyter_token":"SECRET-jt"}]})";
    return out;
  }
  std::mutex mu;
  std::vector<UpstreamRequest> calls;
};

TEST(Instances, ListsEveryPageWithTheCallersKeyAndNothingSecret) {
  auto up = std::make_unique<PagedVast>();
  PagedVast* vast = up.get();
  TestServer server(Config{}, std::move(up));
  httplib::Client c = server.Client();
  for (int round = 0; round < 2; ++round) {
    auto res = c.Get("/api/v1/instances", {{"X-OfferScope-Key-Vast", "caller-vast-key"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store, private");
    nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
    ASSERT_EQ(j["instances"].size(), 2u) << res->body;
    EXPECT_EQ(j["instances"][0]["id"], "1");
    EXPECT_EQ(j["instances"][0]["label"], "trainer");
    EXPECT_EQ(j["instances"][0]["status"], "running");
    EXPECT_EQ(j["instances"][0]["gpu_count"], 2);
    EXPECT_DOUBLE_EQ(j["instances"][0]["price_usd_per_hour"].get<double>(), 0.8);
    EXPECT_EQ(j["instances"][1]["status"], "exited");
    EXPECT_EQ(j["total"], 2);
    EXPECT_EQ(j["truncated"], false);
    EXPECT_EQ(res->body.find("SECRET-jt"), std::string::npos);
    EXPECT_EQ(res->body.find("203.0.113.7"), std::string::npos);
  }
  std::lock_guard<std::mutex> l(vast->mu);
  ASSERT_EQ(vast->calls.size(), 4u);  // two pages, twice: never from a cache
  for (const UpstreamRequest& r : vast->calls) {
    EXPECT_EQ(r.key, "caller-vast-key");
    EXPECT_EQ(r.request.path, "/api/v1/instances/");
  }
}

TEST(Instances, NeedsAKeyAndTheTokenBeforeTheServersKeyIsUsed) {
  auto up = std::make_unique<RecordingUpstream>();
  RecordingUpstream* rec = up.get();
  Config c;
  c.keys[0] = "server-vast-key-1234";
  c.access_token = "team-token-0123456789";
  TestServer server(c, std::move(up));
  auto res = server.Client().Get("/api/v1/instances");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(rec->Count(), 0u);
  auto authorized = server.Client().Get("/api/v1/instances", {{"Authorization", "Bearer team-token-0123456789"}});
  ASSERT_TRUE(authorized);
  EXPECT_EQ(authorized->status, 200) << authorized->body;
  std::lock_guard<std::mutex> l(rec->mu);
  ASSERT_EQ(rec->calls.size(), 1u);
  EXPECT_EQ(rec->calls[0].key, "server-vast-key-1234");
}

TEST(Instances, PassesOnVastRefusingTheKey) {
  auto up = std::make_unique<RecordingUpstream>();
  up->reply.status = 401;
  up->reply.body = R"({"success":false,"error":"invalid_api_key","msg":"bad key"})";
  TestServer server(Config{}, std::move(up));
  auto res = server.Client().Get("/api/v1/instances", {{"X-OfferScope-Key-Vast", "wrong-key"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("Vast"), std::string::npos) << res->body;
}

}  // namespace
}  // namespace offerscope::proxy
