// Helpers shared by the emulator's files; not an API for the rest of the proxy.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/http.hpp"
#include "proxy/emulator/emulator.hpp"
#include "proxy/emulator/emulator_data.hpp"

namespace offerscope::proxy::emulator_internal {

// SplitMix64: tiny, fast and the same on every platform, unlike std::*_distribution.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  int Int(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool Chance(double p) { return Uniform(0, 1) < p; }
  template <class T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Next() % N];
  }

 private:
  std::uint64_t state_;
};

inline double RoundTo(double v, int digits) {
  double scale = std::pow(10.0, digits);
  return std::round(v * scale) / scale;
}

// FNV-1a: a stable hash of a key (std::hash may differ between standard libraries).
inline std::uint64_t StableHash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Data set builders (emulator_data.cpp, emulator_markets.cpp).
std::vector<VastRecord> BuildVastRecords(std::size_t count);
void BuildPrime(EmulatorData& data);
void BuildDispersed(EmulatorData& data);

// Request helpers.
std::string Param(const core::HttpRequest& r, std::string_view key, const std::string& fallback = {});
std::vector<std::string> Params(const core::HttpRequest& r, std::string_view key);
bool HasParam(const core::HttpRequest& r, std::string_view key);
// A strict decimal integer (optional sign), false otherwise.
bool ParseInt(const std::string& text, long long& out);
EmulatorReply JsonReply(int status, std::string body);
// "Bearer <key>" -> "<key>"; empty when the header is missing or not a bearer token.
std::string BearerKey(const std::string& authorization);

// Per-provider handlers (emulator_vast.cpp, emulator_markets_api.cpp).
EmulatorReply VastSearch(const core::HttpRequest& r, bool legacy);
EmulatorReply VastInstances(const core::HttpRequest& r, const std::string& key);
EmulatorReply PrimeGpus(const core::HttpRequest& r);
EmulatorReply PrimeDisks(const core::HttpRequest& r);
EmulatorReply PrimeLegacy(const core::HttpRequest& r);
EmulatorReply DispersedOffers(const core::HttpRequest& r);

}  // namespace offerscope::proxy::emulator_internal
