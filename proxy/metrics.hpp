// Counters and histograms exposed at /metrics in Prometheus text format. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace offerscope::proxy {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  void CountRequest(std::string_view route, int status);
  void ObserveUpstream(std::string_view provider, int status, double seconds);
  void CountRetry(std::string_view provider);
  void CountCache(bool hit);
  void CountFastAnswer();  // an answer written by the connection layer's fast path
  void AddBytes(std::string_view direction /* "in" from upstream, "out" to clients */, long long n);
  std::string Render() const;  // Prometheus text exposition format

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace offerscope::proxy
