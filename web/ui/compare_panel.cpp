// Up to six offers side by side: rows where they differ are highlighted, and the best value
// of each row that has a better direction (cheapest price, most TFLOPS/VRAM/reliability...)
// is marked. The list is part of the share URL, so a link reopens the same comparison.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/fields.hpp"
#include "core/pricing.hpp"
#include "imgui.h"
#include "web/ui/chart_colors.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

enum class Better { kNone, kLower, kHigher };

Better BetterFor(core::Field f) {
  switch (f) {
    case core::Field::kPriceUsdPerHour: case core::Field::kPriceUsdPerGpuHour: case core::Field::kUsdPerTflopHour:
    case core::Field::kUsdPerVramGbHour: case core::Field::kBidUsdPerHour:
      return Better::kLower;
    case core::Field::kVramGb: case core::Field::kTotalVramGb: case core::Field::kVcpus: case core::Field::kRamGb:
    case core::Field::kDiskGb: case core::Field::kTflopsFp16: case core::Field::kTflopsFp32: case core::Field::kMemBandwidthGbS:
    case core::Field::kReliability: case core::Field::kInetDownMbps: case core::Field::kInetUpMbps:
      return Better::kHigher;
    default:
      return Better::kNone;  // a GPU count or a country is a need, not a quality
  }
}

// Index of the best known value, -1 when there is no direction or fewer than two differ.
int BestOf(const std::vector<double>& v, Better better) {
  if (better == Better::kNone) return -1;
  int best = -1, known = 0;
  for (int k = 0; k < static_cast<int>(v.size()); ++k) {
    if (!core::IsKnown(v[static_cast<std::size_t>(k)])) continue;
    ++known;
    double b = best < 0 ? 0 : v[static_cast<std::size_t>(best)];
    if (best < 0 || (better == Better::kLower ? v[static_cast<std::size_t>(k)] < b : v[static_cast<std::size_t>(k)] > b)) best = k;
  }
  return known >= 2 ? best : -1;
}

void ValueRow(const char* label, const std::vector<std::string>& cells, int best) {
  bool differs = std::any_of(cells.begin(), cells.end(), [&](const std::string& c) { return c != cells[0]; });
  ImGui::TableNextRow();
  if (differs) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.9f, 0.7f, 0.2f, 0.14f)));
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("%s", label);
  for (std::size_t k = 0; k < cells.size(); ++k) {
    ImGui::TableSetColumnIndex(static_cast<int>(k) + 1);
    if (static_cast<int>(k) == best && differs) ImGui::TextColored(ImVec4(0.3f, 0.85f, 0.4f, 1), "%s  best", cells[k].c_str());
    else ImGui::TextUnformatted(cells[k].c_str());
  }
}

void CompareTable(AppState& s, const std::vector<const core::Offer*>& offers) {
  int n = static_cast<int>(offers.size());
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInner | ImGuiTableFlags_ScrollX |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("compare", n + 1, flags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("field");
  for (int k = 0; k < n; ++k) ImGui::TableSetupColumn(offers[static_cast<std::size_t>(k)]->gpu.c_str(), 0, ScaledPx(s, 150));
  ImGui::TableHeadersRow();
  // What the user pays for the chosen disk and hours first: it is what the comparison is for.
  std::vector<double> cost;
  std::vector<std::string> cells;
  for (const core::Offer* o : offers) {
    cost.push_back(core::CostUsd(*o, s.view.disk_gb, s.view.hours));
    char buf[32];
    std::snprintf(buf, sizeof buf, core::IsKnown(cost.back()) ? "$%.2f" : "-", cost.back());
    cells.emplace_back(buf);
  }
  char label[64];
  std::snprintf(label, sizeof label, "Cost %.0f h, %.0f GB", s.view.hours, s.view.disk_gb);
  ValueRow(label, cells, BestOf(cost, Better::kLower));
  for (int i = 0; i < core::kFieldCount; ++i) {
    auto f = static_cast<core::Field>(i);
    cells.clear();
    std::vector<double> values;
    for (const core::Offer* o : offers) {
      cells.push_back(FormatField(*o, f));
      values.push_back(core::NumberOf(*o, f));
    }
    ValueRow(std::string(core::Info(f).label).c_str(), cells, BestOf(values, BetterFor(f)));
  }
  ImGui::EndTable();
}

}  // namespace

void DrawComparePanel(AppState& s) {
  if (!s.show_compare) return;
  ImGui::SetNextWindowSize(ImVec2(ScaledPx(s, 820), ScaledPx(s, 560)), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(ScaledPx(s, 300), ScaledPx(s, 110)), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Compare", &s.show_compare)) return ImGui::End();
  const std::vector<std::uint32_t>& rows = CompareRows(s);
  std::vector<const core::Offer*> offers;
  std::vector<std::string> missing;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] == core::kNoRow) missing.push_back(s.view.compare[k]);
    else offers.push_back(&s.table.offer(rows[k]));
  }
  if (s.view.compare.empty()) {
    ImGui::TextDisabled("Select a row and press c (or 'Add to compare' in details) to compare up to 6 offers.");
    return ImGui::End();
  }
  if (ImGui::Button("Clear all")) s.view.compare.clear();
  // One remove button per offer, in the header's order.
  for (const core::Offer* o : offers) {
    ImGui::SameLine();
    std::string key = OfferKey(*o);
    Rgba8 c = ProviderColor(static_cast<int>(o->provider), s.settings.dark_theme);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1));
    if (ImGui::SmallButton(("x " + key).c_str())) {
      s.view.compare.erase(std::remove(s.view.compare.begin(), s.view.compare.end(), key), s.view.compare.end());
      ImGui::PopStyleColor();
      return ImGui::End();
    }
    ImGui::PopStyleColor();
  }
  for (const std::string& m : missing) ImGui::TextDisabled("%s is not in the loaded offers (gone, or still loading).", m.c_str());
  if (!offers.empty()) CompareTable(s, offers);
  ImGui::End();
}

}  // namespace offerscope::web
