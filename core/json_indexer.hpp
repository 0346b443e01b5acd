// simdjson's stage 1 with WebAssembly SIMD.
//
// Why this exists: simdjson 3.0.1 has SIMD kernels for x86 and ARM but none for
// WebAssembly, so in the browser it finds the JSON structure (stage 1) with its scalar
// "fallback" scanner, byte by byte. That scan was about a third of the time the app spends
// turning a provider page into offers. This file finds the same structure 64 bytes at a
// time with WebAssembly SIMD (Chromium 91+) and plugs it into simdjson through its public
// `simdjson::implementation` interface, so every parser in core keeps using simdjson's
// on-demand API unchanged.
//
// What "the same structure" means: the output is, index for index and error for error,
// what simdjson's own SIMD kernels produce (tests/core/json_indexer_test.cpp compares them
// on the fixtures and on generated edge cases). For each byte outside strings that is an
// operator ({ } [ ] : ,) or that starts a string or another value, its offset; then `len`,
// `len`, 0 as the padding simdjson's on-demand parser expects.
//
// Operators: like simdjson's SIMD kernels (which fold bytes with OR 0x20 before a table
// look-up), form feed 0x0c and 0x1a count as operators too. Both are invalid outside strings,
// so stage 2 rejects such a document either way; matching the kernels keeps its error and
// position the same as in native builds. (simdjson's scalar fallback differs here.)
//
// The algorithm, per 64-byte block (every step is a 64-bit mask, bit i = byte i):
//   1. classify the bytes: quotes, backslashes, operators, whitespace, control bytes;
//   2. find the escaped bytes (after an odd run of backslashes, which may start in an
//      earlier block), drop escaped quotes;
//   3. the bytes inside strings are a prefix XOR of the real quotes, carried across blocks;
//   4. a value starts at a non-operator, non-space byte whose left neighbour is not part of
//      the same run of value bytes;
//   5. structural = (operators | value starts), minus what lies inside strings.
// Only step 1 looks at bytes; with WebAssembly SIMD it takes 16 bytes per instruction.
// UTF-8 is validated only when a byte >= 0x80 was seen, by the implementation simdjson
// picked (most provider pages are pure ASCII).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <simdjson.h>

namespace offerscope::core {

// The classes of one 64-byte block's bytes, bit i for byte i.
struct JsonBlockMasks {
  std::uint64_t quote = 0;       // "
  std::uint64_t backslash = 0;   // \ (an escape, or an escaped backslash)
  std::uint64_t op = 0;          // { } [ ] : , and 0x0c 0x1a (see "Operators" above)
  std::uint64_t whitespace = 0;  // space, tab, line feed, carriage return
  std::uint64_t control = 0;     // bytes below 0x20 (not allowed unescaped inside strings)
  bool non_ascii = false;        // some byte >= 0x80 (then UTF-8 must be validated)
};

// Byte-by-byte classification: the reference, and what non-WebAssembly builds use.
JsonBlockMasks ClassifyJsonBlockScalar(const std::uint8_t* block64);
// WebAssembly SIMD when compiled with -msimd128, else the scalar one.
JsonBlockMasks ClassifyJsonBlock(const std::uint8_t* block64);

// Stage 1 over `buf[0, len)`: writes the structural offsets and the three padding entries
// to `indexes` (room for len rounded up to 64, plus 9, as simdjson allocates) and their
// count (without the padding) to `count`. Errors, in simdjson's order: CAPACITY-free
// (the caller checks capacity), UNCLOSED_STRING, UNESCAPED_CHARS, EMPTY, UTF8_ERROR.
// `validate_utf8` checks the whole input when a non-ASCII byte was seen.
simdjson::error_code IndexJsonStructure(const std::uint8_t* buf, std::size_t len, std::uint32_t* indexes,
                                        std::uint32_t& count,
                                        const simdjson::implementation& validate_utf8);

// Makes simdjson use IndexJsonStructure for every parser created afterwards, when the
// implementation simdjson picked is its scalar fallback (WebAssembly). Elsewhere simdjson's
// own SIMD kernels are faster, and this does nothing. Call before creating parsers; cheap to
// call again. Returns whether the indexer is in use.
bool UseJsonIndexerWhereSimdjsonHasNoSimd();

// The simdjson implementation behind UseJsonIndexerWhereSimdjsonHasNoSimd (public for tests):
// stage 1 of on-demand parsing goes to IndexJsonStructure; everything else (DOM stage 2,
// document streams, minify, UTF-8 validation) goes to `base`, the implementation simdjson
// picked. `base` must outlive it (simdjson's implementations are static), and must be a real
// implementation, not simdjson's first-use detector (which would re-select and undo this one).
class JsonIndexerImplementation final : public simdjson::implementation {
 public:
  explicit JsonIndexerImplementation(const simdjson::implementation& base);
  simdjson::error_code create_dom_parser_implementation(
      std::size_t capacity, std::size_t max_depth,
      std::unique_ptr<simdjson::internal::dom_parser_implementation>& dst) const noexcept override;
  simdjson::error_code minify(const std::uint8_t* buf, std::size_t len, std::uint8_t* dst,
                              std::size_t& dst_len) const noexcept override;
  bool validate_utf8(const char* buf, std::size_t len) const noexcept override;

 private:
  const simdjson::implementation& base_;
};

}  // namespace offerscope::core
