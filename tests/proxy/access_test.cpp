// The access token and the choice of key: who gets the server-held keys, that answers
// fetched with them never reach a caller without the token, and that no key ever shows up in
// an answer, a header or a log line.
#include "proxy/access.hpp"

#include <gtest/gtest.h>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using testing::LogCapture;
using testing::RecordingUpstream;
using testing::TestServer;

constexpr const char* kToken = "team-token-0123456789abcdef";
constexpr const char* kVastKey = "SERVERKEY-vast-0123456789";
constexpr const char* kPrimeKey = "SERVERKEY-prime-0123456789";

Config WithToken() {
  Config c;
  c.access_token = kToken;
  c.keys[0] = kVastKey;
  c.keys[1] = kPrimeKey;
  return c;
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

struct Harness {
  explicit Harness(Config c) {
    auto up = std::make_unique<RecordingUpstream>();
    rec = up.get();
    server = std::make_unique<TestServer>(std::move(c), std::move(up));
  }
  std::vector<UpstreamRequest> Calls() {
    std::lock_guard<std::mutex> l(rec->mu);
    return rec->calls;
  }
  RecordingUpstream* rec;
  std::unique_ptr<TestServer> server;
};

TEST(AccessToken, GatesTheServersKeysAndTheRoutesThatUseThem) {
  Harness h(WithToken());
  httplib::Client c = h.server->Client();
  auto offers = c.Get("/api/v1/offers?providers=vast");
  ASSERT_TRUE(offers);
  EXPECT_EQ(offers->status, 401);
  EXPECT_EQ(offers->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(c.Get("/metrics")->status, 401);
  EXPECT_EQ(c.Get("/metrics", Bearer(kToken))->status, 200);
  auto wrong = c.Post("/api/v1/providers/vast/api/v0/bundles/", Bearer("team-token-0123456789abcdeX"), "{}",
                      "application/json");
  EXPECT_EQ(wrong->status, 401);
  auto not_bearer = c.Post("/api/v1/providers/vast/api/v0/bundles/", {{"Authorization", kToken}}, "{}",
                           "application/json");
  EXPECT_EQ(not_bearer->status, 401);
  EXPECT_TRUE(h.Calls().empty());
  // The app itself stays public, so the page can load and ask for a token.
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  EXPECT_EQ(c.Get("/")->status, 404);  // no static folder in this test, but not a 401
}

TEST(AccessToken, LetsAuthenticatedCallersUseTheServersKeyAndOthersOnlyTheirOwnOrNone) {
  Harness h(WithToken());
  httplib::Client c = h.server->Client();
  EXPECT_EQ(c.Post("/api/v1/providers/vast/api/v0/bundles/", Bearer(kToken), "{}", "application/json")->status, 200);
  auto anonymous = c.Post("/api/v1/providers/vast/api/v0/bundles/", "{}", "application/json");
  EXPECT_EQ(anonymous->status, 200);
  // Not the cached answer fetched with the owner's key: its own, anonymous, call.
  EXPECT_EQ(anonymous->get_header_value("X-OfferScope-Cache"), "miss");
  auto own = c.Post("/api/v1/providers/vast/api/v0/bundles/", {{"X-OfferScope-Key-Vast", "callers-own-key"}}, "{}",
                    "application/json");
  EXPECT_EQ(own->status, 200);
  auto prime = c.Get("/api/v1/providers/primeintellect/api/v1/availability/gpus");
  EXPECT_EQ(prime->status, 401);  // needs a key, and the server's is not for strangers
  EXPECT_NE(prime->body.find("access token"), std::string::npos);
  std::vector<UpstreamRequest> calls = h.Calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].key, kVastKey);
  EXPECT_EQ(calls[1].key, "");
  EXPECT_EQ(calls[2].key, "callers-own-key");
}

TEST(AccessToken, WithoutATokenConfiguredEveryCallerUsesTheServersKeys) {
  Config c;
  c.keys[1] = kPrimeKey;
  Harness h(c);
  auto prime = h.server->Client().Get("/api/v1/providers/primeintellect/api/v1/availability/gpus");
  EXPECT_EQ(prime->status, 200);
  ASSERT_EQ(h.Calls().size(), 1u);
  EXPECT_EQ(h.Calls()[0].key, kPrimeKey);
}

TEST(Keys, NeverAppearInAnswersHeadersOrLogs) {
  Config c = WithToken();
  c.keys[2] = "SERVERKEY-dispersed-0123456789";
  LogCapture log;
  std::string all;
  {
    Harness h(c);
    // Upstreams that echo whatever key they got, in bodies and errors.
    h.rec->reply.status = 401;
    h.rec->echo_key = true;
    httplib::Client cl = h.server->Client();
    auto collect = [&](const httplib::Result& r) {
      ASSERT_TRUE(r);
      all += std::to_string(r->status) + " " + r->body;
      for (const auto& [k, v] : r->headers) all += k + ": " + v + "\n";
    };
    httplib::Headers browser = {{"X-OfferScope-Key-Vast", "BROWSERKEY-abcdef"}};
    httplib::Headers both = {{"X-OfferScope-Key-Vast", "BROWSERKEY-abcdef"}, {"Authorization", std::string("Bearer ") + kToken}};
    collect(cl.Post("/api/v1/providers/vast/api/v0/bundles/", Bearer(kToken), "{}", "application/json"));
    collect(cl.Post("/api/v1/providers/vast/api/v0/bundles/", browser, "{}", "application/json"));
    collect(cl.Get("/api/v1/providers/vast/api/v1/instances/", both));
    collect(cl.Get("/api/v1/providers/vast/api/v0/users/", browser));
    collect(cl.Get("/api/v1/instances", browser));
    collect(cl.Get("/api/v1/instances", Bearer(kToken)));
    collect(cl.Get("/api/v1/providers/dispersed/v1/compute/offers?api_key=BROWSERKEY-abcdef", Bearer(kToken)));
    {
      std::lock_guard<std::mutex> l(h.rec->mu);
      h.rec->reply = UpstreamResponse{};
      h.rec->reply.error = "timeout talking to upstream";
    }
    collect(cl.Post("/api/v1/providers/vast/api/v0/bundles/", Bearer(kToken), "{\"x\":1}", "application/json"));
    collect(cl.Get("/healthz", Bearer(kToken)));
    collect(cl.Get("/metrics", Bearer(kToken)));
    EXPECT_GE(h.Calls().size(), 6u);
  }
  std::string lines = log.Text();
  for (const std::string& secret : {std::string("SERVERKEY"), std::string("BROWSERKEY"), std::string(kToken)}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << secret << " in:\n" << all;
    EXPECT_EQ(lines.find(secret), std::string::npos) << secret << " in:\n" << lines;
  }
  EXPECT_NE(lines.find("\"route\":\"/api/v1/instances\""), std::string::npos);
  EXPECT_EQ(lines.find("api_key"), std::string::npos);  // no query strings in logs
}

TEST(AccessToken, ComparesInConstantTimeOverHashesAndStillExactly) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(AccessToken, RefusesImplausibleCallerKeysWithoutEchoingThem) {
  Harness h(Config{});
  auto res = h.server->Client().Post("/api/v1/providers/vast/api/v0/bundles/",
                                     {{"X-OfferScope-Key-Vast", std::string(600, 'k')}}, "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body.find("kkkk"), std::string::npos);
  // Too short to be a key, and it would garble the answer it is scrubbed from.
  res = h.server->Client().Post("/api/v1/providers/vast/api/v0/bundles/", {{"X-OfferScope-Key-Vast", "e"}}, "{}",
                                "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("8 to 512 visible ASCII characters"), std::string::npos) << res->body;
  EXPECT_TRUE(h.Calls().empty());
}

TEST(Redact, ReplacesEveryOccurrenceOfEachSecretAndLeavesTheRestAlone) {
  EXPECT_EQ(Redact("key=abc123&again=abc123", {"abc123"}), "key=[redacted]&again=[redacted]");
  EXPECT_EQ(Redact("nothing here", {"abc123", ""}), "nothing here");
  EXPECT_EQ(Redact("a-b", {"a", "b"}), "[redacted]-[redacted]");
  // A short, frequent secret in a large body: one linear pass (in-place replacement was
  // quadratic: 128 KB of it took over a second).
  std::string big(1 << 20, 'k');
  std::string out = Redact(big, {"k"});
  EXPECT_EQ(out.size(), big.size() * 10);
  EXPECT_EQ(out.find('k'), std::string::npos);
}

}  // namespace
}  // namespace offerscope::proxy
