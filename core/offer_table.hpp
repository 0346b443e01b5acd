// The offer table: every offer the app holds, stored column by column so that filtering and
// sorting 100,000 offers costs a few milliseconds, in WebAssembly too (PERFORMANCE.md).
//
// What makes it fast:
// - each number field is a contiguous array of doubles (read with NumberOf once, at build);
// - each text or yes/no field is interned: a small integer id per row, so a text condition
//   is evaluated once per distinct value ("H100 SXM 80GB", "US", ...), not once per row;
// - every field has a precomputed sort rank per row (equal values share a rank, unknown
//   values rank last), so a multi-key sort packs the ranks of its keys into one 64-bit
//   integer per row and radix-sorts those: no string is compared and nothing is allocated
//   per row while sorting.
// Results are indices into the table (`rows`), in the order a view shows them; the Offers
// themselves stay whole for the details and compare views.
//
// Filter semantics are filter.hpp's Matches(): conditions on text and yes/no fields call it
// on one representative offer per distinct value, conditions on number fields are evaluated
// on the column (and checked against Matches() on random offers by the tests).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fields.hpp"
#include "offer.hpp"
#include "view_state.hpp"

namespace offerscope::core {

struct Condition;  // filter.hpp
struct Filter;     // filter.hpp

inline constexpr std::uint32_t kNoRow = 0xFFFFFFFFu;

// One GPU model's line in the summary view (GroupByGpu).
struct GroupRow {
  std::string gpu;           // Offer::gpu
  std::uint32_t offers = 0;  // rows of this GPU among the rows given
  std::uint32_t gpus = 0;    // sum of their gpu_count
  std::uint32_t priced = 0;  // rows with a known $/GPU-hour (the figures below)
  double min_usd_per_gpu_hour = kUnknown;
  double median_usd_per_gpu_hour = kUnknown;  // mean of the two middle ones for an even count
  double max_usd_per_gpu_hour = kUnknown;
  std::uint32_t cheapest_row = kNoRow;           // first row with the minimum price
  std::array<bool, kProviderCount> providers{};  // indexed by ProviderId
};

class OfferTable {
 public:
  OfferTable() = default;

  // Replaces / extends the offers and rebuilds the columns. Append keeps existing row
  // numbers (new offers get the next ones), so rows held by a view stay valid.
  void Assign(std::vector<Offer> offers);
  void Append(std::vector<Offer> offers);
  void Clear();
  // Recomputes every offer's prices at another disk size (pricing.hpp's FinishPrices) and
  // the price columns with them.
  void Reprice(double disk_gb);

  std::size_t size() const { return offers_.size(); }
  const Offer& offer(std::size_t row) const { return offers_[row]; }
  const std::vector<Offer>& offers() const { return offers_; }

  // Column access for tables and charts. Number: NaN for unknown values and non-number
  // fields. Text: the interned value of a text field, empty otherwise.
  double Number(std::size_t row, Field f) const;
  std::string_view Text(std::size_t row, Field f) const;
  const std::vector<double>& NumberColumn(Field f) const;  // empty for non-number fields
  // Text and yes/no fields as category ids (a chart's colour index): 0..CategoryCount-1,
  // ids in order of first appearance; CategoryName gives the text ("false"/"true" for yes/no).
  std::uint32_t Category(std::size_t row, Field f) const;
  std::size_t CategoryCount(Field f) const;
  std::string_view CategoryName(Field f, std::uint32_t id) const;

  // Rows matching `filter`, in table order. Same rows as testing Matches() on each offer.
  void FilterRows(const Filter& filter, std::vector<std::uint32_t>& rows) const;
  // Keeps the `rows` (any subset of the table, any order) that match `filter`, in their
  // order: for a query that only grew stricter (core::Refines), the rows already filtered
  // and sorted for the wider one give the new rows without a pass over the whole table or a
  // sort (the sort is stable, so a subsequence of sorted rows is sorted the same way).
  void NarrowRows(const Filter& filter, std::vector<std::uint32_t>& rows) const;
  // Stable multi-key sort of `rows` (any subset of the table, any order): the first key
  // decides, later keys break ties, then the incoming order. Unknown values (NaN, empty
  // text) come last for ascending and descending keys alike. Text sorts naturally and
  // case-insensitively ("RTX 3090" < "RTX 4090" < "rtx a6000", "H20" < "H100").
  void SortRows(const std::vector<SortKey>& keys, std::vector<std::uint32_t>& rows) const;
  // FilterRows then SortRows.
  void Query(const Filter& filter, const std::vector<SortKey>& keys, std::vector<std::uint32_t>& rows) const;

  // One line per GPU model among `rows`, in the GPU names' sort order.
  std::vector<GroupRow> GroupByGpu(const std::vector<std::uint32_t>& rows) const;
  // The offers among `rows` that no other offer beats on both counts: none is cheaper
  // (lower `x`) and at least as good (higher `y`), or as cheap and better. `y` is a
  // higher-is-better number field (tflops, vram_gb, reliability, mem_bw, ...). Ordered by x
  // ascending (equal points all kept, in their incoming order); rows where x or y is
  // unknown are left out.
  std::vector<std::uint32_t> ParetoFrontier(const std::vector<std::uint32_t>& rows, Field y,
                                            Field x = Field::kPriceUsdPerGpuHour) const;

 private:
  // One field's column. Number fields use `numbers`; text and yes/no fields use `ids`,
  // `values`, `hashes` and `slots`. Every field has `rank`.
  struct Column {
    std::vector<double> numbers;
    std::vector<std::uint32_t> ids;
    std::vector<std::string> values;    // by id
    std::vector<std::uint64_t> hashes;  // by id: hash of the value
    // Open-addressing index of `values` (id + 1, 0 = empty slot; size a power of two):
    // no node per value and no string rehashing, which made std::unordered_map the
    // largest cost of building a 100,000-offer table.
    std::vector<std::uint32_t> slots;
    std::uint32_t unknown_row = kNoRow;  // number fields: some row whose value is NaN
    std::vector<std::uint32_t> rank;     // by row; unknown = rank_count
    std::uint32_t rank_count = 0;        // distinct known values
  };

  static std::uint32_t Intern(Column& c, std::string_view text);
  void ExtractRows(std::size_t first);  // fills columns for rows [first, size())
  void RankAll();
  void RankNumbers(Column& c);
  void RankCategories(Column& c, bool natural_text);

  // Filter helpers (offer_table_filter.cpp). Each narrows `rows` to those meeting `c`.
  bool NarrowByNumbers(const Condition& c, std::vector<std::uint32_t>& rows) const;
  void NarrowByCategory(const Condition& c, std::vector<std::uint32_t>& rows) const;
  void NarrowByReference(const Condition& c, std::vector<std::uint32_t>& rows) const;

  std::vector<Offer> offers_;
  std::array<Column, kFieldCount> columns_;
};

// Natural, case-insensitive order used for text columns: digit runs compare as numbers,
// letters ignore case, and byte order breaks remaining ties. Negative, zero or positive.
int CompareNatural(std::string_view a, std::string_view b);
// A byte string whose plain (memcmp) order is CompareNatural's order, for sorting many texts
// (text holding NUL bytes aside).
std::string NaturalSortKey(std::string_view text);

}  // namespace offerscope::core
