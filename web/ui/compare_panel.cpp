// Up to six offers side by side: rows where they differ are highlighted, and the best value
// of each number row (cheapest price, most TFLOPS/VRAM/reliability...) is marked.
#include <cmath>

#include "core/fields.hpp"
#include "imgui.h"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {
bool LowerIsBetter(core::Field f) {
  switch (f) {
    case core::Field::kPriceUsdPerHour: case core::Field::kPriceUsdPerGpuHour: case core::Field::kUsdPerTflopHour:
    case core::Field::kUsdPerVramGbHour: case core::Field::kBidUsdPerHour: return true;
    default: return false;
  }
}
}  // namespace

void DrawComparePanel(AppState& s) {
  if (!s.show_compare) return;
  ImGui::SetNextWindowSize(ImVec2(760, 520), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Compare", &s.show_compare)) return ImGui::End();
  std::vector<const core::Offer*> offers;
  for (const std::string& key : s.view.compare)
    for (const core::Offer& o : s.table.offers())
      if (OfferKey(o) == key) {
        offers.push_back(&o);
        break;
      }
  if (offers.empty()) {
    ImGui::TextDisabled("Select a row and press c (or 'Add to compare' in details) to compare up to 6 offers.");
    return ImGui::End();
  }
  if (ImGui::Button("Clear")) s.view.compare.clear();
  int n = static_cast<int>(offers.size());
  if (ImGui::BeginTable("compare", n + 1, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInner | ImGuiTableFlags_ScrollX)) {
    ImGui::TableSetupColumn("field");
    for (const core::Offer* o : offers) ImGui::TableSetupColumn(o->gpu.c_str());
    ImGui::TableHeadersRow();
    for (int i = 0; i < core::kFieldCount; ++i) {
      auto f = static_cast<core::Field>(i);
      if (f == core::Field::kId) continue;
      std::vector<std::string> cells;
      for (const core::Offer* o : offers) cells.push_back(FormatField(*o, f));
      bool differs = std::any_of(cells.begin(), cells.end(), [&](const std::string& c) { return c != cells[0]; });
      int best = -1;
      if (core::Info(f).type == core::FieldType::kNumber && differs) {
        for (int k = 0; k < n; ++k) {
          double v = core::NumberOf(*offers[k], f);
          if (!core::IsKnown(v)) continue;
          double b = best < 0 ? NAN : core::NumberOf(*offers[best], f);
          if (best < 0 || (LowerIsBetter(f) ? v < b : v > b)) best = k;
        }
      }
      ImGui::TableNextRow();
      if (differs) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.9f, 0.7f, 0.2f, 0.12f)));
      ImGui::TableSetColumnIndex(0);
      ImGui::TextDisabled("%s", std::string(core::Info(f).label).c_str());
      for (int k = 0; k < n; ++k) {
        ImGui::TableSetColumnIndex(k + 1);
        if (k == best) ImGui::TextColored(ImVec4(0.3f, 0.9f, 0.4f, 1), "%s  (best)", cells[k].c_str());
        else ImGui::TextUnformatted(cells[k].c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace offerscope::web
