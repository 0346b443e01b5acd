// Dispersed: GET /v1/compute/offers with filter[...] parameters, limit 1..50 and page (from
// 1); answers {data, limit, page, total}. No real capture exists (SOURCES.md): the parser
// follows the documented schema exactly and tolerates the drift every other provider shows
// (numbers as strings, nulls, missing fields).
//
// How a record becomes an Offer:
//   id           offer_id
//   gpu_raw      hardware_summary.gpu_model_label, else gpu_models[0].name; gpu through the
//                catalog with min_gpu_vram_gib (else gpu_models[0].min_vram_gib) as the hint
//   gpu_count    hardware_summary.gpu_count, else the sum of gpu_models[].count
//   vram_gb, ram_gb, disk_gb   min_gpu_vram_gib, ram_gib, storage_gib as given. The figures
//                are GiB and are used as GB without the 1.074 factor, as for the other
//                providers: Prime's "GB" of RAM and disk and Vast's gpu_ram are binary units
//                too, vendors sell an "80 GB" GPU with 80 GiB, and Dispersed's own filters
//                (filter[min_vram_gb], filter[min_ram_gb]) take GB against these GiB fields.
//                So 80 stays 80, and a pushed-down bound means what the local filter means.
//   disk         the storage is part of the rate and no more can be bought:
//                disk_included_gb = storage_gib and disk_usd_per_gb_hour = 0 (0, not NaN, so
//                the price stays known at any disk size; whether the offer has room for the
//                disk asked for is what disk_gb and the disk_gb filter tell)
//   base_usd_per_hour          pricing.hourly_rate_usd (the whole offer)
//   quoted_at    pricing.quoted_at, else NormalizeOptions::fetched_at
//   region       region_code as given ("us-west-2"); country from its prefix only where that
//                is a country code ("us-" US, "ca-" CA, "de-" DE, "uk-" GB); continent-style
//                prefixes ("eu-", "ap-", "sa-", "me-", "af-") leave it empty
//   tier, stock, source        empty: Dispersed states none of them
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "provider.hpp"

namespace offerscope::core {

inline constexpr int kDispersedPageSize = 50;  // the largest `limit` Dispersed accepts

// First page (limit=50, page=1) with exact push-down; the local filter re-applies the whole
// query anyway:
// - filter[gpu_name]: a gpu term (= or in) whose catalog models share one name apart from a
//   memory size ("RTX 4090" for the 24 and 48 GB cards), sent without the size as in the
//   docs' example "RTX 4090";
// - filter[gpu_count], filter[cpu_count]: an = term with a whole number (safe whether
//   Dispersed reads them as exact counts or as minimums);
// - filter[min_vram_gb], filter[min_ram_gb], filter[min_storage_gb]: a >= term, rounded
//   down to a whole GB (Vast's MB spellings gpu_ram/cpu_ram are converted as the local
//   filter does);
// - filter[allowed_region_codes]: a region term (= or in), lower case, comma-separated.
std::vector<HttpRequest> PlanDispersedOffers(const PlanOptions& options);

// After page 1 `more` lists pages 2..ceil(total/limit), with the limit the answer reports.
Page ParseDispersedOffers(const HttpRequest& request, int status, std::string_view body,
                          const NormalizeOptions& options);

// "US" for "us-west-2"; empty when the prefix is not a country ("eu-central-1").
std::string CountryFromRegionCode(std::string_view region_code);

}  // namespace offerscope::core
