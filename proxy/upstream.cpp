// The real upstream: cpp-httplib clients to each provider's fixed base URL.
//
// - TLS verification stays on (Config::ca_file adds a CA bundle for tests); plain http only
//   when a configured base URL override says http://.
// - Keep-alive clients are pooled per provider and reused; one that failed is dropped.
// - One deadline (Config::upstream_timeout_s) covers the whole call, retries included:
//   connect/read/write timeouts are set to what is left and the body reader checks it too,
//   so a server that trickles bytes cannot hold a request past it.
// - Answers larger than Config::max_upstream_bytes (after decompression) are refused as
//   they arrive, never buffered whole.
// - 429/502/503/504 and connection errors are retried with exponential backoff and jitter,
//   waiting at least what Retry-After asks (seconds or an HTTP-date), never past the deadline.
// - At most Config::provider_concurrency calls per provider are in flight at once.
// - Error texts are built from our own words and httplib's error names, never from request
//   headers, and the key is scrubbed from anything returned, so it cannot leak.
#include "proxy/upstream.hpp"

#include <httplib.h>
#include <openssl/x509.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/access.hpp"
#include "proxy/config.hpp"
#include "proxy/metrics.hpp"
#include "proxy/worker_pool.hpp"

namespace offerscope::proxy {

namespace {

using Clock = std::chrono::steady_clock;

constexpr double kFirstBackoffS = 0.2;  // doubled on every retry, then jittered
constexpr std::size_t kMaxIdleClients = 8;

double SecondsLeft(Clock::time_point deadline) {
  return std::chrono::duration<double>(deadline - Clock::now()).count();
}

// A counting semaphore whose wait gives up at a deadline.
class Slots {
 public:
  explicit Slots(int n) : free_(n < 1 ? 1 : n) {}
  bool Acquire(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_until(lock, deadline, [&] { return free_ > 0; })) return false;
    --free_;
    return true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

// Everything about talking to one provider.
struct Link {
  std::string origin;  // "https://console.vast.ai" (scheme, host, port)
  std::string prefix;  // path prefix of the base URL, without a trailing '/'
  std::string error;   // non-empty: the base URL cannot be used, and why
  std::mutex mu;
  std::vector<std::unique_ptr<httplib::Client>> idle;
  std::unique_ptr<Slots> slots;
};

// Reads a base URL into `link`. Plain http is accepted only from configuration (tests and
// the emulator); the registry's URLs are all https.
void SetBase(Link& link, const std::string& url, bool configured) {
  bool https = url.rfind("https://", 0) == 0, http = url.rfind("http://", 0) == 0;
  if (!https && !(http && configured)) {
    link.error = "base URL must start with https://";
    return;
  }
  std::size_t host = url.find("://") + 3;
  std::size_t slash = url.find('/', host);
  link.origin = url.substr(0, slash);
  link.prefix = slash == std::string::npos ? std::string() : url.substr(slash);
  while (!link.prefix.empty() && link.prefix.back() == '/') link.prefix.pop_back();
  if (host >= link.origin.size()) link.error = "base URL has no host";
}

bool RetryableStatus(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

std::string WholeSeconds(double s) { return std::to_string(static_cast<long long>(std::ceil(s))); }

// The outcome of one try.
struct Attempt {
  UpstreamResponse response;
  bool retryable = false;
  double retry_after_s = -1;  // what the provider asked, -1 when it did not
};

class HttpUpstream : public Upstream {
 public:
  HttpUpstream(const Config& c, Metrics& m) : config_(c), metrics_(m) {
    for (const core::ProviderDef* p : core::AllProviders()) {
      Link& link = links_[static_cast<int>(p->id)];
      const std::string& configured = c.base_urls[static_cast<int>(p->id)];
      SetBase(link, configured.empty() ? std::string(p->base_url) : configured, !configured.empty());
      link.slots = std::make_unique<Slots>(c.provider_concurrency);
    }
  }

  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    WillBlock();  // a network round trip: another worker takes new requests meanwhile
    const core::ProviderDef& def = core::GetProvider(r.provider);
    Link& link = links_[static_cast<int>(r.provider)];
    auto start = Clock::now();
    auto deadline = start + std::chrono::microseconds(static_cast<long long>(config_.upstream_timeout_s * 1e6));
    UpstreamResponse out;
    for (int retry = 0;; ++retry) {
      Attempt a = Once(link, def, r, deadline);
      out = std::move(a.response);
      out.attempts = retry + 1;
      if (!a.retryable || retry >= config_.max_retries) break;
      double wait_s = Backoff(retry);
      if (a.retry_after_s >= 0) wait_s = std::max(wait_s, a.retry_after_s);
      if (wait_s >= SecondsLeft(deadline)) {
        std::string why = a.retry_after_s >= 0 ? "it asked to retry after " + WholeSeconds(a.retry_after_s) + " s"
                                               : "no time was left to retry";
        if (out.status != 0) out.error = std::string(def.display_name) + " answered HTTP " + std::to_string(out.status) +
                                         "; " + why + ", past the " + WholeSeconds(config_.upstream_timeout_s) + " s deadline";
        break;
      }
      metrics_.CountRetry(def.name);
      std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
    }
    out.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    out.error = Redact(std::move(out.error), {r.key});
    if (out.status >= 400) out.body = Redact(std::move(out.body), {r.key});  // an API that echoes the key in its errors
    return out;
  }

 private:
  // Exponential backoff with "equal jitter": half fixed, half random, so clients that
  // failed together do not retry together.
  double Backoff(int retry) {
    thread_local std::mt19937 rng{std::random_device{}()};
    double base = kFirstBackoffS * std::pow(2.0, retry);
    return base * std::uniform_real_distribution<double>(0.5, 1.0)(rng);
  }

  std::unique_ptr<httplib::Client> Take(Link& link) {
    {
      std::lock_guard<std::mutex> lock(link.mu);
      if (!link.idle.empty()) {
        std::unique_ptr<httplib::Client> c = std::move(link.idle.back());
        link.idle.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<httplib::Client>(link.origin);
    c->set_keep_alive(true);
    c->enable_server_certificate_verification(true);
    if (!config_.ca_file.empty()) c->set_ca_cert_path(config_.ca_file);
    return c;
  }

  void GiveBack(Link& link, std::unique_ptr<httplib::Client> c) {
    std::lock_guard<std::mutex> lock(link.mu);
    if (link.idle.size() < kMaxIdleClients) link.idle.push_back(std::move(c));
  }

  httplib::Request BuildRequest(const Link& link, const core::ProviderDef& def, const UpstreamRequest& r) {
    httplib::Request req;
    req.method = r.request.method;
    req.path = link.prefix + core::Target(r.request);
    req.headers.emplace("Accept", "application/json");
    req.headers.emplace("User-Agent", "OfferScope/0.1 (+self-hosted proxy)");
    if (!r.request.body.empty() || r.request.method == "POST" || r.request.method == "PUT") {
      req.body = r.request.body;
      req.headers.emplace("Content-Type", "application/json");
    }
    if (!r.key.empty()) req.headers.emplace(std::string(def.auth_header), std::string(def.auth_prefix) + r.key);
    return req;
  }

  Attempt Once(Link& link, const core::ProviderDef& def, const UpstreamRequest& r, Clock::time_point deadline) {
    Attempt a;
    std::string name(def.display_name);
    if (!link.error.empty()) {
      a.response.error = name + ": " + link.error;
      return a;
    }
    if (SecondsLeft(deadline) <= 0 || !link.slots->Acquire(deadline)) {
      a.response.error = name + " did not answer within " + WholeSeconds(config_.upstream_timeout_s) + " s";
      return a;
    }
    std::unique_ptr<httplib::Client> client = Take(link);
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    client->set_connection_timeout(left);
    client->set_read_timeout(left);
    client->set_write_timeout(left);

    httplib::Request req = BuildRequest(link, def, r);
    std::string body;
    bool too_big = false, late = false;
    const auto limit = static_cast<std::size_t>(config_.max_upstream_bytes);
    req.response_handler = [&](const httplib::Response& res) {
      // A declared length past the bound is refused before a byte of the body is read.
      std::string length = res.get_header_value("Content-Length");
      if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > limit) return too_big = true, false;
      return true;
    };
    req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      if (Clock::now() > deadline) return late = true, false;
      if (body.size() + n > limit) return too_big = true, false;
      body.append(data, n);
      return true;
    };
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    auto t0 = Clock::now();
    bool ok = client->send(req, res, err);
    double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    link.slots->Release();
    metrics_.ObserveUpstream(def.name, ok && !too_big && !late ? res.status : 0, seconds);
    if (too_big || late || !ok) {
      a.response.error = TransportError(name, *client, err, too_big, late);
      a.retryable = !too_big && !late && err != httplib::Error::SSLServerVerification &&
                    err != httplib::Error::SSLLoadingCerts && SecondsLeft(deadline) > 0;
      return a;  // the client is dropped: its connection may hold unread bytes
    }
    GiveBack(link, std::move(client));
    metrics_.AddBytes("in", static_cast<long long>(body.size()));
    a.response.status = res.status;
    a.response.body = std::move(body);
    a.response.content_type = res.get_header_value("Content-Type");
    a.retryable = RetryableStatus(res.status);
    if (a.retryable && res.has_header("Retry-After"))
      a.retry_after_s = ParseRetryAfter(res.get_header_value("Retry-After"), static_cast<double>(std::time(nullptr)));
    return a;
  }

  std::string TransportError(const std::string& name, const httplib::Client& client, httplib::Error err, bool too_big,
                             bool late) {
    if (too_big)
      return name + " answered more than " + std::to_string(config_.max_upstream_bytes) + " bytes; the answer was refused";
    if (late) return name + " did not finish answering within " + WholeSeconds(config_.upstream_timeout_s) + " s";
    if (err == httplib::Error::SSLServerVerification) {
      long code = client.get_openssl_verify_result();
      return name + "'s TLS certificate was not accepted (" +
             (code ? std::string(X509_verify_cert_error_string(code)) : std::string("verification failed")) + ")";
    }
    if (err == httplib::Error::ConnectionTimeout) return name + " did not accept a connection in time";
    return name + " could not be reached: " + httplib::to_string(err);
  }

  const Config config_;
  Metrics& metrics_;
  std::array<Link, core::kProviderCount> links_;
};

}  // namespace

double ParseRetryAfter(const std::string& value, double now_unix_s) {
  std::size_t start = value.find_first_not_of(' ');
  if (start == std::string::npos) return -1;
  std::string v = value.substr(start);
  if (std::isdigit(static_cast<unsigned char>(v[0]))) {
    char* end = nullptr;
    double s = std::strtod(v.c_str(), &end);
    while (*end == ' ') ++end;
    return *end == '\0' && s >= 0 ? s : -1;
  }
  // IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const char* end = strptime(v.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return -1;
  double at = static_cast<double>(timegm(&tm));
  return at > now_unix_s ? at - now_unix_s : 0;
}

std::unique_ptr<Upstream> MakeHttpUpstream(const Config& config, Metrics& metrics) {
  return std::make_unique<HttpUpstream>(config, metrics);
}

}  // namespace offerscope::proxy
