// What to ask Prime Intellect for: the query's GPU type, GPU count, regions and security
// pushed down as request parameters where Prime can filter exactly as we would.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "../catalog.hpp"
#include "common.hpp"
#include "primeintellect.hpp"

namespace offerscope::core {

namespace {

// Push-down helpers (see PlanPrimeOffers).
std::optional<std::string> PrimeGpuType(const ParsedQuery* q) {
  for (const Term* t : TermsOn(q, Field::kGpu)) {
    if (!IsPositive(t->op)) continue;
    std::vector<std::string_view> types;
    for (const std::string& v : TermTexts(*t))
      for (std::string_view model : MatchGpuFilter(v))
        for (std::string_view type : PrimeTypesFor(model))
          if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    if (types.size() == 1) return std::string(types[0]);
  }
  return std::nullopt;
}

std::vector<std::string> PrimeRegionsOf(const ParsedQuery* q) {
  for (const Term* t : TermsOn(q, Field::kRegion)) {
    if (!IsPositive(t->op)) continue;
    std::vector<std::string> out;
    for (std::string v : TermTexts(*t)) {
      v = AsciiLower(v);
      std::replace(v.begin(), v.end(), ' ', '_');  // the query turned '_' into spaces
      if (std::find(PrimeRegions().begin(), PrimeRegions().end(), v) == PrimeRegions().end()) {
        out.clear();
        break;
      }
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    if (!out.empty()) return out;
  }
  return {};
}

std::optional<std::string> PrimeSecurity(const ParsedQuery* q) {
  for (const Term* t : TermsOn(q, Field::kTier)) {
    if (!IsPositive(t->op)) continue;
    std::vector<std::string> values = TermTexts(*t);
    if (values.empty()) continue;
    std::string first = AsciiLower(values[0]);
    bool same = std::all_of(values.begin(), values.end(), [&](const std::string& v) { return AsciiLower(v) == first; });
    if (same && (first == "secure" || first == "community")) return first + "_cloud";
  }
  return std::nullopt;
}

void AddRegions(const PlanOptions& options, HttpRequest& r) {
  for (std::string& region : PrimeRegionsOf(options.query)) r.query.emplace_back("regions", std::move(region));
}

}  // namespace

const std::vector<std::string_view>& PrimeRegions() {
  static const std::vector<std::string_view> regions{
      "africa", "asia_south", "asia_northeast", "australia", "canada", "eu_east",
      "eu_north", "eu_west", "middle_east", "south_america", "united_states"};
  return regions;
}

std::vector<HttpRequest> PlanPrimeOffers(const PlanOptions& options) {
  HttpRequest r{"GET", "/api/v1/availability/gpus", {}, ""};
  const ParsedQuery* q = options.query;
  if (std::optional<std::string> type = PrimeGpuType(q)) r.query.emplace_back("gpu_type", *type);
  if (std::string count = WholeNumberTerm(q, Field::kGpuCount); !count.empty()) r.query.emplace_back("gpu_count", count);
  AddRegions(options, r);
  if (std::optional<std::string> security = PrimeSecurity(q)) r.query.emplace_back("security", *security);
  r.query.emplace_back("page", "1");
  r.query.emplace_back("page_size", std::to_string(kPrimePageSize));
  return {r};
}

std::vector<HttpRequest> PlanPrimeDisks(const PlanOptions& options) {
  HttpRequest r{"GET", "/api/v1/availability/disks", {}, ""};
  AddRegions(options, r);
  r.query.emplace_back("page", "1");
  r.query.emplace_back("page_size", std::to_string(kPrimePageSize));
  return {r};
}

}  // namespace offerscope::core
