// CORS and Host rules: the origin matrix (own origin, listed, unlisted, '*', malformed),
// preflights answered with exactly each route's methods and headers, disallowed origins
// refused before any upstream call, and loopback servers answering only local Host names.
#include "proxy/cors.hpp"

#include <gtest/gtest.h>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using testing::RawExchange;
using testing::RecordingUpstream;
using testing::StatusOf;
using testing::TestServer;

struct Cors {
  explicit Cors(std::vector<std::string> origins) {
    Config c;
    c.allowed_origins = std::move(origins);
    auto up = std::make_unique<RecordingUpstream>();
    rec = up.get();
    server = std::make_unique<TestServer>(c, std::move(up));
  }
  httplib::Result Get(const std::string& path, const std::string& origin) {
    return server->Client().Get(path.c_str(), {{"Origin", origin}});
  }
  httplib::Result Preflight(const std::string& path, const std::string& origin, const std::string& method) {
    return server->Client().Options(path.c_str(), {{"Origin", origin}, {"Access-Control-Request-Method", method}});
  }
  RecordingUpstream* rec;
  std::unique_ptr<TestServer> server;
};

TEST(Cors, AllowsTheServersOwnOriginByDefaultAndNoOther) {
  Cors cors({});
  std::string own = "http://127.0.0.1:" + std::to_string(cors.server->port());
  auto ok = cors.Get("/api/v1/providers/dispersed/v1/compute/offers", own);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), own);
  EXPECT_EQ(ok->get_header_value("Vary"), "Origin");
  EXPECT_NE(ok->get_header_value("Access-Control-Expose-Headers").find("X-OfferScope-Snapshot"), std::string::npos);
  auto other = cors.Get("/api/v1/providers/dispersed/v1/compute/offers", "https://evil.example");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(cors.rec->Count(), 1u);  // the refused page never cost an upstream call
  auto other_port = cors.Get("/healthz", "http://127.0.0.1:1");
  EXPECT_FALSE(other_port->has_header("Access-Control-Allow-Origin"));
  auto null_origin = cors.Get("/healthz", "null");
  EXPECT_FALSE(null_origin->has_header("Access-Control-Allow-Origin"));
}

TEST(Cors, AllowsListedOriginsWhateverTheirCaseOrDefaultPort) {
  Cors cors({"https://team.example"});
  EXPECT_EQ(cors.Get("/healthz", "https://team.example")->get_header_value("Access-Control-Allow-Origin"),
            "https://team.example");
  EXPECT_EQ(cors.Get("/healthz", "HTTPS://Team.Example:443")->get_header_value("Access-Control-Allow-Origin"),
            "https://team.example");
  for (const char* bad : {"http://team.example", "https://team.example.evil.example", "https://evil.example",
                          "https://team.example:8443", "https://team.example/path"})
    EXPECT_FALSE(cors.Get("/healthz", bad)->has_header("Access-Control-Allow-Origin")) << bad;
}

TEST(Cors, AnswersPreflightsWithExactlyTheMethodsAndHeadersOfTheRoute) {
  Cors cors({"https://team.example"});
  auto bundles = cors.Preflight("/api/v1/providers/vast/api/v0/bundles/", "https://team.example", "POST");
  ASSERT_TRUE(bundles);
  EXPECT_EQ(bundles->status, 204);
  EXPECT_EQ(bundles->get_header_value("Access-Control-Allow-Origin"), "https://team.example");
  EXPECT_EQ(bundles->get_header_value("Access-Control-Allow-Methods"), "POST");
  EXPECT_EQ(bundles->get_header_value("Access-Control-Allow-Headers"),
            "Authorization, Content-Type, X-OfferScope-Key-Vast");
  EXPECT_EQ(bundles->get_header_value("Access-Control-Max-Age"), "600");
  auto dispersed = cors.Preflight("/api/v1/providers/dispersed/v1/compute/offers", "https://team.example", "GET");
  EXPECT_EQ(dispersed->get_header_value("Access-Control-Allow-Methods"), "GET");
  EXPECT_EQ(dispersed->get_header_value("Access-Control-Allow-Headers"), "Authorization, X-OfferScope-Key-Dispersed");
  auto offers = cors.Preflight("/api/v1/offers", "https://team.example", "GET");
  EXPECT_EQ(offers->get_header_value("Access-Control-Allow-Headers"),
            "Authorization, X-OfferScope-Key-Vast, X-OfferScope-Key-Primeintellect, X-OfferScope-Key-Dispersed");
  auto health = cors.Preflight("/healthz", "https://team.example", "GET");
  EXPECT_EQ(health->status, 204);
  EXPECT_FALSE(health->has_header("Access-Control-Allow-Headers"));
  auto off_list = cors.Preflight("/api/v1/providers/vast/api/v0/users/", "https://team.example", "GET");
  EXPECT_EQ(off_list->status, 404);
  EXPECT_FALSE(off_list->has_header("Access-Control-Allow-Origin"));
  auto evil = cors.Preflight("/api/v1/providers/vast/api/v0/bundles/", "https://evil.example", "POST");
  EXPECT_EQ(evil->status, 403);
  EXPECT_FALSE(evil->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(evil->has_header("Access-Control-Allow-Methods"));
  EXPECT_EQ(cors.rec->Count(), 0u);
}

TEST(Cors, AWildcardAllowsEveryPageWithAStarAnswer) {
  Cors cors({"*"});
  auto res = cors.Get("/api/v1/providers/dispersed/v1/compute/offers", "https://anyone.example");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
}

TEST(Cors, NormalizesOrigins) {
  EXPECT_EQ(NormalizeOrigin("HTTPS://Example.COM:443/"), "https://example.com");
  EXPECT_EQ(NormalizeOrigin("http://example.com:80"), "http://example.com");
  EXPECT_EQ(NormalizeOrigin("http://[::1]:8080"), "http://[::1]:8080");
  EXPECT_EQ(NormalizeOrigin("http://a.example:99999"), "");
  EXPECT_EQ(NormalizeOrigin("ftp://a.example"), "");
  EXPECT_EQ(NormalizeOrigin("https://a.example/x"), "");
  EXPECT_EQ(NormalizeOrigin("https://user@a.example"), "");
  EXPECT_EQ(NormalizeOrigin("null"), "");
}

TEST(Hosts, ALoopbackServerAnswersOnlyLocalHostNames) {
  Cors cors({"https://team.example"});
  int port = cors.server->port();
  auto with_host = [&](const std::string& host) {
    return StatusOf(RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n\r\n"));
  };
  EXPECT_EQ(with_host("127.0.0.1:" + std::to_string(port)), 200);
  EXPECT_EQ(with_host("localhost:" + std::to_string(port)), 200);
  EXPECT_EQ(with_host("[::1]:" + std::to_string(port)), 200);
  EXPECT_EQ(with_host("team.example"), 200);             // a listed origin's host
  EXPECT_EQ(with_host("rebind.evil.example:80"), 421);  // DNS rebinding
}

}  // namespace
}  // namespace offerscope::proxy
