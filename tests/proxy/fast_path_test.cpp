// The fast path for fresh cached answers (connection.hpp, SetFastPath; plain_get.hpp): the
// parser takes only plain GET heads and reads them as cpp-httplib does, and a request
// answered on the fast path gets byte for byte the answer cpp-httplib's path gives the same
// request, while everything else (refusals, misses, other routes) still goes the usual way.
#include "proxy/plain_get.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>
#include <string>
#include <vector>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using testing::Connect;
using testing::RawExchange;
using testing::ReadAll;
using testing::ReadOneAnswer;
using testing::RecordingUpstream;
using testing::StatusOf;
using testing::TestServer;

// ---- the parser ---------------------------------------------------------------------------

std::size_t Parse(const std::string& bytes, httplib::Request& req, bool& close) {
  return ParsePlainGet(bytes, req, close);
}

TEST(PlainGet, ReadsAPlainHeadAsCppHttplibDoes) {
  std::string head =
      "GET /api/v1/providers/dispersed/v1/compute/offers?limit=5&q=a%20b HTTP/1.1\r\n"
      "Host: 127.0.0.1:8080\r\nOrigin:  http://app.example \t\r\nAccept-Encoding: gzip, br\r\nX-Note: 100%25\r\n\r\n";
  httplib::Request req;
  bool close = true;
  ASSERT_EQ(Parse(head + "GET /next", req, close), head.size());  // stops at the end of the head
  EXPECT_FALSE(close);
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.version, "HTTP/1.1");
  EXPECT_EQ(req.target, "/api/v1/providers/dispersed/v1/compute/offers?limit=5&q=a%20b");
  EXPECT_EQ(req.path, "/api/v1/providers/dispersed/v1/compute/offers");
  EXPECT_EQ(req.get_param_value("q"), "a b");
  EXPECT_EQ(req.get_header_value("origin"), "http://app.example");  // trimmed, any case
  EXPECT_EQ(req.get_header_value("X-Note"), "100%");                // values decoded like cpp-httplib's
  EXPECT_EQ(req.headers.size(), 4u);
}

TEST(PlainGet, NotesAClientThatAsksToClose) {
  httplib::Request req;
  bool close = false;
  EXPECT_GT(Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", req, close), 0u);
  EXPECT_TRUE(close);
  EXPECT_GT(Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n", req, close), 0u);
  EXPECT_FALSE(close);
}

TEST(PlainGet, LeavesEverythingThatIsNotPlainToCppHttplib) {
  const std::vector<std::string> not_plain = {
      "GET / HTTP/1.1\r\nHost: a\r\n",                                  // incomplete
      "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n",                             // another method
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
      "get / HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET / HTTP/1.0\r\nHost: a\r\n\r\n",                              // another version
      "GET http://evil.example/ HTTP/1.1\r\nHost: a\r\n\r\n",           // absolute URL
      "GET /a?b?c HTTP/1.1\r\nHost: a\r\n\r\n",                         // two '?'
      "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n",                           // a space in the target
      "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET / HTTP/1.1\nHost: a\r\n\r\n",                                // bare LF
      "GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost : a\r\n\r\n",                             // space before the colon
      "GET / HTTP/1.1\r\n Host: a\r\n\r\n",                             // folded line
      "GET / HTTP/1.1\r\nHost a\r\n\r\n",                               // no colon
      "GET / HTTP/1.1\r\n: a\r\n\r\n",                                  // no name
      "GET / HTTP/1.1\r\nHost: a\r\nX-Empty: \r\n\r\n",                 // empty value
      "GET / HTTP/1.1\r\nHost: a\r\nX: \x7f\r\n\r\n",                   // control byte
      "GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n",            // non-ASCII
      "GET / HTTP/1.1\r\nHost: a\r\nRange: bytes=0-1\r\n\r\n",          // framing headers
      "GET / HTTP/1.1\r\nHost: a\r\ncontent-length: 0\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n",
  };
  for (const std::string& head : not_plain) {
    httplib::Request req;
    bool close = false;
    EXPECT_EQ(Parse(head, req, close), 0u) << head;
  }
  std::string many = "GET / HTTP/1.1\r\n";
  for (std::size_t i = 0; i <= kPlainGetMaxFields; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  httplib::Request req;
  bool close = false;
  EXPECT_EQ(Parse(many + "\r\n", req, close), 0u);
  std::string big = "GET /" + std::string(kPlainGetMaxHeadBytes, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_EQ(Parse(big, req, close), 0u);
}

// ---- the server: same answers on both paths -------------------------------------------------

constexpr char kRoute[] = "/api/v1/providers/dispersed/v1/compute/offers?limit=5";

long long FastAnswers(TestServer& server) {
  std::string m = server.services().metrics.Render();
  std::smatch hit;
  if (!std::regex_search(m, hit, std::regex("offerscope_fast_path_answers_total (\\d+)"))) return -1;
  return std::stoll(hit[1]);
}

// The counter once it reaches `at_least` (or after 5 s): the server counts an answer after
// its last byte went out, so a client can have the whole answer before it is counted.
long long FastAnswersOnceAtLeast(TestServer& server, long long at_least) {
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  long long n = FastAnswers(server);
  while (n < at_least && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    n = FastAnswers(server);
  }
  return n;
}

// The answer without its Age header (whole seconds since the copy was stored: it may tick
// between two requests).
std::string WithoutAge(const std::string& answer) { return std::regex_replace(answer, std::regex("\r\nAge: \\d+"), ""); }

struct Harness {
  explicit Harness(Config c = Config{}) {
    auto up = std::make_unique<RecordingUpstream>();
    rec = up.get();
    // Large enough to be stored gzip'd too.
    rec->reply.body = "{\"offers\":[" + std::string(2000, ' ') + "]}";
    server = std::make_unique<TestServer>(std::move(c), std::move(up));
  }
  RecordingUpstream* rec;
  std::unique_ptr<TestServer> server;
};

// `headers` on a plain GET, then the same with a header that sends it down cpp-httplib's path
// (an Expect other than 100-continue means nothing to either).
struct Pair {
  std::string fast, slow;
  long long fast_answers_taken = 0;  // by the first request
  long long slow_fast_answers = 0;   // by the second: none
};

Pair AskBothWays(TestServer& server, const std::string& target, const std::string& headers) {
  Pair p;
  int port = server.port();
  long long before = FastAnswers(server);
  std::string head = "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
  p.fast = RawExchange(port, head + "Connection: close\r\n\r\n");
  p.fast_answers_taken = FastAnswers(server) - before;
  before = FastAnswers(server);
  p.slow = RawExchange(port, head + "Expect: nothing\r\nConnection: close\r\n\r\n");
  p.slow_fast_answers = FastAnswers(server) - before;
  return p;
}

TEST(FastPath, AnswersAFreshCachedCopyByteForByteAsTheUsualPathDoes) {
  Config c;
  c.allowed_origins = {"http://app.example"};
  Harness h(c);
  int port = h.server->port();
  ASSERT_EQ(StatusOf(RawExchange(port, std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")), 200);
  const std::vector<std::string> variants = {
      "",
      "Origin: http://app.example\r\n",
      "Origin: http://app.example\r\nAccept-Encoding: gzip, deflate\r\n",
      "Accept-Encoding: br\r\nUser-Agent: test\r\nAccept: */*\r\n",
  };
  for (const std::string& v : variants) {
    Pair p = AskBothWays(*h.server, kRoute, v);
    EXPECT_EQ(StatusOf(p.fast), 200) << v;
    EXPECT_EQ(p.fast_answers_taken, 1) << v;
    EXPECT_EQ(p.slow_fast_answers, 0) << v;
    EXPECT_NE(p.fast.find("X-OfferScope-Cache: hit"), std::string::npos) << p.fast;
    EXPECT_EQ(WithoutAge(p.fast), WithoutAge(p.slow)) << v;
  }
  Pair gz = AskBothWays(*h.server, kRoute, "Accept-Encoding: gzip\r\n");
  EXPECT_NE(gz.fast.find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_EQ(h.rec->Count(), 1u);  // every answer after the first came from the cache
}

TEST(FastPath, LeavesRefusalsMissesAndOtherRoutesToTheUsualPath) {
  Config c;
  c.allowed_origins = {"http://app.example"};
  c.access_token = "the-token-0123456789";
  c.keys[static_cast<int>(core::ProviderId::kDispersed)] = "server-key";
  Harness h(c);
  int port = h.server->port();
  const std::string token = "Authorization: Bearer the-token-0123456789\r\n";
  ASSERT_EQ(StatusOf(RawExchange(port, std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + token + "\r\n")), 200);
  struct Case {
    std::string target, headers;
    int status;
  };
  const std::vector<Case> cases = {
      {kRoute, "Origin: http://evil.example\r\n" + token, 403},                 // another origin
      {kRoute, "Authorization: Bearer wrong\r\n", 401},                         // a wrong token
      {kRoute, token + "X-OfferScope-Key-Dispersed: callers-own\r\n", 200},     // never cached
      {"/api/v1/providers/dispersed/v1/compute/offers?limit=6", token, 200},    // a miss
      {"/api/v1/providers/dispersed/v1/compute/../offers", token, 400},         // refused target
      {"/api/v1/providers/vast/api/v1/instances/", token, 200},                 // an account's data
      {"/healthz", "", 200},                                                    // another route
  };
  for (const Case& k : cases) {
    Pair p = AskBothWays(*h.server, k.target, k.headers);
    EXPECT_EQ(StatusOf(p.fast), k.status) << k.target << "\n" << k.headers << "\n" << p.fast;
    EXPECT_EQ(StatusOf(p.slow), k.status) << k.target;
    EXPECT_EQ(p.fast_answers_taken, 0) << k.target << "\n" << k.headers;
  }
  // A host name a DNS-rebinding page would send: refused on both paths.
  std::string rebind = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: evil.example\r\n" + token + "\r\n";
  EXPECT_EQ(StatusOf(RawExchange(port, rebind)), 421);
  // With the token, the same request is a fast hit; without it, the anonymous copy is apart.
  EXPECT_EQ(AskBothWays(*h.server, kRoute, token).fast_answers_taken, 1);
}

// Answers read one by one from a kept-alive connection: each head, then its Content-Length.
std::vector<std::string> AskOnOneConnection(int port, const std::vector<std::string>& requests) {
  std::vector<std::string> answers;
  int fd = Connect(port);
  if (fd < 0) return answers;
  for (const std::string& r : requests) {
    send(fd, r.data(), r.size(), MSG_NOSIGNAL);
    answers.push_back(ReadOneAnswer(fd, 3000));
  }
  close(fd);
  return answers;
}

TEST(FastPath, AnswersARepeatedRequestOnOneConnectionAgainAndOnlyThatOne) {
  Config c;
  c.allowed_origins = {"http://app.example", "http://other.example"};
  Harness h(c);
  int port = h.server->port();
  std::string head = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  std::string app = head + "Origin: http://app.example\r\n\r\n";
  std::string other = head + "Origin: http://other.example\r\nAccept-Encoding: gzip\r\n\r\n";
  std::string evil = head + "Origin: http://evil.example\r\n\r\n";
  ASSERT_EQ(StatusOf(RawExchange(port, app)), 200);  // the miss that fills the cache
  long long before = FastAnswers(*h.server);
  std::vector<std::string> a = AskOnOneConnection(port, {app, app, app, other, evil, app});
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(FastAnswersOnceAtLeast(*h.server, before + 5) - before, 5);  // all but the refused one
  EXPECT_EQ(WithoutAge(a[1]), WithoutAge(a[0]));   // again: the same answer
  EXPECT_EQ(WithoutAge(a[2]), WithoutAge(a[0]));
  // Another request on the same connection is checked anew: its own origin, its own encoding.
  EXPECT_NE(a[3].find("Access-Control-Allow-Origin: http://other.example"), std::string::npos) << a[3].substr(0, 600);
  EXPECT_NE(a[3].find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_EQ(StatusOf(a[4]), 403);
  EXPECT_EQ(a[4].find("Access-Control-Allow-Origin"), std::string::npos);
  EXPECT_EQ(WithoutAge(a[5]), WithoutAge(a[0]));
  EXPECT_EQ(h.rec->Count(), 1u);
}

// A repeated request whose answer is the same as last time is sent again from what was
// written then (FastPath::Again::kSame); what may change between two answers must still change.
long long AgeOf(const std::string& answer) {
  std::smatch m;
  return std::regex_search(answer, m, std::regex("\r\nAge: (\\d+)\r\n")) ? std::stoll(m[1]) : -1;
}

TEST(FastPath, ARepeatedAnswerStillTellsItsAgeAsItGrows) {
  Harness h;
  int port = h.server->port();
  std::string get = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(StatusOf(RawExchange(port, get)), 200);
  std::vector<std::string> first = AskOnOneConnection(port, {get, get, get});
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  int fd = Connect(port);
  ASSERT_GE(fd, 0);
  std::vector<std::string> a;
  for (int i = 0; i < 2; ++i) {  // the first answer on this connection, then a replay
    send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    a.push_back(ReadOneAnswer(fd, 3000));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  send(fd, get.data(), get.size(), MSG_NOSIGNAL);
  a.push_back(ReadOneAnswer(fd, 3000));
  close(fd);
  ASSERT_EQ(first.size(), 3u);
  long long age0 = AgeOf(first[2]);
  ASSERT_GE(age0, 0) << first[2].substr(0, 600);
  EXPECT_GE(AgeOf(a[1]), age0 + 2) << a[1].substr(0, 600);  // a replay after 2.1 s: 2 s older at least
  EXPECT_GE(AgeOf(a[2]), AgeOf(a[1]) + 1) << a[2].substr(0, 600);
  for (const std::string& x : a) EXPECT_EQ(WithoutAge(x), WithoutAge(first[0]));
  EXPECT_EQ(h.rec->Count(), 1u);
}

TEST(FastPath, TheLastAnswerOnAConnectionSaysItClosesEvenWhenReplayed) {
  Harness h;
  int port = h.server->port();
  std::string get = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(StatusOf(RawExchange(port, get)), 200);
  const int max_requests = ConnectionLimits{}.max_requests;
  std::vector<std::string> a = AskOnOneConnection(port, std::vector<std::string>(max_requests, get));
  ASSERT_EQ(a.size(), static_cast<std::size_t>(max_requests));
  for (int i = 0; i + 1 < max_requests; i += 97) {
    EXPECT_NE(a[i].find("\r\nKeep-Alive: timeout="), std::string::npos) << i;
    EXPECT_EQ(a[i].find("Connection: close"), std::string::npos) << i;
  }
  const std::string& last = a.back();
  EXPECT_EQ(StatusOf(last), 200);
  EXPECT_NE(last.find("\r\nConnection: close\r\n"), std::string::npos) << last.substr(0, 600);
  EXPECT_EQ(last.find("Keep-Alive"), std::string::npos);
  // The head is otherwise the same, byte for byte, as are the bodies.
  auto normal = [](std::string x) {
    x = WithoutAge(x);
    return std::regex_replace(x, std::regex("\r\n(Connection: close|Keep-Alive: [^\r]*)"), "");
  };
  EXPECT_EQ(normal(last), normal(a[0]));
  EXPECT_GE(FastAnswersOnceAtLeast(*h.server, max_requests), max_requests);
}

// Open descriptors of unnamed files: the cached answers' file copies (FileCopy), deleted
// O_TMPFILE files or memfds.
int UnnamedFiles() {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    std::string target = std::filesystem::read_symlink(e.path(), ec).string();
    if (target.rfind("/memfd:", 0) == 0 || target.find(" (deleted)") != std::string::npos) ++n;
  }
  return n;
}

// A cached answer's first send goes from memory and makes no file; the second makes it
// (LazyFileCopy). A replay on a kept-alive connection is a send too: when the copy it
// replays was replaced (refreshed) since the connection's last answer, the replay is that
// new copy's first send, and the next replay, within the same second (unchanged Age, when
// the connection reuses the answer it wrote), is its second: it makes the file.
TEST(FastPath, TheSecondSendOfARefreshedCopyMakesItsFileAlsoWhenReplayed) {
  Config c;
  c.cache_ttl_s = 1;
  Harness h(c);
  int port = h.server->port();
  std::string get = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(StatusOf(RawExchange(port, get)), 200);  // the miss: the first copy, sent once
  int fd = Connect(port);
  ASSERT_GE(fd, 0);
  auto ask = [&] {
    send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    return ReadOneAnswer(fd, 3000);
  };
  EXPECT_NE(ask().find("X-OfferScope-Cache: hit"), std::string::npos);  // its second send: its file
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));         // past the 1 s TTL
  // Another client gets the stale copy and the refresh stores a new one, not sent yet.
  EXPECT_NE(RawExchange(port, get).find("X-OfferScope-Cache: stale"), std::string::npos);
  h.server->services().cache.WaitForRefreshes();
  ASSERT_EQ(h.rec->Count(), 2u);
  std::string first = ask();  // the new copy's first send (from memory); the old copy is let go
  const int after_first = UnnamedFiles();
  std::string second = ask();  // its second
  const int after_second = UnnamedFiles();
  close(fd);
  EXPECT_NE(first.find("X-OfferScope-Cache: hit"), std::string::npos) << first.substr(0, 600);
  EXPECT_EQ(WithoutAge(second), WithoutAge(first));
  EXPECT_EQ(after_second, after_first + 1) << "the refreshed copy's second send made no file";
}

// The stored copy is gzip'd when a client that takes gzip first asks for it, on whichever
// path answers it; until then it is not compressed at all (a script's misses cost no zlib).
TEST(FastPath, TheStoredCopyIsCompressedWhenAClientThatTakesGzipFirstAsks) {
  Harness h;
  int port = h.server->port();
  std::string get = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ResponseCache& cache = h.server->services().cache;
  std::string plain_miss = RawExchange(port, get + "\r\n");
  ASSERT_EQ(StatusOf(plain_miss), 200);
  EXPECT_NE(plain_miss.find("\r\nVary: Accept-Encoding\r\n"), std::string::npos);  // it may differ for others
  const long long plain_bytes = cache.bytes();
  std::vector<std::string> plain = AskOnOneConnection(port, {get + "\r\n", get + "\r\n"});
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[1].find("Content-Encoding"), std::string::npos);
  EXPECT_EQ(cache.bytes(), plain_bytes);  // no gzip'd copy made for them
  std::vector<std::string> gz = AskOnOneConnection(port, {get + "Accept-Encoding: gzip\r\n\r\n"});
  ASSERT_EQ(gz.size(), 1u);
  EXPECT_NE(gz[0].find("\r\nContent-Encoding: gzip\r\n"), std::string::npos) << gz[0].substr(0, 600);
  EXPECT_GT(cache.bytes(), plain_bytes);
  EXPECT_EQ(h.rec->Count(), 1u);
}

TEST(FastPath, ARepeatedRequestWhoseCopyWentStaleGoesTheWholeWay) {
  Config c;
  c.cache_ttl_s = 1;
  Harness h(c);
  int port = h.server->port();
  std::string get = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(StatusOf(RawExchange(port, get)), 200);
  int fd = Connect(port);
  ASSERT_GE(fd, 0);
  auto ask = [&] {
    send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    return ReadAll(fd, 300);
  };
  EXPECT_NE(ask().find("X-OfferScope-Cache: hit"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));  // past the 1 s TTL
  std::string stale = ask();
  close(fd);
  // Not replayed as a hit: the usual path served the stale copy and asked upstream again.
  EXPECT_NE(stale.find("X-OfferScope-Cache: stale"), std::string::npos) << stale.substr(0, 600);
  h.server->services().cache.WaitForRefreshes();
  EXPECT_EQ(h.rec->Count(), 2u);
}

TEST(FastPath, KeepsTheConnectionOpenAndAnswersPipelinedRequestsInOrder) {
  Harness h;
  int port = h.server->port();
  ASSERT_EQ(StatusOf(RawExchange(port, std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")), 200);
  int fd = Connect(port);
  ASSERT_GE(fd, 0);
  std::string hit = std::string("GET ") + kRoute + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  std::string two = hit + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + hit;
  send(fd, two.data(), two.size(), MSG_NOSIGNAL);
  std::string answers = ReadAll(fd, 500);  // the connection stays open: read until quiet
  close(fd);
  std::size_t first = answers.find("X-OfferScope-Cache: hit");
  std::size_t health = answers.find("\"status\":\"ok\"");
  std::size_t last = answers.rfind("X-OfferScope-Cache: hit");
  ASSERT_NE(first, std::string::npos) << answers.substr(0, 400);
  ASSERT_NE(health, std::string::npos);
  EXPECT_LT(first, health);
  EXPECT_LT(health, last);
  EXPECT_NE(answers.find("Keep-Alive: timeout="), std::string::npos);
  EXPECT_EQ(answers.find("Connection: close"), std::string::npos);
}

}  // namespace
}  // namespace offerscope::proxy
