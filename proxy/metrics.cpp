#include "proxy/metrics.hpp"

#include <array>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>

namespace offerscope::proxy {

namespace {

// Upper bounds in seconds: provider answers take from tens of milliseconds (cached by a CDN)
// to tens of seconds (a large Vast search).
constexpr std::array<double, 12> kBuckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60};

// Labels come from fixed sets (route labels, provider names, statuses), but a bug that let a
// request-controlled string through must not grow memory without bound.
constexpr std::size_t kMaxSeries = 2000;

struct Histogram {
  std::array<long long, kBuckets.size()> counts{};
  long long count = 0;
  double sum = 0;
};

// Prometheus label values escape backslash, double quote and newline.
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

template <typename Map, typename Key>
typename Map::mapped_type* Slot(Map& m, Key&& key) {
  auto it = m.find(key);
  if (it != m.end()) return &it->second;
  if (m.size() >= kMaxSeries) return nullptr;
  return &m[std::forward<Key>(key)];
}

}  // namespace

struct Metrics::Impl {
  mutable std::mutex mu;
  std::map<std::pair<std::string, int>, long long> requests;
  std::map<std::string, Histogram> upstream;
  std::map<std::pair<std::string, int>, long long> upstream_status;
  std::map<std::string, long long> retries;
  long long cache_hits = 0, cache_misses = 0;
  long long fast_answers = 0;
  std::map<std::string, long long> bytes;
};

Metrics::Metrics() : impl_(new Impl) {}
Metrics::~Metrics() { delete impl_; }

void Metrics::CountRequest(std::string_view route, int status) {
  std::lock_guard<std::mutex> l(impl_->mu);
  if (long long* n = Slot(impl_->requests, std::make_pair(std::string(route), status))) ++*n;
}

void Metrics::ObserveUpstream(std::string_view provider, int status, double seconds) {
  std::lock_guard<std::mutex> l(impl_->mu);
  if (Histogram* h = Slot(impl_->upstream, std::string(provider))) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      if (seconds <= kBuckets[i]) ++h->counts[i];
    ++h->count;
    h->sum += seconds;
  }
  if (long long* n = Slot(impl_->upstream_status, std::make_pair(std::string(provider), status))) ++*n;
}

void Metrics::CountRetry(std::string_view provider) {
  std::lock_guard<std::mutex> l(impl_->mu);
  if (long long* n = Slot(impl_->retries, std::string(provider))) ++*n;
}

void Metrics::CountCache(bool hit) {
  std::lock_guard<std::mutex> l(impl_->mu);
  ++(hit ? impl_->cache_hits : impl_->cache_misses);
}

void Metrics::CountFastAnswer() {
  std::lock_guard<std::mutex> l(impl_->mu);
  ++impl_->fast_answers;
}

void Metrics::AddBytes(std::string_view direction, long long n) {
  std::lock_guard<std::mutex> l(impl_->mu);
  if (long long* total = Slot(impl_->bytes, std::string(direction))) *total += n;
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> l(impl_->mu);
  std::ostringstream o;
  o << "# HELP offerscope_requests_total Requests answered, by route and status.\n"
       "# TYPE offerscope_requests_total counter\n";
  for (const auto& [k, v] : impl_->requests)
    o << "offerscope_requests_total{route=\"" << Escape(k.first) << "\",status=\"" << k.second << "\"} " << v
      << "\n";
  o << "# HELP offerscope_upstream_seconds Upstream request latency by provider, retries included.\n"
       "# TYPE offerscope_upstream_seconds histogram\n";
  for (const auto& [p, h] : impl_->upstream) {
    std::string label = Escape(p);
    // Buckets are cumulative: ObserveUpstream counts an observation in every bucket it fits.
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      o << "offerscope_upstream_seconds_bucket{provider=\"" << label << "\",le=\"" << kBuckets[i] << "\"} "
        << h.counts[i] << "\n";
    o << "offerscope_upstream_seconds_bucket{provider=\"" << label << "\",le=\"+Inf\"} " << h.count << "\n";
    o << "offerscope_upstream_seconds_sum{provider=\"" << label << "\"} " << h.sum << "\n";
    o << "offerscope_upstream_seconds_count{provider=\"" << label << "\"} " << h.count << "\n";
  }
  o << "# HELP offerscope_upstream_responses_total Upstream answers by provider and status (0: none).\n"
       "# TYPE offerscope_upstream_responses_total counter\n";
  for (const auto& [k, v] : impl_->upstream_status)
    o << "offerscope_upstream_responses_total{provider=\"" << Escape(k.first) << "\",status=\"" << k.second
      << "\"} " << v << "\n";
  o << "# HELP offerscope_upstream_retries_total Upstream requests retried, by provider.\n"
       "# TYPE offerscope_upstream_retries_total counter\n";
  for (const auto& [p, v] : impl_->retries)
    o << "offerscope_upstream_retries_total{provider=\"" << Escape(p) << "\"} " << v << "\n";
  o << "# HELP offerscope_cache_hits_total Upstream answers served from the cache.\n"
       "# TYPE offerscope_cache_hits_total counter\nofferscope_cache_hits_total "
    << impl_->cache_hits << "\n";
  o << "# HELP offerscope_cache_misses_total Cacheable upstream answers not in the cache.\n"
       "# TYPE offerscope_cache_misses_total counter\nofferscope_cache_misses_total "
    << impl_->cache_misses << "\n";
  o << "# HELP offerscope_fast_path_answers_total Answers written without cpp-httplib (fresh cached copies).\n"
       "# TYPE offerscope_fast_path_answers_total counter\nofferscope_fast_path_answers_total "
    << impl_->fast_answers << "\n";
  o << "# HELP offerscope_bytes_total Body bytes, \"in\" from upstream and \"out\" to clients.\n"
       "# TYPE offerscope_bytes_total counter\n";
  for (const auto& [d, v] : impl_->bytes)
    o << "offerscope_bytes_total{direction=\"" << Escape(d) << "\"} " << v << "\n";
  return o.str();
}

}  // namespace offerscope::proxy
