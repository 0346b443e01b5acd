// Shared body of the provider-page fuzzers: parse arbitrary bytes as a page of one provider
// with every status class, and check the invariants a caller relies on.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/providers/registry.hpp"

namespace offerscope::fuzz {

inline void FuzzProviderPage(core::ProviderId id, const std::uint8_t* data, std::size_t size) {
  const core::ProviderDef& p = core::GetProvider(id);
  core::PlanOptions plan;
  std::vector<core::HttpRequest> requests = p.plan_offers(plan);
  if (requests.empty()) std::abort();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  core::NormalizeOptions opts;
  opts.fetched_at = "2026-01-01T00:00:00Z";
  for (int status : {200, 429, 500}) {
    core::Page page = p.parse_offers(requests.front(), status, body, opts);
    if (status != 200 && page.error.empty()) std::abort();  // errors must be reported
    for (const core::Offer& o : page.offers) {
      // A price is either unknown or a finite, non-negative number: never garbage.
      if (core::IsKnown(o.price_usd_per_hour) && !(o.price_usd_per_hour >= 0 && std::isfinite(o.price_usd_per_hour)))
        std::abort();
      if (o.gpu_count < 0) std::abort();
    }
  }
}

}  // namespace offerscope::fuzz
