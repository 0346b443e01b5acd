// What the Vast parser tests share (vast_test.cpp, vast_fields_test.cpp): parsing an answer
// to the CLI's default request with the options the tests use, and one small offer.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/providers/vast.hpp"

namespace offerscope::core::testing {

// The request the answer belongs to: on-demand, 5 GB priced into dph_total (the CLI default).
inline HttpRequest OnDemandRequest() {
  return HttpRequest{"POST", "/api/v0/bundles/", {}, R"({"type":"on-demand","allocated_storage":5.0})"};
}

inline NormalizeOptions Options() {
  NormalizeOptions o;
  o.disk_gb = 100;
  o.keep_raw = true;
  o.fetched_at = "2025-07-26T08:00:00Z";
  return o;
}

inline Page Parse(std::string_view body, int status = 200, const HttpRequest& req = OnDemandRequest()) {
  return ParseVastOffers(req, status, body, Options());
}

inline std::string AllWarnings(const Page& p) {
  std::string out;
  for (const Warning& w : p.warnings) out += FormatWarning(w) + "\n";
  return out;
}

inline constexpr const char* kSmallOffer =
    R"({"id": 7, "gpu_name": "RTX 3090", "num_gpus": 2, "gpu_ram": 24576, "dph_base": 0.5,
        "storage_cost": 0.1, "min_bid": 0.3, "geolocation": ", US", "rentable": true,
        "rented": false, "verification": "verified"})";

}  // namespace offerscope::core::testing
