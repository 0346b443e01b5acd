// The offer table: virtualized with ImGuiListClipper (only visible rows are drawn, so
// 100,000 offers scroll like 100), multi-key sort (shift-click) mapped onto the view's sort
// keys, resizable/reorderable/hideable columns, frozen header, provider badges, tooltips.
#include <cstdio>

#include "core/fields.hpp"
#include "imgui.h"
#include "web/ui/chart_colors.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {

void SyncSortFromTable(AppState& s, const std::vector<core::Field>& cols) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (!specs || !specs->SpecsDirty) return;
  std::vector<core::SortKey> keys;
  for (int i = 0; i < specs->SpecsCount; ++i) {
    const ImGuiTableColumnSortSpecs& c = specs->Specs[i];
    if (c.ColumnIndex >= static_cast<int>(cols.size())) continue;
    keys.push_back({cols[static_cast<std::size_t>(c.ColumnIndex)], c.SortDirection == ImGuiSortDirection_Descending});
  }
  specs->SpecsDirty = false;
  if (keys != s.view.sort) {
    s.view.sort = keys;
    s.rows_dirty = true;
  }
}

void ColumnsMenu(AppState& s) {
  if (!ImGui::BeginPopup("columns")) return;
  std::vector<core::Field> cols = s.view.columns.empty() ? core::DefaultColumns() : s.view.columns;
  for (int i = 0; i < core::kFieldCount; ++i) {
    auto f = static_cast<core::Field>(i);
    bool on = std::find(cols.begin(), cols.end(), f) != cols.end();
    if (ImGui::Checkbox(std::string(core::Info(f).label).c_str(), &on)) {
      if (on) cols.push_back(f);
      else cols.erase(std::remove(cols.begin(), cols.end(), f), cols.end());
      s.view.columns = cols == core::DefaultColumns() ? std::vector<core::Field>{} : cols;
    }
  }
  if (ImGui::Button("Default columns")) s.view.columns.clear();
  ImGui::EndPopup();
}

void RowTooltip(const AppState& s, const core::Offer& o) {
  ImGui::BeginTooltip();
  ImGui::Text("%s x%d from %s%s%s", o.gpu.c_str(), o.gpu_count, std::string(core::ProviderName(o.provider)).c_str(),
              o.source.empty() ? "" : " via ", o.source.c_str());
  ImGui::Text("$%.3f/h total, $%.3f per GPU-hour at %.0f GB disk", o.price_usd_per_hour, o.price_usd_per_gpu_hour,
              s.view.disk_gb);
  if (!o.gpu_known) ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "GPU '%s' is not in the catalog: no spec figures", o.gpu_raw.c_str());
  if (!o.quoted_at.empty()) ImGui::TextDisabled("quoted %s", o.quoted_at.c_str());
  ImGui::TextDisabled("Enter/double-click: details, c: compare");
  ImGui::EndTooltip();
}

}  // namespace

void DrawOfferTable(AppState& s) {
  const std::vector<core::Field>& cols = s.view.columns.empty() ? core::DefaultColumns() : s.view.columns;
  if (ImGui::SmallButton("Columns...")) ImGui::OpenPopup("columns");
  ColumnsMenu(s);
  ImGui::SameLine();
  ImGui::TextDisabled("click a header to sort, shift-click for more keys; arrows move, Enter details, c compare, / filter");
  if (s.table.size() == 0) {
    bool loading = false;
    for (const ProviderStatus& p : s.providers) loading = loading || p.phase == ProviderStatus::Phase::kLoading;
    ImGui::TextDisabled(loading ? "Loading offers..." : "No offers loaded.");
    return;
  }
  ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable |
                          ImGuiTableFlags_Sortable | ImGuiTableFlags_SortMulti | ImGuiTableFlags_SortTristate |
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  // The column set is part of the table id so ImGui keeps no stale layout for it.
  std::string id = "offers" + std::to_string(cols.size());
  if (!ImGui::BeginTable(id.c_str(), static_cast<int>(cols.size()), flags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  for (core::Field f : cols) {
    ImGuiTableColumnFlags cf = ImGuiTableColumnFlags_None;
    for (std::size_t k = 0; k < s.view.sort.size(); ++k)
      if (s.view.sort[k].field == f && k == 0)
        cf |= s.view.sort[k].descending ? ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending
                                         : ImGuiTableColumnFlags_DefaultSort;
    ImGui::TableSetupColumn(std::string(core::Info(f).label).c_str(), cf, f == core::Field::kGpu ? 150.0f : f == core::Field::kRegion ? 160.0f : 0.0f);
  }
  ImGui::TableHeadersRow();
  SyncSortFromTable(s, cols);

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(s.rows.size()));
  if (s.scroll_to_selected && s.selected_row >= 0) clipper.ForceDisplayRangeByIndices(s.selected_row, s.selected_row + 1);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const core::Offer& o = s.table.offer(s.rows[static_cast<std::size_t>(i)]);
      ImGui::TableNextRow();
      for (std::size_t c = 0; c < cols.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        if (c == 0) {
          ImGui::PushID(i);
          bool selected = i == s.selected_row;
          if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
            s.selected_row = i;
            if (ImGui::IsMouseDoubleClicked(0)) s.show_details = true;
          }
          if (ImGui::IsItemHovered()) RowTooltip(s, o);
          if (selected && s.scroll_to_selected) {
            ImGui::SetScrollHereY(0.5f);
            s.scroll_to_selected = false;
          }
          ImGui::PopID();
          ImGui::SameLine();
        }
        core::Field f = cols[c];
        if (f == core::Field::kProvider) {
          Rgba8 col = ProviderColor(static_cast<int>(o.provider), s.settings.dark_theme);
          ImGui::TextColored(ImVec4(col.r / 255.f, col.g / 255.f, col.b / 255.f, 1), "%s", std::string(core::ProviderName(o.provider)).c_str());
        } else if (f == core::Field::kGpu && !o.gpu_known) {
          ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "%s ?", o.gpu.c_str());
        } else {
          ImGui::TextUnformatted(FormatField(o, f).c_str());
        }
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace offerscope::web
