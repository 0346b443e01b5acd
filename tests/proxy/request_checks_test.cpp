// The checks every request passes before routing, on hand-built requests.
#include "proxy/request_checks.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

namespace offerscope::proxy {
namespace {

httplib::Request Make(const std::string& method, const std::string& target,
                      std::initializer_list<std::pair<std::string, std::string>> headers = {{"Host", "a"}}) {
  httplib::Request r;
  r.method = method;
  r.target = target;
  r.path = target.substr(0, target.find('?'));
  r.version = "HTTP/1.1";
  for (const auto& [k, v] : headers) r.headers.emplace(k, v);
  return r;
}

TEST(RawPath, AcceptsPlainPathsAndRefusesEveryDotAndSeparatorSpelling) {
  for (const char* ok : {"/", "/index.html", "/api/v0/bundles/", "/a%20b", "/a.b/c..d/...x", "/%41"})
    EXPECT_EQ(CheckRawPath(ok), "") << ok;
  for (const char* bad : {"", "x", "/..", "/a/../b", "/a/./b", "/.", "/a//b", "//a", "/%2e%2e/x", "/%2E", "/a%2fb",
                          "/a%2Fb", "/a%5cb", "/a\\b", "/%252e", "/%00", "/%0d%0a", "/%zz", "/%4", "/a b",
                          "/\x7f", "/\xc3\xa9"})
    EXPECT_NE(CheckRawPath(bad), "") << bad;
}

TEST(RequestChecks, RefusesMethodsAndTargetsNoRouteUses) {
  EXPECT_FALSE(CheckRequest(Make("GET", "/x?a=1&b=%20"), 1024));
  EXPECT_EQ(CheckRequest(Make("DELETE", "/x"), 1024).status, 405);
  EXPECT_EQ(CheckRequest(Make("TRACE", "/x"), 1024).status, 405);
  EXPECT_EQ(CheckRequest(Make("GET", "http://evil.example/x"), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "*"), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "/x?a=%00"), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "/x?a=%g0"), 1024).status, 400);
}

TEST(RequestChecks, RefusesControlBytesInHeadersAndHostGames) {
  EXPECT_EQ(CheckRequest(Make("GET", "/", {{"Host", "a"}, {"X", "a\r\nB: c"}}), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "/", {{"Host", "a"}, {"X", std::string("a\0b", 3)}}), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "/", {{"Host", "a"}, {"Host", "b"}}), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "/", {}), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("GET", "/", {{"Host", "a/b@c"}}), 1024).status, 400);
  EXPECT_FALSE(CheckRequest(Make("GET", "/", {{"Host", "[::1]:8080"}, {"X", "tab\tok"}}), 1024));
}

TEST(RequestChecks, RefusesBodiesWhoseEndOrSizeIsNotPlainAndClosesTheConnection) {
  Refusal te = CheckRequest(Make("POST", "/x", {{"Host", "a"}, {"Transfer-Encoding", "chunked"}}), 1024);
  EXPECT_EQ(te.status, 411);
  EXPECT_TRUE(te.close);
  EXPECT_EQ(CheckRequest(Make("POST", "/x", {{"Host", "a"}, {"Content-Length", "1"}, {"Content-Encoding", "gzip"}}), 1024)
                .status,
            415);
  EXPECT_EQ(CheckRequest(Make("POST", "/x", {{"Host", "a"}}), 1024).status, 411);
  EXPECT_EQ(CheckRequest(Make("POST", "/x", {{"Host", "a"}, {"Content-Length", "1"}, {"Content-Length", "2"}}), 1024)
                .status,
            400);
  EXPECT_EQ(CheckRequest(Make("POST", "/x", {{"Host", "a"}, {"Content-Length", "-1"}}), 1024).status, 400);
  EXPECT_EQ(CheckRequest(Make("POST", "/x", {{"Host", "a"}, {"Content-Length", "1025"}}), 1024).status, 413);
  EXPECT_EQ(CheckRequest(Make("GET", "/x", {{"Host", "a"}, {"Content-Length", "5"}}), 1024).status, 400);
  EXPECT_FALSE(CheckRequest(Make("POST", "/x", {{"Host", "a"}, {"Content-Length", "1024"}}), 1024));
  EXPECT_FALSE(CheckRequest(Make("GET", "/x", {{"Host", "a"}, {"Content-Length", "0"}}), 1024));
}

}  // namespace
}  // namespace offerscope::proxy
