#include "proxy/metrics.hpp"

#include <array>
#include <map>
#include <mutex>
#include <sstream>

namespace offerscope::proxy {

namespace {
constexpr std::array<double, 10> kBuckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
struct Histogram {
  std::array<long long, kBuckets.size()> counts{};
  long long count = 0;
  double sum = 0;
};
}  // namespace

struct Metrics::Impl {
  std::mutex mu;
  std::map<std::pair<std::string, int>, long long> requests;
  std::map<std::string, Histogram> upstream;
  std::map<std::pair<std::string, int>, long long> upstream_status;
  std::map<std::string, long long> retries;
  long long cache_hits = 0, cache_misses = 0;
  std::map<std::string, long long> bytes;
};

Metrics::Metrics() : impl_(new Impl) {}
Metrics::~Metrics() { delete impl_; }

void Metrics::CountRequest(std::string_view route, int status) {
  std::lock_guard<std::mutex> l(impl_->mu);
  ++impl_->requests[{std::string(route), status}];
}

void Metrics::ObserveUpstream(std::string_view provider, int status, double seconds) {
  std::lock_guard<std::mutex> l(impl_->mu);
  Histogram& h = impl_->upstream[std::string(provider)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
  ++impl_->upstream_status[{std::string(provider), status}];
}

void Metrics::CountRetry(std::string_view provider) {
  std::lock_guard<std::mutex> l(impl_->mu);
  ++impl_->retries[std::string(provider)];
}

void Metrics::CountCache(bool hit) {
  std::lock_guard<std::mutex> l(impl_->mu);
  ++(hit ? impl_->cache_hits : impl_->cache_misses);
}

void Metrics::AddBytes(std::string_view direction, long long n) {
  std::lock_guard<std::mutex> l(impl_->mu);
  impl_->bytes[std::string(direction)] += n;
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> l(impl_->mu);
  std::ostringstream o;
  o << "# HELP offerscope_requests_total Requests answered, by route and status.\n"
       "# TYPE offerscope_requests_total counter\n";
  for (const auto& [k, v] : impl_->requests)
    o << "offerscope_requests_total{route=\"" << k.first << "\",status=\"" << k.second << "\"} " << v << "\n";
  o << "# HELP offerscope_upstream_seconds Upstream request latency by provider.\n"
       "# TYPE offerscope_upstream_seconds histogram\n";
  for (const auto& [p, h] : impl_->upstream) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      o << "offerscope_upstream_seconds_bucket{provider=\"" << p << "\",le=\"" << kBuckets[i] << "\"} " << h.counts[i] << "\n";
    o << "offerscope_upstream_seconds_bucket{provider=\"" << p << "\",le=\"+Inf\"} " << h.count << "\n";
    o << "offerscope_upstream_seconds_sum{provider=\"" << p << "\"} " << h.sum << "\n";
    o << "offerscope_upstream_seconds_count{provider=\"" << p << "\"} " << h.count << "\n";
  }
  o << "# TYPE offerscope_upstream_responses_total counter\n";
  for (const auto& [k, v] : impl_->upstream_status)
    o << "offerscope_upstream_responses_total{provider=\"" << k.first << "\",status=\"" << k.second << "\"} " << v << "\n";
  o << "# TYPE offerscope_upstream_retries_total counter\n";
  for (const auto& [p, v] : impl_->retries) o << "offerscope_upstream_retries_total{provider=\"" << p << "\"} " << v << "\n";
  o << "# TYPE offerscope_cache_hits_total counter\nofferscope_cache_hits_total " << impl_->cache_hits << "\n";
  o << "# TYPE offerscope_cache_misses_total counter\nofferscope_cache_misses_total " << impl_->cache_misses << "\n";
  o << "# TYPE offerscope_bytes_total counter\n";
  for (const auto& [d, v] : impl_->bytes) o << "offerscope_bytes_total{direction=\"" << d << "\"} " << v << "\n";
  return o.str();
}

}  // namespace offerscope::proxy
