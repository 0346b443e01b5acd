#include "registry.hpp"

#include "dispersed.hpp"
#include "primeintellect.hpp"
#include "vast.hpp"

namespace offerscope::core {

namespace {

// Paths come from the providers' API docs (shared/seeds). Vast documents trailing slashes.
const ProviderDef kVast{
    ProviderId::kVast,
    "vast",
    "Vast.ai",
    "https://console.vast.ai",
    "Authorization",
    "Bearer ",
    "VAST_API_KEY",
    "X-OfferScope-Key-Vast",
    false,
    "https://cloud.vast.ai/create/",
    {{"POST", "/api/v0/bundles/"}, {"PUT", "/api/v0/search/asks/"}, {"GET", "/api/v1/instances/"}},
    &PlanVastOffers,
    &ParseVastOffers,
};

const ProviderDef kPrime{
    ProviderId::kPrimeIntellect,
    "primeintellect",
    "Prime Intellect",
    "https://api.primeintellect.ai",
    "Authorization",
    "Bearer ",
    "PRIME_API_KEY",
    "X-OfferScope-Key-Primeintellect",
    true,
    "https://app.primeintellect.ai/dashboard/create-cluster",
    {{"GET", "/api/v1/availability/gpus"},
     {"GET", "/api/v1/availability/disks"},
     {"GET", "/api/v1/availability/"}},
    &PlanPrimeOffers,
    &ParsePrimeOffers,
};

const ProviderDef kDispersed{
    ProviderId::kDispersed,
    "dispersed",
    "Dispersed",
    "https://api.dispersed.com",
    "Authorization",
    "Bearer ",
    "DISPERSED_API_KEY",
    "X-OfferScope-Key-Dispersed",
    false,
    "https://dispersed.com/",
    {{"GET", "/v1/compute/offers"}},
    &PlanDispersedOffers,
    &ParseDispersedOffers,
};

}  // namespace

const ProviderDef& GetProvider(ProviderId id) {
  switch (id) {
    case ProviderId::kVast: return kVast;
    case ProviderId::kPrimeIntellect: return kPrime;
    case ProviderId::kDispersed: return kDispersed;
  }
  return kVast;
}

const std::vector<const ProviderDef*>& AllProviders() {
  static const std::vector<const ProviderDef*> all{&kVast, &kPrime, &kDispersed};
  return all;
}

bool IsAllowed(const ProviderDef& p, std::string_view method, std::string_view path) {
  for (const AllowedRoute& r : p.allowlist) {
    if (r.method != method) continue;
    if (r.path_prefix ? path.substr(0, r.path.size()) == r.path : path == r.path) return true;
  }
  return false;
}

}  // namespace offerscope::core
