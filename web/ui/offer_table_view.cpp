// The offer table: virtualized with ImGuiListClipper (only visible rows are drawn, so
// 100,000 offers scroll like 100), multi-key sort (shift-click) kept in step with the view's
// sort keys, resizable/reorderable/hideable columns kept in step with the view's column list,
// frozen header and first column, provider badges, stale-data marker, row tooltips.
#include <emscripten.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/fields.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "web/data_loader.hpp"
#include "web/ui/chart_colors.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

// Where each display row was drawn in the last frame (CSS px), for the automation hook
// tableRowRect(i): a test clicks there and checks which row the app selected.
struct DrawnRow {
  int index;     // display row
  float top;     // the row's top edge (ImGui's RowPosY1)
  float bottom;  // the next drawn row's top; NAN until that row is drawn
};
struct DrawnRows {
  std::vector<DrawnRow> rows;
  ImRect visible;  // the table's body area: below the frozen header, inside the scrollbars
};
DrawnRows g_drawn;

void NoteRowDrawn(int i) {
  const ImGuiTable* t = ImGui::GetCurrentTable();
  if (!g_drawn.rows.empty() && g_drawn.rows.back().index == i - 1) g_drawn.rows.back().bottom = t->RowPosY1;
  g_drawn.rows.push_back({i, t->RowPosY1, NAN});
  g_drawn.visible = t->BgClipRect;  // set for body rows once the header row has ended
}

ImVec4 ToVec4(Rgba8 c) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1); }

std::vector<core::SortKey> VisibleKeys(const std::vector<core::SortKey>& keys, const std::vector<core::Field>& cols) {
  std::vector<core::SortKey> out;
  for (const core::SortKey& k : keys)
    if (std::find(cols.begin(), cols.end(), k.field) != cols.end()) out.push_back(k);
  return out;
}

// ImGui keeps its own sort state per table. A sort that comes from elsewhere (share link,
// back button, automation) is written into it here, through ImGui's internal column data
// (1.86 has no public setter for a multi-column sort).
void PushSortIntoTable(const std::vector<core::SortKey>& keys, const std::vector<core::Field>& cols) {
  ImGuiTable* t = ImGui::GetCurrentTable();
  for (int n = 0; n < t->ColumnsCount; ++n) {
    t->Columns[n].SortOrder = -1;
    t->Columns[n].SortDirection = ImGuiSortDirection_None;
  }
  int order = 0;
  for (const core::SortKey& k : VisibleKeys(keys, cols)) {
    auto at = std::find(cols.begin(), cols.end(), k.field);
    ImGuiTableColumn& c = t->Columns[static_cast<int>(at - cols.begin())];
    c.SortOrder = static_cast<ImGuiTableColumnIdx>(order++);
    c.SortDirection = k.descending ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending;
  }
  t->IsSortSpecsDirty = true;
}

void SyncSort(AppState& s, const std::vector<core::Field>& cols, const std::string& table_id) {
  bool pushed = false;
  if (s.table_sort_table != table_id || s.table_sort_shown != s.view.sort) {
    PushSortIntoTable(s.view.sort, cols);
    pushed = true;
  }
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (specs && specs->SpecsDirty) {
    std::vector<core::SortKey> keys;
    for (int i = 0; i < specs->SpecsCount; ++i) {
      const ImGuiTableColumnSortSpecs& c = specs->Specs[i];
      if (c.ColumnIndex < static_cast<int>(cols.size()))
        keys.push_back({cols[static_cast<std::size_t>(c.ColumnIndex)], c.SortDirection == ImGuiSortDirection_Descending});
    }
    specs->SpecsDirty = false;
    // What we just pushed comes back (minus keys on hidden columns): not a user's click.
    if (!(pushed && keys == VisibleKeys(s.view.sort, cols)) && keys != s.view.sort) {
      s.view.sort = keys;
      s.rows_dirty = true;
    }
  }
  s.table_sort_shown = s.view.sort;
  s.table_sort_table = table_id;
}

// After the user dragged a header or hid a column from the header's context menu, the
// view's column list follows (once the mouse is up, so a drag is not cut short). The table id
// changes with the list, so ImGui then starts a fresh table in exactly that order.
void SyncColumns(AppState& s, const std::vector<core::Field>& cols) {
  if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
  ImGuiTable* t = ImGui::GetCurrentTable();
  std::vector<std::pair<int, core::Field>> shown;
  for (int n = 0; n < t->ColumnsCount; ++n)
    if (t->Columns[n].IsUserEnabledNextFrame) shown.emplace_back(t->Columns[n].DisplayOrder, cols[static_cast<std::size_t>(n)]);
  std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<core::Field> now;
  for (const auto& p : shown) now.push_back(p.second);
  if (now.empty() || now == cols) return;
  s.view.columns = now == core::DefaultColumns() ? std::vector<core::Field>{} : now;
}

void ColumnsMenu(AppState& s) {
  if (!ImGui::BeginPopup("columns")) return;
  std::vector<core::Field> cols = s.view.columns.empty() ? core::DefaultColumns() : s.view.columns;
  ImGui::TextDisabled("Drag headers to reorder; right-click a header to hide it.");
  for (int i = 0; i < core::kFieldCount; ++i) {
    auto f = static_cast<core::Field>(i);
    bool on = std::find(cols.begin(), cols.end(), f) != cols.end();
    std::string label = std::string(core::Info(f).label) + "  (" + std::string(core::Info(f).name) + ")";
    if (ImGui::Checkbox(label.c_str(), &on)) {
      if (on) cols.push_back(f);
      else if (cols.size() > 1) cols.erase(std::remove(cols.begin(), cols.end(), f), cols.end());
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
  ImGui::Text("$%.3f/h total, $%.3f per GPU-hour with %.0f GB disk", o.price_usd_per_hour, o.price_usd_per_gpu_hour, s.view.disk_gb);
  if (!o.region.empty()) ImGui::Text("%s", o.region.c_str());
  if (!o.gpu_known) ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "GPU '%s' is not in the catalog: no spec figures", o.gpu_raw.c_str());
  const ProviderStatus& st = s.providers[static_cast<std::size_t>(o.provider)];
  if (IsStale(st, s.now_ms))
    ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "stale: this provider's data is %.0f min old (Refresh)", DataAgeS(st, s.now_ms) / 60);
  if (!o.quoted_at.empty()) ImGui::TextDisabled("quoted %s", o.quoted_at.c_str());
  ImGui::TextDisabled("double-click or Enter: details   c: compare");
  ImGui::EndTooltip();
}

void ProviderCell(const AppState& s, const core::Offer& o, bool stale) {
  ImVec4 col = ToVec4(ProviderColor(static_cast<int>(o.provider), s.settings.dark_theme));
  // The badge: a coloured square matching the chart's provider colour, then the name.
  ImVec2 p = ImGui::GetCursorScreenPos();
  float h = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 0.6f, p.y + h * 0.8f),
                                            ImGui::GetColorU32(col), 2);
  ImGui::Dummy(ImVec2(h * 0.6f, h));
  ImGui::SameLine(0, ScaledPx(s, 4));
  ImGui::TextColored(col, "%s", std::string(core::ProviderName(o.provider)).c_str());
  if (stale) {
    ImGui::SameLine(0, ScaledPx(s, 4));
    ImGui::TextColored(ImVec4(1, 0.7f, 0.25f, 1), "(stale)");
  }
}

void Cell(const AppState& s, const core::Offer& o, core::Field f, bool stale) {
  if (f == core::Field::kProvider) return ProviderCell(s, o, stale);
  if (f == core::Field::kGpu && !o.gpu_known) return ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "%s ?", o.gpu.c_str());
  std::string text = FormatField(o, f);
  if (text == "-") ImGui::TextDisabled("-");
  else ImGui::TextUnformatted(text.c_str());
}

void Rows(AppState& s, const std::vector<core::Field>& cols) {
  std::array<bool, core::kProviderCount> stale{};
  for (int p = 0; p < core::kProviderCount; ++p) stale[static_cast<std::size_t>(p)] = IsStale(s.providers[static_cast<std::size_t>(p)], s.now_ms);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(s.rows.size()));
  if (s.scroll_to_selected && s.selected_row >= 0) clipper.ForceDisplayRangeByIndices(s.selected_row, s.selected_row + 1);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const core::Offer& o = s.table.offer(s.rows[static_cast<std::size_t>(i)]);
      ImGui::TableNextRow();
      NoteRowDrawn(i);
      ImGui::TableSetColumnIndex(0);
      ImGui::PushID(i);
      bool selected = i == s.selected_row;
      // A selectable reaches half of ItemSpacing.y above and below its line, but the row
      // around it has CellPadding.y there: with padding 3 and spacing 4 a 2 px band between
      // rows belonged to no row, and a click on it selected nothing. Spacing of twice the
      // padding makes the selectable (hit box, hover and selection fill) the whole row. Its
      // height is the line's in whole pixels: rows end on whole pixels, and a 22.5 px line
      // (UI scale 1.5) let each row's selectable take the top half pixel of the next row.
      ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2 * ImGui::GetStyle().CellPadding.y));
      bool clicked = ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick,
                                       ImVec2(0, std::floor(ImGui::GetTextLineHeight())));
      ImGui::PopStyleVar();
      if (clicked) {
        s.selected_row = i;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) s.show_details = true;
      }
      if (ImGui::IsItemHovered()) RowTooltip(s, o);
      if (selected && s.scroll_to_selected) {
        ImGui::SetScrollHereY(0.5f);
        s.scroll_to_selected = false;
      }
      ImGui::PopID();
      for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c > 0) ImGui::TableSetColumnIndex(static_cast<int>(c));
        else ImGui::SameLine(0, 0);
        Cell(s, o, cols[c], stale[static_cast<std::size_t>(o.provider)]);
      }
    }
  }
}

// The UI scale is part of the id too: ImGui takes a column's starting width only when it
// first sees a table, so a new scale starts a table with widths for it (user-resized widths
// are reset by a scale change; sort and column order live in the view and carry over).
std::string TableId(const AppState& s, const std::vector<core::Field>& cols) {
  std::string id = "offers@" + std::to_string(std::lround(s.settings.ui_scale / kUiScaleStep));
  for (core::Field f : cols) id += "." + std::to_string(static_cast<int>(f));
  return id;
}

}  // namespace

void DrawOfferTable(AppState& s) {
  g_drawn.rows.clear();
  const std::vector<core::Field> cols = s.view.columns.empty() ? core::DefaultColumns() : s.view.columns;
  if (ImGui::SmallButton("Columns...")) ImGui::OpenPopup("columns");
  ColumnsMenu(s);
  ImGui::SameLine();
  ImGui::TextDisabled("click a header to sort, shift-click to add keys; arrows move, Enter details, c compare, / filter");
  if (s.table.size() == 0) {
    bool loading = false;
    for (const ProviderStatus& p : s.providers) loading = loading || p.phase == ProviderStatus::Phase::kLoading;
    ImGui::TextDisabled(loading ? "Loading offers..." : "No offers loaded.");
    return;
  }
  if (s.rows.empty()) ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.3f, 1), "No offer matches the filter.");
  ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable |
                          ImGuiTableFlags_Sortable | ImGuiTableFlags_SortMulti | ImGuiTableFlags_SortTristate |
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  // The column list is part of the id: a changed list starts a fresh table in that order.
  std::string id = TableId(s, cols);
  if (!ImGui::BeginTable(id.c_str(), static_cast<int>(cols.size()), flags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  for (core::Field f : cols) {
    float width = f == core::Field::kGpu ? 150.0f : f == core::Field::kRegion ? 160.0f : f == core::Field::kProvider ? 130.0f : 0.0f;
    width = ScaledPx(s, width);  // 0 stays 0: fit to the contents
    ImGui::TableSetupColumn(std::string(core::Info(f).label).c_str(), ImGuiTableColumnFlags_None, width);
  }
  SyncSort(s, cols, id);
  // Headers drawn one by one so each can say which query field it is.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (!ImGui::TableSetColumnIndex(static_cast<int>(c))) continue;
    ImGui::TableHeader(ImGui::TableGetColumnName(static_cast<int>(c)));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s in queries; click sorts, shift-click adds a sort key", std::string(core::Info(cols[c]).name).c_str());
  }
  SyncColumns(s, cols);
  Rows(s, cols);
  ImGui::EndTable();
}

}  // namespace offerscope::web

// Automation: the on-screen rectangle (CSS px) of display row `i` as drawn in the last frame,
// or -1 when that row was not drawn whole inside the table's body (scrolled away, under the
// header, or the last row drawn, whose bottom is not known). `edge`: 0 left, 1 top, 2 right,
// 3 bottom.
extern "C" EMSCRIPTEN_KEEPALIVE double offerscope_table_row_edge(int i, int edge) {
  using offerscope::web::g_drawn;
  for (const auto& r : g_drawn.rows) {
    if (r.index != i) continue;
    if (std::isnan(r.bottom) || r.top < g_drawn.visible.Min.y || r.bottom > g_drawn.visible.Max.y) return -1;
    const double edges[4] = {g_drawn.visible.Min.x, r.top, g_drawn.visible.Max.x, r.bottom};
    return edge >= 0 && edge < 4 ? edges[edge] : -1;
  }
  return -1;
}
