// Prime Intellect: GET /api/v1/availability/gpus (and /disks), paginated with page (from 1)
// and page_size (at most 100) until totalCount; the legacy /api/v1/availability/ answers an
// object keyed by gpuType. Facts the docs do not tell are in PROVIDER_NOTES.md: gpuMemory is
// the whole box, onDemand and communityPrice are exclusive, cloudId is not unique, and a
// replica sometimes answers an empty page by mistake.
//
// How a record becomes an Offer (units as the provider states them: GB, $/hour, $/GB-hour):
//   id           cloudId@dataCenter/<gpuCount>x[/community][/spot]. cloudId@dataCenter alone is
//                not unique: one runpod cloudId in one data centre is sold with 1..8 GPUs, on
//                the secure and the community cloud. Without a dataCenter the upstream
//                provider stands in for it (runpod's legacy records have none).
//   source       provider ("runpod", "hyperstack", ...)
//   gpu_raw      gpuType/socket ("H100_80GB/PCIe"); gpu through the catalog (socket decides
//                SXM vs PCIe, the per-GPU memory decides 40 vs 80 GB)
//   vram_gb      gpuMemory / gpuCount (gpuMemory is the total of the box)
//   vcpus, ram_gb          vcpu.defaultCount, memory.defaultCount
//   disk_gb      disk.maxCount; disk.defaultCount when the disk is not adjustable
//   disk_min_gb  disk.minCount (0 when null)
//   disk_usd_per_gb_hour   disk.pricePerUnit. A disk that cannot be resized (no pricePerUnit,
//                no maxCount: lambdalabs, massedcompute, latitude) is part of the price: 0,
//                with its defaultCount as disk_included_gb. A resizable disk without a
//                price is NaN (the price at another size is then unknown) and warned about.
//   disk_included_gb       disk.defaultCount when defaultIncludedInPrice is true, else 0
//   base_usd_per_hour      prices.onDemand, or prices.communityPrice when onDemand is null;
//                unknown (warned) for a currency other than USD
//   interruptible          isSpot == true
//   country, region        country (ISO, may be null); region ("united_states"). The
//                region stays bare so that `region=united_states` filters locally exactly as
//                the pushed-down `regions=` did; the data centre is in the id. Legacy
//                records have no region: their dataCenter stands in.
//   interconnect socket, then interconnectType and interconnect (Gbps) when given:
//                "SXM5, InfiniBand 3200 Gbps"
//   stock        stockStatus lower-cased; tier "secure" / "community" from security
//   quoted_at    NormalizeOptions::fetched_at (Prime gives no quote time)
#pragma once

#include <string>
#include <vector>

#include "provider.hpp"

namespace offerscope::core {

inline constexpr int kPrimePageSize = 100;  // the largest page Prime serves

// The values Prime's `regions` parameter accepts (its OpenAPI Regions enum).
const std::vector<std::string_view>& PrimeRegions();

// First page of the GPU availability search (page=1, page_size=100) with what Prime can
// filter exactly pushed down; the local filter re-applies the whole query anyway:
// - gpu_type: a gpu term (= or in) whose catalog models map to exactly one Prime gpuType;
// - gpu_count: a gpu_count term (= or a one-value in) holding a whole number;
// - regions (repeated): a region term (= or in) whose values are all Prime regions;
// - security: a tier term naming exactly "secure" or "community".
// Nothing else (socket: Prime's "SXM" vs "SXM5" spelling is not documented exactly).
std::vector<HttpRequest> PlanPrimeOffers(const PlanOptions& options);

// {"items":[...],"totalCount":N}; after page 1 `more` lists every remaining page (same
// parameters, page=2..ceil(N/page_size)); later pages have an empty `more`. Also the legacy
// keyed shape {"A100_80GB":[...],...} (no totalCount, no more pages). An empty first page
// with totalCount 0 gets a warning: a replica answers that by mistake at times.
Page ParsePrimeOffers(const HttpRequest& request, int status, std::string_view body,
                      const NormalizeOptions& options);

// Standalone network disks (GET /api/v1/availability/disks).
struct PrimeDisk {
  std::string cloud_id;     // usually empty (null in every real record)
  std::string provider;     // upstream seller: "runpod", "hyperstack", ...
  std::string data_center;  // may be empty
  std::string country;      // ISO 3166-1 alpha-2, may be empty
  std::string region;       // "united_states", "eu_north", ...
  double price_usd_per_gb_hour = kUnknown;  // spec.pricePerUnit
  double min_gb = kUnknown, max_gb = kUnknown;  // spec.minCount / spec.maxCount
  std::string stock;        // lower case: "available", ...
  std::string security;     // "secure" / "community", as Offer::tier
  bool multinode = false;   // isMultinode: attachable to several instances at once
};
struct PrimeDisksPage {
  std::vector<PrimeDisk> disks;
  std::vector<Warning> warnings;
  std::vector<HttpRequest> more;  // after page 1: the remaining pages
  long long total = -1;           // totalCount, -1 when absent
  std::string error;
};
// Page 1 of the disks search, with the query's regions pushed down as for GPUs.
std::vector<HttpRequest> PlanPrimeDisks(const PlanOptions& options);
PrimeDisksPage ParsePrimeDisks(const HttpRequest& request, int status, std::string_view body);

}  // namespace offerscope::core
