// What an offer costs at a chosen disk size, so that offers from providers that price disk
// differently (Vast: per GB-month on top of the GPU price; Prime Intellect: per GB-hour with a
// minimum size; Dispersed: included) compare alike. Provider parsers fill the price inputs of
// an Offer (base_usd_per_hour, disk_usd_per_gb_hour, disk_included_gb, disk_min_gb) and then
// call FinishPrices once; the UI calls the same functions when the user changes the disk size.
#pragma once

#include "offer.hpp"

namespace offerscope::core {

// Vast's storage_cost is $/GB per month, and Vast bills a month as 30 days: the real
// captures' storage_total_cost equals storage_cost * allocated_storage / 720 exactly
// (Guangxi RTX 4090: 0.0013333 $/GB/month x 5 GB / 720 = 9.259e-06 $/h), not / 730.
inline constexpr double kVastHoursPerMonth = 720.0;
inline double VastDiskUsdPerGbHour(double storage_cost_usd_per_gb_month) {
  return storage_cost_usd_per_gb_month / kVastHoursPerMonth;
}

// The disk the user pays for when asking for `disk_gb`: at least the offer's minimum
// (Prime's disk.minCount). NaN when `disk_gb` is NaN.
double BilledDiskGb(const Offer& o, double disk_gb);

// Whole-offer price per hour with `disk_gb` of disk:
//   base_usd_per_hour + disk_usd_per_gb_hour * max(0, max(disk_gb, disk_min_gb) - disk_included_gb)
// NaN when the base price is unknown. A NaN disk price counts as "disk is free" only when no
// disk beyond the included amount is billed.
double PriceUsdPerHour(const Offer& o, double disk_gb);

// The same for an interruptible rental at the offer's minimum bid (bid_usd_per_hour is the
// GPU part, as Vast's min_bid is; disk is billed on top alike). NaN when there is no bid.
double BidPriceUsdPerHour(const Offer& o, double disk_gb);

// Cost of renting for `hours` (on demand or at the minimum bid). NaN when the price or the
// hours are unknown or the hours are negative.
double CostUsd(const Offer& o, double disk_gb, double hours);
double BidCostUsd(const Offer& o, double disk_gb, double hours);

// Fills price_usd_per_hour, price_usd_per_gpu_hour, usd_per_tflop_hour and
// usd_per_vram_gb_hour from the price inputs and the catalog figures, at `disk_gb`.
// A derived figure is NaN when one of its inputs is unknown or zero (a zero GPU count or
// TFLOPS would give a meaningless infinity).
void FinishPrices(Offer& o, double disk_gb);

}  // namespace offerscope::core
