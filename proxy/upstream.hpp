// Calling a provider: the one place that performs upstream HTTP. Implementations: the real
// HTTPS client (connection reuse, deadline, size bound, retries with backoff + jitter
// honouring Retry-After, per-provider concurrency limit) and the demo/emulator one that
// answers from the bundled snapshot in-process.
#pragma once

#include <memory>
#include <string>

#include "core/http.hpp"
#include "core/offer.hpp"

namespace offerscope::proxy {

struct Config;
class Metrics;

struct UpstreamRequest {
  core::ProviderId provider = core::ProviderId::kVast;
  core::HttpRequest request;  // path on the provider's base URL, allowlisted by the caller
  std::string key;            // API key to send (server-held or the caller's); empty: none
};

struct UpstreamResponse {
  int status = 0;             // HTTP status; 0 when no answer arrived (see error)
  std::string body;
  std::string content_type;
  std::string error;          // transport problem in words, never containing the key
  int attempts = 0;
  double latency_ms = 0;
};

class Upstream {
 public:
  virtual ~Upstream() = default;
  virtual UpstreamResponse Fetch(const UpstreamRequest& r) = 0;
};

std::unique_ptr<Upstream> MakeHttpUpstream(const Config& config, Metrics& metrics);

// Seconds a Retry-After header value asks to wait: delta-seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2026 07:28:00 GMT") measured from `now_unix_s`. -1 when it is unreadable.
double ParseRetryAfter(const std::string& value, double now_unix_s);
// Answers every allowlisted provider request from the deterministic demo data set.
std::unique_ptr<Upstream> MakeDemoUpstream(Metrics& metrics);

}  // namespace offerscope::proxy
