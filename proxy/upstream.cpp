// The real upstream: cpp-httplib clients to each provider's fixed base URL.
#include "proxy/upstream.hpp"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "core/providers/registry.hpp"
#include "proxy/config.hpp"
#include "proxy/metrics.hpp"

namespace offerscope::proxy {

namespace {

using Clock = std::chrono::steady_clock;

// "https://host:port/prefix" -> ("https://host:port", "/prefix").
void SplitBase(const std::string& url, std::string& origin, std::string& prefix) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  origin = url.substr(0, slash);
  prefix = slash == std::string::npos ? std::string() : url.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
}

// At most `limit` calls to one provider at a time, so a fan-out cannot trip its rate limit.
class Semaphore {
 public:
  explicit Semaphore(int limit) : free_(limit) {}
  void Acquire() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return free_ > 0; });
    --free_;
  }
  void Release() {
    std::lock_guard<std::mutex> l(mu_);
    ++free_;
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

struct ProviderLink {
  std::string origin, prefix;
  std::mutex mu;
  std::vector<std::unique_ptr<httplib::Client>> idle;  // keep-alive connections to reuse
  std::unique_ptr<Semaphore> slots;
};

class HttpUpstream : public Upstream {
 public:
  HttpUpstream(const Config& c, Metrics& m) : config_(c), metrics_(m) {
    for (const core::ProviderDef* p : core::AllProviders()) {
      ProviderLink& link = links_[static_cast<int>(p->id)];
      std::string base = c.base_urls[static_cast<int>(p->id)];
      SplitBase(base.empty() ? std::string(p->base_url) : base, link.origin, link.prefix);
      link.slots = std::make_unique<Semaphore>(c.provider_concurrency);
    }
  }

  UpstreamResponse Fetch(const UpstreamRequest& r) override {
    ProviderLink& link = links_[static_cast<int>(r.provider)];
    const core::ProviderDef& def = core::GetProvider(r.provider);
    const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long>(config_.upstream_timeout_s * 1000));
    UpstreamResponse out;
    auto t0 = Clock::now();
    double backoff_s = 0.15;  // the official CLI's first sleep; x1.5 each time
    for (int attempt = 0;; ++attempt) {
      out = Once(link, def, r, deadline);
      out.attempts = attempt + 1;
      bool retryable = out.status == 0 || out.status == 429 || out.status == 502 || out.status == 503 || out.status == 504;
      if (!retryable || attempt >= config_.max_retries) break;
      double wait_s = backoff_s * (0.5 + Jitter());
      if (retry_after_s_ > 0) wait_s = std::max(wait_s, retry_after_s_);
      if (Clock::now() + std::chrono::milliseconds(static_cast<long>(wait_s * 1000)) >= deadline) break;
      metrics_.CountRetry(def.name);
      std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(wait_s * 1000)));
      backoff_s *= 1.5;
    }
    out.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    return out;
  }

 private:
  double Jitter() {
    std::lock_guard<std::mutex> l(rng_mu_);
    return std::uniform_real_distribution<double>(0, 1)(rng_);
  }

  std::unique_ptr<httplib::Client> Take(ProviderLink& link) {
    {
      std::lock_guard<std::mutex> l(link.mu);
      if (!link.idle.empty()) {
        auto c = std::move(link.idle.back());
        link.idle.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<httplib::Client>(link.origin);
    c->set_keep_alive(true);
    c->enable_server_certificate_verification(true);
    if (!config_.ca_file.empty()) c->set_ca_cert_path(config_.ca_file.c_str());
    return c;
  }

  void Give(ProviderLink& link, std::unique_ptr<httplib::Client> c) {
    std::lock_guard<std::mutex> l(link.mu);
    if (link.idle.size() < 8) link.idle.push_back(std::move(c));
  }

  UpstreamResponse Once(ProviderLink& link, const core::ProviderDef& def, const UpstreamRequest& r,
                        Clock::time_point deadline) {
    UpstreamResponse out;
    retry_after_s_ = 0;
    double left_s = std::chrono::duration<double>(deadline - Clock::now()).count();
    if (left_s <= 0) {
      out.error = std::string(def.display_name) + " did not answer before the deadline";
      return out;
    }
    link.slots->Acquire();
    std::unique_ptr<httplib::Client> client = Take(link);
    auto secs = static_cast<time_t>(left_s);
    auto usecs = static_cast<time_t>((left_s - static_cast<double>(secs)) * 1e6);
    client->set_connection_timeout(secs, usecs);
    client->set_read_timeout(secs, usecs);
    client->set_write_timeout(secs, usecs);

    httplib::Request req;
    req.method = r.request.method;
    req.path = link.prefix + core::Target(r.request);
    req.headers.emplace("Accept", "application/json");
    if (!r.request.body.empty()) {
      req.body = r.request.body;
      req.headers.emplace("Content-Type", "application/json");
    }
    if (!r.key.empty()) req.headers.emplace(std::string(def.auth_header), std::string(def.auth_prefix) + r.key);
    std::string body;
    bool too_big = false;
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
      if (static_cast<long long>(body.size() + n) > config_.max_upstream_bytes) return too_big = true, false;
      body.append(data, n);
      return true;
    };
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    auto t0 = Clock::now();
    bool ok = client->send(req, res, err);
    double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    link.slots->Release();
    if (ok) Give(link, std::move(client));
    if (too_big) {
      out.error = std::string(def.display_name) + " answered more than " +
                  std::to_string(config_.max_upstream_bytes >> 20) + " MB; answer refused";
      metrics_.ObserveUpstream(def.name, 0, seconds);
      return out;
    }
    if (!ok) {
      // httplib's error names never include request headers, so no key can leak here.
      out.error = std::string(def.display_name) + " could not be reached: " + httplib::to_string(err);
      metrics_.ObserveUpstream(def.name, 0, seconds);
      return out;
    }
    metrics_.ObserveUpstream(def.name, res.status, seconds);
    metrics_.AddBytes("in", static_cast<long long>(body.size()));
    out.status = res.status;
    out.body = std::move(body);
    out.content_type = res.get_header_value("Content-Type");
    if (res.status == 429 || res.status == 503) {
      std::string ra = res.get_header_value("Retry-After");
      double s = std::atof(ra.c_str());
      if (s > 0) retry_after_s_ = std::min(s, 30.0);
    }
    return out;
  }

  const Config& config_;
  Metrics& metrics_;
  std::array<ProviderLink, core::kProviderCount> links_;
  std::mutex rng_mu_;
  std::mt19937 rng_{std::random_device{}()};
  static thread_local double retry_after_s_;
};

thread_local double HttpUpstream::retry_after_s_ = 0;

}  // namespace

std::unique_ptr<Upstream> MakeHttpUpstream(const Config& config, Metrics& metrics) {
  return std::make_unique<HttpUpstream>(config, metrics);
}

}  // namespace offerscope::proxy
