// The provider pass-through: the security matrix (every attempt to reach a host or path
// outside the allowlist is refused and the upstream sees nothing at all), what is forwarded
// (method, path, query, JSON body, the right key; no client header), what comes back.
#include "proxy/passthrough.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using core::ProviderId;
using testing::RawExchange;
using testing::RawStatus;
using testing::RecordingUpstream;
using testing::StatusOf;
using testing::TestServer;

std::string Request(const std::string& method, const std::string& target, const std::string& extra = "",
                    const std::string& body = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra;
  if (method == "POST" || method == "PUT" || !body.empty())
    r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

struct Harness {
  explicit Harness(Config c = Config{}) {
    auto up = std::make_unique<RecordingUpstream>();
    rec = up.get();
    server = std::make_unique<TestServer>(std::move(c), std::move(up));
  }
  int port() const { return server->port(); }
  RecordingUpstream* rec;
  std::unique_ptr<TestServer> server;
};

TEST(PassthroughSecurity, RefusesEveryAttemptToLeaveTheAllowlistWithoutAnUpstreamCall) {
  Harness h;
  // Path tricks: dot segments in every spelling, encoded separators, backslashes, NUL,
  // other hosts in the path, paths off the allowlist, unknown providers.
  const std::vector<std::string> targets = {
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
      "/api/v1/providers/vast/api%2Fv0/bundles/",
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
      "/api/v1/providers/vast/api/v0/bundles/%0d%0aHost:%20evil.example",
      "/api/v1/providers/vast@evil.example/api/v0/bundles/",
      "/api/v1/providers/vast%2f..%2f..%2fetc/passwd",
      "/api/v1/providers/vast/api/v0/bundles/%41",
      "/api/v1/providers/vast/api/v0/bundles/;/../users",
      "/api/v1/providers/primeintellect/api/v1/pods/",
      "/api/v1/providers/primeintellect/api/v1/availability/gpus/../../pods/",
      "/api/v1/providers/primeintellect/api/v1/availability/%2e%2e/pods/",
      "/api/v1/providers/primeintellect/api/v1/user/",
      "/api/v1/providers/primeintellect/api/v1/availability/gpus/extra",
      "/api/v1/providers/dispersed/v1/jobs",
      "/api/v1/providers/dispersed/v1/compute/offers/../../jobs",
      "/api/v1/providers/dispersed/v1/compute/offers/%2e%2e",
      "/api/v1/providers/dispersed/v1/compute/offers%3f/x",
      "/api/v1/providers/dispersed/v1/job-runs",
      "/api/v1/providers/runpod/v1/pods",
      "/api/v1/providers/evil.example/api",
      "/api/v1/providers/VAST/api/v0/bundles/",
      "/api/v1/providers/http:%2f%2fevil.example/api",
      "/api/v1/providers/https://evil.example/api/v0/bundles/",
      "/api/v1/providers//evil.example/api/v0/bundles/",
      "/api/v1/providers/vast/https://evil.example/",
      "/api/v1/providers/vast/api/v0/bundles/%2F%2Fevil.example",
      "/api/v1/providers/vast/api/v0/bundles/%5C%5Cevil.example",
      "/api/v1/providers/vast/api/v0/bundles/\xc0\xae\xc0\xae/users",
      "/api/v1/providers/vast/api/v0/bundles/%c0%ae%c0%ae/users",
  };
  int attempts = 0;
  for (const std::string& t : targets) {
    for (const char* method : {"GET", "POST"}) {
      int status = RawStatus(h.port(), Request(method, t, "", "{}"));
      EXPECT_GE(status, 400) << method << " " << t;
      EXPECT_LT(status, 500) << method << " " << t;
      ++attempts;
    }
  }
  // Absolute-form targets, Host header games, CRLF in headers, methods off the allowlist.
  const std::vector<std::string> raw = {
      "GET http://evil.example/api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
      "POST https://evil.example/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
      "GET //evil.example/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
      Request("PUT", "/api/v1/providers/vast/api/v0/asks/1/", "Host: evil.example\r\n", "{}"),
      Request("POST", "/api/v1/providers/vast/api/v0/bundles/", "Host: evil.example\r\n", "{}"),
      Request("POST", "/api/v1/providers/vast/api/v0/bundles/", "X-Forwarded-Host: evil.example\r\nHost: x\r\n", "{}"),
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: evil.example:443\r\nContent-Length: 2\r\n\r\n{}",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n"
      "Content-Length: 2\r\n\r\n{}",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-OfferScope-Key-Vast: a%0d%0aX: "
      "b\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Evil: a%0D%0AHost: "
      "evil.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Evil: a%00b\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
      "Content-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
      "Content-Length: 40\r\nContent-Type: application/json\r\n\r\n{}",
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: gzip\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      Request("DELETE", "/api/v1/providers/vast/api/v1/instances/"),
      Request("PATCH", "/api/v1/providers/vast/api/v0/bundles/", "", "{}"),
      Request("GET", "/api/v1/providers/vast/api/v0/bundles/"),
      Request("PUT", "/api/v1/providers/vast/api/v0/bundles/", "", "{}"),
      Request("POST", "/api/v1/providers/vast/api/v1/instances/", "", "{}"),
      Request("POST", "/api/v1/providers/dispersed/v1/compute/offers", "", "{}"),
      Request("TRACE", "/api/v1/providers/vast/api/v0/bundles/"),
      Request("POST", "/api/v1/providers/vast/api/v0/bundles/", "", "not json"),
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
      "Content-Length: 2\r\n\r\n{}",
      Request("GET", "/api/v1/providers/dispersed/v1/compute/offers?limit=%00"),
      Request("GET", "/api/v1/providers/dispersed/v1/compute/offers?limit=%zz"),
      Request("GET", "/api/v1/providers/vast/api/v1/instances/", "X-OfferScope-Key-Vast: has space\r\n"),
  };
  for (const std::string& r : raw) {
    std::string answer = RawExchange(h.port(), r);
    int status = StatusOf(answer);
    EXPECT_TRUE(status >= 400 || status == 0) << r << "\n--> " << answer;
    ++attempts;
  }
  EXPECT_GE(attempts, 50);
  std::lock_guard<std::mutex> l(h.rec->mu);
  EXPECT_TRUE(h.rec->calls.empty()) << h.rec->calls.size() << " request(s) reached the upstream, first: "
                                    << (h.rec->calls.empty() ? "" : h.rec->calls[0].request.path);
}

TEST(PassthroughSecurity, ForwardsOnlyMethodPathQueryAndBodyWhateverTheClientSends) {
  std::string r =
      "POST /api/v1/providers/vast/api/v0/bundles/?b=2&a=x%20y+z HTTP/1.1\r\nHost: evil.example:1\r\n"
      "Authorization: Bearer someone-elses\r\nCookie: session=1\r\nX-Forwarded-Host: evil.example\r\n"
      "Content-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"limit\":5}";
  Config loopback_any_host;
  loopback_any_host.bind = "0.0.0.0";  // so the Host header reaches the route at all
  Harness open(loopback_any_host);
  EXPECT_EQ(StatusOf(RawExchange(open.port(), r)), 200);
  std::lock_guard<std::mutex> l(open.rec->mu);
  ASSERT_EQ(open.rec->calls.size(), 1u);
  const UpstreamRequest& up = open.rec->calls[0];
  EXPECT_EQ(up.provider, ProviderId::kVast);
  EXPECT_EQ(up.request.method, "POST");
  EXPECT_EQ(up.request.path, "/api/v0/bundles/");
  ASSERT_EQ(up.request.query.size(), 2u);  // in the client's order, decoded
  EXPECT_EQ(up.request.query[0], (std::pair<std::string, std::string>{"b", "2"}));
  EXPECT_EQ(up.request.query[1], (std::pair<std::string, std::string>{"a", "x y z"}));
  EXPECT_EQ(up.request.body, "{\"limit\":5}");
  EXPECT_EQ(up.key, "");  // no server key, no caller key; Authorization is never forwarded
}

TEST(Passthrough, AnswersWithTheUpstreamStatusBodyAndLabels) {
  Harness h;
  h.rec->reply.status = 429;
  h.rec->reply.body = "{\"error\":\"slow down\"}";
  auto res = h.server->Client().Get("/api/v1/providers/dispersed/v1/compute/offers?limit=50&page=2");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->body, "{\"error\":\"slow down\"}");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  std::lock_guard<std::mutex> l(h.rec->mu);
  ASSERT_EQ(h.rec->calls.size(), 1u);
  EXPECT_EQ(h.rec->calls[0].provider, ProviderId::kDispersed);
  EXPECT_EQ(h.rec->calls[0].request.path, "/v1/compute/offers");
}

TEST(Passthrough, ServesRepeatedPublicCallsFromTheCache) {
  Harness h;
  httplib::Client c = h.server->Client();
  auto first = c.Get("/api/v1/providers/dispersed/v1/compute/offers?limit=5");
  auto second = c.Get("/api/v1/providers/dispersed/v1/compute/offers?limit=5");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->get_header_value("X-OfferScope-Cache"), "miss");
  EXPECT_EQ(second->get_header_value("X-OfferScope-Cache"), "hit");
  EXPECT_EQ(second->body, "{\"offers\":[]}");
  EXPECT_EQ(h.rec->Count(), 1u);
}

TEST(Passthrough, KeepsSearchesWithDifferentBodiesApartInTheCache) {
  Harness h;
  httplib::Client c = h.server->Client();
  const char* route = "/api/v1/providers/vast/api/v0/bundles/";
  auto first = c.Post(route, "{\"gpu_name\":{\"eq\":\"RTX 4090\"},\"limit\":5}", "application/json");
  auto other = c.Post(route, "{\"gpu_name\":{\"eq\":\"H100 SXM\"},\"limit\":5}", "application/json");
  auto same = c.Post(route, "{ \"limit\": 5, \"gpu_name\": {\"eq\": \"RTX 4090\"} }", "application/json");
  ASSERT_TRUE(first && other && same);
  EXPECT_EQ(first->get_header_value("X-OfferScope-Cache"), "miss");
  EXPECT_EQ(other->get_header_value("X-OfferScope-Cache"), "miss");  // another search: asked upstream
  EXPECT_EQ(same->get_header_value("X-OfferScope-Cache"), "hit");    // the first search, spelled otherwise
  std::lock_guard<std::mutex> l(h.rec->mu);
  ASSERT_EQ(h.rec->calls.size(), 2u);
  EXPECT_NE(h.rec->calls[1].request.body.find("H100 SXM"), std::string::npos);
}

TEST(Passthrough, NeverCachesAnswersFetchedWithTheCallersKeyOrAnAccountsData) {
  Config c;
  c.keys[0] = "server-vast-key-000";
  Harness h(c);
  httplib::Client cl = h.server->Client();
  for (int i = 0; i < 2; ++i) {
    auto own = cl.Post("/api/v1/providers/vast/api/v0/bundles/", {{"X-OfferScope-Key-Vast", "caller-key-1"}}, "{}",
                       "application/json");
    ASSERT_TRUE(own);
    EXPECT_EQ(own->get_header_value("X-OfferScope-Cache"), "none");
    auto instances = cl.Get("/api/v1/providers/vast/api/v1/instances/");
    ASSERT_TRUE(instances);
    EXPECT_EQ(instances->get_header_value("X-OfferScope-Cache"), "none");
  }
  std::lock_guard<std::mutex> l(h.rec->mu);
  ASSERT_EQ(h.rec->calls.size(), 4u);
  EXPECT_EQ(h.rec->calls[0].key, "caller-key-1");         // the caller's key wins for its call
  EXPECT_EQ(h.rec->calls[1].key, "server-vast-key-000");  // no token configured: the server's key
}

// The uncached way (a caller's own key) forwards the body too, as the cached way does.
TEST(Passthrough, ForwardsTheBodyOfASearchMadeWithTheCallersKey) {
  Harness h;
  auto res = h.server->Client().Post("/api/v1/providers/vast/api/v0/bundles/", {{"X-OfferScope-Key-Vast", "caller-key-1"}},
                                     "{\"limit\":7}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("X-OfferScope-Cache"), "none");
  std::lock_guard<std::mutex> l(h.rec->mu);
  ASSERT_EQ(h.rec->calls.size(), 1u);
  EXPECT_EQ(h.rec->calls[0].request.body, "{\"limit\":7}");
}

TEST(Passthrough, RefusesAKeylessCallToAProviderThatNeedsAKeyWithoutAskingIt) {
  Harness h;
  auto res = h.server->Client().Get("/api/v1/providers/primeintellect/api/v1/availability/gpus");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("X-OfferScope-Key-Primeintellect"), std::string::npos) << res->body;
  EXPECT_EQ(h.rec->Count(), 0u);
}

TEST(Passthrough, NamesTheProblemForUnknownProvidersPathsAndMethods) {
  Harness h;
  httplib::Client c = h.server->Client();
  auto unknown = c.Get("/api/v1/providers/runpod/v1/pods");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_NE(unknown->body.find("unknown provider"), std::string::npos);
  auto off_list = c.Get("/api/v1/providers/vast/api/v0/users/");
  ASSERT_TRUE(off_list);
  EXPECT_EQ(off_list->status, 403);
  auto wrong_method = c.Get("/api/v1/providers/vast/api/v0/bundles/");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->get_header_value("Allow"), "POST");
  EXPECT_EQ(h.rec->Count(), 0u);
}

TEST(Passthrough, ReportsUpstreamFailuresAs502WithoutTheKey) {
  Config c;
  c.keys[2] = "dispersed-secret-key";
  Harness h(c);
  h.rec->reply = UpstreamResponse{};
  h.rec->reply.error = "connect to api.dispersed.com failed (key dispersed-secret-key)";  // a careless transport
  auto res = h.server->Client().Get("/api/v1/providers/dispersed/v1/compute/offers");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_EQ(res->body.find("dispersed-secret-key"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("\"error\""), std::string::npos) << res->body;
}

TEST(Passthrough, RedactsAKeyAnUpstreamEchoesAndNeverRendersItsHtml) {
  Config c;
  c.keys[2] = "dispersed-secret-key";
  Harness h(c);
  h.rec->reply.status = 401;
  h.rec->reply.body = "<html><script>alert(1)</script>bad key dispersed-secret-key</html>";
  h.rec->reply.content_type = "text/html";
  auto res = h.server->Client().Get("/api/v1/providers/dispersed/v1/compute/offers");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->body.find("dispersed-secret-key"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("[redacted]"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("sandbox"), std::string::npos);
}

TEST(ProviderTarget, AcceptsAllowlistedTargetsAndDecodesTheQuery) {
  ProviderTarget t = ParseProviderTarget("GET", "/api/v1/providers/dispersed/v1/compute/offers?limit=50&q=a%2Fb");
  ASSERT_EQ(t.status, 0) << t.message;
  EXPECT_EQ(t.provider, ProviderId::kDispersed);
  EXPECT_EQ(t.request.path, "/v1/compute/offers");
  ASSERT_EQ(t.request.query.size(), 2u);
  EXPECT_EQ(t.request.query[1].second, "a/b");  // encoded slashes are fine in a query value
  EXPECT_EQ(ParseProviderTarget("PUT", "/api/v1/providers/vast/api/v0/search/asks/").status, 0);
}

TEST(ProviderTarget, RefusesEncodedAndDotSpellingsBeforeDecoding) {
  EXPECT_EQ(ParseProviderTarget("POST", "/api/v1/providers/vast/api/v0/bundles/%2e%2e/").status, 400);
  EXPECT_EQ(ParseProviderTarget("POST", "/api/v1/providers/vast/api/v0/bundles/%7E").status, 400);
  EXPECT_EQ(ParseProviderTarget("POST", "/api/v1/providers/vast/api/v0//bundles/").status, 400);
  EXPECT_EQ(ParseProviderTarget("GET", "/api/v1/providers/nope/x").status, 404);
  EXPECT_EQ(ParseProviderTarget("GET", "/api/v1/providers/vast/api/v0/users/").status, 403);
  EXPECT_EQ(ParseProviderTarget("DELETE", "/api/v1/providers/vast/api/v1/instances/").status, 405);
}

}  // namespace
}  // namespace offerscope::proxy
