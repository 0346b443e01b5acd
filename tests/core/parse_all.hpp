// A provider's whole answer to one comparable string: its error, its offers as JSON (raw
// records included) and its warnings. The JSON stage 1 checks (tests/core/json_indexer_test.cpp,
// natively; tests/wasm/json_indexer_check.cpp, in WebAssembly) parse the same bytes with two
// simdjson implementations and compare these strings.
#pragma once

#include <string>

#include "core/offer_json.hpp"
#include "core/providers/registry.hpp"

namespace offerscope::core::testing {

inline std::string ParseAll(ProviderId provider, const std::string& body) {
  const ProviderDef& p = GetProvider(provider);
  NormalizeOptions options;
  options.keep_raw = true;
  options.fetched_at = "2026-11-23T00:00:00Z";
  Page page = p.parse_offers(p.plan_offers(PlanOptions{}).front(), 200, body, options);
  OfferJsonOptions json;
  json.include_raw_json = true;
  std::string out = page.error + "\n" + OffersToJsonArray(page.offers, json);
  for (const Warning& w : page.warnings) out += "\n" + w.record + " " + w.field + " " + w.message;
  return out;
}

}  // namespace offerscope::core::testing
