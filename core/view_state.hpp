// Everything a user chose in the explorer, as one value that travels in the URL fragment
// (ARCHITECTURE.md, "A filter is a URL"). The fragment is short and readable because it
// holds only what differs from the defaults:
//   q=gpu%3DH100+gpu_count%3E%3D8&sort=-tflops,price_per_gpu&v=1
// and it is versioned: a link from a newer OfferScope still opens (known keys are used, the
// others are kept verbatim and written back), with a notice saying so. Decoding never fails
// as a whole: a bad piece gives a notice and the rest is still used.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fields.hpp"
#include "offer.hpp"
#include "result.hpp"

namespace offerscope::core {

inline constexpr int kViewStateVersion = 1;    // written as v=1
inline constexpr std::size_t kMaxCompare = 6;  // offers side by side in the compare view

struct SortKey {
  Field field = Field::kPriceUsdPerGpuHour;
  bool descending = false;
  bool operator==(const SortKey& o) const { return field == o.field && descending == o.descending; }
  bool operator!=(const SortKey& o) const { return !(*this == o); }
};

struct ChartState {
  std::string x = "price_per_gpu";  // field name of a number field
  std::string y = "tflops";         // field name of a number field
  bool log_x = false;
  std::string color_by = "provider";  // field name, or "none"
  double x_min = kUnknown;            // axis range; NaN = fit the data
  double x_max = kUnknown;
  double y_min = kUnknown;
  double y_max = kUnknown;
};

struct ViewState {
  int version = kViewStateVersion;    // of the link it came from (a newer one keeps its number)
  std::string query;                  // filter bar text, query.hpp's language
  std::vector<ProviderId> providers;  // empty = all
  std::vector<SortKey> sort;          // first key first; empty = the table's default order
  std::vector<Field> columns;         // empty = DefaultColumns()
  double disk_gb = 100;               // disk size priced into every offer, GB (>= 0)
  double hours = 1;                   // rental length for the cost column, hours (> 0)
  bool interruptible = false;         // show interruptible (bid) prices
  std::vector<std::string> compare;   // "provider:id" (canonical provider name), at most 6
  ChartState chart;
  // Keys this version does not know (from a newer link), in order, written back verbatim.
  std::vector<std::pair<std::string, std::string>> unknown;
};

// Chart ranges compare NaN equal to NaN (both mean "auto").
bool operator==(const ChartState& a, const ChartState& b);
bool operator==(const ViewState& a, const ViewState& b);
inline bool operator!=(const ChartState& a, const ChartState& b) {
  return !(a == b);
}
inline bool operator!=(const ViewState& a, const ViewState& b) {
  return !(a == b);
}

// The table's columns when ViewState::columns is empty.
const std::vector<Field>& DefaultColumns();

// "-tflops,price_per_gpu": comma-separated field names, '-' in front for descending.
std::string SortKeysToText(const std::vector<SortKey>& keys);
// Reads the text above; a trailing '-' (Vast's `-o 'num_gpus-'`) also means descending and
// a '+' in front or behind means ascending. On an unknown field returns false with
// `error` ("unknown sort field 'foo'") and `keys` holding the keys read so far.
bool ParseSortKeys(std::string_view text, std::vector<SortKey>& keys, std::string& error);

// The fragment without '#': non-default values only, then v. An all-default state is "v=1".
std::string EncodeFragment(const ViewState& state);

struct DecodedView {
  ViewState state;
  std::vector<std::string> notices;  // one sentence each, for a banner in the UI
};
// Accepts the fragment with or without its leading '#' (or a whole URL: the part after the
// first '#'). Any bytes are accepted.
DecodedView DecodeFragment(std::string_view fragment);

// The whole state as JSON (all keys, chart ranges null when auto, sort as in
// SortKeysToText's items), for `offerscope url encode|decode` and the automation hook.
nlohmann::json ViewStateToJson(const ViewState& state);
// ViewStateToJson as text. A fragment may carry any bytes, and nlohmann's dump() aborts on
// text that is not UTF-8 when exceptions are off: this replaces such bytes with U+FFFD.
std::string ViewStateToJsonText(const ViewState& state, int indent = -1);
// Strict counterpart: missing keys keep defaults; a wrong type or an unknown name fails
// with a message naming the key ("sort: unknown sort field 'foo'").
Result<ViewState> ViewStateFromJson(const nlohmann::json& json);

}  // namespace offerscope::core
