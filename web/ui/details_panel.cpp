// Details of the selected offer: every normalized field, cost for the chosen disk and hours,
// the raw provider record (collapsible), and a link to rent it on the provider's console.
#include <nlohmann/json.hpp>

#include "core/pricing.hpp"
#include "core/providers/registry.hpp"
#include "imgui.h"
#include "web/platform/browser.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

void DrawDetailsPanel(AppState& s) {
  if (!s.show_details || s.selected_row < 0 || s.selected_row >= static_cast<int>(s.rows.size())) return;
  const core::Offer& o = s.table.offer(s.rows[static_cast<std::size_t>(s.selected_row)]);
  ImGui::SetNextWindowSize(ImVec2(460, 560), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Offer details", &s.show_details)) return ImGui::End();
  ImGui::Text("%s x%d", o.gpu.c_str(), o.gpu_count);
  ImGui::Text("Cost for %.0f h with %.0f GB disk: $%.2f", s.view.hours, s.view.disk_gb, core::CostUsd(o, s.view.disk_gb, s.view.hours));
  const core::ProviderDef& def = core::GetProvider(o.provider);
  if (ImGui::Button("Open in provider console")) OpenUrl(std::string(def.console_url));
  ImGui::SameLine();
  if (ImGui::Button("Add to compare (c)")) AddToCompare(s, s.rows[static_cast<std::size_t>(s.selected_row)]);
  if (ImGui::BeginTable("fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    for (int i = 0; i < core::kFieldCount; ++i) {
      auto f = static_cast<core::Field>(i);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextDisabled("%s", std::string(core::Info(f).label).c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(FormatField(o, f).c_str());
    }
    ImGui::EndTable();
  }
  if (ImGui::CollapsingHeader("Raw provider record")) {
    nlohmann::json raw = nlohmann::json::parse(o.raw_json, nullptr, false);
    std::string text = raw.is_discarded() ? o.raw_json : raw.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    ImGui::InputTextMultiline("##raw", text.data(), text.size() + 1, ImVec2(-1, 260), ImGuiInputTextFlags_ReadOnly);
  }
  ImGui::End();
}

}  // namespace offerscope::web
