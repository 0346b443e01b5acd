// Details of the selected offer: every normalized field, cost for the chosen disk and hours,
// the raw provider record (collapsible), and a link to rent it on the provider's console.
#include <nlohmann/json.hpp>

#include "core/pricing.hpp"
#include "core/providers/registry.hpp"
#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/platform/browser.hpp"
#include "web/ui/chart_colors.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

void CostLines(const AppState& s, const core::Offer& o) {
  double cost = core::CostUsd(o, s.view.disk_gb, s.view.hours);
  double billed = core::BilledDiskGb(o, s.view.disk_gb);
  if (core::IsKnown(cost))
    ImGui::Text("Cost for %.0f h with %.0f GB disk: $%.2f", s.view.hours, billed, cost);
  else
    ImGui::TextDisabled("No price for %.0f h with %.0f GB disk.", s.view.hours, s.view.disk_gb);
  if (billed > s.view.disk_gb) ImGui::TextDisabled("(this offer bills at least %.0f GB of disk)", billed);
  double bid = core::BidCostUsd(o, s.view.disk_gb, s.view.hours);
  if (core::IsKnown(bid)) ImGui::Text("Interruptible at the minimum bid: $%.2f", bid);
  ImGui::TextDisabled("Change disk GB and hours in the filter panel.");
}

void FieldsTable(const core::Offer& o) {
  if (!ImGui::BeginTable("fields", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn("query name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  for (int i = 0; i < core::kFieldCount; ++i) {
    auto f = static_cast<core::Field>(i);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", std::string(core::Info(f).label).c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(FormatField(o, f).c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextDisabled("%s", std::string(core::Info(f).name).c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void DrawDetailsPanel(AppState& s) {
  if (!s.show_details || s.selected_row < 0 || s.selected_row >= static_cast<int>(s.rows.size())) return;
  std::uint32_t row = s.rows[static_cast<std::size_t>(s.selected_row)];
  const core::Offer& o = s.table.offer(row);
  ImGui::SetNextWindowSize(ImVec2(ScaledPx(s, 500), ScaledPx(s, 620)), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetMainViewport()->WorkSize.x - ScaledPx(s, 520), ScaledPx(s, 110)), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Offer details", &s.show_details)) return ImGui::End();
  Rgba8 c = ProviderColor(static_cast<int>(o.provider), s.settings.dark_theme);
  const core::ProviderDef& def = core::GetProvider(o.provider);
  ImGui::TextColored(ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1), "%s", std::string(def.display_name).c_str());
  ImGui::SameLine();
  ImGui::Text("%s x%d   (%s)", o.gpu.c_str(), o.gpu_count, OfferKey(o).c_str());
  const ProviderStatus& st = s.providers[static_cast<std::size_t>(o.provider)];
  if (IsStale(st, s.now_ms))
    ImGui::TextColored(ImVec4(1, 0.7f, 0.25f, 1), "Stale: %s's data is %.0f min old. Refresh before renting.",
                       std::string(def.display_name).c_str(), DataAgeS(st, s.now_ms) / 60);
  CostLines(s, o);
  if (ImGui::Button("Open provider console")) OpenUrl(std::string(def.console_url));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(def.console_url).c_str());
  ImGui::SameLine();
  bool compared = std::find(s.view.compare.begin(), s.view.compare.end(), OfferKey(o)) != s.view.compare.end();
  ImGui::BeginDisabled(compared);
  if (ImGui::Button(compared ? "In comparison" : "Add to compare (c)")) AddToCompare(s, row);
  ImGui::EndDisabled();
  FieldsTable(o);
  if (ImGui::CollapsingHeader("Raw provider record")) {
    std::string_view record = o.raw_json.view();
    nlohmann::json raw = nlohmann::json::parse(record.begin(), record.end(), nullptr, false);
    std::string text = raw.is_discarded() ? std::string(record) : raw.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    ImGui::InputTextMultiline("##raw", text.data(), text.size() + 1, ImVec2(-1, ScaledPx(s, 300)), ImGuiInputTextFlags_ReadOnly);
  }
  ImGui::End();
}

}  // namespace offerscope::web
