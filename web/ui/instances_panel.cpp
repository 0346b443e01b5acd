// My instances (Vast): the user's own rentals with their burn rate. Needs a Vast key
// (Settings, or held by the proxy); never part of the share URL.
#include <cmath>

#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

void DrawInstancesPanel(AppState& s) {
  if (!s.show_instances) return;
  ImGui::SetNextWindowSize(ImVec2(640, 320), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("My instances (Vast)", &s.show_instances)) return ImGui::End();
  if (ImGui::Button("Refresh")) LoadInstances(s);
  ImGui::SameLine();
  double burn = 0;
  for (const InstanceRow& r : s.instances.rows)
    if (r.status == "running" && std::isfinite(r.price_usd_per_hour)) burn += r.price_usd_per_hour;
  ImGui::Text("Burn rate: $%.3f/h (running instances)", burn);
  if (s.instances.loading) ImGui::TextDisabled("Loading...");
  if (!s.instances.error.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), "%s", s.instances.error.c_str());
  if (ImGui::BeginTable("instances", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    for (const char* h : {"id", "label", "status", "GPU", "$/h", "uptime"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const InstanceRow& r : s.instances.rows) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0); ImGui::TextUnformatted(r.id.c_str());
      ImGui::TableSetColumnIndex(1); ImGui::TextUnformatted(r.label.c_str());
      ImGui::TableSetColumnIndex(2); ImGui::TextUnformatted(r.status.c_str());
      ImGui::TableSetColumnIndex(3); ImGui::Text("%s x%d", r.gpu.c_str(), r.gpu_count);
      ImGui::TableSetColumnIndex(4); ImGui::Text("%.3f", r.price_usd_per_hour);
      ImGui::TableSetColumnIndex(5);
      if (std::isfinite(r.uptime_s)) ImGui::Text("%.1f h", r.uptime_s / 3600); else ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace offerscope::web
