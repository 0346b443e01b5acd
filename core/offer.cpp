#include "offer.hpp"

namespace offerscope::core {

RawRecord::RawRecord(std::string_view text) {
  if (text.empty()) return;
  auto copy = std::make_shared<const std::string>(text);
  data_ = copy->data();
  size_ = copy->size();
  owner_ = std::move(copy);
}

std::string_view ProviderName(ProviderId id) {
  switch (id) {
    case ProviderId::kVast: return "vast";
    case ProviderId::kPrimeIntellect: return "primeintellect";
    case ProviderId::kDispersed: return "dispersed";
  }
  return "unknown";
}

std::optional<ProviderId> ProviderFromName(std::string_view name) {
  if (name == "vast" || name == "vastai" || name == "vast.ai") return ProviderId::kVast;
  if (name == "primeintellect" || name == "prime" || name == "prime_intellect")
    return ProviderId::kPrimeIntellect;
  if (name == "dispersed") return ProviderId::kDispersed;
  return std::nullopt;
}

}  // namespace offerscope::core
