// Helpers shared by panels: how a field reads in a cell, offer keys, the comparison list.
#include <cmath>
#include <cstdio>

#include "core/fields.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

std::string OfferKey(const core::Offer& o) { return std::string(core::ProviderName(o.provider)) + ":" + o.id; }

void AddToCompare(AppState& s, std::uint32_t table_row) {
  std::string key = OfferKey(s.table.offer(table_row));
  auto& c = s.view.compare;
  if (std::find(c.begin(), c.end(), key) != c.end()) return;
  if (c.size() >= core::kMaxCompare) {
    s.notices.push_back("Compare holds up to 6 offers: the oldest was replaced.");
    c.erase(c.begin());
  }
  c.push_back(key);
  s.show_compare = true;
}

bool OfferHasKey(const core::Offer& o, std::string_view key) {
  std::string_view name = core::ProviderName(o.provider);
  return key.size() == name.size() + 1 + o.id.size() && key.substr(0, name.size()) == name && key[name.size()] == ':' &&
         key.substr(name.size() + 1) == o.id;
}

const std::vector<std::uint32_t>& CompareRows(AppState& s) {
  if (s.compare_table_version == s.table_version && s.compare_keys_resolved == s.view.compare) return s.compare_rows;
  s.compare_rows.assign(s.view.compare.size(), core::kNoRow);
  for (std::size_t k = 0; k < s.view.compare.size(); ++k)
    for (std::size_t r = 0; r < s.table.size(); ++r)
      if (OfferHasKey(s.table.offer(r), s.view.compare[k])) {
        s.compare_rows[k] = static_cast<std::uint32_t>(r);
        break;
      }
  s.compare_keys_resolved = s.view.compare;
  s.compare_table_version = s.table_version;
  return s.compare_rows;
}

std::string FormatField(const core::Offer& o, core::Field f) {
  const core::FieldInfo& info = core::Info(f);
  char buf[64];
  if (info.type == core::FieldType::kBool) return core::BoolOf(o, f) ? "yes" : "no";
  if (info.type == core::FieldType::kText) {
    std::string_view t = core::TextOf(o, f);
    return t.empty() ? "-" : std::string(t);
  }
  double v = core::NumberOf(o, f);
  if (!core::IsKnown(v)) return "-";
  switch (f) {
    case core::Field::kPriceUsdPerHour:
    case core::Field::kPriceUsdPerGpuHour:
    case core::Field::kBidUsdPerHour: std::snprintf(buf, sizeof buf, "%.3f", v); break;
    case core::Field::kUsdPerTflopHour:
    case core::Field::kUsdPerVramGbHour: std::snprintf(buf, sizeof buf, "%.5f", v); break;
    case core::Field::kReliability: std::snprintf(buf, sizeof buf, "%.3f", v); break;
    case core::Field::kGpuCount: std::snprintf(buf, sizeof buf, "%d", o.gpu_count); break;
    default: std::snprintf(buf, sizeof buf, std::fabs(v - std::round(v)) < 0.05 ? "%.0f" : "%.1f", v); break;
  }
  return buf;
}

}  // namespace offerscope::web
