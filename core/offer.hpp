// The one normalized offer model shared by every provider. Units are in the names.
// A number that the provider did not give is NaN (never 0, which would be a price or a
// count that looks real); `IsKnown(x)` tells which.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace offerscope::core {

enum class ProviderId : std::uint8_t { kVast = 0, kPrimeIntellect = 1, kDispersed = 2 };
inline constexpr int kProviderCount = 3;

// "vast", "primeintellect", "dispersed": the names used in URLs, JSON and the CLI.
std::string_view ProviderName(ProviderId id);
// Accepts the canonical names and a few obvious spellings ("vastai", "prime", "prime_intellect").
std::optional<ProviderId> ProviderFromName(std::string_view name);

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
inline bool IsKnown(double x) { return !std::isnan(x); }

// A provider's record, byte for byte (the details view, `--raw` exports). Records parsed
// from a page are slices of that page's buffer, shared by all its offers: copying each
// record was an eighth of a page's parse time in WebAssembly. The buffer lives as long as
// any of its records; copies of an offer share it (it is never modified).
class RawRecord {
 public:
  RawRecord() = default;
  // Owns a copy of `text` (records read back from JSON, tests).
  RawRecord(std::string_view text);  // NOLINT(google-explicit-constructor): assigned from text
  RawRecord(const std::string& text) : RawRecord(std::string_view(text)) {}  // NOLINT(google-explicit-constructor)
  // A slice of bytes that `owner` keeps alive.
  RawRecord(std::shared_ptr<const void> owner, std::string_view text)
      : owner_(std::move(owner)), data_(text.data()), size_(text.size()) {}

  std::string_view view() const { return std::string_view(data_, size_); }
  bool empty() const { return size_ == 0; }

 private:
  std::shared_ptr<const void> owner_;
  const char* data_ = "";
  std::size_t size_ = 0;
};

struct Offer {
  ProviderId provider = ProviderId::kVast;
  std::string id;      // unique within the provider (Prime: cloudId@dataCenter)
  std::string source;  // upstream seller where the provider aggregates others (Prime's `provider`)

  // GPU
  std::string gpu;       // canonical catalog model ("H100 SXM 80GB"); the provider's spelling when unknown
  std::string gpu_raw;   // the provider's own spelling ("H100 SXM", "H100_80GB/SXM5", "RTX 4090")
  bool gpu_known = false;  // false: `gpu` is kept verbatim, not in the catalog
  int gpu_count = 0;
  double vram_gb = kUnknown;  // per GPU, GB as the vendor sells it (80 for an H100 80GB)

  // Host
  double vcpus = kUnknown;
  double ram_gb = kUnknown;
  double disk_gb = kUnknown;      // largest disk the offer can have
  double disk_min_gb = 0;         // smallest disk one must pay for (Prime minCount)

  // Prices, USD. `price_usd_per_hour` is the whole offer (all GPUs) with the disk size it
  // was normalized at (NormalizeOptions::disk_gb), so every provider is compared alike.
  double base_usd_per_hour = kUnknown;          // without any paid disk
  double disk_usd_per_gb_hour = 0;              // price of one extra GB of disk per hour
  double disk_included_gb = 0;                  // disk already inside base_usd_per_hour
  double price_usd_per_hour = kUnknown;
  double price_usd_per_gpu_hour = kUnknown;
  bool interruptible = false;                   // this offer row is an interruptible/spot one
  double bid_usd_per_hour = kUnknown;           // minimum bid for an interruptible rental (whole offer)
  double usd_per_tflop_hour = kUnknown;         // price_usd_per_hour / (dense FP16 TFLOPS x gpu_count)
  double usd_per_vram_gb_hour = kUnknown;       // price_usd_per_hour / (vram_gb x gpu_count)

  // Catalog figures copied onto the offer (per GPU), NaN when the GPU is unknown.
  double tflops_fp16 = kUnknown;       // dense FP16/BF16 tensor TFLOPS
  double tflops_fp32 = kUnknown;
  double mem_bandwidth_gb_s = kUnknown;

  // Place and quality
  std::string country;   // ISO 3166-1 alpha-2 when known, else empty
  std::string region;    // location text as the provider gives it ("Guangxi, CN", "united_states", "us-west-2")
  double reliability = kUnknown;  // 0..1
  double inet_down_mbps = kUnknown;  // megabits per second
  double inet_up_mbps = kUnknown;
  std::string interconnect;  // "SXM5", "PCIe", "NVLink", "InfiniBand 400 Gbps"...
  std::string stock;         // lowercase: "available", "high", "medium", "low", "unavailable", or empty
  std::string tier;          // "verified", "unverified", "deverified", "secure", "community"
  std::string quoted_at;     // ISO 8601 UTC when the provider gave it, else the fetch time if known

  RawRecord raw_json;  // the provider's record, byte for byte, for the details view
};

}  // namespace offerscope::core
