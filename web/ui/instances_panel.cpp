// My instances (Vast): the user's own rentals with their burn rate. Needs a Vast key
// (Settings, or held by the proxy); never part of the share URL, never cached by the proxy.
#include <cmath>

#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

void Uptime(double s) {
  if (!std::isfinite(s)) return ImGui::TextDisabled("-");
  if (s < 3600) return ImGui::Text("%.0f min", s / 60);
  if (s < 48 * 3600) return ImGui::Text("%.1f h", s / 3600);
  ImGui::Text("%.1f days", s / 86400);
}

void InstancesTable(const InstancesState& in) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("instances", 7, flags)) return;
  for (const char* h : {"id", "label", "status", "GPU", "$/h", "uptime", "location"}) ImGui::TableSetupColumn(h);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  for (const core::VastInstance& r : in.rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(r.id.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(r.label.c_str());
    ImGui::TableSetColumnIndex(2);
    const std::string& status = r.status.empty() ? r.intended_status : r.status;
    if (status == "running") ImGui::TextColored(ImVec4(0.3f, 0.85f, 0.4f, 1), "%s", status.c_str());
    else ImGui::TextUnformatted(status.empty() ? "provisioning" : status.c_str());
    if (!r.status_message.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.status_message.c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::Text("%s x%d", r.gpu.c_str(), r.gpu_count);
    ImGui::TableSetColumnIndex(4);
    if (std::isfinite(r.price_usd_per_hour)) ImGui::Text("%.3f", r.price_usd_per_hour);
    else ImGui::TextDisabled("-");
    ImGui::TableSetColumnIndex(5);
    Uptime(r.uptime_s);
    ImGui::TableSetColumnIndex(6);
    ImGui::TextUnformatted(r.region.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void DrawInstancesPanel(AppState& s) {
  if (!s.show_instances) return;
  ImGui::SetNextWindowSize(ImVec2(ScaledPx(s, 720), ScaledPx(s, 340)), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(ScaledPx(s, 300), ScaledPx(s, 160)), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("My instances (Vast)", &s.show_instances)) return ImGui::End();
  InstancesState& in = s.instances;
  if (ImGui::Button("Refresh")) LoadInstances(s);
  ImGui::SameLine();
  double burn = 0;
  int running = 0;
  for (const core::VastInstance& r : in.rows)
    if (r.status == "running" && std::isfinite(r.price_usd_per_hour)) burn += r.price_usd_per_hour, ++running;
  ImGui::Text("Burn rate: $%.3f/h over %d running (%.2f $/day)", burn, running, burn * 24);
  if (!in.snapshot_time.empty()) ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.3f, 1), "demo data from %s", in.snapshot_time.c_str());
  if (in.loading) ImGui::TextDisabled("Loading (page %d)...", in.pages_fetched + 1);
  if (!in.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), "%s", in.error.c_str());
    if (s.settings.keys[static_cast<std::size_t>(core::ProviderId::kVast)].empty())
      ImGui::TextDisabled("Add your Vast API key in Settings (or give the proxy VAST_API_KEY).");
  }
  if (!in.loading && in.error.empty() && in.rows.empty() && in.fetched_at_ms > 0) ImGui::TextDisabled("No instances on this account.");
  InstancesTable(in);
  ImGui::End();
}

}  // namespace offerscope::web
