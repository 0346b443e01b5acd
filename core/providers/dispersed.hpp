// Dispersed: GET /v1/compute/offers with filter[...] parameters, limit 1..50 and page (from
// 1); answers {data, limit, page, total}. No real capture exists (SOURCES.md): the parser
// follows the documented schema exactly and tolerates the drift every other provider shows.
#pragma once

#include "provider.hpp"

namespace offerscope::core {

inline constexpr int kDispersedPageSize = 50;

// First page with exact push-down: filter[gpu_name] (one value, =), filter[gpu_count] (=),
// filter[min_vram_gb] / filter[min_ram_gb] / filter[min_storage_gb] / filter[cpu_count]
// (>= only), filter[allowed_region_codes] (region in [...] or =).
std::vector<HttpRequest> PlanDispersedOffers(const PlanOptions& options);
Page ParseDispersedOffers(const HttpRequest& request, int status, std::string_view body,
                          const NormalizeOptions& options);

}  // namespace offerscope::core
