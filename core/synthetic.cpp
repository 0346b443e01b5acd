#include "synthetic.hpp"

#include <cmath>
#include <string>

#include "catalog.hpp"
#include "pricing.hpp"

namespace offerscope::core {

namespace {

// xorshift32: tiny, deterministic on every platform (std distributions are not).
struct Rng {
  std::uint32_t s;
  std::uint32_t Next() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
  }
  double Uniform() { return (Next() >> 8) / 16777216.0; }
  template <class T, std::size_t N>
  const T& Pick(const T (&a)[N]) { return a[Next() % N]; }
};

struct Market {
  const char* canonical;   // catalog name
  double usd_per_gpu_hour; // typical on-demand price
};

constexpr Market kMarket[] = {
    {"H100 SXM", 2.2},  {"H100 PCIe", 1.9},  {"H200", 3.1},      {"A100 SXM 80GB", 1.3}, {"A100 PCIe 80GB", 1.1},
    {"A100 PCIe 40GB", 0.8}, {"L40S", 0.85}, {"RTX 4090", 0.38}, {"RTX 3090", 0.22},     {"RTX 5090", 0.65},
    {"RTX A6000", 0.5}, {"RTX 6000 Ada", 0.8}, {"A40", 0.42},   {"L4", 0.3},            {"RTX A5000", 0.28},
    {"B200", 4.5},      {"MI300X", 2.5},     {"V100 32GB", 0.3}};
constexpr const char* kCountries[] = {"US", "US", "US", "CA", "DE", "NL", "NO", "FI", "GB", "FR", "SE", "PL", "JP", "KR", "TW", "SG", "IN", "BR", "AU", "CN"};
constexpr const char* kTiersVast[] = {"verified", "verified", "unverified"};
constexpr const char* kTiersPrime[] = {"secure", "community"};
constexpr const char* kStock[] = {"available", "high", "medium", "low"};
constexpr int kCounts[] = {1, 1, 1, 1, 2, 2, 4, 4, 8, 8};

}  // namespace

std::vector<Offer> GenerateOffers(std::size_t count, std::uint32_t seed) {
  Rng rng{seed ? seed * 2654435761u : 1u};
  std::vector<Offer> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Offer o;
    o.provider = static_cast<ProviderId>(i % 3 == 0 ? 1 : i % 7 == 0 ? 2 : 0);
    const Market& m = rng.Pick(kMarket);
    const GpuSpec* spec = FindCanonical(m.canonical);
    o.gpu_raw = m.canonical;
    o.gpu_count = rng.Pick(kCounts);
    if (spec) o.vram_gb = spec->vram_gb;
    ApplyGpu(o, spec);
    o.id = "syn-" + std::to_string(i);
    o.vcpus = 8.0 * o.gpu_count * (1 + static_cast<int>(rng.Next() % 3));
    o.ram_gb = 32.0 * o.gpu_count * (1 + static_cast<int>(rng.Next() % 4));
    o.disk_gb = 100.0 * (1 + rng.Next() % 40);
    // Prices spread log-normally around the market price, as marketplaces do.
    double spread = std::exp((rng.Uniform() - 0.5) * 0.9);
    o.base_usd_per_hour = m.usd_per_gpu_hour * spread * o.gpu_count;
    o.disk_usd_per_gb_hour = o.provider == ProviderId::kDispersed ? 0 : 0.15 / 720.0;
    o.bid_usd_per_hour = o.provider == ProviderId::kVast ? o.base_usd_per_hour * (0.45 + 0.3 * rng.Uniform()) : kUnknown;
    o.country = rng.Pick(kCountries);
    o.region = o.provider == ProviderId::kVast ? "Region, " + o.country : o.country;
    o.reliability = o.provider == ProviderId::kVast ? 0.9 + 0.1 * rng.Uniform() : kUnknown;
    o.inet_down_mbps = 100 + 100.0 * (rng.Next() % 50);
    o.inet_up_mbps = o.inet_down_mbps * 0.6;
    o.tier = o.provider == ProviderId::kVast ? rng.Pick(kTiersVast) : o.provider == ProviderId::kPrimeIntellect ? rng.Pick(kTiersPrime) : "";
    o.stock = o.provider == ProviderId::kPrimeIntellect ? rng.Pick(kStock) : "available";
    o.source = o.provider == ProviderId::kPrimeIntellect ? "runpod" : "";
    o.quoted_at = "2026-11-01T12:00:00Z";
    FinishPrices(o, 100);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace offerscope::core
