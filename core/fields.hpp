// The provider-neutral fields one can filter, sort and show offers by. One list serves the
// query language, the offer table's columns and sort keys, and the share URL, so a name
// means the same thing everywhere. Vast's own field names are accepted as synonyms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "offer.hpp"

namespace offerscope::core {

enum class Field : std::uint8_t {
  kProvider, kId, kSource, kGpu, kGpuCount, kVramGb, kTotalVramGb, kVcpus, kRamGb, kDiskGb,
  kPriceUsdPerHour, kPriceUsdPerGpuHour, kUsdPerTflopHour, kUsdPerVramGbHour, kBidUsdPerHour,
  kInterruptible, kTflopsFp16, kTflopsFp32, kMemBandwidthGbS, kCountry, kRegion, kReliability,
  kInetDownMbps, kInetUpMbps, kInterconnect, kStock, kTier, kVerified, kQuotedAt,
  kCount  // number of fields; not a field
};
inline constexpr int kFieldCount = static_cast<int>(Field::kCount);

enum class FieldType : std::uint8_t { kNumber, kText, kBool };

struct FieldInfo {
  Field field;
  std::string_view name;      // canonical query/URL name: "price_per_gpu", "gpu_count"
  std::string_view label;     // table header with unit: "$/GPU-h"
  std::string_view json_key;  // key in normalized JSON output: "price_usd_per_gpu_hour"
  FieldType type;
};

const FieldInfo& Info(Field f);
// Canonical names, neutral synonyms and Vast names ("dph", "num_gpus", "gpu_name",
// "geolocation", "reliability2", ...). Case-sensitive like Vast's CLI.
std::optional<Field> FieldFromName(std::string_view name);

// The value of a field on an offer, for generic code (table columns, CSV, compare view).
double NumberOf(const Offer& o, Field f);            // NaN when unknown or not a number field
std::string_view TextOf(const Offer& o, Field f);   // empty when not a text field
bool BoolOf(const Offer& o, Field f);

}  // namespace offerscope::core
