// Everything the front doors need to know about a provider, in one table: its fixed
// upstream, how it takes an API key, which method+path pairs may be forwarded to it, and
// its pure plan/parse functions. The proxy's pass-through and aggregate routes and the web
// app's fetch loop all read this table, so they can never disagree.
#pragma once

#include <string_view>
#include <vector>

#include "provider.hpp"

namespace offerscope::core {

using PlanOffersFn = std::vector<HttpRequest> (*)(const PlanOptions&);
using ParseOffersFn = Page (*)(const HttpRequest&, int status, std::string_view body,
                               const NormalizeOptions&);

struct ProviderDef {
  ProviderId id;
  std::string_view name;          // "vast"
  std::string_view display_name;  // "Vast.ai"
  std::string_view base_url;      // fixed HTTPS upstream: nothing in a request can change it
  std::string_view auth_header;   // header that carries the key
  std::string_view auth_prefix;   // prepended to the key ("Bearer ")
  std::string_view key_env;       // environment variable holding a server-side key
  std::string_view browser_key_header;  // header a browser may send its own key in
  bool offers_need_key;           // the offers endpoint refuses anonymous calls
  std::string_view console_url;   // where a user rents an offer (details pane link)
  std::vector<AllowedRoute> allowlist;
  PlanOffersFn plan_offers;
  ParseOffersFn parse_offers;
};

const ProviderDef& GetProvider(ProviderId id);
const std::vector<const ProviderDef*>& AllProviders();

// True when `method` + `path` (already percent-decoded and normalised by the caller: no
// query string, no "..", no "//") is on the provider's allowlist.
bool IsAllowed(const ProviderDef& p, std::string_view method, std::string_view path);

}  // namespace offerscope::core
