// The emulator's deterministic data set, in each provider's own JSON shape (built from the
// fields the real captures in shared/fixtures/real carry).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace offerscope::proxy {

struct EmulatorData {
  std::vector<nlohmann::json> vast;       // bundles records
  std::vector<nlohmann::json> prime;      // availability items
  std::vector<nlohmann::json> dispersed;  // compute offers
};

const EmulatorData& GetEmulatorData();

// Vast instances owned by the account behind `api_key` (a few, derived from the key).
std::vector<nlohmann::json> InstancesForKey(const std::string& api_key);

}  // namespace offerscope::proxy
