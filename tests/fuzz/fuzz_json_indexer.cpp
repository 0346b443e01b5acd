// Differential: core/json_indexer's stage 1 (what the browser runs) against simdjson's own
// SIMD stage 1 on the same bytes. Any difference in the error or in the structural indexes
// is a crash. Seeded with the real fixtures (scripts/fuzz.sh).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/json_indexer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const simdjson::implementation& native = *simdjson::get_available_implementations().detect_best_supported();
  simdjson::padded_string padded(reinterpret_cast<const char*>(data), size);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(padded.data());

  std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
  if (native.create_dom_parser_implementation(size + 64, 1024, parser) != simdjson::SUCCESS) return 0;
  const simdjson::error_code want = parser->stage1(bytes, size, simdjson::stage1_mode::regular);

  std::vector<std::uint32_t> ours((size + 63) / 64 * 64 + 9);
  std::uint32_t count = 0;
  const simdjson::error_code got = offerscope::core::IndexJsonStructure(bytes, size, ours.data(), count, native);
  if (got != want) std::abort();
  if (got != simdjson::SUCCESS) return 0;
  if (count != parser->n_structural_indexes) std::abort();
  for (std::uint32_t i = 0; i < count + 3; ++i)
    if (ours[i] != parser->structural_indexes[i]) std::abort();
  return 0;
}
