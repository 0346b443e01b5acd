#include "view_state.hpp"

#include <algorithm>
#include <cmath>

#include "http.hpp"
#include "number_text.hpp"

namespace offerscope::core {

namespace {

// ---- Item readers shared by the fragment and the JSON form --------------------------------

std::string Quoted(std::string_view text) {
  // Notices quote user bytes: keep them short and free of control characters.
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
  }
  if (text.size() > kMax) out += "...";
  return out + "'";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool ReadProvider(std::string_view name, ProviderId& id, std::string& problem) {
  auto found = ProviderFromName(name);
  if (!found) {
    problem = "unknown provider " + Quoted(name);
    return false;
  }
  id = *found;
  return true;
}

bool ReadField(std::string_view name, Field& field, std::string& problem, const char* what) {
  auto found = FieldFromName(name);
  if (!found) {
    problem = std::string("unknown ") + what + " " + Quoted(name);
    return false;
  }
  field = *found;
  return true;
}

bool ReadSortKey(std::string_view item, SortKey& key, std::string& problem) {
  std::string_view name = item;
  key.descending = false;
  if (!name.empty() && (name.front() == '-' || name.front() == '+')) {
    key.descending = name.front() == '-';
    name.remove_prefix(1);
  } else if (!name.empty() && (name.back() == '-' || name.back() == '+')) {
    key.descending = name.back() == '-';
    name.remove_suffix(1);
  }
  return ReadField(name, key.field, problem, "sort field");
}

bool ReadColumn(std::string_view name, Field& field, std::string& problem) {
  return ReadField(name, field, problem, "column");
}

// "vast:11684738" -> canonical provider name + ':' + id.
bool ReadCompareId(std::string_view item, std::string& id, std::string& problem) {
  std::size_t colon = item.find(':');
  std::optional<ProviderId> provider;
  if (colon != std::string_view::npos && colon + 1 < item.size())
    provider = ProviderFromName(item.substr(0, colon));
  if (!provider) {
    problem = "not an offer reference (provider:id): " + Quoted(item);
    return false;
  }
  id = std::string(ProviderName(*provider)) + ":" + std::string(item.substr(colon + 1));
  return true;
}

bool ReadChartField(std::string_view name, bool number_only, std::string& problem) {
  Field field;
  if (!ReadField(name, field, problem, "chart field")) return false;
  if (number_only && Info(field).type != FieldType::kNumber) {
    problem = "chart axis " + Quoted(name) + " is not a number field";
    return false;
  }
  return true;
}

bool ReadFlag(std::string_view text, bool& flag) {
  if (text == "1" || text == "true")
    flag = true;
  else if (text == "0" || text == "false")
    flag = false;
  else
    return false;
  return true;
}

// ---- Encoding ------------------------------------------------------------------------------

// Percent-encodes for a fragment value, keeping what stays readable and unambiguous there:
// RFC 3986 unreserved characters plus ":@/!*;$" (and ',' outside lists); space is '+'.
void AppendComponent(std::string& out, std::string_view text, bool keep_comma) {
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 std::string_view("-._~:@/!*;$").find(static_cast<char>(c)) != std::string_view::npos ||
                 (keep_comma && c == ',');
    if (plain) {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

void AppendKey(std::string& out, std::string_view key) {
  if (!out.empty()) out += '&';
  AppendComponent(out, key, false);
  out += '=';
}

void AppendText(std::string& out, std::string_view key, std::string_view value) {
  AppendKey(out, key);
  AppendComponent(out, value, true);
}

template <class T, class Name>
void AppendList(std::string& out, std::string_view key, const std::vector<T>& items, Name name) {
  AppendKey(out, key);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    AppendComponent(out, name(items[i]), false);
  }
}

// Escaped like any value: large numbers are written "5e+32", and a bare '+' reads as a space.
void AppendNumberPair(std::string& out, std::string_view key, double value) {
  std::string text;
  AppendNumber(text, value);
  AppendText(out, key, text);
}

void AppendChart(std::string& out, const ChartState& c) {
  const ChartState d;
  if (c.x != d.x) AppendText(out, "x", c.x);
  if (c.y != d.y) AppendText(out, "y", c.y);
  if (c.log_x) AppendText(out, "logx", "1");
  if (c.color_by != d.color_by) AppendText(out, "color", c.color_by);
  if (IsKnown(c.x_min)) AppendNumberPair(out, "xmin", c.x_min);
  if (IsKnown(c.x_max)) AppendNumberPair(out, "xmax", c.x_max);
  if (IsKnown(c.y_min)) AppendNumberPair(out, "ymin", c.y_min);
  if (IsKnown(c.y_max)) AppendNumberPair(out, "ymax", c.y_max);
}

// ---- Decoding ------------------------------------------------------------------------------

struct Decoder {
  DecodedView& out;
  std::string_view key;  // the piece being read, for notices

  void Notice(const std::string& problem) {
    out.notices.push_back("Ignored " + problem + " in '" + std::string(key) + "'.");
  }

  // Splits on raw commas (an encoded %2C stays inside its item), decodes and trims each
  // item, and hands the non-empty ones to `read`.
  // `trim`: names (providers, fields) may carry spaces a person typed; offer ids may not.
  template <class Read>
  void ForEachItem(std::string_view raw, bool trim, Read read) {
    std::size_t start = 0;
    while (start <= raw.size()) {
      std::size_t comma = std::min(raw.find(',', start), raw.size());
      std::string item;
      if (!UrlDecode(raw.substr(start, comma - start), item, true)) {
        Notice("an item with a broken %-escape");
      } else if (std::string_view kept = trim ? Trim(item) : item; !kept.empty()) {
        read(std::string(kept));
      }
      start = comma + 1;
    }
  }

  template <class T, class ReadItem>
  void List(std::string_view raw, std::vector<T>& list, ReadItem read_item, bool trim = true) {
    list.clear();
    ForEachItem(raw, trim, [&](const std::string& item) {
      T value{};
      std::string problem;
      if (!read_item(item, value, problem)) return Notice(problem);
      if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
    });
  }

  void Number(const std::string& text, double& target, bool (*valid)(double), const char* what) {
    double value = 0;
    if (ParseNumber(text, value) && valid(value))
      target = value;
    else
      Notice(Quoted(text) + " (expected " + what + ")");
  }

  void Flag(const std::string& text, bool& target) {
    if (!ReadFlag(text, target)) Notice(Quoted(text) + " (expected 1 or 0)");
  }

  void ChartName(const std::string& text, std::string& target, bool number_only) {
    std::string problem;
    if ((!number_only && text == "none") || ReadChartField(text, number_only, problem))
      target = text;
    else
      Notice(problem);
  }

  void Version(const std::string& text) {
    double v = 0;
    if (!ParseNumber(text, v) || v < 1 || v > 1e6 || v != std::floor(v))
      return Notice(Quoted(text) + " (expected a version number)");
    out.state.version = static_cast<int>(v);
  }

  // Returns false for a key this version does not know.
  bool Known(std::string_view raw, const std::string& text);
};

bool AnyValue(double) {
  return true;
}
bool DiskValue(double v) {
  return v >= 0;
}
bool HoursValue(double v) {
  return v > 0;
}

bool Decoder::Known(std::string_view raw, const std::string& text) {
  ViewState& s = out.state;
  ChartState& c = s.chart;
  // One key per line reads as the table of keys it is.
  // clang-format off
  if (key == "q") s.query = text;
  else if (key == "providers") List(raw, s.providers, ReadProvider);
  else if (key == "sort") List(raw, s.sort, ReadSortKey);
  else if (key == "cols") List(raw, s.columns, ReadColumn);
  else if (key == "compare") List(raw, s.compare, ReadCompareId, false);
  else if (key == "disk") Number(text, s.disk_gb, DiskValue, "GB of disk, 0 or more");
  else if (key == "hours") Number(text, s.hours, HoursValue, "a number of hours above 0");
  else if (key == "interruptible") Flag(text, s.interruptible);
  else if (key == "x") ChartName(text, c.x, true);
  else if (key == "y") ChartName(text, c.y, true);
  else if (key == "logx") Flag(text, c.log_x);
  else if (key == "color") ChartName(text, c.color_by, false);
  else if (key == "xmin") Number(text, c.x_min, AnyValue, "a number");
  else if (key == "xmax") Number(text, c.x_max, AnyValue, "a number");
  else if (key == "ymin") Number(text, c.y_min, AnyValue, "a number");
  else if (key == "ymax") Number(text, c.y_max, AnyValue, "a number");
  else if (key == "v") Version(text);
  else return false;
  // clang-format on
  return true;
}

// One "key=value" piece. Known keys overwrite earlier ones; unknown keys are kept in order.
void DecodePiece(std::string_view piece, DecodedView& out, std::vector<std::string>& seen) {
  std::size_t eq = piece.find('=');
  std::string_view raw_key = piece.substr(0, eq);
  std::string_view raw_value = eq == std::string_view::npos ? "" : piece.substr(eq + 1);
  std::string key, value;
  if (!UrlDecode(raw_key, key, true) || !UrlDecode(raw_value, value, true)) {
    out.notices.push_back("Ignored " + Quoted(piece) + ": it has a broken %-escape.");
    return;
  }
  if (key.empty()) {
    out.notices.push_back("Ignored " + Quoted(piece) + ": it has no name.");
    return;
  }
  Decoder decoder{out, key};
  if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
    // A repeated known key: the later one wins, as in a query string read into a map.
    out.notices.push_back("'" + key + "' appears more than once; the last one is used.");
  }
  if (decoder.Known(raw_value, value)) {
    seen.push_back(key);
  } else {
    out.state.unknown.emplace_back(std::move(key), std::move(value));
  }
}

// ---- JSON form ----------------------------------------------------------------------------

using nlohmann::json;

// Typed readers for ViewStateFromJson: an absent key leaves `target` alone; a present one
// of the wrong type or value sets `problem`.
bool JsonText(const json& j, const char* key, std::string& target, std::string& problem) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_string()) return (problem = "expected a string", false);
  target = it->get_ref<const std::string&>();
  return true;
}

bool JsonBool(const json& j, const char* key, bool& target, std::string& problem) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_boolean()) return (problem = "expected true or false", false);
  target = it->get<bool>();
  return true;
}

// `null_ok`: null means NaN ("auto" for chart ranges).
bool JsonNumber(const json& j, const char* key, double& target, bool null_ok, bool (*valid)(double),
                std::string& problem) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (null_ok && it->is_null()) return (target = kUnknown, true);
  if (!it->is_number() || !valid(it->get<double>()) || !std::isfinite(it->get<double>()))
    return (problem = null_ok ? "expected a number or null" : "expected a valid number", false);
  target = it->get<double>();
  return true;
}

template <class T, class ReadItem>
bool JsonList(const json& j, const char* key, std::vector<T>& list, ReadItem read_item,
              std::string& problem) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_array()) return (problem = "expected an array of strings", false);
  list.clear();
  for (const json& item : *it) {
    if (!item.is_string()) return (problem = "expected an array of strings", false);
    T value{};
    if (!read_item(item.get_ref<const std::string&>(), value, problem)) return false;
    if (std::find(list.begin(), list.end(), value) != list.end())
      return (problem = "repeats " + Quoted(item.get_ref<const std::string&>()), false);
    list.push_back(value);
  }
  return true;
}

bool JsonChart(const json& j, ChartState& c, std::string& problem) {
  auto it = j.find("chart");
  if (it == j.end()) return true;
  if (!it->is_object()) return (problem = "expected an object", false);
  const json& o = *it;
  if (!JsonText(o, "x", c.x, problem) || !JsonText(o, "y", c.y, problem) ||
      !JsonBool(o, "log_x", c.log_x, problem) || !JsonText(o, "color_by", c.color_by, problem) ||
      !JsonNumber(o, "x_min", c.x_min, true, AnyValue, problem) ||
      !JsonNumber(o, "x_max", c.x_max, true, AnyValue, problem) ||
      !JsonNumber(o, "y_min", c.y_min, true, AnyValue, problem) ||
      !JsonNumber(o, "y_max", c.y_max, true, AnyValue, problem))
    return false;
  return ReadChartField(c.x, true, problem) && ReadChartField(c.y, true, problem) &&
         (c.color_by == "none" || ReadChartField(c.color_by, false, problem));
}

bool JsonUnknown(const json& j, std::vector<std::pair<std::string, std::string>>& unknown,
                 std::string& problem) {
  auto it = j.find("unknown");
  if (it == j.end()) return true;
  if (!it->is_array()) return (problem = "expected an array of [key, value] pairs", false);
  for (const json& pair : *it) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string() ||
        pair[0].get_ref<const std::string&>().empty())
      return (problem = "expected an array of [key, value] pairs", false);
    unknown.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return true;
}

bool JsonVersion(const json& j, int& version, std::string& problem) {
  auto it = j.find("version");
  if (it == j.end()) return true;
  if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 1000000)
    return (problem = "expected a version number (1 or more)", false);
  version = static_cast<int>(it->get<long long>());
  return true;
}

}  // namespace

bool operator==(const ChartState& a, const ChartState& b) {
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  return a.x == b.x && a.y == b.y && a.log_x == b.log_x && a.color_by == b.color_by &&
         same(a.x_min, b.x_min) && same(a.x_max, b.x_max) && same(a.y_min, b.y_min) && same(a.y_max, b.y_max);
}

bool operator==(const ViewState& a, const ViewState& b) {
  return a.version == b.version && a.query == b.query && a.providers == b.providers && a.sort == b.sort &&
         a.columns == b.columns && a.disk_gb == b.disk_gb && a.hours == b.hours &&
         a.interruptible == b.interruptible && a.compare == b.compare && a.chart == b.chart &&
         a.unknown == b.unknown;
}

const std::vector<Field>& DefaultColumns() {
  static const std::vector<Field> columns = {
      Field::kProvider,
      Field::kGpu,
      Field::kGpuCount,
      Field::kVramGb,
      Field::kPriceUsdPerGpuHour,
      Field::kPriceUsdPerHour,
      Field::kUsdPerTflopHour,
      Field::kTflopsFp16,
      Field::kVcpus,
      Field::kRamGb,
      Field::kReliability,
      Field::kCountry,
      Field::kStock,
  };
  return columns;
}

std::string SortKeysToText(const std::vector<SortKey>& keys) {
  std::string out;
  for (const SortKey& k : keys) {
    if (!out.empty()) out += ',';
    if (k.descending) out += '-';
    out += Info(k.field).name;
  }
  return out;
}

bool ParseSortKeys(std::string_view text, std::vector<SortKey>& keys, std::string& error) {
  keys.clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = Trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    SortKey key;
    if (!ReadSortKey(item, key, error)) return false;
    keys.push_back(key);
  }
  return true;
}

std::string EncodeFragment(const ViewState& s) {
  const ViewState d;
  std::string out;
  if (!s.query.empty()) AppendText(out, "q", s.query);
  if (!s.providers.empty()) AppendList(out, "providers", s.providers, ProviderName);
  if (!s.sort.empty()) {
    AppendList(out, "sort", s.sort,
               [](const SortKey& k) { return (k.descending ? "-" : "") + std::string(Info(k.field).name); });
  }
  if (!s.columns.empty()) AppendList(out, "cols", s.columns, [](Field f) { return Info(f).name; });
  if (s.disk_gb != d.disk_gb) AppendNumberPair(out, "disk", s.disk_gb);
  if (s.hours != d.hours) AppendNumberPair(out, "hours", s.hours);
  if (s.interruptible) AppendText(out, "interruptible", "1");
  if (!s.compare.empty()) AppendList(out, "compare", s.compare, [](const std::string& id) { return id; });
  AppendChart(out, s.chart);
  for (const auto& [key, value] : s.unknown) {
    AppendKey(out, key);
    AppendComponent(out, value, true);
  }
  AppendKey(out, "v");
  out += std::to_string(s.version);
  return out;
}

DecodedView DecodeFragment(std::string_view fragment) {
  DecodedView out;
  std::size_t hash = fragment.find('#');
  if (hash != std::string_view::npos) fragment.remove_prefix(hash + 1);
  std::vector<std::string> seen;
  std::size_t start = 0;
  while (start < fragment.size()) {
    std::size_t amp = std::min(fragment.find('&', start), fragment.size());
    std::string_view piece = fragment.substr(start, amp - start);
    if (!piece.empty()) DecodePiece(piece, out, seen);
    start = amp + 1;
  }
  ViewState& s = out.state;
  if (s.compare.size() > kMaxCompare) {
    out.notices.push_back("Only the first " + std::to_string(kMaxCompare) + " offers to compare were kept.");
    s.compare.resize(kMaxCompare);
  }
  if (s.version > kViewStateVersion) {
    out.notices.push_back("This link comes from a newer OfferScope (v=" + std::to_string(s.version) +
                          "): what this version knows was applied, the rest kept as it was.");
  }
  return out;
}

json ViewStateToJson(const ViewState& s) {
  auto number_or_null = [](double x) { return IsKnown(x) ? json(x) : json(nullptr); };
  json providers = json::array(), sort = json::array(), columns = json::array();
  for (ProviderId p : s.providers) providers.push_back(ProviderName(p));
  for (const SortKey& k : s.sort) sort.push_back(SortKeysToText({k}));
  for (Field f : s.columns) columns.push_back(Info(f).name);
  json unknown = json::array();
  for (const auto& [key, value] : s.unknown) unknown.push_back(json::array({key, value}));
  const ChartState& c = s.chart;
  return json{{"version", s.version},
              {"query", s.query},
              {"providers", providers},
              {"sort", sort},
              {"columns", columns},
              {"disk_gb", s.disk_gb},
              {"hours", s.hours},
              {"interruptible", s.interruptible},
              {"compare", s.compare},
              {"chart",
               {{"x", c.x},
                {"y", c.y},
                {"log_x", c.log_x},
                {"color_by", c.color_by},
                {"x_min", number_or_null(c.x_min)},
                {"x_max", number_or_null(c.x_max)},
                {"y_min", number_or_null(c.y_min)},
                {"y_max", number_or_null(c.y_max)}}},
              {"unknown", unknown}};
}

std::string ViewStateToJsonText(const ViewState& state, int indent) {
  return ViewStateToJson(state).dump(indent, ' ', false, json::error_handler_t::replace);
}

Result<ViewState> ViewStateFromJson(const json& j) {
  if (!j.is_object()) return Result<ViewState>::Fail("expected a view state object");
  ViewState s;
  std::string problem;
  // Each step names its key so that the message points at the offending part.
  const std::pair<const char*, bool> steps[] = {
      {"version", JsonVersion(j, s.version, problem)},
      {"query", problem.empty() && JsonText(j, "query", s.query, problem)},
      {"providers", problem.empty() && JsonList(j, "providers", s.providers, ReadProvider, problem)},
      {"sort", problem.empty() && JsonList(j, "sort", s.sort, ReadSortKey, problem)},
      {"columns", problem.empty() && JsonList(j, "columns", s.columns, ReadColumn, problem)},
      {"disk_gb", problem.empty() && JsonNumber(j, "disk_gb", s.disk_gb, false, DiskValue, problem)},
      {"hours", problem.empty() && JsonNumber(j, "hours", s.hours, false, HoursValue, problem)},
      {"interruptible", problem.empty() && JsonBool(j, "interruptible", s.interruptible, problem)},
      {"compare", problem.empty() && JsonList(j, "compare", s.compare, ReadCompareId, problem)},
      {"chart", problem.empty() && JsonChart(j, s.chart, problem)},
      {"unknown", problem.empty() && JsonUnknown(j, s.unknown, problem)},
  };
  for (const auto& [key, ok] : steps)
    if (!ok) return Result<ViewState>::Fail(std::string(key) + ": " + problem);
  if (s.compare.size() > kMaxCompare)
    return Result<ViewState>::Fail("compare: at most " + std::to_string(kMaxCompare) + " offers");
  return Result<ViewState>::Ok(std::move(s));
}

}  // namespace offerscope::core
