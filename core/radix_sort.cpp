#include "radix_sort.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace offerscope::core {

namespace {
constexpr int kDigitBits = 11;  // 2,048 buckets: the counts stay in the L1 cache
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
// Below this, bucket bookkeeping costs more than a comparison sort.
constexpr std::size_t kSmall = 256;
}  // namespace

std::uint64_t OrderedBits(double x) {
  if (x == 0) x = 0.0;  // -0 and +0 are equal values: give them one key
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  // Negative numbers: flip all bits (larger magnitude sorts first); positive: set the sign.
  return (b >> 63) ? ~b : (b | (std::uint64_t{1} << 63));
}

void RadixSortByKey(std::vector<std::uint64_t>& keys, std::vector<std::uint32_t>& rows, int bits) {
  const std::size_t n = keys.size();
  if (n < 2 || bits <= 0) return;
  if (n < kSmall) {
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    std::vector<std::uint64_t> k(n);
    std::vector<std::uint32_t> r(n);
    for (std::size_t i = 0; i < n; ++i) k[i] = keys[order[i]], r[i] = rows[order[i]];
    keys.swap(k);
    rows.swap(r);
    return;
  }
  std::vector<std::uint64_t> key_scratch(n);
  std::vector<std::uint32_t> row_scratch(n);
  std::vector<std::size_t> count(kBuckets);
  for (int shift = 0; shift < bits && shift < 64; shift += kDigitBits) {
    std::fill(count.begin(), count.end(), 0);
    for (std::uint64_t k : keys) ++count[(k >> shift) & (kBuckets - 1)];
    // A digit shared by every key would only copy the arrays: skip it.
    if (std::find(count.begin(), count.end(), n) != count.end()) continue;
    std::size_t sum = 0;
    for (std::size_t& c : count) {
      std::size_t here = c;
      c = sum;
      sum += here;
    }
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t at = count[(keys[i] >> shift) & (kBuckets - 1)]++;
      key_scratch[at] = keys[i];
      row_scratch[at] = rows[i];
    }
    keys.swap(key_scratch);
    rows.swap(row_scratch);
  }
}

}  // namespace offerscope::core
