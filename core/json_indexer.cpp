#include "json_indexer.hpp"

#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace offerscope::core {

namespace {

constexpr std::size_t kBlockBytes = 64;
constexpr std::uint64_t kEvenBits = 0x5555555555555555ULL;  // bits 0, 2, 4, ...

// Bit i of the result is the XOR of bits 0..i of x: with x = the quotes of a block, the
// bytes from an opening quote up to (not including) its closing quote.
std::uint64_t PrefixXor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The bytes escaped by a backslash: in a run of backslashes the 1st, 3rd, 5th... escape the
// byte after them, so the 2nd, 4th... backslash and, when the run is odd, the byte after
// it are escaped. `carry` says the block's first byte is escaped by a run that ended the
// previous block; it is updated for the next block.
//
// How, without a loop over runs: a run starting at an even offset escapes the odd offsets
// right after its start, one starting at an odd offset the even ones. Adding each
// odd-starting run's first bit to the backslash mask carries through that run, clearing
// it; what is left marks the even-starting runs, and shifting it by one flips the expected
// parity exactly where those runs (and the byte after them) are.
std::uint64_t EscapedBytes(std::uint64_t backslash, std::uint64_t& carry) {
  backslash &= ~carry;  // an escaped backslash does not start a new run
  const std::uint64_t after_backslash = (backslash << 1) | carry;
  const std::uint64_t odd_run_starts = backslash & ~kEvenBits & ~after_backslash;
  std::uint64_t even_runs = 0;
  carry = __builtin_add_overflow(odd_run_starts, backslash, &even_runs) ? 1 : 0;
  return (kEvenBits ^ (even_runs << 1)) & after_backslash;
}

// Appends base + the offset of each set bit of `bits`. Writes 8 (then 16) entries without
// asking how many bits there are, so the common block costs no branch per bit; the index
// buffer has the slack simdjson allocates for exactly this (len rounded up to 64, plus 9).
std::uint32_t* AppendBitOffsets(std::uint32_t* out, std::uint32_t base, std::uint64_t bits) {
  const int count = __builtin_popcountll(bits);
  // Setting bit 63 keeps ctz defined once `bits` runs out; those extra entries are overwritten.
  auto next = [&bits, base]() {
    const std::uint32_t offset = base + static_cast<std::uint32_t>(__builtin_ctzll(bits | (1ULL << 63)));
    bits &= bits - 1;
    return offset;
  };
  for (int i = 0; i < 8; ++i) out[i] = next();
  if (count > 8) {
    for (int i = 8; i < 16; ++i) out[i] = next();
    for (int i = 16; i < count; ++i) out[i] = next();
  }
  return out + count;
}

// Carried from one block to the next.
struct ScanState {
  std::uint64_t escaped_carry = 0;   // the next block's first byte is escaped
  std::uint64_t in_string = 0;       // all ones while a string is open across the boundary
  std::uint64_t value_carry = 0;     // the previous block ended inside a run of value bytes
  std::uint64_t control_in_string = 0;
  bool non_ascii = false;
};

// Steps 2-5 of the header's algorithm for one block: its structural bytes.
std::uint64_t StructuralBits(const JsonBlockMasks& m, ScanState& s) {
  const std::uint64_t escaped = EscapedBytes(m.backslash, s.escaped_carry);
  const std::uint64_t quote = m.quote & ~escaped;
  const std::uint64_t in_string = PrefixXor(quote) ^ s.in_string;  // opening quote in, closing out
  s.in_string = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
  s.control_in_string |= m.control & in_string;
  s.non_ascii |= m.non_ascii;

  // Value bytes: anything but operators and whitespace. A real quote starts a string and
  // never continues a number or literal, so it is left out of the runs.
  const std::uint64_t value = ~(m.op | m.whitespace);
  const std::uint64_t value_no_quote = value & ~quote;
  const std::uint64_t continues_value = (value_no_quote << 1) | s.value_carry;
  s.value_carry = value_no_quote >> 63;
  const std::uint64_t starts = m.op | (value & ~continues_value);
  // Inside a string: its bytes and its closing quote; the opening quote stays structural.
  return starts & ~(in_string ^ quote);
}

#if defined(__wasm_simd128__)
std::uint64_t Bits(v128_t lanes, int shift) {
  return static_cast<std::uint64_t>(wasm_i8x16_bitmask(lanes)) << shift;
}
#endif

}  // namespace

JsonBlockMasks ClassifyJsonBlockScalar(const std::uint8_t* block64) {
  JsonBlockMasks m;
  for (std::size_t i = 0; i < kBlockBytes; ++i) {
    const std::uint8_t c = block64[i];
    const std::uint64_t bit = 1ULL << i;
    switch (c) {
      case '"': m.quote |= bit; break;
      case '\\': m.backslash |= bit; break;
      // 0x0c and 0x1a too: see "Operators" in json_indexer.hpp.
      case '{': case '}': case '[': case ']': case ':': case ',': case 0x0c: case 0x1a: m.op |= bit; break;
      case ' ': case '\t': case '\n': case '\r': m.whitespace |= bit; break;
      default: break;
    }
    if (c < 0x20) m.control |= bit;
    if (c >= 0x80) m.non_ascii = true;
  }
  return m;
}

#if defined(__wasm_simd128__)
JsonBlockMasks ClassifyJsonBlock(const std::uint8_t* block64) {
  auto is = [](v128_t v, char c) { return wasm_i8x16_eq(v, wasm_i8x16_splat(c)); };
  // Operators and whitespace by a table look-up on each byte's low nibble (one swizzle and
  // one compare per class instead of four compares): every operator and whitespace byte has
  // a different low nibble within its class, so a byte is in the class exactly when it
  // equals the class's entry for its nibble. Unused entries are 0, which no byte with
  // another nibble equals (and no byte OR 0x20 at all).
  // OR 0x20 folds '[' onto '{', ']' onto '}', and 0x0c, 0x1a onto ',', ':' (as simdjson does).
  const v128_t op_table = wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ':', '{', ',', '}', 0, 0);
  const v128_t space_table = wasm_i8x16_make(' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0);
  JsonBlockMasks m;
  v128_t any_high = wasm_i8x16_splat(0);
  for (int k = 0; k < 4; ++k) {
    const v128_t v = wasm_v128_load(block64 + 16 * k);
    const v128_t nibble = wasm_v128_and(v, wasm_i8x16_splat(0x0f));
    const v128_t op = wasm_i8x16_eq(wasm_v128_or(v, wasm_i8x16_splat(0x20)), wasm_i8x16_swizzle(op_table, nibble));
    const v128_t space = wasm_i8x16_eq(v, wasm_i8x16_swizzle(space_table, nibble));
    const int shift = 16 * k;
    m.quote |= Bits(is(v, '"'), shift);
    m.backslash |= Bits(is(v, '\\'), shift);
    m.op |= Bits(op, shift);
    m.whitespace |= Bits(space, shift);
    m.control |= Bits(wasm_u8x16_lt(v, wasm_i8x16_splat(0x20)), shift);
    any_high = wasm_v128_or(any_high, v);
  }
  m.non_ascii = wasm_i8x16_bitmask(any_high) != 0;
  return m;
}
#else
JsonBlockMasks ClassifyJsonBlock(const std::uint8_t* block64) { return ClassifyJsonBlockScalar(block64); }
#endif

simdjson::error_code IndexJsonStructure(const std::uint8_t* buf, std::size_t len, std::uint32_t* indexes,
                                        std::uint32_t& count,
                                        const simdjson::implementation& validate_utf8) {
  if (len == 0) return simdjson::EMPTY;
  ScanState state;
  std::uint32_t* tail = indexes;
  std::size_t offset = 0;
  // Full blocks, then the rest copied into a block of spaces (whitespace is never
  // structural, and nothing is read past `len`). At least one byte always goes through
  // the last block, as in simdjson.
  for (; offset + kBlockBytes < len; offset += kBlockBytes) {
    const std::uint64_t bits = StructuralBits(ClassifyJsonBlock(buf + offset), state);
    tail = AppendBitOffsets(tail, static_cast<std::uint32_t>(offset), bits);
  }
  std::uint8_t last[kBlockBytes];
  std::memset(last, ' ', sizeof last);
  std::memcpy(last, buf + offset, len - offset);
  tail = AppendBitOffsets(tail, static_cast<std::uint32_t>(offset),
                          StructuralBits(ClassifyJsonBlock(last), state));

  if (state.in_string) return simdjson::UNCLOSED_STRING;
  if (state.control_in_string) return simdjson::UNESCAPED_CHARS;
  count = static_cast<std::uint32_t>(tail - indexes);
  // The on-demand parser's padding: two copies of `len`, then 0 (see simdjson's stage 1).
  indexes[count] = static_cast<std::uint32_t>(len);
  indexes[count + 1] = static_cast<std::uint32_t>(len);
  indexes[count + 2] = 0;
  if (count == 0) return simdjson::EMPTY;
  if (state.non_ascii && !validate_utf8.validate_utf8(reinterpret_cast<const char*>(buf), len))
    return simdjson::UTF8_ERROR;
  return simdjson::SUCCESS;
}

namespace {

// A parser whose stage 1 is IndexJsonStructure. On-demand parsing only ever calls stage 1
// and reads the indexes; the DOM API and document streams go to a parser of the base
// implementation, created the first time one is used, so they behave exactly as before
// (at the base's speed) and cost no memory when unused.
class IndexingParser final : public simdjson::internal::dom_parser_implementation {
 public:
  explicit IndexingParser(const simdjson::implementation& base) : base_(base) {}

  simdjson::error_code stage1(const std::uint8_t* buf, std::size_t len,
                              simdjson::stage1_mode mode) noexcept override {
    buf_ = buf;
    len_ = len;
    if (len > capacity()) return simdjson::CAPACITY;
    if (mode != simdjson::stage1_mode::regular) return StreamStage1(buf, len, mode);
    next_structural_index = 0;
    n_structural_indexes = 0;
    return IndexJsonStructure(buf, len, structural_indexes.get(), n_structural_indexes, base_);
  }

  simdjson::error_code parse(const std::uint8_t* buf, std::size_t len,
                             simdjson::dom::document& doc) noexcept override {
    if (auto error = NeedBaseParser()) return error;
    return base_parser_->parse(buf, len, doc);
  }
  // The base parser keeps its own record of the input, so it runs its stage 1 first.
  simdjson::error_code stage2(simdjson::dom::document& doc) noexcept override {
    if (auto error = NeedBaseParser()) return error;
    if (auto error = base_parser_->stage1(buf_, len_, simdjson::stage1_mode::regular)) return error;
    return base_parser_->stage2(doc);
  }
  simdjson::error_code stage2_next(simdjson::dom::document& doc) noexcept override {
    if (auto error = NeedBaseParser()) return error;
    return base_parser_->stage2_next(doc);
  }
  std::uint8_t* parse_string(const std::uint8_t* src, std::uint8_t* dst) const noexcept override {
    if (NeedBaseParser()) return nullptr;  // simdjson's own "failed" answer
    return base_parser_->parse_string(src, dst);
  }

  simdjson::error_code set_capacity(std::size_t capacity) noexcept override {
    if (capacity > simdjson::SIMDJSON_MAXSIZE_BYTES) return simdjson::CAPACITY;
    if (base_parser_) {
      if (auto error = base_parser_->set_capacity(capacity)) return error;
    }
    // simdjson's size: every byte may be structural, plus slack for 8-at-a-time writes.
    const std::size_t entries = (capacity + 63) / 64 * 64 + 2 + 7;
    structural_indexes.reset(new (std::nothrow) std::uint32_t[entries]);
    if (!structural_indexes) {
      _capacity = 0;
      return simdjson::MEMALLOC;
    }
    structural_indexes[0] = 0;
    n_structural_indexes = 0;
    _capacity = capacity;
    return simdjson::SUCCESS;
  }
  simdjson::error_code set_max_depth(std::size_t max_depth) noexcept override {
    if (base_parser_) {
      if (auto error = base_parser_->set_max_depth(max_depth)) return error;
    }
    _max_depth = max_depth;
    return simdjson::SUCCESS;
  }

 private:
  simdjson::error_code NeedBaseParser() const {
    if (base_parser_) return simdjson::SUCCESS;
    return base_.create_dom_parser_implementation(_capacity, _max_depth, base_parser_);
  }

  // Document streams (parser.iterate_many) cut batches at document ends; the base parser
  // does that, and its indexes are copied. Core does not use streams; this keeps them working.
  simdjson::error_code StreamStage1(const std::uint8_t* buf, std::size_t len, simdjson::stage1_mode mode) {
    if (auto error = NeedBaseParser()) return error;
    const simdjson::error_code error = base_parser_->stage1(buf, len, mode);
    n_structural_indexes = base_parser_->n_structural_indexes;
    next_structural_index = base_parser_->next_structural_index;
    std::memcpy(structural_indexes.get(), base_parser_->structural_indexes.get(),
                (static_cast<std::size_t>(n_structural_indexes) + 3) * sizeof(std::uint32_t));
    return error;
  }

  const simdjson::implementation& base_;
  mutable std::unique_ptr<simdjson::internal::dom_parser_implementation> base_parser_;
  const std::uint8_t* buf_ = nullptr;
  std::size_t len_ = 0;
};

}  // namespace

JsonIndexerImplementation::JsonIndexerImplementation(const simdjson::implementation& base)
    : simdjson::implementation("offerscope_indexer", "WebAssembly SIMD stage 1 over " + base.name(),
                               base.required_instruction_sets()),
      base_(base) {}

simdjson::error_code JsonIndexerImplementation::create_dom_parser_implementation(
    std::size_t capacity, std::size_t max_depth,
    std::unique_ptr<simdjson::internal::dom_parser_implementation>& dst) const noexcept {
  auto parser = std::unique_ptr<IndexingParser>(new (std::nothrow) IndexingParser(base_));
  if (!parser) return simdjson::MEMALLOC;
  if (auto error = parser->allocate(capacity, max_depth)) return error;
  dst = std::move(parser);
  return simdjson::SUCCESS;
}

simdjson::error_code JsonIndexerImplementation::minify(const std::uint8_t* buf, std::size_t len, std::uint8_t* dst,
                                                       std::size_t& dst_len) const noexcept {
  return base_.minify(buf, len, dst, dst_len);
}

bool JsonIndexerImplementation::validate_utf8(const char* buf, std::size_t len) const noexcept {
  return base_.validate_utf8(buf, len);
}

bool UseJsonIndexerWhereSimdjsonHasNoSimd() {
  // Decided once: simdjson's implementations and ours are static, so the pointer stays valid.
  static const bool in_use = [] {
    // Not get_active_implementation(): until first used, that is simdjson's detector, which
    // re-selects the best implementation (undoing ours) whenever a call reaches it.
    const simdjson::implementation* picked = simdjson::get_available_implementations().detect_best_supported();
    if (picked == nullptr || picked->name() != "fallback") return false;
    static const JsonIndexerImplementation indexer(*picked);
    simdjson::get_active_implementation() = &indexer;
    return true;
  }();
  return in_use;
}

}  // namespace offerscope::core
