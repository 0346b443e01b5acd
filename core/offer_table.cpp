// Building the offer table: columns, interning and sort ranks. Filtering, sorting and the
// summaries live in offer_table_filter.cpp, offer_table_sort.cpp and offer_table_stats.cpp.
#include "offer_table.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <numeric>

#include "pricing.hpp"
#include "radix_sort.hpp"

namespace offerscope::core {

namespace {

FieldType TypeOf(int f) {
  return Info(static_cast<Field>(f)).type;
}

int Lower(unsigned char c) {
  return std::tolower(c);
}
bool IsDigit(unsigned char c) {
  return c >= '0' && c <= '9';
}

// Compares the digit runs starting at a[i] and b[j] as numbers; advances i and j past them.
int CompareDigitRuns(std::string_view a, std::size_t& i, std::string_view b, std::size_t& j) {
  while (i < a.size() && a[i] == '0' && i + 1 < a.size() && IsDigit(a[i + 1])) ++i;
  while (j < b.size() && b[j] == '0' && j + 1 < b.size() && IsDigit(b[j + 1])) ++j;
  std::size_t a_end = i, b_end = j;
  while (a_end < a.size() && IsDigit(a[a_end])) ++a_end;
  while (b_end < b.size() && IsDigit(b[b_end])) ++b_end;
  // A longer run without leading zeros is a larger number.
  if (a_end - i != b_end - j) return (a_end - i) < (b_end - j) ? -1 : 1;
  int c = a.substr(i, a_end - i).compare(b.substr(j, b_end - j));
  i = a_end;
  j = b_end;
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

// Sorts `order` (ids) by `keys[id]` bytewise. Ids of one provider share a long start
// ("syn-", "NVIDIA H100 80GB HBM3@"): comparing the 8 bytes after the shared start as one
// integer settles most comparisons without a memcmp over that start.
void SortByKeys(std::vector<std::uint32_t>& order, const std::vector<std::string>& keys) {
  if (order.size() < 2) return;
  const std::string& first = keys[order[0]];
  std::size_t shared = first.size();
  for (std::uint32_t id : order) {
    const std::string& k = keys[id];
    std::size_t n = 0;
    while (n < shared && n < k.size() && k[n] == first[n]) ++n;
    shared = n;
  }
  struct Item {
    std::uint64_t head;  // bytes [shared, shared + 8), big-endian, zero-padded
    std::uint32_t id;
  };
  std::vector<Item> items;
  items.reserve(order.size());
  for (std::uint32_t id : order) {
    const std::string& k = keys[id];
    std::uint64_t head = 0;
    for (std::size_t i = shared; i < shared + 8; ++i)
      head = (head << 8) | (i < k.size() ? static_cast<unsigned char>(k[i]) : 0u);
    items.push_back({head, id});
  }
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    if (a.head != b.head) return a.head < b.head;
    return keys[a.id] < keys[b.id];
  });
  for (std::size_t i = 0; i < items.size(); ++i) order[i] = items[i].id;
}

}  // namespace

int CompareNatural(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    unsigned char x = a[i], y = b[j];
    if (IsDigit(x) && IsDigit(y)) {
      if (int c = CompareDigitRuns(a, i, b, j)) return c;
      continue;
    }
    if (Lower(x) != Lower(y)) return Lower(x) < Lower(y) ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
  int c = a.compare(b);  // "a01" vs "a1", "Ab" vs "aB": equal so far, still distinct
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::string NaturalSortKey(std::string_view text) {
  std::string key;
  key.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    if (!IsDigit(c)) {
      key += static_cast<char>(Lower(c));
      ++i;
      continue;
    }
    // A digit run: '0' (so it meets other characters as any digit would), its length
    // without leading zeros (longer is larger), then its digits.
    while (text[i] == '0' && i + 1 < text.size() && IsDigit(text[i + 1])) ++i;
    std::size_t end = i;
    while (end < text.size() && IsDigit(text[end])) ++end;
    std::size_t length = end - i;
    key += '0';
    if (length < 255) {
      key += static_cast<char>(length);
    } else {
      key += static_cast<char>(255);
      for (int shift = 24; shift >= 0; shift -= 8) key += static_cast<char>((length >> shift) & 255);
    }
    key.append(text.data() + i, length);
    i = end;
  }
  // Equal so far: the bytes decide, after a separator below every byte written above.
  key += '\0';
  key.append(text.data(), text.size());
  return key;
}

void OfferTable::Assign(std::vector<Offer> offers) {
  Clear();
  offers_ = std::move(offers);
  ExtractRows(0);
  RankAll();
}

void OfferTable::Append(std::vector<Offer> offers) {
  std::size_t first = offers_.size();
  offers_.reserve(first + offers.size());
  for (Offer& o : offers) offers_.push_back(std::move(o));
  ExtractRows(first);
  RankAll();
}

void OfferTable::Clear() {
  offers_.clear();
  for (Column& c : columns_) c = Column{};
}

void OfferTable::Reprice(double disk_gb) {
  // Only what FinishPrices writes changes; the disk slider should not pay for the rest.
  constexpr Field kPriced[] = {Field::kPriceUsdPerHour, Field::kPriceUsdPerGpuHour, Field::kUsdPerTflopHour,
                               Field::kUsdPerVramGbHour};
  for (Field f : kPriced) columns_[static_cast<int>(f)].unknown_row = kNoRow;
  for (std::size_t row = 0; row < offers_.size(); ++row) {
    FinishPrices(offers_[row], disk_gb);
    for (Field f : kPriced) {
      Column& c = columns_[static_cast<int>(f)];
      c.numbers[row] = NumberOf(offers_[row], f);
      if (!IsKnown(c.numbers[row]) && c.unknown_row == kNoRow)
        c.unknown_row = static_cast<std::uint32_t>(row);
    }
  }
  for (Field f : kPriced) RankNumbers(columns_[static_cast<int>(f)]);
}

std::uint32_t OfferTable::Intern(Column& c, std::string_view text) {
  // FNV-1a: short texts (GPU names, country codes, ids) hash in a few nanoseconds.
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char ch : text) hash = (hash ^ ch) * 1099511628211ull;
  std::size_t mask = c.slots.size() - 1;
  if (!c.slots.empty()) {
    for (std::size_t i = hash & mask; c.slots[i] != 0; i = (i + 1) & mask) {
      std::uint32_t id = c.slots[i] - 1;
      if (c.hashes[id] == hash && c.values[id] == text) return id;
    }
  }
  auto id = static_cast<std::uint32_t>(c.values.size());
  c.values.emplace_back(text);
  c.hashes.push_back(hash);
  if (c.values.size() * 2 > c.slots.size()) {
    // Keep the load at most one half; rehash from the stored hashes.
    c.slots.assign(std::max<std::size_t>(64, c.slots.size() * 2), 0);
    mask = c.slots.size() - 1;
    for (std::uint32_t k = 0; k < c.values.size(); ++k) {
      std::size_t i = c.hashes[k] & mask;
      while (c.slots[i] != 0) i = (i + 1) & mask;
      c.slots[i] = k + 1;
    }
  } else {
    std::size_t i = hash & mask;
    while (c.slots[i] != 0) i = (i + 1) & mask;
    c.slots[i] = id + 1;
  }
  return id;
}

void OfferTable::ExtractRows(std::size_t first) {
  const std::size_t n = offers_.size();
  // Size every column first so that the loop below reads each Offer once: going field by
  // field would stream the whole vector of Offers (tens of MB) once per field.
  std::array<FieldType, kFieldCount> types;
  for (int fi = 0; fi < kFieldCount; ++fi) {
    Column& c = columns_[fi];
    types[fi] = TypeOf(fi);
    if (types[fi] == FieldType::kNumber) {
      c.numbers.resize(n);
      continue;
    }
    // Fixed ids, so that the rank of a yes/no is its id: false (0) before true (1).
    if (types[fi] == FieldType::kBool && c.values.empty()) {
      Intern(c, "false");
      Intern(c, "true");
    }
    c.ids.resize(n);
  }
  for (std::size_t row = first; row < n; ++row) {
    const Offer& o = offers_[row];
    for (int fi = 0; fi < kFieldCount; ++fi) {
      Field f = static_cast<Field>(fi);
      Column& c = columns_[fi];
      switch (types[fi]) {
        case FieldType::kNumber: {
          double x = NumberOf(o, f);
          c.numbers[row] = x;
          if (!IsKnown(x) && c.unknown_row == kNoRow) c.unknown_row = static_cast<std::uint32_t>(row);
          break;
        }
        case FieldType::kBool: c.ids[row] = BoolOf(o, f) ? 1 : 0; break;
        case FieldType::kText: c.ids[row] = Intern(c, TextOf(o, f)); break;
      }
    }
  }
}

void OfferTable::RankAll() {
  for (int f = 0; f < kFieldCount; ++f) {
    FieldType type = TypeOf(f);
    if (type == FieldType::kNumber)
      RankNumbers(columns_[f]);
    else
      RankCategories(columns_[f], type == FieldType::kText);
  }
}

void OfferTable::RankNumbers(Column& c) {
  const std::size_t n = c.numbers.size();
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> rows;
  keys.reserve(n);
  rows.reserve(n);
  for (std::size_t row = 0; row < n; ++row) {
    if (!IsKnown(c.numbers[row])) continue;
    keys.push_back(OrderedBits(c.numbers[row]));
    rows.push_back(static_cast<std::uint32_t>(row));
  }
  RadixSortByKey(keys, rows, 64);
  c.rank.assign(n, 0);
  std::uint32_t rank = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0 && keys[i] != keys[i - 1]) ++rank;
    c.rank[rows[i]] = rank;
  }
  c.rank_count = keys.empty() ? 0 : rank + 1;
  for (std::size_t row = 0; row < n; ++row)
    if (!IsKnown(c.numbers[row])) c.rank[row] = c.rank_count;
}

void OfferTable::RankCategories(Column& c, bool natural_text) {
  const std::size_t ids = c.values.size();
  std::vector<std::uint32_t> id_rank(ids);
  if (!natural_text) {
    std::iota(id_rank.begin(), id_rank.end(), 0u);
    c.rank_count = static_cast<std::uint32_t>(ids);
  } else {
    // Empty text is "unknown": it ranks after every known value, like NaN.
    std::vector<std::uint32_t> order;
    for (std::uint32_t id = 0; id < ids; ++id)
      if (!c.values[id].empty()) order.push_back(id);
    // Byte keys once per value, then plain byte comparisons: several times cheaper than
    // CompareNatural inside the sort when a column has 100,000 distinct ids.
    std::vector<std::string> keys(ids);
    for (std::uint32_t id : order) keys[id] = NaturalSortKey(c.values[id]);
    SortByKeys(order, keys);
    c.rank_count = static_cast<std::uint32_t>(order.size());
    for (std::uint32_t r = 0; r < order.size(); ++r) id_rank[order[r]] = r;
    for (std::uint32_t id = 0; id < ids; ++id)
      if (c.values[id].empty()) id_rank[id] = c.rank_count;
  }
  c.rank.resize(c.ids.size());
  for (std::size_t row = 0; row < c.ids.size(); ++row) c.rank[row] = id_rank[c.ids[row]];
}

double OfferTable::Number(std::size_t row, Field f) const {
  const Column& c = columns_[static_cast<int>(f)];
  return row < c.numbers.size() ? c.numbers[row] : kUnknown;
}

std::string_view OfferTable::Text(std::size_t row, Field f) const {
  if (Info(f).type != FieldType::kText) return {};
  const Column& c = columns_[static_cast<int>(f)];
  return row < c.ids.size() ? std::string_view(c.values[c.ids[row]]) : std::string_view();
}

const std::vector<double>& OfferTable::NumberColumn(Field f) const {
  return columns_[static_cast<int>(f)].numbers;
}

std::uint32_t OfferTable::Category(std::size_t row, Field f) const {
  const Column& c = columns_[static_cast<int>(f)];
  return row < c.ids.size() ? c.ids[row] : 0;
}

std::size_t OfferTable::CategoryCount(Field f) const {
  return Info(f).type == FieldType::kNumber ? 0 : columns_[static_cast<int>(f)].values.size();
}

std::string_view OfferTable::CategoryName(Field f, std::uint32_t id) const {
  const Column& c = columns_[static_cast<int>(f)];
  return id < c.values.size() ? std::string_view(c.values[id]) : std::string_view();
}

}  // namespace offerscope::core
