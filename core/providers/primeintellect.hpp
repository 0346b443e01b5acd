// Prime Intellect: GET /api/v1/availability/gpus (and /disks), paginated with page (from 1)
// and page_size (at most 100) until totalCount; the legacy /api/v1/availability/ answers an
// object keyed by gpuType. Facts the docs do not tell are in PROVIDER_NOTES.md: gpuMemory is
// the whole box, onDemand and communityPrice are exclusive, cloudId is not unique.
#pragma once

#include <string>
#include <vector>

#include "provider.hpp"

namespace offerscope::core {

inline constexpr int kPrimePageSize = 100;

// First page of the GPU availability search, with what Prime can filter exactly pushed
// down: gpu_type (one catalog model with one Prime type), gpu_count (=), regions (region in
// [...]), security (tier=secure|community), socket.
std::vector<HttpRequest> PlanPrimeOffers(const PlanOptions& options);
// {"items":[...],"totalCount":N} or the legacy keyed object. After page 1 `more` lists the
// remaining pages (page=2..ceil(N/page_size)).
Page ParsePrimeOffers(const HttpRequest& request, int status, std::string_view body,
                      const NormalizeOptions& options);

struct PrimeDisk {
  std::string provider, data_center, country, region, stock, security;
  double price_usd_per_gb_hour = kUnknown;
  double min_gb = kUnknown, max_gb = kUnknown;
  bool multinode = false;
};
struct PrimeDisksPage {
  std::vector<PrimeDisk> disks;
  std::vector<Warning> warnings;
  std::vector<HttpRequest> more;
  long long total = -1;
  std::string error;
};
HttpRequest PlanPrimeDisks(const std::vector<std::string>& regions = {});
PrimeDisksPage ParsePrimeDisks(const HttpRequest& request, int status, std::string_view body);

// The request for page `page` of the same search (query parameters kept, page replaced).
HttpRequest WithPage(const HttpRequest& request, long long page);

}  // namespace offerscope::core
