// Vast.ai offers: plan the search request and normalize its answer into Offers.
//
// The request is the one the official CLI sends (`vastai search offers`): the body comes from
// VastSearchBody (core/vast_query.hpp). The answer is read with simdjson on-demand in one pass
// over each offer, tolerant of the drift listed in shared/docs/PROVIDER_NOTES.md.
//
// Mapping decisions (units to the last unit):
// - vram_gb: Vast's gpu_ram is MiB as nvidia-smi reports it, a little below the size the card
//   is sold with (24564 for a 24 GB RTX 4090, 81559 for an 80 GB H100, 46068 for a 48 GB A40
//   whose ECC reserve is hidden). We report the sold size so Vast compares with providers
//   that state it (Prime's "80"): the catalog's size when the catalog knows the model and
//   agrees within 10% (or 3.5 GB), else gpu_ram / 1024 rounded up to a whole GB (which gives
//   the sold size for every real non-ECC value seen: 24564 -> 24, 81559 -> 80, 32607 -> 32,
//   10989 -> 11, 49140 -> 48 for the modded 48 GB "RTX 4090"). See VastVramGb.
// - ram_gb: cpu_ram / 1000. Vast's own CLI shows RAM as cpu_ram / 1000 and its query language
//   multiplies `cpu_ram>64` by 1000, so a Vast user's number means the same here.
// - disk_gb = disk_space (GB). vcpus = cpu_cores_effective (the offer's share of the host).
// - base_usd_per_hour = dph_base (on-demand rows) or min_bid (interruptible rows, where the
//   bid is what one pays); bid_usd_per_hour = min_bid. If dph_base is missing, the split in
//   `search.gpuCostPerHour` is used, then dph_total minus the storage priced into it (with a
//   warning). disk_usd_per_gb_hour = storage_cost / 720 ($/GB/month -> $/GB/hour: Vast bills
//   30-day months; the captures' storage_total_cost matches /720 exactly, see pricing.hpp).
// - country: ISO code from the last comma part of geolocation ("Guangxi, CN", ", US"), or a
//   country name there ("Norway", "California, United States"). region: geolocation as given,
//   without the empty leading part (", US" -> "US").
// - reliability = reliability2, else reliability. interconnect: "NVLink" when bw_nvlink > 0,
//   else "PCIe 4.0 x16" from pci_gen and gpu_lanes. stock: "rented" / "available" /
//   "unavailable" from rented and rentable. tier: verification, else the `verified` flag.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provider.hpp"

namespace offerscope::core {

struct GpuSpec;  // catalog.hpp

// One request: POST /api/v0/bundles/ with the CLI's JSON body (compact).
std::vector<HttpRequest> PlanVastOffers(const PlanOptions& options);

// The legacy search: PUT /api/v0/search/asks/ with {"select_cols":["*"],"q":{...}} where q is
// the same object the bundles endpoint takes.
HttpRequest PlanVastOffersLegacy(const PlanOptions& options);

// Normalizes one answer of either search endpoint. Accepted shapes: {"offers":[...]},
// {"offers":{...}} (one offer, as in Vast's docs), a bare array (the CLI's --raw output), a bare
// offer object, and extra envelope keys (500.farm's {"url","timestamp","count","offers"}).
// {"success":false,"error","msg"} and any non-2xx status give Page.error with Vast's message;
// malformed JSON gives Page.error with the byte offset. `request` tells whether the search was
// for interruptible offers (body "type": "bid") and how much storage dph_total includes.
// Bundles are not paginated: Page.more is empty and Page.total is the number of offers read.
Page ParseVastOffers(const HttpRequest& request, int status, std::string_view body,
                     const NormalizeOptions& options);

// ISO 3166-1 alpha-2 code from a Vast geolocation ("Guangxi, CN" -> "CN", ", US" -> "US",
// "Norway" -> "NO", "California, United States" -> "US"); empty when it cannot tell.
std::string CountryFromGeolocation(std::string_view geolocation);

// Sold VRAM per GPU in GB from Vast's gpu_ram (MiB) and the catalog entry (may be null); see
// the file comment. NaN when gpu_ram is unknown.
double VastVramGb(double gpu_ram_mib, const GpuSpec* spec);

// geolocation without empty parts and stray spaces: ", US" -> "US", " Norway " -> "Norway".
std::string RegionFromGeolocation(std::string_view geolocation);

// "NVLink" when bw_nvlink > 0; "PCIe 4.0 x16" / "PCIe 3.0" from pci_gen and gpu_lanes;
// empty when nothing is known.
std::string VastInterconnect(double bw_nvlink, double pci_gen, double gpu_lanes);

// Page.error text for a failed Vast call: "Vast answered HTTP 401: <msg> (<error>)", with a
// hint for 401/403/429, Vast's msg/error when the body is its JSON error, else a short
// excerpt of the body. `status` 0..299 with a {"success":false} body uses the same wording.
std::string VastErrorMessage(int status, std::string_view body);

// Helpers shared by vast.cpp and vast_instances.cpp; not an API for other modules.
namespace vast_internal {

// A Vast envelope's status keys, read while walking the root object.
struct Envelope {
  std::optional<bool> success;
  std::string error;  // Vast's machine-readable error ("invalid_args")
  std::string msg;    // Vast's sentence for a person
  bool Failed() const { return success == false; }
  std::string ErrorText(int status) const;  // as VastErrorMessage
};

std::string_view TrimSpaces(std::string_view s);
// NaN for a negative value (a count, a size or a rate that cannot be below zero).
double NonNegative(double v);
// A price in USD: NaN and a Warning when negative or implausibly large (> $1e6).
double SanePrice(double usd, std::string_view field, std::vector<Warning>& warnings);
// num_gpus as an int: 0 with a Warning when missing, negative, fractional or absurd.
int GpuCount(double num_gpus, std::vector<Warning>& warnings);

}  // namespace vast_internal

}  // namespace offerscope::core
