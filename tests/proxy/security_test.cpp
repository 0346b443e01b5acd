// Security matrix: requests that try to leave the allowlist, CORS, the access token, and
// keys that must never show up in answers or logs. The upstream is a recording fake, so
// "refused" means the upstream saw nothing at all.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "tests/proxy/test_server.hpp"

using namespace offerscope::proxy;
using offerscope::proxy::testing::RecordingUpstream;
using offerscope::proxy::testing::TestServer;

namespace {

// Sends a raw request line (no client-side normalisation) and returns the status code.
int RawStatus(int port, const std::string& request) {
  httplib::Client c("127.0.0.1", port);
  // httplib's client would normalise some of these; a socket keeps them byte for byte.
  int fd = -1;
  {
    struct sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  }
  send(fd, request.data(), request.size(), 0);
  char buf[512] = {0};
  ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
  close(fd);
  if (n < 12) return 0;
  return std::atoi(buf + 9);
}

}  // namespace

TEST(PassthroughSecurity, RefusesEveryAttemptToLeaveTheAllowlist) {
  auto up = std::make_unique<RecordingUpstream>();
  RecordingUpstream* rec = up.get();
  TestServer server(Config{}, std::move(up));
  const char* kTargets[] = {
      "/api/v1/providers/vast/api/v0/bundles/../users/",
      "/api/v1/providers/vast/api/v0/bundles/%2e%2e/users/",
      "/api/v1/providers/vast/api/v0/bundles/%2E%2E/users/",
      "/api/v1/providers/vast/api/v0/bundles/.%2e/users/",
      "/api/v1/providers/vast/api/v0/bundles/%2e./users/",
      "/api/v1/providers/vast/api/v0/bundles/%252e%252e/users/",
      "/api/v1/providers/vast/api/v0/bundles/..%2fusers/",
      "/api/v1/providers/vast/api/v0/bundles/..%2Fusers/",
      "/api/v1/providers/vast/api/v0/bundles/..%5cusers/",
      "/api/v1/providers/vast/api/v0/bundles/..\\users/",
      "/api/v1/providers/vast/api/v0%2fbundles/",
      "/api/v1/providers/vast//api/v0/bundles/",
      "/api/v1/providers/vast/./api/v0/bundles/",
      "/api/v1/providers/vast/api/v0/bundles/.",
      "/api/v1/providers/vast/api/v0/bundles/..",
      "/api/v1/providers/vast/api/v0/users/",
      "/api/v1/providers/vast/api/v0/instances/123/",
      "/api/v1/providers/vast/api/v0/asks/123/",
      "/api/v1/providers/vast/api/v1/instances/../../v0/users/",
      "/api/v1/providers/vast/%00/api/v0/bundles/",
      "/api/v1/providers/vast/api/v0/bundles/%00",
      "/api/v1/providers/vast@evil.example/api/v0/bundles/",
      "/api/v1/providers/vast%2f..%2f..%2fetc/passwd",
      "/api/v1/providers/primeintellect/api/v1/pods/",
      "/api/v1/providers/primeintellect/api/v1/availability/gpus/../../pods/",
      "/api/v1/providers/primeintellect/api/v1/availability/%2e%2e/pods/",
      "/api/v1/providers/primeintellect/api/v1/user/",
      "/api/v1/providers/primeintellect/api/v1/availability/gpus/extra",
      "/api/v1/providers/dispersed/v1/jobs",
      "/api/v1/providers/dispersed/v1/compute/offers/../../jobs",
      "/api/v1/providers/dispersed/v1/compute/offers/%2e%2e",
      "/api/v1/providers/dispersed/v1/job-runs",
      "/api/v1/providers/runpod/v1/pods",
      "/api/v1/providers/evil.example/api",
      "/api/v1/providers/http:%2f%2fevil.example/api",
      "/api/v1/providers/https://evil.example/api/v0/bundles/",
      "/api/v1/providers//evil.example/api/v0/bundles/",
      "/api/v1/providers/vast/https://evil.example/",
      "/api/v1/providers/vast/api/v0/bundles/%2F%2Fevil.example",
      "/api/v1/providers/vast/api/v0/bundles/%5C%5Cevil.example",
  };
  int n = 0;
  for (const char* t : kTargets) {
    for (const char* method : {"GET", "POST"}) {
      std::string req = std::string(method) + " " + t + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
      int status = RawStatus(server.port(), req);
      EXPECT_GE(status, 400) << method << " " << t;
      ++n;
    }
  }
  // Absolute-form targets and host header games never pick the upstream host.
  for (const char* req : {
           "GET http://evil.example/api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
           "GET https://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
           "PUT /api/v1/providers/vast/api/v0/asks/1/ HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n",
           "DELETE /api/v1/providers/vast/api/v1/instances/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
           "GET /api/v1/providers/vast/api/v0/bundles/%2e%2e%2f%2e%2e%2fusers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
       }) {
    EXPECT_GE(RawStatus(server.port(), req), 400) << req;
    ++n;
  }
  EXPECT_GE(n, 50);
  std::lock_guard<std::mutex> l(rec->mu);
  EXPECT_TRUE(rec->calls.empty()) << rec->calls.size() << " request(s) reached the upstream, first: "
                                  << (rec->calls.empty() ? "" : rec->calls[0].request.path);
}

TEST(PassthroughSecurity, ForwardsAllowlistedCallsToTheFixedPathOnly) {
  auto up = std::make_unique<RecordingUpstream>();
  RecordingUpstream* rec = up.get();
  TestServer server(Config{}, std::move(up));
  httplib::Client c = server.Client();
  auto res = c.Post("/api/v1/providers/vast/api/v0/bundles/", "{\"limit\":5}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  res = c.Get("/api/v1/providers/dispersed/v1/compute/offers?limit=50&page=2");
  ASSERT_TRUE(res);
  std::lock_guard<std::mutex> l(rec->mu);
  ASSERT_EQ(rec->calls.size(), 2u);
  EXPECT_EQ(rec->calls[0].request.path, "/api/v0/bundles/");
  EXPECT_EQ(rec->calls[0].request.body, "{\"limit\":5}");
  EXPECT_EQ(rec->calls[1].provider, offerscope::core::ProviderId::kDispersed);
  EXPECT_EQ(rec->calls[1].request.path, "/v1/compute/offers");
}

TEST(Cors, AnswersAllowedOriginsOnlyAndPreflightsWithExactHeaders) {
  Config config;
  config.allowed_origins = {"https://team.example"};
  TestServer server(config, std::make_unique<RecordingUpstream>());
  httplib::Client c = server.Client();
  auto ok = c.Get("/healthz", {{"Origin", "https://team.example"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), "https://team.example");
  auto bad = c.Get("/healthz", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->has_header("Access-Control-Allow-Origin"));
  auto pre = c.Options("/api/v1/offers", {{"Origin", "https://team.example"}, {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Methods"), "GET, POST, PUT, OPTIONS");
  EXPECT_NE(pre->get_header_value("Access-Control-Allow-Headers").find("X-OfferScope-Key-Vast"), std::string::npos);
  auto pre_bad = c.Options("/api/v1/offers", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(pre_bad);
  EXPECT_FALSE(pre_bad->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(pre_bad->has_header("Access-Control-Allow-Methods"));
}

TEST(AccessToken, IsRequiredOnTheApiWhenConfigured) {
  Config config;
  config.access_token = "team-secret-token";
  config.keys[0] = "server-held-vast-key";
  auto up = std::make_unique<RecordingUpstream>();
  RecordingUpstream* rec = up.get();
  TestServer server(config, std::move(up));
  httplib::Client c = server.Client();
  auto denied = c.Post("/api/v1/providers/vast/api/v0/bundles/", "{}", "application/json");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  auto wrong = c.Post("/api/v1/providers/vast/api/v0/bundles/", {{"Authorization", "Bearer team-secret-tokem"}}, "{}",
                      "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  {
    std::lock_guard<std::mutex> l(rec->mu);
    EXPECT_TRUE(rec->calls.empty());
  }
  auto allowed = c.Post("/api/v1/providers/vast/api/v0/bundles/", {{"Authorization", "Bearer team-secret-token"}}, "{}",
                        "application/json");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  std::lock_guard<std::mutex> l(rec->mu);
  ASSERT_EQ(rec->calls.size(), 1u);
  EXPECT_EQ(rec->calls[0].key, "server-held-vast-key");
  // The static app stays public so the page can load and ask for the token.
  EXPECT_EQ(c.Get("/healthz")->status, 200);
}

TEST(Keys, NeverAppearInAnswersHeadersOrLogs) {
  Config config;
  config.keys[0] = "SERVERKEY-0123456789";
  auto up = std::make_unique<RecordingUpstream>();
  RecordingUpstream* rec = up.get();
  ::testing::internal::CaptureStderr();
  {
    TestServer server(config, std::move(up));
    httplib::Client c = server.Client();
    std::string all;
    auto collect = [&](const httplib::Result& r) {
      ASSERT_TRUE(r);
      all += r->body;
      for (const auto& [k, v] : r->headers) all += k + ": " + v + "\n";
    };
    collect(c.Post("/api/v1/providers/vast/api/v0/bundles/", "{}", "application/json"));
    collect(c.Get("/api/v1/providers/vast/api/v1/instances/", {{"X-OfferScope-Key-Vast", "BROWSERKEY-abcdef"}}));
    collect(c.Get("/api/v1/providers/vast/api/v0/users/", {{"X-OfferScope-Key-Vast", "BROWSERKEY-abcdef"}}));
    collect(c.Get("/api/v1/instances", {{"X-OfferScope-Key-Vast", "BROWSERKEY-abcdef"}}));
    collect(c.Get("/metrics"));
    EXPECT_EQ(all.find("SERVERKEY"), std::string::npos);
    EXPECT_EQ(all.find("BROWSERKEY"), std::string::npos);
    std::lock_guard<std::mutex> l(rec->mu);
    ASSERT_GE(rec->calls.size(), 2u);
    EXPECT_EQ(rec->calls[0].key, "SERVERKEY-0123456789");
    EXPECT_EQ(rec->calls[1].key, "BROWSERKEY-abcdef");  // the caller's own key wins for its call
  }
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(log.find("SERVERKEY"), std::string::npos) << log;
  EXPECT_EQ(log.find("BROWSERKEY"), std::string::npos) << log;
}

TEST(Limits, OversizedBodiesAreRefusedWith413) {
  Config config;
  config.max_body_bytes = 1024;
  TestServer server(config, std::make_unique<RecordingUpstream>());
  auto res = server.Client().Post("/api/v1/providers/vast/api/v0/bundles/", std::string(4096, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST(ConfigParsing, RefusesWildcardOriginsWithServerKeysAndBadValues) {
  setenv("VAST_API_KEY", "k", 1);
  const char* a1[] = {"--allow-origin", "*"};
  ConfigResult r = ParseServeArgs(2, const_cast<char**>(a1));
  EXPECT_NE(r.error.find("'*'"), std::string::npos) << r.error;
  unsetenv("VAST_API_KEY");
  const char* a2[] = {"--port", "99999"};
  EXPECT_FALSE(ParseServeArgs(2, const_cast<char**>(a2)).error.empty());
  const char* a3[] = {"--base-url", "runpod=https://x"};
  EXPECT_FALSE(ParseServeArgs(2, const_cast<char**>(a3)).error.empty());
  const char* a4[] = {"--port", "0", "--demo"};
  ConfigResult ok = ParseServeArgs(3, const_cast<char**>(a4));
  EXPECT_TRUE(ok.error.empty()) << ok.error;
  EXPECT_EQ(ok.config.port, 0);
  EXPECT_TRUE(ok.config.demo.value_or(false));
}

TEST(ConfigParsing, RefusesAWorldReadableConfigFileWithKeys) {
  std::string path = ::testing::TempDir() + "offerscope_config_test.json";
  FILE* f = fopen(path.c_str(), "w");
  fputs("{\"keys\": {\"vast\": \"abc\"}}", f);
  fclose(f);
  chmod(path.c_str(), 0644);
  const char* a[] = {"--config", path.c_str()};
  ConfigResult r = ParseServeArgs(2, const_cast<char**>(a));
  EXPECT_NE(r.error.find("chmod 600"), std::string::npos) << r.error;
  chmod(path.c_str(), 0600);
  r = ParseServeArgs(2, const_cast<char**>(a));
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.config.keys[0], "abc");
}
