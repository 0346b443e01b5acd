#include "pricing.hpp"

#include <algorithm>

namespace offerscope::core {

namespace {

// Price of the disk beyond what the base price includes; NaN when that amount is billed at
// an unknown rate (a known-unknown beats a made-up zero).
double DiskUsdPerHour(const Offer& o, double disk_gb) {
  double billed = BilledDiskGb(o, disk_gb);
  if (!IsKnown(billed)) return kUnknown;
  double included = IsKnown(o.disk_included_gb) ? o.disk_included_gb : 0.0;
  double extra_gb = std::max(0.0, billed - included);
  if (extra_gb == 0) return 0;
  return o.disk_usd_per_gb_hour * extra_gb;
}

// a / b, NaN unless both are known and b is non-zero.
double Ratio(double a, double b) {
  if (!IsKnown(a) || !IsKnown(b) || b == 0) return kUnknown;
  return a / b;
}

double Cost(double usd_per_hour, double hours) {
  if (!IsKnown(hours) || hours < 0) return kUnknown;
  return usd_per_hour * hours;
}

}  // namespace

double BilledDiskGb(const Offer& o, double disk_gb) {
  if (!IsKnown(disk_gb)) return kUnknown;
  double min_gb = IsKnown(o.disk_min_gb) ? o.disk_min_gb : 0.0;
  return std::max({0.0, disk_gb, min_gb});
}

double PriceUsdPerHour(const Offer& o, double disk_gb) {
  if (!IsKnown(o.base_usd_per_hour)) return kUnknown;
  return o.base_usd_per_hour + DiskUsdPerHour(o, disk_gb);
}

double BidPriceUsdPerHour(const Offer& o, double disk_gb) {
  if (!IsKnown(o.bid_usd_per_hour)) return kUnknown;
  return o.bid_usd_per_hour + DiskUsdPerHour(o, disk_gb);
}

double CostUsd(const Offer& o, double disk_gb, double hours) {
  return Cost(PriceUsdPerHour(o, disk_gb), hours);
}

double BidCostUsd(const Offer& o, double disk_gb, double hours) {
  return Cost(BidPriceUsdPerHour(o, disk_gb), hours);
}

void FinishPrices(Offer& o, double disk_gb) {
  double price = PriceUsdPerHour(o, disk_gb);
  double gpus = o.gpu_count > 0 ? static_cast<double>(o.gpu_count) : kUnknown;
  o.price_usd_per_hour = price;
  o.price_usd_per_gpu_hour = Ratio(price, gpus);
  o.usd_per_tflop_hour = Ratio(price, o.tflops_fp16 * gpus);
  o.usd_per_vram_gb_hour = Ratio(price, o.vram_gb * gpus);
}

}  // namespace offerscope::core
