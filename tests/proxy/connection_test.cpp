// The connection layer: whole-request deadlines (slow clients dropped), 413 / 414 / 431
// answered before a body is read, the Range header disarmed, pipelining, a bounded queue
// (503), idle connections parked off the workers, answers sent from file copies (sendfile),
// TLS, and draining on SIGTERM.
#include "proxy/connection.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <thread>
#include <vector>

#include "tests/proxy/test_server.hpp"

namespace offerscope::proxy {
namespace {

using Clock = std::chrono::steady_clock;
using testing::Connect;
using testing::LogCapture;
using testing::RawExchange;
using testing::ReadAll;
using testing::ReadOneAnswer;
using testing::RecordingUpstream;
using testing::StatusOf;
using testing::TestServer;

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A bare guarded server with one route, for limits Config does not expose.
class GuardedServerTest : public ::testing::Test {
 protected:
  void Start(ConnectionLimits limits) {
    std::string error;
    server_ = MakeGuardedServer(limits, "", "", [this](int status, double) { refusals_.push_back(status); }, error);
    ASSERT_TRUE(server_) << error;
    server_->Get("/hello", [](const httplib::Request&, httplib::Response& res) { res.set_content("hi", "text/plain"); });
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    if (!server_) return;
    server_->stop();
    thread_.join();
  }
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::vector<int> refusals_;
};

TEST_F(GuardedServerTest, DropsAClientThatDripsItsHeadersPastTheDeadlineWith408) {
  ConnectionLimits l;
  l.request_timeout_s = 0.5;
  Start(l);
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  auto start = Clock::now();
  send(fd, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n", 38, MSG_NOSIGNAL);
  std::string answer;
  // One header byte every 100 ms: every read makes progress, so only a whole-request
  // deadline stops it.
  for (int i = 0; i < 20 && answer.empty(); ++i) {
    send(fd, "X", 1, MSG_NOSIGNAL);
    answer = ReadAll(fd, 100);
  }
  answer += ReadAll(fd, 500);
  close(fd);
  EXPECT_EQ(StatusOf(answer), 408) << answer;
  EXPECT_LT(SecondsSince(start), 3.0);  // without the deadline: never
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

TEST_F(GuardedServerTest, ClosesAConnectionThatNeverSendsARequest) {
  ConnectionLimits l;
  l.idle_timeout_s = 0.3;
  Start(l);
  int fd = Connect(port_);
  auto start = Clock::now();
  std::string answer = ReadAll(fd, 1500);  // returns when the server closes
  close(fd);
  EXPECT_EQ(answer, "");
  EXPECT_LT(SecondsSince(start), 1.4);  // closed by the server, not by ReadAll giving up
}

TEST_F(GuardedServerTest, AnswersOversizedHeadsWith431AndLongRequestLinesWith414) {
  ConnectionLimits l;
  l.max_header_bytes = 4096;
  Start(l);
  std::string many = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 200; ++i) many += "X-Filler-" + std::to_string(i) + ": 0123456789\r\n";
  EXPECT_EQ(StatusOf(RawExchange(port_, many + "\r\n")), 431);
  std::string long_line = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + std::string(3000, 'c') + "\r\n";
  EXPECT_EQ(StatusOf(RawExchange(port_, long_line + "\r\n")), 200);  // under the bound: fine
  std::string uri = "GET /hello?" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  std::string answer = RawExchange(port_, uri);
  EXPECT_EQ(StatusOf(answer), 414) << answer;
  EXPECT_NE(answer.find("\"error\""), std::string::npos);
  EXPECT_EQ(refusals_.size(), 2u);
}

TEST_F(GuardedServerTest, AnswersAHeaderLineLongerThanHttplibAcceptsWith431NotABare400) {
  Start(ConnectionLimits{});  // 16 KB heads; httplib's own line limit is 8 KB
  std::string r = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + std::string(9000, 'c') + "\r\n\r\n";
  EXPECT_EQ(StatusOf(RawExchange(port_, r)), 431);
}

TEST_F(GuardedServerTest, AnswersPipelinedRequestsInOrder) {
  Start(ConnectionLimits{});
  std::string two = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  std::string answer = RawExchange(port_, two);
  std::size_t second = answer.find("HTTP/1.1", 5);
  ASSERT_NE(second, std::string::npos) << answer;
  EXPECT_EQ(StatusOf(answer), 200);
  EXPECT_EQ(StatusOf(answer.substr(second)), 404);
}

TEST_F(GuardedServerTest, ShedsConnectionsBeyondTheQueueWith503) {
  ConnectionLimits l;
  l.threads = 1;
  l.max_queued_connections = 1;
  Start(l);
  int busy = Connect(port_);  // holds the only worker (a request that never completes)
  send(busy, "GET /hello HTTP/1.1\r\n", 21, MSG_NOSIGNAL);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int queued = Connect(port_);  // waits in the queue
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = Clock::now();
  std::string shed = RawExchange(port_, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n", 1000);
  EXPECT_EQ(StatusOf(shed), 503) << shed;
  EXPECT_NE(shed.find("Retry-After: 1"), std::string::npos);
  EXPECT_LT(SecondsSince(start), 1.5);  // at once, not after a worker frees up
  close(busy);
  close(queued);
}

TEST_F(GuardedServerTest, AnIdleKeptAliveConnectionHoldsNoWorker) {
  ConnectionLimits l;
  l.threads = 1;
  Start(l);
  int idle = Connect(port_);
  send(idle, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n", 32, MSG_NOSIGNAL);
  EXPECT_EQ(StatusOf(ReadAll(idle, 300)), 200);  // answered; the connection stays open
  auto start = Clock::now();
  EXPECT_EQ(StatusOf(RawExchange(port_, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")), 200);
  EXPECT_LT(SecondsSince(start), 2.5);  // not after the 5 s idle timeout
  close(idle);
}

TEST_F(GuardedServerTest, ManyIdleKeptAliveConnectionsOnTwoWorkersAreAllServed) {
  ConnectionLimits l;
  l.threads = 2;
  Start(l);
  constexpr int kConnections = 40;
  const std::string hello = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n";
  std::vector<int> fds;
  for (int i = 0; i < kConnections; ++i) {
    fds.push_back(Connect(port_));
    ASSERT_GE(fds.back(), 0);
    send(fds.back(), hello.data(), hello.size(), MSG_NOSIGNAL);
    EXPECT_EQ(StatusOf(ReadOneAnswer(fds.back(), 2000)), 200) << "connection " << i;  // and it stays open
  }
  // Forty idle connections, two workers: a newcomer and every idle one are answered at once.
  auto start = Clock::now();
  EXPECT_EQ(StatusOf(RawExchange(port_, hello)), 200);
  for (int i = 0; i < kConnections; ++i) {
    send(fds[i], hello.data(), hello.size(), MSG_NOSIGNAL);
    EXPECT_EQ(StatusOf(ReadOneAnswer(fds[i], 2000)), 200) << "connection " << i;
  }
  EXPECT_LT(SecondsSince(start), 2.5);  // one worker per connection would wait 5 s idle timeouts
  for (int fd : fds) close(fd);
}

// Bytes with a file copy go out by sendfile on plain TCP; a reader that takes them slowly
// (partial sends, EAGAIN) still gets every byte, in order.
TEST_F(GuardedServerTest, SendsFileCopiedBodiesWholeEvenToASlowReader) {
  std::string body(3 << 20, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + (i * 7919 + i / 4096) % 26);
  auto shared = std::make_shared<const std::string>(body);
  auto copy = std::make_shared<const FileCopy>(body);
  ASSERT_GE(copy->fd(), 0);
  Start(ConnectionLimits{});
  server_->Get("/big", [shared, copy](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(shared->size(), "application/octet-stream",
                             [shared, copy](std::size_t offset, std::size_t n, httplib::DataSink& sink) {
                               return WriteMirrored(sink, *shared, copy.get(), offset, n);
                             });
  });
  int fd = Connect(port_);
  int small = 16 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  std::string request = "GET /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the server's sends fill up and wait
  std::string answer = ReadAll(fd, 5000);
  close(fd);
  std::size_t head_end = answer.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_EQ(StatusOf(answer), 200);
  EXPECT_TRUE(answer.compare(head_end + 4, std::string::npos, body) == 0) << "body differs";
  EXPECT_EQ(answer.size() - head_end - 4, body.size());
}

// What a FileCopy's descriptor is, and whether it holds exactly `bytes`.
std::string FdTarget(int fd) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec).string();
}
bool Holds(int fd, const std::string& bytes) {
  std::string back(bytes.size() + 1, '\0');
  return pread(fd, back.data(), back.size(), 0) == static_cast<ssize_t>(bytes.size()) &&
         back.compare(0, bytes.size(), bytes) == 0;
}

// Sets TMPDIR for one scope.
class TmpDirFor {
 public:
  explicit TmpDirFor(const std::string& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old, had_ = true;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpDirFor() { had_ ? setenv("TMPDIR", old_.c_str(), 1) : unsetenv("TMPDIR"); }

 private:
  std::string old_;
  bool had_ = false;
};

// Cached answers are sent from an unnamed file in TMPDIR's page cache (sendfile reads a
// regular file's pages in batches, a memfd's one by one), private to this process; where
// TMPDIR cannot hold one, from a memfd.
TEST(FileCopy, IsAnUnnamedPrivateFileInTmpdirOrElseAMemfd) {
  const std::string bytes = std::string(200000, 'x') + "end";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("filecopy-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  // A file system without unnamed files (O_TMPFILE) gets the memfd, tested below.
  const int probe = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (probe >= 0) {
    ::close(probe);
    TmpDirFor tmp(dir.string());
    FileCopy copy(bytes);
    ASSERT_GE(copy.fd(), 0);
    EXPECT_EQ(copy.size(), bytes.size());
    EXPECT_EQ(FdTarget(copy.fd()).rfind(dir.string() + "/", 0), 0u) << FdTarget(copy.fd());
    EXPECT_TRUE(Holds(copy.fd(), bytes));
    struct stat st {};
    ASSERT_EQ(fstat(copy.fd(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(st.st_nlink, 0u);  // no name another process could open
    EXPECT_TRUE(std::filesystem::is_empty(dir));
  }
  {
    TmpDirFor tmp((dir / "missing").string());
    FileCopy copy(bytes);
    ASSERT_GE(copy.fd(), 0);
    EXPECT_EQ(FdTarget(copy.fd()).rfind("/memfd:", 0), 0u) << FdTarget(copy.fd());
    EXPECT_TRUE(Holds(copy.fd(), bytes));
  }
  std::filesystem::remove_all(dir);
}

// A cached answer sent once goes from memory; the second send (the first hit) makes its
// file, and every later one gets that same file, also when many threads ask at once.
TEST(LazyFileCopy, MakesTheFileAtTheSecondAskAndOnlyOnce) {
  const std::string bytes(150000, 'y');
  LazyFileCopy lazy;
  EXPECT_EQ(lazy.Get(bytes), nullptr);
  const FileCopy* first = lazy.Get(bytes);
  ASSERT_NE(first, nullptr);
  ASSERT_GE(first->fd(), 0);
  EXPECT_TRUE(Holds(first->fd(), bytes));
  EXPECT_EQ(lazy.Get(bytes), first);

  LazyFileCopy shared;
  EXPECT_EQ(shared.Get(bytes), nullptr);
  std::vector<const FileCopy*> got(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) threads.emplace_back([&, i] { got[i] = shared.Get(bytes); });
  for (std::thread& t : threads) t.join();
  for (const FileCopy* g : got) EXPECT_EQ(g, got[0]);
  ASSERT_NE(got[0], nullptr);
  EXPECT_TRUE(Holds(got[0]->fd(), bytes));
}

TEST(Connection, RefusesBodiesOverTheLimitWith413BeforeReadingThem) {
  Config c;
  c.max_body_bytes = 1024;
  TestServer server(c, std::make_unique<RecordingUpstream>());
  auto res = server.Client().Post("/api/v1/providers/vast/api/v0/bundles/", std::string(4096, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  // A declared 100 GB body is refused at once: the server does not wait to read it.
  int fd = Connect(server.port());
  std::string head =
      "POST /api/v1/providers/vast/api/v0/bundles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000000000\r\n\r\n";
  send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  auto start = Clock::now();
  std::string answer = ReadAll(fd, 2500);
  close(fd);
  EXPECT_EQ(StatusOf(answer), 413);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  EXPECT_LT(SecondsSince(start), 2.0);  // without the check: after the 10 s read deadline
}

TEST(Connection, AnswersOversizedHeadersWith431ThroughTheWholeServer) {
  Config c;
  c.max_header_bytes = 2048;
  TestServer server(c, std::make_unique<RecordingUpstream>());
  LogCapture log;
  httplib::Headers big;
  for (int i = 0; i < 100; ++i) big.emplace("X-Filler-" + std::to_string(i), std::string(40, 'v'));
  auto res = server.Client().Get("/healthz", big);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_NE(log.Text().find("\"route\":\"refused\",\"status\":431"), std::string::npos) << log.Text();
}

TEST(Connection, IgnoresRangeHeadersSoOneRequestCannotAskForTheFileThousandsOfTimes) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "offerscope_range_site";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "app.js") << std::string(5000, 'a');
  Config c;
  TestServer server(c, std::make_unique<RecordingUpstream>());
  std::string error;
  ASSERT_EQ(server.services().static_files.Load(dir.string(), error), 1) << error;
  std::string ranges = "bytes=0-";
  while (ranges.size() < 6000) ranges += ",0-";
  auto res = server.Client().Get("/app.js", {{"Range", ranges}, {"Accept-Encoding", "identity"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.size(), 5000u);
  EXPECT_FALSE(res->has_header("Content-Range"));
}

TEST(Connection, SurvivesGarbageAndHalfRequests) {
  TestServer server(Config{}, std::make_unique<RecordingUpstream>());
  for (const std::string& junk : {std::string("\r\n\r\n"), std::string("GARBAGE\r\n\r\n"), std::string(10000, '\0'),
                                 std::string("GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n"),
                                 std::string("GET / HTTP/9.9\r\nHost: a\r\n\r\n"), std::string("GET /")})
    RawExchange(server.port(), junk, 500);
  auto res = server.Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// A self-signed certificate for 127.0.0.1, written as PEM files.
void WriteSelfSignedCert(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, key, EVP_sha256());
  FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
}

// A config that serves HTTPS with a fresh self-signed certificate, written to files named
// after `tag` so that tests running at once do not share them.
Config TlsConfig(const std::string& tag) {
  Config c;
  c.tls_cert = ::testing::TempDir() + "offerscope_test_cert" + tag + ".pem";
  c.tls_key = ::testing::TempDir() + "offerscope_test_key" + tag + ".pem";
  WriteSelfSignedCert(c.tls_cert, c.tls_key);
  return c;
}

TEST(Tls, ServesHttpsAndDropsAClientThatNeverHandshakes) {
  Config c = TlsConfig("");
  c.read_timeout_s = 1;  // the handshake deadline too: room for a loaded machine
  TestServer server(c, std::make_unique<RecordingUpstream>());
  httplib::SSLClient client("127.0.0.1", server.port());
  client.enable_server_certificate_verification(false);
  auto res = client.Get("/healthz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"tls\":true"), std::string::npos);
  int fd = Connect(server.port());  // a TCP connection and then silence
  auto start = Clock::now();
  ReadAll(fd, 4000);
  close(fd);
  EXPECT_LT(SecondsSince(start), 3.0);  // the deadline, not the 5 s wait for a request
}

TEST(Tls, AnswersCachedCopiesOnTheFastPathOverHttpsToo) {
  Config c = TlsConfig("2");
  auto up = std::make_unique<RecordingUpstream>();
  up->reply.body = "{\"offers\":[" + std::string(100000, ' ') + "]}";  // several TLS records
  TestServer server(c, std::move(up));
  httplib::SSLClient client("127.0.0.1", server.port());
  client.enable_server_certificate_verification(false);
  client.set_keep_alive(true);
  const char* route = "/api/v1/providers/dispersed/v1/compute/offers?limit=5";
  auto miss = client.Get(route);
  auto hit = client.Get(route);  // same connection: a plain GET the fast path takes
  ASSERT_TRUE(miss && hit);
  EXPECT_EQ(hit->status, 200);
  EXPECT_EQ(hit->get_header_value("X-OfferScope-Cache"), "hit");
  EXPECT_EQ(hit->body, miss->body);
  // Counted after its last byte went out: the client may have it first.
  bool counted = false;
  for (int i = 0; i < 1000 && !counted; ++i) {
    counted = server.services().metrics.Render().find("offerscope_fast_path_answers_total 1\n") != std::string::npos;
    if (!counted) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(counted);
}

TEST(Tls, RefusesToStartWithUnusableCertificateFiles) {
  Services s(Config{});
  s.config.tls_cert = "/nonexistent/cert.pem";
  s.config.tls_key = "/nonexistent/key.pem";
  LogCapture log;
  EXPECT_EQ(MakeServer(s), nullptr);
  EXPECT_NE(log.Text().find("cannot use the TLS certificate"), std::string::npos);
}

TEST(Drain, SigtermLetsTheRequestInFlightFinishThenExitsZero) {
  auto up = std::make_unique<RecordingUpstream>();
  up->delay_ms = 400;
  Config c;
  c.port = 0;
  c.shutdown_grace_s = 5;
  Services s(c);
  s.upstream = std::move(up);
  LogCapture log;
  std::atomic<int> code{-1};
  std::thread runner([&] { code = RunServer(s); });
  std::smatch m;
  std::string text;
  for (int i = 0; i < 200 && !std::regex_search(text, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    text = log.Text();
  }
  ASSERT_FALSE(m.empty()) << text;
  int port = std::stoi(m[1]);
  int slow_status = 0;
  std::string slow_body;
  std::thread client([&] {
    httplib::Client cl("127.0.0.1", port);
    if (auto r = cl.Get("/api/v1/providers/dispersed/v1/compute/offers")) slow_status = r->status, slow_body = r->body;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the request is in flight
  auto start = Clock::now();
  std::raise(SIGTERM);
  client.join();
  runner.join();
  EXPECT_EQ(slow_status, 200);
  EXPECT_EQ(slow_body, "{\"offers\":[]}");
  EXPECT_EQ(code, 0);
  EXPECT_LT(SecondsSince(start), 3.0);  // well inside the 5 s grace period
  EXPECT_NE(log.Text().find("draining"), std::string::npos);
  EXPECT_LT(Connect(port), 0);  // no longer listening
}

}  // namespace
}  // namespace offerscope::proxy
