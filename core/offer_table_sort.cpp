// Sorting the offer table's rows by several keys at once. Each key is a field's precomputed
// rank (offer_table.cpp), flipped for a descending key; the ranks of the keys are packed,
// first key highest, into one 64-bit integer per row, and a stable radix sort orders the
// rows by it. Typical keys need 1 to 17 bits (a yes/no 1, a GPU name 8, a price among
// 100,000 offers 17), so three or four keys fit; keys beyond 64 bits break the remaining
// ties with a comparison sort inside each run of equal packed keys.
#include <algorithm>

#include "offer_table.hpp"
#include "radix_sort.hpp"

namespace offerscope::core {

namespace {

struct PreparedKey {
  const std::uint32_t* rank;
  std::uint32_t known;  // ranks 0..known-1 are values; `known` itself means unknown
  bool descending;
  int bits;
};

int BitWidth(std::uint32_t v) {
  int bits = 0;
  for (; v; v >>= 1) ++bits;
  return bits;
}

// Unknown stays `known` (last) in both directions; known ranks flip for descending keys.
inline std::uint32_t KeyOf(const PreparedKey& k, std::uint32_t row) {
  std::uint32_t r = k.rank[row];
  return (k.descending && r < k.known) ? k.known - 1 - r : r;
}

}  // namespace

void OfferTable::SortRows(const std::vector<SortKey>& keys, std::vector<std::uint32_t>& rows) const {
  if (rows.size() < 2 || offers_.empty()) return;
  std::vector<PreparedKey> prepared;
  std::vector<Field> used;
  for (const SortKey& key : keys) {
    // A repeated field cannot break a tie its first occurrence left.
    if (std::find(used.begin(), used.end(), key.field) != used.end()) continue;
    used.push_back(key.field);
    const Column& c = columns_[static_cast<int>(key.field)];
    int bits = BitWidth(c.rank_count);  // values 0..rank_count
    if (bits > 0) prepared.push_back({c.rank.data(), c.rank_count, key.descending, bits});
  }
  if (prepared.empty()) return;

  std::size_t packed = 0;
  int total_bits = 0;
  while (packed < prepared.size() && total_bits + prepared[packed].bits <= 64)
    total_bits += prepared[packed++].bits;

  std::vector<std::uint64_t> composite(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::uint64_t k = 0;
    for (std::size_t j = 0; j < packed; ++j) k = (k << prepared[j].bits) | KeyOf(prepared[j], rows[i]);
    composite[i] = k;
  }
  RadixSortByKey(composite, rows, total_bits);
  if (packed == prepared.size()) return;

  auto rest_less = [&](std::uint32_t a, std::uint32_t b) {
    for (std::size_t j = packed; j < prepared.size(); ++j) {
      std::uint32_t x = KeyOf(prepared[j], a), y = KeyOf(prepared[j], b);
      if (x != y) return x < y;
    }
    return false;
  };
  for (std::size_t start = 0; start < rows.size();) {
    std::size_t end = start + 1;
    while (end < rows.size() && composite[end] == composite[start]) ++end;
    if (end - start > 1) std::stable_sort(rows.begin() + start, rows.begin() + end, rest_less);
    start = end;
  }
}

}  // namespace offerscope::core
