// Filtering the offer table. The meaning of a condition is filter.hpp's Matches(); this file
// only makes it cheap:
// - text and yes/no fields: Matches() runs once per distinct value met (on a row holding
//   it), and the answer is reused for every other row with that value;
// - number fields: the comparison runs on the column. Only a NaN (unknown) value asks
//   Matches(), once, since whether "unknown" passes is a policy of the filter, not arithmetic;
// - anything else (a number field compared with text, say): Matches() on each row.
// Conditions are applied cheapest first; they all must hold, so the order does not matter.
#include <algorithm>
#include <numeric>

#include "filter.hpp"
#include "offer_table.hpp"

namespace offerscope::core {

namespace {

Filter OnlyThis(const Condition& c) {
  Filter f;
  f.conditions.push_back(c);
  return f;
}

// Keeps the rows for which `keep(row)` holds, in order, without branching on the answer.
template <class Keep>
void Compact(std::vector<std::uint32_t>& rows, Keep keep) {
  std::size_t kept = 0;
  for (std::uint32_t row : rows) {
    rows[kept] = row;
    kept += keep(row) ? 1 : 0;
  }
  rows.resize(kept);
}

// True when the column can answer `c` by arithmetic: a number field compared with numbers
// only, one number for the ordering operators.
bool ColumnCanAnswer(const Condition& c) {
  if (Info(c.field).type != FieldType::kNumber || c.numbers.empty() || !c.texts.empty()) return false;
  for (double v : c.numbers)
    if (!IsKnown(v)) return false;
  return c.op == Op::kIn || c.op == Op::kNotIn || c.numbers.size() == 1;
}

template <class Test>
void NarrowColumn(std::vector<std::uint32_t>& rows, const double* x, bool unknown_passes, Test test) {
  Compact(rows, [&](std::uint32_t row) {
    double v = x[row];
    return IsKnown(v) ? test(v) : unknown_passes;
  });
}

}  // namespace

bool OfferTable::NarrowByNumbers(const Condition& c, std::vector<std::uint32_t>& rows) const {
  if (!ColumnCanAnswer(c)) return false;
  const Column& col = columns_[static_cast<int>(c.field)];
  bool unknown_passes = col.unknown_row != kNoRow && Matches(OnlyThis(c), offers_[col.unknown_row]);
  const double* x = col.numbers.data();
  const double n = c.numbers[0];
  auto in_list = [&](double v) {
    return std::find(c.numbers.begin(), c.numbers.end(), v) != c.numbers.end();
  };
  switch (c.op) {
    case Op::kEq: NarrowColumn(rows, x, unknown_passes, [n](double v) { return v == n; }); break;
    case Op::kNeq: NarrowColumn(rows, x, unknown_passes, [n](double v) { return v != n; }); break;
    case Op::kGt: NarrowColumn(rows, x, unknown_passes, [n](double v) { return v > n; }); break;
    case Op::kGte: NarrowColumn(rows, x, unknown_passes, [n](double v) { return v >= n; }); break;
    case Op::kLt: NarrowColumn(rows, x, unknown_passes, [n](double v) { return v < n; }); break;
    case Op::kLte: NarrowColumn(rows, x, unknown_passes, [n](double v) { return v <= n; }); break;
    case Op::kIn: NarrowColumn(rows, x, unknown_passes, in_list); break;
    case Op::kNotIn: NarrowColumn(rows, x, unknown_passes, [&](double v) { return !in_list(v); }); break;
  }
  return true;
}

void OfferTable::NarrowByCategory(const Condition& c, std::vector<std::uint32_t>& rows) const {
  const Column& col = columns_[static_cast<int>(c.field)];
  const Filter one = OnlyThis(c);
  // Per id: -1 not asked yet, 0 fails, 1 passes.
  std::vector<signed char> answer(col.values.size(), -1);
  Compact(rows, [&](std::uint32_t row) {
    std::uint32_t id = col.ids[row];
    if (answer[id] < 0) answer[id] = Matches(one, offers_[row]) ? 1 : 0;
    return answer[id] == 1;
  });
}

void OfferTable::NarrowByReference(const Condition& c, std::vector<std::uint32_t>& rows) const {
  const Filter one = OnlyThis(c);
  Compact(rows, [&](std::uint32_t row) { return Matches(one, offers_[row]); });
}

void OfferTable::FilterRows(const Filter& filter, std::vector<std::uint32_t>& rows) const {
  rows.resize(offers_.size());
  std::iota(rows.begin(), rows.end(), 0u);
  NarrowRows(filter, rows);
}

void OfferTable::NarrowRows(const Filter& filter, std::vector<std::uint32_t>& rows) const {
  // Pass 0: number columns; pass 1: interned text and yes/no; pass 2: row by row.
  for (int pass = 0; pass < 3 && !rows.empty(); ++pass) {
    for (const Condition& c : filter.conditions) {
      FieldType type = Info(c.field).type;
      int kind = type == FieldType::kNumber ? (ColumnCanAnswer(c) ? 0 : 2) : 1;
      if (kind != pass) continue;
      if (kind == 0)
        NarrowByNumbers(c, rows);
      else if (kind == 1)
        NarrowByCategory(c, rows);
      else
        NarrowByReference(c, rows);
    }
  }
}

void OfferTable::Query(const Filter& filter, const std::vector<SortKey>& keys,
                       std::vector<std::uint32_t>& rows) const {
  FilterRows(filter, rows);
  SortRows(keys, rows);
}

}  // namespace offerscope::core
