// Fuzzes the primeintellect page parser with arbitrary bytes (seeded with the real fixtures).
#include "tests/fuzz/fuzz_provider.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  offerscope::fuzz::FuzzProviderPage(offerscope::core::ProviderId::kPrimeIntellect, data, size);
  return 0;
}
