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
