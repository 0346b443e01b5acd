// Per GPU model: how many offers, and the min / median / max price per GPU-hour, over the
// rows the filter keeps (core's OfferTable::GroupByGpu), recomputed only when the rows
// change. Clicking a model narrows the query to it.
#include "core/query_edit.hpp"
#include "imgui.h"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

void PriceCell(double v) {
  if (core::IsKnown(v)) ImGui::Text("%.3f", v);
  else ImGui::TextDisabled("-");
}

void FilterToGpu(AppState& s, std::string gpu) {
  for (char& c : gpu)
    if (c == ' ') c = '_';
  s.view.query = core::ReplaceFieldTerms(s.view.query, {"gpu", "gpu_name"}, {"gpu=" + gpu});
  s.query_bar.text = s.view.query;
  s.rows_dirty = true;
}

}  // namespace

void DrawGroupsPanel(AppState& s) {
  if (!s.show_groups) return;
  ImGui::SetNextWindowSize(ImVec2(ScaledPx(s, 700), ScaledPx(s, 440)), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(ScaledPx(s, 320), ScaledPx(s, 140)), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("GPU models", &s.show_groups)) return ImGui::End();
  if (s.groups_version != s.rows_version) {
    s.groups = s.table.GroupByGpu(s.rows);
    s.groups_version = s.rows_version;
  }
  ImGui::TextDisabled("%zu models among %zu filtered offers; prices are $/GPU-hour with %.0f GB disk. Click a model to filter to it.",
                      s.groups.size(), s.rows.size(), s.view.disk_gb);
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("groups", 7, flags)) {
    for (const char* h : {"GPU", "offers", "GPUs", "min $/GPU-h", "median $/GPU-h", "max $/GPU-h", "providers"}) ImGui::TableSetupColumn(h);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < s.groups.size(); ++i) {
      const core::GroupRow& g = s.groups[i];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(g.gpu.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) FilterToGpu(s, g.gpu);
      ImGui::PopID();
      ImGui::TableSetColumnIndex(1);
      ImGui::Text("%u", g.offers);
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%u", g.gpus);
      ImGui::TableSetColumnIndex(3);
      PriceCell(g.min_usd_per_gpu_hour);
      ImGui::TableSetColumnIndex(4);
      PriceCell(g.median_usd_per_gpu_hour);
      ImGui::TableSetColumnIndex(5);
      PriceCell(g.max_usd_per_gpu_hour);
      ImGui::TableSetColumnIndex(6);
      std::string p;
      for (int k = 0; k < core::kProviderCount; ++k)
        if (g.providers[static_cast<std::size_t>(k)]) p += (p.empty() ? "" : ", ") + std::string(core::ProviderName(static_cast<core::ProviderId>(k)));
      ImGui::TextUnformatted(p.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace offerscope::web
