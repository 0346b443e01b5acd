// What every provider module offers: pure plan and parse functions, its fixed upstream,
// its auth header and the allowlist of method+path pairs the proxy may forward.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../http.hpp"
#include "../offer.hpp"
#include "../result.hpp"

namespace offerscope::core {

struct ParsedQuery;  // query.hpp

// Options for planning a search. Mirrors `vastai search offers` flags where they exist.
struct PlanOptions {
  const ParsedQuery* query = nullptr;  // may be null: everything
  std::string order;        // Vast-style "num_gpus,total_flops-"; empty: provider default
  std::string type = "on-demand";  // "on-demand" | "bid" | "interruptible" | "reserved"
  double storage_gb = 5.0;  // Vast allocated_storage (the CLI default)
  int limit = 0;            // 0: no limit field sent (Vast) / provider maximum page size
  bool no_default = false;  // Vast: do not add verified/external/rentable/rented defaults
};

// Options for turning provider records into offers.
struct NormalizeOptions {
  double disk_gb = 100;     // disk size priced into price_usd_per_hour for every provider
  bool keep_raw = true;     // keep each record's bytes as Offer::raw_json (a slice of the page)
  std::string fetched_at;   // ISO time used as quoted_at when the provider gives none
};

// One parsed provider page.
struct Page {
  std::vector<Offer> offers;
  std::vector<Warning> warnings;
  // Requests still to make. After the first page of a provider whose total is known this
  // lists every remaining page (fetch them in parallel); keyset pagination lists one.
  std::vector<HttpRequest> more;
  long long total = -1;     // items the provider says exist, -1 when it does not say
  std::string error;        // non-empty: the page could not be read (status, JSON error, ...)
};

// A method + path pattern the proxy may forward. `path_prefix` true means any path below.
struct AllowedRoute {
  std::string_view method;
  std::string_view path;
  bool path_prefix = false;
};

}  // namespace offerscope::core
