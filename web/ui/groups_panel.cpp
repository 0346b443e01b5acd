// Per GPU model: how many offers, and the min / median / max price per GPU-hour, over the
// rows the filter keeps (core's OfferTable::GroupByGpu).
#include "imgui.h"
#include "web/ui/panels.hpp"

namespace offerscope::web {

void DrawGroupsPanel(AppState& s) {
  if (!s.show_groups) return;
  ImGui::SetNextWindowSize(ImVec2(620, 420), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("GPU models", &s.show_groups)) return ImGui::End();
  static std::uint64_t version = ~0ull;
  static std::vector<core::GroupRow> groups;
  if (version != s.rows_version) groups = s.table.GroupByGpu(s.rows), version = s.rows_version;
  if (ImGui::BeginTable("groups", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV)) {
    for (const char* h : {"GPU", "offers", "min $/GPU-h", "median $/GPU-h", "max $/GPU-h", "providers"}) ImGui::TableSetupColumn(h);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (const core::GroupRow& g : groups) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(g.gpu.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::Text("%u", g.offers);
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%.3f", g.min_usd_per_gpu_hour);
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%.3f", g.median_usd_per_gpu_hour);
      ImGui::TableSetColumnIndex(4);
      ImGui::Text("%.3f", g.max_usd_per_gpu_hour);
      ImGui::TableSetColumnIndex(5);
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
