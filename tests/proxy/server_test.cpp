// The server as a whole: /healthz, /metrics, one JSON log line per request with a fixed
// route label, errors answered as JSON, and a handler that throws costing one answer only.
#include "proxy/server.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using testing::LogCapture;
using testing::RawExchange;
using testing::RecordingUpstream;
using testing::StatusOf;
using testing::TestServer;

TEST(Healthz, SaysOkDemoAndTheSnapshotTime) {
  TestServer live(Config{}, std::make_unique<RecordingUpstream>());
  auto res = live.Client().Get("/healthz");
  ASSERT_TRUE(res);
  nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["demo"], false);
  EXPECT_TRUE(j["snapshot"].is_null());
  EXPECT_EQ(j["server_keys"]["vast"], false);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  TestServer demo(Config{}, std::make_unique<RecordingUpstream>(), /*demo=*/true);
  j = nlohmann::json::parse(demo.Client().Get("/healthz")->body, nullptr, false);
  EXPECT_EQ(j["demo"], true);
  EXPECT_EQ(j["snapshot"], "2026-11-20T12:00:00Z");
}

TEST(Metrics, CountsRequestsByRouteLabelAndStatusInPrometheusText) {
  TestServer server(Config{}, std::make_unique<RecordingUpstream>());
  httplib::Client c = server.Client();
  c.Get("/api/v1/providers/dispersed/v1/compute/offers?limit=1");
  c.Get("/api/v1/providers/dispersed/v1/compute/offers?limit=2");
  c.Get("/api/v1/providers/dispersed/v1/secret-looking-path");
  c.Get("/nope");
  auto res = c.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = res->body;
  EXPECT_NE(m.find("# TYPE offerscope_requests_total counter"), std::string::npos);
  EXPECT_NE(m.find("offerscope_requests_total{route=\"/api/v1/providers/dispersed/v1/compute/offers\",status=\"200\"} 2"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("offerscope_requests_total{route=\"/api/v1/providers/dispersed/other\",status=\"403\"} 1"),
            std::string::npos);
  EXPECT_NE(m.find("offerscope_requests_total{route=\"static\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(m.find("offerscope_cache_misses_total 2"), std::string::npos);
  EXPECT_NE(m.find("offerscope_bytes_total{direction=\"out\"}"), std::string::npos);
  EXPECT_EQ(m.find("secret-looking-path"), std::string::npos);
}

TEST(Metrics, RendersUpstreamHistogramsCumulatively) {
  Metrics m;
  m.ObserveUpstream("vast", 200, 0.03);
  m.ObserveUpstream("vast", 200, 3);
  m.CountRetry("vast");
  std::string text = m.Render();
  EXPECT_NE(text.find("offerscope_upstream_seconds_bucket{provider=\"vast\",le=\"0.025\"} 0"), std::string::npos);
  EXPECT_NE(text.find("offerscope_upstream_seconds_bucket{provider=\"vast\",le=\"0.05\"} 1"), std::string::npos);
  EXPECT_NE(text.find("offerscope_upstream_seconds_bucket{provider=\"vast\",le=\"5\"} 2"), std::string::npos);
  EXPECT_NE(text.find("offerscope_upstream_seconds_bucket{provider=\"vast\",le=\"+Inf\"} 2"), std::string::npos);
  EXPECT_NE(text.find("offerscope_upstream_seconds_count{provider=\"vast\"} 2"), std::string::npos);
  EXPECT_NE(text.find("offerscope_upstream_retries_total{provider=\"vast\"} 1"), std::string::npos);
}

TEST(Logs, WriteOneJsonObjectPerRequestWithoutPathsQueriesOrHeaders) {
  LogCapture log;
  {
    TestServer server(Config{}, std::make_unique<RecordingUpstream>());
    server.Client().Get("/api/v1/providers/dispersed/v1/compute/offers?token=QUERYSECRET",
                        {{"Cookie", "COOKIESECRET"}, {"Authorization", "Bearer AUTHSECRET"}});
  }
  std::istringstream lines(log.Text());
  int requests = 0;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    if (j["msg"] != "request") continue;
    ++requests;
    EXPECT_EQ(j["method"], "GET");
    EXPECT_EQ(j["route"], "/api/v1/providers/dispersed/v1/compute/offers");
    EXPECT_EQ(j["status"], 200);
    EXPECT_TRUE(j["ms"].is_number());
    EXPECT_EQ(j["bytes"], 13);
    EXPECT_EQ(j["level"], "info");
    EXPECT_TRUE(j["ts"].is_string());
  }
  EXPECT_EQ(requests, 1);
  for (const char* secret : {"QUERYSECRET", "COOKIESECRET", "AUTHSECRET"})
    EXPECT_EQ(log.Text().find(secret), std::string::npos) << secret;
}

TEST(Logs, TheRequestLineIsWhatTheGeneralLoggerWouldWrite) {
  LogCapture log;
  LogRequest("GET", "/api/v1/offers", 200, 12.34, 5678);
  Log("info", {{"msg", "request"}, {"method", "GET"}, {"route", "/api/v1/offers"}, {"status", 200}, {"ms", 12.3},
               {"bytes", 5678}});
  LogRequest("POST", "refused", 431, 0, 0);
  Log("info", {{"msg", "request"}, {"method", "POST"}, {"route", "refused"}, {"status", 431}, {"ms", 0.0},
               {"bytes", 0}});
  LogRequest("GET\"", "x", 200, 1, 1);  // not plain text: written by the general logger, escaped
  std::istringstream lines(log.Text());
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line.substr(0, line.find(",\"ts\":")));
  ASSERT_EQ(got.size(), 5u) << log.Text();
  EXPECT_EQ(got[0], got[1]);
  EXPECT_EQ(got[2], got[3]);
  EXPECT_EQ(got[0], R"({"bytes":5678,"level":"info","method":"GET","ms":12.3,"msg":"request","route":"/api/v1/offers","status":200)");
  EXPECT_FALSE(nlohmann::json::parse(log.Text().substr(log.Text().rfind('{')), nullptr, false).is_discarded());
}

// An upstream with a bug: it throws.
class ThrowingUpstream : public Upstream {
 public:
  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    if (r.request.query.empty()) throw std::runtime_error("boom");
    throw 42;  // not even a std::exception
  }
};

TEST(Server, AnswersAThrowingHandlerWith500AndKeepsServing) {
  LogCapture log;
  TestServer server(Config{}, std::make_unique<ThrowingUpstream>());
  httplib::Client c = server.Client();
  for (const char* target : {"/api/v1/providers/dispersed/v1/compute/offers",
                             "/api/v1/providers/dispersed/v1/compute/offers?limit=1"}) {
    auto res = c.Get(target);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 500);
    EXPECT_EQ(res->body, "{\"error\":\"internal error\"}");
  }
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  EXPECT_NE(log.Text().find("handler failed"), std::string::npos);
}

TEST(Server, AnswersErrorsAsJsonAndRefusesUnusedMethods) {
  TestServer server(Config{}, std::make_unique<RecordingUpstream>());
  httplib::Client c = server.Client();
  auto api = c.Get("/api/v9/nothing");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json");
  auto del = c.Delete("/api/v1/offers");
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(StatusOf(RawExchange(server.port(), "OPTIONS /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")), 405);
  auto post_static = c.Post("/index.html", "x", "text/plain");
  EXPECT_EQ(post_static->status, 404);
}

TEST(RouteLabels, AreAFixedSetNeverRequestText) {
  EXPECT_EQ(RouteLabel("/healthz"), "/healthz");
  EXPECT_EQ(RouteLabel("/api/v1/offers"), "/api/v1/offers");
  EXPECT_EQ(RouteLabel("/api/v1/providers/vast/api/v0/bundles/"), "/api/v1/providers/vast/api/v0/bundles/");
  EXPECT_EQ(RouteLabel("/api/v1/providers/vast/anything/else"), "/api/v1/providers/vast/other");
  EXPECT_EQ(RouteLabel("/api/v1/providers/x\"y/z"), "/api/v1/providers/unknown");
  EXPECT_EQ(RouteLabel("/api/v2/whatever?key=1"), "/api/other");
  EXPECT_EQ(RouteLabel("/some/file.js"), "static");
}

}  // namespace
}  // namespace offerscope::proxy
