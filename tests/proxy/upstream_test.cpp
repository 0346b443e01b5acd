// The real upstream against the provider emulator (and a TLS server made here): retries with
// Retry-After, 5xx, the deadline, the size bound, the key kept out of errors, the
// per-provider concurrency limit, connection reuse and TLS verification.
#include "proxy/upstream.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "proxy/config.hpp"
#include "proxy/metrics.hpp"
#include "tests/proxy/emulator_harness.hpp"

namespace offerscope::proxy {
namespace {

using core::ProviderId;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

UpstreamRequest DispersedPage() {
  return {ProviderId::kDispersed, {"GET", "/v1/compute/offers", {{"limit", "5"}, {"page", "1"}}, ""}, ""};
}

class UpstreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (ProviderId p : {ProviderId::kVast, ProviderId::kPrimeIntellect, ProviderId::kDispersed})
      config.base_urls[static_cast<int>(p)] = emu.BaseUrl(p);
    config.upstream_timeout_s = 2;
  }
  std::unique_ptr<Upstream> Make() { return MakeHttpUpstream(config, metrics); }
  void Faults(ProviderId p, const EmulatorFaults& f) { emu.control->SetFaults(p, f); }

  testing::RunningEmulator emu;
  Config config;
  Metrics metrics;
};

TEST_F(UpstreamTest, RetriesA429AfterTheDelayRetryAfterAsks) {
  EmulatorFaults f;
  f.rate_limit_first = 1;
  f.retry_after_s = 1;
  Faults(ProviderId::kDispersed, f);
  auto up = Make();
  auto t0 = Clock::now();
  UpstreamResponse r = up->Fetch(DispersedPage());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_GE(Since(t0), 0.95);  // the backoff alone would be 0.1 to 0.2 s
  EXPECT_NE(metrics.Render().find("offerscope_upstream_retries_total{provider=\"dispersed\"} 1"), std::string::npos);
}

TEST_F(UpstreamTest, GivesUpAtOnceWhenRetryAfterIsPastTheDeadline) {
  EmulatorFaults f;
  f.rate_limit_first = 5;
  f.retry_after_s = 120;
  f.retry_after_as_date = true;
  Faults(ProviderId::kDispersed, f);
  auto t0 = Clock::now();
  UpstreamResponse r = Make()->Fetch(DispersedPage());
  EXPECT_LT(Since(t0), 0.5);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_NE(r.error.find("asked to retry after 1"), std::string::npos) << r.error;  // 119 or 120 s from the date
}

TEST_F(UpstreamTest, Retries5xxWithBackoffThenSucceeds) {
  EmulatorFaults f;
  f.error_first = 2;
  f.error_status = 503;
  Faults(ProviderId::kDispersed, f);
  UpstreamResponse r = Make()->Fetch(DispersedPage());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(emu.control->calls[static_cast<int>(ProviderId::kDispersed)].load(), 3);
}

TEST_F(UpstreamTest, ReturnsTheProvidersAnswerWhenRetriesRunOut) {
  EmulatorFaults f;
  f.error_first = -1;
  f.error_status = 502;
  Faults(ProviderId::kDispersed, f);
  config.max_retries = 2;
  UpstreamResponse r = Make()->Fetch(DispersedPage());
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.body.find("unavailable"), std::string::npos);
}

TEST_F(UpstreamTest, ASlowProviderIsAnErrorAtTheDeadline) {
  EmulatorFaults f;
  f.delay_ms = 900;
  Faults(ProviderId::kDispersed, f);
  config.upstream_timeout_s = 0.3;
  auto t0 = Clock::now();
  UpstreamResponse r = Make()->Fetch(DispersedPage());
  EXPECT_LT(Since(t0), 0.7);
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.error.find("Dispersed"), 0u) << r.error;
}

TEST_F(UpstreamTest, RefusesAnAnswerLargerThanTheBoundBeforeReadingIt) {
  EmulatorFaults f;
  f.huge_body = true;
  Faults(ProviderId::kDispersed, f);
  config.max_upstream_bytes = 1 << 20;
  auto t0 = Clock::now();
  UpstreamResponse r = Make()->Fetch(DispersedPage());
  EXPECT_LT(Since(t0), 1.0);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("more than 1048576 bytes"), std::string::npos) << r.error;
  EXPECT_EQ(r.attempts, 1);  // a size problem does not go away by asking again
}

TEST_F(UpstreamTest, TruncatedAndResetAnswersAreRetriedThenReported) {
  for (bool reset : {false, true}) {
    EmulatorFaults f;
    f.truncated_body = !reset;
    f.reset_connection = reset;
    Faults(ProviderId::kDispersed, f);
    config.max_retries = 1;
    UpstreamResponse r = Make()->Fetch(DispersedPage());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.attempts, 2);
    EXPECT_NE(r.error.find("could not be reached"), std::string::npos) << r.error;
  }
}

TEST_F(UpstreamTest, SendsTheProvidersAuthHeaderAndNeverLeaksTheKey) {
  const std::string key = "sk-live-7f3a9c1e5b2d4f6a";
  EmulatorFaults f;
  f.echo_key_in_errors = true;  // a careless API quoting the key back
  f.valid_keys = {"some-other-key"};
  Faults(ProviderId::kPrimeIntellect, f);
  auto up = Make();
  UpstreamResponse refused = up->Fetch({ProviderId::kPrimeIntellect, {"GET", "/api/v1/availability/gpus", {}, ""}, key});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.body.find(key), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("[redacted]"), std::string::npos);
  Faults(ProviderId::kPrimeIntellect, EmulatorFaults{});
  UpstreamResponse ok = up->Fetch({ProviderId::kPrimeIntellect, {"GET", "/api/v1/availability/gpus", {{"page_size", "3"}}, ""}, key});
  EXPECT_EQ(ok.status, 200);
  // Nothing listens here: a transport error, whose text must not carry the key either.
  config.base_urls[static_cast<int>(ProviderId::kPrimeIntellect)] = "http://127.0.0.1:1/" + key;
  config.max_retries = 0;
  UpstreamResponse down = Make()->Fetch({ProviderId::kPrimeIntellect, {"GET", "/api/v1/availability/gpus", {}, ""}, key});
  EXPECT_EQ(down.status, 0);
  EXPECT_EQ(down.error.find(key), std::string::npos) << down.error;
  EXPECT_EQ(metrics.Render().find(key), std::string::npos);
}

TEST_F(UpstreamTest, LimitsConcurrentCallsPerProvider) {
  EmulatorFaults f;
  f.delay_ms = 150;
  Faults(ProviderId::kVast, f);
  config.provider_concurrency = 2;
  auto up = Make();
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i)
    callers.emplace_back([&] {
      if (up->Fetch({ProviderId::kVast, {"POST", "/api/v0/bundles/", {}, R"({"limit":1})"}, ""}).status == 200) ++ok;
    });
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(emu.control->max_in_flight[static_cast<int>(ProviderId::kVast)].load(), 2);
}

TEST_F(UpstreamTest, ReusesKeepAliveConnections) {
  auto up = Make();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(up->Fetch(DispersedPage()).status, 200);
  EXPECT_EQ(emu.control->connections.load(), 1);
}

TEST_F(UpstreamTest, RefusesABaseUrlThatIsNotHttpOrHttps) {
  config.base_urls[static_cast<int>(ProviderId::kDispersed)] = "ftp://127.0.0.1/";
  UpstreamResponse r = Make()->Fetch(DispersedPage());
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("https://"), std::string::npos);
}

// A self-signed certificate for 127.0.0.1, made here, so the test needs no files or tools.
struct TestCert {
  TestCert() {
    key = EVP_EC_gen("P-256");
    cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    char tmpl[] = "/tmp/offerscope-test-ca-XXXXXX";
    int fd = mkstemp(tmpl);
    path = tmpl;
    FILE* f = fdopen(fd, "w");
    PEM_write_X509(f, cert);
    std::fclose(f);
  }
  ~TestCert() {
    std::remove(path.c_str());
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  std::string path;
};

TEST(UpstreamTls, VerifiesCertificatesAndTrustsTheConfiguredCaFile) {
  TestCert tc;
  httplib::SSLServer server(tc.cert, tc.key);
  server.Get("/v1/compute/offers", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"data":[],"limit":5,"page":1,"total":0})", "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Config config;
  config.base_urls[static_cast<int>(ProviderId::kDispersed)] = "https://127.0.0.1:" + std::to_string(port);
  Metrics metrics;
  UpstreamResponse untrusted = MakeHttpUpstream(config, metrics)->Fetch(DispersedPage());
  EXPECT_EQ(untrusted.status, 0);
  EXPECT_NE(untrusted.error.find("TLS certificate was not accepted"), std::string::npos) << untrusted.error;
  EXPECT_EQ(untrusted.attempts, 1);  // retrying cannot fix a certificate
  config.ca_file = tc.path;
  UpstreamResponse trusted = MakeHttpUpstream(config, metrics)->Fetch(DispersedPage());
  EXPECT_EQ(trusted.status, 200) << trusted.error;
  server.stop();
  t.join();
}

TEST(ParseRetryAfter, ReadsDelaySecondsAndHttpDates) {
  EXPECT_EQ(ParseRetryAfter("120", 0), 120);
  EXPECT_EQ(ParseRetryAfter(" 0 ", 0), 0);
  // 1994-11-06T08:49:37Z is 784111777.
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30), 30);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30), 0);  // already past
  EXPECT_EQ(ParseRetryAfter("soon", 0), -1);
  EXPECT_EQ(ParseRetryAfter("-5", 0), -1);
  EXPECT_EQ(ParseRetryAfter("", 0), -1);
}

}  // namespace
}  // namespace offerscope::proxy
