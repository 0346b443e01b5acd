// Deterministic, realistic-looking offers for benchmarks and load tests (100,000 offers
// for the table benchmark, the web app's loadSynthetic(n)). Not used for anything a user
// sees as data: demo mode serves the proxy's bundled snapshot instead.
#pragma once

#include <cstdint>
#include <vector>

#include "offer.hpp"

namespace offerscope::core {

// `count` offers across the three providers and the catalog's common GPUs, with prices,
// locations, reliability and tiers spread like a real market. Same seed, same offers.
std::vector<Offer> GenerateOffers(std::size_t count, std::uint32_t seed = 1);

}  // namespace offerscope::core
